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
    assert np.isclose(h1.test_cost[-1], n1.cost(X[:, :7], y[:7]))
    assert np.isclose(h1.test_accuracy[-1], n1.accuracy(X[:, :7], y[:7]))


def _epochs_by_hand(net, X, y, epochs, batch_size, eta, seed, stop_after=None):
    """train's epochs redone with the public one-step function: for each epoch, every
    example's output just before its minibatch's step, (n_L, n) in the original order."""
    order = np.random.default_rng(seed)  # train's shuffling: one permutation per epoch
    n = X.shape[1]
    out = []
    for _ in range(epochs):
        perm = order.permutation(n)
        a = np.full((net.sizes[-1], n), np.nan)
        for k in range(0, n if stop_after is None else stop_after * batch_size, batch_size):
            batch = perm[k:k + batch_size]
            a[:, batch] = net.feedforward(X[:, batch])
            sgd_step(net, X[:, batch], y[batch], eta)
        out.append(a)
    return out


def test_the_epoch_cost_and_accuracy_are_each_examples_when_its_minibatch_came_up(rng):
    X, y = random_batch(rng, 5, 3, 23, labels=True)
    Y = np.eye(3)[:, y]
    net = Network([5, 4, 3], seed=7)
    h = train(net.copy(), X, y, epochs=3, batch_size=5, eta=1.0, seed=4)
    outputs = _epochs_by_hand(net, X, y, epochs=3, batch_size=5, eta=1.0, seed=4)
    for epoch, a in enumerate(outputs):
        # squared error: per example Σ_j (a_j − y_j)², averaged over the 23 examples
        assert np.isclose(h.cost[epoch], np.sum((a - Y) ** 2) / 23)
        assert h.train_accuracy[epoch] == np.mean(np.argmax(a, axis=0) == y)
    # the network learns during the epoch, so the exact cost after it is a different number
    assert not np.isclose(h.cost[-1], net.cost(X, y))


def test_an_epoch_stopped_early_is_scored_on_the_examples_it_saw(rng):
    X, y = random_batch(rng, 5, 3, 23, labels=True)
    net = Network([5, 4, 3], seed=7)
    h = train(net.copy(), X, y, epochs=2, batch_size=5, eta=1.0, seed=4,
              on_step=lambda s: s.step == 2)
    a = _epochs_by_hand(net, X, y, epochs=1, batch_size=5, eta=1.0, seed=4, stop_after=2)[0]
    seen = ~np.isnan(a[0])
    assert seen.sum() == 10 and h.epochs == 1 and h.stopped_early
    assert np.isclose(h.cost[0], np.sum((a[:, seen] - np.eye(3)[:, y[seen]]) ** 2) / 10)


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


def test_a_parameter_overflowing_stops_training_even_when_the_cost_stayed_finite():
    # float32 overflows at 3.4e38: one step of η·∇C with η = 3e38 sends a weight to ±inf,
    # after the (finite) cost of that step was computed; one step per epoch.
    net = Network([2, 1], activation="identity", dtype=np.float32, seed=0)
    start = net.theta.copy()
    with pytest.raises(TrainingDiverged, match=r"a parameter became inf or NaN at epoch 1, step 1"):
        train(net, np.array([[5.0, 7.0], [3.0, 9.0]]), np.array([[1.0, 0.0]]), batch_size=2,
              eta=3e38)
    assert np.array_equal(net.theta, start)


def _seed_putting(example, minibatch, n, batch_size):
    """A shuffling seed for train whose first epoch puts ``example`` into the first or the
    last minibatch (train draws one permutation per epoch from default_rng(seed))."""
    for seed in range(1000):
        perm = np.random.default_rng(seed).permutation(n)
        where = perm[:batch_size] if minibatch == "first" else perm[-(n % batch_size or batch_size):]
        if example in where:
            return seed
    raise AssertionError("no such seed")


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
@pytest.mark.parametrize("minibatch", ["first", "last"])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf, 1e39])
def test_a_bad_number_in_X_is_named_and_changes_nothing(rng, bad, minibatch, activation):
    """train does not scan X before it starts: the bad number is found through the cost or
    the parameters it spoils, wherever it is; the error is then the one every function gives.
    1e39 is finite in float64 but inf in a float32 network. An inf in the last minibatch
    may leave that step's cost finite (σ(±inf) is 0 or 1): only the parameters show it."""
    X, y = random_batch(rng, 4, 3, 30, labels=True)
    X[2, 13] = bad
    seed = _seed_putting(13, minibatch, 30, batch_size=7)
    for dtype in (np.float64, np.float32):
        net = Network([4, 5, 3], activation=activation, output_activation="sigmoid",
                      dtype=dtype, seed=0)
        start = net.theta.copy()
        if bad == 1e39 and dtype == np.float64:
            train(net, X, y, batch_size=7, seed=seed)  # large but finite: fine in float64
            continue
        shown = "nan" if np.isnan(bad) else ("-inf" if bad < 0 else "inf")
        with pytest.raises(ValueError, match=rf"X must be finite; it holds {shown} at index "
                                             rf"\(2, 13\)"):
            train(net, X, y, epochs=2, batch_size=7, seed=seed)
        assert np.array_equal(net.theta, start)


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


def test_a_step_is_exactly_w_minus_eta_times_backprops_gradient(rng):
    # sgd_step calls the very backprop a learner reads: the same numbers to the last bit,
    # not merely close ones.
    net = Network([4, 3, 2], seed=0)
    X, Y = random_batch(rng, 4, 2, 6)
    before = net.copy()
    g = before.backprop(X, Y)
    sgd_step(net, X, Y, eta=0.5)
    for l in (1, 2):
        assert np.array_equal(net.W[l], before.W[l] - 0.5 * g.grad_W[l])
        assert np.array_equal(net.b[l], before.b[l] - 0.5 * g.grad_b[l])


def test_train_takes_exactly_the_steps_of_backprop(rng):
    # Two epochs of train (through its fast step: sigmoid, squared error) against the same
    # epochs by hand with the public backprop, the minibatches gathered as train gathers
    # them (rows of Xᵀ, transposed): equal bit for bit. tests/test_fast_step.py does the
    # same for every network, dtype and minibatch size the fast step covers.
    X, y = random_batch(rng, 6, 3, 23, labels=True)
    net = Network([6, 5, 3], seed=2)
    by_hand = net.copy()
    h = train(net, X, y, epochs=2, batch_size=5, eta=0.8, seed=3)
    order, X_rows, costs = np.random.default_rng(3), np.ascontiguousarray(X.T), []
    for _ in range(2):
        perm = order.permutation(23)
        for k in range(0, 23, 5):
            batch = perm[k:k + 5]
            g = by_hand.backprop(X_rows.take(batch, axis=0).T, y[batch])
            for l in (1, 2):
                by_hand.W[l] -= 0.8 * g.grad_W[l]
                by_hand.b[l] -= 0.8 * g.grad_b[l]
            costs.append(g.cost)
    assert np.array_equal(net.theta, by_hand.theta)
    assert h.step_cost == costs
