"""The exercises of notebook 04 (what backpropagation is really doing).

1. Check yourself: which of two weights into the "2" neuron is better value for money
   (:func:`check_value_for_money`)?
2. Predict, then check with the widget: whose push on the last hidden layer is stronger, the
   "2" neuron's (a large wish) or the "8" neuron's (:func:`check_push_prediction`)?
3. Write it yourself: one output neuron's desired nudges to its bias, its weights and the
   previous layer's activations, ``output_neuron_nudges(a_prev, w, b, y)``
   (:func:`check_output_neuron_nudges`, which names the lever that is off and the slip).

Value for money, the idea behind 1:

A nudge Δw to the weight W[l]_jk from neuron k changes neuron j's weighted input by
∂z_j/∂W_jk · Δw = a[l−1]_k · Δw. So a weight's *value for money* is the activation of the
neuron it comes from — not the weight's own size or sign. The question pairs a weight from a
bright neuron with a weight from a dim one (the dim one chosen with the larger |w|, so that
the tempting answer "the bigger weight" is the wrong one).
"""
from typing import NamedTuple

import numpy as np

from ..i18n import N_, _
from .coding import (NO_ANSWER, NOT_QUITE, RIGHT, Feedback, Slip, because_of, call_learner,
                     check_array, describe_case, reference, register_solution, say)


class ValueForMoneyQuestion(NamedTuple):
    """Two weights into neuron j: "A" comes from neuron k_a, "B" from neuron k_b.

    w_a, w_b : the two weights' values;  a_a, a_b : the activations they come from.
    """
    j: int
    k_a: int
    k_b: int
    w_a: float
    w_b: float
    a_a: float
    a_b: float

    def __str__(self):
        return _("Two weights into output neuron {j}:\n"
                 "  A: from hidden neuron {k_a}, weight {w_a}, that neuron's activation {a_a}\n"
                 "  B: from hidden neuron {k_b}, weight {w_b}, that neuron's activation {a_b}\n"
                 "Which weight, nudged by the same small amount, moves neuron {j}'s weighted "
                 "input z more: 'A' or 'B'?").format(
            j=self.j, k_a=self.k_a, k_b=self.k_b, w_a=f"{self.w_a:+.3f}", w_b=f"{self.w_b:+.3f}",
            a_a=f"{self.a_a:.3f}", a_b=f"{self.a_b:.3f}")


def value_for_money_question(W_row, a_prev, j):
    """Build the question for neuron j from its incoming weights and the activations below.

    Parameters
    ----------
    W_row : array, shape (n_prev,)   the weights W[l]_j· into neuron j
    a_prev : array, shape (n_prev,)  the activations a[l−1] of one example
    j : int                          the neuron's number (for the wording)

    Returns
    -------
    ValueForMoneyQuestion
        "A" is the brightest neuron's weight; "B" the dimmest neuron among those whose
        |weight| is larger than A's (the dimmest overall if none is). The answer is "A".
    """
    W_row, a_prev = np.asarray(W_row, dtype=float), np.asarray(a_prev, dtype=float)
    if W_row.ndim != 1 or W_row.shape != a_prev.shape or W_row.size < 2:
        raise ValueError("W_row and a_prev must be two vectors of one shape (n_prev,), "
                         f"n_prev ≥ 2; got shapes {W_row.shape} and {a_prev.shape}")
    k_a = int(np.argmax(a_prev))
    bigger = np.flatnonzero((np.abs(W_row) > abs(W_row[k_a])) & (np.arange(a_prev.size) != k_a))
    pool = bigger if bigger.size else np.flatnonzero(np.arange(a_prev.size) != k_a)
    k_b = int(pool[np.argmin(a_prev[pool])])
    return ValueForMoneyQuestion(int(j), k_a, k_b, float(W_row[k_a]), float(W_row[k_b]),
                                 float(a_prev[k_a]), float(a_prev[k_b]))


def check_value_for_money(answer, question):
    """Check the learner's answer ("A" or "B") and explain it; returns a message (str, in the
    reader's language)."""
    q = question
    if answer is None:
        return say(NO_ANSWER, _("write \"A\" or \"B\" in place of None and run the cell again."))
    if not isinstance(answer, str) or answer.strip().upper() not in ("A", "B"):
        return _("Answer with 'A' or 'B' (a string); got {answer}.").format(answer=repr(answer))
    right = "A" if q.a_a >= q.a_b else "B"
    a_big, a_small = max(q.a_a, q.a_b), min(q.a_a, q.a_b)
    ratio = (_("{ratio} times").format(ratio=f"{a_big / a_small:.1f}") if a_small > 0
             else _("infinitely"))
    why = _("A nudge Δw to a weight changes z_{j} by (the activation it comes from) × Δw: "
            "{a_a}·Δw for A, {a_b}·Δw for B. So weight {right} moves z {ratio} as much per unit "
            "of nudge: it is the better value for money, and its desired nudge is larger in the "
            "same proportion.").format(j=q.j, a_a=f"{q.a_a:.3f}", a_b=f"{q.a_b:.3f}",
                                        right=right, ratio=ratio)
    if answer.strip().upper() == right:
        return _("{verdict}. {message}").format(verdict=_(RIGHT), message=why)
    bigger_w = "A" if abs(q.w_a) > abs(q.w_b) else "B"
    if bigger_w != right:
        why = _("Weight {bigger} is the larger one (|w| = {size}), but a weight's own size does "
                "not say how much z moves when it is nudged; the activation feeding it does. "
                "{why}").format(bigger=bigger_w, size=f"{max(abs(q.w_a), abs(q.w_b)):.3f}",
                                why=why)
    return _("{verdict}. {message}").format(verdict=_(NOT_QUITE), message=why)


# ===========================================================================================
# Predict, then check: whose push on the last hidden layer is stronger, the "2" or the "8"?
# ===========================================================================================
class PushComparison(NamedTuple):
    """Two output neurons' pushes on the layer below, for one example (see
    :func:`push_comparison`). Each field is a pair (neuron_1, neuron_2)."""
    neurons: tuple
    a: tuple            # the activations a_j
    wish: tuple         # the wishes for a, 2(y_j − a_j)
    slope: tuple        # σ'(z_j) = a_j (1 − a_j)
    z_wish: tuple       # the wishes for z, σ'(z_j) · wish_j
    weights: tuple      # Σ_k |W_jk|: how strongly each is wired to the layer below
    push: tuple         # Σ_k |z_wish_j · W_jk|: the total size of its part of the wish


def push_comparison(W_L, a_L, wish_L, pair):
    """Compare two output neurons' parts of the last hidden layer's wish.

    Parameters
    ----------
    W_L : array, shape (n_L, n_{L−1})   the output layer's weights
    a_L : array, shape (n_L,)           one example's output activations
    wish_L : array, shape (n_L,)        their wishes 2(y − a)
    pair : (int, int)                   the two output neurons

    Returns
    -------
    PushComparison
        Neuron j's part of the wish for neuron k below is z_wish_j · W_jk, so its total push
        is |z_wish_j| · Σ_k |W_jk|: the wish, times the slope σ'(z_j), times the weights.
    """
    W_L, a_L, wish_L = (np.asarray(v, dtype=float) for v in (W_L, a_L, wish_L))
    a_L, wish_L = a_L.ravel(), wish_L.ravel()
    if W_L.ndim != 2 or a_L.shape != (W_L.shape[0],) or wish_L.shape != a_L.shape:
        raise ValueError(f"W_L must be (n_L, n_prev) and a_L, wish_L (n_L,); got shapes "
                         f"{W_L.shape}, {a_L.shape}, {wish_L.shape}")
    js = tuple(int(j) for j in pair)
    slope = tuple(float(a_L[j] * (1 - a_L[j])) for j in js)
    z_wish = tuple(float(s * wish_L[j]) for s, j in zip(slope, js))
    weights = tuple(float(np.abs(W_L[j]).sum()) for j in js)
    push = tuple(float(np.abs(zw * W_L[j]).sum()) for zw, j in zip(z_wish, js))
    return PushComparison(js, tuple(float(a_L[j]) for j in js),
                          tuple(float(wish_L[j]) for j in js), slope, z_wish, weights, push)


def check_push_prediction(answer, comparison):
    """Check the learner's prediction of which output neuron pushes the last hidden layer
    harder in total (its part of the wish, summed in size over the hidden neurons).

    ``answer`` is the digit as a string or a number ("8" or 8); ``comparison`` a
    :class:`PushComparison`. Returns a Feedback that explains with the three factors (in the
    reader's language).
    """
    c = comparison
    (j1, j2) = c.neurons
    if answer is None:
        return Feedback(False, say(NO_ANSWER, _(
            "set my_prediction to \"{j1}\" or \"{j2}\" and run its cell, then this one.").format(
                j1=j1, j2=j2)))
    given = str(answer).strip().strip("'\"")
    if given not in (str(j1), str(j2)):
        return Feedback(False, say(NOT_QUITE, _(
            "answer with \"{j1}\" or \"{j2}\" (which output neuron pushes harder); got "
            "{answer}.").format(j1=j1, j2=j2, answer=repr(answer))))
    stronger = j1 if c.push[0] > c.push[1] else j2
    ratio_wish = abs(c.wish[0]) / max(abs(c.wish[1]), 1e-300)
    why = _("A wish for a reaches z only through the slope σ'(z) = a(1 − a): the {j1} has "
            "a = {a1}, σ' = {slope1}, so its wish {wish1} becomes {z_wish1} for z; the {j2} has "
            "a = {a2}, σ' = {slope2}, so {wish2} becomes {z_wish2}. Then each part is "
            "z_wish_j × W_jk: Σ_k |W_jk| is {weights1} for the {j1} and {weights2} for the {j2}. "
            "In total the {j1} pushes {push1}, the {j2} {push2}.").format(
        j1=j1, j2=j2, a1=f"{c.a[0]:.4f}", a2=f"{c.a[1]:.4f}", slope1=f"{c.slope[0]:.4f}",
        slope2=f"{c.slope[1]:.4f}", wish1=f"{c.wish[0]:+.4f}", wish2=f"{c.wish[1]:+.4f}",
        z_wish1=f"{c.z_wish[0]:+.4f}", z_wish2=f"{c.z_wish[1]:+.4f}",
        weights1=f"{c.weights[0]:.2f}", weights2=f"{c.weights[1]:.2f}",
        push1=f"{c.push[0]:.3f}", push2=f"{c.push[1]:.3f}")
    if int(given) == stronger:
        return Feedback(True, _("{verdict}. {message}").format(verdict=_(RIGHT), message=why))
    message = _("{why} A neuron near 0 or 1 is saturated: however hard it wishes, it can hardly "
                "pass the wish on.").format(why=why)
    if abs(c.wish[0]) > abs(c.wish[1]) and stronger == j2:
        message = _("The {j1}'s wish for a is {ratio} times the {j2}'s, but a wish for a is not "
                    "yet a push on the layer below. {rest}").format(
            j1=j1, j2=j2, ratio=f"{ratio_wish:.1f}", rest=message)
    return Feedback(False, _("{verdict}. {message}").format(verdict=_(NOT_QUITE),
                                                            message=message))


register_solution("stronger_push_prediction", 'my_prediction = "8"')
# The weight fed by the brighter activation moves z more per unit of nudge.
register_solution("value_for_money_04",
                  'my_answer = "A" if question.a_a >= question.a_b else "B"')


# ===========================================================================================
# Write it yourself: one output neuron's three levers
# ===========================================================================================
@reference("output_neuron_nudges")
def output_neuron_nudges(a_prev, w, b, y):
    """One output neuron, one example: its desired nudges (3Blue1Brown's three levers).

    The neuron computes z = w · a_prev + b (a number) and a = σ(z) = 1 / (1 + e^(−z)); its
    part of the cost is (a − y)². Every desired nudge is −∂(a − y)²/∂(that quantity).

    a_prev : array (n_prev,)   the activations of the layer below
    w      : array (n_prev,)   the weights into this neuron (one row of W[L])
    b      : float             its bias
    y      : float             its target, 0 or 1
    returns: (bias_nudge, weight_nudges, prev_wish)
             bias_nudge    : float           lever 1, −∂C/∂b
             weight_nudges : array (n_prev,) lever 2, −∂C/∂w_k
             prev_wish     : array (n_prev,) lever 3, −∂C/∂a_prev_k
    """
    z = w @ a_prev + b
    a = 1 / (1 + np.exp(-z))
    z_wish = 2 * (y - a) * a * (1 - a)     # the wish for a, 2(y − a), times σ'(z) = a(1 − a)
    return z_wish, z_wish * a_prev, z_wish * w


def _sig(z):
    return 1 / (1 + np.exp(-z))


def _levers(z_wish, a_prev, w):
    return z_wish, z_wish * a_prev, z_wish * w


def _forward(a_prev, w, b):
    z = w @ a_prev + b
    return z, _sig(z)


#: The typical slips, each the reference with one mistake (``explain`` in English, marked for
#: the catalog: :func:`~mlp_core.exercises.coding.because_of` translates it).
NUDGE_SLIPS = [
    Slip(N_("left out σ'(z): the wish for a, 2(y − a), was used as the wish for z. A change of z "
         "moves a only by σ'(z) = a(1 − a) per unit, so every lever is scaled by it"),
         lambda a_prev, w, b, y: _levers(2 * (y - _forward(a_prev, w, b)[1]), a_prev, w)),
    Slip(N_("used σ(z) = a where σ'(z) = a(1 − a) belongs: the slope of the sigmoid is "
         "σ(z)(1 − σ(z)), not σ(z)"),
         lambda a_prev, w, b, y: _levers(2 * (y - _forward(a_prev, w, b)[1])
                                         * _forward(a_prev, w, b)[1], a_prev, w)),
    Slip(N_("took the slope at a instead of at z: σ'(a) = σ(a)(1 − σ(a)). The slope belongs at the "
         "weighted input, σ'(z) = σ(z)(1 − σ(z)) = a(1 − a)"),
         lambda a_prev, w, b, y: _levers(2 * (y - _forward(a_prev, w, b)[1])
                                         * _sig(_forward(a_prev, w, b)[1])
                                         * (1 - _sig(_forward(a_prev, w, b)[1])), a_prev, w)),
    Slip(N_("flipped the sign: 2(a − y)·σ'(z) is the gradient ∂C/∂z, the direction in which the "
         "cost grows. A desired nudge is its negative, 2(y − a)·σ'(z): towards the target"),
         lambda a_prev, w, b, y: tuple(-v for v in output_neuron_nudges(a_prev, w, b, y))),
    Slip(N_("dropped the factor 2 of ∂(a − y)²/∂a = 2(a − y)"),
         lambda a_prev, w, b, y: tuple(v / 2 for v in output_neuron_nudges(a_prev, w, b, y))),
    Slip(N_("swapped levers 2 and 3: a weight's nudge is (wish for z) × the activation it comes "
         "from (its value for money), and the wish for a previous activation is (wish for z) × "
         "the weight that carries it"),
         lambda a_prev, w, b, y: (lambda zw: (zw, zw * w, zw * a_prev))(
             output_neuron_nudges(a_prev, w, b, y)[0])),
    Slip(N_("left the bias out of z: z = w · a_prev + b, and the bias moves a too"),
         lambda a_prev, w, b, y: output_neuron_nudges(a_prev, w, 0.0, y)),
]

NUDGE_FIRST_HINT = N_("compute z = w @ a_prev + b and a = σ(z); the wish for a is 2(y − a), the "
                    "wish for z is that times σ'(z) = a(1 − a); then lever 1 is the wish for z "
                    "itself, lever 2 the wish for z times a_prev, lever 3 times w.")

#: The checker's cases: (n_prev, target y, bias b); several sizes, both targets.
NUDGE_SHAPES = [(5, 1.0, 0.4), (3, 0.0, -0.7), (16, 1.0, 1.3), (1, 0.0, 0.9), (7, 0.0, 2.1)]


def nudge_cases(seed=0):
    """Dicts of a_prev (n_prev,) in [0, 1), w (n_prev,) from N(0, 1), b and y."""
    rng = np.random.default_rng(seed)
    return [dict(a_prev=rng.random(n), w=rng.normal(size=n), b=b, y=y)
            for n, y, b in NUDGE_SHAPES]


_NUDGE_NAMES = ("bias_nudge", "weight_nudges", "prev_wish")
_NUDGE_LEVERS = (N_("lever 1, the bias: −∂C/∂b = the wish for z"),
                 N_("lever 2, the weights: −∂C/∂w_k = (wish for z) × a_prev_k"),
                 N_("lever 3, the previous activations: −∂C/∂a_prev_k = (wish for z) × w_k"))


def _as_triple(value):
    """The learner's result as three arrays (bias as shape ()), or a message."""
    if not isinstance(value, (tuple, list)) or len(value) != 3:
        kind = type(value).__name__
        if isinstance(value, (tuple, list)):
            got = _("return three things, (bias_nudge, weight_nudges, prev_wish); got a {kind} "
                    "of {n}.").format(kind=kind, n=len(value))
        else:
            got = _("return three things, (bias_nudge, weight_nudges, prev_wish); got a "
                    "{kind}.").format(kind=kind)
        return None, say(NOT_QUITE, got)
    bias = value[0]
    if isinstance(bias, np.ndarray) and bias.size == 1:
        bias = bias.reshape(())
    if isinstance(bias, (list, tuple)) or (isinstance(bias, np.ndarray) and bias.ndim != 0):
        return None, say(NOT_QUITE, _("bias_nudge should be one number (the neuron has one "
                                      "bias); got {kind} of shape {shape}.").format(
            kind=type(bias).__name__, shape=np.shape(bias)))
    return [bias, value[1], value[2]], None


def _nudge_outcome(fn, case):
    try:
        with np.errstate(all="ignore"):
            v = fn(**case)
        return "value", [np.asarray(x, dtype=float) for x in v]
    except Exception as e:
        return "error", e


def check_output_neuron_nudges(fn, cases=None):
    """Check the learner's ``output_neuron_nudges(a_prev, w, b, y)``: the three results, lever
    by lever, on :func:`nudge_cases`; name the first lever that is off and the typical slip it
    matches. Returns a Feedback."""
    cases = nudge_cases() if cases is None else cases
    results = []
    for case in cases:
        value, fb = call_learner(fn, first_hint=NUDGE_FIRST_HINT, **case)
        if fb is not None:
            return fb if fb.exception is None else Feedback(
                False, fb.text + "\n" + _("It happened for {case}. a_prev and w are flat vectors "
                                          "(n_prev,): w @ a_prev is already their weighted "
                                          "sum.").format(case=describe_case(case)))
        triple, message = _as_triple(value)
        if message:
            return Feedback(False, message)
        n = case["a_prev"].shape[0]
        for name, got, shape in zip(_NUDGE_NAMES, triple, ((), (n,), (n,))):
            fb = check_array(got, shape, name, f"for {describe_case(case)}")
            if fb is not None:
                return fb
        results.append([np.asarray(v, dtype=float) for v in triple])
    slip = None
    for s in NUDGE_SLIPS:
        if all(kind == "value" and all(np.allclose(g, w_, rtol=1e-6, atol=1e-9)
                                       for g, w_ in zip(res, val))
               for res, (kind, val) in zip(results, (_nudge_outcome(s.compute, c) for c in cases))):
            slip = s
            break
    for i, (res, case) in enumerate(zip(results, cases)):
        want = output_neuron_nudges(**case)
        for name, lever, got, w_ in zip(_NUDGE_NAMES, _NUDGE_LEVERS, res, want):
            if not np.allclose(got, w_, rtol=1e-6, atol=1e-9):
                z, a = _forward(case["a_prev"], case["w"], case["b"])
                head = say(NOT_QUITE, _(
                    "{name} ({lever}) is off for {case} (case {i} of {n}). Here z = {z}, "
                    "a = {a}, y = {y}: the wish for z is 2(y − a)·a(1 − a) = {z_wish}.").format(
                        name=name, lever=_(lever), case=describe_case(case), i=i + 1,
                        n=len(cases), z=f"{float(z):.4f}", a=f"{float(a):.4f}",
                        y=f"{case['y']:g}", z_wish=f"{float(want[0]):+.5f}"))
                if slip is not None:
                    return Feedback(False, f"{head}\n" + because_of(slip))
                return Feedback(False, f"{head}\n"
                                + _("Hint: {hint}").format(hint=_(NUDGE_FIRST_HINT)))
    return Feedback(True, say(RIGHT, _(
        "output_neuron_nudges agrees with the reference on all {n} cases (targets 0 and 1, 1 to "
        "16 neurons below). One number, the wish for z, drives all three levers: the bias takes "
        "it as it is, each weight in proportion to the activation it comes from, each activation "
        "below in proportion to its weight.").format(n=len(cases))))
