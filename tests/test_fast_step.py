"""mlp_core.fast_step is the one other formulation of backprop in the package: it must take
exactly the steps of the readable one (Network.backprop, then W −= η ∂C/∂W, b −= η ∂C/∂b),
to the last bit, on every network it covers."""
import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from mlp_core import Network, load_mnist, train
from mlp_core import fast_step, training


@pytest.fixture(scope="module")
def mnist():
    return load_mnist()


def readable_train(monkeypatch, *args, **kwargs):
    """train with the fast step switched off: every step through Network.backprop."""
    with monkeypatch.context() as m:
        m.setattr(fast_step, "supports", lambda net: False)
        return train(*args, **kwargs)


def steps_taken(monkeypatch, fn, *args, **kwargs):
    """Call fn, counting the steps each formulation took: (fn's result, fast, readable)."""
    counts = {"fast": 0, "readable": 0}
    fast_call, readable_call = fast_step.FastStep.__call__, training._step

    def fast(self, *a):
        counts["fast"] += 1
        return fast_call(self, *a)

    def readable(*a):
        counts["readable"] += 1
        return readable_call(*a)
    with monkeypatch.context() as m:
        m.setattr(fast_step.FastStep, "__call__", fast)
        m.setattr(training, "_step", readable)
        result = fn(*args, **kwargs)
    return result, counts["fast"], counts["readable"]


# Networks of every depth the series uses and then some, the three squared errors; both
# dtypes; minibatches of 1, the series' 10, 32 and 128, each with a smaller last minibatch
# (300 examples), and the whole set as one batch.
NETWORKS = [([784, 16, 16, 10], "squared_error"), ([784, 30, 10], "half_squared_error"),
            ([784, 10], "squared_error"), ([784, 8, 6, 5, 10], "sum_squared_error")]


@pytest.mark.parametrize("sizes, cost", NETWORKS, ids=lambda v: str(v))
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("batch_size", [1, 10, 32, 128, 300])
# BLAS splits a product differently for one thread and for several (the benchmark uses one,
# a notebook as many as there are cores): the steps must be the same either way.
@pytest.mark.parametrize("blas_threads", [1, None], ids=["1 BLAS thread", "BLAS default"])
def test_train_takes_the_readable_steps_bit_for_bit(monkeypatch, mnist, sizes, cost, dtype,
                                                     batch_size, blas_threads):
    with threadpool_limits(blas_threads, user_api="blas"):
        both_ways(monkeypatch, mnist, sizes, cost, dtype, batch_size)


def both_ways(monkeypatch, mnist, sizes, cost, dtype, batch_size):
    """Two epochs of train, with the fast step and without it, from the same start."""
    X, y = mnist.X_train[:, :300].astype(dtype), mnist.y_train[:300]
    X_test, y_test = mnist.X_test[:, :50].astype(dtype), mnist.y_test[:50]
    eta = 0.05 if cost == "sum_squared_error" else 3.0
    fast_net = Network(sizes, cost=cost, seed=5, dtype=dtype)
    readable_net, start = fast_net.copy(), fast_net.theta.copy()
    args = dict(epochs=2, batch_size=batch_size, eta=eta, X_test=X_test, y_test=y_test,
                seed=9)
    fast, n_fast, n_readable = steps_taken(monkeypatch, train, fast_net, X, y, **args)
    assert (n_fast, n_readable) == (2 * -(-300 // batch_size), 0)
    readable, n_fast, n_readable = steps_taken(monkeypatch, readable_train, monkeypatch,
                                               readable_net, X, y, **args)
    assert (n_fast, n_readable) == (0, 2 * -(-300 // batch_size))
    assert fast_net.theta.dtype == dtype
    assert np.array_equal(fast_net.theta, readable_net.theta)
    assert fast.step_cost == readable.step_cost
    assert (fast.cost, fast.train_accuracy) == (readable.cost, readable.train_accuracy)
    assert (fast.test_cost, fast.test_accuracy) == (readable.test_cost, readable.test_accuracy)
    assert not np.array_equal(fast_net.theta, start)  # the steps did move θ


def test_the_step_also_matches_backprop_written_out_by_hand(mnist):
    # Not train against train: the fast step against Network.backprop and the update
    # written out here, one minibatch after another, with one-hot targets.
    net = Network([784, 16, 16, 10], seed=3)
    by_hand = net.copy()
    X_rows = np.ascontiguousarray(mnist.X_train[:, :95].T)
    Y = np.eye(10)[:, mnist.y_train[:95]]
    step = fast_step.FastStep(net, X_rows)
    for batch in np.array_split(np.random.default_rng(0).permutation(95), 10):
        cost, a_L = step(batch, Y[:, batch], 3.0)
        g = by_hand.backprop(X_rows[batch].T, Y[:, batch])
        for l in (1, 2, 3):
            by_hand.W[l] -= 3.0 * g.grad_W[l]
            by_hand.b[l] -= 3.0 * g.grad_b[l]
        assert cost == g.cost and np.array_equal(a_L, g.a[-1])
        assert np.array_equal(net.theta, by_hand.theta)


@pytest.mark.parametrize("options", [dict(activation="tanh"), dict(activation="relu"),
                                     dict(output_activation="identity"),
                                     dict(output_activation="softmax", cost="cross_entropy")],
                         ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items()))
def test_every_other_network_trains_through_backprop_itself(monkeypatch, mnist, options):
    net = Network([784, 12, 10], seed=1, **options)
    assert not fast_step.supports(net)
    history, n_fast, n_readable = steps_taken(
        monkeypatch, train, net, mnist.X_train[:, :40], mnist.y_train[:40], epochs=1,
        batch_size=10, eta=0.1)
    assert (n_fast, n_readable) == (0, 4)
    assert len(history.step_cost) == 4


def test_the_series_network_is_covered():
    for cost in ("squared_error", "half_squared_error", "sum_squared_error"):
        assert fast_step.supports(Network([4, 3, 2], cost=cost))
    assert not fast_step.supports(Network([4, 3, 2], activation="tanh", output_activation="sigmoid"))
    assert not fast_step.supports(Network([4, 3, 2], output_activation="tanh"))
