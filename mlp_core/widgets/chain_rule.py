"""Notebook 05's widget: the simplest chain (one neuron per layer) with a slider per weight.

Sliders use ``continuous_update=False``: the readout (under 1 ms of work) and the figure
(a PNG, 0.1–0.4 s to draw) update when a slider is released or moved with the arrow keys.

Readout (CSS class ``mlp-readout``): its HTML value is exactly
``mlp_core.chain_rule.chain_readout_html(w, b, x, y)`` (the lines of
``chain_readout(w, b, x, y)`` in a ``<pre>``: the cost, every σ'(z_l), and every weight's
gradient as its three factors next to a nudge) for the current slider values
``w = [w1, w2, w3]`` and the fixed ``b``, ``x``, ``y`` given to :func:`chain_widget`
(defaults :data:`DEFAULT_B`, :data:`DEFAULT_X`, :data:`DEFAULT_Y`).

CSS classes: outer box ``mlp-main mlp-main-05``; sliders ``mlp-control-w1``,
``mlp-control-w2``, ``mlp-control-w3``; readout ``mlp-readout``; figure ``mlp-plot``.
"""
import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import io

from ..chain_rule import chain_readout, chain_readout_html
from ..i18n import _
from ..viz.chain_rule import chain_figure

DEFAULT_W = (0.8, -1.2, 1.5)
DEFAULT_B = (0.2, 0.3, -0.4)
DEFAULT_X = 1.0
DEFAULT_Y = 1.0
W_RANGE = (-6.0, 6.0)


class ChainWidget:
    """Sliders for w1 … wL of a one-neuron-per-layer chain; the readout shows ∂C/∂wL as the
    product of its three factors next to a finite-difference nudge (and the same for every
    earlier weight, with every neuron's σ'), the plot draws the chain.

    Attributes: ``sliders`` (dict "w1" → FloatSlider), ``readout`` (HTML), ``plot`` (Image, PNG),
    ``box`` (the VBox to display).
    """

    def __init__(self, w=DEFAULT_W, b=DEFAULT_B, x=DEFAULT_X, y=DEFAULT_Y, draw=True):
        if len(w) != len(b):
            raise ValueError(f"w and b need one number per layer; got {len(w)} and {len(b)}")
        self.b = np.asarray(b, dtype=float)
        self.x, self.y, self.draw = float(x), float(y), draw
        self.sliders = {}
        for l, w_l in enumerate(w, start=1):
            s = widgets.FloatSlider(value=w_l, min=W_RANGE[0], max=W_RANGE[1], step=0.05,
                                    description=f"w{l}", continuous_update=False,
                                    readout_format=".2f")
            s.add_class(f"mlp-control-w{l}")
            s.observe(self._on_change, names="value")
            self.sliders[f"w{l}"] = s
        self.readout = widgets.HTML()
        self.readout.add_class("mlp-readout")
        # An Image (PNG bytes), not an Output: redrawing it is one state update, with no
        # output capturing, so it behaves the same in JupyterLab and in headless execution.
        self.plot = widgets.Image(format="png")
        self.plot.add_class("mlp-plot")
        self.box = widgets.VBox([widgets.HBox(list(self.sliders.values())), self.readout, self.plot])
        self.box.add_class("mlp-main")
        self.box.add_class("mlp-main-05")
        self.update()

    @property
    def w(self):
        """The current weights from the sliders, shape (L,)."""
        return np.array([s.value for s in self.sliders.values()])

    def readout_text(self):
        """The readout's lines as plain text (:func:`~mlp_core.chain_rule.chain_readout`)."""
        return chain_readout(self.w, self.b, self.x, self.y)

    def _on_change(self, change):
        self.update()

    def update(self):
        """Recompute the readout (and redraw the chain if ``draw``)."""
        try:
            self.readout.value = chain_readout_html(self.w, self.b, self.x, self.y)
        except (ValueError, FloatingPointError) as err:   # never a traceback on screen
            self.readout.value = _("cannot compute this chain: {error}").format(error=err)
            return
        if self.draw:
            fig = chain_figure(self.w, self.b, self.x, self.y)
            buf = io.BytesIO()
            fig.savefig(buf, format="png")
            plt.close(fig)       # shown once, in the Image; not again below the cell
            self.plot.value = buf.getvalue()


def chain_widget(**kwargs):
    """Build the chain widget (see :class:`ChainWidget` for the arguments); display ``.box``."""
    return ChainWidget(**kwargs)
