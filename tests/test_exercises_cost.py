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


# -- notebook 02's check-yourself as a learner meets it: image 7, labelled 8 -----------------
SHOWN = np.array([0.19, 0.25, 0.68, 0.57, 0.53, 0.75, 0.45, 0.53, 0.74, 0.55])


def test_a_cost_rounded_to_two_decimals_like_the_outputs_is_accepted():
    exact = by_hand(SHOWN, 8)
    assert exact == pytest.approx(2.5828)
    assert check_example_cost(2.58, SHOWN, 8, index=7).startswith("Right")
    assert check_example_cost(2.583, SHOWN, 8, index=7).startswith("Right")
    assert check_example_cost(2.59, SHOWN, 8, index=7).startswith("Not quite")   # not 2.5828 rounded
    assert check_example_cost(2.57, SHOWN, 8, index=7).startswith("Not quite")


def test_the_one_put_at_the_images_number_is_named():
    at_7 = float(np.sum((SHOWN - np.eye(10)[7]) ** 2))
    msg = check_example_cost(round(at_7, 2), SHOWN, 8, index=7)
    assert msg.startswith("Not quite") and "number in the training set" in msg \
        and "label is 8" in msg
    # another wrong digit is named too, without the story of the image's number
    at_3 = float(np.sum((SHOWN - np.eye(10)[3]) ** 2))
    msg = check_example_cost(at_3, SHOWN, 8, index=7)
    assert "1 at digit 3" in msg and "training set" not in msg


# -- the coding exercise: batch_cost --------------------------------------------------------
from mlp_core.exercises.cost import (BATCH_COST_SLIPS, batch_cost, batch_cost_cases,  # noqa: E402
                                     check_batch_cost, check_raise_prediction)


def batch_cost_by_hand(A, labels):
    total = 0.0
    for i, label in enumerate(labels):
        total += by_hand(A[:, i], label)
    return total / len(labels)


def test_batch_cost_reference_against_by_hand_and_network():
    from mlp_core import Network
    for case in batch_cost_cases():
        assert batch_cost(**case) == pytest.approx(batch_cost_by_hand(case["A"], case["labels"]))
    net = Network([5, 3, 4], cost="squared_error", seed=2)
    X, labels = np.random.default_rng(0).random((5, 6)), np.array([0, 3, 1, 1, 2, 0])
    assert batch_cost(net.feedforward(X), labels) == pytest.approx(net.cost(X, labels))
    fb = check_batch_cost(batch_cost)
    assert fb.ok and fb.text.startswith("Right")


def cost_with_a_loop(A, labels):
    n, m = A.shape
    total = 0.0
    for i in range(m):
        y = np.zeros(n)
        y[labels[i]] = 1
        total += np.sum((A[:, i] - y) ** 2)
    return total / m


def test_another_right_version_and_a_numpy_float_are_accepted():
    assert check_batch_cost(cost_with_a_loop).ok
    assert check_batch_cost(lambda A, labels: np.float32(batch_cost(A, labels))).ok


def targets(A, labels):
    return np.eye(A.shape[0])[:, labels]


@pytest.mark.parametrize("wrong, phrase", [
    (lambda A, labels: np.mean((A - targets(A, labels)) ** 2), "averaged over the outputs too"),
    (lambda A, labels: np.sum((A - targets(A, labels)) ** 2), "off by a factor m"),
    (lambda A, labels: 0.5 * np.mean(np.sum((A - targets(A, labels)) ** 2, axis=0)), "Nielsen"),
    (lambda A, labels: np.mean(np.sum(A - targets(A, labels), axis=0)), "forgot the square"),
    (lambda A, labels: np.mean(np.sum(np.abs(A - targets(A, labels)), axis=0)), "|a_j − y_j|"),
    (lambda A, labels: np.sum((A - np.eye(A.shape[0])[labels]) ** 2) / A.shape[1],
     "one row per example"),
    (lambda A, labels: np.mean(np.sum((A - targets(A, labels)) ** 2, axis=1)), "axes swapped"),
    (lambda A, labels: np.sum((A - targets(A, labels)) ** 2, axis=0), "without averaging"),
    (lambda A, labels: np.mean(np.sum(A ** 2, axis=0)), "left out the targets"),
    (lambda A, labels: np.mean(np.linalg.norm(A - targets(A, labels), axis=0)), "square root"),
])
def test_batch_cost_slips_are_named(wrong, phrase):
    fb = check_batch_cost(wrong)
    assert not fb.ok and fb.text.startswith("Not quite") and phrase in fb.text, fb.text


def rows_as_examples(A, labels):
    Y = np.eye(A.shape[0])[labels]
    return np.sum((A - Y) ** 2) / A.shape[1]


def test_transposed_targets_raise_and_are_named_with_the_learners_line():
    fb = check_batch_cost(rows_as_examples)
    assert "ValueError" in fb.text and "line 3 of rows_as_examples" in fb.text
    assert "columns are examples" in fb.text


def test_the_slip_that_raises_is_named_in_chinese_too():
    # the checker recognises the learner's error by its type, not by the English words of
    # the message ("raised ValueError"), which the Chinese edition does not show
    from mlp_core.exercises.coding import because_of
    from mlp_core.i18n import set_language
    slip = next(s for s in BATCH_COST_SLIPS if "one row per example" in s.explain)
    set_language("zh_CN")
    try:
        fb = check_batch_cost(rows_as_examples)
        named = because_of(slip)
    finally:
        set_language("en")
    assert not fb.ok and "ValueError" in fb.text and "raised" not in fb.text
    assert named in fb.text and named != because_of(slip)     # the Chinese sentence, not the English


def test_each_batch_cost_slip_differs_from_the_reference_on_some_case():
    # (with m = 1 a sum over the batch is its mean: the other cases tell them apart)
    for slip in BATCH_COST_SLIPS:
        differs = False
        for case in batch_cost_cases():
            try:
                value = slip.compute(**case)
            except ValueError:      # the transposed targets cannot be subtracted: they raise
                differs = True
                continue
            differs |= np.shape(value) != () or not np.isclose(value, batch_cost(**case))
        assert differs, slip.explain


def test_batch_cost_learner_errors_become_messages():
    def raises(A, labels):
        return A[99, 0]
    fb = check_batch_cost(raises)
    assert fb.text.startswith("Not quite") and "IndexError" in fb.text and "A[99, 0]" in fb.text
    assert "returned None" in check_batch_cost(lambda A, labels: None).text
    assert "got a list" in check_batch_cost(lambda A, labels: [1.0]).text
    assert "shape ()" in check_batch_cost(lambda A, labels: A).text
    assert "nan" in check_batch_cost(lambda A, labels: np.nan).text.lower()
    assert "stopped" in check_batch_cost(_forever).text


def _forever(A, labels):
    while True:
        A = A + 0


def batch_cost_stub(A, labels):
    """The stub."""
    ...


def test_batch_cost_stub_is_not_written_yet():
    fb = check_batch_cost(batch_cost_stub)
    assert fb.text.startswith("Not written yet") and "one-hot targets Y" in fb.text


# -- predict, then check: how many of W[3][2, :] lower the cost when raised ----------------
def test_raise_prediction():
    row = np.array([0.05, 0.13, 0.2])
    fb = check_raise_prediction(0, row, 0.101, 0.68)
    assert fb.ok and "all 3 slopes" in fb.text and "90%" in fb.text and "0.32 too low" in fb.text
    fb = check_raise_prediction(3, row, 0.101, 0.68)
    assert not fb.ok and "opposite" in fb.text
    fb = check_raise_prediction(1, row, 0.101, 0.68)
    assert not fb.ok and "sign of a weight does not decide" in fb.text
    assert check_raise_prediction(None, row, 0.1, 0.68).text.startswith("No answer yet")
    assert "whole number from 0 to 3" in check_raise_prediction(1.5, row, 0.1, 0.68).text
    # with some negative slopes the checker counts them, and names them
    fb = check_raise_prediction(1, np.array([0.1, -0.2, 0.3]), 0.5, 0.5)
    assert fb.ok and "k = [1]" in fb.text
