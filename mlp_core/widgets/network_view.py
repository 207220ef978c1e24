"""Notebook 01: pick an MNIST image with a slider and see the network light up for it.

The readout text is :func:`network_view_readout`; the plot is
:func:`mlp_core.viz.network_drawing.draw_network` beside the image itself.
"""
import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..i18n import _
from ..viz.network_drawing import draw_network, pixel_grid
from ..viz.style import NEURON_CMAP
from .figure_output import show_in


def network_view_readout(net, X, labels, i):
    """``"image 17, labelled 3: the network's brightest output is 5 (0.812)"``: the label and the
    network's answer for column i of X (shape (n_0, m)); labels shape (m,)."""
    a = net.feedforward(X[:, [i]])[:, 0]
    best = int(np.argmax(a))
    return _("image {i}, labelled {label}: the network's brightest output is {best} "
             "({activation})").format(i=i, label=int(labels[i]), best=best,
                                      activation=f"{a[best]:.3f}")


class NetworkView:
    """An image slider (``mlp-control-image``), a readout (``mlp-readout``) and the drawing
    (``mlp-plot``) in ``box`` (class ``mlp-network-view``)."""

    def __init__(self, net, X, labels, i=0, draw=True):
        self.net, self.X, self.labels, self.draw = net, net.check_input(X), np.asarray(labels), draw
        self.image = widgets.IntSlider(value=i, min=0, max=self.X.shape[1] - 1,
                                       description=_("image"), continuous_update=False)
        self.image.add_class("mlp-control-image")
        self.readout = widgets.HTML()
        self.readout.add_class("mlp-readout")
        self.plot = widgets.Output()
        self.plot.add_class("mlp-plot")
        self.box = widgets.VBox([self.image, self.readout, self.plot])
        self.box.add_class("mlp-network-view")
        self.image.observe(self.update, names="value")
        self.update()

    def update(self, change=None):
        i = self.image.value
        self.readout.value = network_view_readout(self.net, self.X, self.labels, i)
        if self.draw:
            show_in(self.plot, figure_for_image(self.net, self.X[:, [i]], int(self.labels[i]), i))

    def _ipython_display_(self):
        from IPython.display import display
        display(self.box)


def figure_for_image(net, x, label, i):
    """The image (28×28 if it has 784 pixels) beside the network drawn for it; returns the
    figure. x : array, shape (n_0, 1).

    For a 784-pixel image the drawing's input column is the same 16 pixels for every image
    (:func:`~mlp_core.viz.network_drawing.pixel_grid`), outlined in yellow on the image, so
    that picking another image visibly changes the input neurons.
    """
    from matplotlib.patches import Rectangle
    fig, (ax_img, ax_net) = plt.subplots(1, 2, figsize=(11, 5.6),
                                         gridspec_kw={"width_ratios": [1, 3.2]})
    inputs = None
    if x.shape[0] == 784:
        inputs = pixel_grid()
        ax_img.imshow(x.reshape(28, 28), cmap=NEURON_CMAP, vmin=0, vmax=1)
        for p in inputs:
            r, c = divmod(int(p), 28)
            ax_img.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, ec=PIXEL_MARK, lw=1.5))
        ax_img.set_xlabel(_("outlined: the 16 pixels drawn\nas input neurons, top row first"),
                          fontsize=9)
    ax_img.set_title(_("image {i}, labelled {label}").format(i=i, label=label))
    ax_img.set_xticks([])
    ax_img.set_yticks([])
    ax_img.grid(False)
    draw_network(ax_net, net, x, inputs=inputs, title=_("the network's activations for this image"))
    fig.tight_layout()
    return fig


#: The outline of the pixels drawn as input neurons (the yellow of the network's answer).
PIXEL_MARK = "#ffd166"
