"""The network drawn as 3Blue1Brown draws it: neurons as circles, connections as lines.

* A neuron is a circle filled with its activation as a shade of grey: black for 0, white
  for 1 (on a dark background, as in the video). Activations outside [0, 1] (tanh, ReLU)
  are clipped to that range for the shade only.
* A connection is a line coloured by the sign of its weight — ``COLORS["positive"]`` (blue)
  for w > 0, ``COLORS["negative"]`` (red) for w < 0 — and drawn more opaque and thicker the
  larger |w| is, relative to the largest |w| of its layer.
* A layer with more neurons than ``max_shown`` (the 784 inputs) is summarised: only
  ``max_shown`` of its neurons are drawn, in index order, and a label says so. Which ones:
  for the input layer, the ones given in ``inputs`` (e.g. :func:`pixel_grid`, the same 16
  pixels for every image, so that another image visibly changes the column), else the
  ``max_shown`` most active. (The most active pixels of an MNIST image are nearly all at
  0.99–1.0, so that choice draws 16 white circles for almost every image.)

Use :func:`draw_network` on any matplotlib axes::

    fig, ax = plt.subplots(figsize=(9, 6))
    draw_network(ax, net, X[:, [0]], inputs=pixel_grid())   # one image, a (784, 1) column
"""
from typing import List, NamedTuple

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.patches import Circle

from ..i18n import _
from .style import COLORS

BACKGROUND = "#101418"   # the dark background of 3Blue1Brown's drawings


class DrawnNetwork(NamedTuple):
    """What :func:`draw_network` drew, for the caller (and the tests) to inspect.

    shown : list of int arrays, ``shown[l]`` = the indices of the neurons of layer l drawn
        (all of them unless the layer was summarised).
    a : list of arrays, ``a[l]`` of shape (n_l,): every activation of the example.
    circles : list of lists of matplotlib Circle, ``circles[l][i]`` draws neuron
        ``shown[l][i]``.
    lines : list, ``lines[l]`` the LineCollection of the connections into layer l
        (``lines[0]`` is None).
    """
    shown: List[np.ndarray]
    a: List[np.ndarray]
    circles: list
    lines: list


def neurons_to_show(a, max_shown):
    """Which neurons of a layer to draw: all of them if there are at most ``max_shown``,
    else the ``max_shown`` most active ones (the brightest pixels for the input layer).

    Parameters
    ----------
    a : array, shape (n,)
        The layer's activations for one example.
    max_shown : int

    Returns
    -------
    array of int, shape (min(n, max_shown),), sorted ascending.
    """
    a = np.asarray(a).ravel()
    if a.size <= max_shown:
        return np.arange(a.size)
    # stable sort: among equal activations the lower index wins, so the choice is repeatable
    order = np.argsort(-a, kind="stable")
    return np.sort(order[:max_shown])


#: The rows (and columns) of the 4 × 4 grid of pixels :func:`pixel_grid` picks: they span
#: the middle of the 28 × 28 frame, where MNIST's digits are centred, so that most images have
#: ink on a few of them and no two digits light the same ones.
GRID_LINES = (7, 11, 15, 19)


def pixel_grid(side=28, lines=GRID_LINES):
    """The input indices of a grid of pixels: pixel (row r, column c) is input ``side·r + c``
    (the image read row by row).

    Returns an int array of shape (len(lines)²,), sorted ascending (top row first).
    """
    lines = np.asarray(lines)
    if lines.ndim != 1 or lines.min() < 0 or lines.max() >= side:
        raise ValueError(f"lines must be row numbers from 0 to {side - 1}; got {lines.tolist()}")
    return (side * lines[:, None] + lines[None, :]).ravel()


def shade(a):
    """The grey (r, g, b) of a neuron of activation a: black at 0, white at 1."""
    g = float(np.clip(a, 0.0, 1.0))
    return (g, g, g)


def connection_colors(w, w_max):
    """RGBA colours of connections of weights w: blue positive, red negative, opacity
    from 0.08 (w ≈ 0) to 0.9 (|w| = w_max).

    w : array, shape (k,); w_max : float > 0. Returns an array of shape (k, 4).
    """
    import matplotlib.colors as mcolors
    w = np.asarray(w, dtype=float).ravel()
    pos, neg = np.array(mcolors.to_rgb(COLORS["positive"])), np.array(mcolors.to_rgb(COLORS["negative"]))
    rgb = np.where((w >= 0)[:, None], pos, neg)
    alpha = 0.08 + 0.82 * np.clip(np.abs(w) / w_max, 0.0, 1.0)
    return np.column_stack([rgb, alpha])


def draw_network(ax, net, x, max_shown=16, show_output_labels=True, title=None, inputs=None):
    """Draw ``net`` with the activations it computes for one example ``x``.

    Parameters
    ----------
    ax : matplotlib Axes
        Drawn into; its limits, background and aspect are set here.
    net : mlp_core.Network
        Any fully connected network (3Blue1Brown's is ``Network([784, 16, 16, 10])``).
    x : array, shape (n_0, 1) or (n_0,)
        One example (one column).
    max_shown : int
        Layers with more neurons are summarised by their ``max_shown`` most active ones.
    show_output_labels : bool
        Write each output neuron's index (the digit) and activation beside it.
    title : str, optional
    inputs : array of int, optional
        The input neurons to draw (e.g. :func:`pixel_grid`), the same for every example.
        By default an input layer larger than ``max_shown`` shows its most active neurons.

    Returns
    -------
    DrawnNetwork
        The indices drawn, the activations, and the artists (for tests and for updates).
    """
    x = np.asarray(x)
    if x.ndim == 1:
        x = x.reshape(-1, 1)
    if x.ndim != 2 or x.shape != (net.sizes[0], 1):
        raise ValueError(f"draw_network draws one example: x must have shape ({net.sizes[0]}, 1) "
                         f"or ({net.sizes[0]},); got shape {np.asarray(x).shape}")
    a = [col[:, 0] for col in net.forward(x).a]
    L = net.L
    shown = [neurons_to_show(a[l], max_shown) for l in range(L + 1)]
    if inputs is not None:
        inputs = np.sort(np.asarray(inputs, dtype=int).ravel())
        if inputs.size == 0 or inputs.min() < 0 or inputs.max() >= net.sizes[0]:
            raise ValueError(f"inputs must be indices of input neurons, 0 to {net.sizes[0] - 1}; "
                             f"got {inputs.tolist()}")
        shown[0] = inputs

    # Layout: layer l at x = l; the drawn neurons of the tallest layer fill the height H,
    # shorter layers are centred. Equal aspect keeps the circles round.
    tallest = max(len(s) for s in shown)
    H = 0.6 * L
    radius = 0.38 * H / max(tallest, 2)

    def ys(n):
        if n == 1:
            return np.array([H / 2])
        gap = H / max(tallest - 1, 1)
        return H / 2 + gap * ((n - 1) / 2 - np.arange(n))
    pos = [ys(len(s)) for s in shown]

    ax.set_facecolor(BACKGROUND)
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_xticks([])
    ax.set_yticks([])

    lines = [None]
    for l in range(1, L + 1):
        W = net.W[l][np.ix_(shown[l], shown[l - 1])]          # (drawn n_l, drawn n_{l−1})
        w_max = float(np.max(np.abs(net.W[l]))) or 1.0
        segs = [((l - 1, y0), (l, y1)) for y1 in pos[l] for y0 in pos[l - 1]]
        lc = LineCollection(segs, colors=connection_colors(W.ravel(), w_max),
                            linewidths=0.3 + 1.4 * np.abs(W.ravel()) / w_max, zorder=1)
        ax.add_collection(lc)
        lines.append(lc)

    circles = []
    for l in range(L + 1):
        row = []
        for i, y in zip(shown[l], pos[l]):
            c = Circle((l, y), radius, facecolor=shade(a[l][i]), edgecolor="#cfd6dd",
                       linewidth=0.8, zorder=3)
            ax.add_patch(c)
            row.append(c)
        circles.append(row)

    # Labels: the layer's name and size; a note where the layer is summarised.
    for l in range(L + 1):
        name = _("input") if l == 0 else (_("output") if l == L else _("hidden {l}").format(l=l))
        note = _("{n} neurons").format(n=net.sizes[l])
        if len(shown[l]) < net.sizes[l]:
            which = _("fixed pixels") if (l == 0 and inputs is not None) else _("the most active")
            note = _("{shown} of {n} shown\n({which})").format(shown=len(shown[l]),
                                                               n=net.sizes[l], which=which)
        ax.text(l, -3 * radius, f"{name}\n{note}", color="#e6e6e6", ha="center", va="top", fontsize=9)
    if show_output_labels:
        best = int(np.argmax(a[L]))
        for i, y in zip(shown[L], pos[L]):
            ax.text(L + 1.6 * radius + 0.04, y, f"{i}  {a[L][i]:.2f}", va="center", fontsize=9,
                    color="#ffd166" if i == best else "#e6e6e6",
                    fontweight="bold" if i == best else "normal")
    ax.set_xlim(-0.5, L + 0.5)
    ax.set_ylim(-0.27 * H, H + 2 * radius)
    ax.set_aspect("equal")
    if title:
        ax.set_title(title, pad=8)
    return DrawnNetwork(shown, a, circles, lines)
