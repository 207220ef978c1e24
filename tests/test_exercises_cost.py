"""The 'check yourself' checkers of notebooks 01 and 02: right answers pass, each usual slip
is named, and the expected values come from plain formulas written here."""
import numpy as np
import pytest

from mlp_core.exercises.cost import check_example_cost, likely_mistakes
from mlp_core.exercises.structure import check_parameter_count, parameter_count

A = np.array([0.12, 0.43, 0.31, 0.88, 0.05, 0.67, 0.2, 0.5, 0.91, 0.33])


def by_hand(a, label):
    # written out term by term, as a learner would
    total = 0.0
    for j, aj in enumerate(a):
        yj = 1.0 if j == label else 0.0
        total += (aj - yj) * (aj - yj)
    return total


@pytest.mark.parametrize("label", [0, 3, 9])
def test_right_answer_is_accepted(label):
    msg = check_example_cost(by_hand(A, label), A, label)
    assert msg.startswith("Right"), msg
    assert f"{by_hand(A, label):.4f}" in msg


def test_answer_rounded_to_three_decimals_is_accepted():
    assert check_example_cost(round(by_hand(A, 2), 3), A, 2).startswith("Right")


def test_column_input_is_accepted():
    assert check_example_cost(by_hand(A, 2), A.reshape(-1, 1), 2).startswith("Right")


@pytest.mark.parametrize("wrong, phrase", [
    (lambda a, y: np.sum(a - y), "did not square"),
    (lambda a, y: np.sum((a - y) ** 2) / 10, "averaged over the 10 outputs"),
    (lambda a, y: 0.5 * np.sum((a - y) ** 2), "Nielsen"),
    (lambda a, y: np.sqrt(np.sum((a - y) ** 2)), "square root"),
    (lambda a, y: np.sum(a ** 2), "left out the target"),
])
def test_usual_slips_are_named(wrong, phrase):
    y = np.zeros(10)
    y[2] = 1.0
    msg = check_example_cost(float(wrong(A, y)), A, 2)
    assert msg.startswith("Not quite"), msg
    assert phrase in msg
    assert f"{by_hand(A, 2):.4f}" in msg      # and the right value is given


def test_other_wrong_answers_get_a_hint():
    msg = check_example_cost(by_hand(A, 2) + 0.5, A, 2)
    assert msg.startswith("Not quite") and "target" in msg
    assert "at least 0" in check_example_cost(-2.0, A, 2)


def test_no_answer_and_non_numbers():
    assert check_example_cost(None, A, 2).startswith("No answer yet")
    assert "must be a number" in check_example_cost("three", A, 2)
    assert "finite" in check_example_cost(float("nan"), A, 2)


def test_bad_label_and_shape_are_refused():
    with pytest.raises(ValueError, match="label"):
        check_example_cost(1.0, A, 10)
    with pytest.raises(ValueError, match="shape"):
        check_example_cost(1.0, np.ones((10, 2)), 1)


def test_slips_differ_from_the_right_answer():
    # otherwise a right answer could be reported as a slip
    for v in likely_mistakes(A, 2).values():
        assert abs(v - by_hand(A, 2)) > 1e-2


@pytest.mark.parametrize("sizes, expected", [
    ([784, 16, 16, 10], 784 * 16 + 16 * 16 + 16 * 10 + 16 + 16 + 10),
    ([784, 30, 10], 23860),
    ([2, 1], 3),
])
def test_parameter_count(sizes, expected):
    assert parameter_count(sizes) == expected
    assert check_parameter_count(expected, sizes).startswith("Right")


def test_parameter_count_matches_network():
    from mlp_core import Network
    assert parameter_count([784, 16, 16, 10]) == Network([784, 16, 16, 10]).n_params == 13002


@pytest.mark.parametrize("answer, phrase", [
    (784 * 30 + 30 * 10, "not the biases"),
    (784 * 30 + 30 * 10 + 784 + 30 + 10, "input neurons biases"),
    (784 + 30 + 10, "counted the neurons"),
    (12345, "is not it"),
])
def test_parameter_count_slips(answer, phrase):
    msg = check_parameter_count(answer, [784, 30, 10])
    assert msg.startswith("Not quite") and phrase in msg


def test_parameter_count_bad_input():
    assert check_parameter_count(None, [3, 2]).startswith("No answer yet")
    assert "whole number" in check_parameter_count(2.5, [3, 2])
    with pytest.raises(ValueError, match="sizes"):
        check_parameter_count(3, [3])
