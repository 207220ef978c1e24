"""Confusion matrix, mistakes and noise, each against a plain independent computation."""
import numpy as np
import pytest

from mlp_core import Network
from mlp_core.evaluation import (classify_noise, confidence, confusion_matrix,
                                 most_confident_wrong, most_confused_pair, most_confused_pairs,
                                 noise_images,
                                 per_class_accuracy)


def test_confusion_matrix_small_by_hand():
    labels = np.array([0, 0, 1, 2, 2, 2])
    predicted = np.array([0, 1, 1, 2, 0, 2])
    expected = np.array([[1, 1, 0],
                         [0, 1, 0],
                         [1, 0, 2]])
    np.testing.assert_array_equal(confusion_matrix(labels, predicted, 3), expected)


def test_confusion_matrix_matches_sklearn_and_a_loop():
    rng = np.random.default_rng(0)
    labels, predicted = rng.integers(0, 10, 500), rng.integers(0, 10, 500)
    cm = confusion_matrix(labels, predicted)
    loop = np.zeros((10, 10), int)
    for t, p in zip(labels, predicted):
        loop[t, p] += 1
    np.testing.assert_array_equal(cm, loop)
    sklearn = pytest.importorskip("sklearn.metrics")
    np.testing.assert_array_equal(cm, sklearn.confusion_matrix(labels, predicted,
                                                               labels=range(10)))
    assert cm.sum() == 500


def test_confusion_matrix_bad_input():
    with pytest.raises(ValueError, match="0 … 9"):
        confusion_matrix([0, 10], [0, 1])
    with pytest.raises(ValueError, match="one label per example, 2; got 3"):
        confusion_matrix([0, 1], [0, 1, 2])


def test_per_class_accuracy_and_most_confused_pair():
    cm = np.array([[8, 2, 0], [0, 5, 5], [1, 0, 0]])
    np.testing.assert_allclose(per_class_accuracy(cm), [0.8, 0.5, 0.0])
    assert most_confused_pair(cm) == (1, 2, 5)
    assert np.isnan(per_class_accuracy(np.array([[0, 0], [1, 1]]))[0])


def test_most_confused_pairs_reports_every_tie():
    cm = np.array([[9, 3, 0, 1],
                   [0, 7, 3, 0],
                   [3, 0, 9, 3],      # the diagonal's 9s are not mistakes
                   [0, 2, 0, 9]])
    pairs, count = most_confused_pairs(cm)
    assert count == 3 and pairs == [(0, 1), (1, 2), (2, 0), (2, 3)]
    assert most_confused_pair(cm) == (0, 1, 3)
    assert most_confused_pairs(np.array([[5, 1], [0, 5]])) == ([(0, 1)], 1)
    with pytest.raises(ValueError, match="square"):
        most_confused_pairs(np.zeros((2, 3)))


def test_most_confident_wrong_by_hand():
    A = np.array([[0.9, 0.2, 0.1, 0.6],
                  [0.1, 0.7, 0.95, 0.3]])
    labels = np.array([1, 1, 0, 0])      # mistakes: column 0 (0.9), column 2 (0.95)
    m = most_confident_wrong(A, labels, k=5)
    np.testing.assert_array_equal(m.index, [2, 0])
    np.testing.assert_array_equal(m.predicted, [1, 0])
    np.testing.assert_allclose(m.confidence, [0.95, 0.9])
    np.testing.assert_array_equal(m.true, [0, 1])
    assert len(most_confident_wrong(A, labels, k=1).index) == 1
    np.testing.assert_allclose(confidence(A), [0.9, 0.7, 0.95, 0.6])


def test_most_confident_wrong_against_a_sort_of_all_mistakes():
    rng = np.random.default_rng(3)
    A, labels = rng.random((10, 300)), rng.integers(0, 10, 300)
    m = most_confident_wrong(A, labels, k=7)
    mistakes = [(-A[:, i].max(), i) for i in range(300) if A[:, i].argmax() != labels[i]]
    np.testing.assert_array_equal(m.index, [i for _, i in sorted(mistakes)[:7]])
    with pytest.raises(ValueError, match="k must"):
        most_confident_wrong(A, labels, k=0)


def test_noise_report_counts_what_it_says():
    net = Network([784, 8, 10], seed=5)
    r = classify_noise(net, n=200, seed=1, threshold=0.6)
    A = net.feedforward(noise_images(200, seed=1))
    np.testing.assert_array_equal(r.digits, A.argmax(axis=0))
    assert r.fraction_confident == pytest.approx(np.mean(A.max(axis=0) >= 0.6))
    assert r.mean_confidence == pytest.approx(A.max(axis=0).mean())
    X = noise_images(50, seed=2)
    assert X.shape == (784, 50) and X.min() >= 0 and X.max() <= 1
    np.testing.assert_array_equal(X, noise_images(50, seed=2))
