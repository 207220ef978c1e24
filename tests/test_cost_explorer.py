"""The cost explorer of notebook 02: its readout is the cost of the moved network, recomputed
here from scratch with plain NumPy (not with Network.cost)."""
import numpy as np
import pytest

pytest.importorskip("ipywidgets")
import matplotlib
matplotlib.use("Agg")

from mlp_core import Network
from mlp_core.widgets.cost_explorer import CostExplorer, ParamSlice, cost_readout
from mlp_core.viz.cost_landscape import param_label


def plain_cost(W, b, X, labels):
    """3Blue1Brown's cost, written out: sigmoid layers, Σ_j (a_j − y_j)² averaged."""
    a = X
    for Wl, bl in zip(W[1:], b[1:]):
        a = 1.0 / (1.0 + np.exp(-(Wl @ a + bl)))
    Y = np.zeros_like(a)
    Y[labels, np.arange(len(labels))] = 1.0
    return np.mean(np.sum((a - Y) ** 2, axis=0))


@pytest.fixture
def batch():
    rng = np.random.default_rng(3)
    return rng.random((20, 40)), rng.integers(0, 4, 40)


@pytest.fixture
def net():
    return Network([20, 6, 5, 4], seed=7)


SELECTIONS = [("W", 1, 2, 13), ("b", 1, 5, None), ("W", 2, 4, 0), ("b", 3, 3, None),
              ("W", 3, 0, 4)]


@pytest.mark.parametrize("sel", SELECTIONS)
def test_slice_equals_cost_with_the_parameter_set(net, batch, sel):
    X, y = batch
    kind, l, j, k = sel
    s = ParamSlice(net, X, y, kind, l, j, k)
    values = np.array([-50.0, -3.0, -0.1, 0.0, 0.7, 50.0])
    for v, c in zip(values, s.costs_at(values)):
        moved = net.copy()
        moved.set_param(kind, l, j, k, value=v)
        assert c == pytest.approx(plain_cost(moved.W, moved.b, X, y), rel=1e-12, abs=1e-12)
    # the network itself was not changed
    assert s.cost_at(s.v0) == pytest.approx(plain_cost(net.W, net.b, X, y), rel=1e-12)


def test_slice_works_with_other_activations_and_costs(batch):
    X, y = batch
    net = Network([20, 6, 4], activation="relu", output_activation="softmax",
                  cost="cross_entropy", seed=2)
    s = ParamSlice(net, X, y, "W", 1, 3, 7)
    for v in (-2.0, 0.5, 4.0):
        moved = net.copy()
        moved.set_param("W", 1, 3, 7, value=v)
        assert s.cost_at(v) == pytest.approx(moved.cost(X, y), rel=1e-12)


@pytest.mark.parametrize("sel", SELECTIONS)
def test_widget_readout_is_the_recomputed_cost(net, batch, sel):
    X, y = batch
    kind, l, j, k = sel
    w = CostExplorer(net, X, y, draw=False)
    w.kind.value, w.layer.value, w.row.value = kind, l, j
    if k is not None:
        w.col.value = k
    for v in (0.37, -1.25, 50.0, -50.0):
        w.value.value = v
        expected = plain_cost(w.net.W, w.net.b, X, y)
        assert w.net.get_param(kind, l, j, k) == v
        assert f"cost C = {expected:.6f} over 40 images" in w.readout.value
        assert w.readout.value == cost_readout(param_label(kind, l, j, k), v, expected,
                                               plain_cost(net.W, net.b, X, y), 40)


def test_original_network_is_untouched_and_reset_restores(net, batch):
    X, y = batch
    before = [W.copy() for W in net.W[1:]]
    w = CostExplorer(net, X, y, "W", 2, 1, 1, draw=False)
    w.value.value = 12.0
    w.layer.value = 1
    w.value.value = -7.0
    assert all(np.array_equal(a, b) for a, b in zip(before, net.W[1:]))
    # both moves are in the widget's network: the cost depends on all parameters at once
    assert w.net.get_param("W", 2, 1, 1) == 12.0
    assert w.net.get_param("W", 1, 1, 1) == -7.0
    w.reset.click()
    assert w.net.get_param("W", 2, 1, 1) == net.get_param("W", 2, 1, 1)
    assert "change +0.000000" in w.readout.value


def test_ranges_follow_the_layer(net, batch):
    X, y = batch
    w = CostExplorer(net, X, y, draw=False)
    w.layer.value = 1
    assert (w.row.max, w.col.max) == (5, 19)
    w.col.value = 19
    w.layer.value = 2          # W[2] is (5, 6): column 19 no longer exists
    assert (w.row.max, w.col.max) == (4, 5) and w.col.value == 5
    assert "W[2][" in w.readout.value and "cannot" not in w.readout.value
    w.kind.value = "b"
    assert w.col.disabled and w.readout.value.startswith("b[2][")


def test_nudge_changes_the_cost_a_little(net, batch):
    X, y = batch
    w = CostExplorer(net, X, y, "W", 3, 0, 0, draw=False)
    c0 = w.current_cost()
    w.value.value = w.value.value + 0.01
    assert 0 < abs(w.current_cost() - c0) < 0.01


def test_extremes_give_finite_readouts_and_plots(net, batch):
    X, y = batch
    w = CostExplorer(net, X, y, draw=True)
    for v in (50.0, -50.0):
        w.value.value = v
        c = float(w.readout.value.split("cost C = ")[1].split()[0])
        assert np.isfinite(c) and 0 <= c <= 4       # 4 outputs in (0, 1): each term ≤ 1
    assert "not a finite number" in cost_readout("W[1][0, 0]", 1.0, float("inf"), 1.0, 3)
    w.set_value(float("nan"))
    assert w.readout.value.startswith("cannot set")


def test_css_classes(net, batch):
    w = CostExplorer(net, *batch, draw=False)
    assert {"mlp-main", "mlp-main-02"} <= set(w.box._dom_classes)
    for name in ("kind", "layer", "row", "col", "value", "reset"):
        assert f"mlp-control-{name}" in getattr(w, name)._dom_classes
    assert "mlp-readout" in w.readout._dom_classes and "mlp-plot" in w.plot._dom_classes


def test_bad_selection_is_refused(net, batch):
    with pytest.raises(IndexError, match="row j"):
        CostExplorer(net, *batch, "W", 1, 6, 0)
    with pytest.raises(ValueError, match="shape"):
        CostExplorer(net, batch[0].T, batch[1])


def test_a_first_layer_weight_of_an_image_shows_its_pixel(monkeypatch):
    import mlp_core.widgets.cost_explorer as ce
    drawn = []
    real = ce.plot_pixel_position
    monkeypatch.setattr(ce, "plot_pixel_position",
                        lambda ax, X, k: drawn.append(k) or real(ax, X, k))
    net = Network([16, 3, 2], seed=0)          # 16 inputs: a 4×4 image
    rng = np.random.default_rng(0)
    X, y = rng.random((16, 10)), rng.integers(0, 2, 10)
    w = CostExplorer(net, X, y, "W", 1, 0, 5)
    assert w.shows_pixel() and drawn == [5]
    w.col.value = 9
    assert drawn[-1] == 9                      # the marked pixel follows the column slider
    w.layer.value = 2
    assert not w.shows_pixel() and drawn[-1] == 9 and len(drawn) == 2
    w.layer.value = 1
    w.kind.value = "b"
    assert not w.shows_pixel()


def test_no_pixel_for_inputs_that_are_not_a_square_image(net, batch):
    w = CostExplorer(net, *batch, "W", 1, 0, 5, draw=False)     # 20 inputs
    assert not w.shows_pixel()


def test_callbacks_arriving_on_two_threads_run_one_at_a_time(net, batch):
    # JupyterLab may deliver widget messages on several threads (kernel subshells): two
    # redraws must not overlap (matplotlib is not thread-safe), nor a redraw and a selection
    import threading
    import time
    w = CostExplorer(net, *batch, draw=False)
    spans = []

    def slow_show(v):
        start = time.perf_counter()
        time.sleep(0.02)
        spans.append((start, time.perf_counter()))
    w._show = slow_show
    threads = [threading.Thread(target=lambda: [w.set_value(0.1 * i) for i in range(5)])
               for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    spans.sort()
    assert len(spans) == 10
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))
