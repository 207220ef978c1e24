"""Notebook 01's exercises: the layer's forward pass (code) and the parameter count (a number).

Each wrong version below is written out as a learner would write it (not taken from the
checker's own slip table), so each test shows that the checker recognises a real mistake."""
import numpy as np
import pytest

from mlp_core.exercises.coding import solution_source
from mlp_core.exercises.structure import (check_layer_forward, check_parameter_count,
                                          layer_cases)


def sig(z):
    return 1.0 / (1.0 + np.exp(-z))


def right(W, a_prev, b):
    return sig(np.dot(W, a_prev) + b)


def right_loop(W, a_prev, b):
    # one neuron and one example at a time, as the single-neuron formula reads
    n, m = W.shape[0], a_prev.shape[1]
    a = np.zeros((n, m))
    for i in range(m):
        for j in range(n):
            a[j, i] = sig(sum(W[j, k] * a_prev[k, i] for k in range(W.shape[1])) + b[j, 0])
    return a


def no_bias(W, a_prev, b):
    return sig(W @ a_prev)


def returns_z(W, a_prev, b):
    return W @ a_prev + b


def sigma_before_bias(W, a_prev, b):
    return sig(W @ a_prev) + b


def sign_slip(W, a_prev, b):
    return 1 / (1 + np.exp(W @ a_prev + b))


def transposed_W(W, a_prev, b):
    return sig(np.dot(W.T, a_prev) + b)       # np.dot fails with another message than @


def a_prev_first(W, a_prev, b):
    return sig(a_prev @ W + b)


def examples_as_rows(W, a_prev, b):
    return sig(a_prev.T @ W.T + b.T)


def elementwise(W, a_prev, b):
    return sig(W * a_prev + b)


def bias_row(W, a_prev, b):
    return sig(W @ a_prev + b.T)


def bias_flat(W, a_prev, b):
    return sig(W @ a_prev + b.flatten())


def first_example_only(W, a_prev, b):
    return sig(W @ a_prev[:, 0:1] + b)


def summed_batch(W, a_prev, b):
    return np.sum(sig(W @ a_prev + b), axis=1, keepdims=True)


def averaged_batch(W, a_prev, b):
    return np.mean(sig(W @ a_prev + b), axis=1, keepdims=True)


def test_right_answers_are_right():
    for fn in (right, right_loop):
        fb = check_layer_forward(fn)
        assert fb.ok and fb.text.startswith("Right"), fb.text
        assert "all 5 cases" in fb.text


@pytest.mark.parametrize("fn, phrase", [
    (no_bias, "left out the bias"),
    (returns_z, "returned z = W a_prev + b"),
    (sigma_before_bias, "applied σ before adding the bias"),
    (sign_slip, "the minus sign in e^(−z) is missing"),
    (transposed_W, "multiplied by the transpose, W.T @ a_prev"),
    (a_prev_first, "multiplied the wrong way round, a_prev @ W"),
    (examples_as_rows, "put the examples in the rows"),
    (elementwise, "multiplied elementwise"),
    (bias_row, "added the bias as a row"),
    (bias_flat, "added the bias as a row"),
    (first_example_only, "used only the first example"),
    (summed_batch, "summed over the batch"),
    (averaged_batch, "averaged over the batch"),
])
def test_each_slip_is_named(fn, phrase):
    fb = check_layer_forward(fn)
    assert not fb.ok and fb.text.startswith("Not quite"), fb.text
    assert phrase in fb.text, fb.text


def test_a_failing_transpose_names_the_learners_line_and_the_case():
    fb = check_layer_forward(transposed_W)
    assert "raised ValueError" in fb.text and "np.dot(W.T, a_prev)" in fb.text
    assert "W (3, 4), a_prev (4, 2), b (3, 1)" in fb.text


def test_a_silent_bias_broadcast_is_caught_where_the_shapes_fit():
    # b.T added to a (5, 5) result broadcasts without an error, with the wrong bias per entry:
    # the checker must still name it (case W (5, 3), a_prev (3, 5) has m = n_l).
    case = [c for c in layer_cases() if c["W"].shape == (5, 3)]
    fb = check_layer_forward(bias_row, cases=case)
    assert "a is wrong" in fb.text and "added the bias as a row" in fb.text


def test_stub_raise_list_shape_nan_loop_and_none():
    def layer_forward(W, a_prev, b):
        """a = σ(W a_prev + b)."""
        ...
    fb = check_layer_forward(layer_forward)
    assert fb.text.startswith("Not written yet") and "W @ a_prev" in fb.text

    def raises(W, a_prev, b):
        return sigmoid(W @ a_prev + b)      # noqa: F821 — the learner forgot to define it
    fb = check_layer_forward(raises)
    assert "raised NameError" in fb.text and "sigmoid(W @ a_prev + b)" in fb.text

    def as_list(W, a_prev, b):
        return right(W, a_prev, b).tolist()
    assert "numpy array" in check_layer_forward(as_list).text

    def wrong_shape(W, a_prev, b):
        return np.zeros((W.shape[1], 1))
    fb = check_layer_forward(wrong_shape)
    assert "a should have shape (3, 2)" in fb.text and "got (4, 1)" in fb.text
    assert "(3, 4) @ (4, 2) = (3, 2)" in fb.text         # the shapes, worked out

    def nan(W, a_prev, b):
        return right(W, a_prev, b) * np.nan
    assert "finite number" in check_layer_forward(nan).text

    def loops(W, a_prev, b):
        while True:
            pass
    assert "was stopped" in check_layer_forward(loops).text

    def forgets_return(W, a_prev, b):
        right(W, a_prev, b)
    assert "return statement" in check_layer_forward(forgets_return).text


def test_an_unknown_wrong_answer_gets_the_generic_hint():
    def off(W, a_prev, b):
        return right(W, a_prev, b) + 0.01
    fb = check_layer_forward(off)
    assert fb.text.startswith("Not quite") and "compute z = W @ a_prev + b first" in fb.text
    assert "This is what you get" not in fb.text


def test_the_shown_solution_is_a_right_answer():
    source = solution_source("layer_forward")
    assert source.startswith("def layer_forward(W, a_prev, b):")
    space = {"np": np}
    exec(source, space)                      # what the teacher's run pastes into the cell
    assert check_layer_forward(space["layer_forward"]).ok


def test_the_solution_of_the_count_is_right():
    space = {}
    exec(solution_source("parameter_count"), space)
    assert space["my_count"] == 784 * 30 + 30 + 30 * 10 + 10
    assert check_parameter_count(space["my_count"], [784, 30, 10]).startswith("Right")


@pytest.mark.parametrize("answer", [np.int64(23860), np.int32(23860), np.float64(23860.0), 23860.0])
def test_numpy_numbers_are_accepted_as_a_count(answer):
    assert check_parameter_count(answer, [784, 30, 10]).startswith("Right")


@pytest.mark.parametrize("answer", [float("nan"), float("inf"), np.float64(23860.5), "23860"])
def test_a_count_that_is_not_a_whole_number(answer):
    assert "whole number" in check_parameter_count(answer, [784, 30, 10])
