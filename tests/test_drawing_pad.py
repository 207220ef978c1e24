"""The drawing pad, driven without a browser: the canvas's own mouse and touch events (the
messages the browser sends), and the pad's state and readout afterwards."""
import numpy as np
import pytest

from mlp_core import Network
from mlp_core.digit_preparation import prepare_digit
from mlp_core.widgets.drawing_pad import (EMPTY_TEXT, PAD_SIZE, PEN_WIDTH, DrawingPad, bars_html,
                                          pad_readout, pad_text, stamp_segment)


@pytest.fixture
def net():
    return Network([784, 16, 16, 10], seed=1)


def sigmoid_net_output(net, x):
    """The forward pass written out separately: σ(W3 σ(W2 σ(W1 x + b1) + b2) + b3)."""
    a = x.reshape(784, 1)
    for l in (1, 2, 3):
        a = 1 / (1 + np.exp(-(net.W[l] @ a + net.b[l])))
    return a[:, 0]


def event(pad, name, x=None, y=None, touches=None):
    """Send the canvas the message the browser sends for a mouse or touch event."""
    content = {"event": name}
    if touches is not None:
        content["touches"] = [{"x": tx, "y": ty} for tx, ty in touches]
    else:
        content.update(x=x, y=y)
    pad.canvas._handle_frontend_event(None, content, [])


def test_classes(net):
    pad = DrawingPad(net)
    assert {"mlp-main", "mlp-main-07", "mlp-drawing-pad"} <= set(pad.main._dom_classes)
    assert "mlp-control-pad" in pad.canvas._dom_classes
    assert "mlp-prepared" in pad.prepared._dom_classes
    assert "mlp-control-clear" in pad.clear_button._dom_classes
    assert "mlp-control-mode" in pad.mode._dom_classes
    assert "mlp-readout" in pad.readout._dom_classes and "mlp-plot" in pad.plot._dom_classes
    assert (pad.canvas.width, pad.canvas.height) == (280, 280)


def test_a_blank_pad_has_nothing_to_classify(net):
    pad = DrawingPad(net)
    assert pad.readout.value == EMPTY_TEXT and "nothing to classify" in EMPTY_TEXT
    assert pad.outputs is None and not pad.pixels.any()
    assert pad.plot.value == bars_html(None) and "width:0.0%" in pad.plot.value
    assert pad_text(net, np.zeros((280, 280))) == EMPTY_TEXT


def test_stamp_segment_antialiased_round_pen():
    ink = np.zeros((30, 60))
    stamp_segment(ink, (10.5, 10.5), (50.5, 10.5), width=4)
    # Pixel centres on the segment are covered; at distance 2 (= the pen's radius) half.
    assert np.all(ink[10, 10:51] == 1) and np.all(ink[9, 10:51] == 1)
    assert ink[8, 30] == pytest.approx(0.5) and ink[12, 30] == pytest.approx(0.5)
    assert ink[7, 30] == 0 and ink[10, 54] == 0
    assert ink[10, 52] == pytest.approx(0.5)         # the round cap reaches 2 beyond the end
    stamp_segment(ink, (30.5, 10.5), (30.5, 10.5), width=4, erase=True)    # an eraser dot
    assert ink[10, 30] == 0 and ink[10, 20] == 1
    assert stamp_segment(np.zeros((5, 5)), (-50, -50), (-40, -40))[0] == slice(0, 0)


def test_press_drag_release_draws_a_stroke_and_updates_the_outputs(net):
    pad = DrawingPad(net)
    points = [(140.0, 40.0), (141.5, 120.25), (139.0, 240.0)]
    event(pad, "mouse_move", 20, 20)                   # moving with the button up: nothing
    assert not pad.ink.any()
    event(pad, "mouse_down", *points[0])
    for p in points[1:]:
        event(pad, "mouse_move", *p)
    event(pad, "mouse_up", *points[-1])
    event(pad, "mouse_move", 10, 10)                   # after the release: nothing more
    expected = np.zeros((280, 280))
    for p0, p1 in zip(points[:1] + points[:-1], points):   # the dot, then each segment
        stamp_segment(expected, p0, p1, PEN_WIDTH)
    np.testing.assert_array_equal(pad.ink, expected)
    x = prepare_digit(expected).image
    np.testing.assert_array_equal(pad.pixels, x)
    out = sigmoid_net_output(net, x)
    np.testing.assert_allclose(pad.outputs, out, rtol=1e-12)
    assert pad.plot.value == bars_html(out)
    assert pad.readout.value == pad_readout(out) == pad_text(net, expected)


def test_leaving_the_pad_ends_the_stroke(net):
    pad = DrawingPad(net)
    event(pad, "mouse_down", 100, 100)
    event(pad, "mouse_out", 279, 100)
    event(pad, "mouse_move", 150, 150)                 # back over the pad, button up
    expected = np.zeros((280, 280))
    stamp_segment(expected, (100, 100), (100, 100))
    np.testing.assert_array_equal(pad.ink, expected)


def test_touch_draws_with_the_first_finger(net):
    pad = DrawingPad(net)
    event(pad, "touch_start", touches=[(60, 60)])
    event(pad, "touch_move", touches=[(60, 200), (10, 10)])
    event(pad, "touch_end", touches=[])
    event(pad, "touch_move", touches=[(200, 200)])     # no finger down any more
    expected = np.zeros((280, 280))
    stamp_segment(expected, (60, 60), (60, 60))
    stamp_segment(expected, (60, 60), (60, 200))
    np.testing.assert_array_equal(pad.ink, expected)
    assert pad.readout.value == pad_text(net, expected)


def test_a_stroke_drawn_small_in_a_corner_is_seen_like_one_drawn_large(net):
    small, large = DrawingPad(net), DrawingPad(net)
    small.draw_stroke([(30, 20), (30, 60)])
    large.draw_stroke([(140, 40), (140, 240)])
    # Both become a vertical bar 20 pixels tall, its centre of mass within half a pixel of
    # (14, 14), although the small one was drawn in the top-left corner.
    for pad in (small, large):
        rows, cols = np.nonzero(pad.pixels)
        assert rows.max() - rows.min() + 1 == 20 and cols.max() - cols.min() + 1 < 10
        r, c = prepare_digit(pad.ink).centre
        assert abs(r - 14) <= 0.5 + 1e-9 and abs(c - 14) <= 0.5 + 1e-9
    assert small.ink[:100, :100].any() and not small.ink[150:, 150:].any()


def test_eraser_clear_and_presets(net):
    x3 = np.zeros((28, 28))
    x3[4:24, 10:18] = np.random.default_rng(0).random((20, 8)) * 0.5 + 0.5
    pad = DrawingPad(net, presets={3: x3.ravel()})
    assert list(pad.preset_buttons) == [3]
    assert "mlp-control-preset-3" in pad.preset_buttons[3]._dom_classes
    pad.preset_buttons[3].click()
    np.testing.assert_array_equal(pad.ink, np.kron(x3, np.ones((10, 10))))
    assert pad.readout.value == pad_text(net, pad.ink)
    pad.mode.value = "eraser"
    pad.draw_stroke([(140, 0), (140, 279)])            # cut it in two, down the middle
    assert not pad.ink[:, 135:146].any() and pad.ink[:, 100].any()
    assert pad.readout.value == pad_text(net, pad.ink)
    pad.clear_button.click()
    assert not pad.ink.any() and pad.readout.value == EMPTY_TEXT
    pad.load(7)                                        # no such preset: a message, not an error
    assert "no example of 7" in pad.readout.value


def test_bars_html():
    a = np.array([0.1, 0.2, 0.05, 0.9123, 0, 0.3, 0, 0, 0, 0])
    html = bars_html(a)
    assert html.count("<tr>") == 10
    # digit 3's bar: 91.2% wide, green (the brightest); digit 5's: 30.0%, blue
    assert 'width:91.2%;height:16px;background:#2a9d4a' in html and ">0.912<" in html
    assert 'width:30.0%;height:16px;background:#2f6fd0' in html
    assert html.count("#2a9d4a") == 1
    assert bars_html(None).count(">–<") == 10 and "#2a9d4a" not in bars_html(None)


def test_readout_text():
    a = np.array([0.1, 0.2, 0.05, 0.9123, 0, 0.3, 0, 0, 0, 0])
    assert pad_readout(a) == "the network says 3 (output 0.912); runner-up 5 (0.300)"


def test_bad_input(net):
    with pytest.raises(ValueError, match="784"):
        DrawingPad(Network([10, 3]))
    pad = DrawingPad(net)
    with pytest.raises(ValueError, match="784 pixels"):
        pad.set_image(np.zeros(100))
    with pytest.raises(ValueError, match="at least one point"):
        pad.draw_stroke([])
    assert PAD_SIZE == 280


def test_strokes_ink_is_what_the_pad_draws(net):
    strokes = [[(90, 60), (190, 60)], [(190, 60), (150.5, 140.25), (120, 230)]]
    pad = DrawingPad(net)
    for s in strokes:
        pad.draw_stroke(s)
    from mlp_core.widgets.drawing_pad import strokes_ink
    np.testing.assert_array_equal(strokes_ink(strokes), pad.ink)
