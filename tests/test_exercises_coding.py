"""The coding-exercise framework: every way a learner's function can go wrong becomes a message."""
import numpy as np
import pytest

from mlp_core.exercises import coding
from mlp_core.exercises.coding import (Feedback, Slip, call_learner, check_array, check_function,
                                       is_stub, reference, show_solution, solution_source)


def affine(W, x, b):
    return W @ x + b


CASES = [dict(W=np.arange(6.0).reshape(2, 3) / 7, x=np.linspace(-1, 1, 12).reshape(3, 4),
              b=np.array([[0.5], [-0.25]])),
         dict(W=np.arange(12.0).reshape(4, 3) / 5 - 1, x=np.ones((3, 1)) * 0.3,
              b=np.arange(4.0).reshape(4, 1))]
SLIPS = [Slip("left out the bias b", lambda W, x, b: W @ x),
         Slip("subtracted the bias", lambda W, x, b: W @ x - b)]


def check(fn):
    return check_function(fn, affine, CASES, name="affine", result_name="z",
                          first_hint="multiply, then add", right="Well done.",
                          hint="z = W x + b", slips=SLIPS, timeout=0.5)


def test_the_reference_is_right():
    fb = check(affine)
    assert fb.ok and fb.text.startswith("Right") and "all 2 cases" in fb.text


def stub(W, x, b):
    """A stub: only a docstring and ..."""
    ...


def test_a_stub_is_not_written_yet_and_gets_the_first_hint():
    assert is_stub(stub) and not is_stub(affine)
    fb = check(stub)
    assert not fb.ok
    assert fb.text.startswith("Not written yet") and "First hint: multiply, then add" in fb.text


def test_each_slip_is_named():
    assert "left out the bias b" in check(lambda W, x, b: W @ x).text
    assert "subtracted the bias" in check(lambda W, x, b: W @ x - b).text


def test_a_wrong_result_matching_no_slip_gets_the_hint():
    fb = check(lambda W, x, b: 2 * (W @ x + b))
    assert fb.text.startswith("Not quite") and "case 1 of 2" in fb.text and "Hint: z = W x + b" in fb.text


def raises(W, x, b):
    z = W @ x
    return z + b[5]


def test_an_exception_names_its_type_and_the_learners_line():
    fb = check(raises)
    assert fb.text.startswith("Not quite: raises raised IndexError (line 3 of raises: return z + b[5])")


def test_a_list_a_wrong_shape_and_nan_each_get_their_message():
    assert "got a list" in check(lambda W, x, b: (W @ x + b).tolist()).text
    transposed = check(lambda W, x, b: (W @ x + b).T).text
    assert "should have shape (2, 4)" in transposed and "got (4, 2)" in transposed
    assert "transpose" in transposed
    assert "holds nan at index (0, 0)" in check(lambda W, x, b: (W @ x + b) * np.nan).text
    assert "returned None" in check(lambda W, x, b: None).text
    assert "column axis" in check(lambda W, x, b: (W @ x + b)[:, 0]).text


def loops(W, x, b):
    while True:
        pass


def test_a_function_that_never_returns_is_stopped():
    fb = check(loops)
    assert "ran for more than 0.5 s" in fb.text and not fb.ok


def test_the_learners_function_cannot_change_the_checkers_cases():
    def in_place(W, x, b):
        x *= 0
        return W @ x + b
    check(in_place)
    assert CASES[1]["x"][0, 0] == 0.3


def test_call_learner_refuses_what_is_not_a_function():
    value, fb = call_learner(42)
    assert value is None and "pass the function itself" in fb.text


def test_check_array_says_square_from_broadcast():
    fb = check_array(np.zeros((3, 3)), (3, 5), "a")
    assert "a (n,) vector broadcast" in fb.text


def test_show_solution_prints_the_source_without_the_decorator(capsys, tmp_path, monkeypatch):
    (tmp_path / "solved_for_test.py").write_text(
        'from mlp_core.exercises.coding import reference\n\n\n'
        '@reference("doubled_for_test")\ndef doubled_for_test(x):\n    """Twice x."""\n'
        '    return 2 * x\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        __import__("solved_for_test")
        show_solution("doubled_for_test")
    finally:
        coding._SOLUTIONS.pop("doubled_for_test", None)  # not an exercise of the series
    out = capsys.readouterr().out
    assert out == 'def doubled_for_test(x):\n    """Twice x."""\n    return 2 * x\n'
    with pytest.raises(ValueError, match="no exercise is called 'nope'"):
        solution_source("nope")


def test_feedback_shows_as_text_and_html():
    fb = Feedback(True, "Right: <yes>")
    assert repr(fb) == "Right: <yes>" and "&lt;yes&gt;" in fb._repr_html_()
    assert coding.RIGHT == "Right"
