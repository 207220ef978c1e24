"""Gradient descent (梯度下降), first on toy costs you can draw, then on real networks.

The rule is one line:  w ← w − η ∇C(w).  The negative gradient −∇C points downhill, and
the learning rate η > 0 says how far to go. This module holds the small pieces notebook 03
needs to *watch* that rule work (and fail):

* ``cost_1d`` / ``grad_1d``: a cost of one parameter with two valleys, so that a ball can
  crawl (η too small), settle in the nearer valley, jump into the other one, or fly off
  (η too large).
* :class:`Quadratic2D`: an elongated bowl of two parameters, for contour plots.
* :func:`descend`: the path of gradient descent on any of them, stopped with a clear flag
  (never a NaN) when the steps blow up.
* :func:`rank_sensitivities` and :func:`nudge`: the gradient of a real network read as
  sensitivity — how much the cost moves when one parameter is nudged.
* :func:`neuron_path`: full-batch gradient descent and minibatch SGD on a one-neuron model
  with exactly two parameters (w, b), whose path can be drawn on the real cost surface.

Points are columns, as everywhere in ``mlp_core``: many points of the plane are a (2, n)
array; one point may also be given as shape (2,).
"""
import math
import time
from typing import NamedTuple

import numpy as np

from .i18n import _, ngettext
from .network import Network
from .training import sgd_step
from .validation import (InvalidArgument, as_batch, check_batch_size, check_network,
                         check_positive, check_real, check_seed, check_sizes, check_whole,
                         real_array)

# -- one parameter ------------------------------------------------------------------------
#: Where the ball starts by default: on the right-hand slope of the shallower valley.
W0_1D = 2.0
#: The walls of the picture; a ball that leaves [−LIMIT, LIMIT] has diverged.
LIMIT_1D = 100.0


def cost_1d(w):
    """A cost of one parameter with two valleys: C(w) = w⁴/4 − w² + 0.3 w + 1.5.

    The valley at w ≈ 1.33 is a local minimum; the one at w ≈ −1.48 is lower (the global
    minimum). Works elementwise on an array of any shape.
    """
    w = np.asarray(w, dtype=float)
    return w ** 4 / 4 - w ** 2 + 0.3 * w + 1.5


def grad_1d(w):
    """The slope dC/dw = w³ − 2w + 0.3 of :func:`cost_1d`, elementwise."""
    w = np.asarray(w, dtype=float)
    return w ** 3 - 2 * w + 0.3


# -- two parameters -----------------------------------------------------------------------
class Quadratic2D:
    """An elongated bowl C(w) = ½ (w − w*)ᵀ A (w − w*) of two parameters w = (w₁, w₂).

    A is symmetric positive definite, so the bowl has one minimum, at w*. Its two
    curvatures (the eigenvalues of A; about 1 and 10 for the default A, a bowl tilted by
    30°) differ, which is what makes plain gradient descent
    zig-zag across the narrow direction while it creeps along the wide one.

    Parameters
    ----------
    A : array, shape (2, 2), symmetric positive definite
    w_star : array, shape (2,)
    """

    def __init__(self, A=((3.25, 3.9), (3.9, 7.75)), w_star=(1.0, 0.5)):
        A = np.asarray(A, dtype=float)
        w_star = np.asarray(w_star, dtype=float)
        if A.shape != (2, 2):
            raise ValueError(f"A must have shape (2, 2); got {A.shape}")
        if w_star.shape != (2,):
            raise ValueError(f"w_star must have shape (2,); got {w_star.shape}")
        if not np.allclose(A, A.T) or np.any(np.linalg.eigvalsh(A) <= 0):
            raise ValueError("A must be symmetric with positive eigenvalues (a bowl)")
        self.A, self.w_star = A, w_star

    @staticmethod
    def _points(w):
        w = np.asarray(w, dtype=float)
        if w.shape[:1] != (2,) or w.ndim > 2:
            raise ValueError(f"points must have shape (2,) or (2, n); got {w.shape}")
        return w

    def f(self, w):
        """C at one point (shape (2,) → float) or at n points (shape (2, n) → shape (n,))."""
        d = self._points(w) - (self.w_star if np.ndim(w) == 1 else self.w_star[:, None])
        return 0.5 * np.sum(d * (self.A @ d), axis=0)

    def grad(self, w):
        """∇C = A (w − w*), the same shape as w: (2,) or (2, n)."""
        d = self._points(w) - (self.w_star if np.ndim(w) == 1 else self.w_star[:, None])
        return self.A @ d

    def grid(self, w1, w2):
        """C on the grid spanned by the 1-D arrays w1 (n₁,) and w2 (n₂,): shape (n₂, n₁),
        ready for ``plt.contour(w1, w2, C)``."""
        W1, W2 = np.meshgrid(np.asarray(w1, float), np.asarray(w2, float))
        return self.f(np.stack([W1.ravel(), W2.ravel()])).reshape(W1.shape)


# -- the descent itself -------------------------------------------------------------------
class DescentPath(NamedTuple):
    """Where gradient descent went.

    w : array, shape (k + 1,) for one parameter or (k + 1, 2) for two: the start, then the
        position after each of the k steps taken.
    cost : array, shape (k + 1,): the cost at each of those positions.
    diverged : bool. True if a step left the region |w| ≤ limit; the path then stops at the
        first position outside it (so it holds no inf or NaN).
    """
    w: np.ndarray
    cost: np.ndarray
    diverged: bool

    @property
    def steps(self):
        """How many steps were taken."""
        return len(self.cost) - 1


def descend(cost, grad, w0, eta, steps, limit=LIMIT_1D):
    """Take up to ``steps`` steps of w ← w − η ∇C(w) from w0.

    Parameters
    ----------
    cost, grad : callables, C(w) and ∇C(w) (``cost_1d``/``grad_1d`` or a
        :class:`Quadratic2D`'s ``f``/``grad``)
    w0 : float, or array of shape (2,)
    eta : float > 0, the learning rate η
    steps : int ≥ 0
    limit : float; the descent stops (``diverged=True``) once any |w_i| exceeds it

    Returns
    -------
    DescentPath
    """
    check_positive(eta, "learning rate eta")
    if not isinstance(steps, (int, np.integer)) or isinstance(steps, bool) or steps < 0:
        raise ValueError(f"steps must be a whole number ≥ 0; got {steps!r}")
    w = real_array(w0, "the start w0")
    if not np.all(np.isfinite(w)):
        raise ValueError(f"the start w0 must be finite; got {w0!r}")
    path, costs, diverged = [w.copy()], [float(cost(w))], False
    # A too-large η makes |w| grow like a tower of powers; stop before it overflows.
    with np.errstate(over="ignore", invalid="ignore"):
        for _step in range(steps):
            w = w - eta * np.asarray(grad(w), dtype=float)
            if not np.all(np.isfinite(w)) or np.max(np.abs(w)) > limit:
                if np.all(np.isfinite(w)):
                    path.append(w.copy())
                    costs.append(float(cost(w)))
                diverged = True
                break
            path.append(w.copy())
            costs.append(float(cost(w)))
    return DescentPath(np.array(path), np.array(costs), diverged)


def describe_descent_1d(eta, steps, w0=W0_1D):
    """The readout of notebook 03's learning-rate explorer: where the ball is after
    ``steps`` steps of gradient descent on :func:`cost_1d` with learning rate ``eta``.

    Returns one line of text, e.g.
    ``"after 10 steps with η = 0.1: w = 1.3656, C(w) = 0.74305 (slope −0.14524)"``,
    or a message beginning ``"diverged"`` when the steps blew up.
    """
    p = descend(cost_1d, grad_1d, w0, eta, steps)
    if p.diverged:
        if abs(p.w[-1]) > LIMIT_1D:   # the last step landed outside the walls
            at, where = p.steps, f"w = {p.w[-1]:.4g}"
        else:                          # the step overflowed: it was not recorded
            at, where = p.steps + 1, _("w overflowed")
        return _("diverged at step {step}: {where}, far outside the picture. η = {eta} is too "
                 "large: each step overshoots the valley by more than the last. Try a smaller "
                 "learning rate.").format(step=at, where=where, eta=f"{eta:.4g}")
    w = float(p.w[-1])
    return ngettext("after {n} step with η = {eta}: w = {w}, C(w) = {cost} (slope {slope})",
                    "after {n} steps with η = {eta}: w = {w}, C(w) = {cost} (slope {slope})",
                    p.steps).format(n=p.steps, eta=f"{eta:.4g}", w=f"{w:.5g}",
                                    cost=f"{float(p.cost[-1]):.5g}",
                                    slope=f"{float(grad_1d(w)):.5g}")


# -- the gradient as sensitivity ----------------------------------------------------------
class Sensitivity(NamedTuple):
    """One parameter and its partial derivative.

    param : tuple, ``("W", l, j, k)`` or ``("b", l, j, None)``, as taken by
        ``Network.get_param`` / ``set_param``
    grad : float, ∂C/∂param
    """
    param: tuple
    grad: float

    @property
    def name(self):
        """Readable name: ``W[2][3, 7]`` or ``b[3][5]``."""
        kind, l, j, k = self.param
        return f"W[{l}][{j}, {k}]" if kind == "W" else f"b[{l}][{j}]"


def rank_sensitivities(grads):
    """Every weight and bias, most sensitive first.

    Parameters
    ----------
    grads : Gradients, from ``net.backprop(X, y)``

    Returns
    -------
    list of Sensitivity, one per parameter (13,002 for 784-16-16-10), sorted by |∂C/∂w|
    from largest to smallest; ties keep the order W[1], b[1], W[2], … (row by row).
    """
    params, values = [], []
    for l in range(1, len(grads.grad_W)):
        gW, gb = grads.grad_W[l], grads.grad_b[l]
        J, K = np.unravel_index(np.arange(gW.size), gW.shape)
        params += [("W", l, int(j), int(k)) for j, k in zip(J, K)]
        values.append(gW.ravel())
        params += [("b", l, int(j), None) for j in range(gb.shape[0])]
        values.append(gb.ravel())
    values = np.concatenate(values)
    order = np.argsort(-np.abs(values), kind="stable")
    return [Sensitivity(params[i], float(values[i])) for i in order]


def nudge(net, X, y, param, h):
    """How much the cost over (X, y) changes when one parameter is moved by h:
    C(w + h) − C(w). The network is left exactly as it was.

    X : array, shape (n_0, m); y : class numbers (m,) or targets (n_L, m);
    param : ``("W", l, j, k)`` or ``("b", l, j, None)``; h : float.
    """
    check_network(net)
    kind, l, j, k = param
    old = net.get_param(kind, l, j, k)
    before = net.cost(X, y)
    try:
        net.set_param(kind, l, j, k, value=old + h)
        after = net.cost(X, y)
    finally:
        net.set_param(kind, l, j, k, value=old)
    return after - before


# -- the careful walker and the drunk man -------------------------------------------------
def ink_feature(X):
    """How much ink each image holds: its mean pixel value. X shape (784, m) → shape (m,)."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must have shape (784, m), one image per column; got {X.shape}")
    return X.mean(axis=0)


def zero_or_one(X, labels):
    """The tiny two-parameter problem: from its amount of ink alone, is an image a "0"?

    Keeps the images of 0s and 1s (a 0 holds about twice the ink of a 1) and standardizes
    the ink to mean 0 and standard deviation 1 over them, so that w and b live on similar
    scales and the cost surface fits in one picture.

    Returns
    -------
    x : array, shape (1, n), the standardized ink, one column per image
    y : array, shape (1, n), 1.0 for a "0" and 0.0 for a "1"
    """
    labels = np.asarray(labels)
    keep = (labels == 0) | (labels == 1)
    if not np.any(keep):
        raise ValueError("no images of 0s or 1s among the labels")
    ink = ink_feature(X)[keep]
    x = (ink - ink.mean()) / ink.std()
    return x[None, :], (labels[keep] == 0).astype(float)[None, :]


def neuron(w, b):
    """The one-neuron network a = σ(w x + b): a ``Network([1, 1])`` with the squared-error
    cost and its two parameters set to w and b."""
    net = Network([1, 1], activation="sigmoid", cost="squared_error")
    net.set_param("W", 1, 0, 0, value=w)
    net.set_param("b", 1, 0, value=b)
    return net


def neuron_cost_grid(x, y, w, b):
    """The cost (1/n) Σ (σ(w x + b) − y)² of the one-neuron model on a grid.

    x, y : arrays, shape (1, n); w : shape (n_w,); b : shape (n_b,)
    Returns shape (n_b, n_w), ready for ``plt.contour(w, b, C)``.
    """
    x, y = as_batch(x, 1, name="x"), as_batch(y, 1, name="y")
    w, b = real_array(w, "w"), real_array(b, "b")
    C = np.empty((len(b), len(w)))
    for i, b_i in enumerate(b):  # one row of the grid at a time keeps the arrays small
        z = w[:, None] * x[0] + b_i                     # shape (n_w, n)
        with np.errstate(over="ignore"):  # exp(−z) may overflow to inf: σ is then exactly 0
            a = 1.0 / (1.0 + np.exp(-z))
        C[i] = np.mean((a - y[0]) ** 2, axis=1)
    return C


def neuron_path(x, y, w0, b0, eta, steps, batch_size=None, seed=0):
    """Gradient descent on the one-neuron model, recording (w, b) after every step.

    With ``batch_size=None`` every step uses all n examples (the careful walker); otherwise
    the examples are shuffled each epoch and cut into minibatches of ``batch_size``, one
    step per minibatch (the drunk man), exactly as ``mlp_core.train`` does.

    x, y : arrays, shape (1, n)
    Returns a DescentPath: w of shape (steps + 1, 2) holding (w, b), and cost the cost over
    *all* n examples at each position (what the walker really cares about).
    """
    check_positive(eta, "learning rate eta")
    x = as_batch(x, 1, name="x")
    y = as_batch(y, 1, name="y")
    n = x.shape[1]
    if y.shape != x.shape:
        raise InvalidArgument(f"y must have the shape of x, {x.shape}; got shape {y.shape}")
    w0, b0 = check_real(w0, "w0"), check_real(b0, "b0")
    m = n if batch_size is None else check_batch_size(batch_size, n)
    steps = check_whole(steps, "steps", 0)
    seed = check_seed(seed)
    net = neuron(w0, b0)
    rng = np.random.default_rng(seed)
    path, costs = [(w0, b0)], [net.cost(x, y)]
    steps_per_epoch = math.ceil(n / m)      # the last minibatch of an epoch may be smaller
    for t in range(steps):
        if t % steps_per_epoch == 0:        # a new epoch: shuffle (the full batch needs not)
            order = rng.permutation(n) if m < n else np.arange(n)
        k = (t % steps_per_epoch) * m
        cols = order[k:k + m]
        sgd_step(net, x[:, cols], y[:, cols], eta)
        path.append((net.W[1][0, 0], net.b[1][0, 0]))
        costs.append(net.cost(x, y))
    return DescentPath(np.array(path, dtype=float), np.array(costs), False)


def multiply_adds_per_step(sizes, batch_size):
    """The multiplications (each with its addition) of one SGD step on a minibatch of
    ``batch_size`` examples, counted from the matrix products, which are nearly all the
    work: for each layer l, the forward pass's W[l] a[l−1] and backpropagation's
    δ[l] a[l−1]ᵀ cost n_l·n_{l−1} per example each, and W[l]ᵀ δ[l] the same again for
    every layer but the first (no δ is needed for the inputs). It grows in proportion to
    the batch size, which a timing on a busy machine may hide.

    sizes : layer sizes, input first, e.g. [784, 16, 16, 10]; batch_size : int ≥ 1.
    """
    sizes = check_sizes(sizes)
    batch_size = check_whole(batch_size, "batch_size", 1)
    per_layer = [n_out * n_in for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    return int(batch_size) * (3 * sum(per_layer) - per_layer[0])


def time_per_step(net, X, y, batch_size, repeats=None, seed=0, min_time=0.2):
    """Wall-clock seconds of one SGD step of ``net`` on a minibatch of ``batch_size``
    columns of X (shape (n_0, n)): the *best* of many tries, since on a busy machine a try
    can only be slowed down by other work, never sped up. With ``repeats=None`` it tries
    until ``min_time`` seconds have passed (at least 5 tries). The network is left
    unchanged (a copy takes the steps). Timings still vary between machines."""
    X = net.check_input(X)
    batch_size = check_batch_size(batch_size, X.shape[1])
    if repeats is not None:
        repeats = check_whole(repeats, "repeats", 1)
    rng = np.random.default_rng(check_seed(seed))
    cols = rng.choice(X.shape[1], size=batch_size, replace=False)
    Xb, yb = np.ascontiguousarray(X[:, cols]), np.asarray(y)[cols]
    work = net.copy()
    best, spent, tries = np.inf, 0.0, 0
    while (tries < repeats) if repeats is not None else (tries < 5 or spent < min_time):
        t = time.perf_counter()
        sgd_step(work, Xb, yb, 1e-9)
        took = time.perf_counter() - t
        best, spent, tries = min(best, took), spent + took, tries + 1
    return best
