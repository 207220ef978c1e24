import numpy as np

from mlp_core import Network, gradient_check
from mlp_core.gradcheck import numerical_gradient_fn, relative_error, verdict
from batches import random_batch


def test_a_correct_backprop_passes_and_prints_a_table(rng):
    net = Network([5, 4, 3], seed=1)
    X, Y = random_batch(rng, 5, 3, 4)
    report = gradient_check(net, X, Y)
    assert report.passed and report.max_error < 1e-7
    assert [r.name for r in report] == ["W1", "b1", "W2", "b2"]
    assert "W1" in str(report) and "fine" in str(report)


def test_a_wrong_gradient_is_flagged(rng, monkeypatch):
    net = Network([5, 4, 3], seed=1)
    X, Y = random_batch(rng, 5, 3, 4)
    real = net._backprop

    def buggy(X, Y):  # a classic slip: forget σ' in the hidden layer's δ
        g = real(X, Y)
        g.grad_W[1][...] = (net.W[2].T @ g.delta[2]) @ X.T
        return g
    monkeypatch.setattr(net, "_backprop", buggy)
    report = gradient_check(net, X, Y)
    assert not report.passed
    assert report[0].verdict == "wrong" and report[0].rel_error > 1e-2
    assert report[2].verdict == "fine"  # the output layer is untouched by the slip


def test_thresholds():
    assert [verdict(e) for e in (1e-9, 1e-5, 1e-3, 0.5)] == [
        "fine", "probably fine", "suspicious", "wrong"]
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0


def test_numerical_gradient_of_a_known_function_restores_its_input():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    keep = x.copy()
    g = numerical_gradient_fn(lambda v: float(np.sum(v ** 3)), x)
    assert np.allclose(g, 3 * keep ** 2, rtol=1e-8) and np.array_equal(x, keep)
