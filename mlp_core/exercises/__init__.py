"""The "check yourself" exercises: each checker takes the learner's answer and returns a
message that says whether it is right, and if not, what is off. Numpy only."""
import math
import numbers


def read_number(answer, what):
    """The learner's answer as a float, or the message to show instead: ``(x, None)`` or
    ``(None, message)``. None (not answered yet), text, and inf or NaN each get their own
    message naming ``what`` was asked for."""
    if answer is None:
        return None, f"No answer yet: replace None with your {what} (a number) and run the cell."
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return None, f"Not quite: {what} must be a number; got {answer!r} ({type(answer).__name__})."
    if not math.isfinite(answer):
        return None, f"Not quite: {what} must be a finite number; got {answer!r}."
    return float(answer), None
