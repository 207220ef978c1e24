"""Notebook 06's exercises: derivatives on a computational graph, counting paths, and two
coding exercises, reverse mode (``backward``) and forward mode (``dual_add``, ``dual_mul``).

The numeric checkers take the learner's answer and return a message: right, or what is off.
The coding checkers run the learner's function on the graphs of :data:`GRAPHS` (article D's,
a node used twice in one product, a node used at two depths, a neuron, a chain of diamonds),
compare with the engine and with finite differences, and return a Feedback that names the
slip: for ``backward`` = instead of +=, no chain factor, no seed, a value instead of the local
derivative, the parent's gradient, a sign, the inputs-first order, a node before one of its
users (breadth-first), a node visited twice, gradients not reset; for ``dual_mul`` either term
of the product rule dropped, own values, tangents multiplied, the sum rule, the sum's tangent
times the value, value and tangent swapped, the value of a sum; for ``dual_add`` tangents
multiplied, either tangent dropped, the product rule, the sum's tangent times the value, a
sign, value and tangent swapped, the value of a product.

Every message is in the reader's language: the English text goes through ``_()`` (texts kept
in constants are marked with ``N_()`` and translated where they are shown), see
:mod:`mlp_core.i18n`.
"""
import math

import numpy as np

from .. import autodiff as ad
from ..i18n import N_, _
from . import read_number
from .coding import (NOT_QUITE, RIGHT, Feedback, _learner_line, _time_limit, _TimeOut,
                     call_learner, is_stub, not_written_yet, reference, register_solution, say)


def check_de_db(answer, a=3.0, b=2.0):
    """Check ∂e/∂b for e = (a + b)·(b + 1) at the given a and b.

    The two paths from b to e are b → c → e (product 1·d) and b → d → e (product 1·c), so
    ∂e/∂b = d + c = (b + 1) + (a + b). Recognised slips: one path only, the number of paths,
    e itself, ∂e/∂a instead, the product of the two paths instead of their sum.
    """
    x, message = read_number(answer, "∂e/∂b")
    if message:
        return message
    c, d = a + b, b + 1
    right = d + c
    if math.isclose(x, right, rel_tol=1e-9, abs_tol=1e-9):
        return say(RIGHT, _("∂e/∂b = {right}. Path b→c→e gives 1·d = {d}, path b→d→e gives "
                            "1·c = {c}, and the derivative is their sum.").format(
            right=f"{right:g}", d=f"{d:g}", c=f"{c:g}"))
    hints = [
        (d, N_("{x} is the path b→c→e alone (1·d = {d}). b also reaches e through d: add that "
               "path's product.")),
        (c, N_("{x} is the path b→d→e alone (1·c = {c}). b also reaches e through c: add that "
               "path's product.")),
        (c * d, N_("{x} is e itself (c·d), or the product of the two paths' products. The "
                   "paths' products are added, not multiplied.")),
        (2.0, N_("{x} is the number of paths from b to e. Each path contributes the product of "
                 "the local derivatives on its edges, not 1.")),
    ]
    for value, hint in hints:
        if math.isclose(x, value, rel_tol=1e-9, abs_tol=1e-9):
            return say(NOT_QUITE, _(hint).format(x=f"{x:g}", c=f"{c:g}", d=f"{d:g}"))
    return say(NOT_QUITE, _("{x} is not ∂e/∂b at a = {a}, b = {b}. First compute c = a + b and "
                            "d = b + 1, write each edge's local derivative (∂e/∂c = d, "
                            "∂e/∂d = c, the others 1), then add the products along the two "
                            "paths from b to e.").format(x=f"{x:g}", a=f"{a:g}", b=f"{b:g}"))


# The teacher's run (python3 run.py solutions) puts this into the cell `my_de_db = None`.
register_solution("de_db", "my_de_db = (2 + 1) + (3 + 2)   # 1·d + 1·c with d = b + 1, c = a + b")


def check_path_count(answer, n=10):
    """Check the number of paths from x₀ to x_n through a chain of n diamonds.

    Each diamond offers two ways on, and the choices multiply: 2ⁿ paths. Recognised slips:
    adding the stages' choices (2n), the edges (4n), n².
    """
    x, message = read_number(answer, _("number of paths"))
    if message:
        return message
    right = 2 ** n
    shown = f"{x:g}"
    if x == right:
        return say(RIGHT, _("2^{n} = {paths} paths; each diamond doubles them (and a chain of "
                            "{n} diamonds has only {edges} edges).").format(
            n=n, paths=f"{right:,}", edges=4 * n))
    if x == 2 * n:
        return say(NOT_QUITE, _("{x} adds the two choices of each diamond. Choices in a row "
                                "multiply: 2 ways through the first diamond, each followed by 2 "
                                "through the second …").format(x=shown))
    if x == 4 * n:
        return say(NOT_QUITE, _("{x} is the number of edges. A path picks one way through every "
                                "diamond; count the combinations.").format(x=shown))
    if x == n * n:
        return say(NOT_QUITE, _("{x} is n². Each of the n diamonds doubles the number of "
                                "paths.").format(x=shown))
    if x == 2 ** (n - 1) or x == 2 ** (n + 1):
        return say(NOT_QUITE, _("{x} is off by one doubling: there are exactly {n} diamonds, "
                                "each with 2 ways through it.").format(x=shown, n=n))
    return say(NOT_QUITE, _("{x} is not it. Try n = 1 (2 paths) and n = 2 (2·2 = 4 paths), and "
                            "continue the pattern to n = {n}.").format(x=shown, n=n))


# ... and this into the cell `my_paths = None`.
register_solution("path_count", "my_paths = 2 ** 10   # each of the 10 diamonds doubles the paths")


# == Write it yourself: reverse mode (backward) and forward mode (dual numbers) ==============
# Both checkers run the learner's code on several graphs of mlp_core.autodiff — article D's
# e = (a + b)·(b + 1), a node used twice in one product (x·x), a node used at two depths, a
# neuron and a chain of diamonds — and compare with the engine and with finite differences.


@reference("backward")
def backward(output):
    """Reverse mode on a graph of ad.Value nodes: set v.grad = ∂output/∂v on every node v
    that output depends on (output included), and return the order used.

    Each node v has v.data (its value, a float), v.grad (a float: yours to set; it may hold a
    number from an earlier pass) and v.parents, a tuple of (parent, local) pairs with
    local = ∂v/∂parent, the local derivative on that edge. A node used twice by one node
    appears twice among its parents (x * x has parents ((x, x.data), (x, x.data))).

    Returns order: a list of the nodes, output first, each node once and before all its
    parents: the order in which the nodes pass their gradient back.
    """
    order, seen = [], set()

    def visit(v):                  # depth-first: v goes into the list after its parents
        if v not in seen:          # a node reached along a second path: already listed
            seen.add(v)
            for parent, _ in v.parents:
                visit(parent)
            order.append(v)

    visit(output)
    order.reverse()                # output first: every node before its parents
    for v in order:
        v.grad = 0.0               # forget an earlier pass
    output.grad = 1.0              # the seed: ∂output/∂output = 1
    for v in order:                # v.grad is complete: every node using v came before it
        for parent, local in v.parents:
            parent.grad += local * v.grad   # one term per edge: the sum over paths
    return order


BACKWARD_FIRST_HINT = N_("list the nodes so that each comes after its parents (a depth-first "
                         "walk from output, with a set of nodes already seen), reverse that "
                         "list, set every grad to 0 and output.grad to 1, then for each node v "
                         "in that order and each (parent, local) in v.parents: parent.grad += "
                         "local * v.grad.")


# -- the graphs the checkers build: each a function of its inputs' values ---------------------
def _article(a=2.0, b=1.0, V=ad.Value):
    a, b = V(a), V(b)
    n = ad.article_steps(a, b)
    return n, n["e"]


def _square(x=3.0, V=ad.Value):
    x = V(x)
    s = x * x
    y = s + x
    return {"x": x, "s": s, "y": y}, y


def _two_depths(w=0.8, x=-1.3, V=ad.Value):
    w, x = V(w), V(x)
    u = w * x
    v = u.tanh()
    h = u + v                      # u is used here and, one level deeper, by v
    r = h - 1.0
    C = r * r
    return {"w": w, "x": x, "u": u, "v": v, "h": h, "r": r, "C": C}, C


def _neuron(w1=0.6, w2=-1.1, b=0.3, x1=1.5, x2=0.4, V=ad.Value):
    w1, w2, b, x1, x2 = V(w1), V(w2), V(b), V(x1), V(x2)
    p1, p2 = w1 * x1, w2 * x2
    s = p1 + p2
    z = s + b
    a = z.sigmoid()
    r = a - 1.0
    C = r * r
    return {"w1": w1, "w2": w2, "b": b, "x1": x1, "x2": x2, "p1": p1, "p2": p2, "s": s,
            "z": z, "a": a, "r": r, "C": C}, C


def _diamonds(x0=1.0, V=ad.Value):
    x0 = V(x0)
    x = x0
    nodes = {"x0": x0}
    for k in range(1, 5):
        p, q = x * 0.5, x * 0.7
        x = p + q
        nodes.update({f"p{k}": p, f"q{k}": q, f"x{k}": x})
    return nodes, x


#: (description, graph builder, its inputs): the graphs of both checkers. The descriptions are
#: English, marked with N_(): the messages translate them with _() where they show them.
GRAPHS = (
    (N_("e = (a + b)·(b + 1) at a = 2, b = 1 (b is used by c and by d)"), _article,
     {"a": 2.0, "b": 1.0}),
    (N_("y = x·x + x at x = 3 (x used three times, twice by one product)"), _square, {"x": 3.0}),
    (N_("C = r·r with u = w·x, v = tanh(u), h = u + v, r = h − 1 (u used at two depths)"),
     _two_depths, {"w": 0.8, "x": -1.3}),
    (N_("a neuron: C = r·r with r = σ(w1·x1 + w2·x2 + b) − 1"), _neuron,
     {"w1": 0.6, "w2": -1.1, "b": 0.3, "x1": 1.5, "x2": 0.4}),
    (N_("a chain of 4 diamonds (16 paths from x0 to x4)"), _diamonds, {"x0": 1.0}),
)


def _named_graph(builder, inputs):
    nodes, out = builder(**inputs)
    for name, v in nodes.items():
        v.named(name)
    return nodes, out


def finite_difference(builder, inputs, name, h=1e-6):
    """∂output/∂(input ``name``) by a central difference, rebuilding the graph at
    inputs ± h."""
    up, down = dict(inputs), dict(inputs)
    up[name] += h
    down[name] -= h
    return (builder(**up)[1].data - builder(**down)[1].data) / (2 * h)


def _engine_grads(builder, inputs):
    """{name: ∂output/∂node} by the engine's Value.backward."""
    nodes, out = _named_graph(builder, inputs)
    out.backward()
    return {name: v.grad for name, v in nodes.items()}


def _paths_text(nodes, out, name):
    found = ad.path_products(nodes[name], out)
    if not 1 < len(found) <= 4:
        return ""
    parts = []
    for path, product in found:
        route = "→".join([path[0][0].name] + [child.name for _, child, _ in path])
        parts.append(_("{route} gives {product}").format(route=route, product=f"{product:.4g}"))
    return " " + _("{node} reaches {output} along {n} paths: {paths}.").format(
        node=name, output=out.name, n=len(found), paths=", ".join(parts))


# -- the slips of backward: the reference with one mistake, run in a given order --------------
def _emulate(order, output, step, seed=1.0):
    for v in order:
        v.grad = 0.0
    output.grad = seed
    for v in order:
        for parent, local in v.parents:
            step(v, parent, local)


def _slip_assign(order, output):
    def step(v, parent, local):
        parent.grad = local * v.grad
    _emulate(order, output, step)


def _slip_no_chain(order, output):
    def step(v, parent, local):
        parent.grad += local
    _emulate(order, output, step)


def _slip_no_seed(order, output):
    _emulate(order, output, lambda v, p, local: setattr(p, "grad", p.grad + local * v.grad), 0.0)


def _slip_own_value(order, output):
    def step(v, parent, local):
        parent.grad += parent.data * v.grad
    _emulate(order, output, step)


def _slip_child_value(order, output):
    def step(v, parent, local):
        parent.grad += v.data * v.grad
    _emulate(order, output, step)


def _slip_parent_grad(order, output):
    def step(v, parent, local):
        parent.grad += local * parent.grad
    _emulate(order, output, step)


def _slip_sign(order, output):
    def step(v, parent, local):
        parent.grad -= local * v.grad
    _emulate(order, output, step)


#: The value slips of backward: (what the learner did, in the lesson's words, marked for the
#: catalog with N_(); emulation).
BACKWARD_SLIPS = (
    (N_("wrote parent.grad = local * v.grad where it must be +=. A node used by several nodes "
        "(b by c and by d) then keeps only the last term: a path is lost. ∂e/∂b is the sum over "
        "both paths, 1·d + 1·c; += adds one term per edge"), _slip_assign),
    (N_("left out the chain factor: parent.grad += local adds the local derivative alone. The "
        "chain rule multiplies it by the gradient arriving from above: "
        "parent.grad += local * v.grad"), _slip_no_chain),
    (N_("forgot the seed: output.grad = 1 (∂output/∂output). Without it every product starts "
        "from 0 and every gradient stays 0"), _slip_no_seed),
    (N_("used the parent's own value (parent.data) instead of the local derivative. For a "
        "product c·d the local derivative towards c is the *other* factor, d — and it is "
        "already stored in v.parents as local"), _slip_own_value),
    (N_("used the node's value (v.data) instead of the local derivative on the edge; use the "
        "local stored with each parent in v.parents"), _slip_child_value),
    (N_("multiplied by the parent's gradient instead of the node's: the term is "
        "local * v.grad, the gradient of the node *above* the edge"), _slip_parent_grad),
    (N_("subtracted the terms (-=): each edge *adds* local · v.grad"), _slip_sign),
)


def _order_problem(order, output):
    """What is wrong with a returned order (a list of the graph's nodes), or None."""
    nodes = output.topological_order()
    known = {id(v) for v in nodes}
    name = lambda v: v.name or v.op
    if not isinstance(order, (list, tuple)):
        return _("backward should return its order, a list of the nodes (output first); got "
                 "{kind}.").format(kind=type(order).__name__)
    strangers = [x for x in order if id(x) not in known]
    if strangers:
        return _("the returned order should hold the graph's nodes only; it holds {value} "
                 "({kind}).").format(value=repr(strangers[0]), kind=type(strangers[0]).__name__)
    seen = {}
    for v in order:
        if id(v) in seen:
            return _("node {node} appears twice in your order: it is reached along more than "
                     "one path and was visited once per path, so it passed its gradient back "
                     "twice (its parents got its terms twice). Keep a set of the nodes already "
                     "seen and list each node once.").format(node=name(v))
        seen[id(v)] = v
    missing = [v for v in nodes if id(v) not in seen]
    if missing:
        return _("node {node} is missing from your order: every node must pass its gradient "
                 "back.").format(node=name(missing[0]))
    pos = {id(v): i for i, v in enumerate(order)}
    if output.parents and order and order[-1] is output and not order[0].parents:
        return _("your order starts at an input ({input}) and ends at the output {output}: "
                 "that is a topological order, inputs first. Reverse it: a node can pass its "
                 "gradient back only after it has received all of it, so start at the "
                 "output.").format(input=name(order[0]), output=name(output))
    for v in order:
        for parent, _local in v.parents:
            if pos[id(parent)] < pos[id(v)]:
                return _("in your order {parent} comes before {node}, which uses it: when "
                         "{parent} passed its gradient on, {derivative} still lacked the term "
                         "from {node}. Process the nodes in reverse topological order (reverse "
                         "a depth-first listing); a breadth-first walk from the output is not "
                         "enough when a node is used at two depths.").format(
                    parent=name(parent), node=name(v),
                    derivative=f"∂{name(output)}/∂{name(parent)}")
    return None


def check_backward(fn):
    """Check the learner's ``backward(output)`` on the graphs of :data:`GRAPHS` against the
    engine (``Value.backward``) and finite differences; name the slip when it is wrong.
    Returns a :class:`~mlp_core.exercises.coding.Feedback`."""
    results = []
    for k, (what, builder, inputs) in enumerate(GRAPHS):
        nodes, out = _named_graph(builder, inputs)
        with ad.count_ops() as ops:
            order, fb = call_learner(fn, out, first_hint=BACKWARD_FIRST_HINT)
        if fb is not None:
            return fb
        if ops.derivatives:
            return Feedback(False, say(NOT_QUITE, _(
                "your backward called the engine's Value.backward (or forward mode's Duals). "
                "Write the pass yourself, with v.parents, v.grad and v.data only.")))
        got = {}
        for name, v in nodes.items():
            g = v.grad
            if isinstance(g, bool) or not isinstance(g, (int, float, np.integer, np.floating)):
                return Feedback(False, say(NOT_QUITE, _(
                    "on {graph}, {node}.grad should be a number; got {kind} {value}.").format(
                        graph=_(what), node=name, kind=type(g).__name__, value=repr(g))))
            if not math.isfinite(g):
                return Feedback(False, say(NOT_QUITE, _(
                    "on {graph}, {node}.grad is {value}: every gradient should be a finite "
                    "number.").format(graph=_(what), node=name, value=g)))
            got[name] = float(g)
        results.append((what, builder, inputs, nodes, out, order, got))
    # 1. the numbers
    for what, builder, inputs, nodes, out, order, got in results:
        want = _engine_grads(builder, inputs)
        wrong = [n for n in reversed(list(nodes)) if not math.isclose(got[n], want[n],
                                                                      rel_tol=1e-9, abs_tol=1e-12)]
        if not wrong:
            continue
        problem = _order_problem(order, out)
        if problem is not None:
            return Feedback(False, say(NOT_QUITE, _("on {graph}, {problem}").format(
                graph=_(what), problem=problem)))
        slip = _matching_backward_slip(results)
        first = wrong[0]
        numbers = _("{derivative} should be {want}; yours is {got}.").format(
            derivative=f"∂{out.name}/∂{first}", want=f"{want[first]:.4g}",
            got=f"{got[first]:.4g}")
        if first in inputs:
            numbers += " " + _("(Finite differences agree with the engine: {fd}.)").format(
                fd=f"{finite_difference(builder, inputs, first):.4g}")
        head = say(NOT_QUITE, _("on {graph}, {problem}").format(graph=_(what), problem=numbers))
        if slip is not None:
            return Feedback(False, head + "\n" + _("This is what you get if you {slip}.").format(
                slip=_(slip)))
        return Feedback(False, head + _paths_text(nodes, out, first) + "\n" + _(
            "Hint: {hint}").format(hint=_("visit the nodes from the output down, each after "
                                          "every node that uses it; for each edge add local · "
                                          "(the gradient of the node above).")))
    # the engine was right; finite differences confirm it at the inputs
    for what, builder, inputs, nodes, out, order, got in results:
        for n in inputs:
            fd = finite_difference(builder, inputs, n)
            if abs(got[n] - fd) > 1e-5 * (1 + abs(fd)):
                return Feedback(False, say(NOT_QUITE, _(
                    "on {graph}, {derivative} = {got} but finite differences give {fd}.").format(
                        graph=_(what), derivative=f"∂{out.name}/∂{n}", got=f"{got[n]:.6g}",
                        fd=f"{fd:.6g}")))
    # 2. the order returned
    for what, builder, inputs, nodes, out, order, got in results:
        problem = _order_problem(order, out)
        if problem is not None:
            return Feedback(False, say(NOT_QUITE, _(
                "the gradients are right, but on {graph}, {problem}").format(
                    graph=_(what), problem=problem)))
    # 3. a second pass on the same graph must give the same numbers
    what, builder, inputs = GRAPHS[0]
    nodes, out = _named_graph(builder, inputs)
    for _pass in range(2):
        _order, fb = call_learner(fn, out, first_hint=BACKWARD_FIRST_HINT)
        if fb is not None:
            return fb
    want = _engine_grads(builder, inputs)
    if any(not math.isclose(v.grad, want[n], rel_tol=1e-9, abs_tol=1e-12)
           for n, v in nodes.items()):
        return Feedback(False, say(NOT_QUITE, _(
            "one backward pass is right, but a second one on the same graph gives ∂e/∂b = "
            "{got} instead of {want}: the gradients of the first pass were not reset to 0, and "
            "the second pass added onto them. Set every node's grad to 0 before seeding the "
            "output.").format(got=f"{nodes['b'].grad:.4g}", want=f"{want['b']:.4g}")))
    fd = {n: finite_difference(b, i, n) for _, b, i in GRAPHS[:1] for n in i}
    return Feedback(True, say(RIGHT, _(
        "your backward agrees with the engine on all {n} graphs, at every node, and with finite "
        "differences at their inputs (on article D's graph ∂e/∂a ≈ {de_da}, ∂e/∂b ≈ {de_db}). "
        "The += is the sum over paths; the reversed topological order makes each gradient "
        "complete before it is passed on.").format(n=len(GRAPHS), de_da=f"{fd['a']:.4f}",
                                                   de_db=f"{fd['b']:.4f}")))


def _matching_backward_slip(results):
    """The explanation of the value slip that gives the learner's gradients on every graph
    (run in the learner's own order), or None."""
    for explain, emulate in BACKWARD_SLIPS:
        if all(_slip_gives(emulate, r) for r in results):
            return explain
    return None


def _slip_gives(emulate, result):
    what, builder, inputs, nodes, out, order, got = result
    fresh, fresh_out = _named_graph(builder, inputs)
    # the learner's order, carried over to the fresh graph (node by name)
    by_name = {v.name: v for v in fresh.values()}
    try:
        their = [by_name[v.name] for v in order]
    except (AttributeError, KeyError, TypeError):
        their = list(reversed(fresh_out.topological_order()))
    emulate(their, fresh_out)
    return all(math.isclose(got[n], v.grad, rel_tol=1e-9, abs_tol=1e-12)
               for n, v in fresh.items())


# -- forward mode: the sum and the product of two dual numbers --------------------------------
@reference("dual_add")
def dual_add(x, y):
    """The sum of two dual numbers: forward mode's rule for a + node.

    x, y : pairs (value, tangent) of floats; a tangent is ∂(that number)/∂s for the one
        input s whose tangent was seeded with 1.
    Returns the pair (value, tangent) of x + y.
    """
    x_value, x_dot = x
    y_value, y_dot = y
    # both local derivatives of a sum are 1: the tangents add
    return (x_value + y_value, x_dot + y_dot)


@reference("dual_mul")
def dual_mul(x, y):
    """The product of two dual numbers: forward mode's rule for a · node.

    x, y : pairs (value, tangent) of floats; a tangent is ∂(that number)/∂s for the one
        input s whose tangent was seeded with 1.
    Returns the pair (value, tangent) of x·y.
    """
    x_value, x_dot = x
    y_value, y_dot = y
    # the product rule: each factor's tangent times the *other* factor's value
    return (x_value * y_value, x_dot * y_value + x_value * y_dot)


#: The pairs the checkers combine first: (x, y) as (value, tangent); the last is one number
#: with itself (x·x or x + x, seeded).
DUAL_CASES = (((3.0, 1.0), (-2.0, 0.5)), ((0.5, -2.0), (4.0, 3.0)),
              ((-1.5, 0.0), (2.5, 1.0)), ((2.0, 1.0), (2.0, 1.0)))


class _Rule:
    """One operation of the dual-number exercises: its reference, its words and its slips."""

    def __init__(self, name, reference_fn, symbol, word, value_text, tangent_text, first_hint,
                 slips, value_slips):
        self.name, self.reference, self.symbol, self.word = name, reference_fn, symbol, word
        self.value_text, self.tangent_text = value_text, tangent_text
        self.first_hint, self.slips, self.value_slips = first_hint, slips, value_slips


#: Each rule's tangent slips are (what the learner did; the tangent it gives from x_value,
#: x_dot, y_value, y_dot); its value slips (what; the value it gives).
RULES = {
    "mul": _Rule(
        "dual_mul", dual_mul, "·", N_("product"), "x_value·y_value",
        "x_dot·y_value + x_value·y_dot",
        N_("unpack x_value, x_dot = x and y_value, y_dot = y; the value is x_value·y_value, and "
           "the tangent follows the product rule, one term per factor: (tangent of one "
           "factor)·(value of the other)."),
        ((N_("dropped the term x_value·y_dot of the product rule: only x's change is carried, so "
             "a path through y is lost (in e = c·d seeded at b, the path b→d→e)"),
          lambda xv, xd, yv, yd: xd * yv),
         (N_("dropped the term x_dot·y_value of the product rule: only y's change is carried, so "
             "a path through x is lost (in e = c·d seeded at b, the path b→c→e)"),
          lambda xv, xd, yv, yd: xv * yd),
         (N_("multiplied each tangent by its own value (x_dot·x_value + y_dot·y_value). The local "
             "derivative of x·y towards x is the *other* factor, y: x_dot·y_value + x_value·y_dot"),
          lambda xv, xd, yv, yd: xd * xv + yd * yv),
         (N_("multiplied the tangents (x_dot·y_dot). Tangents are not multiplied with each other: "
             "each is multiplied by a local derivative, the other factor's value"),
          lambda xv, xd, yv, yd: xd * yd),
         (N_("added the tangents (x_dot + y_dot): that is the rule of a sum, x + y, whose local "
             "derivatives are 1. A product's local derivatives are the other factor's value"),
          lambda xv, xd, yv, yd: xd + yd),
         (N_("multiplied the tangent of the sum (x_dot + y_dot) by the value (x_value·y_value): "
             "the product rule adds x_dot·y_value and x_value·y_dot"),
          lambda xv, xd, yv, yd: (xd + yd) * xv * yv)),
        ((N_("x_value + y_value, the value of a sum"), lambda xv, xd, yv, yd: xv + yv),)),
    "add": _Rule(
        "dual_add", dual_add, "+", N_("sum"), "x_value + y_value", "x_dot + y_dot",
        N_("unpack x_value, x_dot = x and y_value, y_dot = y; the value is x_value + y_value, and "
           "each operand's tangent arrives times its local derivative, which is 1 for a sum."),
        ((N_("multiplied the tangents (x_dot·y_dot). Each tangent is multiplied by its local "
             "derivative — 1 for both operands of a sum — and the terms are added"),
          lambda xv, xd, yv, yd: xd * yd),
         (N_("kept only x's tangent: y's term (1·y_dot) is lost, and with it every path through "
             "y (in c = a + b seeded at b, the path b→c)"),
          lambda xv, xd, yv, yd: xd),
         (N_("kept only y's tangent: x's term (1·x_dot) is lost, and with it every path through "
             "x (in c = a + b seeded at a, the path a→c)"),
          lambda xv, xd, yv, yd: yd),
         (N_("used the product rule (x_dot·y_value + x_value·y_dot) for a sum: a sum's local "
             "derivatives are 1, not the other operand's value"),
          lambda xv, xd, yv, yd: xd * yv + xv * yd),
         (N_("multiplied the tangents' sum by the value (x_dot + y_dot)·(x_value + y_value): the "
             "local derivatives of a sum are 1, so the tangents are just added"),
          lambda xv, xd, yv, yd: (xd + yd) * (xv + yv)),
         (N_("subtracted the tangents (x_dot − y_dot): for x + y both local derivatives are +1"),
          lambda xv, xd, yv, yd: xd - yd)),
        ((N_("x_value·y_value, the value of a product"), lambda xv, xd, yv, yd: xv * yv),)),
}


class _Stop(Exception):
    """Carries a Feedback out of a graph evaluation with the learner's rule."""

    def __init__(self, feedback):
        super().__init__(feedback.text)
        self.feedback = feedback


def _read_pair(value, fn_name, x, y):
    """(value, tangent) as floats from what the learner's rule returned, or _Stop."""
    if isinstance(value, ad.Dual):
        value = (value.data, value.dot)
    if isinstance(value, np.ndarray):
        value = value.tolist()
    where = _("for x = {x}, y = {y}").format(x=x, y=y)
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        raise _Stop(Feedback(False, say(NOT_QUITE, _(
            "{name} returned one number ({value}) {where}; it should return the pair (value, "
            "tangent): a dual number carries both.").format(name=fn_name, value=f"{value:.4g}",
                                                           where=where))))
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise _Stop(Feedback(False, say(NOT_QUITE, _(
            "{name} should return a pair (value, tangent) {where}; got {kind} {value}.").format(
                name=fn_name, where=where, kind=type(value).__name__, value=repr(value)))))
    out = []
    for part, what in zip(value, (N_("value"), N_("tangent"))):
        if isinstance(part, bool) or not isinstance(part, (int, float, np.integer, np.floating)):
            raise _Stop(Feedback(False, say(NOT_QUITE, _(
                "the {what} returned {where} should be a number; got {kind} {value}.").format(
                    what=_(what), where=where, kind=type(part).__name__, value=repr(part)))))
        if not math.isfinite(part):
            raise _Stop(Feedback(False, say(NOT_QUITE, _(
                "the {what} returned {where} is {value}; it should be a finite number.").format(
                    what=_(what), where=where, value=part))))
        out.append(float(part))
    return tuple(out)


def _dual_with(fn, op):
    """A Dual whose products (op "mul") or sums (op "add") are computed by ``fn``; every
    other operation by the engine."""
    name = getattr(fn, "__name__", RULES[op].name)

    class LearnerDual(ad.Dual):
        def _make(self, data, kind, *edges):
            d = ad.Dual._make(self, data, kind, *edges)
            return LearnerDual(d.data, d.dot)

        def _learner(self, other):
            o = other if isinstance(other, ad.Dual) else ad.Dual(float(other), 0.0)
            x, y = (self.data, self.dot), (o.data, o.dot)
            try:
                value = fn(x, y)
            except _TimeOut:
                raise
            except Exception as e:  # the learner's bug becomes a message
                raise _Stop(Feedback(False, say(NOT_QUITE, _(
                    "{name} raised {error}{where}: {message}").format(
                        name=name, error=type(e).__name__,
                        where=_learner_line(fn, e.__traceback__), message=e))))
            if value is None:
                raise _Stop(Feedback(False, say(NOT_QUITE, _(
                    "{name} returned None. Did you forget the return statement?").format(
                        name=name))))
            return LearnerDual(*_read_pair(value, name, x, y))

    if op == "mul":
        LearnerDual.__mul__ = LearnerDual.__rmul__ = LearnerDual._learner
    else:
        LearnerDual.__add__ = LearnerDual.__radd__ = LearnerDual._learner
    return LearnerDual


def _tangent_with(fn, op, builder, inputs, seed, timeout=2.0):
    """∂output/∂seed by forward mode with the learner's rule for ``op``: (tangent, None) or
    (None, Feedback)."""
    D = _dual_with(fn, op)
    try:
        with _time_limit(timeout), np.errstate(all="ignore"):
            _nodes, out = builder(**{k: (v, float(k == seed)) for k, v in inputs.items()},
                                  V=lambda pair: D(*pair))
    except _Stop as stop:
        return None, stop.feedback
    except _TimeOut:
        return None, Feedback(False, say(NOT_QUITE, _(
            "{name} ran for more than {seconds} s on a small graph and was stopped. Is there a "
            "loop that never ends?").format(name=getattr(fn, "__name__", RULES[op].name),
                                             seconds=f"{timeout:g}")))
    return out.dot, None


def _engine_tangent(builder, inputs, seed):
    args = {k: ad.Dual(v, float(k == seed)) for k, v in inputs.items()}
    return builder(**args, V=lambda d: d)[1].dot


def _check_dual_rule(fn, op):
    rule = RULES[op]
    name = getattr(fn, "__name__", rule.name)
    if callable(fn) and is_stub(fn):
        return not_written_yet(name, rule.first_hint)
    # 1. single operations
    got = []
    for x, y in DUAL_CASES:
        value, fb = call_learner(fn, x, y, first_hint=rule.first_hint)
        if fb is not None:
            return fb
        try:
            got.append(_read_pair(value, name, x, y))
        except _Stop as stop:
            return stop.feedback
    for (x, y), (got_v, got_t) in zip(DUAL_CASES, got):
        want_v, want_t = rule.reference(x, y)
        if math.isclose(got_v, want_t) and math.isclose(got_t, want_v) and want_v != want_t:
            return Feedback(False, say(NOT_QUITE, _(
                "for x = {x}, y = {y} (pairs (value, tangent)) you returned ({value}, "
                "{tangent}): value and tangent swapped. Return (value, tangent) = "
                "({value_text}, …).").format(x=x, y=y, value=f"{got_v:g}", tangent=f"{got_t:g}",
                                             value_text=rule.value_text)))
        if not math.isclose(got_v, want_v, rel_tol=1e-9, abs_tol=1e-12):
            extra = next((" " + _("— that is {what}").format(what=_(what))
                          for what, f in rule.value_slips if math.isclose(got_v, f(*x, *y))), "")
            return Feedback(False, say(NOT_QUITE, _(
                "for x = {x}, y = {y} (pairs (value, tangent)) the value should be {value_text} "
                "= {want}; yours is {got}{extra}.").format(
                    x=x, y=y, value_text=rule.value_text, want=f"{want_v:g}", got=f"{got_v:g}",
                    extra=extra)))
        if not math.isclose(got_t, want_t, rel_tol=1e-9, abs_tol=1e-12):
            slip = next((what for what, f in rule.slips
                         if all(math.isclose(t, f(*xx, *yy), rel_tol=1e-9, abs_tol=1e-12)
                                for (_, t), (xx, yy) in zip(got, DUAL_CASES))), None)
            said = say(NOT_QUITE, _(
                "for x = {x}, y = {y} (pairs (value, tangent)) the tangent should be "
                "{tangent_text} = {want}; yours is {got}.").format(
                    x=x, y=y, tangent_text=rule.tangent_text, want=f"{want_t:g}",
                    got=f"{got_t:g}"))
            after = _consequence(fn, op)
            if slip is not None:
                return Feedback(False, said + "\n" + _("This is what you get if you {slip}.")
                                .format(slip=_(slip)) + after)
            return Feedback(False, said + after + "\n"
                            + _("Hint: {hint}").format(hint=_(rule.first_hint)))
    # 2. forward mode on whole graphs, seeded at each input in turn
    passes = 0
    for what, builder, inputs in GRAPHS:
        for seed in inputs:
            tangent, fb = _tangent_with(fn, op, builder, inputs, seed)
            if fb is not None:
                return fb
            want = _engine_tangent(builder, inputs, seed)
            fd = finite_difference(builder, inputs, seed)
            if not (math.isclose(tangent, want, rel_tol=1e-9, abs_tol=1e-12)
                    and abs(tangent - fd) <= 1e-5 * (1 + abs(fd))):
                return Feedback(False, say(NOT_QUITE, _(
                    "every single {word} was right, but on {graph}, seeded at {seed}, forward "
                    "mode with your {name} gives {tangent}; the engine gives {want} and finite "
                    "differences {fd}. Does {name} depend on anything but its two "
                    "pairs?").format(word=_(rule.word), graph=_(what), seed=seed, name=name,
                                     tangent=f"{tangent:.6g}", want=f"{want:.6g}",
                                     fd=f"{fd:.6g}")))
            passes += 1
    what, builder, inputs = GRAPHS[0]
    de_db, _fb = _tangent_with(fn, op, builder, inputs, "b")
    fd_b = finite_difference(builder, inputs, "b")
    return Feedback(True, say(RIGHT, _(
        "{name} gives the value and the tangent of x {symbol} y, and forward mode with it agrees "
        "with the engine and with finite differences on all {n} graphs, seeded at each input in "
        "turn ({passes} passes; on article D's graph seeded at b, ∂e/∂b = {de_db}, finite "
        "differences {fd_b}). One pass per input: that is forward mode's price.").format(
            name=name, symbol=rule.symbol, n=len(GRAPHS), passes=passes, de_db=f"{de_db:.4g}",
            fd_b=f"{fd_b:.4f}")))


def _consequence(fn, op):
    """What the learner's rule does to ∂e/∂b on article D's graph, as a sentence (or '')."""
    what, builder, inputs = GRAPHS[0]
    got, fb = _tangent_with(fn, op, builder, inputs, "b")
    if fb is not None or got is None:
        return ""
    want = _engine_tangent(builder, inputs, "b")
    if math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12):
        return ""
    return "\n" + _("On article D's e = (a + b)·(b + 1) at a = 2, b = 1, forward mode seeded at "
                    "b then gives ∂e/∂b = {got}; the engine and finite differences give {want} "
                    "(paths b→c→e: 2, b→d→e: 3).").format(got=f"{got:.4g}", want=f"{want:.4g}")


def check_dual_mul(fn):
    """Check the learner's ``dual_mul(x, y)`` (dual numbers as (value, tangent) pairs): first
    on single products, then as the · of forward mode on the graphs of :data:`GRAPHS`,
    against the engine's forward mode and finite differences. Returns a Feedback."""
    return _check_dual_rule(fn, "mul")


def check_dual_add(fn):
    """Check the learner's ``dual_add(x, y)`` like :func:`check_dual_mul`, as the + of
    forward mode. Returns a Feedback."""
    return _check_dual_rule(fn, "add")
