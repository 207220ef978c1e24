"""The benchmark's peers compute what mlp_core computes (benchmarks/peers/), so that the
timing compares two ways of doing the same arithmetic. Correctness only: timings are never
asserted in tests."""
import importlib.util
from pathlib import Path

import numpy as np
import pytest

import mlp_core

PEERS = Path(__file__).resolve().parent.parent / "benchmarks" / "peers"


def _load(name):
    spec = importlib.util.spec_from_file_location(f"bench_peer_{name}", PEERS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


per_example = _load("per_example")


def _problem(sizes, m, seed):
    rng = np.random.default_rng(seed)
    X = rng.random((sizes[0], m))
    labels = rng.integers(0, sizes[-1], m)
    return X, labels, mlp_core.one_hot(labels, sizes[-1])


@pytest.mark.parametrize("cost", ["squared_error", "half_squared_error"])
def test_per_example_backprop_summed_equals_the_batch_gradient(cost):
    # Independent of mlp_core's own code: the batch cost is the mean of the per-example
    # costs, so its gradient is the mean of the per-example gradients.
    sizes = [7, 5, 4, 3]
    X, _, Y = _problem(sizes, 6, seed=1)
    net = mlp_core.Network(sizes, cost=cost, seed=2)
    peer = per_example.Network(net.W[1:], net.b[1:], cost)
    g = net.backprop(X, Y)
    for l in range(1, net.L + 1):
        parts = [peer.backprop(X[:, i:i + 1], Y[:, i:i + 1]) for i in range(X.shape[1])]
        mean_W = sum(p[1][l - 1] for p in parts) / X.shape[1]
        mean_b = sum(p[0][l - 1] for p in parts) / X.shape[1]
        np.testing.assert_allclose(mean_W, g.grad_W[l], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(mean_b, g.grad_b[l], rtol=1e-12, atol=1e-15)


def test_per_example_gradient_matches_finite_differences():
    # The peer's own maths, checked without mlp_core's backprop: central differences of
    # one example's cost Σ_j (a_j − y_j)².
    sizes = [4, 3, 2]
    X, _, Y = _problem(sizes, 1, seed=3)
    net = mlp_core.Network(sizes, seed=4)
    peer = per_example.Network(net.W[1:], net.b[1:], "squared_error")
    nabla_b, nabla_w = peer.backprop(X, Y)
    h = 1e-6
    for i, w in enumerate(peer.weights):
        for idx in np.ndindex(w.shape):
            old = w[idx]
            w[idx] = old + h
            up = np.sum((peer.feedforward(X) - Y) ** 2)
            w[idx] = old - h
            down = np.sum((peer.feedforward(X) - Y) ** 2)
            w[idx] = old
            assert nabla_w[i][idx] == pytest.approx((up - down) / (2 * h), rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("batch_size", [1, 4, 10])
def test_one_epoch_takes_the_same_steps_as_mlp_core_train(batch_size):
    # Same start, same shuffling (mlp_core.train's permutation, reproduced from its seed),
    # same η: after one epoch both hold the same parameters, up to rounding.
    sizes = [12, 6, 5, 3]
    n, seed, eta = 23, 5, 0.7
    X, labels, Y = _problem(sizes, n, seed=6)
    net = mlp_core.Network(sizes, seed=7)
    peer = per_example.Network(net.W[1:], net.b[1:], "squared_error")
    mlp_core.train(net, X, labels, epochs=2, batch_size=batch_size, eta=eta, seed=seed)
    rng = np.random.default_rng(seed)  # train draws one permutation per epoch from it
    perms = [rng.permutation(n) for _ in range(2)]
    peer.SGD(per_example.as_examples(X, Y), 2, batch_size, eta, order=lambda e: perms[e])
    for l in range(1, net.L + 1):
        np.testing.assert_allclose(peer.weights[l - 1], net.W[l], rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(peer.biases[l - 1], net.b[l], rtol=1e-10, atol=1e-12)
    # and it did move: the test would pass vacuously if neither had trained
    assert not np.allclose(net.W[1], mlp_core.Network(sizes, seed=7).W[1])


def test_pytorch_peer_takes_the_same_step_as_mlp_core():
    torch = pytest.importorskip("torch", reason="PyTorch is not installed")
    others = _load("others")
    sizes = [6, 4, 3]
    X, labels, Y = _problem(sizes, 5, seed=8)
    net = mlp_core.Network(sizes, seed=9)
    start = (net.W[1:], net.b[1:])
    epoch = others.make_torch(sizes, others.rows(X, np.float64), others.rows(Y, np.float64),
                              batch_size=5, eta=0.5, start=start)
    model = epoch()  # one minibatch holds all 5 examples: one step, whatever the order
    mlp_core.sgd_step(net, X, Y, eta=0.5)
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    for l, lin in enumerate(linears, start=1):
        np.testing.assert_allclose(lin.weight.detach().numpy(), net.W[l], rtol=1e-12)
        np.testing.assert_allclose(lin.bias.detach().numpy(), net.b[l].ravel(), rtol=1e-12)


@pytest.mark.parametrize("peer", ["plain", "plain-columns", "tuned"])
@pytest.mark.parametrize("cost", ["squared_error", "half_squared_error"])
@pytest.mark.parametrize("batch_size", [1, 4, 10, 64, 70])
def test_the_numpy_peers_take_the_same_steps_as_mlp_core_train(peer, cost, batch_size):
    # Two epochs of 71 examples: a last minibatch smaller than the others at every batch
    # size but 1, and both of the tuned peer's layouts (columns below 64 examples, rows from
    # 64 on). Same start, same seed (both peers shuffle as train does), same η.
    plain_numpy, tuned_numpy = _load("plain_numpy"), _load("tuned_numpy")
    sizes = [12, 6, 5, 3]
    n, seed, eta = 71, 5, 0.7
    X, labels, Y = _problem(sizes, n, seed=6)
    net = mlp_core.Network(sizes, cost=cost, seed=7)
    start = ([w.copy() for w in net.W[1:]], [b.copy() for b in net.b[1:]])
    X_rows, Y_rows = np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T)
    if peer == "plain":
        epoch = plain_numpy.make_plain(sizes, X_rows, Y_rows, batch_size, eta, cost,
                                       start=start, seed=seed)
    elif peer == "plain-columns":
        epoch = plain_numpy.make_plain_columns(sizes, X_rows, Y_rows, batch_size, eta, cost,
                                               start=start, seed=seed)
    else:
        epoch = tuned_numpy.make_tuned(sizes, tuned_numpy.with_ones(X_rows), Y_rows,
                                       batch_size, eta, cost, start=start, seed=seed)
    mlp_core.train(net, X, labels, epochs=2, batch_size=batch_size, eta=eta, seed=seed)
    epoch()
    W, b = epoch()
    if peer == "plain":  # its own shapes: W (n_in, n_out), b (n_out,)
        W, b = [w.T for w in W], [v[:, None] for v in b]
    for l in range(1, net.L + 1):
        np.testing.assert_allclose(W[l - 1], net.W[l], rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(b[l - 1], net.b[l], rtol=1e-10, atol=1e-12)
    # and they moved: equal parameters would be vacuous if nothing had trained
    assert not np.allclose(W[0], start[0][0], rtol=1e-3, atol=1e-3)


def test_the_tuned_peer_folds_the_bias_into_its_input():
    tuned_numpy = _load("tuned_numpy")
    X_rows = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(tuned_numpy.with_ones(X_rows),
                                  [[0, 1, 2, 1], [3, 4, 5, 1]])
