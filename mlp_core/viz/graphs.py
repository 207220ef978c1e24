"""Computational graphs drawn as article D draws them, and the cost plots of notebook 06.

* A node is a circle with its name and value; with ``show_grad=True`` the derivative of the
  output with respect to it (after ``backward()``) is written under it, in the gradient colour.
* An edge is an arrow from an operand to the result, labelled with its local derivative
  (``∂c/∂a = 1`` when both ends have names).
* Edges in ``highlight`` (pairs (parent, child) of nodes) are drawn thick, in the gradient
  colour: one path of a "sum over paths".

The layout puts every node one level above its highest parent: inputs at the bottom (or on
the left with ``direction="right"``), the output at the top.

Every word these figures write is passed through ``_()`` (:mod:`mlp_core.i18n`), so they are
drawn in the reader's language; the formulas (∂e/∂b = 5, b.grad += …) are the same in both.
"""
import numpy as np
from matplotlib.patches import Circle
from matplotlib.ticker import MaxNLocator

from ..autodiff import count_paths, edges, forward_trace, path_products
from ..i18n import N_, _
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
               edge_labels="full", title=None, notes=None, note_color=None, faded=()):
    """Draw the graph below ``output`` (a :class:`mlp_core.autodiff.Value`) on ``ax``.

    Parameters
    ----------
    pos : dict {node: (x, y)}, optional — the positions; :func:`layout` if not given.
    show_grad : bool — write ∂output/∂node beside each node (run ``output.backward()`` first).
    highlight : iterable of (parent, child) pairs — the edges to draw thick, in ``note_color``.
    edge_labels : "full" (``∂c/∂a = 1``), "value" (``1``) or None — each edge's local
        derivative written on it.
    notes : dict {node: str}, optional — the text beside each node instead of ∂output/∂node
        (a node missing from it gets none).
    note_color : the colour of the notes and highlighted edges (the gradient's orange if not
        given).
    faded : nodes not computed yet: drawn pale, with their incoming edges.

    Returns the positions used.
    """
    pos = pos or layout(output, direction)
    note_color = note_color or COLORS["gradient"]
    marked = {(id(p), id(c)) for p, c in highlight}
    pale = {id(v) for v in faded}
    for parent, child, local in edges(output):
        (x0, y0), (x1, y1) = pos[parent], pos[child]
        u = np.array([x1 - x0, y1 - y0]) / np.hypot(x1 - x0, y1 - y0)
        on = (id(parent), id(child)) in marked
        off = id(child) in pale
        colour = note_color if on else ("0.85" if off else COLORS["neutral"])
        ax.annotate("", xy=(x1 - RADIUS * u[0], y1 - RADIUS * u[1]),
                    xytext=(x0 + RADIUS * u[0], y0 + RADIUS * u[1]),
                    arrowprops=dict(arrowstyle="-|>", color=colour, lw=3.0 if on else 1.4,
                                    mutation_scale=14))
        if edge_labels:
            label = (f"∂{child.name}/∂{parent.name} = {_fmt(local)}"
                     if edge_labels == "full" and child.name and parent.name else _fmt(local))
            ax.text((x0 + x1) / 2, (y0 + y1) / 2, label, ha="center", va="center",
                    fontsize=9, color=note_color if on else ("0.75" if off else COLORS["current"]),
                    bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.9))
    for v, (x, y) in pos.items():
        off = id(v) in pale
        # inputs (no parents) in blue, computed nodes in purple
        ax.add_patch(Circle((x, y), RADIUS, fc="white", lw=2, zorder=3,
                            ec="0.85" if off else (COLORS["cost"] if v.parents
                                                   else COLORS["positive"])))
        ax.text(x, y, f"{v.name or v.op}" if off else f"{v.name or v.op}\n{_fmt(v.data)}",
                ha="center", va="center", fontsize=10, zorder=4, linespacing=1.1,
                color="0.7" if off else "black")
        if notes is not None:
            text = notes.get(v)
        elif show_grad:
            text = f"∂{output.name or 'out'}/∂{v.name or '·'} = {_fmt(v.grad)}"
        else:
            text = None
        if text:
            if direction == "up":     # beside the node, away from the middle: edges run up
                side = -1 if x < 0 else 1
                ax.text(x + side * (RADIUS + 0.08), y, text, ha="right" if side < 0 else "left",
                        va="center", fontsize=9, color=note_color, zorder=4)
            else:                     # under the node: edges run sideways
                ax.text(x, y - RADIUS - 0.08, text, ha="center", va="top", fontsize=9,
                        color=note_color, zorder=4)
    xs, ys = zip(*pos.values())
    ax.set_xlim(min(xs) - 1.3, max(xs) + 1.3)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return pos


#: Forward mode's tangents in green, apart from reverse mode's gradients in orange.
TANGENT = "#2a9d4a"


def draw_forward_steps(axes, output, seed):
    """Forward mode as a sequence of pictures of one graph: the first shows the seed (the
    tangent of ``seed`` is 1, of every other input 0), each next one computes one node, its
    value and its tangent ∂node/∂seed = Σ local · (tangent of the parent), along the edges
    drawn thick. Nodes not computed yet are pale. Uses
    :func:`mlp_core.autodiff.forward_trace`; needs as many axes as computed nodes + 1, all in
    one figure, whose title says what the row shows.

    Returns the trace."""
    steps = forward_trace(output, seed)
    inputs = [s for s in steps if not s[1]]
    computed = [s for s in steps if s[1]]
    if len(axes) != len(computed) + 1:
        raise ValueError(f"axes: expected {len(computed) + 1} (the seed and one per computed "
                         f"node); got {len(axes)}")
    pos = layout(output)
    s = seed.name
    done = {v: f"∂{v.name}/∂{s} = {_fmt(dot)}" for v, _, dot in inputs}
    seeds = ", ".join(f"∂{v.name}/∂{s} = {_fmt(dot)}" for v, _, dot in inputs)
    draw_graph(axes[0], output, pos, notes=dict(done), note_color=TANGENT,
               faded=[v for v, _, _ in computed], edge_labels="value")
    axes[0].set_title(_("seed the inputs:\n{seeds}").format(seeds=seeds), fontsize=10)
    for k, (v, terms, dot) in enumerate(computed, start=1):
        done[v] = f"∂{v.name}/∂{s} = {_fmt(dot)}"
        names = " + ".join(f"∂{v.name}/∂{p.name}·∂{p.name}/∂{s}" for p, _, _ in terms)
        numbers = " + ".join(f"{_fmt(local)}·{_fmt(t)}" for _, local, t in terms)
        draw_graph(axes[k], output, pos, notes=dict(done), note_color=TANGENT,
                   highlight=[(p, v) for p, _, _ in terms], edge_labels="value",
                   faded=[w for w, _, _ in computed[k:]])
        axes[k].set_title(_("{node} computed: {derivative} =\n{names}\n= {numbers} = {value}")
                          .format(node=v.name, derivative=f"∂{v.name}/∂{s}", names=names,
                                  numbers=numbers, value=_fmt(dot)), fontsize=10)
    axes[0].figure.suptitle(_("Forward mode seeded at {seed}: each node's value and tangent "
                              "∂·/∂{seed} are computed together, bottom to top").format(seed=s),
                            color=TANGENT)
    return steps


def draw_backward_steps(axes, output):
    """Reverse mode as a sequence of pictures of one graph: the first shows the seed
    ∂output/∂output = 1; each next one is one node passing its gradient back to its parents
    (``parent.grad += local · node.grad``, along the edges drawn thick), in the order of
    :meth:`mlp_core.autodiff.Value.backward`. Every node's value is there from the start:
    the graph, kept from the forward pass, is the tape. Needs one axis more than the number
    of nodes with parents, all in one figure, whose title says what the row shows.

    Returns the trace of the backward pass (see ``Value.backward``)."""
    trace = []
    output.backward(trace=trace)
    senders = []
    for v, *_step in trace:
        if not senders or senders[-1] is not v:
            senders.append(v)
    if len(axes) != len(senders) + 1:
        raise ValueError(f"axes: expected {len(senders) + 1} (the seed and one per node that "
                         f"passes a gradient back); got {len(axes)}")
    pos = layout(output)
    o = output.name or "out"
    grad = {output: 1.0}
    note = lambda: {v: f"∂{o}/∂{v.name} = {_fmt(g)}" for v, g in grad.items()}
    draw_graph(axes[0], output, pos, notes=note(), edge_labels="value")
    axes[0].set_title(_("seed the output:\n{seed}").format(seed=f"∂{o}/∂{o} = 1"), fontsize=10)
    for k, v in enumerate(senders, start=1):
        steps = [t for t in trace if t[0] is v]
        lines = []
        for _child, parent, local, g, after in steps:
            grad[parent] = after
            # in the words of the code: parent.grad += local · v.grad
            lines.append(f"{parent.name}.grad += {_fmt(local)}·{v.name}.grad = "
                         f"{_fmt(local)}·{_fmt(g)} → {_fmt(after)}")
        draw_graph(axes[k], output, pos, notes=note(), edge_labels="value",
                   highlight=[(parent, v) for _, parent, *_ in steps])
        axes[k].set_title(_("{node} passes its gradient back:").format(node=v.name) + "\n"
                          + "\n".join(lines), fontsize=10)
    axes[0].figure.suptitle(_("Reverse mode: every value is kept from the forward run (the "
                              "tape); ∂{output}/∂· flows top to bottom").format(output=o),
                            color=COLORS["gradient"])
    return trace


def draw_paths(axes, source, output):
    """Each path from ``source`` to ``output`` on its own picture of the graph, its edges drawn
    thick and its product of local derivatives in the title; the figure's title says that
    ∂output/∂source is their sum. Needs one axis per path
    (:func:`mlp_core.autodiff.path_products`).

    Returns the list of (path, product)."""
    found = path_products(source, output)
    if len(axes) != len(found):
        raise ValueError(f"axes: expected {len(found)} (one per path from {source.name} to "
                         f"{output.name}); got {len(axes)}")
    pos = layout(output)
    for ax, (path, product) in zip(axes, found):
        route = "→".join([path[0][0].name] + [child.name for _, child, _ in path])
        draw_graph(ax, output, pos, highlight=[(p, c) for p, c, _ in path],
                   title=_("path {route}: product {product}").format(route=route,
                                                                     product=_fmt(product)))
    axes[0].figure.suptitle(_("{derivative} = sum of the {n} paths' products").format(
        derivative=f"∂{output.name}/∂{source.name}", n=len(found)))
    return found


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def draw_diamonds(ax, first, last):
    """The chain of diamonds from ``first`` to ``last``
    (:func:`mlp_core.autodiff.chain_of_diamonds`) drawn sideways, each edge with its local
    derivative and each node with ∂last/∂node (run ``last.backward()`` first); the title
    counts the diamonds and the paths."""
    n = (len(last.topological_order()) - 1) // 3      # each diamond adds p, q and the next x
    draw_graph(ax, last, direction="right", show_grad=True, edge_labels="value",
               title=_("a chain of {n} diamonds: {power} = {paths} paths from {first} to "
                       "{last}").format(n=n, power="2" + str(n).translate(_SUPERSCRIPT),
                                        paths=f"{count_paths(first, last):,}",
                                        first=first.name, last=last.name))


def plot_path_explosion(ax, n, path_ops, factored_ops, n_paths=None, listed_up_to=None):
    """Operations to get ∂x_n/∂x_0 on a chain of n diamonds: one path at a time versus
    factored stage by stage (reverse mode). Arrays of shape (k,), plotted on a log scale.
    ``listed_up_to``: the largest n whose paths were listed one by one; a dotted line after
    it marks the counts that come from :func:`mlp_core.autodiff.count_paths` instead."""
    ax.semilogy(n, path_ops, "o-", color=COLORS["negative"],
                label=_("sum over every path (one op per edge of each path)"))
    ax.semilogy(n, factored_ops, "s-", color=COLORS["positive"],
                label=_("factored stage by stage (reverse mode: one op per edge)"))
    if n_paths is not None:
        ax.semilogy(n, n_paths, ":", color=COLORS["neutral"], label=_("number of paths 2ⁿ"))
    if listed_up_to is not None:
        ax.axvline(listed_up_to + 0.5, color="0.6", lw=0.8, ls=":")
        ax.text(listed_up_to + 0.7, 10, _("right of the line: path counts\nfrom count_paths, "
                                          "not listed"), fontsize=8, color="0.4")
    ax.set_xlabel(_("number of diamonds n"))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(_("derivative operations (log scale)"))
    ax.set_title(_("Summing over paths explodes; factoring does not"))
    ax.legend(fontsize=9)


#: The texts of :func:`plot_mode_costs` for its two cases: many inputs and one output (a cost
#: of n weights, the training case) or one input and many outputs (t, t², …, t^m).
MODE_COST_TEXTS = {
    "inputs": {"xlabel": N_("number of inputs n"),
               "forward": N_("forward mode: n passes"),
               "reverse": N_("reverse mode: one pass"),
               "title": N_("∂C/∂w for n weights: n forward passes or one reverse pass")},
    "outputs": {"xlabel": N_("number of outputs m"),
                "forward": N_("forward mode: one pass"),
                "reverse": N_("reverse mode: m backward passes"),
                "title": N_("d(t^k)/dt for k = 1 … m: one forward pass or m reverse passes")},
}


def plot_mode_costs(ax, n, forward_ops, reverse_ops, many="inputs", fits=None,
                    extrapolate_to=None, forward_estimated=None):
    """Measured operation counts of forward and reverse mode against the problem size, on
    log–log axes. ``many`` is what grows: ``"inputs"`` (n weights, one cost: forward mode
    makes n passes, reverse mode one) or ``"outputs"`` (one input t, m outputs t^k: forward
    mode makes one pass, reverse mode m); it chooses the axis label, the legend and the title
    (:data:`MODE_COST_TEXTS`). ``fits`` = (forward(n), reverse(n)) functions drawn dashed up
    to ``extrapolate_to``. ``forward_estimated`` (booleans, shape (k,)) marks the forward
    counts that are one measured pass × n: drawn hollow."""
    if many not in MODE_COST_TEXTS:
        raise ValueError(f"many must be one of {list(MODE_COST_TEXTS)}; got {many!r}")
    texts = MODE_COST_TEXTS[many]
    n, forward_ops = np.asarray(n), np.asarray(forward_ops)
    est = np.zeros(n.shape, bool) if forward_estimated is None else np.asarray(forward_estimated)
    forward_label, reverse_label = _(texts["forward"]), _(texts["reverse"])
    ax.loglog(n[~est], forward_ops[~est], "o", color=COLORS["negative"],
              label=_("{mode} (every pass run)").format(mode=forward_label) if est.any()
              else forward_label)
    if est.any():
        ax.loglog(n[est], forward_ops[est], "o", mfc="white", color=COLORS["negative"],
                  label=_("{mode} (one pass run, × n)").format(mode=forward_label))
    ax.loglog(n, reverse_ops, "s", color=COLORS["positive"], label=reverse_label)
    if fits is not None:
        top = extrapolate_to or max(n)
        grid = np.logspace(0, np.log10(top), 200)
        ax.loglog(grid, fits[0](grid), "--", color=COLORS["negative"], lw=1,
                  label=_("fit, extrapolated"))
        ax.loglog(grid, fits[1](grid), "--", color=COLORS["positive"], lw=1)
        if extrapolate_to:
            for f, c in zip(fits, (COLORS["negative"], COLORS["positive"])):
                ax.plot([top], [f(top)], "*", ms=14, color=c)
                ax.annotate(f"{f(top):.2g}", (top, f(top)), textcoords="offset points",
                            xytext=(-10, 8), ha="right", color=c)
    ax.set_xlabel(_(texts["xlabel"]))
    ax.set_ylabel(_("operations (values + derivative terms)"))
    ax.set_title(_(texts["title"]))
    ax.legend(fontsize=9, loc="upper left")


#: The texts of :func:`plot_mode_memory` for its two graphs: a chain of diamonds that grows in
#: depth, and the cost of a neuron that grows in width.
MODE_MEMORY_TEXTS = {
    "diamonds": {"xlabel": N_("number of diamonds (depth)"),
                 "title": N_("A chain of diamonds: one input, one output")},
    "neuron": {"xlabel": N_("number of weights n (width)"),
               "title": N_("C = (Σ wᵢxᵢ − 1)²: n inputs, one output")},
}


def plot_mode_memory(ax, sizes, forward_kept, reverse_kept, graph):
    """The most numbers each mode keeps in memory at once, against the size of the graph:
    forward mode (one pass of dual numbers) and reverse mode (the graph, kept until its
    backward pass). Arrays of shape (k,), on linear axes: a straight line is memory that
    grows in proportion to the graph, a flat one memory that does not grow. ``graph`` names
    what grows (:data:`MODE_MEMORY_TEXTS`): ``"diamonds"`` (a chain of n diamonds) or
    ``"neuron"`` (the cost of a neuron with n weights)."""
    if graph not in MODE_MEMORY_TEXTS:
        raise ValueError(f"graph must be one of {list(MODE_MEMORY_TEXTS)}; got {graph!r}")
    ax.plot(sizes, forward_kept, "o-", color=COLORS["negative"],
            label=_("forward mode (dual numbers alive during a pass)"))
    ax.plot(sizes, reverse_kept, "s-", color=COLORS["positive"],
            label=_("reverse mode (the whole graph: the tape)"))
    ax.set_xlabel(_(MODE_MEMORY_TEXTS[graph]["xlabel"]))
    ax.set_ylabel(_("numbers kept at once (peak)"))
    ax.set_title(_(MODE_MEMORY_TEXTS[graph]["title"]))
    ax.legend(fontsize=9, loc="upper left")
