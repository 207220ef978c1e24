"""A drawing pad: draw a digit with the mouse (or a finger) and watch the 10 outputs respond.

The pad is an ipycanvas ``Canvas`` of 280 × 280 pixels, ten canvas pixels for every pixel of an
MNIST image. Press, drag and release to draw a stroke with a round pen; the eraser removes ink
the same way. Every press, drag and release reaches the kernel as an event with its (x, y)
position; the pad then

1. draws the segment from the last position into its own ink array ``ink`` (280, 280) with an
   anti-aliased round pen (:func:`stamp_segment`) and on the canvas the learner sees;
2. prepares the ink the way MNIST's digits were prepared — fitted into a 20 × 20 box, centred
   by its centre of mass in 28 × 28 (:func:`mlp_core.digit_preparation.prepare_digit`) — and
   shows that 28 × 28 image, the network's actual input, next to the pad;
3. runs the network on those 784 pixels (microseconds for 784-16-16-10) and shows its ten
   outputs as bars (:func:`bars_html`) and the readout.

Each event costs the kernel a few milliseconds and sends the browser four messages (the
canvas's new segment, the readout, the bars, the prepared image), so the outputs follow the
pen while it moves.

A blank pad is not classified: the readout says there is nothing to classify.

CSS classes (for the browser tests): ``mlp-main mlp-main-07 mlp-drawing-pad`` on the outer box;
the canvas ``mlp-control-pad``; the network's input image ``mlp-prepared``; ``mlp-control-mode``
(pen or eraser), ``mlp-control-clear``, ``mlp-control-preset-<d>`` (one button per preset digit
d); the readout ``mlp-readout``, whose text is :func:`pad_text` of the pad's ink (for a pad with
ink: :func:`pad_readout` of the network's outputs); the output bars ``mlp-plot``.

Coordinates are the canvas's: x to the right, y down, both 0 … 280.
"""
import numpy as np
import ipywidgets as widgets
from ipycanvas import Canvas, hold_canvas

from ..digit_preparation import SIDE, prepare_digit
from ..i18n import N_, _

SCALE = 10                  # canvas pixels per MNIST pixel
PAD_SIZE = SIDE * SCALE     # 280
PEN_WIDTH = 22.0            # canvas pixels: a stroke about 2 MNIST pixels wide once prepared
ERASER_WIDTH = 44.0
PREPARED_ZOOM = 4           # the 28 × 28 input shown at 112 × 112 screen pixels
#: The readout of a blank pad (in English; shown through ``_()``).
EMPTY_TEXT = N_("nothing to classify: the pad is empty. Draw a digit (press, drag, release).")


def pad_readout(a):
    """The pad's readout for the network's outputs a, shape (10,) or (10, 1).

    ``"the network says 3 (output 0.912); runner-up 5 (0.104)"``, outputs to 3 decimals.
    """
    a = np.asarray(a, dtype=float).ravel()
    order = np.argsort(-a, kind="stable")
    best, second = int(order[0]), int(order[1])
    return _("the network says {best} (output {a_best}); runner-up {second} ({a_second})").format(
        best=best, a_best=f"{a[best]:.3f}", second=second, a_second=f"{a[second]:.3f}")


def pad_input(ink):
    """The network's input for a pad's ink (280, 280): the MNIST-style prepared image as a
    column (784, 1), or None when the pad has no ink."""
    if not np.any(ink > 0):
        return None
    return prepare_digit(ink).image.reshape(-1, 1)


def pad_text(net, ink):
    """The readout the pad shows for its ink (280, 280): :data:`EMPTY_TEXT` for a blank pad,
    else :func:`pad_readout` of the network's outputs on :func:`pad_input`."""
    x = pad_input(ink)
    return _(EMPTY_TEXT) if x is None else pad_readout(net.feedforward(x))


def stamp_segment(ink, p0, p1, width=PEN_WIDTH, erase=False):
    """Draw the segment p0 → p1 = (x, y) with a round pen of ``width`` into ink, in place.

    ink : array (rows, cols) in [0, 1]; pixel (r, c) covers x ∈ [c, c+1), y ∈ [r, r+1).
    The pen covers every point within width/2 of the segment; a pixel gets the share of it
    that is covered, approximated by clip(width/2 + 0.5 − distance of its centre, 0, 1), so
    the edges are grey (anti-aliased). Painting keeps the larger of old ink and pen;
    erasing lowers the ink to at most 1 − pen. p0 == p1 draws a dot.
    Returns the (rows, cols) slices changed.
    """
    (x0, y0), (x1, y1) = (map(float, p0)), (map(float, p1))
    reach = width / 2 + 1.0
    r_lo = max(int(np.floor(min(y0, y1) - reach)), 0)
    r_hi = min(int(np.ceil(max(y0, y1) + reach)) + 1, ink.shape[0])
    c_lo = max(int(np.floor(min(x0, x1) - reach)), 0)
    c_hi = min(int(np.ceil(max(x0, x1) + reach)) + 1, ink.shape[1])
    rows, cols = slice(r_lo, max(r_hi, r_lo)), slice(c_lo, max(c_hi, c_lo))
    if r_hi <= r_lo or c_hi <= c_lo:            # the segment lies wholly off the pad
        return rows, cols
    py = np.arange(r_lo, r_hi)[:, None] + 0.5   # pixel centres
    px = np.arange(c_lo, c_hi)[None, :] + 0.5
    dx, dy = x1 - x0, y1 - y0
    length2 = dx * dx + dy * dy
    # The nearest point of the segment to each pixel centre: p0 + t (p1 − p0), t in [0, 1].
    t = 0.0 if length2 == 0 else np.clip(((px - x0) * dx + (py - y0) * dy) / length2, 0, 1)
    dist = np.hypot(px - (x0 + t * dx), py - (y0 + t * dy))
    pen = np.clip(width / 2 + 0.5 - dist, 0.0, 1.0)
    if erase:
        np.minimum(ink[rows, cols], 1.0 - pen, out=ink[rows, cols])
    else:
        np.maximum(ink[rows, cols], pen, out=ink[rows, cols])
    return rows, cols


def strokes_ink(strokes, width=PEN_WIDTH, size=PAD_SIZE):
    """The ink (size, size) of a blank pad after drawing ``strokes`` with the pen: each stroke
    a sequence of (x, y) points, drawn as the pad draws a press, drags and a release (a dot at
    the first point, then a segment to each next one)."""
    ink = np.zeros((size, size))
    for stroke in strokes:
        points = [tuple(map(float, p)) for p in stroke]
        if not points:
            raise ValueError("a stroke needs at least one point (x, y)")
        for p0, p1 in zip(points[:1] + points[:-1], points):
            stamp_segment(ink, p0, p1, width)
    return ink


def _grey_rgba(image):
    """An image in [0, 1] as (rows, cols, 4) uint8 opaque grey, for Canvas.put_image_data
    (four channels: ipycanvas sends it as a lossless PNG; three would make a lossy JPEG)."""
    g = np.rint(np.clip(image, 0, 1) * 255).astype(np.uint8)
    rgba = np.empty(g.shape + (4,), dtype=np.uint8)
    rgba[..., :3] = g[..., None]
    rgba[..., 3] = 255
    return rgba


def bars_html(outputs):
    """The ten output bars as one HTML table (one message to the browser per update).

    outputs : array (10,), or None for a blank pad (empty bars, "–"). The brightest output's
    bar is green; each bar's width is the output as a percentage of its track.
    """
    rows = []
    best = None if outputs is None else int(np.argmax(outputs))
    for d in range(10):
        value = 0.0 if outputs is None else float(outputs[d])
        colour = "#2a9d4a" if d == best else "#2f6fd0"
        label = "–" if outputs is None else f"{value:.3f}"
        rows.append(
            f'<tr><td style="padding:1px 6px 1px 0">{d}</td>'
            f'<td style="padding:1px 0"><div style="width:200px;height:16px;background:#eee">'
            f'<div style="width:{100 * value:.1f}%;height:16px;background:{colour}"></div>'
            f'</div></td><td style="padding:1px 0 1px 6px">{label}</td></tr>')
    return '<table style="border-collapse:collapse">' + "".join(rows) + "</table>"


class DrawingPad:
    """The pad: a 280 × 280 canvas to draw on, pen/eraser, clear, preset digits, the prepared
    28 × 28 input and the network's 10 outputs.

    Parameters
    ----------
    net : Network with 784 inputs (a trained MNIST network)
    presets : dict digit → image of shape (784,) or (784, 1), optional
        Example digits the learner can load and then edit (e.g. one test image per digit).

    Attributes: ``ink`` (280, 280) in [0, 1], what was drawn; ``pixels`` (28, 28), the prepared
    input the network sees (zeros for a blank pad); ``outputs`` (10,) the network's answer
    (None for a blank pad); ``canvas`` the Canvas; ``main`` the box to display.

    Drive it from code as the mouse does: ``press(x, y)``, ``drag(x, y)``, ``release()``, or
    ``draw_stroke([(x, y), …])`` for a whole stroke.
    """

    def __init__(self, net, presets=None):
        if net.sizes[0] != SIDE * SIDE:
            raise ValueError(f"the pad draws 28 × 28 = 784 pixels; the network has "
                             f"{net.sizes[0]} inputs")
        self.net = net
        self.presets = {int(d): np.asarray(x, dtype=float).reshape(SIDE, SIDE)
                        for d, x in (presets or {}).items()}
        self.ink = np.zeros((PAD_SIZE, PAD_SIZE))
        self.pixels = np.zeros((SIDE, SIDE))
        self.outputs = None
        self._last = None            # the pen's last position while it is down, else None

        self.canvas = Canvas(width=PAD_SIZE, height=PAD_SIZE,
                             layout=widgets.Layout(width=f"{PAD_SIZE}px", height=f"{PAD_SIZE}px"))
        self.canvas.add_class("mlp-control-pad")
        self.canvas.on_mouse_down(self.press)
        self.canvas.on_mouse_move(self.drag)          # ignored while the button is up
        self.canvas.on_mouse_up(lambda x, y: self.release())
        self.canvas.on_mouse_out(lambda x, y: self.release())
        # Touch: the first finger draws; the stroke ends when no finger is left.
        self.canvas.on_touch_start(lambda touches: touches and self.press(*touches[0]))
        self.canvas.on_touch_move(lambda touches: touches and self.drag(*touches[0]))
        self.canvas.on_touch_end(lambda touches: not touches and self.release())
        self.canvas.on_touch_cancel(lambda touches: self.release())

        # The network's input, 28 × 28, each pixel drawn as a PREPARED_ZOOM-square block.
        zoom = SIDE * PREPARED_ZOOM
        self.prepared = Canvas(width=zoom, height=zoom,
                               layout=widgets.Layout(width=f"{zoom}px", height=f"{zoom}px"))
        self.prepared.add_class("mlp-prepared")

        # (label shown, value): the value stays "pen" / "eraser" in every language
        self.mode = widgets.ToggleButtons(options=[(_("pen"), "pen"), (_("eraser"), "eraser")],
                                          value="pen",
                                          style={"button_width": "70px"})
        self.clear_button = widgets.Button(description=_("Clear"), icon="eraser")
        # One small button per preset digit: a click draws that example on the pad.
        self.preset_buttons = {}
        for d in sorted(self.presets):
            b = widgets.Button(description=str(d),
                               tooltip=_("draw an example of a {digit}").format(digit=d),
                               layout=widgets.Layout(width="32px"))
            b.add_class(f"mlp-control-preset-{d}")
            b.on_click(self._make_preset_handler(d))
            self.preset_buttons[d] = b
        self.readout = widgets.HTML()
        self.plot = widgets.HTML(bars_html(None))

        self.mode.add_class("mlp-control-mode")
        self.clear_button.add_class("mlp-control-clear")
        self.readout.add_class("mlp-readout")
        self.plot.add_class("mlp-plot")
        self.clear_button.on_click(lambda _b: self.clear())

        # The pad shows a cross-hair cursor, and a finger on it draws instead of scrolling the
        # page (a page style that only touches the pad's class).
        self.css = widgets.HTML("<style>.mlp-control-pad { cursor: crosshair; "
                                "touch-action: none; border: 1px solid #888; }</style>")
        middle = widgets.VBox([widgets.HTML("<b>{}</b><br>{}".format(
                                   _("what the network sees"),
                                   _("(fitted in 20 × 20,<br>centred in 28 × 28)"))),
                               self.prepared])
        right = widgets.VBox([widgets.HTML("<b>{}</b>".format(_("the 10 output neurons"))),
                              self.plot, self.readout], layout=widgets.Layout(width="300px"))
        self.main = widgets.VBox([
            self.css,
            widgets.HBox([self.mode, self.clear_button,
                          widgets.HTML("&nbsp;&nbsp;" + _("examples:") if self.presets else ""),
                          *self.preset_buttons.values()]),
            widgets.HBox([self.canvas, middle, right],
                         layout=widgets.Layout(grid_gap="16px", align_items="flex-start"))])
        for c in ("mlp-main", "mlp-main-07", "mlp-drawing-pad"):
            self.main.add_class(c)
        self._paint_background()
        self.update()

    # -- the pen ------------------------------------------------------------------------------
    @property
    def erasing(self):
        return self.mode.value == "eraser"

    def press(self, x, y):
        """The pen goes down at (x, y): a dot there, then the outputs update."""
        self._last = (float(x), float(y))
        self._segment(self._last, self._last)
        self.update()

    def drag(self, x, y):
        """The pen moves to (x, y) while down: the segment from its last position is drawn and
        the outputs update. Ignored while the pen is up."""
        if self._last is None:
            return
        p = (float(x), float(y))
        self._segment(self._last, p)
        self._last = p
        self.update()

    def release(self):
        """The pen goes up (mouse released, or left the pad): the stroke ends."""
        self._last = None

    def draw_stroke(self, points):
        """A whole stroke, as the mouse draws it: press at the first point, drag through the
        others, release. points : sequence of (x, y) in canvas pixels."""
        points = [tuple(map(float, p)) for p in points]
        if not points:
            raise ValueError("a stroke needs at least one point (x, y)")
        self.press(*points[0])
        for p in points[1:]:
            self.drag(*p)
        self.release()

    def _segment(self, p0, p1):
        width = ERASER_WIDTH if self.erasing else PEN_WIDTH
        stamp_segment(self.ink, p0, p1, width, erase=self.erasing)
        c = self.canvas
        with hold_canvas():
            c.stroke_style = c.fill_style = "black" if self.erasing else "white"
            if p0 == p1:
                c.fill_circle(p0[0], p0[1], width / 2)
            else:
                c.line_width = width
                c.line_cap = "round"
                c.stroke_line(p0[0], p0[1], p1[0], p1[1])

    # -- buttons ------------------------------------------------------------------------------
    def _make_preset_handler(self, digit):
        def handler(_button):
            self.load(digit)
        return handler

    def clear(self):
        """Wipe the pad to black."""
        self.ink[:] = 0.0
        self._last = None
        self._paint_background()
        self.update()

    def load(self, digit):
        """Draw the preset image of ``digit`` (which the learner can then edit)."""
        if digit not in self.presets:
            self.readout.value = _("no example of {digit}; there are: {digits}").format(
                digit=repr(digit), digits=sorted(self.presets))
            return
        self.set_image(self.presets[digit])

    def set_image(self, x):
        """Put a 28 × 28 image on the pad, each pixel as a 10 × 10 square of ink.
        x : shape (784,), (784, 1) or (28, 28), values clipped to [0, 1]."""
        x = np.asarray(x, dtype=float)
        if x.size != SIDE * SIDE:
            raise ValueError(f"an image has {SIDE * SIDE} pixels; got shape {x.shape}")
        self.ink[:] = np.kron(np.clip(x.reshape(SIDE, SIDE), 0.0, 1.0), np.ones((SCALE, SCALE)))
        self._last = None
        self.canvas.put_image_data(_grey_rgba(self.ink))
        self.update()

    # -- display ------------------------------------------------------------------------------
    def _paint_background(self):
        with hold_canvas():
            self.canvas.fill_style = "black"
            self.canvas.fill_rect(0, 0, PAD_SIZE, PAD_SIZE)

    def update(self):
        """Prepare the ink, run the network on it and show its 10 outputs (or, for a blank
        pad, say that there is nothing to classify)."""
        x = pad_input(self.ink)
        if x is None:
            self.pixels = np.zeros((SIDE, SIDE))
            self.outputs = None
        else:
            self.pixels = x.reshape(SIDE, SIDE)
            self.outputs = self.net.feedforward(x)[:, 0]
        # The readout first: each change is one message, and the browser shows them in order.
        self.readout.value = (_(EMPTY_TEXT) if self.outputs is None
                              else pad_readout(self.outputs))
        self.plot.value = bars_html(self.outputs)
        block = np.ones((PREPARED_ZOOM, PREPARED_ZOOM))
        self.prepared.put_image_data(_grey_rgba(np.kron(self.pixels, block)))


def drawing_pad(net, presets=None):
    """Build a :class:`DrawingPad` for ``net`` (display ``pad.main``)."""
    return DrawingPad(net, presets)
