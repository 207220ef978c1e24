"""A single neuron with two inputs: sliders for its weights, its bias and its inputs.

    a = σ(z),   z = w₁·a₁ + w₂·a₂ + b

The readout text is :func:`neuron_readout`; the plot is
:func:`mlp_core.viz.neuron.plot_activation` with the current z marked, over a z range that
follows z (:func:`mlp_core.viz.neuron.z_window`): the sliders reach |z| = 30.
"""
import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..activations import get_activation
from ..i18n import _
from ..viz.neuron import plot_activation, z_window
from .figure_output import show_in

#: The activations a learner can choose (article B: sigmoid, tanh, ReLU).
CHOICES = ("sigmoid", "tanh", "relu")


def neuron_output(w, a_prev, b, activation="sigmoid"):
    """One neuron's weighted input and activation.

    Parameters
    ----------
    w : array, shape (n,)       the weights of its n incoming connections
    a_prev : array, shape (n,)  the activations feeding it
    b : float                   its bias
    activation : str

    Returns
    -------
    (z, a) : floats, z = w·a_prev + b and a = σ(z).
    """
    w, a_prev = np.asarray(w, dtype=float), np.asarray(a_prev, dtype=float)
    if w.shape != a_prev.shape or w.ndim != 1:
        raise ValueError(f"w and a_prev must be vectors of the same shape (n,); got {w.shape} "
                         f"and {a_prev.shape}")
    z = float(w @ a_prev + b)
    a = float(get_activation(activation).f(np.array([[z]]))[0, 0])
    return z, a


def neuron_readout(w1, w2, b, a1, a2, activation="sigmoid"):
    """The readout text of :class:`NeuronWidget`, e.g.
    ``"z = 2·1 + (−1)·0.5 + 0.5 = 2, a = sigmoid(2) = 0.8808"``, with every number
    printed to 4 significant digits (``:.4g``). A saturated neuron gets a note."""
    z, a = neuron_output([w1, w2], [a1, a2], b, activation)
    f = lambda v: f"{v:.4g}" if v >= 0 else f"({v:.4g})"
    text = (f"z = {f(w1)}·{a1:.4g} + {f(w2)}·{a2:.4g} + {f(b)} = {z:.4g},   "
            f"a = {activation}({z:.4g}) = {a:.4g}")
    if activation in ("sigmoid", "tanh") and abs(z) > 5:
        text += "   — " + _("saturated: nudging w or b now barely changes a")
    elif activation == "relu" and z <= 0:
        text += "   — " + _("ReLU is off (z ≤ 0): small nudges do not change a at all")
    return text


class NeuronWidget:
    """Sliders for w₁, w₂, b, a₁, a₂ and a choice of σ; a readout and a plot of σ.

    Attributes: ``w1, w2, b, a1, a2`` (FloatSlider, classes ``mlp-control-w1`` …),
    ``activation`` (Dropdown, ``mlp-control-activation``), ``readout`` (HTML, class
    ``mlp-readout``, text = :func:`neuron_readout` of the current values), ``plot``
    (Output, ``mlp-plot``), ``box`` (the whole widget, ``mlp-main mlp-main-01``).
    """

    def __init__(self, w1=2.0, w2=-1.0, b=0.5, a1=1.0, a2=0.5, activation="sigmoid",
                 draw=True):
        if activation not in CHOICES:
            raise ValueError(f"activation must be one of {CHOICES}; got {activation!r}")
        def slider(name, value, lo, hi, desc):
            s = widgets.FloatSlider(value=value, min=lo, max=hi, step=0.05, description=desc,
                                    readout_format=".2f", continuous_update=True)
            s.add_class(f"mlp-control-{name}")
            return s
        self.w1 = slider("w1", w1, -10, 10, _("weight w₁"))
        self.w2 = slider("w2", w2, -10, 10, _("weight w₂"))
        self.b = slider("b", b, -10, 10, _("bias b"))
        self.a1 = slider("a1", a1, 0, 1, _("input a₁"))
        self.a2 = slider("a2", a2, 0, 1, _("input a₂"))
        self.activation = widgets.Dropdown(options=CHOICES, value=activation, description="σ")
        self.activation.add_class("mlp-control-activation")
        self.readout = widgets.HTML()
        self.readout.add_class("mlp-readout")
        self.plot = widgets.Output()
        self.plot.add_class("mlp-plot")
        self.draw = draw
        controls = [self.w1, self.w2, self.b, self.a1, self.a2, self.activation]
        for c in controls:
            c.observe(self.update, names="value")
        self.box = widgets.VBox([widgets.HBox([widgets.VBox(controls[:3]),
                                               widgets.VBox(controls[3:])]),
                                 self.readout, self.plot])
        self.box.add_class("mlp-main")
        self.box.add_class("mlp-main-01")
        self.update()

    def values(self):
        """The current (w1, w2, b, a1, a2, activation)."""
        return (self.w1.value, self.w2.value, self.b.value, self.a1.value, self.a2.value,
                self.activation.value)

    def update(self, change=None):
        """Recompute the readout and, if ``draw``, redraw the plot (called on every move)."""
        try:
            self.readout.value = neuron_readout(*self.values())
        except Exception as e:   # never a traceback in the widget: say what went wrong
            self.readout.value = _("cannot compute this neuron: {error}").format(error=e)
            return
        if self.draw:
            w1, w2, b, a1, a2, act = self.values()
            z = neuron_output([w1, w2], [a1, a2], b, act)[0]  # (z, a): the plot needs z
            fig, ax = plt.subplots(figsize=(6, 3.4))
            # the z axis follows the point: it widens when |z| leaves (−5, 5)
            plot_activation(ax, act, z, z_range=z_window(z))
            # fixed margins: tight_layout would cost as much as the drawing, on every move
            fig.subplots_adjust(left=0.13, right=0.97, bottom=0.16, top=0.9)
            show_in(self.plot, fig)

    def _ipython_display_(self):
        from IPython.display import display
        display(self.box)


def neuron_widget(**kwargs):
    """Build a :class:`NeuronWidget` (see its arguments) and return it; display ``.box``."""
    return NeuronWidget(**kwargs)
