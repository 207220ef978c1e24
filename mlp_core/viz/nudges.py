"""Drawings of 3Blue1Brown's desired nudges (notebook 04).

Every function takes plain arrays (computed by :mod:`mlp_core.nudges`) and either draws on
the axes it is given or makes its own figure, which it returns. Colours: a wish to go up is
blue, down is red (``COLORS["positive"]``/``["negative"]``); in the stacked charts each output
neuron (digit) has its own colour from :data:`DIGIT_COLORS`, and the direction (up/down)
carries the sign.
"""
import io

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from ..i18n import _
from .style import COLORS, NEURON_CMAP, SIGNED_CMAP

#: One colour per output neuron 0 … 9 (matplotlib's tab10): who asks for what.
DIGIT_COLORS = [plt.get_cmap("tab10")(j) for j in range(10)]


def _signed(values):
    return [COLORS["positive"] if v >= 0 else COLORS["negative"] for v in values]


def plot_output_wishes(a_L, y, wish, highlight=None):
    """The output layer of one example: current activations, targets, desired changes.

    Parameters
    ----------
    a_L : array, shape (10,)    current output activations
    y : array, shape (10,)      the one-hot target
    wish : array, shape (10,)   desired changes, 2 (y − a_L)
    highlight : int, optional   the correct digit, named in the title

    Returns the matplotlib Figure (two panels side by side).
    """
    a_L, y, wish = (np.asarray(v, dtype=float).ravel() for v in (a_L, y, wish))
    digits = np.arange(a_L.size)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.4))
    ax1.bar(digits, a_L, color=COLORS["neutral"], label=_("current activation a"))
    ax1.scatter(digits, y, marker="_", s=500, linewidths=3, color=COLORS["target"],
                label=_("target y"), zorder=3)
    ax1.set(xticks=digits, ylim=(0, 1.08), xlabel=_("output neuron (digit)"),
            ylabel=_("activation"), title=_("What the network says, and what it should say"))
    ax1.legend(loc="upper right", fontsize=9)
    ax2.bar(digits, wish, color=_signed(wish))
    ax2.axhline(0, color=COLORS["current"], lw=0.8)
    for d, v in zip(digits, wish):
        ax2.annotate(f"{v:+.2f}", (d, v), ha="center", va="bottom" if v >= 0 else "top",
                     fontsize=8, xytext=(0, 2 if v >= 0 else -2), textcoords="offset points")
    lim = max(0.1, np.abs(wish).max()) * 1.25
    ax2.set(xticks=digits, ylim=(-lim, lim), xlabel=_("output neuron (digit)"),
            ylabel=_("desired change 2(y − a)"),
            title=_("The desired changes (wish)") if highlight is None else
            _("The desired changes (wish): the {digit} wants up").format(digit=highlight))
    fig.tight_layout()
    return fig


def draw_connections(ax, a_prev, W_row, a_j, j, order=None):
    """A small drawing of one neuron and the layer below it, 3Blue1Brown-style.

    The neurons of the previous layer are circles filled by their activation (black 0, white
    1), listed in ``order`` (top to bottom); a line joins each to neuron j, blue for a
    positive weight and red for a negative one, as thick as |w|.

    a_prev : (n_prev,) activations; W_row : (n_prev,) weights into j; a_j : float; j : int.
    """
    a_prev, W_row = np.asarray(a_prev, dtype=float), np.asarray(W_row, dtype=float)
    n = a_prev.size
    order = np.arange(n) if order is None else np.asarray(order)
    ys = np.linspace(1, 0, n)
    wmax = max(np.abs(W_row).max(), 1e-12)
    for row, k in enumerate(order):
        ax.plot([0, 1], [ys[row], 0.5], color=_signed([W_row[k]])[0],
                lw=0.3 + 3.5 * abs(W_row[k]) / wmax, alpha=0.8, zorder=1)
    cmap = plt.get_cmap(NEURON_CMAP)
    ax.scatter(np.zeros(n), ys, s=110, c=[cmap(a_prev[k]) for k in order],
               edgecolors=COLORS["current"], zorder=2)
    for row, k in enumerate(order):
        ax.annotate(f"{k}", (0, ys[row]), xytext=(-14, 0), textcoords="offset points",
                    ha="right", va="center", fontsize=7)
    ax.scatter([1], [0.5], s=500, c=[cmap(a_j)], edgecolors=COLORS["current"], zorder=2)
    ax.annotate(_("neuron {j}\na = {a}").format(j=j, a=f"{a_j:.2f}"), (1, 0.5), xytext=(0, -26),
                textcoords="offset points", ha="center", va="top", fontsize=9)
    ax.set(xlim=(-0.25, 1.25), ylim=(-0.2, 1.06), xticks=[], yticks=[])
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)


def plot_levers(levers, W_row, a_j, j):
    """The three levers on neuron j for one example (article A's three levers).

    Parameters
    ----------
    levers : mlp_core.nudges.NeuronLevers   from ``neuron_levers(net, wishes, l, j)``
    W_row : array, shape (n_prev,)          the weights into neuron j
    a_j : float                             neuron j's activation
    j : int

    Returns a Figure: the drawing; lever 2 (the weights, ranked by value for money: the
    activation they come from, with each weight's desired nudge); lever 3 (the wish for each
    previous activation, which follows the weight's sign and size). The bias lever is
    written in the drawing's title.
    """
    order = levers.ranking
    fig, axes = plt.subplots(1, 3, figsize=(13, 4.2),
                             gridspec_kw={"width_ratios": [0.8, 1.3, 1.3]})
    draw_connections(axes[0], levers.value_for_money, W_row, a_j, j, order)
    axes[0].set_title(_("lever 1, the bias: nudge {nudge}\n(previous layer: brightest first)")
                      .format(nudge=f"{levers.bias_nudge:+.3f}"), fontsize=10)
    pos = np.arange(order.size)
    ax = axes[1]
    ax.bar(pos - 0.2, levers.value_for_money[order], width=0.4, color=COLORS["neutral"],
           label=_("value for money: activation a[k] (left axis)"))
    # The nudges are the activations times one number, z_wish: on their own axis (right),
    # scaled by that number, the two sets of bars have the same heights.
    twin = ax.twinx()
    twin.bar(pos + 0.2, levers.weight_nudges[order], width=0.4, color=COLORS["gradient"],
             label=_("desired weight nudge = {z_wish} × a[k] (right axis)").format(
                 z_wish=f"{levers.z_wish:+.3f}"))
    top = max(levers.value_for_money.max(), 1e-12) * 1.3
    ax.set_ylim(0, top) if levers.z_wish >= 0 else ax.set_ylim(-top, top)
    twin.set_ylim(*(np.array(ax.get_ylim()) * abs(levers.z_wish)))
    twin.grid(False)
    twin.spines["right"].set_visible(True)
    twin.tick_params(axis="y", colors=COLORS["gradient"])
    twin.set_ylabel(_("desired weight nudge"), color=COLORS["gradient"])
    ax.set(xticks=pos, xticklabels=[str(k) for k in order], xlabel=_("neuron k below (ranked)"),
           ylabel=_("activation a[k]"), title=_("lever 2: the weights into neuron {j}").format(j=j))
    ax.tick_params(axis="x", labelsize=8)
    handles = ax.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
    ax.legend(handles, [h.get_label() for h in handles], fontsize=8, loc="upper right")
    ax = axes[2]
    ax.bar(pos, levers.prev_wish[order], color=_signed(levers.prev_wish[order]))
    ax.axhline(0, color=COLORS["current"], lw=0.8)
    ax.set(xticks=pos, xticklabels=[str(k) for k in order], xlabel=_("neuron k below (ranked)"),
           ylabel=_("desired change of a[k]"),
           title=_("lever 3: wish for the activations\n= {z_wish} × weight w[{j}, k]").format(
               z_wish=f"{levers.z_wish:+.3f}", j=j))
    ax.tick_params(axis="x", labelsize=8)
    fig.tight_layout()
    return fig


def draw_stacked_wish(ax, parts, selected, title="", ylim=None, xlabel=None, ncol=11):
    """Stacked bars: each selected output neuron's part of a layer's wish, and their sum.

    Parameters
    ----------
    ax : matplotlib Axes
    parts : array, shape (n_out, n)    row j: the part output neuron j asks for
    selected : sequence of int         the output neurons to stack
    title : str
    ylim : (low, high), optional       fixed limits, so toggling does not rescale the axes
    xlabel : str, optional;  ncol : int   the x label ("neuron of the layer" if None, in the
                                       reader's language); the legend's number of columns

    Positive parts stack upward from 0, negative ones downward, each in its digit's colour;
    a black diamond marks the sum of the selected parts for each neuron.
    """
    parts = np.asarray(parts, dtype=float)
    n = parts.shape[1]
    x = np.arange(n)
    up, down = np.zeros(n), np.zeros(n)
    for j in sorted(selected):
        p = parts[j]
        pos, neg = np.where(p > 0, p, 0.0), np.where(p < 0, p, 0.0)
        ax.bar(x, pos, bottom=up, color=DIGIT_COLORS[j % 10], width=0.75,
               label=_("from {j}").format(j=j))
        ax.bar(x, neg, bottom=down, color=DIGIT_COLORS[j % 10], width=0.75)
        up += pos
        down += neg
    total = parts[sorted(selected)].sum(axis=0) if len(selected) else np.zeros(n)
    ax.scatter(x, total, marker="D", s=28, color=COLORS["current"], zorder=3,
               label=_("sum (the wish)"))
    ax.axhline(0, color=COLORS["current"], lw=0.8)
    ax.set(xticks=x, xlabel=_("neuron of the layer") if xlabel is None else xlabel,
           ylabel=_("desired change of its activation"), title=title)
    if ylim is not None:
        ax.set_ylim(*ylim)
    _stack_legend(ax, ncol)


def _stack_legend(ax, ncol):
    """The legend below the axes: the digits in order, then the sum."""
    handles, labels = ax.get_legend_handles_labels()
    order = sorted(range(len(labels)), key=lambda i: labels[i] == _("sum (the wish)"))
    ax.legend([handles[i] for i in order], [labels[i] for i in order], fontsize=7, ncol=ncol,
              loc="upper center", bbox_to_anchor=(0.5, -0.16), frameon=False)


def stacked_limits(parts):
    """y-limits that fit every possible selection of parts (n_out, n): the all-positive and
    all-negative stacks, with a margin."""
    parts = np.asarray(parts, dtype=float)
    hi, lo = np.where(parts > 0, parts, 0).sum(0).max(), np.where(parts < 0, parts, 0).sum(0).min()
    span = max(hi - lo, 1e-12)
    return lo - 0.08 * span, hi + 0.08 * span


def plot_stacked_wish(parts, selected, title=""):
    """:func:`draw_stacked_wish` on a figure of its own; returns the Figure."""
    fig, ax = plt.subplots(figsize=(10, 4.2))
    draw_stacked_wish(ax, parts, selected, title, stacked_limits(parts))
    fig.tight_layout()
    return fig


def plot_layer_wishes(parts_by_layer):
    """Several hidden layers' wishes at once, every output neuron ticked: one panel per layer,
    each as :func:`draw_stacked_wish` (the widget's picture, for a reader without a kernel).

    parts_by_layer : dict l → array, shape (n_out, n_l)   row j: output neuron j's part of
        hidden layer l's wish (``wish_by_output_neuron``); drawn top to bottom in its order.

    Returns the Figure.
    """
    layers = list(parts_by_layer)
    fig, axes = plt.subplots(len(layers), 1, figsize=(11, 4.2 * len(layers)), squeeze=False)
    for ax, l in zip(axes[:, 0], layers):
        parts = np.asarray(parts_by_layer[l], dtype=float)
        draw_stacked_wish(ax, parts, range(parts.shape[0]),
                          _("hidden layer {l}: the {n} output neurons' parts of its wish, and "
                            "their sum").format(l=l, n=parts.shape[0]),
                          stacked_limits(parts),
                          xlabel=_("neuron k of hidden layer {l}").format(l=l))
    fig.tight_layout()
    return fig


def draw_output_selection(ax, wish, selected):
    """The output layer's wishes as bars, the selected neurons in their digit's colour and
    the others grey. wish : (n_out,); selected : sequence of int."""
    wish = np.asarray(wish, dtype=float)
    x = np.arange(wish.size)
    colors = [DIGIT_COLORS[j % 10] if j in selected else "#dddddd" for j in x]
    ax.bar(x, wish, color=colors, edgecolor=COLORS["current"], linewidth=0.5)
    ax.axhline(0, color=COLORS["current"], lw=0.8)
    lim = max(0.1, np.abs(wish).max()) * 1.15
    ax.set(xticks=x, ylim=(-lim, lim), xlabel=_("output neuron (digit)"),
           ylabel=_("desired change 2(y − a)"), title=_("The output layer's wishes"))


class WishFigure:
    """The widget's figure, built once per layer; a change of selection only moves bars.

    Left: the output layer's wishes (:func:`draw_output_selection`). Right: the stacked parts
    of one hidden layer's wish (as :func:`draw_stacked_wish`). Made without pyplot, so it is
    never displayed by accident; :meth:`png` renders it.

    Parameters
    ----------
    output_wish : array, shape (n_out,)
    parts : array, shape (n_out, n)     row j: output neuron j's part of the layer's wish
    layer_name : str                    e.g. "hidden layer 2" (in the reader's language)
    """

    def __init__(self, output_wish, parts, layer_name):
        self.parts = np.asarray(parts, dtype=float)
        self.layer_name = layer_name
        n_out, n = self.parts.shape
        self.fig = Figure(figsize=(11, 4.1), dpi=80)
        gs = self.fig.add_gridspec(1, 2, width_ratios=[1, 2.3])
        ax1, ax2 = self.fig.add_subplot(gs[0]), self.fig.add_subplot(gs[1])
        draw_output_selection(ax1, output_wish, range(n_out))
        self.out_bars = ax1.patches[:n_out]
        x = np.arange(n)
        # One bar per (output neuron j, neuron k); update() sets their heights and bottoms.
        self.bars = [ax2.bar(x, np.zeros(n), color=DIGIT_COLORS[j % 10], width=0.75,
                             label=_("from {j}").format(j=j)).patches for j in range(n_out)]
        self.diamonds = ax2.scatter(x, np.zeros(n), marker="D", s=28, color=COLORS["current"],
                                    zorder=3, label=_("sum (the wish)"))
        ax2.axhline(0, color=COLORS["current"], lw=0.8)
        ax2.set(xticks=x, xlabel=_("neuron of {layer}").format(layer=layer_name),
                ylabel=_("desired change of its activation"), ylim=stacked_limits(self.parts))
        _stack_legend(ax2, 6)
        self.ax2 = ax2
        # Fixed margins rather than tight_layout(): the same look, a third less time to build.
        self.fig.subplots_adjust(left=0.06, right=0.99, bottom=0.27, top=0.92, wspace=0.22)

    def update(self, selected):
        """Show the parts of the output neurons in ``selected`` (a sequence of int)."""
        selected = sorted(set(int(j) for j in selected))
        n_out, n = self.parts.shape
        up, down = np.zeros(n), np.zeros(n)
        for j in range(n_out):
            on = j in selected
            self.out_bars[j].set_facecolor(DIGIT_COLORS[j % 10] if on else "#dddddd")
            p = self.parts[j]
            bottom = np.where(p > 0, up, down)   # positive parts stack up, negative down
            for rect, h, b in zip(self.bars[j], p, bottom):
                rect.set_visible(on)
                rect.set_y(b)
                rect.set_height(h)
            if on:
                up += np.where(p > 0, p, 0.0)
                down += np.where(p < 0, p, 0.0)
        total = up + down
        self.diamonds.set_offsets(np.column_stack([np.arange(n), total]))
        layer = self.layer_name[:1].upper() + self.layer_name[1:]
        self.ax2.set_title(
            _("{layer}: each ticked output neuron's part of its wish").format(layer=layer)
            if selected else
            _("{layer}: no output neuron ticked, no wish").format(layer=layer))

    def png(self):
        """The figure as PNG bytes."""
        buf = io.BytesIO()
        self.fig.savefig(buf, format="png")
        return buf.getvalue()


def plot_minibatch_nudges(nudges_2d, average, labels, names, costs_before, costs_after):
    """From one example to many (article A: average every example's nudges).

    Parameters
    ----------
    nudges_2d : array, shape (m, 2)   each example's nudge to two chosen weights
    average : array, shape (2,)       their average (the SGD step for those two weights)
    labels : array, shape (m,)        each example's digit (its arrow's colour)
    names : (str, str)                the two weights' names, for the axes
    costs_before, costs_after : arrays, shape (m,)   each example's cost before and after one
                                      SGD step with the averaged nudges

    Returns a Figure: left, the per-example nudges as arrows from the current weights
    (the origin), each named "#e (digit)" as on the right, and their average in black;
    an example whose nudge is too short to draw as an arrow is a dot, and the panel lists
    them. Right, each example's cost before and after the step, with the batch's cost as
    lines.
    """
    nudges_2d, average = np.asarray(nudges_2d, dtype=float), np.asarray(average, dtype=float)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.6),
                                   gridspec_kw={"width_ratios": [1, 1.2]})
    span = max(np.abs(nudges_2d).max(), np.abs(average).max(), 1e-12) * 1.25
    # An arrow shorter than its own head would be a blob at the origin: draw a dot instead.
    shortest = 0.06 * span
    tiny = []
    for e, ((dx, dy), d) in enumerate(zip(nudges_2d, labels)):
        colour = DIGIT_COLORS[int(d) % 10]
        if np.hypot(dx, dy) < shortest:
            tiny.append(f"#{e} ({int(d)})")
            ax1.scatter([dx], [dy], s=14, color=colour, zorder=3)
            continue
        _arrow(ax1, (dx, dy), colour, lw=1.4, head=12)
        _tip_label(ax1, (dx, dy), f"#{e} ({int(d)})", colour, fontsize=9)
    _arrow(ax1, tuple(average), COLORS["current"], lw=2.2, head=13)
    _tip_label(ax1, tuple(average), _("average"), COLORS["current"], fontsize=9, bold=True,
               beside=True)
    ax1.scatter([0], [0], color=COLORS["current"], zorder=4, s=15)
    if tiny:
        ax1.text(0.02, 0.02, _("too short to draw as arrows (dots):\n{examples}").format(
                     examples=", ".join(tiny)),
                 transform=ax1.transAxes, fontsize=8, va="bottom", ha="left",
                 color=COLORS["current"])
    # The box around the arrows and the origin, with room for the labels; one scale for both
    # axes, so that an arrow's direction is the true direction of the nudge.
    pts = np.vstack([nudges_2d, average, [0.0, 0.0]])
    pad = 0.22 * span
    ax1.set(xlim=(pts[:, 0].min() - pad, pts[:, 0].max() + pad),
            ylim=(pts[:, 1].min() - pad, pts[:, 1].max() + pad),
            xlabel=_("nudge to {weight}").format(weight=names[0]),
            ylabel=_("nudge to {weight}").format(weight=names[1]),
            title=_("Each example's nudge, and their average"))
    ax1.set_aspect("equal")
    m = len(labels)
    x = np.arange(m)
    ax2.bar(x - 0.2, costs_before, width=0.4, color=COLORS["neutral"],
            label=_("before the step"))
    ax2.bar(x + 0.2, costs_after, width=0.4, color=COLORS["cost"], label=_("after one step"))
    ax2.axhline(np.mean(costs_before), color=COLORS["neutral"], ls="--",
                label=_("batch cost before {cost}").format(cost=f"{np.mean(costs_before):.4f}"))
    ax2.axhline(np.mean(costs_after), color=COLORS["cost"], ls="--",
                label=_("batch cost after {cost}").format(cost=f"{np.mean(costs_after):.4f}"))
    ax2.set(xticks=x, xticklabels=[f"#{i}\n({int(d)})" for i, d in enumerate(labels)],
            xlabel=_("example (digit)"), ylabel=_("cost C_x = Σ (a − y)²"),
            title=_("One SGD step with the averaged nudges"),
            ylim=(0, 1.4 * max(np.max(costs_before), np.max(costs_after))))
    ax2.legend(fontsize=8, ncol=2, loc="upper center")
    fig.tight_layout()
    return fig


def _arrow(ax, tip, colour, lw, head):
    """An arrow from the origin whose head ends exactly at ``tip`` (no shrinking)."""
    ax.annotate("", tip, (0, 0), arrowprops=dict(arrowstyle="-|>", lw=lw, color=colour,
                                                 shrinkA=0, shrinkB=0, mutation_scale=head))


def _tip_label(ax, tip, text, colour, fontsize, bold=False, beside=False):
    """A label just beyond an arrow's tip, on the line of the arrow (or, ``beside``, to the
    side of the tip, for a short arrow whose label would otherwise cover the others), so it
    reads as the arrow's name and never sits on its shaft."""
    dx, dy = tip
    norm = max(np.hypot(dx, dy), 1e-12)
    ux, uy = dx / norm, dy / norm
    if beside:   # turn a quarter clockwise: perpendicular to the shaft
        ux, uy = uy, -ux
    ax.annotate(text, tip, xytext=(9 * ux, 9 * uy), textcoords="offset points",
                ha="left" if ux > 0.3 else "right" if ux < -0.3 else "center",
                va="bottom" if uy > 0.3 else "top" if uy < -0.3 else "center",
                fontsize=fontsize, color=colour, fontweight="bold" if bold else "normal")


def plot_weight_nudges(z_wish, a_prev, layer=3):
    """Fire together, wire together: one example's desired nudge to every weight of a layer.

    The nudge to W[l]_jk is z_wish_j · a_prev_k (lever 2 of every neuron j at once), so the
    matrix is an outer product: its largest entries join the neurons that most want to move
    to the brightest neurons below.

    Parameters
    ----------
    z_wish : array, shape (n_l,)      each neuron's wish for its weighted input, −∂C_x/∂z
    a_prev : array, shape (n_{l−1},)  the activations of the layer below
    layer : int                       l, for the labels

    Returns a Figure: on top the activations below, brightest first; under them the nudge
    matrix with its columns in that order and its rows by wish (most wanting up first), on
    one symmetric colour scale with a colour bar (blue: the weight should grow, red: shrink).
    """
    z_wish, a_prev = (np.asarray(v, dtype=float).ravel() for v in (z_wish, a_prev))
    cols, rows = np.argsort(-a_prev, kind="stable"), np.argsort(-z_wish, kind="stable")
    nudge = np.outer(z_wish[rows], a_prev[cols])
    fig = plt.figure(figsize=(9.5, 5.4))
    gs = fig.add_gridspec(2, 2, height_ratios=[1, 3.2], width_ratios=[30, 1], hspace=0.08,
                          wspace=0.04)
    top, ax, cax = fig.add_subplot(gs[0, 0]), fig.add_subplot(gs[1, 0]), fig.add_subplot(gs[1, 1])
    pos = np.arange(a_prev.size)
    top.bar(pos, a_prev[cols], color=COLORS["neutral"], width=0.8)
    top.set(xlim=(-0.5, a_prev.size - 0.5), ylim=(0, 1), ylabel="a[k]", xticks=[],
            title=_("Desired nudges to the {n}×{n_prev} weights W[{l}] for this example: wish "
                    "of neuron j × activation of neuron k").format(n=z_wish.size,
                                                                   n_prev=a_prev.size, l=layer))
    top.grid(False)
    lim = max(np.abs(nudge).max(), 1e-12)
    im = ax.imshow(nudge, cmap=SIGNED_CMAP, vmin=-lim, vmax=lim, aspect="auto")
    ax.set(xticks=pos, xticklabels=[str(k) for k in cols],
           yticks=np.arange(z_wish.size),
           yticklabels=[f"{j}  ({z_wish[j]:+.3f})" for j in rows],
           xlabel=_("neuron k of layer {l}, brightest first").format(l=layer - 1),
           ylabel=_("neuron j (its wish for z)"))
    ax.grid(False)
    ax.tick_params(axis="x", labelsize=8)
    ax.tick_params(axis="y", labelsize=8)
    fig.colorbar(im, cax=cax, label=_("desired nudge to W[j, k]"))
    return fig
