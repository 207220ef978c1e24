import numpy as np

from mlp_core.exercises.capstone import check_most_confused, check_weakest_digit

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
