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
from .i18n import N_, _
from .validation import check_eta, check_index

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
    z, a, _cost = chain_forward(w, b, x, y)
    dC_da = 2.0 * (a[L] - y)
    for k in range(L, l, -1):           # walk back from the output to layer l
        dC_da = dC_da * a[k] * (1 - a[k]) * w[k - 1]
    dz_dw, da_dz = a[l - 1], a[l] * (1 - a[l])
    return ChainFactors(float(dz_dw), float(da_dz), float(dC_da), float(dz_dw * da_dz * dC_da))


def chain_gradient(w, b, x, y):
    """∂C/∂w[l] for every layer by the chain rule; array of shape (L,)."""
    w, _b = _chain_params(w, b)
    return np.array([chain_factors(w, b, x, y, l).product for l in range(1, w.size + 1)])


def chain_nudge(w, b, x, y, eps=1e-6):
    """∂C/∂w[l] for every layer by a central-difference nudge of each weight; shape (L,)."""
    w, b = _chain_params(w, b)
    return numerical_gradient_fn(lambda w_: chain_forward(w_, b, x, y).cost, w.copy(), eps)


#: Below this σ'(z) a sigmoid neuron counts as saturated (σ' is at most 0.25, at z = 0).
SATURATED = 0.01


def chain_readout(w, b, x, y):
    """The text of notebook 05's chain widget, one line per quantity, numbers rounded to 4
    significant digits (``:.4g``, which drops trailing zeros):

    * the cost and **every** neuron's slope σ'(z_l), l = 1 … L;
    * for each weight, last first, ∂C/∂w_l as its three factors a_(l−1) × σ'(z_l) × ∂C/∂a_l,
      their product, and the central-difference nudge (ε = 1e-6);
    * for each saturated neuron (σ'(z_l) < :data:`SATURATED`), a line naming the gradients
      that pass through it: those of w_1 … w_l, never those of the weights after it.

    Example (w = [1, 1, 1], b = [0, 0, 0], x = 1, y = 0)::

        C = 0.4391   σ'(z1) = 0.1966   σ'(z2) = 0.2194   σ'(z3) = 0.2236
        ∂C/∂w3 = a2 × σ'(z3) × ∂C/∂a3 = 0.675 × 0.2236 × 1.325 = 0.2   nudge 0.2
        ∂C/∂w2 = a1 × σ'(z2) × ∂C/∂a2 = 0.7311 × 0.2194 × 0.2963 = 0.04751   nudge 0.04751
        ∂C/∂w1 = x × σ'(z1) × ∂C/∂a1 = 1 × 0.1966 × 0.06499 = 0.01278   nudge 0.01278
    """
    w, b = _chain_params(w, b)
    L = w.size
    p = chain_forward(w, b, x, y)
    slopes = p.a[1:] * (1 - p.a[1:])                      # σ'(z_l) = a_l (1 − a_l)
    nudge = chain_nudge(w, b, x, y)
    lines = [f"C = {p.cost:.4g}   " + "   ".join(f"σ'(z{l}) = {slopes[l - 1]:.4g}"
                                                 for l in range(1, L + 1))]
    for l in range(L, 0, -1):
        f = chain_factors(w, b, x, y, l)
        before = "x" if l == 1 else f"a{l - 1}"
        lines.append(f"∂C/∂w{l} = {before} × σ'(z{l}) × ∂C/∂a{l} = {f.dz_dw:.4g} × "
                     f"{f.da_dz:.4g} × {f.dC_da:.4g} = {f.product:.4g}   "
                     + _("nudge {value}").format(value=f"{nudge[l - 1]:.4g}"))
    for l in range(1, L + 1):
        if slopes[l - 1] < SATURATED:
            through = ", ".join(f"∂C/∂w{k}" for k in range(1, l + 1))
            lines.append(_("neuron {l} is saturated (σ'(z{l}) < {limit}): every gradient whose "
                           "chain passes through it all but vanishes: {through}").format(
                l=l, limit=SATURATED, through=through))
    return "\n".join(lines)


def chain_readout_html(w, b, x, y):
    """:func:`chain_readout` as the widget shows it: the lines inside a ``<pre>`` element."""
    text = chain_readout(w, b, x, y)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<pre style='margin:0; font-size:12px'>{text}</pre>"


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
    l = check_index(l, "layer l", 1, net.L)
    a = net.sigma(l).f(z_l)
    for k in range(l + 1, net.L + 1):
        a = net.sigma(k).f(net.W[k] @ a + net.b[k])
    return net.cost_fn.f(a, Y)


def numerical_delta(net, X, Y, l, eps=1e-6):
    """δ[l] = ∂C/∂z[l] by central differences on every entry of z[l]; shape (n_l, m)."""
    l = check_index(l, "layer l", 1, net.L)
    X = net.check_input(X)
    Y = net.targets(Y, X.shape[1])
    z_l = net.forward(X).z[l].copy()
    return numerical_gradient_fn(lambda z_: cost_from_z(net, l, z_, Y), z_l, eps)


#: The four equations as notebook 05 writes them (in English: :func:`equation_listing`
#: shows them in the reader's language).
EQUATIONS = {
    "BP1": "δ[L] = ∇_a C ⊙ σ'(z[L])",
    "BP2": "δ[l] = (W[l+1]ᵀ δ[l+1]) ⊙ σ'(z[l])",
    "BP3": N_("∂C/∂b[l] = δ[l] summed over the batch"),
    "BP4": "∂C/∂W[l] = δ[l] a[l−1]ᵀ",
}


def equation_listing(source, width=38):
    """One line per equation found in ``source`` (:func:`equation_lines`): its name, the
    equation (:data:`EQUATIONS`, in the reader's language) padded to ``width`` columns, and the
    line of code that carries it. Returns the lines joined by newlines."""
    return "\n".join(f"{eq}  {pad(_(EQUATIONS[eq]), width)}  {line}"
                     for eq, line in equation_lines(source))


def backprop_source():
    """The source text of mlp_core's backpropagation: ``Network._backprop``, the method that
    ``Network.backprop`` calls once it has checked its input, or
    ``Network.backprop`` itself if it holds the equations."""
    import inspect
    from .network import Network
    return inspect.getsource(getattr(Network, "_backprop", Network.backprop))


def equation_lines(source):
    """Which line of code carries which equation, read from the comments that name them.

    A comment naming BP1 … BP4 belongs to the code on its own line (``x = … # BP3``) or, when
    it stands alone, to the next line of code. Returns a list of (equation, code line) in the
    order of the source, e.g. ``("BP3", "grad_b[l] = delta[l].sum(axis=1, keepdims=True)")``.
    """
    import re
    lines = source.splitlines()
    found = []
    for i, line in enumerate(lines):
        for eq in re.findall(r"\bBP([1-4])\b", line.split("#", 1)[1] if "#" in line else ""):
            code = line.split("#", 1)[0].strip()
            j = i
            while not code and j + 1 < len(lines):      # a comment alone: the next code line
                j += 1
                code = lines[j].split("#", 1)[0].strip()
            found.append((f"BP{eq}", code))
    return found


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
    check_eta(eta)
    g = net.backprop(X, Y)
    L = net.L
    layers = range(1, L + 1)

    def shapes(arrays):
        return ", ".join(f"{l}: {arrays[l].shape}" for l in layers)

    m = g.a[0].shape[1]
    return [
        ("x = a[0]", _("the input batch, one example per column"), str(g.a[0].shape)),
        ("W[l]", _("weights into layer l (n_out, n_in)"), shapes(net.W)),
        ("b[l]", _("biases of layer l"), shapes(net.b)),
        ("z[l]", _("weighted inputs W[l] a[l−1] + b[l]"), shapes(g.z)),
        ("a[l]", _("activations σ(z[l])"), shapes(g.a)),
        ("δ[l]", _("∂C/∂z[l], the error of layer l"), shapes(g.delta)),
        ("∂C/∂W[l]", _("gradient of the weights (W's shape)"), shapes(g.grad_W)),
        ("∂C/∂b[l]", _("gradient of the biases (b's shape)"), shapes(g.grad_b)),
        ("C", _("the cost over the batch of m = {m} ({cost})").format(m=m, cost=net.cost_fn.name),
         _("() — a number, {value}").format(value=f"{g.cost:.4f}")),
        ("η", _("the learning rate"), _("() — a number, e.g. {value}").format(value=eta)),
    ]


#: The default header of :func:`format_table` (English; shown in the reader's language).
TABLE_HEADER = (N_("symbol"), N_("meaning"), N_("shape"))


def display_width(text):
    """How many columns ``text`` takes in a monospaced font: 2 for a wide (CJK) character,
    1 for any other."""
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def pad(text, width):
    """``text`` followed by spaces up to ``width`` columns (:func:`display_width`), so that
    columns line up in Chinese too (a Chinese character is two columns wide)."""
    text = str(text)
    return text + " " * max(0, width - display_width(text))


def format_table(rows, header=TABLE_HEADER):
    """Rows of strings as a plain-text table with aligned columns. The header's words are
    shown in the reader's language (``_()``), the rows as they are."""
    rows = [tuple(_(h) for h in header)] + [tuple(r) for r in rows]
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(pad(c, w_) for c, w_ in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w_ for w_ in widths))
    return "\n".join(lines)
