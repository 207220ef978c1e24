"""Drawings of gradient descent: a ball on a curve, a path on a contour map, the ranking
of a network's sensitivities, the careful walker beside the drunk man, and a cost curve.

Each function draws into the matplotlib Axes it is given (so a widget can redraw one
figure) and returns that Axes.
"""
import numpy as np

from .. import descent as D
from .style import COLORS

#: Cost maps: dark is low (the valley floor), light is high.
CONTOUR_CMAP = "Purples_r"


def plot_descent_1d(ax, path, eta=None, w_range=(-2.6, 2.6), c_range=(-0.2, 4.2),
                    title=None):
    """The cost curve C(w) of :func:`mlp_core.descent.cost_1d`, the path of the steps
    and the ball where they end.

    ax : matplotlib Axes; path : DescentPath of one parameter (w of shape (k + 1,));
    eta : float, shown in the default title; title : str, replaces the default title.
    """
    w = np.linspace(*w_range, 400)
    ax.plot(w, D.cost_1d(w), color=COLORS["cost"], lw=2, label="cost C(w)")
    inside = np.abs(path.w) <= w_range[1]
    ws, cs = path.w[inside], path.cost[inside]
    if len(ws) > 1:
        ax.plot(ws, cs, "-", color=COLORS["gradient"], lw=1, alpha=0.8, zorder=3)
        # The last position is the ball, unless the ball has left the picture.
        dots = slice(1, None) if path.diverged else slice(1, -1)
        ax.plot(ws[dots], cs[dots], "o", color=COLORS["gradient"], ms=4, zorder=4,
                label="positions after each step")
    ax.plot(path.w[0], path.cost[0], "o", mfc="white", mec=COLORS["current"], ms=9,
            zorder=5, label="start")
    if path.diverged:
        ax.text(0.5, 0.55, f"diverged after {path.steps} step(s):\nthe ball flew out of the "
                "picture", transform=ax.transAxes, ha="center", va="center", fontsize=13,
                color=COLORS["negative"], bbox=dict(fc="white", ec=COLORS["negative"]))
    else:
        ax.plot(path.w[-1], path.cost[-1], "o", color=COLORS["current"], ms=12, zorder=6,
                label="the ball now")
    ax.set_xlim(*w_range)
    ax.set_ylim(*c_range)
    ax.set_xlabel("parameter w")
    ax.set_ylabel("cost C(w)")
    if title is None:
        title = "Gradient descent on a cost of one parameter"
        if eta is not None:
            title += f": η = {eta:.3g}, {path.steps} step{'s' if path.steps != 1 else ''}"
    ax.set_title(title)
    ax.legend(loc="upper center", fontsize=9)
    return ax


def plot_contour_descent(ax, cost2d, path, w1_range=(-2.5, 3.5), w2_range=(-2.5, 3.0),
                         arrow_scale=0.25, title=None):
    """A contour map of a :class:`mlp_core.descent.Quadratic2D`, the negative gradient at
    the start as an arrow, and the path of gradient descent.

    path : DescentPath of two parameters (w of shape (k + 1, 2)); arrow_scale multiplies
    −∇C to give the arrow's drawn length.
    """
    w1 = np.linspace(*w1_range, 200)
    w2 = np.linspace(*w2_range, 200)
    C = cost2d.grid(w1, w2)
    # Levels closer together near the bottom, so that the valley floor shows its shape.
    levels = C.min() + (C.max() - C.min()) * np.linspace(0, 1, 16) ** 2
    ax.contourf(w1, w2, C, levels=levels, cmap=CONTOUR_CMAP, alpha=0.55)
    ax.contour(w1, w2, C, levels=levels, colors=COLORS["cost"], linewidths=0.6, alpha=0.7)
    ax.plot(*cost2d.w_star, "*", color=COLORS["target"], ms=16, mec="white",
            label="minimum", zorder=6)
    p = path.w
    ax.plot(p[:, 0], p[:, 1], "-o", color=COLORS["current"], ms=3.5, lw=1.2, zorder=4,
            label=f"gradient descent ({path.steps} steps)")
    g = -cost2d.grad(p[0]) * arrow_scale
    ax.annotate("", xy=p[0] + g, xytext=p[0], zorder=5,
                arrowprops=dict(arrowstyle="-|>", color=COLORS["gradient"], lw=2.5,
                                mutation_scale=18))
    ax.plot([], [], color=COLORS["gradient"], lw=2.5, label="−∇C at the start (scaled)")
    ax.plot(*p[0], "o", mfc="white", mec=COLORS["current"], ms=9, zorder=6, label="start")
    ax.set_xlim(*w1_range)
    ax.set_ylim(*w2_range)
    ax.set_aspect("equal")
    ax.set_xlabel("parameter w₁")
    ax.set_ylabel("parameter w₂")
    ax.set_title(title or "Contours of C(w₁, w₂) and the path downhill")
    ax.legend(loc="lower right", fontsize=8)
    return ax


def plot_sensitivities(ax, ranked, picks=()):
    """|∂C/∂w| of every parameter, sorted from largest to smallest, on a log scale, with
    the chosen parameters marked.

    ranked : list of Sensitivity from :func:`mlp_core.descent.rank_sensitivities`;
    picks : indices into ``ranked`` (ranks from 0) to mark and label.
    """
    g = np.abs([s.grad for s in ranked])
    nonzero = g > 0
    rank = np.arange(1, len(g) + 1)
    # On a log axis a few hundred log-spaced ranks draw the same curve as all of them.
    drawn = np.unique(np.geomspace(1, nonzero.sum(), 400).astype(int)) - 1
    ax.plot(rank[drawn], g[drawn], color=COLORS["gradient"], lw=2,
            label=f"{nonzero.sum():,} parameters with ∂C/∂w ≠ 0")
    for i, colour in zip(picks, (COLORS["positive"], COLORS["negative"], COLORS["cost"])):
        ax.plot(rank[i], g[i], "o", color=colour, ms=10, zorder=5,
                label=f"rank {i + 1:,}: {ranked[i].name}, |∂C/∂w| = {g[i]:.3g}")
    ax.set_yscale("log")
    ax.set_xscale("log")
    ax.set_xlabel("rank (1 = the parameter the cost is most sensitive to)")
    ax.set_ylabel("|∂C/∂w|  (cost change per unit nudge)")
    ax.set_title(f"How sensitive the cost is to each of the {len(g):,} parameters\n"
                 f"({(~nonzero).sum():,} have ∂C/∂w = 0 exactly and are not drawn)")
    ax.legend(loc="lower left", fontsize=9)
    return ax


def neuron_grid(w_range=(-3.5, 8.0), b_range=(-4.5, 5.0), n=100):
    """The (w, b) grid :func:`plot_walkers` draws the one-neuron cost on: two 1-D arrays."""
    return np.linspace(*w_range, n), np.linspace(*b_range, n)


def draw_cost_map(ax, C, w, b):
    """The one-neuron model's cost surface as a contour map, with its lowest grid point
    (a green star). C has shape (len(b), len(w)), from
    :func:`mlp_core.descent.neuron_cost_grid`; w, b are the grid's 1-D arrays."""
    levels = C.min() + (C.max() - C.min()) * np.linspace(0, 1, 18) ** 2
    i, j = np.unravel_index(np.argmin(C), C.shape)
    ax.contourf(w, b, C, levels=levels, cmap=CONTOUR_CMAP, alpha=0.5)
    ax.contour(w, b, C, levels=levels, colors=COLORS["cost"], linewidths=0.5, alpha=0.6)
    ax.plot(w[j], b[i], "*", color=COLORS["target"], ms=15, mec="white", zorder=6,
            label="lowest point of the grid")
    ax.set_xlabel("weight w")
    ax.set_xlim(w[0], w[-1])
    ax.set_ylim(b[0], b[-1])
    return ax


def draw_walker(ax, path, colour, who):
    """One walker's path (w, b) on a cost map, its start and end, and a title saying who
    walked and how far the cost fell. Returns the artists drawn, so that a widget can
    remove them and draw another path on the same map."""
    artists = ax.plot(path.w[:, 0], path.w[:, 1], "-", color=colour, lw=1.6, zorder=4)
    artists += ax.plot(path.w[1:, 0], path.w[1:, 1], "o", color=colour, ms=2.5, zorder=4)
    artists += ax.plot(*path.w[0], "o", mfc="white", mec=COLORS["current"], ms=9, zorder=5,
                       label="start")
    artists += ax.plot(*path.w[-1], "o", color=COLORS["current"], ms=8, zorder=6,
                       label="after the last step")
    ax.set_title(f"{who}\n{path.steps} steps: cost {path.cost[0]:.3f} → {path.cost[-1]:.4f}",
                 fontsize=11)
    return artists


def careful_walker_title(n):
    """Who the left panel shows: ``"careful walker: all 800 images a step"``."""
    return f"careful walker: all {n} images a step"


def drunk_man_title(batch_size):
    """Who the right panel shows: ``"drunk man: 10 images a step"``."""
    return f"drunk man: {batch_size} image{'s' if batch_size != 1 else ''} a step"


def plot_walkers(axes, C, w, b, full, mini, batch_size, n):
    """Side by side: full-batch gradient descent (the careful walker) and minibatch SGD
    (the drunk man) on the cost surface of the one-neuron model.

    axes : two Axes; C : the cost on the grid, shape (len(b), len(w)), from
    :func:`mlp_core.descent.neuron_cost_grid`; w, b : the grid's 1-D arrays;
    full, mini : DescentPaths from :func:`mlp_core.descent.neuron_path`;
    batch_size : the drunk man's minibatch size; n : the number of training examples.
    The green star is the lowest point of the grid. Returns the drunk man's artists
    (see :func:`draw_walker`).
    """
    for ax in axes:
        draw_cost_map(ax, C, w, b)
    draw_walker(axes[0], full, COLORS["full_batch"], careful_walker_title(n))
    drunk = draw_walker(axes[1], mini, COLORS["minibatch"], drunk_man_title(batch_size))
    axes[0].set_ylabel("bias b")
    axes[0].legend(loc="lower left", fontsize=8)
    return drunk


def plot_cost_curve(ax, step_cost, epoch_cost, steps_per_epoch, exact_cost=(), title=None):
    """A training run's cost: each minibatch's cost (faint), its running mean over 50
    steps, each epoch's training cost (``History.cost``, the mean over the epoch: a level
    across that epoch) and, if given, the exact cost over the whole training set after
    each epoch (a dot at the epoch's end).

    step_cost : list of float, one per step; epoch_cost, exact_cost : lists of float, one
    per epoch.
    """
    s = np.asarray(step_cost, dtype=float)
    steps = np.arange(1, len(s) + 1)
    ax.plot(steps, s, color=COLORS["minibatch"], lw=0.6, alpha=0.35,
            label="each minibatch's cost")
    if len(s) >= 50:
        mean = np.convolve(s, np.ones(50) / 50, mode="valid")
        ax.plot(steps[49:], mean, color=COLORS["minibatch"], lw=2,
                label="running mean of 50 minibatches")
    for e, c in enumerate(epoch_cost):
        ax.plot([e * steps_per_epoch, (e + 1) * steps_per_epoch], [c, c],
                color=COLORS["neutral"], lw=2.5, ls="--",
                label="the epoch's training cost (mean over its minibatches)" if e == 0 else None)
    if len(exact_cost):
        e = np.arange(1, len(exact_cost) + 1) * steps_per_epoch
        ax.plot(e, exact_cost, "o-", color=COLORS["cost"], ms=7, lw=2,
                label="cost over the whole training set after the epoch")
    ax.set_xlabel("step (one minibatch each)")
    ax.set_ylabel("cost C (squared error)")
    ax.set_ylim(bottom=0)
    ax.set_title(title or "Training 784-16-16-10: the cost going downhill")
    ax.legend(loc="upper right", fontsize=9)
    return ax
