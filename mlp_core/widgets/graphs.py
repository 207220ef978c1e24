"""Article D's graph e = (a + b)·(b + 1) with sliders for a and b.

Every move recomputes the graph (its values, its local derivatives, and ∂e/∂ every node by
one backward pass) and redraws it. The readout costs well under a millisecond; the redraw
about 0.1 s, so the sliders report a move when they are released (``continuous_update=False``)
rather than queueing a redraw for every pixel of a drag.

The readout text is :func:`mlp_core.autodiff.e_readout` of the two slider values, e.g.
``"e = 6, ∂e/∂a = 2, ∂e/∂b = 5"`` at a = 2, b = 1 (formulas only: the same in every language);
the plot's title and any message are in the reader's language (:mod:`mlp_core.i18n`); the plot is
:func:`mlp_core.viz.graphs.draw_graph` of :func:`mlp_core.autodiff.article_graph`.
"""
import io

import ipywidgets as widgets
from IPython.display import display
from matplotlib.figure import Figure

from ..autodiff import article_graph, e_readout
from ..i18n import _
from ..viz.graphs import draw_graph


class GraphWidget:
    """Sliders for a and b; a readout of e, ∂e/∂a, ∂e/∂b; the graph drawn with every value,
    every local derivative and every ∂e/∂node.

    Attributes: ``a``, ``b`` (FloatSlider, classes ``mlp-control-a``, ``mlp-control-b``,
    range −4 … 4), ``readout`` (HTML, class ``mlp-readout``, text =
    ``mlp_core.autodiff.e_readout(a, b)``), ``plot`` (Image holding a PNG of the graph, class ``mlp-plot``), ``box``
    (the whole widget, classes ``mlp-main mlp-main-06``).
    """

    def __init__(self, a=2.0, b=1.0, draw=True):
        def slider(name, value):
            s = widgets.FloatSlider(value=value, min=-4, max=4, step=0.1, description=name,
                                    readout_format=".1f", continuous_update=False)
            s.add_class(f"mlp-control-{name}")
            s.observe(self.update, names="value")
            return s
        self.draw = draw
        self.readout = widgets.HTML()
        self.readout.add_class("mlp-readout")
        # A PNG in an Image rather than a figure captured by an Output widget: the same
        # picture whether or not a kernel is attached, and nothing to capture while a cell runs.
        self.plot = widgets.Image(format="png")
        self.plot.add_class("mlp-plot")
        # One figure, redrawn in place; a pyplot-free Figure never appears below the cell.
        self.figure = Figure(figsize=(6.4, 4.6))
        self.figure.subplots_adjust(left=0, right=1, bottom=0, top=0.92)
        self.ax = self.figure.add_subplot()
        self.a, self.b = slider("a", a), slider("b", b)
        self.box = widgets.VBox([widgets.HBox([self.a, self.b]), self.readout, self.plot])
        self.box.add_class("mlp-main")
        self.box.add_class("mlp-main-06")
        self.update()

    def update(self, change=None):
        """Recompute the readout and, if ``draw``, redraw the graph (on every slider move)."""
        a, b = self.a.value, self.b.value
        try:
            self.readout.value = e_readout(a, b)
        except Exception as err:   # never a traceback in the widget: say what went wrong
            self.readout.value = _("cannot compute e at a = {a}, b = {b}: {error}").format(
                a=a, b=b, error=err)
            return
        if self.draw:
            self.ax.clear()
            draw_graph(self.ax, article_graph(a, b)["e"], show_grad=True,
                       title=_("e = (a + b)·(b + 1): values, local derivatives, ∂e/∂node"))
            buffer = io.BytesIO()
            self.figure.savefig(buffer, format="png")
            self.plot.value = buffer.getvalue()

    def _ipython_display_(self):
        display(self.box)


def graph_widget(**kwargs):
    """Build a :class:`GraphWidget` (see its arguments) and return it; display ``.box``."""
    return GraphWidget(**kwargs)
