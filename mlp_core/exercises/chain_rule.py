"""Notebook 05's "check yourself": the chain rule through two neurons, and a shape question.

The chain: a1 = σ(w1·x + b1), a2 = σ(w2·a1 + b2), C = (a2 − y)² with the numbers of
:data:`EXERCISE`. The learner computes ∂C/∂w1 = x · σ'(z1) · w2 · σ'(z2) · 2(a2 − y);
the checker recognises the usual slips (a factor forgotten, σ instead of σ', a sign) and
says which one it sees.
"""
import numpy as np

from ..chain_rule import chain_forward
from . import read_number

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
        (-right, "the sign is flipped: ∂C/∂a2 is 2(a2 − y), not 2(y − a2)."),
        (right / 2, "the factor 2 of ∂C/∂a2 = 2(a2 − y) is missing."),
        (x * s1 * w2 * up, "σ'(z2) is missing: the path goes through the second neuron's "
                           "squashing too."),
        (x * w2 * s2 * up, "σ'(z1) is missing: w1 acts on z1, which passes through σ first."),
        (x * s1 * s2 * up, "w2 is missing: a change of a1 reaches z2 multiplied by w2."),
        (s1 * w2 * s2 * up, "the factor x is missing: ∂z1/∂w1 = x."),
        (x * v["a1"] * w2 * v["a2"] * up, "σ(z) was used where σ'(z) = σ(z)(1 − σ(z)) belongs."),
        (v["a1"] * s2 * up, "that is ∂C/∂w2 = a1 · σ'(z2) · 2(a2 − y), the last weight's "
                            "gradient; the question asks for w1, one link further back."),
    ]


def check_chain_answer(answer, rtol=0.01):
    """Check ∂C/∂w1 for :data:`EXERCISE`; returns a message saying right or what is off."""
    answer, message = read_number(answer, "∂C/∂w1")
    if message:
        return message
    right, slips = _candidates()
    if np.isclose(answer, right, rtol=rtol, atol=1e-6):
        return (f"Right: ∂C/∂w1 = x · σ'(z1) · w2 · σ'(z2) · 2(a2 − y) = {right:.5f}. "
                "Five factors: one per link of the chain between w1 and C.")
    for value, words in slips:
        if np.isclose(answer, value, rtol=rtol, atol=1e-6):
            return f"Not quite: {words}"
    return (f"Not quite ({answer:.5g}). Write the chain from w1 to C link by link: "
            "∂z1/∂w1 · ∂a1/∂z1 · ∂z2/∂a1 · ∂a2/∂z2 · ∂C/∂a2, and evaluate each factor.")


def check_grad_w2_shape(answer):
    """Article C's grad_w2 for w2 of shape (10, 100), a batch of 64: which shape? Give a tuple."""
    try:
        answer = tuple(int(n) for n in answer)
    except (TypeError, ValueError):
        return f"Please give a shape as a tuple of whole numbers, e.g. (3, 4); got {answer!r}."
    if answer == (10, 100):
        return ("Right: (10, 100), w2's own shape, since every weight needs its own gradient; "
                "only grad_y_pred (10, 64) · h_σᵀ (64, 100) gives it.")
    if answer == (100, 10):
        return "Transposed: a gradient has the shape of its matrix, and w2 is (10, 100)."
    if answer in ((10, 64), (100, 64)):
        return (f"{answer} has one column per sample: that is the shape of an activation's "
                "gradient (grad_y_pred or grad_h). The batch is summed away in a weight's gradient.")
    return f"Not quite: {answer}. A gradient ∂loss/∂w2 has exactly w2's shape."
