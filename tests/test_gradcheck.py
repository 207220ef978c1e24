import numpy as np
import pytest

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


def test_an_integer_array_cannot_be_nudged_and_is_refused():
    # x + ε rounded back into an int array is x again: the gradient would come out 0.
    x = np.array([[1, 2], [3, 4]])
    with pytest.raises(TypeError, match=r"x must be a numpy array of floats \(it is nudged in place\)"):
        numerical_gradient_fn(lambda v: float(np.sum(v ** 2)), x)
    assert np.array_equal(x, [[1, 2], [3, 4]])


@pytest.mark.parametrize("eps,message", [
    (np.nan, "eps must be a finite number > 0; got nan"),
    (0, "eps must be a finite number > 0; got 0"),
    (-1e-5, "eps must be a finite number > 0; got -1e-05"),
    (2.0, "eps must be a small number, 0 < eps ≤ 1"),
    (1e-20, r"eps must be large enough to move every entry of x in float64; got eps=1e-20, "
            r"and 3.0 ± eps == 3.0"),
])
def test_eps_must_be_a_small_positive_nudge_that_moves_x(eps, message):
    x = np.array([3.0, 1e-30])
    with pytest.raises(ValueError, match=message):
        numerical_gradient_fn(lambda v: float(np.sum(v ** 2)), x, eps=eps)


def test_gradients_of_different_shapes_are_named():
    with pytest.raises(ValueError, match=r"g_num must have the shape of g, \(3,\); got \(3, 1\)"):
        relative_error(np.ones(3), np.ones((3, 1)))


def test_a_backprop_that_returns_nan_is_reported_wrong_not_raised(rng, monkeypatch):
    net = Network([5, 4, 3], seed=1)
    X, Y = random_batch(rng, 5, 3, 4)
    real = net._backprop

    def broken(X, Y):
        g = real(X, Y)
        g.grad_b[1][0, 0] = np.nan
        return g
    monkeypatch.setattr(net, "_backprop", broken)
    report = gradient_check(net, X, Y)
    assert [r.verdict for r in report] == ["fine", "wrong", "fine", "fine"]
    assert report[1].rel_error == np.inf and not report.passed


def test_verdict_refuses_what_is_no_relative_error():
    for bad in (np.nan, -0.5):
        with pytest.raises(ValueError, match="rel_error must be a number ≥ 0"):
            verdict(bad)
