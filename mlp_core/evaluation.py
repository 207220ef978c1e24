"""Reading a trained classifier's results: the confusion matrix, confidence, and its mistakes.

Outputs come as in the rest of the package: ``A`` is the network's output a[L] for m
examples, shape (10, m), one column per example. A network "classifies" an example as the
digit of its brightest output neuron, and we call that neuron's activation the network's
**confidence**. With a softmax output layer it is a probability; with sigmoid outputs (the
articles' network) it is simply how bright the winning neuron is, in (0, 1) — the ten
outputs need not add up to 1.
"""
from typing import NamedTuple

import numpy as np

from .validation import check_labels, check_network, check_real, check_seed, check_whole


def confusion_matrix(labels, predicted, n_classes=10):
    """Count how often each true digit was classified as each digit.

    Parameters
    ----------
    labels : array of int, shape (m,)       the true digits
    predicted : array of int, shape (m,)    the digits the network chose
    n_classes : int

    Returns
    -------
    cm : array of int, shape (n_classes, n_classes)
        ``cm[i, j]`` = how many examples of digit i were classified as j. Row i sums to the
        number of i's; the diagonal holds the correct answers.
    """
    n_classes = check_whole(n_classes, "n_classes", 1)
    labels = check_labels(labels, n_classes, name="labels")
    predicted = check_labels(predicted, n_classes, labels.shape[0], name="predicted")
    cm = np.zeros((n_classes, n_classes), dtype=np.int64)
    # np.add.at adds 1 once per example, even where a (true, predicted) pair repeats.
    np.add.at(cm, (labels, predicted), 1)
    return cm


def per_class_accuracy(cm):
    """The fraction of each digit classified correctly: cm[i, i] / Σ_j cm[i, j]; shape (n,).
    A digit with no examples gets NaN."""
    cm = np.asarray(cm)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1]:
        raise ValueError(f"a confusion matrix is square, (n, n); got shape {cm.shape}")
    totals = cm.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(totals > 0, np.diag(cm) / np.maximum(totals, 1), np.nan)


def most_confused_pair(cm):
    """The (true, predicted) pair of different digits that occurs most often, and its count.
    Ties go to the smaller true digit, then the smaller predicted digit."""
    off = np.array(cm, dtype=np.int64, copy=True)
    np.fill_diagonal(off, -1)
    i, j = np.unravel_index(np.argmax(off), off.shape)
    return int(i), int(j), int(off[i, j])


def most_confused_pairs(cm):
    """Every (true, predicted) pair of different digits that shares the largest count off the
    diagonal — more than one when there is a tie — and that count.

    Returns (pairs, count): pairs is a list of (true, predicted), ordered by true digit, then
    predicted digit; ``pairs[0]`` is :func:`most_confused_pair`'s pair.
    """
    off = np.array(cm, dtype=np.int64, copy=True)
    if off.ndim != 2 or off.shape[0] != off.shape[1]:
        raise ValueError(f"a confusion matrix is square, (n, n); got shape {off.shape}")
    np.fill_diagonal(off, -1)
    count = int(off.max())
    return [(int(i), int(j)) for i, j in np.argwhere(off == count)], count


def confidence(A):
    """The activation of the brightest output neuron of each column of A (n_out, m); shape (m,)."""
    A = np.asarray(A)
    if A.ndim != 2:
        raise ValueError(f"A must be the outputs, shape (n_out, m); got shape {A.shape}")
    return A.max(axis=0)


class Mistakes(NamedTuple):
    """Wrongly classified examples, most confident first; every field has shape (k,).

    index : position of the example in the batch (its column)
    predicted : the digit the network chose
    confidence : the activation of that chosen output neuron
    true : the correct digit
    """
    index: np.ndarray
    predicted: np.ndarray
    confidence: np.ndarray
    true: np.ndarray


def most_confident_wrong(A, labels, k=10):
    """The k mistakes the network was surest about.

    Parameters
    ----------
    A : array, shape (n_out, m)      the network's outputs a[L], one column per example
    labels : array of int, shape (m,)
    k : int                          how many to return (fewer if there are fewer mistakes)

    Returns
    -------
    Mistakes
        Sorted by confidence, highest first (ties by position, for a stable order).
    """
    A = np.asarray(A)
    if A.ndim != 2:
        raise ValueError(f"A must be the outputs, shape (n_out, m); got shape {A.shape}")
    labels = check_labels(labels, A.shape[0], A.shape[1])
    if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or k < 1:
        raise ValueError(f"k must be a whole number ≥ 1; got {k!r}")
    predicted = np.argmax(A, axis=0)
    conf = A.max(axis=0)
    wrong = np.flatnonzero(predicted != labels)
    # Sort by −confidence; a stable sort keeps the earlier example first in a tie.
    order = wrong[np.argsort(-conf[wrong], kind="stable")][:k]
    return Mistakes(order, predicted[order], conf[order], labels[order])


class NoiseReport(NamedTuple):
    """How a network answers random noise.

    digits : array of int, shape (n,)     the digit each noise image was classified as
    confidence : array, shape (n,)         the activation of that winning output neuron
    fraction_confident : float             the share with confidence ≥ the threshold
    mean_confidence : float
    threshold : float
    """
    digits: np.ndarray
    confidence: np.ndarray
    fraction_confident: float
    mean_confidence: float
    threshold: float


def noise_images(n=1000, n_pixels=784, seed=0):
    """n images of uniform random noise in [0, 1], as columns: shape (n_pixels, n)."""
    n = check_whole(n, "n", 1)
    n_pixels = check_whole(n_pixels, "n_pixels", 1)
    return np.random.default_rng(check_seed(seed)).random((n_pixels, n))


def classify_noise(net, n=1000, seed=0, threshold=0.5):
    """Show ``net`` n seeded noise images and report what it answers (a :class:`NoiseReport`).

    A network trained only on digits has no way to say "this is not a digit": every input
    lands on some output neuron, and often a bright one.
    """
    check_network(net)
    threshold = check_real(threshold, "threshold")
    X = noise_images(n, net.sizes[0], seed)
    A = net.feedforward(X)
    conf = A.max(axis=0)
    return NoiseReport(np.argmax(A, axis=0), conf, float(np.mean(conf >= threshold)),
                       float(conf.mean()), float(threshold))
