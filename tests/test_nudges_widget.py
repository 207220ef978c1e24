"""Notebook 04's widget (driven without a browser), its drawings, and its check-yourself."""
import re

import numpy as np
import pytest

pytest.importorskip("ipywidgets", reason="the widget needs ipywidgets")
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import mlp_core  # noqa: E402
from mlp_core import nudges as nd  # noqa: E402
from mlp_core.exercises.nudges import check_value_for_money, value_for_money_question  # noqa: E402
from mlp_core.widgets.nudges import NudgeExplorer  # noqa: E402
from untranslated import words_outside_brackets  # noqa: E402


@pytest.fixture(scope="module")
def setup():
    rng = np.random.default_rng(5)
    net = mlp_core.Network([20, 6, 5, 10], seed=2)
    x = rng.random((20, 1))
    return net, x, 2


def numbers(text):
    """The numbers of a readout, as floats."""
    return np.array([float(v) for v in re.findall(r"[+-]\d+\.\d{4}", text)])


def test_readout_all_ticked_is_minus_backprop_grad_a(setup):
    net, x, digit = setup
    e = NudgeExplorer(net, x, digit, draw=False)
    assert e.selected == list(range(10))
    # reference from the backward pass: ∂C/∂a[2] = W[3]ᵀ δ[3] (one example: factor exactly 1)
    g = net.backprop(x, [digit])
    ref = -(net.W[3].T @ g.delta[3])[:, 0]
    text = e.readout.value
    assert "hidden layer 2 — summed wish of all ten output neurons" in text
    np.testing.assert_allclose(numbers(text), ref, atol=5.1e-5)
    assert text == ("<pre style='margin:0'>"
                    + nd.summed_wish_text(e.summed(), "hidden layer 2", range(10)) + "</pre>")
    # the recursion, one layer down
    e.layer.value = 1
    g_ref = -(net.W[2].T @ g.delta[2])[:, 0]
    np.testing.assert_allclose(numbers(e.readout.value), g_ref, atol=5.1e-5)
    np.testing.assert_allclose(e.summed(), g_ref, rtol=1e-12, atol=1e-15)


def test_toggles_select_output_neurons(setup):
    net, x, digit = setup
    e = NudgeExplorer(net, x, digit, draw=False)
    e.set_selected([])
    e.toggles[2].value = True
    e.toggles[7].value = True
    assert e.selected == [2, 7]
    assert "output neurons 2, 7" in e.readout.value
    # only neurons 2 and 7 wish: a plain recomputation with the other output wishes zeroed
    w = nd.desired_changes(net, x, [digit])
    zw = np.zeros(10)
    zw[[2, 7]] = w.z_wish[3][[2, 7], 0]
    np.testing.assert_allclose(e.summed(), net.W[3].T @ zw, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(numbers(e.readout.value), net.W[3].T @ zw, atol=5.1e-5)
    e.none_button.click()
    assert e.selected == [] and "no output neuron is ticked" in e.readout.value
    assert np.all(e.summed() == 0)
    e.all_button.click()
    assert e.selected == list(range(10))


def test_css_classes_and_drawing(setup):
    net, x, digit = setup
    e = NudgeExplorer(net, x, digit)
    assert {"mlp-main", "mlp-main-04"} <= set(e.box._dom_classes)
    for j, t in enumerate(e.toggles):
        assert f"mlp-control-neuron-{j}" in t._dom_classes
    assert "mlp-control-layer" in e.layer._dom_classes
    assert "mlp-readout" in e.readout._dom_classes
    assert "mlp-plot" in e.plot._dom_classes
    assert [v for _, v in e.layer.options] == [2, 1]
    e.set_selected([])               # the extreme: nothing ticked draws, with a message
    fig = e.figure()
    assert "no output neuron ticked" in fig.ax2.get_title()
    e.set_selected([2])
    fig = e.figure()
    # the diamonds mark the sum of the one ticked part
    np.testing.assert_allclose(fig.diamonds.get_offsets()[:, 1], e.parts[2][2], rtol=1e-12)
    assert fig.png()[:4] == b"\x89PNG"
    assert e.plot.value == fig.png()          # the Image widget shows this very picture


def test_widget_refuses_a_batch_and_a_network_without_hidden_layer():
    net = mlp_core.Network([4, 10])
    with pytest.raises(ValueError, match="needs a hidden layer"):
        NudgeExplorer(net, np.ones((4, 1)), 1)
    net = mlp_core.Network([4, 3, 10])
    with pytest.raises(ValueError, match=r"one example, shape \(4, 1\)"):
        NudgeExplorer(net, np.ones((4, 2)), 1)


def test_drawings_run(setup):
    from mlp_core.viz import nudges as vz
    net, x, digit = setup
    w = nd.desired_changes(net, x, [digit])
    lv = nd.neuron_levers(net, w, 3, digit)
    for fig in (vz.plot_output_wishes(w.a[3][:, 0], mlp_core.one_hot([digit])[:, 0],
                                      w.wish[3][:, 0], digit),
                vz.plot_levers(lv, net.W[3][digit], w.a[3][digit, 0], digit),
                vz.plot_stacked_wish(nd.wish_by_output_neuron(net, w, 1), range(10)),
                vz.plot_minibatch_nudges(np.array([[0.1, -0.2], [0.0, 0.3]]), [0.05, 0.05],
                                         [3, 4], ("w1", "w2"), [0.5, 0.4], [0.3, 0.2])):
        assert fig.axes
        plt.close(fig)


def test_value_for_money_question_and_checker():
    W_row = np.array([0.2, -3.0, 1.0, 0.5])
    a_prev = np.array([0.9, 0.05, 0.3, 0.6])
    q = value_for_money_question(W_row, a_prev, 2)
    # A: the brightest neuron (0); B: the dimmest among the larger weights (1, with |w| = 3)
    assert (q.k_a, q.k_b) == (0, 1)
    assert "A: from hidden neuron 0" in str(q)
    right = check_value_for_money("a", q)
    assert right.startswith("Right.") and "18.0 times" in right   # 0.9 / 0.05
    wrong = check_value_for_money("B", q)
    assert wrong.startswith("Not quite.") and "Weight B is the larger one" in wrong
    assert check_value_for_money(None, q).startswith("No answer yet")
    assert "Answer with 'A' or 'B'" in check_value_for_money("C", q)
    # The checker's claim, checked on a real network by finite differences: nudging weight A
    # moves z by a_prev[k_a] per unit, weight B by a_prev[k_b].
    net = mlp_core.Network([5, 4, 3], seed=1)
    x = np.random.default_rng(0).random((5, 1))
    a1 = net.forward(x).a[1][:, 0]
    q = value_for_money_question(net.W[2][1], a1, 1)
    for k, expected in ((q.k_a, q.a_a), (q.k_b, q.a_b)):
        z0 = net.forward(x).z[2][1, 0]
        net.W[2][1, k] += 1e-3
        z1 = net.forward(x).z[2][1, 0]
        net.W[2][1, k] -= 1e-3
        assert (z1 - z0) / 1e-3 == pytest.approx(expected, rel=1e-9)
    assert check_value_for_money("A", q).startswith("Right.")
    with pytest.raises(ValueError, match="one shape"):
        value_for_money_question(np.ones(3), np.ones(4), 0)


def test_weight_nudge_figure_is_the_outer_product_sorted_by_brightness():
    from mlp_core.viz.nudges import plot_weight_nudges
    z_wish = np.array([0.3, -0.1, 0.0, -0.5])
    a_prev = np.array([0.2, 0.9, 0.5])
    fig = plot_weight_nudges(z_wish, a_prev, layer=3)
    image = fig.axes[1].get_images()[0].get_array()
    # columns brightest first (1, 2, 0), rows by wish (0, 2, 1, 3): computed by hand
    expected = np.array([[0.27, 0.15, 0.06], [0.0, 0.0, 0.0], [-0.09, -0.05, -0.02],
                         [-0.45, -0.25, -0.10]])
    np.testing.assert_allclose(image, expected, atol=1e-12)
    lo, hi = fig.axes[1].get_images()[0].get_clim()
    assert lo == -hi == pytest.approx(-0.45)                       # one symmetric scale
    assert [t.get_text() for t in fig.axes[1].get_xticklabels()] == ["1", "2", "0"]
    plt.close(fig)


def test_minibatch_figure_draws_short_nudges_as_listed_dots():
    from mlp_core.viz.nudges import plot_minibatch_nudges
    nudges = np.array([[0.6, -0.1], [-0.5, 0.8], [0.001, 0.0], [0.0, -0.002]])
    fig = plot_minibatch_nudges(nudges, nudges.mean(axis=0), [8, 5, 2, 4], ("w_a", "w_b"),
                                np.ones(4), np.ones(4) * 0.5)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "#0 (8)" in texts and "#1 (5)" in texts and "average" in texts
    assert any("#2 (2), #3 (4)" in t for t in texts)        # too short: dots, listed
    assert "#2 (2)" not in texts                             # … and no label of their own
    plt.close(fig)


# -- every word the learner reads goes through _() ------------------------------------------------


def figure_texts(fig):
    return [t.get_text() for t in fig.findobj(plt.Text) if t.get_text()]


def test_every_figure_and_widget_text_is_translated(setup, bracketed):
    from mlp_core.viz import nudges as vz
    net, x, digit = setup
    w = nd.desired_changes(net, x, [digit])
    lv = nd.neuron_levers(net, w, 3, digit)
    parts = {l: nd.wish_by_output_neuron(net, w, l) for l in (2, 1)}
    figs = [vz.plot_output_wishes(w.a[3][:, 0], mlp_core.one_hot([digit])[:, 0], w.wish[3][:, 0],
                                  digit),
            vz.plot_levers(lv, net.W[3][digit], w.a[3][digit, 0], digit),
            vz.plot_layer_wishes(parts),
            vz.plot_minibatch_nudges(np.array([[0.6, -0.1], [-0.5, 0.8], [0.001, 0.0]]),
                                     [0.03, 0.23], [8, 5, 2], ("w_a", "w_b"), np.ones(3),
                                     np.ones(3) * 0.5),
            vz.plot_weight_nudges(w.z_wish[3][:, 0], w.a[2][:, 0], layer=3)]
    e = NudgeExplorer(net, x, digit)
    figs.append(e.figure().fig)
    e.set_selected([])
    figs.append(e.figure().fig)
    for fig in figs:
        texts = figure_texts(fig)
        assert any("«" in t for t in texts)
        untranslated = [t for t in texts if words_outside_brackets(t)]
        assert not untranslated, untranslated
    # the stacked charts' legends keep the sum last in any language
    for ax in (figs[2].axes[0], figs[5].axes[1]):
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels[-1] == "«sum (the wish)»" and labels[0] == "«from {j}»".format(j=0)
    shown = ([e.readout.value, e.layer.description, e.all_button.description,
              e.none_button.description, e.box.children[0].children[0].value]
             + [label for label, _ in e.layer.options] + [t.tooltip for t in e.toggles])
    for text in shown:
        text = re.sub(r"<[^>]*>", "", text)             # the readout's <pre> element
        assert "«" in text and not words_outside_brackets(text), text
    e.set_selected([2, 7])
    assert "«output neurons {neurons}»".format(neurons="2, 7") in e.readout.value


def test_value_for_money_texts_are_translated(bracketed):
    q = value_for_money_question(np.array([0.2, -3.0, 1.0, 0.5]),
                                 np.array([0.9, 0.05, 0.3, 0.6]), 2)
    for text in (str(q), check_value_for_money("A", q), check_value_for_money("B", q),
                 check_value_for_money(None, q)):
        assert text.startswith("«") and not words_outside_brackets(text), text
