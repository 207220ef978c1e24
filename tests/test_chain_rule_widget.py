"""Notebook 05's widget and "check yourself", driven without a browser."""
import pytest

pytest.importorskip("ipywidgets")
import matplotlib
matplotlib.use("Agg")

from mlp_core.chain_rule import chain_forward, chain_readout_html
from mlp_core.exercises import chain_rule as ex
from mlp_core.widgets.chain_rule import DEFAULT_B, DEFAULT_X, DEFAULT_Y, chain_widget


def test_css_classes_and_readout_follow_the_sliders():
    w = chain_widget(draw=False)
    assert {"mlp-main", "mlp-main-05"} <= set(w.box._dom_classes)
    assert [s._dom_classes for s in w.sliders.values()] == [("mlp-control-w1",), ("mlp-control-w2",), ("mlp-control-w3",)]
    assert "mlp-readout" in w.readout._dom_classes and "mlp-plot" in w.plot._dom_classes
    w.sliders["w2"].value = 2.5
    expected = chain_readout_html([0.8, 2.5, 1.5], DEFAULT_B, DEFAULT_X, DEFAULT_Y)
    assert w.readout.value == expected
    # an independent look at the cost it quotes
    cost = chain_forward([0.8, 2.5, 1.5], DEFAULT_B, DEFAULT_X, DEFAULT_Y).cost
    assert f">C = {cost:.4g}   σ'(z1) = " in w.readout.value


def test_extremes_show_a_message_not_a_traceback():
    w = chain_widget(draw=True)
    for name in ("w1", "w2", "w3"):
        w.sliders[name].value = w.sliders[name].max
    assert "saturated" in w.readout.value
    assert w.plot.value[:8] == b"\x89PNG\r\n\x1a\n"   # the figure was redrawn
    for name in ("w1", "w2", "w3"):
        w.sliders[name].value = w.sliders[name].min
    assert ">C = " in w.readout.value and "cannot compute" not in w.readout.value


def test_checker_right_and_slips():
    v = ex.exercise_values()
    e = ex.EXERCISE
    x, w2, y = e["x"], e["w"][1], e["y"]
    # independent: central difference of C in w1
    eps = 1e-6
    c = lambda w1: chain_forward([w1, w2], e["b"], x, y).cost
    right = (c(e["w"][0] + eps) - c(e["w"][0] - eps)) / (2 * eps)
    assert ex.check_chain_answer(right).startswith("Right")
    assert "sign" in ex.check_chain_answer(-right)
    assert "factor 2" in ex.check_chain_answer(right / 2)
    s2 = v["a2"] * (1 - v["a2"])
    assert "σ'(z2) is missing" in ex.check_chain_answer(right / s2)
    assert "must be a number" in ex.check_chain_answer("abc")
    assert ex.check_chain_answer(123.0).startswith("Not quite")


def test_shape_checker():
    assert ex.check_grad_w2_shape((10, 100)).startswith("Right")
    assert "Transposed" in ex.check_grad_w2_shape((100, 10))
    assert "one column per sample" in ex.check_grad_w2_shape((10, 64))
    assert "Please give a shape" in ex.check_grad_w2_shape("ten")
