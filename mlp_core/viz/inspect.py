"""Drawings for looking inside a trained digit classifier (notebook 07).

Images come as columns, as everywhere in the package: an image of MNIST is a column of 784
pixel values in [0, 1], drawn here as 28 × 28 (row by row, as MNIST stores it).
"""
import io

import numpy as np
from matplotlib.figure import Figure

from ..i18n import N_, _
from .style import COLORS, NEURON_CMAP, SIGNED_CMAP


def _side(n_pixels):
    side = int(round(np.sqrt(n_pixels)))
    if side * side != n_pixels:
        raise ValueError(f"an image needs a square number of pixels (784 = 28²); got {n_pixels}")
    return side


def _figure(figsize):
    # A pyplot figure, so that a notebook cell shows it with plt.show().
    import matplotlib.pyplot as plt
    return plt.figure(figsize=figsize, layout="constrained")


def draw_training_curves(fig, history, epochs=None):
    """Draw the training cost and the test accuracy per epoch into ``fig`` (cleared first).

    history : mlp_core.History;  epochs : the planned number of epochs (fixes the x range).
    The training numbers are History's: measured during each epoch, as the network learnt.
    """
    fig.clear()
    ax_cost, ax_acc = fig.subplots(1, 2)
    n = history.epochs
    x = np.arange(1, n + 1)
    xmax = max(epochs or n, 1)
    ax_cost.plot(x, history.cost, "o-", color=COLORS["cost"], ms=3)
    ax_cost.set(title=_("training cost C (during each epoch)"), xlabel=_("epoch"),
                ylabel=_("cost"), xlim=(0.5, xmax + 0.5))
    if history.test_accuracy:
        ax_acc.plot(x, history.test_accuracy, "o-", color=COLORS["target"], ms=3, label=_("test"))
    if history.train_accuracy:
        ax_acc.plot(x, history.train_accuracy, "--", color=COLORS["neutral"],
                    label=_("training (during each epoch)"))
    ax_acc.set(title=_("accuracy"), xlabel=_("epoch"), ylabel=_("fraction correct"),
               xlim=(0.5, xmax + 0.5), ylim=(0, 1))
    if n:
        ax_acc.legend(loc="lower right")
    return fig


def training_curves(history, epochs=None, figsize=(9, 3.2), pyplot=True):
    """A new figure of :func:`draw_training_curves`. With ``pyplot=False`` the figure is not
    registered with pyplot: safe to redraw from a training thread, and never shown by
    ``plt.show()`` (turn it into PNG bytes with :func:`figure_png`)."""
    if pyplot:
        return draw_training_curves(_figure(figsize), history, epochs)
    # Fixed margins instead of a layout solve: much faster to redraw 30 times.
    fig = draw_training_curves(Figure(figsize=figsize), history, epochs)
    fig.subplots_adjust(left=0.09, right=0.98, bottom=0.16, top=0.9, wspace=0.25)
    return fig


def figure_png(fig, dpi=None):
    """The figure as PNG bytes (for an ``ipywidgets.Image``)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def plot_confusion_matrix(cm, ax=None, title=N_("confusion matrix (rows: true digit)")):
    """Draw a confusion matrix cm (n, n) of counts, each count written in its cell.

    The colour is the count as a share of its row (its true digit), so that a weak digit
    stands out even if the digits are not equally common.
    """
    cm = np.asarray(cm)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1]:
        raise ValueError(f"a confusion matrix is square, (n, n); got shape {cm.shape}")
    if ax is None:
        ax = _figure((5.2, 4.6)).subplots()
    share = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1)
    ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
    n = cm.shape[0]
    for i in range(n):
        for j in range(n):
            if cm[i, j]:
                ax.text(j, i, str(cm[i, j]), ha="center", va="center", fontsize=8,
                        color="white" if share[i, j] > 0.5 else (
                            COLORS["negative"] if i != j else "black"))
    ax.set(xticks=range(n), yticks=range(n), xlabel=_("predicted digit"),
           ylabel=_("true digit"), title=_(title))
    ax.grid(False)
    return ax.figure


def plot_images(X, titles=None, ncols=10, cmap=NEURON_CMAP, vmin=0.0, vmax=1.0, scale=1.15,
                suptitle=None, title_colors=None):
    """Draw the columns of X (n_pixels, k) as square images in a grid.

    titles : k strings, optional;  title_colors : k colours, optional.
    vmin, vmax : the grey range; ``vmax=None`` stretches each image to its own brightest pixel.
    """
    X = np.asarray(X)
    if X.ndim != 2:
        raise ValueError(f"X must hold images as columns, shape (n_pixels, k); got {X.shape}")
    side, k = _side(X.shape[0]), X.shape[1]
    ncols = max(1, min(ncols, k))
    nrows = int(np.ceil(k / ncols))
    fig = _figure((scale * ncols, scale * nrows + (0.5 if titles is not None else 0.2)
                   + (0.3 if suptitle else 0)))
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    for i, ax in enumerate(axes):
        ax.axis("off")
        if i >= k:
            continue
        top = vmax if vmax is not None else (X[:, i].max() if X[:, i].max() > vmin else vmin + 1)
        ax.imshow(X[:, i].reshape(side, side), cmap=cmap, vmin=vmin, vmax=top)
        if titles is not None:
            ax.set_title(titles[i], fontsize=8,
                         color=title_colors[i] if title_colors is not None else "black")
    if suptitle:
        fig.suptitle(suptitle)
    return fig


def plot_wrong_examples(X, mistakes, ncols=6):
    """The images of :func:`mlp_core.evaluation.most_confident_wrong`'s mistakes, each titled
    with what the network said, how bright that output was, and the true digit.

    X : array (n_pixels, m), the images the mistakes index into.
    """
    titles = [_("said {said} ({confidence})\ntrue {true}").format(
                  said=p, confidence=f"{c:.3f}", true=t)
              for p, c, t in zip(mistakes.predicted, mistakes.confidence, mistakes.true)]
    return plot_images(X[:, mistakes.index], titles, ncols=ncols, scale=1.5,
                       title_colors=[COLORS["negative"]] * len(titles),
                       suptitle=_("the most confident mistakes: said (confidence), true"))


def plot_hidden_weights(net, layer=1, ncols=8, scale=1.3, shared_scale=True):
    """Each neuron of ``layer`` drawn as the image of its incoming weights W[layer][j, :].

    Only for a layer whose inputs are pixels (layer 1 of an MNIST network: 784 = 28 × 28).
    Blue: a bright pixel there raises the neuron's z; red: it lowers it; white: no effect.

    shared_scale : True (default) draws every image on one symmetric colour range ±max|w| over
        the whole layer, with one colour bar, so that colours compare across neurons; False
        gives each image its own range ±max|w_j| and its own small colour bar.
    """
    W = np.asarray(net.W[layer])
    side = _side(W.shape[1])
    n = W.shape[0]
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    fig = _figure((scale * ncols + (0.9 if shared_scale else 0.6 * ncols), scale * nrows + 0.5))
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False))
    lim_all = float(np.abs(W).max()) or 1.0
    for j, ax in enumerate(axes.ravel()):
        ax.axis("off")
        if j >= n:
            continue
        lim = lim_all if shared_scale else (float(np.abs(W[j]).max()) or 1.0)
        im = ax.imshow(W[j].reshape(side, side), cmap=SIGNED_CMAP, vmin=-lim, vmax=lim)
        ax.set_title(_("neuron {j}").format(j=j), fontsize=8)
        if not shared_scale:
            fig.colorbar(im, ax=ax, shrink=0.8).ax.tick_params(labelsize=6)
    if shared_scale:
        bar = fig.colorbar(im, ax=axes, shrink=0.9, aspect=25, pad=0.01)
        bar.set_label(_("weight w"), fontsize=9)
    fig.suptitle((_("incoming weights of the {n} neurons of layer {layer} (blue +, red −, "
                    "white 0; one colour scale for all)") if shared_scale else
                  _("incoming weights of the {n} neurons of layer {layer} (blue +, red −, "
                    "white 0; each its own scale)")).format(n=n, layer=layer))
    return fig


def plot_preparation(ink, prepared, shrunk, outputs=None, scale=2.3):
    """The MNIST-style preparation of a drawing, stage by stage (notebook 07's lesson).

    ink : array (H, W)            the drawing as drawn (e.g. a 280 × 280 pad), ink in [0, 1]
    prepared : mlp_core.digit_preparation.Prepared   its preparation
    shrunk : array (28, 28)       the drawing shrunk whole, without preparation
    outputs : (array (10, 1), array (10, 1)), optional   the network's outputs for ``shrunk``
                                  and for the prepared image: its answer is written under
                                  those two panels

    Four panels: the drawing with its ink's bounding box; the box fitted in 20 × 20; the
    20 × 20 box centred by mass in 28 × 28 (the cross marks the centre, row 14, column 14);
    and, for comparison, the whole drawing shrunk to 28 × 28.
    """
    from matplotlib.patches import Rectangle
    fig = _figure((4 * scale, scale + 0.9))
    axes = fig.subplots(1, 4)
    r0, r1, c0, c1 = prepared.box
    panels = [(ink, _("1. the drawing, {rows} × {cols}").format(rows=ink.shape[0],
                                                                cols=ink.shape[1])),
              (prepared.boxed, _("2. its ink fitted in 20 × 20")),
              (prepared.image, _("3. centred by mass in 28 × 28")),
              (shrunk, _("without preparation:\nthe drawing shrunk to 28 × 28"))]
    for k, (ax, (img, title)) in enumerate(zip(axes, panels)):
        ax.imshow(img, cmap=NEURON_CMAP, vmin=0, vmax=1)
        ax.set_title(title, fontsize=9)
        ax.set(xticks=[], yticks=[])
        ax.grid(False)
    axes[0].add_patch(Rectangle((c0 - 0.5, r0 - 0.5), c1 - c0, r1 - r0, fill=False,
                                ec=COLORS["gradient"], lw=1.5))
    axes[2].plot([14], [14], "+", color=COLORS["gradient"], ms=12, mew=1.5)
    if outputs is not None:
        said = [_("network: {digit} ({output})").format(digit=int(np.argmax(a)),
                                                       output=f"{np.max(a):.3f}") for a in outputs]
        axes[3].set_xlabel(said[0], fontsize=9, color=COLORS["negative"])
        axes[2].set_xlabel(said[1], fontsize=9, color=COLORS["target"])
    return fig


def plot_output_bars(a, ax=None, title=N_("the 10 output neurons")):
    """Bars of the output activations a (n_out,) or (n_out, 1); the brightest in green."""
    a = np.asarray(a, dtype=float).ravel()
    if ax is None:
        ax = _figure((4.5, 2.6)).subplots()
    colors = [COLORS["neutral"]] * len(a)
    colors[int(np.argmax(a))] = COLORS["target"]
    ax.bar(np.arange(len(a)), a, color=colors)
    ax.set(xticks=range(len(a)), xlabel=_("digit"), ylabel=_("activation"), ylim=(0, 1),
           title=_(title))
    return ax.figure
