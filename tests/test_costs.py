import numpy as np
import pytest

from mlp_core import COSTS, get_cost, per_example_cost, softmax
from mlp_core.gradcheck import numerical_gradient_fn


def loop_costs(a, y):
    """The three squared errors and cross-entropy, written as loops over examples."""
    m = a.shape[1]
    per = [sum((a[j, i] - y[j, i]) ** 2 for j in range(a.shape[0])) for i in range(m)]
    ce = [-sum(y[j, i] * np.log(a[j, i]) for j in range(a.shape[0])) for i in range(m)]
    return {"squared_error": sum(per) / m, "half_squared_error": sum(per) / (2 * m),
            "sum_squared_error": sum(per), "cross_entropy": sum(ce) / m}


@pytest.fixture
def a_y(rng):
    a = softmax(rng.normal(size=(4, 5)))
    y = np.eye(4)[:, rng.integers(0, 4, 5)]
    return a, y


@pytest.mark.parametrize("name", list(COSTS))
def test_cost_matches_its_formula(name, a_y):
    a, y = a_y
    assert np.isclose(COSTS[name].f(a, y), loop_costs(a, y)[name], rtol=1e-12)


@pytest.mark.parametrize("name", list(COSTS))
def test_gradient_matches_central_differences(name, a_y):
    a, y = a_y
    numeric = numerical_gradient_fn(lambda v: COSTS[name].f(v, y), a.copy(), eps=1e-6)
    assert np.allclose(COSTS[name].grad(a, y), numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", list(COSTS))
def test_value_and_grad_gives_the_cost_and_its_gradient_at_once(name, a_y):
    """Training's one call for both numbers agrees with the formula and the differences."""
    a, y = a_y
    a_before = a.copy()
    cost, grad = COSTS[name].value_and_grad(a, y)
    numeric = numerical_gradient_fn(lambda v: COSTS[name].f(v, y), a.copy(), eps=1e-6)
    assert np.isclose(cost, loop_costs(a, y)[name], rtol=1e-12)
    assert np.allclose(grad, numeric, rtol=1e-6, atol=1e-9)
    assert np.array_equal(a, a_before)  # the output it was given is left alone


@pytest.mark.parametrize("name", list(COSTS))
def test_per_example_costs_add_up(name, a_y):
    a, y = a_y
    per = per_example_cost(a, y, name)
    total = per.sum() if name == "sum_squared_error" else per.mean()
    assert per.shape == (5,) and np.isclose(total, COSTS[name].f(a, y))


def test_the_first_two_scalings_differ_by_two(a_y):
    a, y = a_y
    assert np.isclose(COSTS["squared_error"].f(a, y), 2 * COSTS["half_squared_error"].f(a, y))


def test_unknown_cost_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown cost 'mse'.*squared_error, half_squared_error"):
        get_cost("mse")
    with pytest.raises(ValueError, match="unknown cost"):
        per_example_cost(np.ones((2, 1)), np.ones((2, 1)), "mse")
