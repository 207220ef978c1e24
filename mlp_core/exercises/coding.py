"""Coding exercises: run the learner's function safely, then say what is right or what is off.

A checker runs the learner's function on a few small random cases (several shapes, batch
sizes m = 1 and m > 1, non-square matrices, so that a transpose or a missing sum cannot pass
by accident) and compares each result with a reference solution. When a result is wrong it
also compares it with *slips*: the reference with one typical mistake (σ instead of σ', a
sum instead of a mean, a missing transpose …). A slip that gives the learner's numbers on
every case is named in the lesson's own words.

Nothing the learner writes may crash the checker: an exception, a wrong type or shape, NaN,
a function that never returns, or a stub still unwritten each become a :class:`Feedback`.

Reference solutions are registered with :func:`reference` (or :func:`register_solution` for
an answer that is not a function); :func:`show_solution` prints one on request, and the
teacher's run (``python3 run.py solutions``) pastes each into its stub cell. So a reference
solution uses nothing but its arguments and ``np`` (numpy, imported as np in every notebook).
"""
import ast
import html
import inspect
import math
import signal
import textwrap
import threading
import traceback
from dataclasses import dataclass
from typing import Callable

import numpy as np

# The verdicts a Feedback's text starts with.
RIGHT, NOT_QUITE, NOT_WRITTEN, NO_ANSWER = "Right", "Not quite", "Not written yet", "No answer yet"


class Feedback:
    """A checker's verdict: ``ok`` is True only for a right answer; ``text`` starts with
    "Right", "Not quite", "Not written yet" or "No answer yet". In a notebook it shows as
    a coloured box (its text alone where HTML is not shown)."""

    def __init__(self, ok, text):
        self.ok = bool(ok)
        self.text = str(text)

    def __str__(self):
        return self.text

    def __repr__(self):
        return self.text

    def __eq__(self, other):
        return isinstance(other, Feedback) and (self.ok, self.text) == (other.ok, other.text)

    def _repr_html_(self):
        colour = "#2e7d32" if self.ok else (
            "#9e9e9e" if self.text.startswith((NOT_WRITTEN, NO_ANSWER)) else "#e65100")
        body = html.escape(self.text).replace("\n", "<br>")
        return (f'<div class="mlp-feedback" style="border-left: 4px solid {colour}; '
                f'padding: 4px 8px; white-space: pre-wrap">{body}</div>')


@dataclass
class Slip:
    """One typical mistake: ``compute`` is the reference with that mistake, taking the same
    arguments; ``explain`` says it in the lesson's words, to follow "This is what you get if
    you …" (e.g. "used σ instead of σ' in BP2")."""
    explain: str
    compute: Callable


# -- reference solutions -------------------------------------------------------------------
_SOLUTIONS = {}
# The modules that register solutions; show_solution imports them, so that a solution can be
# shown before its checker was imported.
_MODULES = ("structure", "cost", "descent", "nudges", "chain_rule", "graphs", "capstone")


def reference(name):
    """Decorator: register a function as the reference solution of exercise ``name`` (the
    name of the learner's stub function)."""
    def register(fn):
        _SOLUTIONS[name] = fn
        return fn
    return register


def register_solution(name, source):
    """Register the solution of an exercise whose answer is not a function: ``source`` is the
    code that answers it (e.g. ``'my_prediction = "down"'``)."""
    _SOLUTIONS[name] = textwrap.dedent(source).strip() + "\n"


def _load_all():
    import importlib
    for module in _MODULES:
        try:
            importlib.import_module(f"{__package__}.{module}")
        except ImportError:  # a module without exercises: nothing to register
            pass


def solution_source(name):
    """The source of exercise ``name``'s reference solution, as it would stand in the stub
    cell."""
    if name not in _SOLUTIONS:
        _load_all()
    if name not in _SOLUTIONS:
        known = ", ".join(sorted(_SOLUTIONS)) or "none"
        raise ValueError(f"no exercise is called {name!r}; the exercises are: {known}")
    solution = _SOLUTIONS[name]
    if isinstance(solution, str):
        return solution
    lines = textwrap.dedent(inspect.getsource(solution)).splitlines(keepends=True)
    while lines and lines[0].startswith("@"):  # the @reference(...) line is not the solution's
        lines.pop(0)
    return "".join(lines)


def exercise_names():
    """Every registered exercise's name, sorted."""
    _load_all()
    return sorted(_SOLUTIONS)


def show_solution(name):
    """Print the reference solution of exercise ``name``. Try the exercise first: the
    checker's messages teach more than a solution read too early."""
    print(solution_source(name), end="")


# -- calling the learner's code ------------------------------------------------------------
class _TimeOut(BaseException):
    """Raised inside the learner's function when it runs too long (a BaseException, so that
    an ``except Exception`` in their code cannot swallow it)."""


def is_stub(fn):
    """True if ``fn``'s body is still the stub's: only a docstring and ``...`` (or pass)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return False
    defs = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    if not defs:
        return False
    body = defs[0].body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None),
                                                             ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]  # the docstring
    return all(isinstance(s, ast.Pass) or (isinstance(s, ast.Expr) and
               isinstance(s.value, ast.Constant) and s.value.value is Ellipsis) for s in body)


def not_written_yet(name, first_hint):
    """The message for a stub that is still ``...``."""
    return Feedback(False, f"{NOT_WRITTEN}: replace the ... in {name} with your code and run "
                           f"its cell again, then this one.\nFirst hint: {first_hint}")


def _fn_name(fn):
    return getattr(fn, "__name__", type(fn).__name__)


def _learner_line(fn, tb):
    """'line 3 of layer_forward: z = W @ a_prev' — the deepest frame of the traceback that is
    in the learner's function, or '' when there is none."""
    code = getattr(fn, "__code__", None)
    found = None
    for frame, lineno in traceback.walk_tb(tb):
        if code is not None and frame.f_code is code:
            found = lineno
    if found is None:
        return ""
    line = ""
    try:
        lines, first = inspect.getsourcelines(fn)
        line = lines[found - first].strip()
    except (OSError, TypeError, IndexError):
        pass
    where = f"line {found - code.co_firstlineno + 1} of {fn.__name__}"
    return f" ({where}: {line})" if line else f" ({where})"


def call_learner(fn, *args, timeout=2.0, first_hint="", **kwargs):
    """Call the learner's ``fn(*args, **kwargs)``; return ``(value, None)``, or ``(None,
    Feedback)`` when it is not a function, is still a stub, raises, runs longer than
    ``timeout`` seconds, or returns None.

    The arguments are copies: the learner's function may change them without changing the
    checker's case."""
    name = _fn_name(fn)
    if not callable(fn):
        return None, Feedback(False, f"{NOT_QUITE}: pass the function itself, not "
                                     f"{type(fn).__name__} {fn!r}.")
    if is_stub(fn):
        return None, not_written_yet(name, first_hint)
    args = [np.copy(x) if isinstance(x, np.ndarray) else x for x in args]
    kwargs = {k: np.copy(v) if isinstance(v, np.ndarray) else v for k, v in kwargs.items()}
    try:
        with _time_limit(timeout), np.errstate(all="ignore"):
            value = fn(*args, **kwargs)
    except _TimeOut:
        return None, Feedback(False, f"{NOT_QUITE}: {name} ran for more than {timeout:g} s on "
                                     "a small case and was stopped. Is there a loop that never "
                                     "ends (a while whose condition never changes)?")
    except Exception as e:  # the learner's bug becomes a message, never a crash
        where = _learner_line(fn, e.__traceback__)
        return None, Feedback(False, f"{NOT_QUITE}: {name} raised {type(e).__name__}{where}: "
                                     f"{e}")
    if value is None:
        return None, Feedback(False, f"{NOT_QUITE}: {name} returned None. Did you forget the "
                                     "return statement?")
    return value, None


class _time_limit:
    """Stop the code in the with-block after ``seconds`` (SIGALRM, so only in the main thread
    on Unix, which is where a notebook runs its cells; elsewhere no limit is set)."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.active = (hasattr(signal, "setitimer")
                       and threading.current_thread() is threading.main_thread())

    def __enter__(self):
        if self.active:
            self.old = signal.signal(signal.SIGALRM, self._raise)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    @staticmethod
    def _raise(signum, frame):
        raise _TimeOut()

    def __exit__(self, *exc):
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.old)
        return False


# -- checking what came back ---------------------------------------------------------------
def describe_case(case):
    """A short description of a case's arguments: 'W (3, 4), a_prev (4, 2), b (3, 1)'."""
    parts = []
    for key, value in case.items():
        if isinstance(value, np.ndarray):
            parts.append(f"{key} {tuple(value.shape)}")
        elif isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
            parts.append(f"{key} = {value:g}")
    return ", ".join(parts)


def _shape_hint(got, expected):
    if len(got) == 2 and len(expected) == 2 and got == expected[::-1]:
        return " (the transpose: is a product the wrong way round, or a .T missing?)"
    if len(got) == 1 and len(expected) == 2 and got[0] in expected:
        return (" (a 1-D vector lost its column axis: keep it 2-D, e.g. with keepdims=True or "
                ".reshape(-1, 1))")
    if len(got) == 2 and len(expected) == 2 and got[0] == got[1] == expected[0] != expected[1]:
        return (" (a square matrix where a (n, m) one was expected: a (n,) vector broadcast "
                "against a column makes one; keep vectors as (n, 1) columns)")
    if len(got) == 2 and len(expected) == 2 and got[0] == expected[0] and got[1] == 1:
        return " (one column: was the batch summed or only one example used?)"
    if len(got) == 0 and len(expected) > 0:
        return " (a single number: was everything summed?)"
    return ""


def check_array(value, expected_shape, name="the result", context=""):
    """None if ``value`` is a numeric array of ``expected_shape`` with finite entries; else a
    Feedback that names the array, the expected and received shape, and the likely cause.
    ``context`` describes the case ('for W (3, 4), …')."""
    where = f" {context}" if context else ""
    expected_shape = tuple(expected_shape)
    if isinstance(value, (list, tuple)):
        return Feedback(False, f"{NOT_QUITE}: {name} should be a numpy array of shape "
                               f"{expected_shape}{where}; got a {type(value).__name__}. Build "
                               "it with numpy operations (or np.array(...)).")
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        value = np.asarray(value)
    if not isinstance(value, np.ndarray):
        return Feedback(False, f"{NOT_QUITE}: {name} should be a numpy array of shape "
                               f"{expected_shape}{where}; got {type(value).__name__}.")
    if value.dtype.kind not in "fiu":
        return Feedback(False, f"{NOT_QUITE}: {name} should hold numbers; got an array of "
                               f"dtype {value.dtype}.")
    if value.shape != expected_shape:
        return Feedback(False, f"{NOT_QUITE}: {name} should have shape {expected_shape}{where}; "
                               f"got {value.shape}{_shape_hint(value.shape, expected_shape)}.")
    if not np.all(np.isfinite(value)):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(value))[0])
        return Feedback(False, f"{NOT_QUITE}: {name}{where} holds {value[bad]} at index {bad}. "
                               "Every entry should be a finite number: look for a division "
                               "by zero, a log of 0, or an exp that overflows.")
    return None


def _close(got, want, rtol, atol):
    return got.shape == want.shape and np.allclose(got, want, rtol=rtol, atol=atol)


def _call_quietly(fn, case):
    with np.errstate(all="ignore"):
        return np.asarray(fn(**case), dtype=float)


def matching_slip(results, cases, slips, rtol=1e-6, atol=1e-9):
    """The first slip that gives ``results[i]`` on every case ``cases[i]``, or None."""
    for slip in slips:
        try:
            if all(_close(np.asarray(r, dtype=float), _call_quietly(slip.compute, case), rtol, atol)
                   for r, case in zip(results, cases)):
                return slip
        except Exception:  # a slip that cannot be computed for this case cannot match
            continue
    return None


def check_function(fn, reference_fn, cases, *, name, result_name, first_hint, right, hint,
                   slips=(), rtol=1e-6, atol=1e-9, timeout=2.0):
    """Check a learner's function that returns one array.

    Parameters
    ----------
    fn : the learner's function
    reference_fn : the right function, same arguments
    cases : list of dict — keyword arguments, one dict a case
    name : str — the function's name, as the learner wrote it
    result_name : str — what the result is called in the lesson ('a', 'C', 'grad_W')
    first_hint : str — shown while the stub is unwritten
    right : str — what "Right" adds (what the learner has just shown)
    hint : str — shown when the result is wrong and no slip matches
    slips : sequence of Slip

    Returns
    -------
    Feedback
    """
    results = []
    for case in cases:
        value, fb = call_learner(fn, timeout=timeout, first_hint=first_hint, **case)
        if fb is not None:
            return fb
        want = np.asarray(reference_fn(**case), dtype=float)
        fb = check_array(value, want.shape, result_name, f"for {describe_case(case)}")
        if fb is not None:
            # A wrong shape can itself be a named slip (a missing transpose …).
            slip = _slip_on_shape(value, case, slips)
            if slip is not None:
                return Feedback(False, f"{fb.text}\nThis is what you get if you {slip.explain}.")
            return fb
        results.append(np.asarray(value, dtype=float))
    for i, (got, case) in enumerate(zip(results, cases)):
        want = np.asarray(reference_fn(**case), dtype=float)
        if not _close(got, want, rtol, atol):
            slip = matching_slip(results, cases, slips, rtol, atol)
            diff = float(np.max(np.abs(got - want)))
            head = (f"{NOT_QUITE}: {result_name} is wrong for {describe_case(case)} "
                    f"(case {i + 1} of {len(cases)}; largest difference {diff:.3g}).")
            if slip is not None:
                return Feedback(False, f"{head}\nThis is what you get if you {slip.explain}.")
            return Feedback(False, f"{head}\nHint: {hint}")
    return Feedback(True, f"{RIGHT}: {name} agrees with the reference on all {len(cases)} "
                          f"cases. {right}")


def _slip_on_shape(value, case, slips):
    for slip in slips:
        try:
            if np.shape(value) == np.shape(_call_quietly(slip.compute, case)):
                got = np.asarray(value, dtype=float)
                if _close(got, _call_quietly(slip.compute, case), 1e-6, 1e-9):
                    return slip
        except Exception:
            continue
    return None


def close_enough(a, b, rtol=1e-6, atol=1e-9):
    """True if two arrays (or numbers) have one shape and agree within the tolerances."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.all(np.isfinite(a))) and _close(a, b, rtol, atol)


def is_finite_number(x):
    """True for a real, finite number (not a bool)."""
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool) \
        and math.isfinite(x)
