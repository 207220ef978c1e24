"""Article D's graph e = (a + b)·(b + 1) with sliders for a and b.

Every move recomputes the graph (its values, its local derivatives, and ∂e/∂ every node by
one backward pass) and redraws it.

The readout text is :func:`mlp_core.autodiff.e_readout` of the two slider values, e.g.
``"e = 6, ∂e/∂a = 2, ∂e/∂b = 5"`` at a = 2, b = 1; the plot is
:func:`mlp_core.viz.graphs.draw_graph` of :func:`mlp_core.autodiff.article_graph`.
"""
import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import clear_output, display

from ..autodiff import article_graph, e_readout
from ..viz.graphs import draw_graph


class GraphWidget:
    """Sliders for a and b; a readout of e, ∂e/∂a, ∂e/∂b; the graph drawn with every value,
    every local derivative and every ∂e/∂node.

    Attributes: ``a``, ``b`` (FloatSlider, classes ``mlp-control-a``, ``mlp-control-b``,
    range −4 … 4), ``readout`` (HTML, class ``mlp-readout``, text =
    ``mlp_core.autodiff.e_readout(a, b)``), ``plot`` (Output, class ``mlp-plot``), ``box``
    (the whole widget, classes ``mlp-main mlp-main-06``).
    """

    def __init__(self, a=2.0, b=1.0, draw=True):
        def slider(name, value):
            s = widgets.FloatSlider(value=value, min=-4, max=4, step=0.1, description=name,
                                    readout_format=".1f", continuous_update=True)
            s.add_class(f"mlp-control-{name}")
            s.observe(self.update, names="value")
            return s
        self.draw = draw
        self.readout = widgets.HTML()
        self.readout.add_class("mlp-readout")
        self.plot = widgets.Output()
        self.plot.add_class("mlp-plot")
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
            self.readout.value = f"cannot compute e at a = {a}, b = {b}: {err}"
            return
        if self.draw:
            nodes = article_graph(a, b)
            fig, ax = plt.subplots(figsize=(6.4, 4.6))
            draw_graph(ax, nodes["e"], show_grad=True,
                       title="e = (a + b)·(b + 1): values, local derivatives, ∂e/∂node")
            fig.tight_layout()
            with self.plot:
                clear_output(wait=True)
                display(fig)
            plt.close(fig)   # shown once, in the Output, and not kept in memory

    def _ipython_display_(self):
        display(self.box)


def graph_widget(**kwargs):
    """Build a :class:`GraphWidget` (see its arguments) and return it; display ``.box``."""
    return GraphWidget(**kwargs)
