"""Numerical gradient checking (梯度检验) by central differences.

Backpropagation is easy to get subtly wrong (article C's own code is, see notebook 05).
The check: nudge one parameter θ by ±ε and watch the cost,

    ∂C/∂θ ≈ (C(θ + ε) − C(θ − ε)) / 2ε,        error O(ε²),

then compare with backprop's answer by the relative error ‖g − g_num‖ / (‖g‖ + ‖g_num‖).
How to read it (in float64, ε = 1e-5):

    < 1e-7   fine: backprop is right
    < 1e-4   probably fine (kinks such as ReLU's at 0 cost some digits)
    < 1e-2   suspicious: look for a bug
    ≥ 1e-2   wrong
"""
from typing import NamedTuple

import numpy as np

from .validation import (InvalidArgument, InvalidArgumentType, check_eps, check_finite,
                         check_network, check_real, describe, real_array, shown)

THRESHOLDS = ((1e-7, "fine"), (1e-4, "probably fine"), (1e-2, "suspicious"))


def verdict(rel_error):
    """The words for a relative error, by the thresholds above."""
    rel_error = check_real(rel_error, "rel_error", finite=False)
    if not rel_error >= 0:  # NaN, or a negative number: not a relative error
        raise InvalidArgument(f"rel_error must be a number ≥ 0; got {shown(rel_error)}")
    for limit, words in THRESHOLDS:
        if rel_error < limit:
            return words
    return "wrong"


def relative_error(g, g_num):
    """‖g − g_num‖ / (‖g‖ + ‖g_num‖), 0 when both are 0."""
    g, g_num = real_array(g, "g"), real_array(g_num, "g_num")
    if g.shape != g_num.shape:
        raise InvalidArgument(f"g_num must have the shape of g, {g.shape}; got {g_num.shape}")
    check_finite(g, "g")
    check_finite(g_num, "g_num")
    denom = np.linalg.norm(g) + np.linalg.norm(g_num)
    return 0.0 if denom == 0 else float(np.linalg.norm(g - g_num) / denom)


def numerical_gradient_fn(f, x, eps=1e-5):
    """Central differences of a scalar function f at the array x (any shape).

    Returns an array of x's shape: entry i is (f(x + ε e_i) − f(x − ε e_i)) / 2ε.
    x is nudged in place and restored exactly after each entry, so it must be a float
    array (in an integer array x + ε would be rounded back to x); ε must be a finite
    number > 0 large enough to move every entry of x.
    """
    if not callable(f):
        raise InvalidArgumentType(f"f must be a function of x returning a number; got {describe(f)}")
    check_eps(eps)
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise InvalidArgumentType(
            f"x must be a numpy array of floats (it is nudged in place); got {describe(x)}")
    _check_eps_moves(x, eps, "x")
    g = np.zeros(x.shape, dtype=np.float64)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        c_plus = f(x)
        x[i] = old - eps
        c_minus = f(x)
        x[i] = old
        g[i] = (c_plus - c_minus) / (2 * eps)
    return g


def numerical_gradient(net, X, Y, eps=1e-5):
    """∂C/∂W[l] and ∂C/∂b[l] of ``net`` on the batch (X, Y) by central differences.

    Returns ``(grad_W, grad_b)``, lists indexed by layer l like the network's (index 0 None).
    Costs two forward passes per parameter: use a small batch. ``eps`` (ε) must be a finite
    number > 0 that moves every parameter (θ + ε ≠ θ in the network's dtype).
    """
    check_network(net)
    check_eps(eps)
    X = net.check_input(X)
    Y = net.targets(Y, X.shape[1])
    _check_eps_moves(net.theta, eps, "the parameters")

    def cost(_):
        return net.cost_fn.f(net._feedforward(X), Y)

    grad_W = [None] + [numerical_gradient_fn(cost, W, eps) for W in net.W[1:]]
    grad_b = [None] + [numerical_gradient_fn(cost, b, eps) for b in net.b[1:]]
    return grad_W, grad_b


def _check_eps_moves(x, eps, what):
    """Refuse an ε so small that x + ε == x for some entry: the difference quotient
    would then be 0 there and the check would report a correct gradient as wrong."""
    with np.errstate(over="ignore", invalid="ignore"):
        e = x.dtype.type(eps)
        up, down = x + e, x - e
    if not (np.all(np.isfinite(up)) and np.all(np.isfinite(down))):
        raise InvalidArgument(
            f"eps must keep every entry of {what} finite when added in {x.dtype}; got "
            f"eps={shown(eps)}. Try eps=1e-5 (float64) or 1e-2 (float32).")
    stuck = (up == x) | (down == x)
    if np.any(stuck):
        i = tuple(int(v) for v in np.argwhere(stuck)[0])
        raise InvalidArgument(
            f"eps must be large enough to move every entry of {what} in {x.dtype}; got "
            f"eps={shown(eps)}, and {shown(x[i])} ± eps == {shown(x[i])} (at index {i}). Try eps=1e-5 "
            f"(float64) or 1e-2 (float32).")


class GradCheckRow(NamedTuple):
    name: str
    shape: tuple
    rel_error: float
    verdict: str


class GradCheckReport(list):
    """One :class:`GradCheckRow` per parameter array; prints as a table."""

    @property
    def max_error(self):
        return max(r.rel_error for r in self)

    @property
    def passed(self):
        """True when every array is below 1e-7 ("fine")."""
        return self.max_error < THRESHOLDS[0][0]

    def __str__(self):
        lines = [f"{'array':<6} {'shape':<12} {'relative error':>15}  verdict"]
        for r in self:
            lines.append(f"{r.name:<6} {str(r.shape):<12} {r.rel_error:>15.2e}  {r.verdict}")
        return "\n".join(lines)

    def _repr_pretty_(self, p, cycle):
        p.text(str(self))


def gradient_check(net, X, Y, eps=1e-5):
    """Compare backprop with central differences, one relative error per parameter array.

    X: (n_0, m), Y: (n_L, m) or class numbers (m,); eps: ε > 0, see
    :func:`numerical_gradient`. Returns a :class:`GradCheckReport`.
    """
    check_network(net)
    check_eps(eps)
    X = net.check_input(X)
    Y = net.targets(Y, X.shape[1])
    _check_eps_moves(net.theta, eps, "the parameters")
    g = net._backprop(X, Y)
    num_W, num_b = numerical_gradient(net, X, Y, eps)
    report = GradCheckReport()
    for l in range(1, net.L + 1):
        for name, ga, gn in ((f"W{l}", g.grad_W[l], num_W[l]), (f"b{l}", g.grad_b[l], num_b[l])):
            # A NaN or inf in a gradient (a broken backprop) is wrong, whatever the other says.
            finite = np.all(np.isfinite(ga)) and np.all(np.isfinite(gn))
            e = relative_error(ga, gn) if finite else float("inf")
            report.append(GradCheckRow(name, ga.shape, e, verdict(e)))
    return report
