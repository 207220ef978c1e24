"""The drawing pad, driven without a browser: click pixel buttons and read the outputs."""
import numpy as np
import pytest

from mlp_core import Network
from mlp_core.widgets.drawing_pad import BRUSH, DrawingPad, ink_color, pad_readout, paint


@pytest.fixture
def net():
    return Network([784, 16, 16, 10], seed=1)


def sigmoid_net_output(net, x):
    """The forward pass written out separately: σ(W3 σ(W2 σ(W1 x + b1) + b2) + b3)."""
    a = x.reshape(784, 1)
    for l in (1, 2, 3):
        a = 1 / (1 + np.exp(-(net.W[l] @ a + net.b[l])))
    return a[:, 0]


def test_classes(net):
    pad = DrawingPad(net)
    assert {"mlp-main", "mlp-main-07"} <= set(pad.main._dom_classes)
    assert "mlp-control-grid" in pad.grid._dom_classes
    assert "mlp-control-clear" in pad.clear_button._dom_classes
    assert "mlp-control-mode" in pad.mode._dom_classes
    assert "mlp-readout" in pad.readout._dom_classes and "mlp-plot" in pad.plot._dom_classes
    assert len(pad.buttons) == 784


def test_a_click_paints_the_brush_and_updates_the_outputs(net):
    pad = DrawingPad(net)
    pad.buttons[10 * 28 + 5].click()          # row 10, column 5
    expected = np.zeros((28, 28))
    expected[9:12, 4:7] = BRUSH
    np.testing.assert_array_equal(pad.pixels, expected)
    out = sigmoid_net_output(net, expected)
    np.testing.assert_allclose(pad.outputs, out, rtol=1e-12)
    np.testing.assert_allclose([b.value for b in pad.bars], out, rtol=1e-12)
    assert pad.readout.value == pad_readout(out)
    assert pad.buttons[10 * 28 + 5].style.button_color == "#ffffff"
    assert pad.buttons[9 * 28 + 5].style.button_color == ink_color(0.6)


def test_brush_at_a_corner_and_repeated_clicks(net):
    pad = DrawingPad(net)
    pad.click(0, 0)
    pad.click(0, 0)                          # clicking twice does not add ink beyond 1
    assert pad.pixels[0, 0] == 1.0 and pad.pixels[0, 1] == 0.6 and pad.pixels[1, 1] == 0.25
    assert pad.pixels.sum() == pytest.approx(1 + 0.6 + 0.6 + 0.25)


def test_eraser_clear_and_presets(net):
    x3 = np.random.default_rng(0).random(784)
    pad = DrawingPad(net, presets={3: x3})
    assert list(pad.preset_buttons) == [3]
    assert "mlp-control-preset-3" in pad.preset_buttons[3]._dom_classes
    pad.preset_buttons[3].click()
    np.testing.assert_allclose(pad.pixels.ravel(), x3)
    assert pad.readout.value == pad_readout(sigmoid_net_output(net, x3))
    pad.mode.value = "eraser"
    pad.click(5, 5)
    assert np.all(pad.pixels[4:7, 4:7] == 0) and pad.pixels[8, 8] == x3[8 * 28 + 8]
    pad.clear_button.click()
    assert not pad.pixels.any()
    assert pad.readout.value == pad_readout(sigmoid_net_output(net, np.zeros(784)))
    assert all(b.style.button_color == "#000000" for b in pad.buttons)
    pad.load(7)                              # no such preset: a message, not an error
    assert "no example of 7" in pad.readout.value


def test_readout_text():
    a = np.array([0.1, 0.2, 0.05, 0.9123, 0, 0.3, 0, 0, 0, 0])
    assert pad_readout(a) == "the network says 3 (output 0.912); runner-up 5 (0.300)"


def test_bad_input(net):
    with pytest.raises(ValueError, match="784"):
        DrawingPad(Network([10, 3]))
    pad = DrawingPad(net)
    with pytest.raises(ValueError, match="784 pixels"):
        pad.set_image(np.zeros(100))
    with pytest.raises(ValueError, match="grid"):
        paint(np.zeros((28, 28)), 28, 0)
