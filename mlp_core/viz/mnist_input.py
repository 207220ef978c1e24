"""An MNIST image two ways: the 28×28 picture, and the 784 input activations it becomes."""
import numpy as np

from ..i18n import _
from .style import COLORS, NEURON_CMAP


def plot_image_as_inputs(ax_image, ax_inputs, x, label=None):
    """Left: the image as a 28×28 grid. Right: the same numbers as one long list of 784
    input activations a[0]_i, i = 28·row + column (the grid read row by row).

    x : array, shape (784, 1) or (784,), values in [0, 1]; label : the digit, for the title.
    """
    x = np.asarray(x, dtype=float).ravel()
    if x.shape != (784,):
        raise ValueError(f"an MNIST image has 784 pixels: shape (784, 1) or (784,); "
                         f"got {np.asarray(x).shape}")
    ax_image.imshow(x.reshape(28, 28), cmap=NEURON_CMAP, vmin=0, vmax=1)
    ax_image.set_title(_("28 × 28 pixels") if label is None
                       else _("28 × 28 pixels, labelled {label}").format(label=label))
    ax_image.set_xlabel(_("column"))
    ax_image.set_ylabel(_("row"))
    ax_image.grid(False)
    ax_image.set_xticks([0, 7, 14, 21, 27])
    ax_image.set_yticks([0, 7, 14, 21, 27])

    i = np.arange(784)
    ax_inputs.vlines(i, 0, x, color=COLORS["current"], lw=0.8)
    for r in range(0, 785, 28 * 7):     # mark every 7th row boundary of the image
        ax_inputs.axvline(r, color=COLORS["neutral"], lw=0.6, ls=":")
    ax_inputs.set_xlim(0, 784)
    ax_inputs.set_ylim(0, 1.05)
    ax_inputs.set_xlabel(_("input neuron i = 28·row + column"))
    # mathtext: a raw "_i" would print as is
    ax_inputs.set_ylabel(_("activation {symbol}").format(symbol=r"$a^{[0]}_i$"))
    ax_inputs.set_title(_("the same image as 784 input activations"))
    ax_inputs.set_xticks([0, 196, 392, 588, 784])
