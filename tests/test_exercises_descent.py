"""The exercises of notebook 03: the reference solutions are right, each recognised slip gets
its own message, and whatever the learner's function does becomes a message, never a crash.
The expected values are computed here from plain formulas, not from the checkers' code."""
import numpy as np
import pytest

from mlp_core import descent as D
from mlp_core.exercises.coding import solution_source
from mlp_core.exercises.descent import (BOWL_STEP_SLIPS, bowl_step, bowl_step_cases,
                                        check_bowl_step, check_sgd_epoch,
                                        check_valley_prediction, sgd_epoch)


# -- the bowl step ---------------------------------------------------------------------------
def test_bowl_step_reference_is_one_step_on_the_notebooks_bowl():
    bowl = D.Quadratic2D()
    w = np.array([-1.8, 2.6])
    # the step written out from the bowl's own gradient, with its numbers
    assert bowl_step(w, bowl.A, bowl.w_star, 0.1) == pytest.approx(w - 0.1 * bowl.grad(w))
    fb = check_bowl_step(bowl_step)
    assert fb.ok and fb.text.startswith("Right")


def test_bowl_step_cases_are_bowls():
    for case in bowl_step_cases():
        assert np.allclose(case["A"], case["A"].T) and np.all(np.linalg.eigvalsh(case["A"]) > 0)


@pytest.mark.parametrize("wrong, phrase", [
    (lambda w, A, w_star, eta: w + eta * A @ (w - w_star), "steps uphill"),
    (lambda w, A, w_star, eta: w - eta * A @ (w_star - w), "steps uphill"),
    (lambda w, A, w_star, eta: w - A @ (w - w_star), "forgot the learning rate"),
    (lambda w, A, w_star, eta: w - A @ (w - w_star) / eta, "divided the gradient by η"),
    (lambda w, A, w_star, eta: w - eta * A @ w, "left out the minimum w*"),
    (lambda w, A, w_star, eta: w - eta * (w - w_star), "left out A"),
    (lambda w, A, w_star, eta: w - eta / 2 * A @ (w - w_star), "kept the ½"),
    (lambda w, A, w_star, eta: w - 2 * eta * A @ (w - w_star), "doubled the gradient"),
    (lambda w, A, w_star, eta: -eta * A @ (w - w_star), "returned the step"),
    (lambda w, A, w_star, eta: w - eta * A * (w - w_star), "elementwise"),
])
def test_bowl_step_slips_are_named(wrong, phrase):
    fb = check_bowl_step(wrong)
    assert not fb.ok and fb.text.startswith("Not quite") and phrase in fb.text, fb.text


def test_bowl_step_slips_all_differ_from_the_reference():
    for case in bowl_step_cases():
        right = bowl_step(**case)
        for slip in BOWL_STEP_SLIPS:
            assert np.shape(slip.compute(**case)) != right.shape or \
                not np.allclose(slip.compute(**case), right)


def test_bowl_step_learner_errors_become_messages():
    def raises(w, A, w_star, eta):
        return w - eta * A @ w_star[5]
    fb = check_bowl_step(raises)
    assert fb.text.startswith("Not quite") and "IndexError" in fb.text and "w_star[5]" in fb.text
    assert "numpy array" in check_bowl_step(lambda w, A, w_star, eta: [0.0, 0.0]).text
    assert "shape (2,)" in check_bowl_step(lambda w, A, w_star, eta: np.zeros((2, 1))).text
    assert "nan" in check_bowl_step(lambda w, A, w_star, eta: w * np.nan).text.lower()
    assert "returned None" in check_bowl_step(lambda w, A, w_star, eta: None).text


def test_bowl_step_that_never_returns_is_stopped():
    def forever(w, A, w_star, eta):
        while True:
            w = w + 0
    fb = check_bowl_step(forever)
    assert fb.text.startswith("Not quite") and "was stopped" in fb.text


def bowl_stub(w, A, w_star, eta):
    """The stub as the notebook shows it."""
    ...


def test_bowl_step_stub_is_not_written_yet():
    fb = check_bowl_step(bowl_stub)
    assert fb.text.startswith("Not written yet") and "A @ (w − w_star)" in fb.text


# -- one epoch of SGD ------------------------------------------------------------------------
def epoch_by_hand(theta, grad, n, batch_size, eta, rng):
    """The epoch written out differently from the reference: an explicit list of minibatches."""
    order = list(rng.permutation(n))
    batches = []
    while order:
        batches.append(np.array(order[:batch_size]))
        order = order[batch_size:]
    for batch in batches:
        theta = theta - eta * grad(theta, batch)
    return theta


def test_sgd_epoch_reference_and_another_right_version():
    assert check_sgd_epoch(sgd_epoch).ok
    assert check_sgd_epoch(epoch_by_hand).ok


def shuffled_another_way(theta, grad, n, batch_size, eta, rng):
    order = np.arange(n)
    rng.shuffle(order)                     # in place; a fair shuffle from the same rng
    for k in range(0, n, batch_size):
        theta = theta - eta * grad(theta, order[k:k + batch_size])
    return theta


def test_any_fair_shuffle_from_the_rng_is_accepted():
    assert check_sgd_epoch(shuffled_another_way).ok


def sgd_with(order_of=lambda rng, n: rng.permutation(n), starts=lambda n, b: range(0, n, b),
             step=lambda theta, eta, g: theta - eta * g, stale=False, size=None):
    """An SGD epoch with one thing changed."""
    def epoch(theta, grad, n, batch_size, eta, rng):
        order = order_of(rng, n)
        b = batch_size if size is None else size(n, batch_size)
        theta0 = theta
        for k in starts(n, b):
            theta = step(theta, eta, grad(theta0 if stale else theta, order[k:k + b]))
        return theta
    return epoch


@pytest.mark.parametrize("wrong, phrase", [
    (sgd_with(order_of=lambda rng, n: np.arange(n)), "did not shuffle"),
    (sgd_with(starts=lambda n, b: range(0, n - b + 1, b)), "dropped the last, smaller minibatch"),
    (sgd_with(stale=True), "stepped with a stale gradient"),
    (sgd_with(step=lambda theta, eta, g: theta + eta * g), "instead of subtracting"),
    (sgd_with(step=lambda theta, eta, g: theta - g), "forgot η"),
    (sgd_with(size=lambda n, b: 1), "ignored batch_size"),
    (sgd_with(size=lambda n, b: n), "full-batch gradient descent"),
    (sgd_with(order_of=lambda rng, n: np.random.permutation(n)), "did not shuffle with the rng"),
    (sgd_with(order_of=lambda rng, n: rng.integers(0, n, n)), "exactly once"),
])
def test_sgd_epoch_slips_are_named(wrong, phrase):
    fb = check_sgd_epoch(wrong)
    assert not fb.ok and fb.text.startswith("Not quite") and phrase in fb.text, fb.text


def test_sgd_epoch_learner_errors_become_messages():
    def raises(theta, grad, n, batch_size, eta, rng):
        return theta - eta * grad(theta, rng.permutation(n)[: batch_size]) + theta[99]
    fb = check_sgd_epoch(raises)
    assert "IndexError" in fb.text and "theta[99]" in fb.text
    assert "numpy array" in check_sgd_epoch(
        lambda theta, grad, n, batch_size, eta, rng: list(theta)).text
    assert "shape (3,)" in check_sgd_epoch(
        lambda theta, grad, n, batch_size, eta, rng: theta[:, None]).text
    assert "nan" in check_sgd_epoch(
        lambda theta, grad, n, batch_size, eta, rng: theta * np.nan).text.lower()
    assert "never called grad" in check_sgd_epoch(
        lambda theta, grad, n, batch_size, eta, rng: theta).text


def test_sgd_epoch_that_never_returns_is_stopped():
    def forever(theta, grad, n, batch_size, eta, rng):
        k = 0
        while k < n:
            theta = theta - eta * grad(theta, [k])
    assert "was stopped" in check_sgd_epoch(forever).text


def sgd_stub(theta, grad, n, batch_size, eta, rng):
    """The stub."""
    ...


def test_sgd_epoch_stub_is_not_written_yet():
    fb = check_sgd_epoch(sgd_stub)
    assert fb.text.startswith("Not written yet") and "rng.permutation(n)" in fb.text


def test_the_solutions_can_be_shown():
    assert "rng.permutation(n)" in solution_source("sgd_epoch")
    assert "A @ (w - w_star)" in solution_source("bowl_step")
    assert solution_source("prediction_03").strip() == 'my_prediction = "right"'


# -- predict, then check: which valley ------------------------------------------------------
def test_valley_prediction():
    # from w0 = 0.2 the slope w³ − 2w + 0.3 is negative: the ball rolls right, into the
    # valley near w = 1.33 (the other valley is near −1.48)
    assert 0.2 ** 3 - 2 * 0.2 + 0.3 < 0
    fb = check_valley_prediction("right", 0.2, 0.1)
    assert fb.ok and "-0.092" in fb.text and "1.332" in fb.text
    wrong = check_valley_prediction("left", 0.2, 0.1)
    assert not wrong.ok and "rolls into the right valley" in wrong.text and "deeper" in wrong.text
    assert check_valley_prediction("Left ", -0.5, 0.1).ok    # slope +1.175 > 0: it rolls left
    assert check_valley_prediction(None, 0.2, 0.1).text.startswith("No answer yet")
    assert "left" in check_valley_prediction("up", 0.2, 0.1).text
