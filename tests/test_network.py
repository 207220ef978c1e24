import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from mlp_core import Network, gradient_check, numerical_gradient, relative_error
from batches import random_batch


def test_3b1b_network_has_13002_parameters():
    net = Network([784, 16, 16, 10])
    by_hand = 784 * 16 + 16 * 16 + 16 * 10 + 16 + 16 + 10
    assert net.n_params == by_hand == 13002
    assert [W.shape for W in net.W[1:]] == [(16, 784), (16, 16), (10, 16)]
    assert [b.shape for b in net.b[1:]] == [(16, 1), (16, 1), (10, 1)]
    assert net.W[0] is None and net.b[0] is None


def test_same_seed_same_network_other_seed_other_network():
    a, b, c = Network([5, 4, 3], seed=1), Network([5, 4, 3], seed=1), Network([5, 4, 3], seed=2)
    assert all(np.array_equal(x, y) for x, y in zip(a.W[1:], b.W[1:]))
    assert not np.array_equal(a.W[1], c.W[1])


@pytest.mark.parametrize("init, std", [("standard", lambda n: 1.0), ("scaled", lambda n: n ** -0.5)])
def test_initial_weights_have_the_stated_spread(init, std):
    net = Network([400, 300, 10], init=init, seed=0)
    W = net.W[1]
    assert abs(W.mean()) < 0.01 * std(400) * 10
    assert abs(W.std() / std(400) - 1) < 0.02  # 120,000 draws: the spread is well pinned
    assert abs(net.b[1].std() - 1) < 0.3


def test_get_and_set_one_parameter():
    net = Network([3, 2, 2])
    net.set_param("W", 1, 1, 2, value=0.75)
    net.set_param("b", 2, 0, value=-1.5)
    assert net.W[1][1, 2] == 0.75 == net.get_param("W", 1, 1, 2)
    assert net.b[2][0, 0] == -1.5 == net.get_param("b", 2, 0)


def test_forward_is_the_layer_equation_column_by_column(rng):
    net = Network([6, 5, 4], activation="tanh", output_activation="softmax", cost="cross_entropy")
    X = rng.random((6, 3))
    fp = net.forward(X)
    for i in range(3):  # one example at a time, written out
        a1 = np.tanh(net.W[1] @ X[:, i] + net.b[1][:, 0])
        z2 = net.W[2] @ a1 + net.b[2][:, 0]
        a2 = np.exp(z2) / np.exp(z2).sum()
        assert np.allclose(fp.a[1][:, i], a1) and np.allclose(fp.a[2][:, i], a2)
    assert fp.a[0] is not None and np.array_equal(fp.a[0], X) and fp.z[0] is None
    assert np.allclose(net.feedforward(X), fp.a[2])


def test_batch_gradient_is_the_mean_of_per_example_gradients(rng):
    net = Network([4, 3, 2], seed=3)
    X, Y = random_batch(rng, 4, 2, 5)
    g = net.backprop(X, Y)
    per = [net.backprop(X[:, [i]], Y[:, [i]]) for i in range(5)]
    for l in (1, 2):
        assert np.allclose(g.grad_W[l], np.mean([p.grad_W[l] for p in per], axis=0))
        assert np.allclose(g.grad_b[l], np.mean([p.grad_b[l] for p in per], axis=0))
        assert g.delta[l].shape == (net.sizes[l], 5)


HIDDEN = ["sigmoid", "tanh", "relu", "identity"]
PAIRS = [("sigmoid", "squared_error"), ("sigmoid", "half_squared_error"),
         ("tanh", "sum_squared_error"), ("identity", "squared_error"),
         ("softmax", "cross_entropy"), ("softmax", "squared_error")]


@settings(max_examples=40, deadline=None)
@given(sizes=st.lists(st.integers(1, 6), min_size=2, max_size=4),
       hidden=st.sampled_from(HIDDEN), out_cost=st.sampled_from(PAIRS),
       m=st.integers(1, 5), seed=st.integers(0, 10_000))
def test_backprop_agrees_with_central_differences(sizes, hidden, out_cost, m, seed):
    out, cost = out_cost
    net = Network(sizes, activation=hidden, output_activation=out, cost=cost, seed=seed)
    rng = np.random.default_rng(seed)
    X, Y = random_batch(rng, sizes[0], sizes[-1], m)
    if hidden == "relu":  # keep every z away from the kink at 0, where ∂ is undefined
        for l in range(1, net.L):
            z = net.forward(X).z[l]
            net.b[l] += np.where(np.abs(z).min(axis=1, keepdims=True) < 1e-3, 0.01, 0.0)
    report = gradient_check(net, X, Y)
    g = net.backprop(X, Y)
    num_W, num_b = numerical_gradient(net, X, Y)
    for l in range(1, net.L + 1):
        for ga, gn in ((g.grad_W[l], num_W[l]), (g.grad_b[l], num_b[l])):
            # Central differences are exact to ~1e-10 here; a relative error is meaningless
            # for gradients that are themselves ~0, so compare those absolutely.
            assert relative_error(ga, gn) < 1e-7 or np.max(np.abs(ga - gn)) < 1e-9
    assert len(report) == 2 * net.L


def test_backprop_is_notebook_05s_four_equations_one_line_each():
    # Notebook 05 shows Network._backprop's source beside BP1–BP4: each equation is one
    # commented line, in this order, computing the quantity the equation names.
    import inspect
    source = inspect.getsource(Network._backprop).splitlines()
    expected = [("# BP1", "delta[L] ="), ("# BP2", "delta[l] ="), ("# BP3", "grad_b[l] ="),
                ("# BP4", "grad_W[l] =")]
    found = []
    for i, line in enumerate(source):
        for tag, code in expected:
            if line.strip().startswith(tag):
                found.append(tag)
                assert source[i + 1].strip().startswith(code), (tag, source[i + 1])
    # BP1 twice: its general form, and softmax with cross-entropy (where the terms cancel)
    assert found == ["# BP1", "# BP1", "# BP2", "# BP3", "# BP4"]


@pytest.mark.parametrize("hidden, out, cost", [("sigmoid", "sigmoid", "squared_error"),
                                               ("tanh", "softmax", "cross_entropy"),
                                               ("relu", "identity", "half_squared_error")])
def test_each_field_of_the_gradients_is_its_equation(rng, hidden, out, cost):
    # Written out from the forward pass alone, with the derivatives spelt by hand.
    net = Network([5, 4, 3, 2], activation=hidden, output_activation=out, cost=cost, seed=4)
    X, Y = random_batch(rng, 5, 2, 6)
    g = net.backprop(X, Y)
    z, a, m = g.z, g.a, 6
    d_sigma = {"sigmoid": lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2,
               "tanh": lambda z: 1 / np.cosh(z) ** 2,
               "relu": lambda z: (z > 0) * 1.0, "identity": lambda z: np.ones_like(z)}
    if cost == "cross_entropy":
        delta_L = (a[3] - Y) / m
    else:
        k = {"squared_error": m, "half_squared_error": 2 * m}[cost]
        delta_L = 2 * (a[3] - Y) / k * d_sigma[out](z[3])
    np.testing.assert_allclose(g.delta[3], delta_L, rtol=1e-12, atol=1e-15)       # BP1
    for l in (2, 1):
        back = net.W[l + 1].T @ g.delta[l + 1]
        np.testing.assert_allclose(g.delta[l], back * d_sigma[hidden](z[l]),
                                   rtol=1e-12, atol=1e-15)                       # BP2
    for l in (1, 2, 3):
        np.testing.assert_allclose(g.grad_b[l], sum(g.delta[l][:, [i]] for i in range(m)),
                                   rtol=1e-12, atol=1e-15)                       # BP3
        np.testing.assert_allclose(g.grad_W[l], sum(np.outer(g.delta[l][:, i], a[l - 1][:, i])
                                                    for i in range(m)),
                                   rtol=1e-12, atol=1e-15)                       # BP4
        assert g.grad_W[l].shape == net.W[l].shape and g.grad_b[l].shape == net.b[l].shape
    assert g.cost == pytest.approx(net.cost(X, Y), rel=1e-12)


def test_backprop_makes_new_arrays_every_call(rng):
    # No buffer shared between calls: an earlier result stays what it was.
    net = Network([4, 3, 2], seed=1)
    X, Y = random_batch(rng, 4, 2, 5)
    first = net.backprop(X, Y)
    kept = [g.copy() for g in first.grad_W[1:] + first.grad_b[1:]]
    net.backprop(X[:, :3] * 2, Y[:, :3])
    assert all(np.array_equal(k, g) for k, g in zip(kept, first.grad_W[1:] + first.grad_b[1:]))
