import numpy as np
import pytest

from mlp_core import Network, TrainingDiverged, load_mnist, sgd_step, train
from batches import random_batch


def test_sgd_step_moves_every_parameter_by_minus_eta_times_its_gradient(rng):
    net = Network([4, 3, 2], seed=0)
    X, Y = random_batch(rng, 4, 2, 6)
    before = net.copy()
    g = before.backprop(X, Y)
    cost = sgd_step(net, X, Y, eta=0.5)
    assert cost == g.cost
    for l in (1, 2):
        assert np.allclose(net.W[l], before.W[l] - 0.5 * g.grad_W[l])
        assert np.allclose(net.b[l], before.b[l] - 0.5 * g.grad_b[l])


def test_a_small_step_lowers_the_cost(rng):
    net = Network([4, 3, 2], seed=0)
    X, Y = random_batch(rng, 4, 2, 6)
    c0 = net.cost(X, Y)
    sgd_step(net, X, Y, eta=0.01)
    assert net.cost(X, Y) < c0


def test_training_is_reproducible_and_records_its_history(rng):
    X, y = random_batch(rng, 5, 3, 23, labels=True)
    runs = []
    for _ in range(2):
        net = Network([5, 4, 3], seed=7)
        h = train(net, X, y, epochs=3, batch_size=5, eta=1.0, X_test=X[:, :7], y_test=y[:7], seed=4)
        runs.append((net, h))
    (n1, h1), (n2, h2) = runs
    assert np.array_equal(n1.W[1], n2.W[1]) and h1.step_cost == h2.step_cost
    assert len(h1.step_cost) == 3 * 5  # ceil(23 / 5) minibatches per epoch
    assert len(h1.cost) == len(h1.test_accuracy) == h1.epochs == 3
    assert np.isclose(h1.cost[-1], n1.cost(X, y))
    assert np.isclose(h1.test_accuracy[-1], n1.accuracy(X[:, :7], y[:7]))


def test_each_epoch_sees_every_example_once(rng):
    X, y = random_batch(rng, 3, 2, 10, labels=True)
    seen = []
    net = Network([3, 2], activation="identity", seed=0)
    # With eta tiny the step costs are the costs of the minibatches of the untouched network:
    # the sum over one epoch's minibatches (sizes 4, 4, 2) recovers the full cost.
    h = train(net, X, y, epochs=1, batch_size=4, eta=1e-12, on_step=lambda s: seen.append(s))
    full = Network([3, 2], activation="identity", seed=0).cost(X, y)
    assert [s.step for s in seen] == [1, 2, 3]
    assert np.isclose((4 * h.step_cost[0] + 4 * h.step_cost[1] + 2 * h.step_cost[2]) / 10, full)


def test_callbacks_can_stop_training(rng):
    X, y = random_batch(rng, 3, 2, 20, labels=True)
    h = train(Network([3, 2]), X, y, epochs=5, batch_size=2,
              on_step=lambda s: s.global_step == 3)
    assert h.stopped_early and len(h.step_cost) == 3 and h.epochs == 1
    h = train(Network([3, 2]), X, y, epochs=5, batch_size=2, on_epoch=lambda e, hist: e == 2)
    assert h.stopped_early and h.epochs == 2


def test_divergence_stops_with_a_clear_error_and_restores_the_parameters(rng):
    X, y = random_batch(rng, 4, 3, 30, labels=True)
    net = Network([4, 8, 3], activation="identity", seed=0)  # linear: nothing saturates
    start = net.copy()
    with pytest.raises(TrainingDiverged, match=r"epoch 1, step \d+.*smaller"):
        train(net, X, y, epochs=3, batch_size=5, eta=1e6)
    assert all(np.array_equal(a, b) for a, b in zip(net.W[1:], start.W[1:]))
    assert all(np.all(np.isfinite(W)) for W in net.W[1:])


def test_progress_bar_in_a_terminal(rng, capsys):
    X, y = random_batch(rng, 3, 2, 8, labels=True)
    train(Network([3, 2]), X, y, epochs=2, batch_size=4, progress=True)
    assert "4/4" in capsys.readouterr().err  # tqdm's text bar: 4 steps of 4


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_3b1b_network_learns_mnist_sample(seed):
    """The articles' setting: 784-16-16-10 sigmoid, squared error, η = 3, minibatch 10,
    30 epochs, weights N(0, 1/n_in), on the embedded 4,000/1,000 split."""
    d = load_mnist()
    net = Network([784, 16, 16, 10], cost="squared_error", init="scaled", seed=seed)
    h = train(net, d.X_train, d.y_train, epochs=30, batch_size=10, eta=3.0,
              X_test=d.X_test, y_test=d.y_test, seed=seed)
    assert h.test_accuracy[-1] >= 0.89
    assert np.mean(net.predict(d.X_test) == d.y_test) == h.test_accuracy[-1]
