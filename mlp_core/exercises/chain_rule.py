"""The exercises of notebook 05 (the chain rule).

* Predict, then check with the widget: which gradients of the one-neuron chain collapse when
  w1 is pushed to +6 (:func:`check_collapse_prediction`)?
* Write it yourself: backpropagation for a whole network, ``backprop(W, b, X, Y)``, checked
  layer by layer from the output back against ``Network.backprop`` and central differences
  (:func:`check_backprop`); and article C's two-layer network with its grad_w2 corrected,
  ``article_c_gradients(x, y, w1, w2)`` (:func:`check_article_c_gradients`). Each checker
  names the first equation that disagrees and the typical slip it recognises.
* Check yourself: the chain rule through two neurons by hand, and a shape question.

The last one:

The chain: a1 = σ(w1·x + b1), a2 = σ(w2·a1 + b2), C = (a2 − y)² with the numbers of
:data:`EXERCISE`. The learner computes ∂C/∂w1 = x · σ'(z1) · w2 · σ'(z2) · 2(a2 − y);
the checker recognises the usual slips (a factor forgotten, σ instead of σ', a sign) and
says which one it sees.
"""
import numpy as np

from ..chain_rule import chain_forward
from ..i18n import N_, _
from . import read_number
from .coding import (NO_ANSWER, NOT_QUITE, RIGHT, Feedback, Slip, because_of,
                     check_array, describe_case, learner_outcomes, reference, register_solution,
                     say, slip_like_learner)

#: The exercise's chain: weights, biases, input and target.
EXERCISE = dict(w=(0.7, -1.5), b=(0.1, 0.4), x=0.5, y=1.0)


def exercise_values():
    """The forward values the learner may use: z1, a1, z2, a2 and C, as a dict of floats."""
    e = EXERCISE
    z, a, cost = chain_forward(e["w"], e["b"], e["x"], e["y"])
    return dict(z1=float(z[1]), a1=float(a[1]), z2=float(z[2]), a2=float(a[2]), C=cost)


def _candidates():
    """The right answer and the products a typical slip gives instead."""
    e, v = EXERCISE, exercise_values()
    x, w2, y = e["x"], e["w"][1], e["y"]
    s1, s2 = v["a1"] * (1 - v["a1"]), v["a2"] * (1 - v["a2"])
    up = 2 * (v["a2"] - y)
    right = x * s1 * w2 * s2 * up
    return right, [
        (-right, N_("the sign is flipped: ∂C/∂a2 is 2(a2 − y), not 2(y − a2).")),
        (right / 2, N_("the factor 2 of ∂C/∂a2 = 2(a2 − y) is missing.")),
        (x * s1 * w2 * up, N_("σ'(z2) is missing: the path goes through the second neuron's "
                              "squashing too.")),
        (x * w2 * s2 * up, N_("σ'(z1) is missing: w1 acts on z1, which passes through σ "
                              "first.")),
        (x * s1 * s2 * up, N_("w2 is missing: a change of a1 reaches z2 multiplied by w2.")),
        (s1 * w2 * s2 * up, N_("the factor x is missing: ∂z1/∂w1 = x.")),
        (x * v["a1"] * w2 * v["a2"] * up, N_("σ(z) was used where σ'(z) = σ(z)(1 − σ(z)) "
                                             "belongs.")),
        (v["a1"] * s2 * up, N_("that is ∂C/∂w2 = a1 · σ'(z2) · 2(a2 − y), the last weight's "
                               "gradient; the question asks for w1, one link further back.")),
    ]


def check_chain_answer(answer, rtol=0.01):
    """Check ∂C/∂w1 for :data:`EXERCISE`; returns a message saying right or what is off."""
    answer, message = read_number(answer, "∂C/∂w1")
    if message:
        return message
    right, slips = _candidates()
    if np.isclose(answer, right, rtol=rtol, atol=1e-6):
        return say(RIGHT, _("∂C/∂w1 = x · σ'(z1) · w2 · σ'(z2) · 2(a2 − y) = {value}. Five "
                            "factors: one per link of the chain between w1 and C.").format(
            value=f"{right:.5f}"))
    for value, words in slips:
        if np.isclose(answer, value, rtol=rtol, atol=1e-6):
            return say(NOT_QUITE, _(words))
    return _("{verdict} ({answer}). Write the chain from w1 to C link by link: "
             "∂z1/∂w1 · ∂a1/∂z1 · ∂z2/∂a1 · ∂a2/∂z2 · ∂C/∂a2, and evaluate each factor.").format(
        verdict=_(NOT_QUITE), answer=f"{answer:.5g}")


def check_grad_w2_shape(answer):
    """Article C's grad_w2 for w2 of shape (10, 100), a batch of 64: which shape? Give a tuple."""
    if answer is None:
        return say(NO_ANSWER, _("replace None with the shape, a tuple such as (3, 4)."))
    try:
        answer = tuple(int(n) for n in answer)
    except (TypeError, ValueError):
        return _("Please give a shape as a tuple of whole numbers, e.g. (3, 4); got "
                 "{answer}.").format(answer=repr(answer))
    if answer == (10, 100):
        return say(RIGHT, _("(10, 100), w2's own shape, since every weight needs its own "
                            "gradient; only grad_y_pred (10, 64) · h_σᵀ (64, 100) gives it."))
    if answer == (100, 10):
        return _("Transposed: a gradient has the shape of its matrix, and w2 is (10, 100).")
    if answer in ((10, 64), (100, 64)):
        return _("{answer} has one column per sample: that is the shape of an activation's "
                 "gradient (grad_y_pred or grad_h). The batch is summed away in a weight's "
                 "gradient.").format(answer=answer)
    return say(NOT_QUITE, _("{answer}. A gradient ∂loss/∂w2 has exactly w2's shape.").format(
        answer=answer))


# ===========================================================================================
# Predict, then check with the widget: which gradients collapse when w1 is pushed to +6?
# ===========================================================================================
#: The chain of the widget at its start (notebook 05, section 2) and the push to predict.
WIDGET_CHAIN = dict(w=(0.8, -1.2, 1.5), b=(0.2, 0.3, -0.4), x=1.0, y=1.0)
PUSH = dict(weight="w1", to=6.0)


def collapse_table(chain=None, push=None, factor=10.0):
    """∂C/∂w_l at the start and after the push, for every weight of the chain.

    Returns a list of (name, start, pushed, collapsed) with ``collapsed`` True when the
    gradient shrank by more than ``factor`` (in size)."""
    from ..chain_rule import chain_gradient
    chain, push = chain or WIDGET_CHAIN, push or PUSH
    w = np.array(chain["w"], dtype=float)
    start = chain_gradient(w, chain["b"], chain["x"], chain["y"])
    pushed_w = w.copy()
    pushed_w[int(push["weight"][1:]) - 1] = push["to"]
    pushed = chain_gradient(pushed_w, chain["b"], chain["x"], chain["y"])
    return [(f"w{l}", float(s), float(p), abs(p) < abs(s) / factor)
            for l, (s, p) in enumerate(zip(start, pushed), start=1)]


def check_collapse_prediction(answer, chain=None, push=None):
    """The learner predicts which gradients collapse (shrink more than tenfold) when the
    widget's w1 is pushed to +6: a set (or list) of names like {"w1", "w3"}, or an empty set.
    Returns a Feedback that explains with the chain's factors."""
    table = collapse_table(chain, push)
    names = [row[0] for row in table]
    if answer is None:
        return Feedback(False, say(NO_ANSWER, _(
            "set my_prediction to a set of names, e.g. {example} (or set() for none), run its "
            "cell, then this one.").format(example='{"w2"}')))
    if isinstance(answer, str):
        answer = {answer}
    try:
        given = {str(a).strip().lower().replace("∂c/∂", "") for a in answer}
    except TypeError:
        return Feedback(False, say(NOT_QUITE, _(
            "give a set of names such as {example}; got {answer}.").format(
                example='{"w1", "w2"}', answer=repr(answer))))
    unknown = sorted(given - set(names))
    if unknown:
        return Feedback(False, say(NOT_QUITE, _(
            "the chain's weights are {names}; got {unknown}.").format(
                names=", ".join(names), unknown=", ".join(unknown))))
    right = {name for name, _s, _p, collapsed in table if collapsed}
    numbers = "; ".join(f"∂C/∂{name}: {s:+.4f} → {p:+.4f}" for name, s, p, _c in table)
    chain, push = chain or WIDGET_CHAIN, push or PUSH
    l = int(push["weight"][1:])
    w = np.array(chain["w"], dtype=float)
    pushed_w = w.copy()
    pushed_w[l - 1] = push["to"]
    (z0, a0, _c0), (z1, a1, _c1) = (chain_forward(v, chain["b"], chain["x"], chain["y"])
                                    for v in (w, pushed_w))
    later = [f"w{k}" for k in range(l + 1, len(w) + 1)]
    why = _("At {weight} = {to}, z{l} = {z} and neuron {l} saturates: σ'(z{l}) = a{l}(1 − a{l}) "
            "drops from {before} to {after}. It is a factor of every chain that passes through "
            "neuron {l}: {whose}").format(
        weight=push["weight"], to=f"{push['to']:g}", l=l, z=f"{z1[l]:.2f}",
        before=f"{a0[l] * (1 - a0[l]):.3f}", after=f"{a1[l] * (1 - a1[l]):.3f}",
        whose=_("that of w1 alone") if l == 1 else _("those of w1 … w{l}").format(l=l))
    if later:
        why += _("; the chains of {later} start after neuron {l}, which now only feeds them a "
                 "steady input a{l} = {a}").format(later=", ".join(later), l=l, a=f"{a1[l]:.3f}")
    why += _(". The gradients: {numbers}.").format(numbers=numbers)
    if given == right:
        return Feedback(True, _("{verdict}. {why}").format(verdict=_(RIGHT), why=why))
    if given >= right and len(given) > len(right):
        return Feedback(False, say(NOT_QUITE, _(
            "only {right} collapses. A saturated neuron's σ' blocks the gradients of its own "
            "weight and the weights *before* it; it is no factor of the weights after it. "
            "{why}").format(right=", ".join(sorted(right)), why=why)))
    return Feedback(False, _("{verdict}. A saturated neuron blocks every gradient whose chain "
                             "passes through its σ'. {why}").format(verdict=_(NOT_QUITE), why=why))


register_solution("collapse_prediction", 'my_prediction = {"w1"}')
register_solution("chain_answer_05", """\
v = exercise_values()   # x · σ'(z1) · w2 · σ'(z2) · 2(a2 − y), with EXERCISE's numbers
my_answer = (EXERCISE["x"] * v["a1"] * (1 - v["a1"]) * EXERCISE["w"][1]
             * v["a2"] * (1 - v["a2"]) * 2 * (v["a2"] - EXERCISE["y"]))""")
register_solution("grad_w2_shape_05", "my_shape = (10, 100)   # w2's own shape")


# ===========================================================================================
# Write it yourself (1): backpropagation for a whole network, BP1–BP4
# ===========================================================================================
@reference("backprop")
def backprop(W, b, X, Y):
    """Backpropagation for a sigmoid network of any depth, a batch as columns.

    The cost is 3Blue1Brown's, averaged over the batch: C = (1/m) Σ_x Σ_j (a[L]_jx − y_jx)².
    Lists are indexed by the layer l = 1 … L, as in the maths; index 0 is None.

    W : list, W[l] array (n_l, n_{l−1})   the weights into layer l (W[0] is None)
    b : list, b[l] array (n_l, 1)         the biases of layer l (b[0] is None)
    X : array (n_0, m)                    the inputs, one example per column
    Y : array (n_L, m)                    the targets, one column per example
    returns: (grad_W, grad_b), two lists like W and b (index 0 None):
             grad_W[l] array (n_l, n_{l−1}) = ∂C/∂W[l],  grad_b[l] array (n_l, 1) = ∂C/∂b[l]
    """
    L, m = len(W) - 1, X.shape[1]
    z, a = [None], [X]                                  # the forward pass, every z and a kept
    for l in range(1, L + 1):
        z.append(W[l] @ a[l - 1] + b[l])
        a.append(1 / (1 + np.exp(-z[l])))
    delta, grad_W, grad_b = [None] * (L + 1), [None] * (L + 1), [None] * (L + 1)
    delta[L] = 2 * (a[L] - Y) / m * a[L] * (1 - a[L])              # BP1; σ'(z) = a(1 − a)
    for l in range(L, 0, -1):
        if l < L:
            delta[l] = (W[l + 1].T @ delta[l + 1]) * a[l] * (1 - a[l])  # BP2
        grad_b[l] = delta[l].sum(axis=1, keepdims=True)                # BP3
        grad_W[l] = delta[l] @ a[l - 1].T                              # BP4
    return grad_W, grad_b


def _bp_variant(W, b, X, Y, *, slope="a(1-a)", cost_grad="2(a-y)/m", transpose_bp2=True,
                bias="sum", bp2_slope=True, bp4_prev=True):
    """The reference with one knob turned: each slip below is one of these variants."""
    L, m = len(W) - 1, X.shape[1]
    z, a = [None], [X]
    for l in range(1, L + 1):
        z.append(W[l] @ a[l - 1] + b[l])
        a.append(1 / (1 + np.exp(-z[l])))

    def sp(l):
        if slope == "a(1-a)":
            return a[l] * (1 - a[l])
        if slope == "sigma":                       # σ(z) where σ'(z) belongs
            return a[l]
        s = 1 / (1 + np.exp(-a[l]))                # σ'(a): the slope at a, not at z
        return s * (1 - s)
    grads = {"2(a-y)/m": 2 * (a[L] - Y) / m, "2(a-y)": 2 * (a[L] - Y),
             "2(y-a)/m": 2 * (Y - a[L]) / m, "(a-y)/m": (a[L] - Y) / m}
    delta = [None] * (L + 1)
    grad_W, grad_b = [None] * (L + 1), [None] * (L + 1)
    delta[L] = grads[cost_grad] * sp(L)
    for l in range(L, 0, -1):
        if l < L:
            back = (W[l + 1].T if transpose_bp2 else W[l + 1]) @ delta[l + 1]
            delta[l] = back * sp(l) if bp2_slope else back
        grad_b[l] = {"sum": lambda d: d.sum(axis=1, keepdims=True),
                     "mean": lambda d: d.mean(axis=1, keepdims=True),
                     "none": lambda d: d}[bias](delta[l])
        grad_W[l] = delta[l] @ (a[l - 1] if bp4_prev else a[l]).T
    return grad_W, grad_b


def _slip(explain, **knobs):
    return Slip(explain, lambda W, b, X, Y: _bp_variant(W, b, X, Y, **knobs))


#: The typical slips of backpropagation, each the reference with one mistake.
BACKPROP_SLIPS = [
    _slip(N_("used σ(z) where σ'(z) = σ(z)(1 − σ(z)) belongs, in BP1 and BP2 (δ = … ⊙ σ(z)): "
          "the slope of the sigmoid, not its value, says how z moves a"), slope="sigma"),
    _slip(N_("took σ' at a instead of at z: σ'(a) = σ(a)(1 − σ(a)). With a = σ(z) already at hand "
          "the slope is σ'(z) = a(1 − a)"), slope="at a"),
    _slip(N_("summed over the batch instead of averaging (the 1/m is missing, so every gradient is "
          "m times too large). The cost is the mean over the m examples: its 1/m enters once, "
          "in BP1's ∇_a C = 2(a[L] − y)/m"), cost_grad="2(a-y)"),
    _slip(N_("flipped the sign of BP1: ∇_a C = 2(a[L] − y)/m, output minus target (the gradient "
          "points where the cost grows)"), cost_grad="2(y-a)/m"),
    _slip(N_("dropped the factor 2 of ∂(a − y)²/∂a = 2(a − y) in BP1"), cost_grad="(a-y)/m"),
    _slip(N_("multiplied by W[l+1] instead of its transpose in BP2. δ[l+1] has one row per neuron "
          "of layer l+1; W[l+1]ᵀ (n_l, n_{l+1}) carries it back to layer l's n_l neurons. On "
          "non-square layers the product fails; on square ones it runs and gives wrong numbers"),
          transpose_bp2=False),
    _slip(N_("averaged δ over the batch in BP3 as well: δ[l] already carries BP1's 1/m, so BP3 "
          "only sums its columns (the bias gradient comes out m times too small)"), bias="mean"),
    _slip(N_("left σ'(z[l]) out of BP2: δ[l] = (W[l+1]ᵀ δ[l+1]) ⊙ σ'(z[l]); passing back through a "
          "neuron multiplies by its slope"), bp2_slope=False),
]

BACKPROP_FIRST_HINT = N_("first the forward pass, keeping every a[l] (a[0] = X); then BP1 "
                       "δ[L] = 2(a[L] − Y)/m ⊙ a[L](1 − a[L]); going back, BP2 "
                       "δ[l] = (W[l+1].T @ δ[l+1]) ⊙ a[l](1 − a[l]); at every layer BP3 "
                       "grad_b[l] = δ[l].sum(axis=1, keepdims=True) and BP4 "
                       "grad_W[l] = δ[l] @ a[l−1].T.")

#: The checker's networks (layer sizes) and batch sizes: depths 1 to 3, non-square layers,
#: m = 1 and m > 1, and last one square network on which a missing transpose still computes.
BACKPROP_SHAPES = [([4, 3, 2], 5), ([3, 5, 4, 2], 1), ([5, 2], 3), ([2, 4, 3, 3, 2], 4),
                   ([3, 3, 3, 3], 2)]


def backprop_cases(seed=0):
    """Dicts of W, b (lists with None at index 0), X (n_0, m) and Y (n_L, m) in [0, 1)."""
    rng = np.random.default_rng(seed)
    cases = []
    for sizes, m in BACKPROP_SHAPES:
        W = [None] + [rng.normal(size=(o, i)) for i, o in zip(sizes, sizes[1:])]
        b = [None] + [rng.normal(size=(o, 1)) for o in sizes[1:]]
        cases.append(dict(W=W, b=b, X=rng.random((sizes[0], m)),
                          Y=(rng.random((sizes[-1], m)) < 0.5).astype(float)))
    return cases


def _describe_net(case):
    sizes = [case["X"].shape[0]] + [w.shape[0] for w in case["W"][1:]]
    return _("the network {sizes} (L = {L}) and a batch of m = {m}").format(
        sizes=sizes, L=len(sizes) - 1, m=case["X"].shape[1])


def _truth(case):
    """∂C/∂W and ∂C/∂b from mlp_core's own Network (the reference is checked against it)."""
    from ..network import Network
    sizes = [case["X"].shape[0]] + [w.shape[0] for w in case["W"][1:]]
    net = Network(sizes, activation="sigmoid", cost="squared_error")
    for l in range(1, len(sizes)):
        net.W[l][...] = case["W"][l]
        net.b[l][...] = case["b"][l]
    g = net.backprop(case["X"], case["Y"])
    return net, [None] + [g.grad_W[l].copy() for l in range(1, len(sizes))], \
        [None] + [g.grad_b[l].copy() for l in range(1, len(sizes))]


def _as_lists(value, L):
    """(grad_W, grad_b) as two lists of L + 1 entries, or a message."""
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        if isinstance(value, (tuple, list)):
            got = _("a {kind} of {n}").format(kind=type(value).__name__, n=len(value))
        else:
            got = type(value).__name__
        return None, say(NOT_QUITE, _("return two lists, (grad_W, grad_b); got {got}.").format(
            got=got))
    out = []
    for name, lst in zip(("grad_W", "grad_b"), value):
        if not isinstance(lst, (list, tuple)):
            return None, say(NOT_QUITE, _(
                "{name} should be a list like W (index 0 None, then one array per layer); got "
                "{kind}.").format(name=name, kind=type(lst).__name__))
        if len(lst) == L:
            return None, say(NOT_QUITE, _(
                "{name} has {L} entries; it should have L + 1 = {n}, like W: {name}[0] is None "
                "so that {name}[l] is layer l's.").format(name=name, L=L, n=L + 1))
        if len(lst) != L + 1:
            return None, say(NOT_QUITE, _(
                "{name} should have L + 1 = {n} entries (index 0 None, then layers 1 … {L}); "
                "got {got}.").format(name=name, n=L + 1, L=L, got=len(lst)))
        out.append(list(lst))
    return out, None


def _bp_grads(value, case):
    """The learner's (grad_W, grad_b) as lists of float arrays, index 0 None."""
    gW, gb = value
    L = len(case["W"]) - 1
    return ([None] + [np.asarray(g, dtype=float) for g in gW[1:L + 1]],
            [None] + [np.asarray(g, dtype=float) for g in gb[1:L + 1]])


def _same_grads(got, want):
    return all(g.shape == w.shape and np.allclose(g, w, rtol=1e-6, atol=1e-9)
               for G, Wt in zip(got, want) for g, w in zip(G[1:], Wt[1:]))


_SHAPE_ERROR_HINT = N_("A shape error in a product usually means a missing transpose: going "
                       "back, δ[l+1] (n_{{l+1}}, m) passes through W[l+1]ᵀ (n_l, n_{{l+1}}) in "
                       "BP2, and BP4 is δ[l] (n_l, m) @ a[l−1]ᵀ (m, n_{{l−1}}).")


def _is_shape_error(error):
    """True if the exception ``error`` is numpy's complaint about shapes that do not fit."""
    text = str(error)
    return any(w in text for w in ("matmul", "shape", "broadcast", "aligned"))


def check_backprop(fn, cases=None):
    """Check the learner's ``backprop(W, b, X, Y)`` against mlp_core's Network.backprop on
    :func:`backprop_cases` (depths 1–3, m = 1 and m > 1), layer by layer from the output back:
    name the first layer and equation (BP1 … BP4) that disagree, and the typical slip the
    function matches on every case. When everything agrees, also compare with central
    differences of the cost. Returns a Feedback."""
    cases = backprop_cases() if cases is None else cases
    outcomes, fb = learner_outcomes(fn, cases, BACKPROP_FIRST_HINT)
    if fb is not None:
        return fb
    slip = slip_like_learner(outcomes, cases, BACKPROP_SLIPS, _same_grads, _bp_grads)
    because = "\n" + because_of(slip) if slip else ""
    for i, ((kind, got), case) in enumerate(zip(outcomes, cases)):
        where = _("for {case} (case {i} of {n})").format(case=_describe_net(case), i=i + 1,
                                                         n=len(cases))
        if kind == "error":
            hint = "\n" + _(_SHAPE_ERROR_HINT).format() if _is_shape_error(got.exception) else ""
            return Feedback(False, f"{got.text}\n" + _("It happened {where}.").format(where=where)
                            + (because or hint))
        L = len(case["W"]) - 1
        lists, message = _as_lists(got, L)
        if message:
            return Feedback(False, message)
        gW, gb = lists
        if all(np.shape(gW[l]) == case["b"][l].shape and np.shape(gb[l]) == case["W"][l].shape
               for l in range(1, L + 1)) and any(case["b"][l].shape != case["W"][l].shape
                                                 for l in range(1, L + 1)):
            return Feedback(False, say(NOT_QUITE, _(
                "the two lists came back in the other order: return (grad_W, grad_b), the "
                "weights' gradients first.")))
        net, tW, tb = _truth(case)
        m = case["X"].shape[1]
        for l in range(L, 0, -1):                    # from the output back
            n, n_prev = case["W"][l].shape
            fbW = check_array(gW[l], (n, n_prev), f"grad_W[{l}]",
                              _("{where}; like {name}").format(where=where, name=f"W[{l}]"))
            fbb = check_array(gb[l], (n, 1), f"grad_b[{l}]",
                              _("{where}; like {name}").format(where=where, name=f"b[{l}]"))
            if fbb is not None and np.shape(gb[l]) == (n, m) and m > 1:
                return Feedback(False, f"{fbb.text}\n" + _(
                    "BP3: the bias gradient is δ[{l}] summed over the batch's {m} columns: "
                    "delta.sum(axis=1, keepdims=True).").format(l=l, m=m) + because)
            if fbW is not None or fbb is not None:
                return Feedback(False, (fbW or fbb).text + because)
            okW = np.allclose(gW[l], tW[l], rtol=1e-6, atol=1e-9)
            okb = np.allclose(gb[l], tb[l], rtol=1e-6, atol=1e-9)
            if okW and okb:
                continue
            if not okW and not okb:
                eq = (_("BP1, the output error δ[L] = ∇_a C ⊙ σ'(z[L]) with "
                        "∇_a C = 2(a[L] − y)/m") if l == L else
                      _("BP2, passing δ back: δ[{l}] = (W[{next}]ᵀ δ[{next}]) ⊙ σ'(z[{l}]) "
                        "(layer {next} was right)").format(l=l, next=l + 1))
                what = _("both grad_W[{l}] and grad_b[{l}] are off, so δ[{l}] is").format(l=l)
            elif not okb:
                eq = _("BP3, ∂C/∂b[{l}] = δ[{l}] summed over the batch").format(l=l)
                what = _("grad_W[{l}] is right (so δ[{l}] is) but grad_b[{l}] is off").format(l=l)
            else:
                eq = _("BP4, ∂C/∂W[{l}] = δ[{l}] a[{prev}]ᵀ").format(l=l, prev=l - 1)
                what = _("grad_b[{l}] is right (so δ[{l}] is) but grad_W[{l}] is off").format(l=l)
            head = say(NOT_QUITE, _("going back from the output, the first layer that disagrees "
                                    "with mlp_core is layer {l} of {L}, {where}: {what}. Look at "
                                    "{eq}.").format(l=l, L=L, where=where, what=what, eq=eq))
            return Feedback(False, head + (because or "\n" + _("Hint: {hint}").format(
                hint=_(BACKPROP_FIRST_HINT))))
    # Every case agrees with mlp_core: one more, independent look, by central differences.
    from ..gradcheck import numerical_gradient, relative_error
    net = _truth(cases[0])[0]
    nW, nb = numerical_gradient(net, cases[0]["X"], cases[0]["Y"])
    gW, gb = _bp_grads(outcomes[0][1], cases[0])  # the learner's gradients of case 1
    err = max(max(relative_error(gW[l], nW[l]), relative_error(gb[l], nb[l]))
              for l in range(1, len(nW)))
    return Feedback(True, say(RIGHT, _(
        "backprop agrees with mlp_core's Network.backprop on all {n} cases (depths 1 to 3, "
        "m = 1 and m > 1), layer by layer, and with central differences of the cost (largest "
        "relative error {error}). BP1 once, BP2 once per layer going back, BP3 and BP4 read the "
        "gradients off each δ: that is all of backpropagation.").format(
            n=len(cases), error=f"{err:.1e}")))


# ===========================================================================================
# Write it yourself (2): article C's two-layer network, with grad_w2 corrected
# ===========================================================================================
@reference("article_c_gradients")
def article_c_gradients(x, y, w1, w2):
    """Article C's network, backwards: the gradients of loss = Σ (y_pred − y)² (a plain sum).

    Forward: h = w1 x, h_σ = σ(h) = 1 / (1 + e^(−h)), y_pred = w2 h_σ; no biases.

    x  : array (n_in, m)        the samples, one per column
    y  : array (n_out, m)       the targets
    w1 : array (n_hidden, n_in)
    w2 : array (n_out, n_hidden)
    returns: (grad_w1, grad_w2), arrays of w1's and w2's shapes
    """
    h = w1 @ x
    h_sigma = 1 / (1 + np.exp(-h))
    y_pred = w2 @ h_sigma
    grad_y_pred = 2 * (y_pred - y)
    grad_w2 = grad_y_pred @ h_sigma.T             # w2 multiplies h_σ, not h
    grad_h_sigma = w2.T @ grad_y_pred
    grad_h = grad_h_sigma * h_sigma * (1 - h_sigma)
    grad_w1 = grad_h @ x.T
    return grad_w1, grad_w2


def _c_variant(x, y, w1, w2, *, w2_from="h_sigma", slope="h_sigma(1-h_sigma)", up="2(yp-y)",
               mean=False):
    h = w1 @ x
    h_sigma = 1 / (1 + np.exp(-h))
    y_pred = w2 @ h_sigma
    grad_y_pred = {"2(yp-y)": 2 * (y_pred - y), "2(y-yp)": 2 * (y - y_pred),
                   "(yp-y)": y_pred - y}[up]
    if mean:
        grad_y_pred = grad_y_pred / x.shape[1]
    grad_w2 = grad_y_pred @ (h_sigma if w2_from == "h_sigma" else h).T
    grad_h_sigma = w2.T @ grad_y_pred
    s = {"h_sigma(1-h_sigma)": h_sigma * (1 - h_sigma), "h_sigma": h_sigma, "h(1-h)": h * (1 - h),
         "none": 1.0}[slope]
    grad_w1 = (grad_h_sigma * s) @ x.T
    return grad_w1, grad_w2


def _cslip(explain, **knobs):
    return Slip(explain, lambda x, y, w1, w2: _c_variant(x, y, w1, w2, **knobs))


#: The typical slips of article C's backward pass, each the reference with one mistake.
ARTICLE_C_SLIPS = [
    _cslip(N_("built grad_w2 from h instead of h_σ = σ(h), as article C's own code does. w2 "
           "multiplies h_σ in the forward pass, so its gradient is grad_y_pred · h_σᵀ"),
           w2_from="h"),
    _cslip(N_("used h_σ where σ'(h) = h_σ(1 − h_σ) belongs in grad_h: the slope of the sigmoid, "
           "not its value"), slope="h_sigma"),
    _cslip(N_("wrote σ'(h) as h(1 − h): the slope is σ(h)(1 − σ(h)) = h_σ(1 − h_σ), built from the "
           "activation h_σ, not from the pre-activation h"), slope="h(1-h)"),
    _cslip(N_("left σ'(h) out of grad_h: going back through the sigmoid multiplies by its slope"),
           slope="none"),
    _cslip(N_("flipped the sign of grad_y_pred: ∂loss/∂y_pred = 2(y_pred − y)"), up="2(y-yp)"),
    _cslip(N_("dropped the factor 2 of ∂(y_pred − y)²/∂y_pred = 2(y_pred − y)"), up="(yp-y)"),
    _cslip(N_("averaged over the batch: article C's loss is the plain sum Σ(y_pred − y)², with no "
           "1/m (which is why its learning rate is as small as 1e-5)"), mean=True),
]

C_FIRST_HINT = N_("forward h = w1 @ x, h_σ = σ(h), y_pred = w2 @ h_σ; backward grad_y_pred = "
                "2(y_pred − y), grad_w2 = grad_y_pred @ h_σ.T, grad_h_σ = w2.T @ grad_y_pred, "
                "grad_h = grad_h_σ ⊙ h_σ(1 − h_σ), grad_w1 = grad_h @ x.T.")

#: (n_in, n_hidden, n_out, m): non-square everywhere, m = 1 once, and a square one last.
C_SHAPES = [(6, 4, 3, 5), (5, 7, 2, 1), (8, 3, 4, 6), (4, 4, 4, 4)]


def article_c_cases(seed=0):
    """Dicts of x, y, w1, w2 drawn from N(0, 1), as in the article."""
    rng = np.random.default_rng(seed)
    return [dict(x=rng.normal(size=(n_in, m)), y=rng.normal(size=(n_out, m)),
                 w1=rng.normal(size=(n_h, n_in)), w2=rng.normal(size=(n_out, n_h)))
            for n_in, n_h, n_out, m in C_SHAPES]


def _c_pair(value, case):
    """The learner's (grad_w1, grad_w2) as two float arrays."""
    g1, g2 = value
    return np.asarray(g1, dtype=float), np.asarray(g2, dtype=float)


def _same_pair(got, want):
    return all(a.shape == b.shape and np.allclose(a, b, rtol=1e-6, atol=1e-9)
               for a, b in zip(got, want))


def check_article_c_gradients(fn, cases=None):
    """Check the learner's ``article_c_gradients(x, y, w1, w2)`` against
    ``mlp_core.two_layer_numpy.gradients`` on :func:`article_c_cases`, from the output back
    (grad_w2 first, then grad_w1), and name the typical slip (the article's own bug among
    them). Returns a Feedback."""
    from .. import two_layer_numpy as tl
    cases = article_c_cases() if cases is None else cases
    outcomes, fb = learner_outcomes(fn, cases, C_FIRST_HINT)
    if fb is not None:
        return fb
    slip = slip_like_learner(outcomes, cases, ARTICLE_C_SLIPS, _same_pair, _c_pair)
    because = "\n" + because_of(slip) if slip else ""
    for i, ((kind, got), case) in enumerate(zip(outcomes, cases)):
        where = _("for {case} (case {i} of {n})").format(case=describe_case(case), i=i + 1,
                                                         n=len(cases))
        if kind == "error":
            hint = "" if because else "\n" + _(
                "Each product has only one order that fits: grad_w2 must be w2's shape, "
                "(n_out, m)·(m, n_hidden); grad_h_σ is w2ᵀ·grad_y_pred; grad_w1 is grad_h·xᵀ.")
            return Feedback(False, f"{got.text}\n" + _("It happened {where}.").format(where=where)
                            + (because or hint))
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            return Feedback(False, say(NOT_QUITE, _(
                "return two arrays, (grad_w1, grad_w2); got {kind}.").format(
                    kind=type(got).__name__)))
        t1, t2, _loss = tl.gradients(case["x"], case["y"], case["w1"], case["w2"])
        if np.shape(got[0]) == t2.shape and np.shape(got[1]) == t1.shape != t2.shape:
            return Feedback(False, say(NOT_QUITE, _(
                "the two gradients came back in the other order: return (grad_w1, grad_w2).")))
        for name, g, t in (("grad_w2", got[1], t2), ("grad_w1", got[0], t1)):
            like = name.replace("grad_", "")
            fb = check_array(g, t.shape, name,
                             _("{where}; like {name}").format(where=where, name=like))
            if fb is not None:
                return Feedback(False, fb.text + because)
            if not np.allclose(np.asarray(g, dtype=float), t, rtol=1e-6, atol=1e-9):
                step = (_("grad_w2 = grad_y_pred · h_σᵀ, the first gradient going back")
                        if name == "grad_w2" else
                        _("grad_h_σ = w2ᵀ·grad_y_pred, grad_h = grad_h_σ ⊙ h_σ(1 − h_σ), "
                          "grad_w1 = grad_h·xᵀ (grad_w2 was right)"))
                head = say(NOT_QUITE, _("{name} is off {where}. Look at {step}.").format(
                    name=name, where=where, step=step))
                return Feedback(False, head + (because or "\n" + _("Hint: {hint}").format(
                    hint=_(C_FIRST_HINT))))
    return Feedback(True, say(RIGHT, _(
        "article_c_gradients agrees with mlp_core's two-layer network on all {n} cases, grad_w2 "
        "from h_σ included: the gradient check of section 6 would now call both gradients "
        "fine.").format(n=len(cases))))
