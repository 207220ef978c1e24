"""What a first-layer neuron looks for: its 784 incoming weights drawn as a 28 × 28 image.

A neuron j of the first hidden layer computes

    z_j = Σ_k W[1][j, k] · x_k + b[1][j],     x_k ∈ [0, 1] the ink of pixel k,

so its weights W[1][j, :] have one value per pixel and can be drawn where the pixels are.
Pixels are never negative, so the weighted sum splits by the sign of the weights:

    Σ_k W[1][j, k] x_k  =  (ink on the pixels where w > 0, weighted)
                         − (ink on the pixels where w < 0, weighted)

— the neuron is a pattern detector: z is large when the ink falls on its positive (blue)
region and avoids its negative (red) one. The bias is a threshold: a = σ(z) > ½ exactly
when the weighted sum exceeds −b.

Colours: :data:`~mlp_core.viz.style.SIGNED_CMAP`, red negative, white 0, blue positive,
always with a colour bar.
"""
from typing import NamedTuple

import numpy as np

from ..i18n import _
from .style import SIGNED_CMAP, NEURON_CMAP


class WeightedSum(NamedTuple):
    """z = positive − negative + b, for one neuron and one image (see :func:`weighted_sum_parts`)."""
    positive: float   # Σ over pixels with w > 0 of w·x   (≥ 0): ink on the blue region
    negative: float   # Σ over pixels with w < 0 of |w|·x (≥ 0): ink on the red region
    b: float          # the bias
    z: float          # the weighted input, positive − negative + b


def weighted_sum_parts(w, x, b):
    """Split a neuron's weighted input by the sign of its weights.

    Parameters
    ----------
    w : array, shape (n,) or (1, n)   the neuron's incoming weights (a row of W[1])
    x : array, shape (n,) or (n, 1)   one image, pixel values in [0, 1]
    b : float                         the neuron's bias

    Returns
    -------
    WeightedSum(positive, negative, b, z), with z = w·x + b = positive − negative + b.
    """
    w = np.asarray(w, dtype=float).ravel()
    x = np.asarray(x, dtype=float).ravel()
    if w.shape != x.shape:
        raise ValueError(f"w and x need one value per pixel each; got {w.size} weights and "
                         f"{x.size} pixels")
    b = float(np.asarray(b).ravel()[0]) if np.ndim(b) else float(b)
    contrib = w * x
    positive = float(contrib[w > 0].sum())
    negative = float(-contrib[w < 0].sum())
    return WeightedSum(positive, negative, b, positive - negative + b)


def _side(n_pixels):
    side = int(round(np.sqrt(n_pixels)))
    if side * side != n_pixels:
        raise ValueError(f"weights drawn as an image need a square number of pixels "
                         f"(784 = 28²); got {n_pixels}")
    return side


def _figure(figsize):
    import matplotlib.pyplot as plt   # a pyplot figure, so that plt.show() shows it
    return plt.figure(figsize=figsize, layout="constrained")


def weight_limit(W, q=99.0):
    """The colour range ±lim for the weights W: the q-th percentile of |W| (a few extreme
    weights would otherwise wash every image out to white); weights beyond it take the end
    colours, and the colour bar's pointed ends say so."""
    lim = float(np.percentile(np.abs(np.asarray(W, dtype=float)), q))
    return lim if lim > 0 else 1.0


def plot_weight_images(W, neurons=None, b=None, ncols=8, scale=1.45, title=None, layer=None):
    """Draw rows of W as square images with one shared, symmetric colour range and one
    colour bar.

    Parameters
    ----------
    W : array, shape (n_out, n_pixels)  e.g. ``net.W[1]``, (16, 784)
    neurons : list of int, optional     which rows to draw (default: all)
    b : array, shape (n_out, 1) or (n_out,), optional
        the biases; if given, each image's title gives its neuron's bias
    ncols : int;  scale : inches per image;  title : str, optional
    layer : int, optional
        the layer l of W = W[l]: without a ``title``, the title says that each image is a
        neuron's weights W[l][j, :]

    Returns the figure.
    """
    W = np.asarray(W, dtype=float)
    if W.ndim != 2:
        raise ValueError(f"W must be a matrix (n_out, n_pixels); got shape {W.shape}")
    neurons = list(range(W.shape[0])) if neurons is None else [int(j) for j in neurons]
    side = _side(W.shape[1])
    lim = weight_limit(W[neurons])
    ncols = max(1, min(ncols, len(neurons)))
    nrows = int(np.ceil(len(neurons) / ncols))
    fig = _figure((scale * ncols + 0.9, scale * nrows + 0.9))
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    for n, ax in enumerate(axes):
        ax.axis("off")
        if n >= len(neurons):
            continue
        j = neurons[n]
        im = ax.imshow(W[j].reshape(side, side), cmap=SIGNED_CMAP, vmin=-lim, vmax=lim)
        label = _("neuron {j}").format(j=j)
        if b is not None:
            label += f"\nb = {float(np.ravel(b)[j]):.2f}"
        ax.set_title(label, fontsize=8)
    fig.colorbar(im, ax=axes.tolist(), shrink=0.9, fraction=0.03, pad=0.01, extend="both",
                 label=_("weight from that pixel"))
    if title is None and layer is not None:
        title = _("layer {l}: the weights W[{l}][j, :] of each neuron j as a {side} × {side} "
                  "image").format(l=layer, side=side)
    if title:
        fig.suptitle(title)
    return fig


def plot_pattern_match(w, x, b, neuron=None, image_title=None, image=None, label=None):
    """One neuron reading one image, in three panels: the image x; the neuron's weights w
    drawn as an image; and each pixel's share of the weighted sum, w_k·x_k (zero wherever
    the image has no ink). The third panel's title gives the two sums and z.

    w : array (n_pixels,) or (1, n_pixels);  x : array (n_pixels,) or (n_pixels, 1);
    b : float;  neuron : int, for the titles.
    image_title : str, the first panel's title; by default "image {image}, labelled {label}"
    when ``image`` (its index) and ``label`` (its digit) are given, else "the image x".
    Returns the figure.
    """
    w = np.asarray(w, dtype=float).ravel()
    x = np.asarray(x, dtype=float).ravel()
    parts = weighted_sum_parts(w, x, b)
    side = _side(w.size)
    fig = _figure((11.5, 3.9))
    ax_x, ax_w, ax_c = fig.subplots(1, 3)
    name = _("the neuron") if neuron is None else _("neuron {j}").format(j=neuron)
    ax_x.imshow(x.reshape(side, side), cmap=NEURON_CMAP, vmin=0, vmax=1)
    if image_title is None:
        image_title = (_("image {i}, labelled {label}").format(i=image, label=label)
                       if image is not None and label is not None else _("the image x"))
    ax_x.set_title(image_title, fontsize=10)
    lim = weight_limit(w)
    im_w = ax_w.imshow(w.reshape(side, side), cmap=SIGNED_CMAP, vmin=-lim, vmax=lim)
    ax_w.set_title(_("weights of {neuron}\n(blue +, red −)").format(neuron=name), fontsize=10)
    fig.colorbar(im_w, ax=ax_w, shrink=0.8, extend="both",
                 label=_("weight {symbol}").format(symbol=r"$w_k$"))
    contrib = w * x
    clim = float(np.abs(contrib).max()) or 1.0
    im_c = ax_c.imshow(contrib.reshape(side, side), cmap=SIGNED_CMAP, vmin=-clim, vmax=clim)
    ax_c.set_title(_("each pixel's share {symbol}: blue {positive} − red {negative}\n"
                     "+ b ({b}) = z = {z}").format(symbol="$w_k x_k$",
                                                   positive=f"{parts.positive:.1f}",
                                                   negative=f"{parts.negative:.1f}",
                                                   b=f"{parts.b:.2f}", z=f"{parts.z:.2f}"),
                   fontsize=10)
    fig.colorbar(im_c, ax=ax_c, shrink=0.8, label=r"$w_k x_k$")
    for ax in (ax_x, ax_w, ax_c):
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        for side in ax.spines.values():
            side.set_visible(True)
            side.set_color("#bbbbbb")   # a thin frame: the third panel is mostly white
    return fig
