"""The graph widget of notebook 06, driven without a browser: move a slider, read the readout,
compare with e = (a + b)(b + 1), ∂e/∂a = b + 1, ∂e/∂b = a + 2b + 1 worked out by hand."""
import matplotlib
import pytest

matplotlib.use("Agg")

from mlp_core.widgets.graphs import GraphWidget  # noqa: E402
from untranslated import words_outside_brackets  # noqa: E402


def expected(a, b):
    e, de_da, de_db = ((a + b) * (b + 1) + 0.0, b + 1 + 0.0, a + 2 * b + 1 + 0.0)  # no "−0"
    return f"e = {e:.4g}, ∂e/∂a = {de_da:.4g}, ∂e/∂b = {de_db:.4g}"


def test_starts_at_the_article_point():
    w = GraphWidget(draw=False)
    assert w.readout.value == "e = 6, ∂e/∂a = 2, ∂e/∂b = 5"


@pytest.mark.parametrize("a, b", [(3.0, 2.0), (-1.5, 0.5), (0.0, -1.0), (-4.0, 4.0), (4.0, -4.0)])
def test_slider_moves_update_the_readout(a, b):
    w = GraphWidget(draw=False)
    w.a.value = a
    w.b.value = b
    assert w.readout.value == expected(w.a.value, w.b.value)
    assert "-0," not in w.readout.value + ","    # a = 4, b = −4 gives e = 0·(−3)


def test_slider_clamps_out_of_range_and_still_reads_right():
    w = GraphWidget(draw=False)
    w.a.value = 100.0     # the slider clamps to its maximum, 4
    assert w.a.value == 4.0
    assert w.readout.value == expected(4.0, 1.0)


def test_css_classes_for_the_browser_tests():
    w = GraphWidget(draw=False)
    assert {"mlp-main", "mlp-main-06"} <= set(w.box._dom_classes)
    assert "mlp-control-a" in w.a._dom_classes and "mlp-control-b" in w.b._dom_classes
    assert "mlp-readout" in w.readout._dom_classes and "mlp-plot" in w.plot._dom_classes


def test_drawing_runs_on_every_move():
    w = GraphWidget(draw=True)
    first = bytes(w.plot.value)
    assert first.startswith(b"\x89PNG")
    w.b.value = -3.0
    assert w.readout.value == expected(2.0, -3.0)
    assert bytes(w.plot.value).startswith(b"\x89PNG") and bytes(w.plot.value) != first


# -- the step-by-step drawings of notebook 06 -----------------------------------------------------
def test_forward_steps_drawing_shows_each_tangent():
    import matplotlib.pyplot as plt
    from mlp_core import autodiff as ad
    from mlp_core.viz.graphs import draw_forward_steps
    g = ad.article_graph(2, 1)
    fig, axes = plt.subplots(1, 4)
    steps = draw_forward_steps(axes, g["e"], g["b"])
    titles = [ax.get_title() for ax in axes]
    assert titles[0] == "seed the inputs:\n∂a/∂b = 0, ∂b/∂b = 1"
    assert titles[3] == "e computed: ∂e/∂b =\n∂e/∂c·∂c/∂b + ∂e/∂d·∂d/∂b\n= 2·1 + 3·1 = 5"
    assert [v.name for v, _, _ in steps] == ["a", "b", "c", "d", "e"]
    # nodes not computed yet are pale: e's name only (no value) before the last picture
    texts = lambda ax: {t.get_text() for t in ax.texts}
    assert "e" in texts(axes[2]) and "e\n6" in texts(axes[3])
    with pytest.raises(ValueError, match="axes: expected 4"):
        draw_forward_steps(axes[:3], g["e"], g["b"])
    plt.close(fig)


def test_backward_steps_drawing_follows_value_backward():
    import matplotlib.pyplot as plt
    from mlp_core import autodiff as ad
    from mlp_core.viz.graphs import draw_backward_steps
    g = ad.article_graph(2, 1)
    fig, axes = plt.subplots(1, 4)
    trace = draw_backward_steps(axes, g["e"])
    titles = [ax.get_title() for ax in axes]
    assert titles[2] == "d passes its gradient back:\nb.grad += 1·d.grad = 1·3 → 3"
    assert titles[3].endswith("b.grad += 1·c.grad = 1·2 → 5")
    assert len(trace) == 5 and (g["a"].grad, g["b"].grad) == (2.0, 5.0)
    assert "∂e/∂b = 5" in {t.get_text() for t in axes[3].texts}
    plt.close(fig)


def test_paths_drawing_one_picture_per_path_and_their_sum_in_the_title():
    import matplotlib.pyplot as plt
    from mlp_core import autodiff as ad
    from mlp_core.viz.graphs import draw_paths
    g = ad.article_graph(2, 1)
    fig, axes = plt.subplots(1, 2)
    found = draw_paths(axes, g["b"], g["e"])
    # b→c→e: ∂c/∂b·∂e/∂c = 1·d with d = b + 1 = 2; b→d→e: 1·c with c = a + b = 3
    assert [ax.get_title() for ax in axes] == ["path b→c→e: product 2", "path b→d→e: product 3"]
    assert fig._suptitle.get_text() == "∂e/∂b = sum of the 2 paths' products"
    assert sum(p for _, p in found) == g["b"].grad == 5.0
    with pytest.raises(ValueError, match="axes: expected 2"):
        draw_paths(axes[:1], g["b"], g["e"])
    plt.close(fig)


def test_diamonds_drawing_counts_diamonds_and_paths():
    import matplotlib.pyplot as plt
    from mlp_core import autodiff as ad
    from mlp_core.viz.graphs import draw_diamonds
    for n in (1, 3, 4):
        x0, xn = ad.chain_of_diamonds(n)
        xn.backward()
        fig, ax = plt.subplots()
        draw_diamonds(ax, x0, xn)
        sup = "⁰¹²³⁴⁵⁶⁷⁸⁹"[n]
        assert ax.get_title() == (f"a chain of {n} diamonds: 2{sup} = {2 ** n} paths from x₀ to "
                                  f"x{'₀₁₂₃₄₅₆₇₈₉'[n]}")
        plt.close(fig)


def test_mode_plots_name_what_grows():
    import matplotlib.pyplot as plt
    from mlp_core.viz.graphs import plot_mode_costs, plot_mode_memory
    fig, (a0, a1, a2) = plt.subplots(1, 3)
    plot_mode_costs(a0, [1, 10, 100], [10, 1000, 100000], [10, 100, 1000], many="inputs",
                    forward_estimated=[False, False, True])
    plot_mode_costs(a1, [2, 3, 10], [3, 6, 27], [3, 8, 99], many="outputs")
    plot_mode_memory(a2, [1, 3, 10], [5, 5, 5], [9, 20, 60], graph="diamonds")
    legend = lambda ax: [t.get_text() for t in ax.get_legend().get_texts()]
    assert a0.get_xlabel() == "number of inputs n"
    assert legend(a0) == ["forward mode: n passes (every pass run)",
                          "forward mode: n passes (one pass run, × n)", "reverse mode: one pass"]
    assert a1.get_xlabel() == "number of outputs m"
    assert legend(a1) == ["forward mode: one pass", "reverse mode: m backward passes"]
    assert a2.get_title() == "A chain of diamonds: one input, one output"
    with pytest.raises(ValueError, match="many must be one of"):
        plot_mode_costs(a0, [1], [1], [1], many="weights")
    with pytest.raises(ValueError, match="graph must be one of"):
        plot_mode_memory(a2, [1], [1], [1], graph="chain")
    plt.close(fig)


# -- every word of these figures and of the widget goes through _() ------------------------------


def test_every_figure_text_is_translated(bracketed):
    import matplotlib.pyplot as plt
    from mlp_core import autodiff as ad
    from mlp_core.viz import graphs as V
    g = ad.article_graph(2, 1)
    figs = []
    fig, axes = plt.subplots(1, 4)
    V.draw_forward_steps(axes, g["e"], g["b"])
    figs.append(fig)
    fig, axes = plt.subplots(1, 4)
    V.draw_backward_steps(axes, ad.article_graph(2, 1)["e"])
    figs.append(fig)
    fig, axes = plt.subplots(1, 2)
    V.draw_paths(axes, g["b"], g["e"])
    figs.append(fig)
    fig, ax = plt.subplots()
    x0, x3 = ad.chain_of_diamonds(3)
    x3.backward()
    V.draw_diamonds(ax, x0, x3)
    figs.append(fig)
    fig, (a0, a1, a2, a3) = plt.subplots(1, 4)
    V.plot_path_explosion(a0, [1, 2, 13], [2, 8, 100], [4, 8, 52], [2, 4, 8192], listed_up_to=12)
    V.plot_mode_costs(a1, [1, 10, 100], [10, 1000, 100000], [10, 100, 1000],
                      fits=(lambda n: n * n, lambda n: n), extrapolate_to=1e3,
                      forward_estimated=[False, False, True])
    V.plot_mode_costs(a2, [2, 3, 10], [3, 6, 27], [3, 8, 99], many="outputs")
    V.plot_mode_memory(a3, [1, 3, 10], [5, 5, 5], [9, 20, 60], graph="neuron")
    figs.append(fig)
    for fig in figs:
        texts = [t.get_text() for t in fig.findobj(plt.Text)]
        untranslated = [t for t in texts if words_outside_brackets(t, allowed=("grad",))]
        assert not untranslated, untranslated
        assert any("«" in t for t in texts)
        plt.close(fig)


def test_widget_title_and_message_are_translated(bracketed):
    w = GraphWidget(draw=True)
    assert w.ax.get_title().startswith("«e = (a + b)")
    w.a.value = 1.0
    assert w.readout.value == expected(1.0, 1.0)      # formulas only: the same in every language
