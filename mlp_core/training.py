"""Minibatch stochastic gradient descent (随机梯度下降).

One epoch: shuffle the training examples, cut them into minibatches of ``batch_size``
columns, and for each minibatch take one step  W ← W − η ∂C/∂W,  b ← b − η ∂C/∂b,
where C is the cost averaged over that minibatch (article A's "drunk man": many quick,
slightly wrong steps instead of a few exact, slow ones).
"""
import math
from dataclasses import dataclass, field
from typing import List

import numpy as np

from . import fast_step
from .validation import (InvalidArgument, InvalidArgumentType, check_batch_size, check_eta, check_finite,
                         check_labels, check_network, check_seed, check_whole, describe)


class TrainingDiverged(FloatingPointError):
    """The cost became inf or NaN: the learning rate is almost always too large."""


@dataclass
class StepInfo:
    """What a step callback receives: the epoch (from 1), the step within it (from 1),
    the global step count (from 1), and the minibatch's cost before the step."""
    epoch: int
    step: int
    global_step: int
    cost: float


@dataclass
class History:
    """What happened during training, one entry per epoch unless said otherwise.

    Attributes
    ----------
    cost : list of float
        the training cost of each epoch: the cost function over the epoch's examples, each
        example's output taken when its minibatch came up (just before that minibatch's
        step). It is what Keras and scikit-learn report, and it costs nothing extra: the
        steps compute those outputs anyway. Since the network keeps learning during the
        epoch, it lags a little behind the network at the epoch's end; for that network's
        exact cost, call ``net.cost(X, y)`` (an ``on_epoch`` callback can do it every epoch).
    train_accuracy : list of float
        the fraction of the epoch's examples classified correctly, measured the same way
    test_cost, test_accuracy : list of float
        over the whole test set with the network at the end of each epoch (exact; empty
        without test data)
    step_cost : list of float
        each minibatch's cost just before its step
    stopped_early : bool
        a callback asked to stop
    """
    cost: List[float] = field(default_factory=list)
    train_accuracy: List[float] = field(default_factory=list)
    test_cost: List[float] = field(default_factory=list)
    test_accuracy: List[float] = field(default_factory=list)
    step_cost: List[float] = field(default_factory=list)
    stopped_early: bool = False

    @property
    def epochs(self):
        """How many epochs were completed (or begun, when a callback stopped one)."""
        return len(self.cost)


def sgd_step(net, X, Y, eta):
    """One step of gradient descent on one minibatch; returns the minibatch's cost before it.

    X has shape (n_0, m), Y shape (n_L, m) (or class numbers (m,)); every W[l] and b[l] of
    ``net`` moves by −η times its gradient, in place. Every argument (and every
    parameter: no NaN or inf) is checked first; a bad one changes nothing.
    """
    check_network(net)
    check_eta(eta)
    X = net.check_input(X)
    return _step(net, X, net.targets(Y, X.shape[1]), eta).cost


def _step(net, X, Y, eta):
    """:func:`sgd_step` without the checks, as :func:`train` calls it. Returns the step's
    :class:`~mlp_core.network.Gradients` (its cost, its forward pass, its gradients)."""
    g = net._backprop(X, Y)
    for l in range(1, net.L + 1):
        net.W[l] -= eta * g.grad_W[l]  # W ← W − η ∂C/∂W, in place (W[l] is a view of θ)
        net.b[l] -= eta * g.grad_b[l]  # b ← b − η ∂C/∂b
    return g


def _fast_or_readable_step(net, X_rows):
    """The step train takes, as a function ``(batch, Y, eta) → (cost, a[L])`` of the row
    numbers of a minibatch in X_rows (n, n_0) and its targets Y (n_L, m): the same steps
    to the last bit either way. For the series' network (sigmoid, squared error) it is
    :class:`~mlp_core.fast_step.FastStep`, the same arithmetic as backprop in arrays made
    once; for every other network, backprop itself."""
    if fast_step.supports(net):
        return fast_step.FastStep(net, X_rows)

    def readable_step(batch, Y, eta):
        # a minibatch is a gather of whole rows; its transpose (a free view) is the
        # (n_0, m) matrix of columns that backprop expects
        g = _step(net, X_rows.take(batch, axis=0).T, Y, eta)
        return g.cost, g.a[-1]
    return readable_step


def _labels_and_targets(net, y, m, name):
    """Accept class numbers (m,) or one-hot targets (n_L, m); return both."""
    if np.ndim(y) == 1:
        labels = check_labels(y, net.sizes[-1], m, name)
        Y = np.zeros((net.sizes[-1], m), dtype=net.dtype)
        Y[labels, np.arange(m)] = 1
        return labels, Y
    Y = net.targets(y, m, name)
    return np.argmax(Y, axis=0), Y


def train(net, X, y, epochs=1, batch_size=10, eta=3.0, *, X_test=None, y_test=None,
          seed=0, on_step=None, on_epoch=None, progress=False):
    """Train ``net`` in place by minibatch SGD and return its :class:`History`.

    Parameters
    ----------
    net : Network
    X : array, shape (n_0, n)            the n training examples, one per column
    y : array, shape (n,) of class numbers, or (n_L, n) targets
    epochs : int                          passes over the training data
    batch_size : int                      examples per minibatch, 1 … n (the last may be
                                          smaller; batch_size=n: full-batch descent)
    eta : float                           the learning rate η > 0
    X_test, y_test : optional             evaluated after each epoch
    seed : int                            seeds the shuffling: the same seed, the same run
    on_step : callable(StepInfo), optional   called after every step
    on_epoch : callable(epoch, History), optional   called after every epoch
        Either callback may return True to stop training early.
    progress : bool                       show a progress bar (tqdm: a widget in JupyterLab,
                                          text in a terminal)

    Raises
    ------
    InvalidArgument (a ValueError)
        If an argument is wrong (a batch_size larger than n included), a parameter is
        already NaN or ±inf, or X holds NaN or ±inf. The parameters are then as they were
        before the call.
    TrainingDiverged
        If the cost or a parameter becomes inf or NaN. The parameters are first restored to
        what they were at the start of that epoch, so nothing learnt before is lost.
    """
    # Everything but the values of X is checked before anything changes. Scanning X's
    # n_0·n numbers for NaN and ±inf would take a tenth of an epoch (a pass over all of
    # MNIST's memory), and it is not needed: a NaN or inf in X makes the cost of its step
    # NaN, or a parameter inf or NaN, and a non-finite parameter stays non-finite whatever
    # later steps subtract from it. Both are checked below, and only then is X scanned to
    # say which number was bad.
    check_network(net)
    X = net.check_input(X, finite=False)  # the parameters too: none may be NaN or inf
    n = X.shape[1]
    labels, Y = _labels_and_targets(net, y, n, "y")
    if X_test is not None or y_test is not None:
        if X_test is None or y_test is None:
            raise InvalidArgument(
                "X_test and y_test: give both, or neither; got "
                + ("X_test without y_test" if y_test is None else "y_test without X_test"))
        X_test = net.check_input(X_test, name="X_test")
        test_labels, Y_test = _labels_and_targets(net, y_test, X_test.shape[1], "y_test")
    epochs = check_whole(epochs, "epochs", 1)
    batch_size = check_batch_size(batch_size, n)
    check_eta(eta)
    seed = check_seed(seed)
    for name, f in (("on_step", on_step), ("on_epoch", on_epoch)):
        if f is not None and not callable(f):
            raise InvalidArgumentType(f"{name} must be a function or None; got {describe(f)}")

    # Examples are the columns of X. Gathering a shuffled minibatch is fastest when each
    # example's n_0 numbers lie together in memory, as in load_mnist's X, whose transpose
    # is then a contiguous (n, n_0) array of rows (for any other X this makes one copy).
    # A minibatch is a gather of whole rows, and its transpose (a free view) is the
    # (n_0, m) matrix of columns that backprop expects.
    X_rows = np.ascontiguousarray(X.T)
    take_step = _fast_or_readable_step(net, X_rows)

    rng = np.random.default_rng(seed)
    history = History()
    steps_per_epoch = math.ceil(n / batch_size)
    bar = None
    if progress:
        from tqdm.auto import tqdm
        from .i18n import _   # the bar's text in the reader's language
        bar = tqdm(total=epochs * steps_per_epoch, desc=_("training"), unit="step", mininterval=0.25)
    global_step = 0
    # Each step's output a[L] is copied into one (n_L, n) array, made once, for the epoch's
    # training cost and accuracy (one slice assignment a step). Keeping each step's own
    # array instead and joining them at the epoch's end measured 5–6% slower: thousands
    # of small arrays left alive between the steps' large temporaries make the memory
    # allocator take fresh pages from the system far more often (page faults, counted).
    outputs = np.empty(Y.shape, net.dtype)
    try:
        # Overflow is detected below and reported as TrainingDiverged; numpy's own
        # overflow warnings would only repeat it, less clearly.
        with np.errstate(over="ignore", invalid="ignore"):
            for epoch in range(1, epochs + 1):
                start = net.theta.copy()
                perm = rng.permutation(n)
                Y_epoch = Y.take(perm, axis=1)  # (n_L, n): the targets in this order
                for step in range(1, steps_per_epoch + 1):
                    k = (step - 1) * batch_size
                    batch = perm[k:k + batch_size]  # the examples of this minibatch
                    Y_batch = Y_epoch[:, k:k + batch_size]  # (n_L, m), a view
                    cost, a_L = take_step(batch, Y_batch, eta)
                    global_step += 1
                    if not math.isfinite(cost):
                        _stop_non_finite(net, start, X, f"the cost became {cost}", epoch,
                                         step, eta)
                    outputs[:, k:k + batch.size] = a_L
                    history.step_cost.append(cost)
                    if bar is not None:
                        bar.update(1)
                    if on_step is not None and on_step(StepInfo(epoch, step, global_step,
                                                                cost)):
                        history.stopped_early = True
                        break
                if not np.all(np.isfinite(net.theta)):
                    _stop_non_finite(net, start, X, "a parameter became inf or NaN", epoch,
                                     step, eta)
                seen = k + batch.size  # all n examples, unless a callback stopped early
                _score(net, outputs[:, :seen], Y_epoch[:, :seen],
                       labels[perm[:seen]], history.cost, history.train_accuracy)
                if X_test is not None:
                    _score(net, net._feedforward(X_test), Y_test, test_labels,
                           history.test_cost, history.test_accuracy)
                if bar is not None:
                    bar.set_postfix(cost=f"{history.cost[-1]:.4f}")
                if history.stopped_early:
                    break
                if on_epoch is not None and on_epoch(epoch, history):
                    history.stopped_early = True
                    break
    finally:
        if bar is not None:
            bar.close()
    return history


def _stop_non_finite(net, start, X, what, epoch, step, eta):
    """Restore the epoch's starting parameters, then say why training cannot go on: a bad
    number in X (the same ValueError as every other function gives), or divergence."""
    net.theta[...] = start
    check_finite(X, "X")
    raise TrainingDiverged(
        f"{what} at epoch {epoch}, step {step}: the learning rate eta={eta} is too large "
        f"for this network; try a smaller one (e.g. {eta / 10:g}). The parameters were "
        f"restored to the start of epoch {epoch}.")


def _score(net, a, Y, labels, costs, accuracies):
    """Append the cost and the accuracy of outputs a (n_L, m) for targets Y (n_L, m)."""
    costs.append(net.cost_fn.f(a, Y))
    accuracies.append(float(np.mean(np.argmax(a, axis=0) == labels)))
