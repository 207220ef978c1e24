"""Check yourself (notebook 04): which of two weights into the "2" neuron is better value?

A nudge Δw to the weight W[l]_jk from neuron k changes neuron j's weighted input by
∂z_j/∂W_jk · Δw = a[l−1]_k · Δw. So a weight's *value for money* is the activation of the
neuron it comes from — not the weight's own size or sign. The question pairs a weight from a
bright neuron with a weight from a dim one (the dim one chosen with the larger |w|, so that
the tempting answer "the bigger weight" is the wrong one).
"""
from typing import NamedTuple

import numpy as np


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
        return (f"Two weights into output neuron {self.j}:\n"
                f"  A: from hidden neuron {self.k_a}, weight {self.w_a:+.3f}, "
                f"that neuron's activation {self.a_a:.3f}\n"
                f"  B: from hidden neuron {self.k_b}, weight {self.w_b:+.3f}, "
                f"that neuron's activation {self.a_b:.3f}\n"
                "Which weight, nudged by the same small amount, moves neuron "
                f"{self.j}'s weighted input z more: 'A' or 'B'?")


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
    """Check the learner's answer ("A" or "B") and explain it; returns a message (str)."""
    q = question
    if not isinstance(answer, str) or answer.strip().upper() not in ("A", "B"):
        return f"Answer with 'A' or 'B' (a string); got {answer!r}."
    right = "A" if q.a_a >= q.a_b else "B"
    a_big, a_small = max(q.a_a, q.a_b), min(q.a_a, q.a_b)
    ratio = (f"{a_big / a_small:.1f} times" if a_small > 0 else "infinitely")
    why = (f"A nudge Δw to a weight changes z_{q.j} by (the activation it comes from) × Δw: "
           f"{q.a_a:.3f}·Δw for A, {q.a_b:.3f}·Δw for B. So weight {right} moves z "
           f"{ratio} as much per unit of nudge: it is the better value for money, and its "
           f"desired nudge is larger in the same proportion.")
    if answer.strip().upper() == right:
        return "Right. " + why
    bigger_w = "A" if abs(q.w_a) > abs(q.w_b) else "B"
    hint = ""
    if bigger_w != right:
        hint = (f" Weight {bigger_w} is the larger one (|w| = {max(abs(q.w_a), abs(q.w_b)):.3f}),"
                " but a weight's own size does not say how much z moves when it is nudged; "
                "the activation feeding it does.")
    return "Not quite." + hint + " " + why
