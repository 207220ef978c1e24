"""Computational graphs drawn as article D draws them, and the cost plots of notebook 06.

* A node is a circle with its name and value; with ``show_grad=True`` the derivative of the
  output with respect to it (after ``backward()``) is written under it, in the gradient colour.
* An edge is an arrow from an operand to the result, labelled with its local derivative
  (``∂c/∂a = 1`` when both ends have names).
* Edges in ``highlight`` (pairs (parent, child) of nodes) are drawn thick, in the gradient
  colour: one path of a "sum over paths".

The layout puts every node one level above its highest parent: inputs at the bottom (or on
the left with ``direction="right"``), the output at the top.
"""
import numpy as np
from matplotlib.patches import Circle
from matplotlib.ticker import MaxNLocator

from ..autodiff import edges
from .style import COLORS

RADIUS = 0.32


def layout(output, direction="up", spacing=None):
    """Positions {node: (x, y)} of the graph below ``output``: level = 1 + the highest
    parent's level (inputs at level 0), nodes of a level side by side in graph order."""
    level = {}
    for v in output.topological_order():
        level[v] = 1 + max((level[p] for p, _ in v.parents), default=-1)
    rows = {}
    for v, k in level.items():
        rows.setdefault(k, []).append(v)
    # sideways chains need more room along the flow: their labels sit between the levels
    across, along = spacing or ((2.0, 1.7) if direction == "up" else (2.0, 2.6))
    pos = {}
    for k, row in rows.items():
        for i, v in enumerate(row):
            offset = (i - (len(row) - 1) / 2) * across
            pos[v] = (offset, k * along) if direction == "up" else (k * along, -offset)
    return pos


def _fmt(x):
    return f"{x:.3g}"


def draw_graph(ax, output, pos=None, show_grad=False, highlight=(), direction="up",
               edge_labels="full", title=None):
    """Draw the graph below ``output`` (a :class:`mlp_core.autodiff.Value`) on ``ax``.

    Parameters
    ----------
    pos : dict {node: (x, y)}, optional — the positions; :func:`layout` if not given.
    show_grad : bool — write ∂output/∂node under each node (run ``output.backward()`` first).
    highlight : iterable of (parent, child) pairs — the edges to draw thick and orange.
    edge_labels : "full" (``∂c/∂a = 1``), "value" (``1``) or None — each edge's local
        derivative written on it.

    Returns the positions used.
    """
    pos = pos or layout(output, direction)
    marked = {(id(p), id(c)) for p, c in highlight}
    for parent, child, local in edges(output):
        (x0, y0), (x1, y1) = pos[parent], pos[child]
        u = np.array([x1 - x0, y1 - y0]) / np.hypot(x1 - x0, y1 - y0)
        on = (id(parent), id(child)) in marked
        colour = COLORS["gradient"] if on else COLORS["neutral"]
        ax.annotate("", xy=(x1 - RADIUS * u[0], y1 - RADIUS * u[1]),
                    xytext=(x0 + RADIUS * u[0], y0 + RADIUS * u[1]),
                    arrowprops=dict(arrowstyle="-|>", color=colour, lw=3.0 if on else 1.4,
                                    mutation_scale=14))
        if edge_labels:
            label = (f"∂{child.name}/∂{parent.name} = {_fmt(local)}"
                     if edge_labels == "full" and child.name and parent.name else _fmt(local))
            ax.text((x0 + x1) / 2, (y0 + y1) / 2, label, ha="center", va="center",
                    fontsize=9, color=COLORS["current"] if not on else COLORS["gradient"],
                    bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.9))
    for v, (x, y) in pos.items():
        # inputs (no parents) in blue, computed nodes in purple
        ax.add_patch(Circle((x, y), RADIUS, fc="white", lw=2, zorder=3,
                            ec=COLORS["cost"] if v.parents else COLORS["positive"]))
        ax.text(x, y, f"{v.name or v.op}\n{_fmt(v.data)}", ha="center", va="center",
                fontsize=10, zorder=4, linespacing=1.1)
        if show_grad:
            text = f"∂{output.name or 'out'}/∂{v.name or '·'} = {_fmt(v.grad)}"
            if direction == "up":     # beside the node, away from the middle: edges run up
                side = -1 if x < 0 else 1
                ax.text(x + side * (RADIUS + 0.08), y, text, ha="right" if side < 0 else "left",
                        va="center", fontsize=9, color=COLORS["gradient"], zorder=4)
            else:                     # under the node: edges run sideways
                ax.text(x, y - RADIUS - 0.08, text, ha="center", va="top", fontsize=9,
                        color=COLORS["gradient"], zorder=4)
    xs, ys = zip(*pos.values())
    ax.set_xlim(min(xs) - 1.3, max(xs) + 1.3)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return pos


def plot_path_explosion(ax, n, path_ops, factored_ops, n_paths=None):
    """Operations to get ∂x_n/∂x_0 on a chain of n diamonds: one path at a time versus
    factored stage by stage (reverse mode). Arrays of shape (k,), plotted on a log scale."""
    ax.semilogy(n, path_ops, "o-", color=COLORS["negative"],
                label="sum over every path (one op per edge of each path)")
    ax.semilogy(n, factored_ops, "s-", color=COLORS["positive"],
                label="factored stage by stage (reverse mode: one op per edge)")
    if n_paths is not None:
        ax.semilogy(n, n_paths, ":", color=COLORS["neutral"], label="number of paths 2ⁿ")
    ax.set_xlabel("number of diamonds n")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("derivative operations (log scale)")
    ax.set_title("Summing over paths explodes; factoring does not")
    ax.legend(fontsize=9)


def plot_mode_costs(ax, n, forward_ops, reverse_ops, fits=None, extrapolate_to=None,
                    xlabel="number of inputs n", title=None, forward_estimated=None):
    """Measured operation counts of forward and reverse mode against the problem size, on
    log–log axes; ``fits`` = (forward(n), reverse(n)) functions drawn dashed up to
    ``extrapolate_to``. ``forward_estimated`` (booleans, shape (k,)) marks the forward counts
    that are one measured pass × n: drawn hollow."""
    n, forward_ops = np.asarray(n), np.asarray(forward_ops)
    est = np.zeros(n.shape, bool) if forward_estimated is None else np.asarray(forward_estimated)
    ax.loglog(n[~est], forward_ops[~est], "o", color=COLORS["negative"],
              label="forward mode (every pass run)")
    if est.any():
        ax.loglog(n[est], forward_ops[est], "o", mfc="white", color=COLORS["negative"],
                  label="forward mode (one pass run, × n)")
    ax.loglog(n, reverse_ops, "s", color=COLORS["positive"], label="reverse mode")
    if fits is not None:
        top = extrapolate_to or max(n)
        grid = np.logspace(0, np.log10(top), 200)
        ax.loglog(grid, fits[0](grid), "--", color=COLORS["negative"], lw=1,
                  label="fit, extrapolated")
        ax.loglog(grid, fits[1](grid), "--", color=COLORS["positive"], lw=1)
        if extrapolate_to:
            for f, c in zip(fits, (COLORS["negative"], COLORS["positive"])):
                ax.plot([top], [f(top)], "*", ms=14, color=c)
                ax.annotate(f"{f(top):.2g}", (top, f(top)), textcoords="offset points",
                            xytext=(-10, 8), ha="right", color=c)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("operations (values + derivative terms)")
    if title:
        ax.set_title(title)
    ax.legend(fontsize=9, loc="upper left")
