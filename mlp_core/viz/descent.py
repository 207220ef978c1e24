"""Drawings of gradient descent: a ball on a curve, a path on a contour map, the ranking
of a network's sensitivities, the careful walker beside the drunk man (and racing him on the
same work), and a cost curve.

Each function draws into the matplotlib Axes it is given (so a widget can redraw one
figure) and returns that Axes. Every text it draws is in the reader's language (``_()``).
"""
import numpy as np

from .. import descent as D
from ..i18n import N_, _, ngettext
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
    ax.plot(w, D.cost_1d(w), color=COLORS["cost"], lw=2, label=_("cost C(w)"))
    inside = np.abs(path.w) <= w_range[1]
    ws, cs = path.w[inside], path.cost[inside]
    if len(ws) > 1:
        ax.plot(ws, cs, "-", color=COLORS["gradient"], lw=1, alpha=0.8, zorder=3)
        # The last position is the ball, unless the ball has left the picture.
        dots = slice(1, None) if path.diverged else slice(1, -1)
        ax.plot(ws[dots], cs[dots], "o", color=COLORS["gradient"], ms=4, zorder=4,
                label=_("positions after each step"))
    ax.plot(path.w[0], path.cost[0], "o", mfc="white", mec=COLORS["current"], ms=9,
            zorder=5, label=_("start"))
    if path.diverged:
        ax.text(0.5, 0.55, _("diverged after {n} step(s):\nthe ball flew out of the "
                             "picture").format(n=path.steps), transform=ax.transAxes,
                ha="center", va="center", fontsize=13, color=COLORS["negative"],
                bbox=dict(fc="white", ec=COLORS["negative"]))
    else:
        ax.plot(path.w[-1], path.cost[-1], "o", color=COLORS["current"], ms=12, zorder=6,
                label=_("the ball now"))
    ax.set_xlim(*w_range)
    ax.set_ylim(*c_range)
    ax.set_xlabel(_("parameter w"))
    ax.set_ylabel(_("cost C(w)"))
    if title is None and eta is None:
        title = _("Gradient descent on a cost of one parameter")
    elif title is None:
        title = ngettext("Gradient descent on a cost of one parameter: η = {eta}, {n} step",
                         "Gradient descent on a cost of one parameter: η = {eta}, {n} steps",
                         path.steps).format(eta=f"{eta:.3g}", n=path.steps)
    ax.set_title(title)
    ax.legend(loc="upper center", fontsize=9)
    return ax


#: What the ball of :func:`plot_descent_1d` does in 10 steps from w = 2, for the four
#: learning rates notebook 03 sets side by side (its printout shows each).
BEHAVIOURS_1D = {0.003: N_("crawls"), 0.1: N_("settles in the nearer valley"),
                 0.5: N_("overshoots"), 1.0: N_("diverges")}


def behaviour_title(eta):
    """The title of one of notebook 03's four panels: ``"η = 0.5: overshoots"`` (``eta`` is
    a key of :data:`BEHAVIOURS_1D`)."""
    if eta not in BEHAVIOURS_1D:
        raise ValueError(f"eta must be one of {sorted(BEHAVIOURS_1D)}; got {eta!r}")
    return _("η = {eta}: {behaviour}").format(eta=f"{eta:g}", behaviour=_(BEHAVIOURS_1D[eta]))


def add_cost_colorbar(ax, filled, axes=None):
    """A colour bar for a filled cost map, saying which way is down: dark is low cost.
    ``axes`` (default ``ax``) are the Axes the bar takes its room from."""
    from matplotlib.ticker import FormatStrFormatter
    bar = ax.figure.colorbar(filled, ax=ax if axes is None else axes, shrink=0.9, pad=0.02,
                             ticks=filled.levels[::3])
    bar.ax.yaxis.set_major_formatter(FormatStrFormatter("%.2g"))   # 0.72, not 0.7203
    bar.set_label(_("cost C (darker = lower)"))
    return bar


def plot_contour_descent(ax, cost2d, path, w1_range=(-2.5, 3.5), w2_range=(-2.5, 3.0),
                         arrow_scale=0.25, title=None, colorbar=True, eta=None):
    """A contour map of a :class:`mlp_core.descent.Quadratic2D` (dark = low cost, with a
    colour bar unless ``colorbar=False``), the negative gradient at the start as an arrow,
    and the path of gradient descent.

    path : DescentPath of two parameters (w of shape (k + 1, 2)); arrow_scale multiplies
    −∇C to give the arrow's drawn length; eta : float, the learning rate of the path: if
    given (and ``title`` is not), the title says how far the cost fell in how many steps.
    """
    w1 = np.linspace(*w1_range, 200)
    w2 = np.linspace(*w2_range, 200)
    C = cost2d.grid(w1, w2)
    # Levels closer together near the bottom, so that the valley floor shows its shape.
    levels = C.min() + (C.max() - C.min()) * np.linspace(0, 1, 16) ** 2
    filled = ax.contourf(w1, w2, C, levels=levels, cmap=CONTOUR_CMAP, alpha=0.55)
    if colorbar:
        add_cost_colorbar(ax, filled)
    ax.contour(w1, w2, C, levels=levels, colors=COLORS["cost"], linewidths=0.6, alpha=0.7)
    ax.plot(*cost2d.w_star, "*", color=COLORS["target"], ms=16, mec="white",
            label=_("minimum"), zorder=6)
    p = path.w
    ax.plot(p[:, 0], p[:, 1], "-o", color=COLORS["current"], ms=3.5, lw=1.2, zorder=4,
            label=ngettext("gradient descent ({n} step)", "gradient descent ({n} steps)",
                           path.steps).format(n=path.steps))
    g = -cost2d.grad(p[0]) * arrow_scale
    ax.annotate("", xy=p[0] + g, xytext=p[0], zorder=5,
                arrowprops=dict(arrowstyle="-|>", color=COLORS["gradient"], lw=2.5,
                                mutation_scale=18))
    ax.plot([], [], color=COLORS["gradient"], lw=2.5, label=_("−∇C at the start (scaled)"))
    ax.plot(*p[0], "o", mfc="white", mec=COLORS["current"], ms=9, zorder=6, label=_("start"))
    ax.set_xlim(*w1_range)
    ax.set_ylim(*w2_range)
    ax.set_aspect("equal")
    ax.set_xlabel(_("parameter w₁"))
    ax.set_ylabel(_("parameter w₂"))
    if title is None and eta is not None:
        title = ngettext("η = {eta}: cost {start} → {end} in {n} step",
                         "η = {eta}: cost {start} → {end} in {n} steps", path.steps).format(
            eta=f"{eta:g}", start=f"{path.cost[0]:.3f}", end=f"{path.cost[-1]:.4f}",
            n=path.steps)
    ax.set_title(title or _("Contours of C(w₁, w₂) and the path downhill"))
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
            label=_("{count} parameters with ∂C/∂w ≠ 0").format(count=f"{nonzero.sum():,}"))
    for i, colour in zip(picks, (COLORS["positive"], COLORS["negative"], COLORS["cost"])):
        ax.plot(rank[i], g[i], "o", color=colour, ms=10, zorder=5,
                label=_("rank {rank}: {name}, |∂C/∂w| = {grad}").format(
                    rank=f"{i + 1:,}", name=ranked[i].name, grad=f"{g[i]:.3g}"))
    ax.set_yscale("log")
    ax.set_xscale("log")
    ax.set_xlabel(_("rank (1 = the parameter the cost is most sensitive to)"))
    ax.set_ylabel(_("|∂C/∂w|  (cost change per unit nudge)"))
    ax.set_title(_("How sensitive the cost is to each of the {n} parameters\n"
                   "({zero} have ∂C/∂w = 0 exactly and are not drawn)").format(
        n=f"{len(g):,}", zero=f"{(~nonzero).sum():,}"))
    ax.legend(loc="lower left", fontsize=9)
    return ax


def neuron_grid(w_range=(-3.5, 8.0), b_range=(-4.5, 5.0), n=100):
    """The (w, b) grid :func:`plot_walkers` draws the one-neuron cost on: two 1-D arrays."""
    return np.linspace(*w_range, n), np.linspace(*b_range, n)


def draw_cost_map(ax, C, w, b):
    """The one-neuron model's cost surface as a contour map (dark = low cost), with its
    lowest grid point (a green star). C has shape (len(b), len(w)), from
    :func:`mlp_core.descent.neuron_cost_grid`; w, b are the grid's 1-D arrays. Returns the
    filled contours (for a colour bar)."""
    levels = C.min() + (C.max() - C.min()) * np.linspace(0, 1, 18) ** 2
    i, j = np.unravel_index(np.argmin(C), C.shape)
    filled = ax.contourf(w, b, C, levels=levels, cmap=CONTOUR_CMAP, alpha=0.5)
    ax.contour(w, b, C, levels=levels, colors=COLORS["cost"], linewidths=0.5, alpha=0.6)
    ax.plot(w[j], b[i], "*", color=COLORS["target"], ms=15, mec="white", zorder=6,
            label=_("lowest point of the grid"))
    ax.set_xlabel(_("weight w"))
    ax.set_xlim(w[0], w[-1])
    ax.set_ylim(b[0], b[-1])
    return filled


def draw_walker(ax, path, colour, who):
    """One walker's path (w, b) on a cost map, its start and end, and a title saying who
    walked and how far the cost fell. Returns the artists drawn, so that a widget can
    remove them and draw another path on the same map."""
    artists = ax.plot(path.w[:, 0], path.w[:, 1], "-", color=colour, lw=1.6, zorder=4)
    artists += ax.plot(path.w[1:, 0], path.w[1:, 1], "o", color=colour, ms=2.5, zorder=4)
    artists += ax.plot(*path.w[0], "o", mfc="white", mec=COLORS["current"], ms=9, zorder=5,
                       label=_("start"))
    artists += ax.plot(*path.w[-1], "o", color=COLORS["current"], ms=8, zorder=6,
                       label=_("after the last step"))
    ax.set_title(who + "\n" + ngettext("{n} step: cost {start} → {end}",
                                       "{n} steps: cost {start} → {end}", path.steps).format(
        n=path.steps, start=f"{path.cost[0]:.3f}", end=f"{path.cost[-1]:.4f}"), fontsize=11)
    return artists


def careful_walker_title(n):
    """Who the left panel shows: ``"careful walker: all 800 images a step"``."""
    return _("careful walker: all {n} images a step").format(n=n)


def drunk_man_title(batch_size):
    """Who the right panel shows: ``"drunk man: 10 images a step"``."""
    return ngettext("drunk man: {n} image a step", "drunk man: {n} images a step",
                    batch_size).format(n=batch_size)


def plot_walkers(axes, C, w, b, full, mini, batch_size, n):
    """Side by side: full-batch gradient descent (the careful walker) and minibatch SGD
    (the drunk man) on the cost surface of the one-neuron model.

    axes : two Axes; C : the cost on the grid, shape (len(b), len(w)), from
    :func:`mlp_core.descent.neuron_cost_grid`; w, b : the grid's 1-D arrays;
    full, mini : DescentPaths from :func:`mlp_core.descent.neuron_path`;
    batch_size : the drunk man's minibatch size; n : the number of training examples.
    The green star is the lowest point of the grid; one colour bar serves both maps.
    Returns the drunk man's artists
    (see :func:`draw_walker`).
    """
    for ax in axes:
        filled = draw_cost_map(ax, C, w, b)
    add_cost_colorbar(axes[-1], filled, axes=list(axes))
    draw_walker(axes[0], full, COLORS["full_batch"], careful_walker_title(n))
    drunk = draw_walker(axes[1], mini, COLORS["minibatch"], drunk_man_title(batch_size))
    axes[0].set_ylabel(_("bias b"))
    axes[0].legend(loc="lower left", fontsize=8)
    return drunk


def plot_work_race(ax, full, mini, batch_size, n, lowest=None):
    """The careful walker and the drunk man racing on the same budget: the cost over all n
    examples against the number of images looked at so far (n per full-batch step,
    ``batch_size`` per minibatch step).

    full, mini : DescentPaths from :func:`mlp_core.descent.neuron_path` (full batch, and
    minibatches of ``batch_size``); n : the number of training examples; lowest : float, the
    lowest cost on the grid of the cost map, drawn as a dashed line if given.
    """
    ax.plot(np.arange(full.steps + 1) * n, full.cost, "o-", ms=3, color=COLORS["full_batch"],
            label=_("careful walker ({n} images a step)").format(n=n))
    ax.plot(np.arange(mini.steps + 1) * batch_size, mini.cost, color=COLORS["minibatch"], lw=1.2,
            label=ngettext("drunk man ({n} image a step)", "drunk man ({n} images a step)",
                           batch_size).format(n=batch_size))
    if lowest is not None:
        ax.axhline(lowest, color=COLORS["target"], ls="--", lw=1,
                   label=_("lowest cost on the grid"))
    ax.set_xlabel(_("images looked at (work done)"))
    ax.set_ylabel(_("cost over all {n} images").format(n=n))
    ax.set_title(_("The same amount of work: the drunk man reaches the valley floor far sooner"))
    ax.legend()
    return ax


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
            label=_("each minibatch's cost"))
    if len(s) >= 50:
        mean = np.convolve(s, np.ones(50) / 50, mode="valid")
        ax.plot(steps[49:], mean, color=COLORS["minibatch"], lw=2,
                label=_("running mean of 50 minibatches"))
    for e, c in enumerate(epoch_cost):
        ax.plot([e * steps_per_epoch, (e + 1) * steps_per_epoch], [c, c],
                color=COLORS["neutral"], lw=2.5, ls="--",
                label=_("the epoch's training cost (mean over its minibatches)") if e == 0
                else None)
    if len(exact_cost):
        e = np.arange(1, len(exact_cost) + 1) * steps_per_epoch
        ax.plot(e, exact_cost, "o-", color=COLORS["cost"], ms=7, lw=2,
                label=_("cost over the whole training set after the epoch"))
    ax.set_xlabel(_("step (one minibatch each)"))
    ax.set_ylabel(_("cost C (squared error)"))
    top = cost_curve_top(s, epoch_cost, exact_cost)
    ax.set_ylim(0, top)
    above = s > top
    if np.any(above):
        # The first minibatches of an untrained network cost several times more than all the
        # rest: drawn in full, they would squash the descent into the bottom of the plot.
        k = int(above.sum())
        ax.annotate(ngettext("↑ {k} minibatch cost above the top, up to {top}",
                             "↑ {k} minibatch costs above the top, up to {top}", k).format(
                        k=k, top=f"{s.max():.2f}"), (np.flatnonzero(above)[0] + 1, top),
                    xytext=(8, -14), textcoords="offset points", fontsize=9,
                    color=COLORS["minibatch"])
    ax.set_title(title or _("Training 784-16-16-10: the cost going downhill"))
    ax.legend(loc="upper right", fontsize=9)
    return ax


def cost_curve_top(step_cost, epoch_cost=(), exact_cost=()):
    """The top of :func:`plot_cost_curve`'s y axis: 10% above the highest of the running
    mean, the epoch costs, the exact costs and the 98th percentile of the minibatch costs, so
    that the few very costly first minibatches of an untrained network do not set the scale.
    With fewer than 50 steps (no running mean yet), the highest minibatch cost."""
    s = np.asarray(step_cost, dtype=float)
    if len(s) < 50:
        return 1.1 * max([*s, *epoch_cost, *exact_cost, 1e-3])
    mean = np.convolve(s, np.ones(50) / 50, mode="valid")
    return 1.1 * max(mean.max(), np.percentile(s, 98), *epoch_cost, *exact_cost)
