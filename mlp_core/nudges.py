"""3Blue1Brown's "desired nudges": backpropagation told as wishes, and proven to be it.

Article A explains backpropagation (反向传播) without formulas: every output neuron *wishes*
its activation moved toward its target; each wish can be granted through three levers (the
bias, the incoming weights, the previous layer's activations); the wishes of all output
neurons for the previous layer add up, and the story repeats layer by layer; finally every
training example's nudges are averaged. This module computes each piece of that story,
vectorized, and states exactly how it relates to the backward pass of
:meth:`mlp_core.Network.backprop`.

Definitions, for one example x with its own cost C_x
----------------------------------------------------
3Blue1Brown's per-example cost is C_x = Σ_j (a[L]_j − y_j)². The network's cost over a batch
of m examples is C = (1/m) Σ_x C_x (``"squared_error"``; Nielsen's ``"half_squared_error"``
and ``"cross_entropy"`` also average, article C's ``"sum_squared_error"`` sums).

* ``wish[L] = −∂C_x/∂a[L]``: how the output neurons want to move. For 3Blue1Brown's cost
  this is **2 (y − a[L])**: proportional to (target − current), the factor 2 coming from the
  square. A neuron far from its target wishes hard; one already near it barely wishes.
* ``z_wish[l] = σ'(z[l]) ⊙ wish[l] = −∂C_x/∂z[l]``: the same wish, for the weighted input.
  (Through a softmax output layer the neurons mix, and the activation's ``vjp`` is used.)
* The three levers on neuron j of layer l, granting a wish of size z_wish_j:
  bias nudge ``z_wish_j``; weight nudge ``z_wish_j · a[l−1]_k`` for the weight from neuron k
  (its *value for money* is a[l−1]_k: a bright neuron's weight moves z the most); and the
  wish for the previous activations ``z_wish_j · W[l]_jk`` (follows the weight's sign and size).
* ``contributions[l][j, k] = z_wish[l]_j · W[l]_jk``: neuron j's wish for neuron k below.
  Their sum over j is the previous layer's wish:
  ``wish[l−1] = Σ_j contributions[l][j, :] = W[l]ᵀ z_wish[l] = −∂C_x/∂a[l−1]``.

How these relate to the backward pass (exact, not approximate)
--------------------------------------------------------------
With s = 1/m for the averaged costs and s = 1 for ``"sum_squared_error"`` (so C = s Σ_x C_x),
column x of every quantity below satisfies:

* ``delta[l] = −s · z_wish[l]``              (delta is ∂C/∂z of the batch cost)
* ``∂C/∂a[l−1] = W[l]ᵀ delta[l] = −s · wish[l−1]``, i.e. the summed wish is
  ``wish[l−1] = −(1/s) · W[l]ᵀ delta[l]`` (= −m W[l]ᵀ delta[l] for the averaged costs)
* for a single example (m = 1, averaged cost): **summed wish = −∂C/∂a**, factor exactly 1.
* ``nudge_W[l][x] = η · z_wish[l][:, x] a[l−1][:, x]ᵀ = −η ∂C_x/∂W[l]`` (the step example x
  alone would take), and for the averaged costs
  **mean over x of nudge_W[l][x] = −η ∂C/∂W[l]**: the step of minibatch SGD (随机梯度下降).
  (For ``"sum_squared_error"`` the mean is −(η/m) ∂C/∂W[l].)

Shapes follow the package: W[l] is (n_l, n_{l−1}), batches are columns, lists are indexed by
the layer l = 1 … L with index 0 the input.
"""
from typing import NamedTuple

import numpy as np

from .i18n import _, ngettext
from .validation import check_positive, check_whole

#: How each cost of :mod:`mlp_core.costs` combines the per-example costs C_x over a batch.
COMBINE = {"squared_error": "mean", "half_squared_error": "mean", "cross_entropy": "mean",
           "sum_squared_error": "sum"}


def batch_scale(cost_name, m):
    """The s of C = s · Σ_x C_x: 1/m for the averaged costs, 1 for ``"sum_squared_error"``."""
    if cost_name not in COMBINE:
        raise ValueError(f"unknown cost {cost_name!r}; expected one of: {', '.join(COMBINE)}")
    m = check_whole(m, "the batch size m", 1)
    return 1.0 / m if COMBINE[cost_name] == "mean" else 1.0


class Wishes(NamedTuple):
    """Every layer's desired changes for a batch of m examples (one column per example).

    wish   : list, ``wish[l]`` shape (n_l, m) = −∂C_x/∂a[l], for l = 1 … L; index 0 is None
             (the input image cannot be changed).
    z_wish : list, ``z_wish[l]`` shape (n_l, m) = −∂C_x/∂z[l], for l = 1 … L; index 0 None.
    z, a   : the forward pass: ``z[l]`` (n_l, m), ``a[l]`` (n_l, m), ``a[0]`` is X.
    """
    wish: list
    z_wish: list
    z: list
    a: list


def output_wish(net, a_L, Y):
    """How each output neuron wants to move, −∂C_x/∂a[L], for every example.

    Parameters
    ----------
    net : Network          (its cost is used: ``net.cost_fn``)
    a_L : array, shape (n_L, m)   the current outputs
    Y : array, shape (n_L, m)     the targets

    Returns
    -------
    array, shape (n_L, m)
        For 3Blue1Brown's ``"squared_error"``: 2 (Y − a_L), proportional to target − current.
    """
    a_L, Y = np.asarray(a_L), np.asarray(Y)
    n_L = net.sizes[-1]
    for name, arr in (("a_L", a_L), ("Y", Y)):
        if arr.ndim != 2 or arr.shape[0] != n_L:
            raise ValueError(f"{name} must have shape ({n_L}, m); got shape {arr.shape}")
    if a_L.shape != Y.shape:
        raise ValueError(f"a_L and Y must have one shape; got {a_L.shape} and {Y.shape}")
    s = batch_scale(net.cost_fn.name, a_L.shape[1])
    # The cost's gradient is s·∂C_x/∂a column by column; dividing by s gives one example's.
    return -net.cost_fn.grad(a_L, Y) / s


def desired_changes(net, X, Y):
    """The wishes of every layer, passed back layer by layer from the output.

    Parameters
    ----------
    net : Network
    X : array, shape (n_0, m)              the examples, one per column
    Y : array, shape (n_L, m), or class numbers of shape (m,)

    Returns
    -------
    Wishes
        ``wish[l]`` and ``z_wish[l]`` of shape (n_l, m) for l = 1 … L, and the forward pass.
        The recursion is ``wish[l−1] = W[l]ᵀ z_wish[l]`` (the sum of every neuron's
        contributions, see :func:`contributions`) and ``z_wish[l] = σ'(z[l]) ⊙ wish[l]``.
    """
    X = net.check_input(X)
    Y = net.targets(Y, X.shape[1])
    z, a = net._forward(X)
    L = net.L
    wish, z_wish = [None] * (L + 1), [None] * (L + 1)
    wish[L] = output_wish(net, a[L], Y)
    for l in range(L, 0, -1):
        sigma = net.sigma(l)
        # A wish for a = σ(z) becomes a wish for z: scaled by how strongly z moves a.
        z_wish[l] = sigma.vjp(z[l], a[l], wish[l])
        if l > 1:
            wish[l - 1] = net.W[l].T @ z_wish[l]
    return Wishes(wish, z_wish, z, a)


def contributions(W_l, z_wish_l):
    """What each neuron j of layer l wishes for each neuron k of layer l − 1.

    Parameters
    ----------
    W_l : array, shape (n_l, n_{l−1})     the weights into layer l
    z_wish_l : array, shape (n_l,) or (n_l, 1)   one example's wish for z[l]

    Returns
    -------
    array, shape (n_l, n_{l−1})
        ``C[j, k] = z_wish_j · W_l[j, k]``: row j is neuron j's wish for the layer below
        (brighter where its weight is positive, dimmer where negative, in proportion to the
        weight and to how much neuron j wants to move). ``C.sum(axis=0)`` is the summed wish
        ``wish[l−1]`` = W_lᵀ z_wish_l.
    """
    W_l, z_wish_l = np.asarray(W_l), np.asarray(z_wish_l)
    if W_l.ndim != 2:
        raise ValueError(f"W_l must be a matrix (n_l, n_prev); got shape {W_l.shape}")
    if z_wish_l.shape not in ((W_l.shape[0],), (W_l.shape[0], 1)):
        raise ValueError(f"z_wish_l must have shape ({W_l.shape[0]},) or ({W_l.shape[0]}, 1), "
                         f"one example; got shape {z_wish_l.shape}")
    return z_wish_l.reshape(-1, 1) * W_l


def wish_by_output_neuron(net, wishes, l, x=0):
    """Split layer l's wish into the parts that each *output* neuron asks for.

    The recursion is linear in the output wishes, so the wish of any layer is a sum of one
    part per output neuron: the wish that would remain if only that output neuron wished.
    For l = L − 1 the parts are exactly :func:`contributions` of the output layer.

    Parameters
    ----------
    net : Network
    wishes : Wishes            from :func:`desired_changes`
    l : int, 1 … L − 1          the layer whose wish is split
    x : int                     which example (column)

    Returns
    -------
    array, shape (n_L, n_l)
        Row j is the part of ``wishes.wish[l][:, x]`` that comes from output neuron j; the
        rows sum to ``wishes.wish[l][:, x]``.
    """
    L = net.L
    if not (isinstance(l, (int, np.integer)) and 1 <= l <= L - 1):
        raise ValueError(f"layer l must be a hidden layer, 1 … {L - 1}; got {l!r}")
    m = wishes.wish[L].shape[1]
    if not (isinstance(x, (int, np.integer)) and 0 <= x < m):
        raise ValueError(f"example x must be 0 … {m - 1}; got {x!r}")
    # Start with one row per output neuron: neuron j's own z-wish, nobody else's.
    parts = np.diag(wishes.z_wish[L][:, x])
    for layer in range(L, l, -1):
        parts = parts @ net.W[layer]                   # row j: output j's wish for a[layer−1]
        if layer - 1 > l:
            z, a = wishes.z[layer - 1][:, x], wishes.a[layer - 1][:, x]
            parts = net.activation.vjp(z, a, parts)    # … turned into a wish for z[layer−1]
    return parts


class NeuronLevers(NamedTuple):
    """The three levers that raise (or lower) neuron j of layer l, for one example.

    z_wish : float             −∂C_x/∂z_j: how much z_j should move
    bias_nudge : float         lever 1: the bias moves by z_wish (∂z_j/∂b_j = 1)
    value_for_money : (n_{l−1},)  a[l−1]: how much z_j moves per unit of each weight
    ranking : (n_{l−1},) int   neurons k of layer l−1, brightest first
    weight_nudges : (n_{l−1},) lever 2: z_wish · a[l−1]_k, the wish for each weight W[l]_jk
    prev_wish : (n_{l−1},)     lever 3: z_wish · W[l]_jk, the wish for each activation a[l−1]_k
    """
    z_wish: float
    bias_nudge: float
    value_for_money: np.ndarray
    ranking: np.ndarray
    weight_nudges: np.ndarray
    prev_wish: np.ndarray


def neuron_levers(net, wishes, l, j, x=0):
    """The three levers on neuron j of layer l (1 … L) for example x: a :class:`NeuronLevers`.

    Each is −∂C_x/∂(that quantity): the bias nudge is −∂C_x/∂b[l]_j, the weight nudges are
    −∂C_x/∂W[l]_j·, and the wish for the previous activations is row j of
    :func:`contributions` (only neuron j's share of −∂C_x/∂a[l−1]).
    """
    L = net.L
    if not (isinstance(l, (int, np.integer)) and 1 <= l <= L):
        raise ValueError(f"layer l must be 1 … {L}; got {l!r}")
    if not (isinstance(j, (int, np.integer)) and 0 <= j < net.sizes[l]):
        raise ValueError(f"neuron j of layer {l} must be 0 … {net.sizes[l] - 1}; got {j!r}")
    m = wishes.a[0].shape[1]
    if not (isinstance(x, (int, np.integer)) and 0 <= x < m):
        raise ValueError(f"example x must be 0 … {m - 1}; got {x!r}")
    zw = float(wishes.z_wish[l][j, x])
    a_prev = wishes.a[l - 1][:, x]
    # Stable sort on −a: the brightest first, ties in neuron order.
    ranking = np.argsort(-a_prev, kind="stable")
    return NeuronLevers(zw, zw, a_prev.copy(), ranking, zw * a_prev, zw * net.W[l][j])


class Nudges(NamedTuple):
    """Each example's nudge to every parameter: the step it alone would ask for.

    W : list, ``W[l]`` shape (m, n_l, n_{l−1}) = −η ∂C_x/∂W[l]; index 0 is None.
    b : list, ``b[l]`` shape (m, n_l, 1) = −η ∂C_x/∂b[l]; index 0 is None.
    """
    W: list
    b: list


def per_example_nudges(net, X, Y, eta=1.0):
    """Every example's desired nudges to every weight and bias, all at once.

    Parameters
    ----------
    net : Network
    X : array, shape (n_0, m)
    Y : array, shape (n_L, m), or class numbers (m,)
    eta : float > 0          the learning rate η that scales every nudge

    Returns
    -------
    Nudges
        ``W[l][x] = η · z_wish[l][:, x] a[l−1][:, x]ᵀ`` and ``b[l][x] = η · z_wish[l][:, x]``.
        Memory is m × (number of parameters): use a minibatch, not the training set.
    """
    check_positive(eta, "learning rate eta")
    w = desired_changes(net, X, Y)
    nW, nb = [None], [None]
    for l in range(1, net.L + 1):
        zw = eta * w.z_wish[l]                                   # (n_l, m)
        nW.append(np.einsum("jx,kx->xjk", zw, w.a[l - 1]))       # one outer product per x
        nb.append(zw.T[:, :, None])
    return Nudges(nW, nb)


def average_nudges(nudges):
    """The mean over the examples of :func:`per_example_nudges`: a :class:`Nudges` whose
    ``W[l]`` has shape (n_l, n_{l−1}) and ``b[l]`` shape (n_l, 1).

    For the averaged costs this is exactly −η ∂C/∂W[l] and −η ∂C/∂b[l]: one SGD step."""
    return Nudges([None] + [W.mean(axis=0) for W in nudges.W[1:]],
                  [None] + [b.mean(axis=0) for b in nudges.b[1:]])


def grad_a_from_backprop(net, grads, Y):
    """∂C/∂a[l] of the batch cost, from the backward pass's deltas, for l = 1 … L.

    Parameters
    ----------
    net : Network
    grads : Gradients          what ``net.backprop(X, Y)`` returned
    Y : array, shape (n_L, m), or class numbers (m,)

    Returns
    -------
    list, ``[None, ∂C/∂a[1], …, ∂C/∂a[L]]``, each of shape (n_l, m):
    ∂C/∂a[L] is the cost's gradient, and ∂C/∂a[l−1] = W[l]ᵀ delta[l] — the product the
    backward pass forms before multiplying by σ'(z[l−1]).
    """
    L = net.L
    Y = net.targets(Y, grads.a[L].shape[1])
    out = [None] * (L + 1)
    out[L] = net.cost_fn.grad(grads.a[L], Y)
    for l in range(L, 1, -1):
        out[l - 1] = net.W[l].T @ grads.delta[l]
    return out


def summed_wish_text(summed, layer_name, selected, n_out=10):
    """The widget's readout: the summed wish of a layer, as plain text.

    Parameters
    ----------
    summed : array, shape (n,)     the sum of the selected output neurons' parts
    layer_name : str               e.g. "hidden layer 2" (in the reader's language)
    selected : sequence of int     the output neurons ticked
    n_out : int                    how many output neurons there are (10 for digits)

    Returns
    -------
    str
        e.g. ``"hidden layer 2 — summed wish of output neurons 0, 2, 8:\\n
        Δa = [+0.0123 −0.0456 …]"``; numbers with 4 decimals and a sign, 8 per line. With no
        neuron ticked: a message asking to tick one. In the reader's language
        (:mod:`mlp_core.i18n`).
    """
    selected = sorted(int(j) for j in selected)
    if not selected:
        return _("{layer}: no output neuron is ticked — tick one to see its wish.").format(
            layer=layer_name)
    who = (_("all ten output neurons") if n_out == 10 and selected == list(range(10))
           else _("all {n} output neurons").format(n=n_out) if selected == list(range(n_out))
           else ngettext("output neuron {neurons}", "output neurons {neurons}",
                         len(selected)).format(neurons=", ".join(str(j) for j in selected)))
    # Rounding first and adding 0.0 turns a tiny −0.00001 into "+0.0000", never "-0.0000".
    values = [f"{round(float(v), 4) + 0.0:+.4f}" for v in np.asarray(summed).ravel()]
    rows = [" ".join(values[i:i + 8]) for i in range(0, len(values), 8)]
    return (_("{layer} — summed wish of {who}:").format(layer=layer_name, who=who)
            + "\nΔa = [" + "\n       ".join(rows) + "]")
