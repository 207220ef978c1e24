"""A 28 × 28 drawing pad: paint a digit pixel by pixel and watch the 10 outputs respond.

The pad is a grid of 784 small buttons (one per pixel of an MNIST image). Clicking a button
paints with a soft round brush — the clicked pixel full ink, its neighbours partly — because
MNIST digits are strokes two or three pixels wide with grey edges, not single hard pixels.
After every click the network's forward pass runs on the 784 pixel values (a few
microseconds for 784-16-16-10) and the ten output bars and the readout update.

CSS classes (for the browser tests):
``mlp-main mlp-main-07 mlp-drawing-pad`` on the outer box; the pixel grid ``mlp-control-grid``
(each pixel button also ``mlp-pixel``); ``mlp-control-mode`` (pen or eraser),
``mlp-control-clear``, ``mlp-control-preset-<d>`` (one button per preset digit d, drawing
that example); the readout ``mlp-readout`` whose text is
:func:`pad_readout` of the network's outputs; the output bars ``mlp-plot``.
"""
import numpy as np
import ipywidgets as widgets

SIDE = 28
# The brush: how much ink each pixel around the clicked one receives (centre = 1).
BRUSH = np.array([[0.25, 0.6, 0.25],
                  [0.6, 1.0, 0.6],
                  [0.25, 0.6, 0.25]])
LEVELS = 16   # grey levels a pixel button can show


def pad_readout(a):
    """The pad's readout for the network's outputs a, shape (10,) or (10, 1).

    ``"the network says 3 (output 0.912); runner-up 5 (0.104)"``, outputs to 3 decimals.
    """
    a = np.asarray(a, dtype=float).ravel()
    order = np.argsort(-a, kind="stable")
    best, second = int(order[0]), int(order[1])
    return (f"the network says {best} (output {a[best]:.3f}); "
            f"runner-up {second} ({a[second]:.3f})")


def paint(pixels, row, col, brush=BRUSH, erase=False):
    """Paint (or erase) with the brush centred on (row, col) of a 28 × 28 image, in place.

    pixels : array, shape (28, 28), values in [0, 1]
    Painting keeps the darker of old and brush ink (so clicking twice does not overflow);
    erasing sets every pixel the brush covers to 0. Returns the (rows, cols) slices changed.
    """
    if not (0 <= row < pixels.shape[0] and 0 <= col < pixels.shape[1]):
        raise ValueError(f"(row, col) must lie in the {pixels.shape} grid; got ({row}, {col})")
    k = brush.shape[0] // 2
    r0, r1 = max(row - k, 0), min(row + k + 1, pixels.shape[0])
    c0, c1 = max(col - k, 0), min(col + k + 1, pixels.shape[1])
    patch = brush[r0 - row + k:r1 - row + k, c0 - col + k:c1 - col + k]
    if erase:
        pixels[r0:r1, c0:c1] = 0.0
    else:
        np.maximum(pixels[r0:r1, c0:c1], patch, out=pixels[r0:r1, c0:c1])
    return slice(r0, r1), slice(c0, c1)


def ink_color(value):
    """The button colour of a pixel value in [0, 1]: black (0) to white (1), as MNIST is shown,
    rounded to one of 16 grey levels."""
    g = int(round(float(np.clip(value, 0, 1)) * (LEVELS - 1)) * 255 / (LEVELS - 1))
    return f"#{g:02x}{g:02x}{g:02x}"


class DrawingPad:
    """The pad: a 28 × 28 grid of pixel buttons, pen/eraser, clear, preset digits, outputs.

    Parameters
    ----------
    net : Network with 784 inputs (a trained MNIST network)
    presets : dict digit → image of shape (784,) or (784, 1), optional
        Example digits the learner can load and then edit (e.g. one test image per digit).

    Attributes: ``pixels`` (28, 28) in [0, 1]; ``outputs`` (10,) the network's answer;
    ``buttons`` the 784 pixel buttons, row by row; ``main`` the box to display.
    """

    def __init__(self, net, presets=None, pixel_size=13):
        if net.sizes[0] != SIDE * SIDE:
            raise ValueError(f"the pad draws 28 × 28 = 784 pixels; the network has "
                             f"{net.sizes[0]} inputs")
        self.net = net
        self.presets = {int(d): np.asarray(x, dtype=float).reshape(SIDE, SIDE)
                        for d, x in (presets or {}).items()}
        self.pixels = np.zeros((SIDE, SIDE))
        self._shown = np.zeros((SIDE, SIDE), dtype=int)  # the grey level each button shows

        # One shared Layout for all 784 buttons: fewer widget models to send to the browser.
        cell = widgets.Layout(width=f"{pixel_size}px", height=f"{pixel_size}px",
                              padding="0", margin="0", border="0")
        self.buttons = []
        for i in range(SIDE * SIDE):
            b = widgets.Button(layout=cell, style=widgets.ButtonStyle(button_color=ink_color(0)),
                               tooltip=f"row {i // SIDE}, column {i % SIDE}")
            b.add_class("mlp-pixel")
            b.on_click(self._make_handler(i // SIDE, i % SIDE))
            self.buttons.append(b)
        self.grid = widgets.GridBox(self.buttons, layout=widgets.Layout(
            grid_template_columns=f"repeat({SIDE}, {pixel_size}px)",
            grid_template_rows=f"repeat({SIDE}, {pixel_size}px)",
            grid_gap="0px", width=f"{SIDE * pixel_size}px"))
        self.grid.add_class("mlp-control-grid")

        self.mode = widgets.ToggleButtons(options=["pen", "eraser"], value="pen",
                                          style={"button_width": "70px"})
        self.clear_button = widgets.Button(description="Clear", icon="eraser")
        # One small button per preset digit: a click draws that example on the pad.
        self.preset_buttons = {}
        for d in sorted(self.presets):
            b = widgets.Button(description=str(d), tooltip=f"draw an example of a {d}",
                               layout=widgets.Layout(width="32px"))
            b.add_class(f"mlp-control-preset-{d}")
            b.on_click(self._make_preset_handler(d))
            self.preset_buttons[d] = b
        self.readout = widgets.HTML()
        self.bars = [widgets.FloatProgress(value=0, min=0, max=1, description=str(d),
                                           style={"description_width": "20px"},
                                           layout=widgets.Layout(width="260px"))
                     for d in range(10)]
        self.bar_values = [widgets.Label("0.000") for _ in range(10)]
        self.plot = widgets.VBox([widgets.HBox([bar, v])
                                  for bar, v in zip(self.bars, self.bar_values)])

        self.mode.add_class("mlp-control-mode")
        self.clear_button.add_class("mlp-control-clear")
        self.readout.add_class("mlp-readout")
        self.plot.add_class("mlp-plot")
        self.clear_button.on_click(lambda _b: self.clear())

        # Square pixels without the buttons' rounded corners and focus ring (a page style;
        # it only touches elements with the class mlp-pixel).
        self.css = widgets.HTML("<style>.mlp-pixel { border-radius: 0 !important; "
                                "box-shadow: none !important; outline: none !important; "
                                "min-width: 0 !important; } .mlp-control-grid "
                                "{ background: #000; }</style>")
        right = widgets.VBox([widgets.HTML("<b>the 10 output neurons</b>"), self.plot,
                              self.readout])
        self.main = widgets.VBox([
            self.css,
            widgets.HBox([self.mode, self.clear_button,
                          widgets.HTML("&nbsp;&nbsp;examples:" if self.presets else ""),
                          *self.preset_buttons.values()]),
            widgets.HBox([self.grid, right], layout=widgets.Layout(grid_gap="16px"))])
        for c in ("mlp-main", "mlp-main-07", "mlp-drawing-pad"):
            self.main.add_class(c)
        self.update()

    def _make_preset_handler(self, digit):
        def handler(_button):
            self.load(digit)
        return handler

    def _make_handler(self, row, col):
        def handler(_button):
            self.click(row, col)
        return handler

    # -- actions ------------------------------------------------------------------------------
    def click(self, row, col):
        """What a click on pixel (row, col) does: paint or erase there, then update."""
        rows, cols = paint(self.pixels, row, col, erase=self.mode.value == "eraser")
        self._redraw(rows, cols)
        self.update()

    def clear(self):
        """Wipe the pad to black."""
        self.pixels[:] = 0.0
        self._redraw()
        self.update()

    def load(self, digit):
        """Draw the preset image of ``digit`` (which the learner can then edit)."""
        if digit not in self.presets:
            self.readout.value = f"no example of {digit!r}; there are: {sorted(self.presets)}"
            return
        self.set_image(self.presets[digit])

    def set_image(self, x):
        """Show an image x of shape (784,), (784, 1) or (28, 28), values clipped to [0, 1]."""
        x = np.asarray(x, dtype=float)
        if x.size != SIDE * SIDE:
            raise ValueError(f"an image has {SIDE * SIDE} pixels; got shape {x.shape}")
        self.pixels[:] = np.clip(x.reshape(SIDE, SIDE), 0.0, 1.0)
        self._redraw()
        self.update()

    # -- display ------------------------------------------------------------------------------
    def _redraw(self, rows=slice(None), cols=slice(None)):
        # Only buttons whose grey level changed get a new colour: one message each.
        levels = np.rint(self.pixels * (LEVELS - 1)).astype(int)
        changed = np.zeros_like(levels, dtype=bool)
        changed[rows, cols] = levels[rows, cols] != self._shown[rows, cols]
        for r, c in np.argwhere(changed):
            self.buttons[r * SIDE + c].style.button_color = ink_color(self.pixels[r, c])
        self._shown[changed] = levels[changed]

    def update(self):
        """Run the network on the pad's pixels and show its 10 outputs."""
        self.outputs = self.net.feedforward(self.pixels.reshape(-1, 1))[:, 0]
        best = int(np.argmax(self.outputs))
        for d, (bar, label) in enumerate(zip(self.bars, self.bar_values)):
            bar.value = float(self.outputs[d])
            bar.bar_style = "success" if d == best else ""
            label.value = f"{self.outputs[d]:.3f}"
        self.readout.value = pad_readout(self.outputs)


def drawing_pad(net, presets=None):
    """Build a :class:`DrawingPad` for ``net`` (display ``pad.main``)."""
    return DrawingPad(net, presets)
