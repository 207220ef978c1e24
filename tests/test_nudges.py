"""3Blue1Brown's desired nudges (mlp_core.nudges) against three independent references:
the network's backward pass, central differences, and PyTorch autograd."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import mlp_core
from mlp_core import nudges as nd

RTOL = 1e-12
SMOOTH = ["sigmoid", "tanh", "identity"]


def close(a, b, rtol=RTOL):
    """Equal to machine precision. An entry that is a sum with cancellation (a small total of
    large terms) carries rounding of the size of the terms, so the absolute tolerance is rtol
    times the largest entry of the arrays compared, or of 1 (the order of the terms of a mean
    over examples, whose total can be much smaller than its terms)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scale = max(np.max(np.abs(a), initial=0.0), np.max(np.abs(b), initial=0.0), 1.0)
    np.testing.assert_allclose(a, b, rtol=rtol, atol=rtol * scale)


@st.composite
def problems(draw, activations=("sigmoid", "tanh", "relu", "identity")):
    """A random small network, batch and targets."""
    sizes = draw(st.lists(st.integers(1, 7), min_size=2, max_size=5))
    hidden = draw(st.sampled_from(activations))
    out = draw(st.sampled_from(list(activations) + ["softmax"]))
    costs = ["cross_entropy"] if out == "softmax" and draw(st.booleans()) else \
        ["squared_error", "half_squared_error", "sum_squared_error"]
    cost = draw(st.sampled_from(costs))
    seed = draw(st.integers(0, 2**16))
    m = draw(st.integers(1, 5))
    net = mlp_core.Network(sizes, activation=hidden, output_activation=out, cost=cost,
                           init="standard", seed=seed)
    rng = np.random.default_rng(seed + 1)
    X = rng.normal(size=(sizes[0], m))
    labels = rng.integers(0, sizes[-1], size=m)
    return net, X, mlp_core.one_hot(labels, sizes[-1])


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(problems())
def test_wishes_are_minus_the_backward_pass(problem):
    net, X, Y = problem
    m = X.shape[1]
    s = 1.0 / m if net.cost_fn.name != "sum_squared_error" else 1.0
    w = nd.desired_changes(net, X, Y)
    g = net.backprop(X, Y)
    for l in range(1, net.L + 1):
        # delta[l] = ∂C/∂z[l] = −s · z_wish[l]
        close(-s * w.z_wish[l], g.delta[l])
    for l in range(2, net.L + 1):
        # ∂C/∂a[l−1] = W[l]ᵀ δ[l], formed here from the backward pass's own deltas
        close(-s * w.wish[l - 1], net.W[l].T @ g.delta[l])
    assert w.wish[0] is None and w.z_wish[0] is None


@FAST
@given(problems())
def test_contributions_sum_to_the_previous_wish(problem):
    net, X, Y = problem
    w = nd.desired_changes(net, X, Y)
    for l in range(2, net.L + 1):
        for x in range(X.shape[1]):
            C = nd.contributions(net.W[l], w.z_wish[l][:, x])
            assert C.shape == (net.sizes[l], net.sizes[l - 1])
            # a plain double loop as the reference: C[j, k] = z_wish_j · W_jk
            ref = np.array([[w.z_wish[l][j, x] * net.W[l][j, k]
                             for k in range(net.sizes[l - 1])] for j in range(net.sizes[l])])
            close(C, ref)
            close(C.sum(axis=0), w.wish[l - 1][:, x])


@FAST
@given(problems())
def test_wish_by_output_neuron_splits_every_hidden_layer(problem):
    net, X, Y = problem
    w = nd.desired_changes(net, X, Y)
    m = X.shape[1]
    for l in range(1, net.L):
        for x in range(m):
            parts = nd.wish_by_output_neuron(net, w, l, x)
            assert parts.shape == (net.sizes[-1], net.sizes[l])
            close(parts.sum(axis=0), w.wish[l][:, x])
            if l == net.L - 1:
                close(parts, nd.contributions(net.W[net.L], w.z_wish[net.L][:, x]))
    if net.L >= 2 and net.output_activation.name != "softmax":
        # Row j is the wish when only output neuron j wishes: zero every other output wish
        # and run the recursion again by hand.
        j = net.sizes[-1] - 1
        zw = np.zeros(net.sizes[-1])
        zw[j] = w.z_wish[net.L][j, 0]
        wish = net.W[net.L].T @ zw
        for l in range(net.L - 1, 1, -1):
            wish = net.W[l].T @ (net.activation.derivative(w.z[l][:, 0], w.a[l][:, 0]) * wish)
        close(nd.wish_by_output_neuron(net, w, 1, 0)[j], wish)


@FAST
@given(problems(), st.floats(0.01, 5.0))
def test_per_example_nudges_are_single_example_steps_and_average_to_the_sgd_step(problem, eta):
    net, X, Y = problem
    m = X.shape[1]
    n = nd.per_example_nudges(net, X, Y, eta)
    avg = nd.average_nudges(n)
    g = net.backprop(X, Y)
    # The mean of per-example nudges is −η ∂C/∂θ (averaged costs) or −(η/m) ∂C/∂θ (sum).
    factor = eta if net.cost_fn.name != "sum_squared_error" else eta / m
    for l in range(1, net.L + 1):
        assert n.W[l].shape == (m, net.sizes[l], net.sizes[l - 1])
        assert n.b[l].shape == (m, net.sizes[l], 1)
        close(avg.W[l], -factor * g.grad_W[l])
        close(avg.b[l], -factor * g.grad_b[l])
    for x in range(m):
        # Example x's nudge is the step it alone would take: backprop on its column only.
        gx = net.backprop(X[:, x:x + 1], Y[:, x:x + 1])
        for l in range(1, net.L + 1):
            close(n.W[l][x], -eta * gx.grad_W[l])
            close(n.b[l][x], -eta * gx.grad_b[l])


@FAST
@given(problems())
def test_levers_of_one_neuron(problem):
    net, X, Y = problem
    w = nd.desired_changes(net, X, Y)
    n = nd.per_example_nudges(net, X, Y, eta=1.0)
    l, j, x = net.L, net.sizes[-1] - 1, X.shape[1] - 1
    lv = nd.neuron_levers(net, w, l, j, x)
    assert lv.bias_nudge == lv.z_wish == w.z_wish[l][j, x]
    close(lv.bias_nudge, n.b[l][x, j, 0])
    close(lv.weight_nudges, n.W[l][x, j])
    close(lv.prev_wish, nd.contributions(net.W[l], w.z_wish[l][:, x])[j])
    ranked = lv.value_for_money[lv.ranking]
    assert np.all(np.diff(ranked) <= 0)                       # brightest first
    assert sorted(lv.ranking.tolist()) == list(range(net.sizes[l - 1]))


def _forward_from(a_l, l, net):
    """Run the network on from layer l's activations (one column), written out plainly."""
    funcs = {"sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)), "tanh": np.tanh,
             "identity": lambda z: z}
    a = a_l.reshape(-1, 1)  # a column, so that b[k] (n_k, 1) adds without broadcasting
    for k in range(l + 1, net.L + 1):
        name = (net.output_activation if k == net.L else net.activation).name
        a = funcs[name](net.W[k] @ a + net.b[k])
    return a.ravel()


@settings(max_examples=25, deadline=None)
@given(problems(activations=tuple(SMOOTH)))
def test_wish_is_minus_central_difference_of_the_example_cost(problem):
    net, X, Y = problem
    if net.output_activation.name == "softmax":
        return  # the plain forward above covers the elementwise layers
    w = nd.desired_changes(net, X, Y)
    half = 0.5 if net.cost_fn.name == "half_squared_error" else 1.0
    eps = 1e-6
    for x in range(X.shape[1]):
        y = Y[:, x]

        def C_x(a_l, l):
            return half * np.sum((_forward_from(a_l, l, net) - y) ** 2)

        for l in range(1, net.L + 1):
            a_l = w.a[l][:, x]
            num = np.empty_like(a_l)
            for k in range(a_l.size):
                e = np.zeros_like(a_l)
                e[k] = eps
                num[k] = (C_x(a_l + e, l) - C_x(a_l - e, l)) / (2 * eps)
            # central differences carry O(ε²) truncation and O(eps_machine·C/ε) rounding
            scale = max(1.0, np.max(np.abs(num)))
            np.testing.assert_allclose(w.wish[l][:, x], -num, rtol=1e-6, atol=1e-7 * scale)


def test_output_wish_is_twice_target_minus_current_for_3b1b_cost():
    net = mlp_core.Network([3, 4], cost="squared_error")
    a = np.array([[0.2, 0.9], [0.5, 0.1], [0.99, 0.0], [0.0, 0.3]])
    Y = np.array([[1.0, 0.0], [0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    close(nd.output_wish(net, a, Y), 2 * (Y - a))
    half = mlp_core.Network([3, 4], cost="half_squared_error")
    close(nd.output_wish(half, a, Y), Y - a)


def test_average_nudge_matches_central_differences_on_mnist():
    d = mlp_core.load_mnist()
    net = mlp_core.Network([784, 16, 16, 10], seed=3)
    X, y = d.X_train[:, :6], d.y_train[:6]
    Y = mlp_core.one_hot(y)
    eta = 2.0
    avg = nd.average_nudges(nd.per_example_nudges(net, X, y, eta))
    eps = 1e-5
    for (l, j, k) in [(3, 2, 0), (3, 2, 7), (2, 5, 11), (1, 4, 400)]:
        old = net.W[l][j, k]
        net.W[l][j, k] = old + eps
        c_plus = net.cost(X, Y)
        net.W[l][j, k] = old - eps
        c_minus = net.cost(X, Y)
        net.W[l][j, k] = old
        num = (c_plus - c_minus) / (2 * eps)
        np.testing.assert_allclose(avg.W[l][j, k], -eta * num, rtol=1e-6, atol=1e-10)


torch = pytest.importorskip("torch", reason="PyTorch is needed for the autograd cross-check")


def test_wishes_and_nudges_against_torch_autograd():
    d = mlp_core.load_mnist()
    net = mlp_core.Network([784, 16, 16, 10], seed=7)
    X, y = d.X_train[:, 10:18], d.y_train[10:18]
    Y = mlp_core.one_hot(y)
    m, eta = X.shape[1], 0.7
    w = nd.desired_changes(net, X, y)
    n = nd.per_example_nudges(net, X, y, eta)

    Ws = [None] + [torch.tensor(W, requires_grad=True) for W in net.W[1:]]
    bs = [None] + [torch.tensor(b, requires_grad=True) for b in net.b[1:]]
    a = [torch.tensor(X)]
    for l in range(1, net.L + 1):
        a.append(torch.sigmoid(Ws[l] @ a[-1] + bs[l]))
        a[-1].retain_grad()
    # Σ_x C_x: column x of ∂/∂a[l] is then ∂C_x/∂a[l], one example's own gradient.
    total = ((a[-1] - torch.tensor(Y)) ** 2).sum()
    total.backward()
    for l in range(1, net.L + 1):
        close(w.wish[l], -a[l].grad.numpy())

    # Each example's nudge, against autograd of that example's cost alone.
    for x in range(m):
        params = [p for p in Ws[1:] + bs[1:]]
        for p in params:
            p.grad = None
        h = torch.tensor(X[:, x:x + 1])
        for l in range(1, net.L + 1):
            h = torch.sigmoid(Ws[l] @ h + bs[l])
        ((h - torch.tensor(Y[:, x:x + 1])) ** 2).sum().backward()
        for l in range(1, net.L + 1):
            close(n.W[l][x], -eta * Ws[l].grad.numpy())
            close(n.b[l][x], -eta * bs[l].grad.numpy())

    # The average nudge against −η times autograd's gradient of the averaged cost.
    for p in Ws[1:] + bs[1:]:
        p.grad = None
    h = torch.tensor(X)
    for l in range(1, net.L + 1):
        h = torch.sigmoid(Ws[l] @ h + bs[l])
    (((h - torch.tensor(Y)) ** 2).sum() / m).backward()
    avg = nd.average_nudges(n)
    for l in range(1, net.L + 1):
        close(avg.W[l], -eta * Ws[l].grad.numpy())
        close(avg.b[l], -eta * bs[l].grad.numpy())


def test_summed_wish_text():
    text = nd.summed_wish_text(np.array([0.12344, -0.5, -0.00001]), "hidden layer 2", [2, 0])
    assert text == ("hidden layer 2 — summed wish of output neurons 0, 2:\n"
                    "Δa = [+0.1234 -0.5000 +0.0000]")
    nine = nd.summed_wish_text(np.arange(9) / 10, "hidden layer 1", range(10))
    assert nine.splitlines()[0] == "hidden layer 1 — summed wish of all ten output neurons:"
    assert nine.splitlines()[2].strip() == "+0.8000]"
    assert nd.summed_wish_text(np.ones(3), "x", [4]).startswith("x — summed wish of output neuron 4:")
    assert "tick" in nd.summed_wish_text(np.zeros(3), "hidden layer 2", [])


def test_bad_input_gives_clear_errors():
    net = mlp_core.Network([4, 3, 2])
    X = np.ones((4, 2))
    w = nd.desired_changes(net, X, [0, 1])
    with pytest.raises(ValueError, match=r"shape \(3,\) or \(3, 1\)"):
        nd.contributions(net.W[2].T, w.z_wish[2][:, 0])
    with pytest.raises(ValueError, match="hidden layer, 1 … 1; got 2"):
        nd.wish_by_output_neuron(net, w, 2)
    with pytest.raises(ValueError, match="example x must be 0 … 1; got 5"):
        nd.wish_by_output_neuron(net, w, 1, 5)
    with pytest.raises(ValueError, match="neuron j of layer 2 must be 0 … 1; got 2"):
        nd.neuron_levers(net, w, 2, 2)
    with pytest.raises(ValueError, match=r"must have shape \(4, m\)"):
        nd.desired_changes(net, np.ones((3, 2)), [0, 1])
    with pytest.raises(ValueError, match="learning rate eta"):
        nd.per_example_nudges(net, X, [0, 1], eta=-1)
    with pytest.raises(ValueError, match=r"a_L must have shape \(2, m\)"):
        nd.output_wish(net, np.ones(2), np.ones(2))
