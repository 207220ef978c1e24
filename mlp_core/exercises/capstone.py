"""Check yourself (notebook 07): read the confusion matrix.

Row i of a confusion matrix holds the examples whose *true* digit is i; column j those the
network *called* j. So the share of i's recognised is cm[i, i] / (row i's sum), and the
most common mistake is the largest entry off the diagonal, read as (row = true, column = said).
"""
import numpy as np

from ..evaluation import most_confused_pair, per_class_accuracy


def _check_cm(cm):
    cm = np.asarray(cm)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1] or cm.shape[0] < 2:
        raise ValueError(f"cm must be a square confusion matrix (n, n); got shape {cm.shape}")
    return cm


def _is_digit(x, n):
    return isinstance(x, (int, np.integer)) and not isinstance(x, bool) and 0 <= x < n


def check_weakest_digit(answer, cm):
    """Is ``answer`` the true digit recognised least often (lowest cm[i, i] / row sum)?

    Returns a str starting with "Right", "Not quite" or "No answer yet".
    """
    cm = _check_cm(cm)
    if answer is None:
        return "No answer yet: set weakest_digit to a digit and run the cell again."
    if not _is_digit(answer, cm.shape[0]):
        return f"Not quite: the answer is a digit 0 … {cm.shape[0] - 1}; got {answer!r}."
    acc = per_class_accuracy(cm)
    worst = np.flatnonzero(acc == np.nanmin(acc))
    shares = f"{cm[answer, answer]} of {cm[answer].sum()} = {acc[answer]:.2f}"
    if answer in worst:
        return (f"Right: {answer}'s row has {shares} on the diagonal, the lowest share of any "
                "digit" + (" (a tie)." if len(worst) > 1 else "."))
    col = cm.diagonal() / np.maximum(cm.sum(axis=0), 1)
    if answer == int(np.argmin(col)):
        return ("Not quite: that is the column with the lowest share correct — how often the "
                "network is right when it *says* that digit. Read the rows: row i holds the "
                f"true {answer}'s. The lowest row share is {acc[worst[0]]:.2f}.")
    return (f"Not quite: {answer}'s row has {shares} correct; look for the row whose diagonal "
            "entry is the smallest share of its row's sum.")


def check_most_confused(answer, cm):
    """Is ``answer`` = (true digit, digit it was called) the most common mistake?

    Returns a str starting with "Right", "Not quite" or "No answer yet".
    """
    cm = _check_cm(cm)
    if answer is None:
        return "No answer yet: set most_confused = (true digit, predicted digit)."
    n = cm.shape[0]
    if (not isinstance(answer, (tuple, list)) or len(answer) != 2
            or not all(_is_digit(d, n) for d in answer)):
        return f"Not quite: give a pair of digits (true, predicted), e.g. (4, 9); got {answer!r}."
    t, p = int(answer[0]), int(answer[1])
    i, j, count = most_confused_pair(cm)
    best = [(a, b) for a in range(n) for b in range(n) if a != b and cm[a, b] == count]
    if t == p:
        return ("Not quite: the diagonal holds the correct answers; a mistake is an entry off "
                "the diagonal.")
    if (t, p) in best:
        return (f"Right: {cm[t, p]} true {t}'s were called {p}, the largest entry off the "
                "diagonal" + (" (tied)." if len(best) > 1 else "."))
    if (p, t) in best:
        return (f"Not quite: you swapped the two. Rows are the true digit: {count} true {p}'s "
                f"were called {t}, but only {cm[t, p]} true {t}'s were called {p}.")
    return (f"Not quite: only {cm[t, p]} true {t}'s were called {p}; the largest entry off the "
            f"diagonal is {count}.")
