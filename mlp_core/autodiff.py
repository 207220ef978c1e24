"""Derivatives on a computational graph (计算图) of scalars: forward mode and reverse mode.

Article D's example is e = (a + b)·(b + 1), computed in three steps::

    c = a + b        ∂c/∂a = 1,  ∂c/∂b = 1
    d = b + 1        ∂d/∂b = 1
    e = c · d        ∂e/∂c = d,  ∂e/∂d = c

Each step is a node; each input of a step is an edge carrying its *local derivative*. Every
operation below returns its value and those local derivatives, once, in :class:`Scalar`.
The two engines differ only in the order in which they apply the chain rule to them:

* **forward mode** — :class:`Dual` numbers carry (value, ∂value/∂x) for one chosen input x
  and push it from the inputs to the output: one pass per input.
* **reverse mode** — :class:`Value` nodes remember their parents and the local derivatives
  (a tape); :meth:`Value.backward` pulls ∂output/∂node from the output back to every node in
  one pass. This is backpropagation (反向传播).

Both count their arithmetic in an :class:`OpCount` (see :func:`count_ops`), so that the cost
of the two modes can be compared exactly, without a stopwatch; and :func:`track_memory` counts
the nodes alive at once, so that their memory can be compared too: reverse mode keeps its
whole graph (the tape) until the backward pass, forward mode only the Duals still in use.
Constants (the 1 of b + 1) are not nodes: they have no derivative to carry.

Plain Python floats and NumPy only; small on purpose (after micrograd's engine.py).
"""
import math
import numbers
import weakref
from contextlib import contextmanager

import numpy as np


# -- counting the work --------------------------------------------------------------------
class OpCount:
    """The arithmetic one computation did.

    values      : node values computed (one per operation: a +, a ·, a σ …);
    derivatives : chain-rule terms, each one derivative times one local derivative, added in
                  (one per edge a derivative travels along).
    """

    def __init__(self):
        self.values = 0
        self.derivatives = 0

    @property
    def total(self):
        return self.values + self.derivatives

    def __repr__(self):
        return f"OpCount(values={self.values}, derivatives={self.derivatives})"


_count = OpCount()   # where the engines add their work; count_ops() swaps in a fresh one


@contextmanager
def count_ops():
    """Count the operations done inside a ``with`` block::

        with count_ops() as ops:
            y = x * x + 1
        ops.values, ops.derivatives, ops.total
    """
    global _count
    outer, _count = _count, OpCount()
    try:
        yield _count
    finally:
        _count = outer


# -- measuring the memory -----------------------------------------------------------------
class MemoryMeter:
    """The nodes (Values or Duals) alive at once inside a :func:`track_memory` block.

    alive  : nodes created in the block and still in memory;
    peak   : the most that were alive at the same time;
    peak_numbers : the most floats they held at the same time — a Value holds its value, its
                   grad and one local derivative per parent; a Dual its value and its tangent.
    A node is gone when Python frees it (no name or other node refers to it any more).
    """

    def __init__(self):
        self.alive = self.peak = self.numbers = self.peak_numbers = 0

    def born(self, node, numbers):
        self.alive += 1
        self.numbers += numbers
        self.peak = max(self.peak, self.alive)
        self.peak_numbers = max(self.peak_numbers, self.numbers)
        weakref.finalize(node, self._freed, numbers)

    def _freed(self, numbers):
        self.alive -= 1
        self.numbers -= numbers

    def __repr__(self):
        return (f"MemoryMeter(alive={self.alive}, peak={self.peak}, "
                f"peak_numbers={self.peak_numbers})")


_meter = None   # the MemoryMeter of the innermost track_memory() block, if any


@contextmanager
def track_memory():
    """Measure the nodes alive at once inside a ``with`` block::

        with track_memory() as mem:
            y = f(x)
        mem.peak, mem.peak_numbers
    """
    global _meter
    outer, _meter = _meter, MemoryMeter()
    try:
        yield _meter
    finally:
        _meter = outer


# -- the operations, with their local derivatives -----------------------------------------
class Scalar:
    """What both engines share: each operation's value and the local derivative along each
    edge. A subclass decides what to do with them in ``_make(data, op, *edges)``, where an
    edge is (operand, ∂result/∂operand) and a constant operand is not a node."""

    def _data(self, other):
        if isinstance(other, type(self)):
            return other.data
        if isinstance(other, numbers.Real) and not isinstance(other, Scalar):
            return float(other)
        raise TypeError(f"cannot combine a {type(self).__name__} with a "
                        f"{type(other).__name__}; expected a number or another "
                        f"{type(self).__name__}")

    def __add__(self, other):
        return self._make(self.data + self._data(other), "+", (self, 1.0), (other, 1.0))

    def __sub__(self, other):
        return self._make(self.data - self._data(other), "−", (self, 1.0), (other, -1.0))

    def __mul__(self, other):
        y = self._data(other)
        return self._make(self.data * y, "·", (self, y), (other, self.data))

    def __truediv__(self, other):
        y = self._data(other)
        return self._make(self.data / y, "/", (self, 1.0 / y), (other, -self.data / y ** 2))

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return self._make(self._data(other) - self.data, "−", (self, -1.0))

    def __rtruediv__(self, other):
        x = self._data(other)
        return self._make(x / self.data, "/", (self, -x / self.data ** 2))

    def __neg__(self):
        return self._make(-self.data, "−", (self, -1.0))

    def __pow__(self, k):
        if not isinstance(k, numbers.Real) or isinstance(k, Scalar):
            raise TypeError(f"the exponent must be a plain number; got {type(k).__name__}")
        return self._make(self.data ** k, f"^{k:g}", (self, k * self.data ** (k - 1)))

    def exp(self):
        y = math.exp(self.data)
        return self._make(y, "exp", (self, y))

    def log(self):
        return self._make(math.log(self.data), "ln", (self, 1.0 / self.data))

    def tanh(self):
        y = math.tanh(self.data)
        return self._make(y, "tanh", (self, 1.0 - y * y))

    def sigmoid(self):
        y = 0.5 * (1.0 + math.tanh(0.5 * self.data))   # σ, written so it cannot overflow
        return self._make(y, "σ", (self, y * (1.0 - y)))

    def relu(self):
        return self._make(max(self.data, 0.0), "relu", (self, float(self.data > 0)))

    def identity(self):
        return self


# -- reverse mode: a graph you can walk backwards ------------------------------------------
class Value(Scalar):
    """A node of the graph: its value ``data``, its ``parents`` as (node, local derivative)
    pairs, and after :meth:`backward` on some output, ``grad`` = ∂output/∂this node."""

    def __init__(self, data, parents=(), op="", name=""):
        self.data = float(data)
        self.parents = tuple(parents)
        self.op, self.name = op, name
        self.grad = 0.0
        if _meter is not None:
            _meter.born(self, 2 + len(self.parents))

    def __repr__(self):
        return f"Value({self.name + '=' if self.name else ''}{self.data:.4g}, grad={self.grad:.4g})"

    def _make(self, data, op, *edges):
        _count.values += 1
        return Value(data, [(p, d) for p, d in edges if isinstance(p, Value)], op)

    def named(self, name):
        """Give this node a name (for drawings and path listings); returns the node."""
        self.name = name
        return self

    def topological_order(self):
        """Every node this one depends on, each after its parents: inputs first, self last.
        (A loop, not recursion: a chain of 10,000 additions is 10,000 levels deep.)"""
        order, seen, stack = [], set(), [(self, False)]
        while stack:
            v, parents_done = stack.pop()
            if parents_done:                # every parent of v is in order already
                order.append(v)
            elif v not in seen:             # a node reached along a second path is not
                seen.add(v)                 # walked again: it goes into order once
                stack.append((v, True))     # come back to v after its parents, which
                stack.extend((p, False) for p, _ in reversed(v.parents))   # go first
        return order

    def backward(self, trace=None):
        """Reverse mode: set ``grad`` = ∂self/∂v on every node v self depends on, in one
        pass from self back to the inputs; each edge is used once.

        ``trace``, a list, receives every chain-rule step as it is made: a tuple
        (child, parent, local, child's grad, parent's grad after the step)."""
        order = self.topological_order()     # inputs first, self last
        for v in order:
            v.grad = 0.0                     # forget any earlier backward pass
        self.grad = 1.0                      # the seed: ∂self/∂self = 1
        for v in reversed(order):            # self first; every node after all nodes that
            for parent, local in v.parents:  # use it, so v.grad is complete by now
                # The chain rule, one edge: ∂self/∂parent gets the term local · ∂self/∂v.
                # "+=": a parent used by several nodes gets one term per edge, and these
                # add up to the sum over all paths.
                parent.grad += local * v.grad
                _count.derivatives += 1                 # (bookkeeping for count_ops)
                if trace is not None:                   # (bookkeeping for the notebook)
                    trace.append((v, parent, local, v.grad, parent.grad))


# -- forward mode: dual numbers ------------------------------------------------------------
class Dual(Scalar):
    """A number and its tangent: ``data`` and ``dot`` = ∂data/∂x for the one input x whose
    tangent was seeded with 1. Each operation pushes the tangent along its edges at once."""

    def __init__(self, data, dot=0.0):
        self.data, self.dot = float(data), float(dot)
        if _meter is not None:
            _meter.born(self, 2)

    def __repr__(self):
        return f"Dual({self.data:.4g}, dot={self.dot:.4g})"

    def _make(self, data, op, *edges):
        _count.values += 1
        dot = 0.0
        for operand, local in edges:
            if isinstance(operand, Dual):
                dot += local * operand.dot
                _count.derivatives += 1
        return Dual(data, dot)


# -- the two modes on a whole function -----------------------------------------------------
def _outputs(out, kind):
    outs = list(out) if isinstance(out, (list, tuple)) else [out]
    for y in outs:
        if not isinstance(y, kind):
            raise TypeError(f"f must return a {kind.__name__} built from its inputs (or a list "
                            f"of them); got a {type(y).__name__}")
    return outs


def _check_inputs(xs):
    xs = np.asarray(xs, dtype=float)
    if xs.ndim != 1 or xs.size == 0:
        raise ValueError(f"xs must be a non-empty vector of shape (n,); got shape {xs.shape}")
    return xs


def forward_mode(f, xs, passes=None):
    """The Jacobian of f at xs by forward mode: one pass of f per input.

    Parameters
    ----------
    f : function of a list of n numbers, returning one number or a list of m numbers
        (written with + − · / ** and the methods exp, log, tanh, sigmoid, relu).
    xs : array, shape (n,)
    passes : list of input indices, optional — run only these passes (all n if not given).

    Returns
    -------
    (y, J) : arrays of shape (m,) and (m, k) for k passes; J[j, i] = ∂y_j/∂x_i. Pass i seeds
    the tangent of x_i with 1 and every other with 0, and gives column i.
    """
    xs = _check_inputs(xs)
    columns = []
    for i in range(xs.size) if passes is None else passes:
        outs = _outputs(f([Dual(x, float(k == i)) for k, x in enumerate(xs)]), Dual)
        columns.append([y.dot for y in outs])
    return np.array([y.data for y in outs]), np.array(columns).T


def reverse_mode(f, xs):
    """The Jacobian of f at xs by reverse mode: f runs once (recording its graph), then one
    backward pass per output. Arguments and result as in :func:`forward_mode`."""
    xs = _check_inputs(xs)
    inputs = [Value(x) for x in xs]
    outs = _outputs(f(inputs), Value)
    rows = []
    for y in outs:
        for x in inputs:          # an input this output does not reach keeps grad 0
            x.grad = 0.0
        y.backward()
        rows.append([x.grad for x in inputs])
    return np.array([y.data for y in outs]), np.array(rows)


def mode_costs(f, xs, run_every_pass=True):
    """The operations each mode needs for the whole Jacobian of f at xs (see the two above).

    With ``run_every_pass=False`` forward mode runs only the pass of x_0 and its count is
    multiplied by n: every pass does the same operations, only the seeded tangent differs.

    Returns a dict {"forward": OpCount, "reverse": OpCount, "J_forward": array (m, k),
    "J_reverse": array (m, n)}: the counts, and the Jacobians each mode computed.
    """
    xs = _check_inputs(xs)
    with count_ops() as forward:
        _, J_forward = forward_mode(f, xs, None if run_every_pass else [0])
    if not run_every_pass:
        forward.values *= xs.size
        forward.derivatives *= xs.size
    with count_ops() as reverse:
        _, J_reverse = reverse_mode(f, xs)
    return {"forward": forward, "reverse": reverse, "J_forward": J_forward,
            "J_reverse": J_reverse}


def mode_memory(f, xs):
    """The memory each mode needs for f at xs, measured by :func:`track_memory`.

    forward : one pass of forward mode. Every pass needs the same, and a pass's Duals are
              freed before the next pass starts, so n passes need no more than one.
    reverse : reverse mode, from the first node of the graph to the end of the backward
              passes: the whole graph (the tape) is kept until the backward pass has used it.

    Returns {"forward": MemoryMeter, "reverse": MemoryMeter}.
    """
    xs = _check_inputs(xs)
    with track_memory() as forward:
        forward_mode(f, xs, passes=[0])
    with track_memory() as reverse:
        reverse_mode(f, xs)
    return {"forward": forward, "reverse": reverse}


def mode_bytes(f, xs):
    """:func:`mode_memory` in bytes: the peak of the memory Python allocated (measured by
    ``tracemalloc``) during one forward pass and during reverse mode. Byte counts depend on
    the Python version; the counts of :func:`mode_memory` do not.

    Returns {"forward": int, "reverse": int}."""
    import tracemalloc
    xs = _check_inputs(xs)
    peaks = {}
    for mode, run in (("forward", lambda: forward_mode(f, xs, passes=[0])),
                      ("reverse", lambda: reverse_mode(f, xs))):
        tracemalloc.start()
        try:
            run()
            peaks[mode] = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    return peaks


# -- sum over paths --------------------------------------------------------------------------
def paths(source, target):
    """Every path from ``source`` to ``target`` in the graph, each a list of edges
    (node, next node, local derivative) in order from source to target."""
    if target is source:
        return [[]]
    found = []
    for parent, local in target.parents:
        found += [p + [(parent, target, local)] for p in paths(source, parent)]
    return found


def path_products(source, target):
    """Each path from source to target with the product of its local derivatives.
    Their sum is ∂target/∂source (article D). Counts one derivative op per edge of each
    path: the price of treating every path on its own.

    Returns a list of (path, product), path as in :func:`paths`."""
    found = []
    for path in paths(source, target):
        product = 1.0
        for _, _, local in path:
            product *= local
            _count.derivatives += 1
        found.append((path, product))
    return found


def count_paths(source, target):
    """The number of paths from source to target, counted without listing them: a node is
    reached by as many paths as its parents together (the factoring of article D)."""
    n = {}
    for v in target.topological_order():
        n[v] = 1 if v is source else sum(n[p] for p, _ in v.parents)
    return n[target]


def edges(output):
    """Every edge of the graph below ``output``: a list of (parent, child, local derivative)."""
    return [(p, v, local) for v in output.topological_order() for p, local in v.parents]


# -- the graphs of the notebook --------------------------------------------------------------
def article_steps(a, b):
    """The three steps of article D's e = (a + b)·(b + 1), for any kind of number (float,
    Dual, Value). Returns ``{"a", "b", "c", "d", "e"}``: the inputs and the three results."""
    c = a + b
    d = b + 1
    e = c * d
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def article_graph(a=2.0, b=1.0):
    """Article D's graph e = (a + b)·(b + 1), with reverse mode already run.

    Returns a dict of the named nodes ``{"a", "b", "c", "d", "e"}`` (Values); after the
    backward pass ``nodes["a"].grad`` = ∂e/∂a and ``nodes["b"].grad`` = ∂e/∂b."""
    nodes = article_steps(Value(a), Value(b))
    for name, node in nodes.items():
        node.named(name)
    nodes["e"].backward()
    return nodes


def forward_trace(output, seed):
    """Forward mode on the graph below ``output``, node by node, as a dual number would
    carry it: the tangent of each node is Σ local · (tangent of the parent), over its edges.

    seed : the input node whose tangent is 1 (every other input's is 0).
    Returns a list, in topological order, of (node, [(parent, local, parent's tangent)],
    tangent): the tangent of a node is ∂node/∂seed.
    """
    tangent, steps = {}, []
    for v in output.topological_order():
        if not v.parents:
            tangent[v] = 1.0 if v is seed else 0.0
            steps.append((v, [], tangent[v]))
            continue
        terms = [(p, local, tangent[p]) for p, local in v.parents]
        tangent[v] = sum(local * dot for _, local, dot in terms)
        steps.append((v, terms, tangent[v]))
    return steps


def e_readout(a, b):
    """The readout of the graph widget: ``"e = 6, ∂e/∂a = 2, ∂e/∂b = 5"`` at a = 2, b = 1,
    every number printed with ``:.4g`` (a zero is printed as 0, never −0)."""
    n = article_graph(a, b)
    e, de_da, de_db = n["e"].data + 0.0, n["a"].grad + 0.0, n["b"].grad + 0.0   # −0 → 0
    return f"e = {e:.4g}, ∂e/∂a = {de_da:.4g}, ∂e/∂b = {de_db:.4g}"


def chain_of_diamonds(n, alpha=0.5, beta=0.7, x0=1.0):
    """n diamonds in a row: x_k → p_k = α·x_k and q_k = β·x_k → x_{k+1} = p_k + q_k.

    Each diamond doubles the paths: 2ⁿ paths from x₀ to x_n, the products α^j·β^(n−j).
    Returns (x0, xn) as Values; the sum over paths is ∂x_n/∂x_0 = (α + β)ⁿ."""
    if not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"n must be a whole number ≥ 0; got {n!r}")
    sub = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
    x = first = Value(x0, name="x₀")
    for k in range(1, n + 1):
        i = str(k).translate(sub)
        p = (x * alpha).named("p" + i)
        q = (x * beta).named("q" + i)
        x = (p + q).named("x" + i)
    return first, x


def diamonds(x, n, alpha=0.5, beta=0.7):
    """The chain of :func:`chain_of_diamonds` for any kind of number (Value or Dual):
    n times x ← α·x + β·x. Returns x_n."""
    for _ in range(n):
        x = x * alpha + x * beta
    return x


def linear_loss(w, x, y=1.0):
    """Many inputs, one output: C = (Σ_i w_i·x_i − y)², the cost of one linear neuron.
    ``w`` are the n inputs we differentiate by (Values or Duals), ``x`` n fixed numbers."""
    if len(w) != len(x) or len(w) == 0:
        raise ValueError(f"w and x need the same length n ≥ 1; got {len(w)} and {len(x)}")
    z = w[0] * x[0]
    for w_i, x_i in zip(w[1:], x[1:]):
        z = z + w_i * x_i
    return (z - y) ** 2


def powers(t, m):
    """One input, many outputs: [t, t², …, t^m], each by one more multiplication (like the
    states of a process driven by one parameter). Returns a list of m numbers."""
    if not isinstance(m, (int, np.integer)) or m < 1:
        raise ValueError(f"m must be a whole number ≥ 1; got {m!r}")
    out = [t]
    for _ in range(m - 1):
        out.append(out[-1] * t)
    return out


# -- a whole network, one scalar at a time ---------------------------------------------------
_SCALAR_COSTS = {
    # the cost of the batch from the (a − y)² terms, for m examples (see mlp_core.costs)
    "squared_error": lambda sq, m: sq / m,
    "half_squared_error": lambda sq, m: sq / (2 * m),
    "sum_squared_error": lambda sq, m: sq,
}


def _check_scalar_network(net):
    names = {net.activation.name, net.output_activation.name}
    if not names <= {"sigmoid", "tanh", "relu", "identity"}:
        raise ValueError(f"network_backprop needs elementwise activations (sigmoid, tanh, relu, "
                         f"identity); got {sorted(names)}")
    if net.cost_fn.name not in _SCALAR_COSTS:
        raise ValueError(f"network_backprop needs one of the costs {list(_SCALAR_COSTS)}; got "
                         f"{net.cost_fn.name!r}")


def network_parameters(net):
    """The parameters of a Network as one flat list of floats, in the order of
    :func:`network_cost`: W[1] row by row, b[1], W[2] row by row, b[2], …"""
    return [float(v) for l in range(1, net.L + 1) for v in (*net.W[l].ravel(), *net.b[l][:, 0])]


def network_cost(net, X, Y, params, keep_z=False):
    """The cost of a Network on the batch (X, Y), computed one scalar at a time from
    ``params`` (a flat list of Values or Duals, in the order of
    :func:`network_parameters`): a node for every weight, every z, every a, every (a − y)².

    X : array, shape (n_0, m);  Y : array, shape (n_L, m), or class numbers of shape (m,).
    Returns (cost, W, b, z): the cost (a number of the kind params holds); the parameters
    arranged as ``W[l][j][k]``, ``b[l][j]``; and, with ``keep_z``, the weighted inputs as
    ``z[l][j][i]`` for neuron j of layer l and example i (lists indexed by layer as in
    Network, index 0 None), else None — kept, they would stay in memory to the end.
    """
    _check_scalar_network(net)
    X = net.check_input(X)
    m = X.shape[1]
    Y = net.targets(Y, m)
    params, W, b = list(params), [None], [None]
    for l in range(1, net.L + 1):
        n_out, n_in = net.W[l].shape
        W.append([params[j * n_in:(j + 1) * n_in] for j in range(n_out)])
        b.append(params[n_out * n_in:n_out * (n_in + 1)])
        params = params[n_out * (n_in + 1):]
    sq = 0.0
    Z = [None] + [[[] for _ in b[l]] for l in range(1, net.L + 1)] if keep_z else None
    for col in range(m):
        a = [float(v) for v in X[:, col]]
        for l in range(1, net.L + 1):
            sigma = net.sigma(l)
            z = [sum((w_jk * a_k for w_jk, a_k in zip(W[l][j], a)), b[l][j])
                 for j in range(len(b[l]))]
            if keep_z:
                for j, z_j in enumerate(z):
                    Z[l][j].append(z_j)
            a = [getattr(z_j, sigma.name)() for z_j in z]
        for a_j, y_j in zip(a, Y[:, col]):
            sq = sq + (a_j - float(y_j)) ** 2
    return _SCALAR_COSTS[net.cost_fn.name](sq, m), W, b, Z


def network_backprop(net, X, Y):
    """The gradients of a :class:`mlp_core.Network`'s cost, by reverse mode on a graph with
    one node per scalar: every weight, every z, every a, every (a − y)² (see
    :func:`network_cost`).

    The same numbers as ``net.backprop(X, Y)``, computed the slow way: the vectorized
    backward pass is this graph's backward pass, a layer of nodes at a time.

    Parameters
    ----------
    net : Network with an elementwise activation (sigmoid, tanh, relu, identity) and a
        squared-error cost
    X : array, shape (n_0, m)
    Y : array, shape (n_L, m), or class numbers of shape (m,)

    Returns
    -------
    dict with ``cost`` (float), ``grad_W`` and ``grad_b`` (lists indexed by layer as in
    Network: ``grad_W[l]`` shape (n_l, n_{l−1}), ``grad_b[l]`` shape (n_l, 1), index 0 None),
    ``delta`` (``delta[l]`` shape (n_l, m): ∂C/∂z of every z node, Network's δ[l]) and
    ``n_nodes``, ``n_edges`` of the graph.
    """
    _check_scalar_network(net)
    cost, W, b, Z = network_cost(net, X, Y, [Value(v) for v in network_parameters(net)],
                                 keep_z=True)
    cost.backward()
    grad_W = [None] + [np.array([[w.grad for w in row] for row in Wl]) for Wl in W[1:]]
    grad_b = [None] + [np.array([[bj.grad] for bj in bl]) for bl in b[1:]]
    delta = [None] + [np.array([[z.grad for z in row] for row in Zl]) for Zl in Z[1:]]
    return {"cost": cost.data, "grad_W": grad_W, "grad_b": grad_b, "delta": delta,
            "n_nodes": len(cost.topological_order()), "n_edges": len(edges(cost))}
