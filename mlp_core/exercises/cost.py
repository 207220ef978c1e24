"""Check yourself (notebook 02): one example's cost, computed by hand.

3Blue1Brown's cost of one example is the sum over the 10 output neurons of the squared
difference between the output a_j and the target y_j (1 for the right digit, 0 otherwise):

    C₀ = Σ_j (a_j − y_j)²
"""
import numpy as np

from . import read_number

# How close an answer must be: the learner works from outputs printed to 4 decimals, so
# rounding alone can move the sum by up to about 10 × 2 × 0.00005 = 0.001.
TOLERANCE = 2e-3


def _as_output(a, n=None):
    a = np.asarray(a, dtype=float)
    if a.ndim == 2 and a.shape[1] == 1:
        a = a[:, 0]
    if a.ndim != 1:
        raise ValueError(f"the outputs a must be one example: shape (n,) or (n, 1); got {a.shape}")
    return a


def likely_mistakes(a, label):
    """The costs a learner gets from the usual slips, as {description: value}.

    a : array, shape (n,) — the network's outputs for one example; label : int — the digit.
    """
    a = _as_output(a)
    y = np.zeros_like(a)
    y[label] = 1.0
    d = a - y
    other = np.zeros_like(a)
    other[(label + 1) % a.size] = 1.0
    return {
        "you did not square the differences (Σ (a_j − y_j) instead of Σ (a_j − y_j)²)":
            float(np.sum(d)),
        "you added the sizes of the differences without squaring them (Σ |a_j − y_j|)":
            float(np.sum(np.abs(d))),
        "you averaged over the 10 outputs; 3Blue1Brown's cost sums them (no division by 10)":
            float(np.sum(d ** 2) / a.size),
        "you halved the sum: that is Nielsen's ½‖a − y‖², not the cost used here":
            float(0.5 * np.sum(d ** 2)),
        "you took the square root: that is the length ‖a − y‖, the cost is its square":
            float(np.sqrt(np.sum(d ** 2))),
        "you left out the target: Σ a_j² treats every target as 0, but the right digit's "
        "target is 1": float(np.sum(a ** 2)),
        "you used only the right digit's output, (a_label − 1)²; the other nine outputs "
        "count too": float((a[label] - 1.0) ** 2),
        "you squared only the other nine outputs and forgot the right digit's term "
        "(a_label − 1)²": float(np.sum(np.delete(a, label) ** 2)),
    }


def check_example_cost(answer, a, label):
    """Say whether ``answer`` is the cost Σ_j (a_j − y_j)² of one example, and if not,
    which usual slip it matches.

    Parameters
    ----------
    answer : number, or None while the learner has not answered
    a : array, shape (n,) or (n, 1) — the outputs the learner was shown (use the same
        rounded numbers the learner saw)
    label : int — the correct digit

    Returns
    -------
    str : a message starting with "Right", "Not quite" or "No answer yet".
    """
    a = _as_output(a)
    if not (isinstance(label, (int, np.integer)) and 0 <= label < a.size):
        raise ValueError(f"label must be a whole number 0 … {a.size - 1}; got {label!r}")
    expected = float(np.sum((a - np.eye(a.size)[label]) ** 2))
    answer, message = read_number(answer, "cost")
    if message:
        return message
    if abs(answer - expected) <= TOLERANCE:
        right = (a[label] - 1) ** 2
        return (f"Right: C₀ = Σ_j (a_j − y_j)² = {expected:.4f}. The right digit's term "
                f"(a_{label} − 1)² is {right:.4f}; the other nine outputs, which should be "
                f"0, add {expected - right:.4f}.")
    for slip, value in likely_mistakes(a, label).items():
        if abs(answer - value) <= TOLERANCE:
            return f"Not quite: {answer:.4f} is what you get if {slip}. The cost is {expected:.4f}."
    hint = ("It must be at least 0: it is a sum of squares." if answer < 0 else
            "Write the target y first (a 1 at the right digit, 0 elsewhere), then add up the "
            "ten squares (a_j − y_j)².")
    return f"Not quite: {answer:.4f} is not Σ_j (a_j − y_j)². {hint}"
