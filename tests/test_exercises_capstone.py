"""Notebook 07's exercises: reading the confusion matrix, and the training loop written by the
learner — the reference is right, and each recognised slip gets its own message."""

import numpy as np
import pytest

import mlp_core
from mlp_core.exercises.capstone import (TRAIN_LOOP_SLIPS, check_most_confused, check_train_loop,
                                         check_weakest_digit, train_loop)
from mlp_core.exercises.coding import solution_source

# rows: true digit; columns: predicted. Digit 2 is the weakest row (6/10); column 0 has the
# lowest share correct (9 of 9 + 0 + 4 = 13); the top mistake is true 2 → called 0 (4 times).
CM = np.array([[9, 1, 0],
               [0, 8, 2],
               [4, 0, 6]])


def test_weakest_digit():
    assert check_weakest_digit(2, CM).startswith("Right")
    assert check_weakest_digit(1, CM).startswith("Not quite")
    assert "column" in check_weakest_digit(0, CM)
    assert check_weakest_digit(None, CM).startswith("No answer yet")
    assert check_weakest_digit("2", CM).startswith("Not quite")


def test_most_confused():
    assert check_most_confused((2, 0), CM).startswith("Right")
    assert "swapped" in check_most_confused((0, 2), CM)
    assert "diagonal" in check_most_confused((1, 1), CM)
    assert check_most_confused((1, 2), CM).startswith("Not quite")
    assert check_most_confused(None, CM).startswith("No answer yet")
    assert check_most_confused(3, CM).startswith("Not quite")


def test_most_confused_names_the_other_tied_pairs():
    cm = np.array([[9, 3, 0], [0, 8, 3], [1, 0, 9]])
    text = check_most_confused((1, 2), cm)
    assert text.startswith("Right") and "a tie: 0 → 1 also 3 times each" in text


# -- the training loop ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def data():
    return mlp_core.load_mnist()


def step_all(net, g, eta, sign=-1.0, scale=1.0, layers=None, W=True, b=True):
    for l in (range(1, net.L + 1) if layers is None else layers):
        if W:
            net.W[l] += sign * eta * scale * g.grad_W[l]
        if b:
            net.b[l] += sign * eta * scale * g.grad_b[l]


def make_loop(order=lambda rng, m, epoch: rng.permutation(m), starts=lambda m, B: range(0, m, B),
              labels=lambda y, batch, rng: y[batch], step=step_all, images=None):
    """A training loop built from parts, so that each slip changes exactly one of them."""
    def loop(net, X, y, epochs, batch_size, eta, rng):
        m = X.shape[1]
        for epoch in range(epochs):
            o = order(rng, m, epoch)
            for start in starts(m, batch_size):
                batch = o[start:start + batch_size]
                Xb = X[:, batch] if images is None else images(batch)
                g = net.backprop(Xb, labels(y, batch, rng))
                step(net, g, eta)
        return net
    return loop


def test_the_reference_is_right_and_reaches_the_target(data):
    fb = check_train_loop(train_loop, data)
    assert fb.ok and fb.text.startswith("Right"), fb.text
    acc = float(fb.text.split("classifies ")[1].split()[0])
    # The same 5 epochs, written independently with mlp_core.train's shuffling: also ≥ 0.85.
    net = mlp_core.Network([784, 16, 16, 10], seed=0)
    mlp_core.train(net, data.X_train, data.y_train, epochs=5, batch_size=10, eta=3.0, seed=0)
    assert acc >= 0.85 and net.accuracy(data.X_test, data.y_test) >= 0.85
    assert "def train_loop" in solution_source("train_loop")


def test_other_right_loops_pass(data):
    def shuffled_arrays(net, X, y, epochs, batch_size, eta, rng):
        for _ in range(epochs):
            p = rng.permutation(X.shape[1])
            Xs, ys = X[:, p], y[p]                      # shuffle both with one order
            for k in range(0, X.shape[1], batch_size):
                g = net.backprop(Xs[:, k:k + batch_size], ys[k:k + batch_size])
                for l in range(1, net.L + 1):
                    net.W[l] = net.W[l] - eta * g.grad_W[l]     # rebinding the list entry
                    net.b[l] = net.b[l] - eta * g.grad_b[l]
        return net
    assert check_train_loop(shuffled_arrays, data).ok



SLIP_LOOPS = {
    "not shuffled": make_loop(order=lambda rng, m, e: np.arange(m)),
    "shuffled once": make_loop(order=lambda rng, m, e: np.random.default_rng(1).permutation(m)),
    "misaligned": make_loop(labels=lambda y, batch, rng: y[rng.permutation(len(y))[:len(batch)]]),
    "dropped": make_loop(starts=lambda m, B: range(0, m - B + 1, B)),
    "repeated": make_loop(order=lambda rng, m, e: rng.integers(0, m, m)),
    "one at a time": make_loop(starts=lambda m, B: range(m),
                               order=lambda rng, m, e: np.repeat(rng.permutation(m), 1)),
    "uphill": make_loop(step=lambda net, g, eta: step_all(net, g, eta, sign=+1.0)),
    "no eta": make_loop(step=lambda net, g, eta: step_all(net, g, 1.0)),
    "eta twice": make_loop(step=lambda net, g, eta: step_all(net, g, eta * eta)),
    "bias forgotten": make_loop(step=lambda net, g, eta: step_all(net, g, eta, b=False)),
    "weights forgotten": make_loop(step=lambda net, g, eta: step_all(net, g, eta, W=False)),
    "averaged twice": make_loop(step=lambda net, g, eta: step_all(net, g, eta, scale=1 / 5)),
    "summed": make_loop(step=lambda net, g, eta: step_all(net, g, eta, scale=5)),
    "some layers": make_loop(step=lambda net, g, eta: step_all(net, g, eta, layers=[net.L])),
}


def one_at_a_time(net, X, y, epochs, batch_size, eta, rng):
    for _ in range(epochs):
        for i in rng.permutation(X.shape[1]):
            g = net.backprop(X[:, [i]], y[[i]])
            step_all(net, g, eta)
    return net


def full_batch(net, X, y, epochs, batch_size, eta, rng):
    for _ in range(epochs):
        step_all(net, net.backprop(X, y), eta)
    return net


def one_epoch_too_many(net, X, y, epochs, batch_size, eta, rng):
    return train_loop(net, X, y, epochs + 1, batch_size, eta, rng)


def no_update(net, X, y, epochs, batch_size, eta, rng):
    m = X.shape[1]
    for _ in range(epochs):
        order = rng.permutation(m)
        for k in range(0, m, batch_size):
            batch = order[k:k + batch_size]
            g = net.backprop(X[:, batch], y[batch])
            for l in range(1, net.L + 1):
                W = net.W[l]
                W = W - eta * g.grad_W[l]           # a new array under a local name
    return net


def new_network_each_epoch(net, X, y, epochs, batch_size, eta, rng):
    for _ in range(epochs):
        net = mlp_core.Network(net.sizes, seed=0)   # re-initialised: starts from scratch
        train_loop(net, X, y, 1, batch_size, eta, rng)
    return net


def make_test_set_loop(data):
    def on_test_images(net, X, y, epochs, batch_size, eta, rng):
        Xt, yt = data.X_test[:, :X.shape[1]], data.y_test[:X.shape[1]]   # the wrong data
        return train_loop(net, Xt, yt, epochs, batch_size, eta, rng)
    return on_test_images


def make_other_data_loop(data):
    def on_the_notebooks_data(net, X, y, epochs, batch_size, eta, rng):
        m = X.shape[1]                           # the right m, but the notebook's global data
        return train_loop(net, data.X_train[:, -m:], data.y_train[-m:], epochs, batch_size,
                          eta, rng)
    return on_the_notebooks_data


def with_mc_train(net, X, y, epochs, batch_size, eta, rng):
    mlp_core.train(net, X, y, epochs=epochs, batch_size=batch_size, eta=eta, seed=0)
    return net


SLIP_PHRASES = {   # a phrase of each message that no other slip's message has
    "not shuffled": "in the order 0, 1, 2",
    "shuffled once": "in the same order",
    "misaligned": "labels do not belong",
    "dropped": "were left out every epoch",
    "repeated": "used more than once",
    "one at a time": "a single image",
    "full batch": "every step used all",
    "epochs": "asked for epochs = 3",
    "test set": "hold test images",
    "new network": "a network other than the net it was given",
    "uphill": TRAIN_LOOP_SLIPS["uphill"],
    "no eta": TRAIN_LOOP_SLIPS["no eta"],
    "eta twice": TRAIN_LOOP_SLIPS["eta twice"],
    "no update": "had not changed",
    "bias forgotten": "every W[l] moved but no b[l]",
    "weights forgotten": "every b[l] moved but no W[l]",
    "averaged twice": TRAIN_LOOP_SLIPS["averaged twice"],
    "summed": TRAIN_LOOP_SLIPS["summed"],
    "other data": "images that are not columns of the X given",
    "some layers": "layer(s) [1] did not move",
    "mc.train": TRAIN_LOOP_SLIPS["mc.train"],
}


@pytest.mark.parametrize("slip", sorted(SLIP_PHRASES))
def test_each_slip_gets_its_own_message(slip, data):
    fn = {"one at a time": one_at_a_time, "full batch": full_batch,
          "epochs": one_epoch_too_many, "no update": no_update,
          "new network": new_network_each_epoch, "test set": make_test_set_loop(data),
          "other data": make_other_data_loop(data),
          "mc.train": with_mc_train}.get(slip) or SLIP_LOOPS[slip]
    fb = check_train_loop(fn, data)
    assert not fb.ok and fb.text.startswith("Not quite"), fb.text
    assert SLIP_PHRASES[slip] in fb.text, fb.text
    others = [p for k, p in SLIP_PHRASES.items() if k != slip and p not in SLIP_PHRASES[slip]]
    assert not any(p in fb.text for p in others), fb.text


def test_a_loop_right_on_the_small_case_but_not_on_mnist(data):
    def stops_early(net, X, y, epochs, batch_size, eta, rng):
        if X.shape[1] > 100:        # on the real data: only a few steps
            return train_loop(net, X[:, :50], y[:50], 1, batch_size, eta, rng)
        return train_loop(net, X, y, epochs, batch_size, eta, rng)
    fb = check_train_loop(stops_early, data)
    assert not fb.ok and "looked right on the small case, yet after 5 epochs" in fb.text


def test_broken_learner_functions(data):
    def stub(net, X, y, epochs, batch_size, eta, rng):
        """doc"""
        ...

    def raises(net, X, y, epochs, batch_size, eta, rng):
        g = net.backprop(X, y)
        return g.grad_W[5]

    def forgets_return(net, X, y, epochs, batch_size, eta, rng):
        train_loop(net, X, y, epochs, batch_size, eta, rng)

    def returns_a_list(net, X, y, epochs, batch_size, eta, rng):
        train_loop(net, X, y, epochs, batch_size, eta, rng)
        return [net]

    def nan_step(net, X, y, epochs, batch_size, eta, rng):
        for _ in range(epochs):
            order = rng.permutation(X.shape[1])
            for k in range(0, X.shape[1], batch_size):
                b = order[k:k + batch_size]
                g = net.backprop(X[:, b], y[b])
                for l in range(1, net.L + 1):
                    net.W[l] -= eta * g.grad_W[l] / (k - k)     # 0/0 and x/0: NaN and inf
                    net.b[l] -= eta * g.grad_b[l]
        return net

    def nan_last_step(net, X, y, epochs, batch_size, eta, rng):
        train_loop(net, X, y, epochs, batch_size, eta, rng)
        net.b[2][0, 0] = np.nan                         # after the last backprop
        return net

    def forever(net, X, y, epochs, batch_size, eta, rng):
        while True:
            pass

    assert check_train_loop(stub, data).text.startswith("Not written yet")
    fb = check_train_loop(raises, data)
    assert "raised IndexError" in fb.text and "g.grad_W[5]" in fb.text
    assert "forget the return" in check_train_loop(forgets_return, data).text
    assert "should return the network it trained; got list" in \
        check_train_loop(returns_a_list, data).text
    fb = check_train_loop(nan_step, data)        # the next net.backprop refuses the NaN
    assert "raised InvalidArgument" in fb.text and "NaN" in fb.text
    assert "after step 15 b[2] holds NaN" in check_train_loop(nan_last_step, data).text
    fb = check_train_loop(forever, data)
    assert "was stopped" in fb.text and not fb.ok


def test_with_full_mnist_loaded_the_accuracy_run_uses_the_sample(data):
    # A stand-in for full MNIST: more training images than the sample's 4,000.
    bigger = type(data)(np.hstack([data.X_train, data.X_train[:, :10]]),
                        np.concatenate([data.y_train, data.y_train[:10]]), data.X_test, data.y_test)
    fb = check_train_loop(train_loop, bigger)
    assert fb.ok and "on the 4,000 training images" in fb.text
