"""The exercises of notebook 01 (the structure of a network).

1. Count the parameters of a fully connected network (a number, :func:`check_parameter_count`).
   Between layers of n_{l−1} and n_l neurons there are n_l·n_{l−1} weights (the matrix W[l])
   and n_l biases (one per neuron of layer l; the input layer has none):

       parameters = Σ_{l=1..L} (n_l·n_{l−1} + n_l)

2. Write a layer's forward pass for a batch, ``layer_forward(W, a_prev, b)`` returning
   a = σ(W a_prev + b) with the examples in the columns (code, :func:`check_layer_forward`).
"""
import math
import numbers

import numpy as np

from ..i18n import N_, _, ngettext
from .coding import (NO_ANSWER, NOT_QUITE, RIGHT, Feedback, Slip, as_floats, because_of,
                     check_array, describe_case, for_case, learner_outcomes,
                     reference, register_solution, say, slip_like_learner, wrong_on_case)


def parameter_count(sizes):
    """Σ_l n_l·n_{l−1} + n_l for the layer sizes ``sizes`` (input first), from the formula."""
    sizes = _check_sizes(sizes)
    return sum(n_out * n_in + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def _check_sizes(sizes):
    sizes = list(sizes)
    if len(sizes) < 2 or not all(isinstance(n, int) and n >= 1 for n in sizes):
        raise ValueError(f"sizes must list at least two whole numbers ≥ 1; got {sizes}")
    return sizes


def check_parameter_count(answer, sizes):
    """Say whether ``answer`` is the number of weights and biases of a network with layer
    sizes ``sizes`` (e.g. [784, 30, 10]); if not, say which usual slip it matches.

    Returns a str starting with "Right", "Not quite" or "No answer yet" (in the reader's
    language).
    """
    sizes = _check_sizes(sizes)
    pairs = list(zip(sizes[:-1], sizes[1:]))
    weights = sum(a * b for a, b in pairs)
    biases = sum(sizes[1:])
    expected = weights + biases
    if answer is None:
        return say(NO_ANSWER, _("set my_count to your number and run its cell again, then "
                                "this one."))
    # numbers.Real takes NumPy's numbers too (np.int64(23860) is a right answer)
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real) \
            or not math.isfinite(answer) or answer != int(answer):
        return say(NOT_QUITE, _("the count is a whole number; got {answer}.").format(
            answer=repr(answer)))
    answer = int(answer)
    if answer == expected:
        return say(RIGHT, _("{weight_sum} = {weights} weights, plus {bias_sum} = {biases} "
                            "biases: {total} parameters.").format(
            weight_sum=" + ".join(f"{b}·{a}" for a, b in pairs), weights=f"{weights:,}",
            bias_sum=" + ".join(str(n) for n in sizes[1:]), biases=f"{biases:,}",
            total=f"{expected:,}"))
    slips = {
        weights: N_("counted the weights but not the biases (one bias per neuron outside the "
                    "input layer)"),
        weights + sum(sizes): N_("gave the input neurons biases too; the inputs are the "
                                 "image's pixels and have no bias"),
        biases: N_("counted only the biases"),
        sum(sizes): N_("counted the neurons, not the parameters"),
        sum(a + b for a, b in pairs) + biases: N_("added the layer sizes where they multiply: "
                                                  "a full connection has n_l·n_{l−1} weights"),
    }
    if answer in slips:
        return say(NOT_QUITE, _("{answer} is what you get if you {slip}.").format(
            answer=f"{answer:,}", slip=_(slips[answer])))
    return say(NOT_QUITE, _("{answer} is not it. Count, for each pair of neighbouring layers, "
                            "n_l·n_{{l−1}} weights and n_l biases, then add up.").format(
        answer=f"{answer:,}"))


# The teacher's run (python3 run.py solutions) puts this into the cell `my_count = None`.
register_solution("parameter_count", "my_count = 784 * 30 + 30 * 10 + 30 + 10   # 23,860")


# -- exercise 2: a layer's forward pass for a batch ------------------------------------------
@reference("layer_forward")
def layer_forward(W, a_prev, b):
    """One layer of sigmoid neurons for a batch of m examples (one example per column).

    W      : array (n_l, n_prev)  row j holds the weights into neuron j of this layer
    a_prev : array (n_prev, m)    the previous layer's activations, one column per example
    b      : array (n_l, 1)       the biases, one per neuron (a column)
    returns: array (n_l, m)       a = σ(W a_prev + b), σ(z) = 1 / (1 + e^(−z))
    """
    z = W @ a_prev + b          # (n_l, m): b is added to every column
    return 1 / (1 + np.exp(-z))


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


#: The cases the checker runs, as (n_l, n_prev, m): non-square first (a transpose cannot
#: pass), one example alone (m = 1), then square shapes on which a transposed product or a
#: bias added as a row still computes — so that such a slip gives numbers to recognise.
LAYER_SHAPES = [(3, 4, 2), (2, 5, 1), (4, 4, 4), (5, 3, 5), (3, 3, 6)]


def layer_cases(seed=0):
    """The checker's cases: dicts of W (n_l, n_prev), a_prev (n_prev, m) in [0, 1) and
    b (n_l, 1), random but fixed by ``seed``."""
    rng = np.random.default_rng(seed)
    return [dict(W=rng.normal(size=(n, k)), a_prev=rng.random((k, m)), b=rng.normal(size=(n, 1)))
            for n, k, m in LAYER_SHAPES]


#: The typical slips, each the reference with one mistake. Several may share an explanation
#: (b.T and b.ravel() are the same slip, written two ways).
LAYER_SLIPS = [
    Slip(N_("left out the bias: a = σ(W a_prev). Each neuron's b is its threshold and must be "
         "added to its weighted sum"), lambda W, a_prev, b: _sigmoid(W @ a_prev)),
    Slip(N_("returned z = W a_prev + b, the weighted input, instead of the activation a = σ(z)"),
         lambda W, a_prev, b: W @ a_prev + b),
    Slip(N_("applied σ before adding the bias: σ(W a_prev) + b. The bias belongs inside σ: "
         "a = σ(W a_prev + b)"), lambda W, a_prev, b: _sigmoid(W @ a_prev) + b),
    Slip(N_("wrote σ(z) = 1 / (1 + e^(+z)): the minus sign in e^(−z) is missing, which gives "
         "1 − σ(z)"), lambda W, a_prev, b: 1 / (1 + np.exp(W @ a_prev + b))),
    Slip(N_("multiplied by the transpose, W.T @ a_prev. W already has one row per neuron of this "
         "layer and one column per neuron of the previous one, so W @ a_prev is the right "
         "way round"), lambda W, a_prev, b: _sigmoid(W.T @ a_prev + b)),
    Slip(N_("multiplied the wrong way round, a_prev @ W. The weights come first: row j of W "
         "times column i of a_prev is neuron j's weighted sum for example i"),
         lambda W, a_prev, b: _sigmoid(a_prev @ W + b)),
    Slip(N_("put the examples in the rows: a_prev.T @ W.T gives a transposed a, (m, n_l). Here "
         "every example is a column, so the result is (n_l, m)"),
         lambda W, a_prev, b: _sigmoid(a_prev.T @ W.T + b.T)),
    Slip(N_("multiplied elementwise, W * a_prev, instead of the matrix product W @ a_prev (a "
         "weighted sum over the previous layer's neurons)"),
         lambda W, a_prev, b: _sigmoid(W * a_prev + b)),
    Slip(N_("added the bias as a row (b.T, or a flat (n_l,) vector such as b.ravel()). NumPy then "
         "lines b up with the columns, the examples, instead of the rows, the neurons: it fails "
         "or, when the shapes happen to fit, silently adds the wrong bias. Keep b a column "
         "(n_l, 1): W @ a_prev + b"), lambda W, a_prev, b: _sigmoid(W @ a_prev + b.T)),
    Slip(N_("added the bias as a row (b.T, or a flat (n_l,) vector such as b.ravel()). NumPy then "
         "lines b up with the columns, the examples, instead of the rows, the neurons: it fails "
         "or, when the shapes happen to fit, silently adds the wrong bias. Keep b a column "
         "(n_l, 1): W @ a_prev + b"), lambda W, a_prev, b: _sigmoid(W @ a_prev + b.ravel())),
    Slip(N_("used only the first example, a_prev[:, [0]]. The batch has m examples, one per "
         "column, and each needs its own column of a"),
         lambda W, a_prev, b: _sigmoid(W @ a_prev[:, [0]] + b)),
    Slip(N_("summed over the batch. Each example (column) goes through the layer on its own: "
         "no sum over the examples belongs in a forward pass"),
         lambda W, a_prev, b: _sigmoid(W @ a_prev + b).sum(axis=1, keepdims=True)),
    Slip(N_("summed over the batch. Each example (column) goes through the layer on its own: "
         "no sum over the examples belongs in a forward pass"),
         lambda W, a_prev, b: _sigmoid(W @ a_prev.sum(axis=1, keepdims=True) + b)),
    Slip(N_("averaged over the batch. Each example (column) goes through the layer on its own: "
         "no mean over the examples belongs in a forward pass"),
         lambda W, a_prev, b: _sigmoid(W @ a_prev + b).mean(axis=1, keepdims=True)),
]

FIRST_HINT = N_("W @ a_prev is the weighted sum of every neuron for every example, shape "
                "(n_l, m); add b (a column, added to every column) and apply "
                "σ(z) = 1/(1 + e^(−z)) with np.exp.")


def _same_array(got, want):
    return got.shape == want.shape and np.allclose(got, want, rtol=1e-6, atol=1e-9)


def check_layer_forward(fn, cases=None):
    """Check the learner's ``layer_forward(W, a_prev, b)`` on :func:`layer_cases` and say, in
    the lesson's words, what is right or what is off (and which typical slip it matches).

    Returns a :class:`~mlp_core.exercises.coding.Feedback`.
    """
    cases = layer_cases() if cases is None else cases
    outcomes, fb = learner_outcomes(fn, cases, FIRST_HINT)
    if fb is not None:      # a stub, a timeout, None returned, not a function: say it now
        return fb
    slip = slip_like_learner(outcomes, cases, LAYER_SLIPS, _same_array, as_floats)
    because = "\n" + because_of(slip) if slip else ""
    for i, ((kind, got), case) in enumerate(zip(outcomes, cases)):
        n, k, m = case["W"].shape[0], case["W"].shape[1], case["a_prev"].shape[1]
        shapes = "\n" + ngettext(
            "Here W @ a_prev is ({n}, {k}) @ ({k}, {m}) = ({n}, {m}); b ({n}, 1) is added to "
            "each of its {m} column.",
            "Here W @ a_prev is ({n}, {k}) @ ({k}, {m}) = ({n}, {m}); b ({n}, 1) is added to "
            "each of its {m} columns.", m).format(n=n, k=k, m=m)
        if kind == "error":
            return Feedback(False, f"{got.text}\n"
                                   + _("It happened for {case}.").format(case=describe_case(case))
                                   + (because or shapes))
        want = layer_forward(**case)
        fb = check_array(got, want.shape, "a", for_case(case))
        if fb is not None:
            return Feedback(False, fb.text + (because or shapes))
        got = np.asarray(got, dtype=float)
        if not np.allclose(got, want, rtol=1e-6, atol=1e-9):
            diff = float(np.max(np.abs(got - want)))
            head = wrong_on_case("a", case, i, len(cases), diff)
            return Feedback(False, head + (because or "\n" + _(
                "Hint: compute z = W @ a_prev + b first, check its shape, then a = σ(z).")))
    return Feedback(True, say(RIGHT, _(
        "layer_forward agrees with the reference on all {n} cases (m = 1 and m > 1, square and "
        "non-square W). This one line, applied layer after layer, is the whole forward pass of "
        "the network.").format(n=len(cases))))
