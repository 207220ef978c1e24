"""Notebook 04's exercises: one output neuron's three levers (code), the "2" versus the "8"
(a prediction), and value for money (a choice).

Each wrong version below is written out as a learner would write it (not taken from the
checker's own slip table), so each test shows that the checker recognises a real mistake.
Expected values come from central differences, never from the function under test."""
import numpy as np
import pytest

import mlp_core
from mlp_core import nudges as nd
from mlp_core.exercises.coding import solution_source
from untranslated import words_outside_brackets
from mlp_core.exercises.nudges import (check_output_neuron_nudges, check_push_prediction,
                                       nudge_cases, push_comparison)


def sig(z):
    return 1.0 / (1.0 + np.exp(-z))


def right(a_prev, w, b, y):
    a = sig(np.dot(w, a_prev) + b)
    dz = -2.0 * (a - y) * a * (1.0 - a)
    return dz, dz * a_prev, dz * w


def right_loop(a_prev, w, b, y):
    z = b
    for k in range(len(w)):
        z = z + w[k] * a_prev[k]
    a = sig(z)
    wish_a = 2 * (y - a)
    wish_z = wish_a * sig(z) * (1 - sig(z))
    return float(wish_z), np.array([wish_z * v for v in a_prev]), np.array([wish_z * v for v in w])


def no_slope(a_prev, w, b, y):
    a = sig(w @ a_prev + b)
    dz = 2 * (y - a)
    return dz, dz * a_prev, dz * w


def sigma_not_slope(a_prev, w, b, y):
    a = sig(w @ a_prev + b)
    dz = 2 * (y - a) * a
    return dz, dz * a_prev, dz * w


def slope_at_a(a_prev, w, b, y):
    a = sig(w @ a_prev + b)
    dz = 2 * (y - a) * sig(a) * (1 - sig(a))
    return dz, dz * a_prev, dz * w


def gradient_not_nudge(a_prev, w, b, y):
    a = sig(w @ a_prev + b)
    dz = 2 * (a - y) * a * (1 - a)
    return dz, dz * a_prev, dz * w


def no_two(a_prev, w, b, y):
    a = sig(w @ a_prev + b)
    dz = (y - a) * a * (1 - a)
    return dz, dz * a_prev, dz * w


def swapped_levers(a_prev, w, b, y):
    a = sig(w @ a_prev + b)
    dz = 2 * (y - a) * a * (1 - a)
    return dz, dz * w, dz * a_prev


def no_bias(a_prev, w, b, y):
    a = sig(w @ a_prev)
    dz = 2 * (y - a) * a * (1 - a)
    return dz, dz * a_prev, dz * w


def test_the_reference_agrees_with_central_differences():
    for case in nudge_cases():
        a_prev, w, b, y = case["a_prev"], case["w"], case["b"], case["y"]
        cost = lambda a_prev_, w_, b_: (sig(w_ @ a_prev_ + b_) - y) ** 2
        eps = 1e-6
        db = -(cost(a_prev, w, b + eps) - cost(a_prev, w, b - eps)) / (2 * eps)
        dw = -np.array([(cost(a_prev, w + eps * e, b) - cost(a_prev, w - eps * e, b)) / (2 * eps)
                        for e in np.eye(w.size)])
        da = -np.array([(cost(a_prev + eps * e, w, b) - cost(a_prev - eps * e, w, b)) / (2 * eps)
                        for e in np.eye(w.size)])
        got = right(**case)
        np.testing.assert_allclose(got[0], db, rtol=1e-6, atol=1e-10)
        np.testing.assert_allclose(got[1], dw, rtol=1e-6, atol=1e-10)
        np.testing.assert_allclose(got[2], da, rtol=1e-6, atol=1e-10)


def test_right_answers_are_right():
    for fn in (right, right_loop):
        fb = check_output_neuron_nudges(fn)
        assert fb.ok and fb.text.startswith("Right"), fb.text


@pytest.mark.parametrize("fn, lever, phrase", [
    (no_slope, "bias_nudge", "left out σ'(z)"),
    (sigma_not_slope, "bias_nudge", "used σ(z) = a where σ'(z) = a(1 − a) belongs"),
    (slope_at_a, "bias_nudge", "took the slope at a instead of at z"),
    (gradient_not_nudge, "bias_nudge", "flipped the sign"),
    (no_two, "bias_nudge", "dropped the factor 2"),
    (swapped_levers, "weight_nudges", "swapped levers 2 and 3"),
    (no_bias, "bias_nudge", "left the bias out of z"),
])
def test_each_slip_is_named_with_the_first_lever_that_is_off(fn, lever, phrase):
    fb = check_output_neuron_nudges(fn)
    assert not fb.ok and fb.text.startswith("Not quite"), fb.text
    assert f"{lever} (lever" in fb.text, fb.text
    assert phrase in fb.text, fb.text


def test_stub_raise_list_shape_nan_loop_and_none():
    def output_neuron_nudges(a_prev, w, b, y):
        """…"""
        ...
    fb = check_output_neuron_nudges(output_neuron_nudges)
    assert fb.text.startswith("Not written yet") and "σ'(z) = a(1 − a)" in fb.text

    def raises(a_prev, w, b, y):
        a = sig(w @ a_prev.T + bias)          # noqa: F821 — a name the learner never defined
        return a, a, a
    fb = check_output_neuron_nudges(raises)
    assert "raised NameError" in fb.text and "w @ a_prev.T + bias" in fb.text

    def as_list(a_prev, w, b, y):
        return list(right(a_prev, w, b, y))[:2]
    assert "return three things" in check_output_neuron_nudges(as_list).text

    def wrong_shape(a_prev, w, b, y):
        bn, wn, pw = right(a_prev, w, b, y)
        return bn, wn.reshape(-1, 1), pw
    fb = check_output_neuron_nudges(wrong_shape)
    assert "weight_nudges should have shape (5,)" in fb.text and "got (5, 1)" in fb.text

    def bias_vector(a_prev, w, b, y):
        bn, wn, pw = right(a_prev, w, b, y)
        return np.full(3, bn), wn, pw
    assert "bias_nudge should be one number" in check_output_neuron_nudges(bias_vector).text

    def nan(a_prev, w, b, y):
        bn, wn, pw = right(a_prev, w, b, y)
        return bn, wn * np.nan, pw
    assert "finite number" in check_output_neuron_nudges(nan).text

    def loops(a_prev, w, b, y):
        while True:
            pass
    assert "was stopped" in check_output_neuron_nudges(loops).text

    def forgets_return(a_prev, w, b, y):
        right(a_prev, w, b, y)
    assert "return statement" in check_output_neuron_nudges(forgets_return).text


def test_an_unknown_wrong_answer_gets_the_generic_hint():
    def off(a_prev, w, b, y):
        bn, wn, pw = right(a_prev, w, b, y)
        return bn, wn, pw + 0.01
    fb = check_output_neuron_nudges(off)
    assert "prev_wish (lever 3" in fb.text and "Hint:" in fb.text
    assert "This is what you get" not in fb.text


def test_the_shown_solution_is_a_right_answer():
    source = solution_source("output_neuron_nudges")
    assert source.startswith("def output_neuron_nudges(a_prev, w, b, y):")
    space = {"np": np}
    exec(source, space)
    assert check_output_neuron_nudges(space["output_neuron_nudges"]).ok


# -- the prediction: whose push is stronger ------------------------------------------------
def test_push_comparison_from_the_widgets_own_parts():
    net = mlp_core.Network([6, 5, 4, 3], seed=2)
    x = np.random.default_rng(0).random((6, 1))
    w = nd.desired_changes(net, x, [1])
    c = push_comparison(net.W[3], w.a[3][:, 0], w.wish[3][:, 0], (1, 2))
    parts = nd.wish_by_output_neuron(net, w, 2)          # what the widget stacks
    assert c.push == pytest.approx((np.abs(parts[1]).sum(), np.abs(parts[2]).sum()), rel=1e-12)
    assert c.z_wish == pytest.approx((w.z_wish[3][1, 0], w.z_wish[3][2, 0]), rel=1e-12)


def _comparison(push):
    from mlp_core.exercises.nudges import PushComparison
    return PushComparison((2, 8), (0.042, 0.313), (1.917, -0.626), (0.040, 0.215),
                          (0.0765, -0.1346), (16.6, 10.0), push)


def test_push_prediction_right_wrong_and_bad_answers():
    c = _comparison((1.271, 1.347))
    assert check_push_prediction("8", c).ok and check_push_prediction(8, c).ok
    fb = check_push_prediction("2", c)
    assert not fb.ok and "a wish for a is not yet a push" in fb.text and "saturated" in fb.text
    assert check_push_prediction(None, c).text.startswith("No answer yet")
    assert "answer with \"2\" or \"8\"" in check_push_prediction("5", c).text
    # the verdict follows the numbers, not a fixed answer
    assert check_push_prediction("2", _comparison((1.5, 1.2))).ok


def test_the_push_solution_is_a_prediction():
    space = {}
    exec(solution_source("stronger_push_prediction"), space)
    assert space["my_prediction"] == "8"


# -- every word of the feedback goes through _() (the Chinese edition shows it in Chinese) --------
def test_every_feedback_is_translated(bracketed):

    def output_neuron_nudges(a_prev, w, b, y):
        """…"""
        ...

    def raises(a_prev, w, b, y):
        return w @ a_prev.T + bias            # noqa: F821

    def off(a_prev, w, b, y):
        bn, wn, pw = right(a_prev, w, b, y)
        return bn, wn, pw + 0.01
    learners = [right, output_neuron_nudges, raises, off, no_slope, swapped_levers,
                lambda a_prev, w, b, y: [1.0, 2.0], lambda a_prev, w, b, y: 3.0,
                lambda a_prev, w, b, y: (np.ones(2),) + right(a_prev, w, b, y)[1:]]
    texts = [check_output_neuron_nudges(fn).text for fn in learners]
    c = _comparison((1.271, 1.347))
    texts += [check_push_prediction(a, c).text for a in (None, "5", "2", "8")]
    texts += [check_push_prediction("2", _comparison((1.5, 1.2))).text]
    assert len(set(texts)) == len(texts)
    for text in texts:
        assert text.startswith("«") and not words_outside_brackets(text), text
