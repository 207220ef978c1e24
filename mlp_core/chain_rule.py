"""The chain rule (链式法则) behind backpropagation, step by step (notebook 05).

Three pieces, each small enough to check by hand:

1. **The simplest chain**: one neuron per layer, as 3Blue1Brown draws it first.
   With a[0] = x and, for l = 1 … L (every quantity a plain number),

       z[l] = w[l]·a[l−1] + b[l],     a[l] = σ(z[l]),     C = (a[L] − y)²,

   the derivative of C with respect to one weight is a product of three factors:

       ∂C/∂w[l] = ∂z[l]/∂w[l] · ∂a[l]/∂z[l] · ∂C/∂a[l] = a[l−1] · σ'(z[l]) · ∂C/∂a[l],

   where ∂C/∂a[L] = 2(a[L] − y), and further back ∂C/∂a[l] = w[l+1]·σ'(z[l+1])·∂C/∂a[l+1].

2. **The four equations of backpropagation**, written out literally for a
   :class:`~mlp_core.network.Network` (an elementwise output σ), so that each can be
   compared with ``Network.backprop`` and with central differences:

       (BP1) δ[L] = ∇_a C ⊙ σ'(z[L])
       (BP2) δ[l] = (W[l+1]ᵀ δ[l+1]) ⊙ σ'(z[l])
       (BP3) ∂C/∂b[l] = δ[l] summed over the batch's columns
       (BP4) ∂C/∂W[l] = δ[l] a[l−1]ᵀ

3. **Softmax with squared error** (article E): the gradient through softmax's full
   Jacobian, and the much simpler one of softmax with cross-entropy.

Numpy only.
"""
from typing import NamedTuple

import numpy as np

from .activations import sigmoid, softmax, softmax_jacobian
from .gradcheck import numerical_gradient_fn

# ---------------------------------------------------------------------------------------
# 1. The simplest chain: one neuron per layer
# ---------------------------------------------------------------------------------------


class ChainPass(NamedTuple):
    """The values of a one-neuron-per-layer chain.

    z : array, shape (L + 1,); z[0] is NaN (the input has no weighted input)
    a : array, shape (L + 1,); a[0] is the input x
    cost : float, C = (a[L] − y)²
    """
    z: np.ndarray
    a: np.ndarray
    cost: float


class ChainFactors(NamedTuple):
    """∂C/∂w[l] as the product of its three factors (each a float)."""
    dz_dw: float   # ∂z[l]/∂w[l] = a[l−1]
    da_dz: float   # ∂a[l]/∂z[l] = σ'(z[l])
    dC_da: float   # ∂C/∂a[l]
    product: float


def _chain_params(w, b):
    w = np.asarray(w, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if w.ndim != 1 or w.shape != b.shape or w.size == 0:
        raise ValueError("w and b must be 1-D arrays of one number per layer, of the same "
                         f"length ≥ 1; got shapes {w.shape} and {b.shape}")
    if not (np.all(np.isfinite(w)) and np.all(np.isfinite(b))):
        raise ValueError("every weight and bias of the chain must be a finite number")
    return w, b


def chain_forward(w, b, x, y):
    """Run the chain forward.

    Parameters
    ----------
    w, b : arrays of shape (L,)
        w[l − 1] and b[l − 1] are the weight and bias of layer l (l = 1 … L).
    x, y : float
        The input a[0] and the target of the last neuron.

    Returns
    -------
    ChainPass
        z and a of shape (L + 1,), indexed by the layer l as in the maths, and the cost.
    """
    w, b = _chain_params(w, b)
    L = w.size
    z = np.full(L + 1, np.nan)
    a = np.empty(L + 1)
    a[0] = float(x)
    for l in range(1, L + 1):
        z[l] = w[l - 1] * a[l - 1] + b[l - 1]
        a[l] = sigmoid(z[l])
    return ChainPass(z, a, float((a[L] - y) ** 2))


def chain_factors(w, b, x, y, l=None):
    """∂C/∂w[l] as the product of its three factors (l = 1 … L; the last layer by default).

    For the last weight the third factor is 2(a[L] − y); for an earlier weight it is itself
    a product, collected layer by layer from the end: ∂C/∂a[l] = w[l+1]·σ'(z[l+1])·∂C/∂a[l+1].
    """
    w, b = _chain_params(w, b)
    L = w.size
    l = L if l is None else l
    if not (isinstance(l, (int, np.integer)) and 1 <= l <= L):
        raise ValueError(f"layer l must be 1 … {L}; got {l!r}")
    z, a, _ = chain_forward(w, b, x, y)
    dC_da = 2.0 * (a[L] - y)
    for k in range(L, l, -1):           # walk back from the output to layer l
        dC_da = dC_da * a[k] * (1 - a[k]) * w[k - 1]
    dz_dw, da_dz = a[l - 1], a[l] * (1 - a[l])
    return ChainFactors(float(dz_dw), float(da_dz), float(dC_da), float(dz_dw * da_dz * dC_da))


def chain_gradient(w, b, x, y):
    """∂C/∂w[l] for every layer by the chain rule; array of shape (L,)."""
    w, _ = _chain_params(w, b)
    return np.array([chain_factors(w, b, x, y, l).product for l in range(1, w.size + 1)])


def chain_nudge(w, b, x, y, eps=1e-6):
    """∂C/∂w[l] for every layer by a central-difference nudge of each weight; shape (L,)."""
    w, b = _chain_params(w, b)
    return numerical_gradient_fn(lambda w_: chain_forward(w_, b, x, y).cost, w.copy(), eps)


def chain_readout(w, b, x, y):
    """The text of notebook 05's chain widget: the three factors of ∂C/∂w[L], their product,
    and the central-difference nudge (ε = 1e-6), each rounded to 4 significant digits.

    Example (w = [1, 1, 1], b = [0, 0, 0], x = 1, y = 0)::

        C = 0.4391 | ∂C/∂w3 = a2 × σ'(z3) × 2(a3 − y) = 0.675 × 0.2236 × 1.325 = 0.2 | nudge: 0.2

    (``:.4g`` drops trailing zeros: 0.675 is 0.6750.)
    """
    w, b = _chain_params(w, b)
    L = w.size
    p = chain_forward(w, b, x, y)
    f = chain_factors(w, b, x, y, L)
    nudge = chain_nudge(w, b, x, y)[L - 1]
    text = (f"C = {p.cost:.4g} | ∂C/∂w{L} = a{L - 1} × σ'(z{L}) × 2(a{L} − y) = "
            f"{f.dz_dw:.4g} × {f.da_dz:.4g} × {f.dC_da:.4g} = {f.product:.4g} | "
            f"nudge: {nudge:.4g}")
    if abs(f.da_dz) < 0.01:   # σ' is at most 0.25; below 0.01 the neuron is saturated
        text += " | σ is saturated here: σ'(z) ≈ 0, so the gradient all but vanishes"
    return text


# ---------------------------------------------------------------------------------------
# 2. The four equations, written out literally
# ---------------------------------------------------------------------------------------


class FourEquations(NamedTuple):
    """The four equations' results, lists indexed by layer l (index 0 None).

    delta  : delta[l] shape (n_l, m)
    grad_b : grad_b[l] shape (n_l, 1)
    grad_W : grad_W[l] shape (n_l, n_{l−1})
    """
    delta: list
    grad_b: list
    grad_W: list


def four_equations(net, X, Y):
    """BP1–BP4 applied one after the other, written as in the notebook.

    Needs an elementwise output activation (sigmoid, tanh, relu or identity); for a softmax
    output, BP1 needs the Jacobian instead (see :func:`softmax_squared_error_grad`).

    Parameters
    ----------
    net : Network
    X : array, shape (n_0, m)
    Y : array, shape (n_L, m) (or class numbers of shape (m,))
    """
    if net.output_activation.derivative is None:
        raise ValueError("four_equations needs an elementwise output activation; got "
                         f"{net.output_activation.name!r}")
    X = net.check_input(X)
    Y = net.targets(Y, X.shape[1])
    z, a = net.forward(X)
    L = net.L
    delta, grad_b, grad_W = [None] * (L + 1), [None] * (L + 1), [None] * (L + 1)
    # BP1: how C changes with the output activations, times how they change with z[L].
    delta[L] = net.cost_fn.grad(a[L], Y) * net.output_activation.derivative(z[L], a[L])
    # BP2: the error of layer l+1, carried back along the weights, times σ'(z[l]).
    for l in range(L - 1, 0, -1):
        delta[l] = (net.W[l + 1].T @ delta[l + 1]) * net.activation.derivative(z[l], a[l])
    for l in range(1, L + 1):
        grad_b[l] = delta[l].sum(axis=1, keepdims=True)   # BP3
        grad_W[l] = delta[l] @ a[l - 1].T                  # BP4
    return FourEquations(delta, grad_b, grad_W)


def cost_from_z(net, l, z_l, Y):
    """C when the weighted input of layer l is *set* to z_l and the rest of the pass runs on.

    z_l : array, shape (n_l, m); Y : array, shape (n_L, m). Nudging z_l and watching this
    cost gives δ[l] = ∂C/∂z[l] by central differences, with no backpropagation at all.
    """
    a = net.sigma(l).f(z_l)
    for k in range(l + 1, net.L + 1):
        a = net.sigma(k).f(net.W[k] @ a + net.b[k])
    return net.cost_fn.f(a, Y)


def numerical_delta(net, X, Y, l, eps=1e-6):
    """δ[l] = ∂C/∂z[l] by central differences on every entry of z[l]; shape (n_l, m)."""
    X = net.check_input(X)
    Y = net.targets(Y, X.shape[1])
    z_l = net.forward(X).z[l].copy()
    return numerical_gradient_fn(lambda z_: cost_from_z(net, l, z_, Y), z_l, eps)


# ---------------------------------------------------------------------------------------
# 3. Softmax with squared error, and with cross-entropy (article E)
# ---------------------------------------------------------------------------------------


def softmax_squared_error(a, t):
    """E = Σ_i (o_i − t_i)² with o = softmax(a), for one example; a, t shape (n,)."""
    a, t = _one_example(a, t)
    return float(np.sum((softmax(a[:, None])[:, 0] - t) ** 2))


def softmax_squared_error_grad(a, t):
    """dE/da = J(o)ᵀ · dE/do with dE/do = 2(o − t) and J the softmax Jacobian; shape (n,).

    J is symmetric, but the transpose is written as the chain rule has it:
    dE/da_j = Σ_i dE/do_i · ∂o_i/∂a_j.
    """
    a, t = _one_example(a, t)
    o = softmax(a[:, None])[:, 0]
    return softmax_jacobian(o).T @ (2.0 * (o - t))


def softmax_cross_entropy(a, t):
    """E = −Σ_i t_i ln o_i with o = softmax(a), for one example; a, t shape (n,)."""
    a, t = _one_example(a, t)
    # ln softmax(a)_i = a_i − log Σ_k e^{a_k}, computed stably.
    log_o = a - a.max() - np.log(np.sum(np.exp(a - a.max())))
    return float(-np.sum(t * log_o))


def softmax_cross_entropy_grad(a, t):
    """dE/da = o − t: the Jacobian's terms cancel the 1/o of the logarithm; shape (n,)."""
    a, t = _one_example(a, t)
    return softmax(a[:, None])[:, 0] - t


def _one_example(a, t):
    a = np.asarray(a, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    if a.ndim != 1 or a.shape != t.shape:
        raise ValueError("a and t must be 1-D arrays of one example's n values, of the same "
                         f"shape; got shapes {a.shape} and {t.shape}")
    return a, t


# ---------------------------------------------------------------------------------------
# Notation
# ---------------------------------------------------------------------------------------


def notation_table(net, X, Y, eta=3.0):
    """Every symbol of the derivation with the shape it has in ``net`` for the batch X.

    The shapes are read from the arrays of a real forward and backward pass, not typed in.
    Returns a list of (symbol, meaning, shapes) string triples; X has shape (n_0, m).
    """
    g = net.backprop(X, Y)
    L = net.L
    layers = range(1, L + 1)

    def shapes(arrays):
        return ", ".join(f"{l}: {arrays[l].shape}" for l in layers)

    m = g.a[0].shape[1]
    return [
        ("x = a[0]", "the input batch, one example per column", str(g.a[0].shape)),
        ("W[l]", "weights into layer l (n_out, n_in)", shapes(net.W)),
        ("b[l]", "biases of layer l", shapes(net.b)),
        ("z[l]", "weighted inputs W[l] a[l−1] + b[l]", shapes(g.z)),
        ("a[l]", "activations σ(z[l])", shapes(g.a)),
        ("δ[l]", "∂C/∂z[l], the error of layer l", shapes(g.delta)),
        ("∂C/∂W[l]", "gradient of the weights (W's shape)", shapes(g.grad_W)),
        ("∂C/∂b[l]", "gradient of the biases (b's shape)", shapes(g.grad_b)),
        ("C", f"the cost over the batch of m = {m} ({net.cost_fn.name})",
         f"() — a number, {g.cost:.4f}"),
        ("η", "the learning rate", f"() — a number, e.g. {eta}"),
    ]


def format_table(rows, header=("symbol", "meaning", "shape")):
    """Rows of strings as a plain-text table with aligned columns."""
    rows = [tuple(header)] + [tuple(r) for r in rows]
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w_) for c, w_ in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w_ for w_ in widths))
    return "\n".join(lines)
