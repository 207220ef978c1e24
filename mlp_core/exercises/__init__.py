"""The "check yourself" exercises: each checker takes the learner's answer and returns a
message that says whether it is right, and if not, what is off. Numpy only."""
import math
import numbers

from ..i18n import _
from .coding import NO_ANSWER, NOT_QUITE, say   # the verdicts in the reader's language


def read_number(answer, what):
    """The learner's answer as a float, or the message to show instead: ``(x, None)`` or
    ``(None, message)``. None (not answered yet), text, and inf or NaN each get their own
    message naming ``what`` was asked for."""
    if answer is None:
        return None, say(NO_ANSWER, _("replace None with your {what} (a number) and run the "
                                      "cell.").format(what=what))
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return None, say(NOT_QUITE, _("{what} must be a number; got {answer} ({kind}).").format(
            what=what, answer=repr(answer), kind=type(answer).__name__))
    if not math.isfinite(answer):
        return None, say(NOT_QUITE, _("{what} must be a finite number; got {answer}.").format(
            what=what, answer=repr(answer)))
    return float(answer), None
