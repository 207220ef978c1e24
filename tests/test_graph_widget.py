"""The graph widget of notebook 06, driven without a browser: move a slider, read the readout,
compare with e = (a + b)(b + 1), ∂e/∂a = b + 1, ∂e/∂b = a + 2b + 1 worked out by hand."""
import matplotlib
import pytest

matplotlib.use("Agg")

from mlp_core.widgets.graphs import GraphWidget  # noqa: E402


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
