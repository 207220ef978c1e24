import warnings

import numpy as np
import pytest

from mlp_core import ACTIVATIONS, get_activation, sigmoid, softmax, softmax_jacobian
from mlp_core.gradcheck import numerical_gradient_fn

ELEMENTWISE = [name for name, act in ACTIVATIONS.items() if act.derivative is not None]


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_matches_central_differences(name, rng):
    act = ACTIVATIONS[name]
    z = rng.normal(0, 3, size=(5, 4))
    z[np.abs(z) < 1e-3] = 0.5  # keep away from ReLU's kink, where no derivative exists
    eps = 1e-6
    numeric = (act.f(z + eps) - act.f(z - eps)) / (2 * eps)
    assert np.allclose(act.derivative(z, act.f(z)), numeric, rtol=1e-6, atol=1e-9)


def test_sigmoid_is_the_textbook_formula():
    z = np.linspace(-30, 30, 121)
    assert np.allclose(sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-12, atol=1e-15)


def test_sigmoid_and_softmax_are_stable_at_extremes():
    z = np.array([[-1000.0, 1000.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow warning would fail the test
        s = sigmoid(z)
        p = softmax(np.array([[1000.0], [0.0], [-1000.0]]))
    assert s.tolist() == [[0.0, 1.0, 0.5]]
    assert np.isclose(p[0, 0], 1.0) and np.all(np.isfinite(p))


def test_softmax_columns_are_distributions(rng):
    p = softmax(rng.normal(0, 5, size=(10, 7)))
    assert np.all(p > 0) and np.allclose(p.sum(axis=0), 1.0)


def test_softmax_jacobian_matches_central_differences(rng):
    z = rng.normal(size=6)
    J = softmax_jacobian(softmax(z[:, None])[:, 0])
    for j in range(6):
        def o_i(zj, j=j):
            zz = z.copy()
            zz[j] = zj[0]
            return softmax(zz[:, None])[:, 0]
        numeric = np.array([numerical_gradient_fn(lambda v, i=i: o_i(v)[i], np.array([z[j]]))[0]
                            for i in range(6)])
        assert np.allclose(J[:, j], numeric, atol=1e-9)


def test_softmax_vjp_is_jacobian_transpose_times_gradient(rng):
    z = rng.normal(size=(4, 3))
    a = softmax(z)
    g = rng.normal(size=(4, 3))
    expected = np.column_stack([softmax_jacobian(a[:, i]).T @ g[:, i] for i in range(3)])
    assert np.allclose(ACTIVATIONS["softmax"].vjp(z, a, g), expected, atol=1e-14)


def test_unknown_activation_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown activation 'sigmod'.*sigmoid, tanh, relu"):
        get_activation("sigmod")


def test_softmax_jacobian_refuses_a_batch():
    with pytest.raises(ValueError, match=r"shape \(n,\); got shape \(3, 2\)"):
        softmax_jacobian(np.ones((3, 2)))
