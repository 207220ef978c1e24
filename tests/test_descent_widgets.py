"""Widgets and drawings of notebook 03, driven without a browser: set a slider, read the
readout; the expected text is computed with mlp_core's own functions for the new value,
exactly as a browser test would."""
import numpy as np
import pytest

pytest.importorskip("ipywidgets", reason="the widgets need ipywidgets")
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import mlp_core as mc  # noqa: E402
from mlp_core import descent as D  # noqa: E402
from mlp_core.viz import descent as V  # noqa: E402
from mlp_core.widgets import descent as Wd  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# -- the learning-rate explorer -----------------------------------------------------------
def test_explorer_has_the_css_classes_of_the_browser_tests():
    e = Wd.learning_rate_explorer()
    assert {"mlp-main", "mlp-main-03"} <= set(e.box._dom_classes)
    assert "mlp-control-eta" in e.eta._dom_classes
    assert "mlp-control-steps" in e.steps._dom_classes
    assert "mlp-control-start" in e.start._dom_classes
    assert "mlp-control-step" in e.step_button._dom_classes
    assert "mlp-readout" in e.readout._dom_classes
    assert "mlp-plot" in e.plot._dom_classes


def test_the_eta_slider_offers_exactly_the_rates_the_notebook_asks_for():
    e = Wd.LearningRateExplorer()
    offered = [v for _, v in e.eta.options]
    assert {0.003, 0.1, 0.5, 1.0} <= set(offered)       # notebook 03 asks to try these
    assert offered == sorted(offered) and offered[0] == 0.001 and offered[-1] == 10.0
    with pytest.raises(ValueError, match="eta"):
        Wd.LearningRateExplorer(eta=0.25)


@pytest.mark.parametrize("eta", [0.001, 0.003, 0.1, 0.5, 0.3])
def test_explorer_readout_follows_the_eta_slider(eta):
    e = Wd.LearningRateExplorer(eta=0.2, steps=7)
    e.eta.value = eta
    assert e.readout.value == D.describe_descent_1d(e.eta.value, 7, D.W0_1D)
    # and independently of describe_descent_1d: the position after 7 hand-computed steps
    w = D.W0_1D
    for _ in range(7):
        w = w - e.eta.value * (w ** 3 - 2 * w + 0.3)
    assert f"w = {w:.5g}," in e.readout.value


@pytest.mark.parametrize("eta", [1.0, 3.0, 10.0])
def test_explorer_with_a_huge_eta_shows_a_message_not_an_error(eta):
    e = Wd.LearningRateExplorer()
    e.eta.value = eta
    assert e.readout.value.startswith("diverged")
    assert "nan" not in e.readout.value.lower() and "inf" not in e.readout.value.lower()
    e.steps.value = Wd.MAX_STEPS
    assert e.readout.value.startswith("diverged")


def test_explorer_step_and_reset_buttons():
    e = Wd.LearningRateExplorer(eta=0.1, steps=0)
    assert e.readout.value.startswith("after 0 steps") and "w = 2," in e.readout.value
    e.step_button.click()
    e.step_button.click()
    assert e.steps.value == 2
    assert e.readout.value == D.describe_descent_1d(0.1, 2, D.W0_1D)
    e.reset_button.click()
    assert e.steps.value == 0
    e.steps.value = Wd.MAX_STEPS
    e.step_button.click()
    assert e.steps.value == Wd.MAX_STEPS
    assert f"(at most {Wd.MAX_STEPS} steps here)" in e.readout.value


def test_explorer_start_slider_moves_the_ball():
    e = Wd.LearningRateExplorer(eta=0.1, steps=30)
    e.start.value = -2.0
    w = -2.0
    for _ in range(30):
        w = w - 0.1 * (w ** 3 - 2 * w + 0.3)
    assert w < -1.4                          # from the left it settles in the left valley
    assert f"w = {w:.5g}," in e.readout.value


# -- the two walkers ----------------------------------------------------------------------
@pytest.fixture
def walker_data():
    rng = np.random.default_rng(0)
    labels = np.repeat([0, 1], 20)
    X = rng.random((784, 40)) * np.where(labels == 0, 0.35, 0.15)
    return D.zero_or_one(X, labels)


def test_walkers_readout_follows_the_batch_size_slider(walker_data):
    x, y = walker_data
    wc = Wd.WalkerComparison(x, y, w0=-1.0, b0=2.0, eta=4.0, steps=20, batch_size=5)
    assert "mlp-walkers-03" in wc.box._dom_classes
    assert "mlp-control-batch-size" in wc.batch_size._dom_classes
    assert "mlp-readout" in wc.readout._dom_classes and "mlp-plot" in wc.plot._dom_classes
    assert wc.batch_size.options == (1, 2, 5, 10, 20, 40)
    for m in (1, 20, 40):
        wc.batch_size.value = m
        full = D.neuron_path(x, y, -1.0, 2.0, 4.0, 20)
        mini = D.neuron_path(x, y, -1.0, 2.0, 4.0, 20, batch_size=m, seed=0)
        assert wc.readout.value == Wd.describe_walkers(full, mini, m, 40)
        assert f"having looked at {20 * m:,} images" in wc.readout.value
        assert f"having looked at {20 * 40:,} images" in wc.readout.value


def test_walkers_replace_the_drunk_mans_path_instead_of_piling_paths_up(walker_data):
    x, y = walker_data
    wc = Wd.WalkerComparison(x, y, steps=12)
    n_lines = len(wc.axes[1].get_lines())
    for m in (2, 5, 1):
        wc.batch_size.value = m
        assert len(wc.axes[1].get_lines()) == n_lines
    mini = D.neuron_path(x, y, -2.0, 4.0, 5.0, 12, batch_size=1, seed=0)
    drawn = [l for l in wc.axes[1].get_lines() if len(l.get_xdata()) == 13]
    np.testing.assert_allclose(drawn[0].get_xydata(), mini.w)
    assert wc.axes[1].get_title().startswith("drunk man: 1 image a step")


def test_full_batch_drunk_man_is_the_careful_walker(walker_data):
    x, y = walker_data
    wc = Wd.WalkerComparison(x, y, steps=10)
    wc.batch_size.value = 40
    full_cost, mini_cost = wc.readout.value.split("cost ")[1:]
    assert full_cost.split(",")[0] == mini_cost.split(",")[0]


# -- the live cost curve ------------------------------------------------------------------
def test_live_cost_curve_records_what_train_reports():
    rng = np.random.default_rng(1)
    X, y = rng.random((6, 30)), rng.integers(0, 3, size=30)
    net = mc.Network([6, 4, 3], seed=2)
    after_each_epoch = []
    curve = Wd.LiveCostCurve(steps_per_epoch=3, every=2, exact_cost=lambda: net.cost(X, y))
    history = mc.train(net, X, y, epochs=2, batch_size=10, eta=1.0, on_step=curve.on_step,
                       on_epoch=lambda e, h: (curve.on_epoch(e, h),
                                              after_each_epoch.append(net.copy()))[0])
    assert curve.step_cost == history.step_cost and len(curve.step_cost) == 6
    assert curve.epoch_cost == history.cost
    assert curve.exact_cost == [n.cost(X, y) for n in after_each_epoch]
    # Redraws at steps 2 and 4 (every 2), none at 6 (an epoch's end), and after each epoch.
    assert curve.redraws == 2 + 2
    assert "mlp-plot" in curve.plot._dom_classes


# -- drawings -----------------------------------------------------------------------------
def test_plot_descent_1d_marks_divergence_and_keeps_the_axes():
    fig, ax = plt.subplots()
    V.plot_descent_1d(ax, D.descend(D.cost_1d, D.grad_1d, 2.0, 1.0, 10), 1.0)
    texts = [t.get_text() for t in ax.texts]
    assert any("diverged after 3 step(s)" in t for t in texts)
    assert ax.get_xlim() == (-2.6, 2.6)
    fig2, ax2 = plt.subplots()
    V.plot_descent_1d(ax2, D.descend(D.cost_1d, D.grad_1d, 2.0, 0.1, 10), 0.1)
    assert not ax2.texts and "η = 0.1, 10 steps" in ax2.get_title()
    assert ax2.get_xlabel() and ax2.get_ylabel()


def test_plot_contour_descent_draws_the_path_and_the_minimum():
    bowl = D.Quadratic2D()
    path = D.descend(bowl.f, bowl.grad, np.array([-1.8, 2.6]), 0.1, 5)
    fig, ax = plt.subplots()
    V.plot_contour_descent(ax, bowl, path)
    lines = {l.get_label(): l for l in ax.get_lines()}
    np.testing.assert_allclose(lines["gradient descent (5 steps)"].get_xydata(), path.w)
    np.testing.assert_allclose(lines["minimum"].get_xydata()[0], bowl.w_star)


def test_plot_sensitivities_labels_the_picks():
    net = mc.Network([5, 4, 3], seed=1)
    X = np.random.default_rng(0).random((5, 4))
    ranked = D.rank_sensitivities(net.backprop(X, [0, 1, 2, 0]))
    fig, ax = plt.subplots()
    V.plot_sensitivities(ax, ranked, picks=[0, 10])
    labels = [l.get_label() for l in ax.get_lines()]
    assert any(l.startswith(f"rank 1: {ranked[0].name}") for l in labels)
    assert any(l.startswith(f"rank 11: {ranked[10].name}") for l in labels)
    assert ax.get_yscale() == "log"


def test_plot_cost_curve_spans_each_epoch_and_puts_exact_costs_at_epoch_ends():
    fig, ax = plt.subplots()
    V.plot_cost_curve(ax, list(np.linspace(1, 0.2, 120)), [0.6, 0.4], steps_per_epoch=60,
                      exact_cost=[0.5, 0.3])
    lines = ax.get_lines()
    exact = [l for l in lines if l.get_label().startswith("cost over the whole training set")]
    np.testing.assert_allclose(exact[0].get_xydata(), [[60, 0.5], [120, 0.3]])
    first = [l for l in lines if l.get_label().startswith("the epoch's training cost")][0]
    levels = lines[lines.index(first):lines.index(first) + 2]
    np.testing.assert_allclose(levels[0].get_xydata(), [[0, 0.6], [60, 0.6]])
    np.testing.assert_allclose(levels[1].get_xydata(), [[60, 0.4], [120, 0.4]])


def test_cost_maps_have_a_colour_bar_that_says_dark_is_low(walker_data):
    bowl = D.Quadratic2D()
    path = D.descend(bowl.f, bowl.grad, np.array([-1.8, 2.6]), 0.1, 5)
    fig, ax = plt.subplots()
    V.plot_contour_descent(ax, bowl, path)
    bars = [a for a in fig.axes if a is not ax]
    assert len(bars) == 1 and "darker = lower" in bars[0].get_ylabel()
    # dark is low: the colour at the lowest level is darker than at the highest
    cmap = plt.get_cmap(V.CONTOUR_CMAP)
    assert sum(cmap(0.0)[:3]) < sum(cmap(1.0)[:3])
    x, y = walker_data
    wc = Wd.WalkerComparison(x, y, steps=5)
    extra = [a for a in wc.fig.axes if a not in wc.axes]
    assert len(extra) == 1 and "darker = lower" in extra[0].get_ylabel()   # one bar for both maps


def test_cost_curve_axis_is_not_set_by_the_first_costly_minibatches():
    # an untrained network: the first minibatch costs 3, then about 0.9 falling to 0.2
    s = np.concatenate([[3.0, 2.0], np.linspace(0.9, 0.2, 298)])
    fig, ax = plt.subplots()
    V.plot_cost_curve(ax, s, [0.6], steps_per_epoch=300, exact_cost=[0.3])
    bottom, top = ax.get_ylim()
    running_mean_max = np.convolve(s, np.ones(50) / 50, mode="valid").max()
    assert bottom == 0 and running_mean_max < top < 2.0
    assert any("2 minibatch costs above the top, up to 3.00" in t.get_text() for t in ax.texts)
    # a curve with no spike keeps its highest point in view and needs no note
    fig2, ax2 = plt.subplots()
    V.plot_cost_curve(ax2, np.linspace(1, 0.2, 120), [0.6], steps_per_epoch=120)
    assert ax2.get_ylim()[1] >= 1.0 and not ax2.texts


def test_plot_work_race_puts_each_walker_at_the_images_it_has_looked_at(walker_data):
    x, y = walker_data
    n = x.shape[1]
    full = D.neuron_path(x, y, -2.0, 4.0, 5.0, 3)
    mini = D.neuron_path(x, y, -2.0, 4.0, 5.0, 12, batch_size=10)
    fig, ax = plt.subplots()
    V.plot_work_race(ax, full, mini, batch_size=10, n=n, lowest=0.05)
    lines = {l.get_label(): l for l in ax.get_lines()}
    # the careful walker looks at all n images a step, the drunk man at 10
    np.testing.assert_allclose(lines[f"careful walker ({n} images a step)"].get_xydata(),
                               np.c_[np.arange(4) * n, full.cost])
    np.testing.assert_allclose(lines["drunk man (10 images a step)"].get_xydata(),
                               np.c_[np.arange(13) * 10, mini.cost])
    np.testing.assert_allclose(lines["lowest cost on the grid"].get_ydata(), [0.05, 0.05])
    assert ax.get_ylabel() == f"cost over all {n} images"
    fig2, ax2 = plt.subplots()
    V.plot_work_race(ax2, full, D.neuron_path(x, y, -2.0, 4.0, 5.0, 5, batch_size=1), 1, n)
    labels = [l.get_label() for l in ax2.get_lines()]
    assert "drunk man (1 image a step)" in labels and "lowest cost on the grid" not in labels


def test_titles_name_the_learning_rate_and_what_the_walk_did():
    assert V.behaviour_title(0.5) == "η = 0.5: overshoots"
    assert V.behaviour_title(0.003) == "η = 0.003: crawls"
    with pytest.raises(ValueError, match="eta must be one of"):
        V.behaviour_title(0.2)
    bowl = D.Quadratic2D()
    path = D.descend(bowl.f, bowl.grad, np.array([-1.8, 2.6]), 0.19, 5)
    fig, ax = plt.subplots()
    V.plot_contour_descent(ax, bowl, path, eta=0.19)
    assert ax.get_title() == (f"η = 0.19: cost {bowl.f(path.w[0]):.3f} → "
                              f"{bowl.f(path.w[-1]):.4f} in 5 steps")
    one = D.descend(bowl.f, bowl.grad, np.array([-1.8, 2.6]), 0.19, 1)
    fig2, ax2 = plt.subplots()
    V.plot_contour_descent(ax2, bowl, one)
    assert ax2.get_title() == "Contours of C(w₁, w₂) and the path downhill"
    assert "gradient descent (1 step)" in [l.get_label() for l in ax2.get_lines()]
