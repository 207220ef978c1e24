"""The central widget of notebook 04: tick output neurons, watch their wishes add up.

    explorer = NudgeExplorer(net, x, y)      # one example: x shape (784, 1), y its digit
    explorer                                  # in a notebook cell: shows the widget

Controls (with the CSS classes the browser tests use; outer box: ``mlp-main mlp-main-04``):

* ``mlp-control-neuron-0`` … ``mlp-control-neuron-9``: one toggle button per output neuron
  (all ticked at the start); ``mlp-control-all`` / ``mlp-control-none`` buttons;
* ``mlp-control-layer``: a dropdown choosing the layer whose wish is shown: the last hidden
  layer (the output layer's wish for it), or a hidden layer further down (the recursion:
  the summed wish becomes the target of the layer below, and so on);
* ``mlp-readout``: the summed wish of the selected output neurons for that layer, the text of
  :func:`mlp_core.nudges.summed_wish_text` with ``summed`` =
  ``wish_by_output_neuron(net, desired_changes(net, x, y), l)[selected].sum(axis=0)``,
  ``layer_name`` = :func:`layer_name` (``"hidden layer {l}"``, in the reader's language) and
  ``selected`` the ticked neurons, shown inside a ``<pre>`` element;
* ``mlp-plot``: an Image (PNG) of the output layer's wishes (selected neurons in colour) and
  the selected layer's wish as stacked bars, one colour per output neuron, the sum as
  diamonds. (An Image rather than an Output: its new picture is one widget-state update, and
  a notebook executed headless never has to capture display messages into a widget.)

Every part of every layer's wish is computed once, when the widget is built; a toggle only
sums rows and redraws.
"""
import ipywidgets as widgets
import numpy as np
from IPython.display import display

from .. import nudges as nd
from ..i18n import _
from ..viz.nudges import WishFigure


class NudgeExplorer:
    """Tick output neurons and see their parts of a hidden layer's wish, stacked and summed.

    Parameters
    ----------
    net : Network            at least one hidden layer (L ≥ 2)
    x : array, shape (n_0, 1)   one example
    y : int, or array of shape (n_L, 1)   its digit, or its target column
    draw : bool              draw the figure (False: only the readout, for quick tests)

    Attributes
    ----------
    toggles : list of ToggleButton, one per output neuron
    layer : Dropdown; values are the hidden layers l = L − 1, …, 1
    readout : HTML;  plot : Image;  box : VBox (the whole widget)
    parts : dict l → array (n_L, n_l), the split of wish[l] by output neuron
    wishes : mlp_core.nudges.Wishes of the example
    """

    def __init__(self, net, x, y, draw=True):
        if net.L < 2:
            raise ValueError(f"the widget needs a hidden layer: a network with L ≥ 2 layers "
                             f"of weights; got sizes {net.sizes}")
        x = net.check_input(x)
        if x.shape[1] != 1:
            raise ValueError(f"x must be one example, shape ({net.sizes[0]}, 1); got {x.shape}")
        Y = net.targets(np.atleast_1d(y) if np.ndim(y) == 0 else y, 1)
        self.net, self.draw = net, draw
        self.wishes = nd.desired_changes(net, x, Y)
        self.n_out = net.sizes[-1]
        self.parts = {l: nd.wish_by_output_neuron(net, self.wishes, l)
                      for l in range(net.L - 1, 0, -1)}
        self._figures = {}  # l → WishFigure, built the first time layer l is shown

        self.toggles = []
        for j in range(self.n_out):
            t = widgets.ToggleButton(value=True, description=str(j),
                                     tooltip=_("output neuron {j}").format(j=j),
                                     layout=widgets.Layout(width="38px"))
            t.add_class(f"mlp-control-neuron-{j}")
            t.observe(self._on_change, names="value")
            self.toggles.append(t)
        self.all_button = widgets.Button(description=_("all"),
                                         layout=widgets.Layout(width="50px"))
        self.all_button.add_class("mlp-control-all")
        self.all_button.on_click(lambda _: self.set_selected(range(self.n_out)))
        self.none_button = widgets.Button(description=_("none"),
                                          layout=widgets.Layout(width="56px"))
        self.none_button.add_class("mlp-control-none")
        self.none_button.on_click(lambda _: self.set_selected([]))
        options = [((_("hidden layer {l} (the output layer's wish)") if l == net.L - 1
                     else _("hidden layer {l} (passed back once more)") if l == net.L - 2
                     else _("hidden layer {l} (passed back {times} times)")).format(
                         l=l, times=net.L - 1 - l), l)
                   for l in range(net.L - 1, 0, -1)]
        self.layer = widgets.Dropdown(options=options, value=net.L - 1, description=_("show"),
                                      layout=widgets.Layout(width="360px"))
        self.layer.add_class("mlp-control-layer")
        self.layer.observe(self._on_change, names="value")
        self.readout = widgets.HTML()
        self.readout.add_class("mlp-readout")
        self.plot = widgets.Image(format="png")
        self.plot.add_class("mlp-plot")
        self.box = widgets.VBox([
            widgets.HBox([widgets.Label(_("output neurons:"))] + self.toggles
                         + [self.all_button, self.none_button]),
            self.layer, self.readout, self.plot])
        self.box.add_class("mlp-main")
        self.box.add_class("mlp-main-04")
        self._batch = False
        self.update()

    # -- state ------------------------------------------------------------------------------
    @property
    def selected(self):
        """The ticked output neurons, in order."""
        return [j for j, t in enumerate(self.toggles) if t.value]

    def set_selected(self, neurons):
        """Tick exactly these output neurons (one update, not one per toggle)."""
        neurons = set(int(j) for j in neurons)
        self._batch = True
        try:
            for j, t in enumerate(self.toggles):
                t.value = j in neurons
        finally:
            self._batch = False
        self.update()

    def summed(self):
        """The selected layer's summed wish from the ticked neurons, shape (n_l,)."""
        sel = self.selected
        n = self.parts[self.layer.value].shape[1]
        return self.parts[self.layer.value][sel].sum(axis=0) if sel else np.zeros(n)

    def readout_text(self):
        """The readout's text (see the module docstring)."""
        return nd.summed_wish_text(self.summed(), layer_name(self.layer.value),
                                   self.selected, self.n_out)

    # -- callbacks --------------------------------------------------------------------------
    def _on_change(self, _change):
        if not self._batch:
            self.update()

    def update(self):
        """Refresh the readout, then the figure."""
        text = self.readout_text()
        self.readout.value = "<pre style='margin:0'>" + _escape(text) + "</pre>"
        if self.draw:
            self._redraw()

    def figure(self):
        """The :class:`~mlp_core.viz.nudges.WishFigure` of the selected layer, up to date."""
        l = self.layer.value
        if l not in self._figures:
            self._figures[l] = WishFigure(self.wishes.wish[self.net.L][:, 0], self.parts[l],
                                          layer_name(l))
        self._figures[l].update(self.selected)
        return self._figures[l]

    def _redraw(self):
        self.plot.value = self.figure().png()

    def _ipython_display_(self):
        display(self.box)


def layer_name(l):
    """The name of hidden layer ``l`` (an int) in the readout and the figure:
    ``"hidden layer 2"``, in the reader's language."""
    return _("hidden layer {l}").format(l=l)


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
