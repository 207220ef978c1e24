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
of the two modes can be compared exactly, without a stopwatch. Constants (the 1 of b + 1) are
not nodes: they have no derivative to carry.

Plain Python floats and NumPy only; small on purpose (after micrograd's engine.py).
"""
import math
import numbers
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
            if parents_done:
                order.append(v)
            elif v not in seen:
                seen.add(v)
                stack.append((v, True))
                stack.extend((p, False) for p, _ in reversed(v.parents))
        return order

    def backward(self):
        """Reverse mode: set ``grad`` = ∂self/∂v on every node v self depends on, in one
        pass from self back to the inputs; each edge is used once."""
        order = self.topological_order()
        for v in order:
            v.grad = 0.0
        self.grad = 1.0
        for v in reversed(order):          # children before parents: v.grad is complete
            for parent, local in v.parents:
                parent.grad += local * v.grad
                _count.derivatives += 1


# -- forward mode: dual numbers ------------------------------------------------------------
class Dual(Scalar):
    """A number and its tangent: ``data`` and ``dot`` = ∂data/∂x for the one input x whose
    tangent was seeded with 1. Each operation pushes the tangent along its edges at once."""

    def __init__(self, data, dot=0.0):
        self.data, self.dot = float(data), float(dot)

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
def article_graph(a=2.0, b=1.0):
    """Article D's graph e = (a + b)·(b + 1), with reverse mode already run.

    Returns a dict of the named nodes ``{"a", "b", "c", "d", "e"}`` (Values); after the
    backward pass ``nodes["a"].grad`` = ∂e/∂a and ``nodes["b"].grad`` = ∂e/∂b."""
    a, b = Value(a, name="a"), Value(b, name="b")
    c = (a + b).named("c")
    d = (b + 1).named("d")
    e = (c * d).named("e")
    e.backward()
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


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


def network_backprop(net, X, Y):
    """The gradients of a :class:`mlp_core.Network`'s cost, by reverse mode on a graph with
    one node per scalar: every weight, every z, every a, every (a − y)².

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
    Network: ``grad_W[l]`` shape (n_l, n_{l−1}), ``grad_b[l]`` shape (n_l, 1), index 0 None)
    and ``n_nodes``, ``n_edges`` of the graph.
    """
    names = {net.activation.name, net.output_activation.name}
    if not names <= {"sigmoid", "tanh", "relu", "identity"}:
        raise ValueError(f"network_backprop needs elementwise activations (sigmoid, tanh, relu, "
                         f"identity); got {sorted(names)}")
    if net.cost_fn.name not in _SCALAR_COSTS:
        raise ValueError(f"network_backprop needs one of the costs {list(_SCALAR_COSTS)}; got "
                         f"{net.cost_fn.name!r}")
    X = net.check_input(X)
    m = X.shape[1]
    Y = net.targets(Y, m)
    W = [None] + [[[Value(w) for w in row] for row in Wl] for Wl in net.W[1:]]
    b = [None] + [[Value(bj) for bj in bl[:, 0]] for bl in net.b[1:]]
    sq = 0.0
    for col in range(m):
        a = [float(v) for v in X[:, col]]
        for l in range(1, net.L + 1):
            sigma = net.sigma(l)
            z = [sum((w_jk * a_k for w_jk, a_k in zip(W[l][j], a)), b[l][j])
                 for j in range(len(b[l]))]
            a = [getattr(z_j, sigma.name)() for z_j in z]
        for a_j, y_j in zip(a, Y[:, col]):
            sq = sq + (a_j - float(y_j)) ** 2
    cost = _SCALAR_COSTS[net.cost_fn.name](sq, m)
    cost.backward()
    grad_W = [None] + [np.array([[w.grad for w in row] for row in Wl]) for Wl in W[1:]]
    grad_b = [None] + [np.array([[bj.grad] for bj in bl]) for bl in b[1:]]
    return {"cost": cost.data, "grad_W": grad_W, "grad_b": grad_b,
            "n_nodes": len(cost.topological_order()), "n_edges": len(edges(cost))}
