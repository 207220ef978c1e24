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

from ..i18n import LANGUAGES, N_, _, catalog_path, compile_catalog

# The verdicts a Feedback's text starts with (in English; say() puts them in the reader's
# language, and verdict_forms() gives every language's form, for tools that read verdicts).
RIGHT, NOT_QUITE = N_("Right"), N_("Not quite")
NOT_WRITTEN, NO_ANSWER = N_("Not written yet"), N_("No answer yet")


def say(verdict, message):
    """A checker's message in the reader's language: "Not quite: " + ``message`` in English,
    "还不对：" + ``message`` in Chinese. ``verdict`` is one of RIGHT, NOT_QUITE, NOT_WRITTEN,
    NO_ANSWER; ``message`` is already translated."""
    return _("{verdict}: {message}").format(verdict=_(verdict), message=message)


def verdict_forms(verdict):
    """``verdict`` (RIGHT, NOT_QUITE, …) in every language of the catalogs, English first,
    e.g. ("Not quite", "还不对"): what a verdict line starts with, whichever language the
    notebook was run in."""
    forms = [verdict]
    for language in LANGUAGES[1:]:
        text = compile_catalog(catalog_path(language)).gettext(verdict)
        if text not in forms:
            forms.append(text)
    return tuple(forms)


class Feedback:
    """A checker's verdict: ``ok`` is True only for a right answer; ``text`` starts with
    "Right", "Not quite", "Not written yet" or "No answer yet" (in the reader's language:
    :func:`say`). In a notebook it shows as a coloured box (its text alone where HTML is not
    shown). ``exception`` is the exception the learner's function raised, if that is what
    the feedback is about (else None)."""

    def __init__(self, ok, text, exception=None):
        self.ok = bool(ok)
        self.text = str(text)
        self.exception = exception

    def __str__(self):
        return self.text

    def __repr__(self):
        return self.text

    def __eq__(self, other):
        return isinstance(other, Feedback) and (self.ok, self.text) == (other.ok, other.text)

    def _repr_html_(self):
        colour = "#2e7d32" if self.ok else (
            "#9e9e9e" if self.text.startswith((NOT_WRITTEN, NO_ANSWER, _(NOT_WRITTEN),
                                               _(NO_ANSWER))) else "#e65100")
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
    """The message for a stub that is still ``...`` (``first_hint`` in English: it is
    translated here)."""
    return Feedback(False, say(NOT_WRITTEN, _(
        "replace the ... in {name} with your code and run its cell again, then this one.\n"
        "First hint: {hint}").format(name=name, hint=_(first_hint))))


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
    where = _("line {n} of {name}").format(n=found - code.co_firstlineno + 1, name=fn.__name__)
    return f" ({where}: {line})" if line else f" ({where})"


def call_learner(fn, *args, timeout=2.0, first_hint="", **kwargs):
    """Call the learner's ``fn(*args, **kwargs)``; return ``(value, None)``, or ``(None,
    Feedback)`` when it is not a function, is still a stub, raises, runs longer than
    ``timeout`` seconds, or returns None.

    The arguments are copies: the learner's function may change them without changing the
    checker's case."""
    name = _fn_name(fn)
    if not callable(fn):
        return None, Feedback(False, say(NOT_QUITE, _(
            "pass the function itself, not {kind} {value}.").format(kind=type(fn).__name__,
                                                                   value=repr(fn))))
    if is_stub(fn):
        return None, not_written_yet(name, first_hint)
    args = [np.copy(x) if isinstance(x, np.ndarray) else x for x in args]
    kwargs = {k: np.copy(v) if isinstance(v, np.ndarray) else v for k, v in kwargs.items()}
    try:
        with _time_limit(timeout), np.errstate(all="ignore"):
            value = fn(*args, **kwargs)
    except _TimeOut:
        return None, Feedback(False, say(NOT_QUITE, _(
            "{name} ran for more than {seconds} s on a small case and was stopped. Is there a "
            "loop that never ends (a while whose condition never changes)?").format(
                name=name, seconds=f"{timeout:g}")))
    except Exception as e:  # the learner's bug becomes a message, never a crash
        where = _learner_line(fn, e.__traceback__)
        return None, Feedback(False, say(NOT_QUITE, _("{name} raised {error}{where}: {message}")
                                     .format(name=name, error=type(e).__name__, where=where,
                                             message=e)), exception=e)
    if value is None:
        return None, Feedback(False, say(NOT_QUITE, _(
            "{name} returned None. Did you forget the return statement?").format(name=name)))
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


def aside(text):
    """``text`` (already translated) to follow a sentence: after a space, except where it
    opens with a full-width bracket or punctuation, which in Chinese takes no space."""
    return text if text[:1] in "（，；：。" else " " + text


def _shape_hint(got, expected):
    if len(got) == 2 and len(expected) == 2 and got == expected[::-1]:
        return aside(_("(the transpose: is a product the wrong way round, or a .T missing?)"))
    if len(got) == 1 and len(expected) == 2 and got[0] in expected:
        return aside(_("(a 1-D vector lost its column axis: keep it 2-D, e.g. with "
                       "keepdims=True or .reshape(-1, 1))"))
    if len(got) == 2 and len(expected) == 2 and got[0] == got[1] == expected[0] != expected[1]:
        return aside(_("(a square matrix where a (n, m) one was expected: a (n,) vector "
                       "broadcast against a column makes one; keep vectors as (n, 1) columns)"))
    if len(got) == 2 and len(expected) == 2 and got[0] == expected[0] and got[1] == 1:
        return aside(_("(one column: was the batch summed or only one example used?)"))
    if len(got) == 0 and len(expected) > 0:
        return aside(_("(a single number: was everything summed?)"))
    return ""


def check_array(value, expected_shape, name="the result", context=""):
    """None if ``value`` is a numeric array of ``expected_shape`` with finite entries; else a
    Feedback that names the array, the expected and received shape, and the likely cause.
    ``context`` describes the case ('for W (3, 4), …', already translated)."""
    where = aside(context) if context else ""
    expected_shape = tuple(expected_shape)
    if isinstance(value, (list, tuple)):
        return Feedback(False, say(NOT_QUITE, _(
            "{name} should be a numpy array of shape {shape}{where}; got a {kind}. Build it "
            "with numpy operations (or np.array(...)).").format(
                name=name, shape=expected_shape, where=where, kind=type(value).__name__)))
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        value = np.asarray(value)
    if not isinstance(value, np.ndarray):
        return Feedback(False, say(NOT_QUITE, _(
            "{name} should be a numpy array of shape {shape}{where}; got {kind}.").format(
                name=name, shape=expected_shape, where=where, kind=type(value).__name__)))
    if value.dtype.kind not in "fiu":
        return Feedback(False, say(NOT_QUITE, _(
            "{name} should hold numbers; got an array of dtype {dtype}.").format(
                name=name, dtype=value.dtype)))
    if value.shape != expected_shape:
        return Feedback(False, say(NOT_QUITE, _(
            "{name} should have shape {shape}{where}; got {got}{hint}.").format(
                name=name, shape=expected_shape, where=where, got=value.shape,
                hint=_shape_hint(value.shape, expected_shape))))
    if not np.all(np.isfinite(value)):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(value))[0])
        return Feedback(False, say(NOT_QUITE, _(
            "{name}{where} holds {value} at index {index}. Every entry should be a finite "
            "number: look for a division by zero, a log of 0, or an exp that overflows.").format(
                name=name, where=where, value=value[bad], index=bad)))
    return None


def _close(got, want, rtol, atol):
    return got.shape == want.shape and np.allclose(got, want, rtol=rtol, atol=atol)


def _call_quietly(fn, case):
    with np.errstate(all="ignore"):
        return np.asarray(fn(**case), dtype=float)


def matching_slip(results, cases, slips, rtol=1e-6, atol=1e-9):
    """The first slip that gives ``results[i]`` on every case ``cases[i]``, or None."""
    return slip_like_learner([("value", r) for r in results], cases, slips,
                             same=lambda a, b: _close(a, b, rtol, atol), convert=as_floats)


def as_floats(value, case):
    """``value`` as a float array (a ``convert`` for :func:`slip_like_learner`)."""
    return np.asarray(value, dtype=float)


def outcome(compute, case, convert=None):
    """``("value", convert(compute(**case), case))``, or ``("error", the exception)`` when the
    computation or the conversion raises. ``convert`` (optional) turns a result into what
    ``same`` compares, e.g. a list of float arrays."""
    try:
        with np.errstate(all="ignore"):
            value = compute(**case)
            return "value", value if convert is None else convert(value, case)
    except Exception as e:
        return "error", e


def learner_outcomes(fn, cases, first_hint, timeout=2.0):
    """Run the learner's function on every case: ``(outcomes, None)``, one ``("value",
    result)`` or ``("error", Feedback)`` per case, or ``(None, Feedback)`` for what must be said
    at once (a stub, a timeout, None returned, not a function). An exception in the learner's
    code is an outcome like a result: a slip may raise on the same cases (a transposed product
    fails only where the shapes do not fit)."""
    outcomes = []
    for case in cases:
        value, fb = call_learner(fn, timeout=timeout, first_hint=first_hint, **case)
        if fb is None:
            outcomes.append(("value", value))
        elif fb.exception is not None:
            outcomes.append(("error", fb))
        else:
            return None, fb
    return outcomes, None


def slip_like_learner(outcomes, cases, slips, same, convert=None):
    """The first slip that behaves like the learner's function on every case: ``same`` (on
    values passed through ``convert``) where the learner's function returned, an exception
    where it raised, and numbers on one case at least. None when no slip does."""
    for slip in slips:
        ok, seen = True, False
        for (kind, got), case in zip(outcomes, cases):
            s_kind, s_val = outcome(slip.compute, case, convert)
            if kind == "error":
                ok = s_kind == "error"
            else:
                g_kind, g_val = outcome(lambda **c: got, case, convert)
                ok = s_kind == g_kind == "value" and bool(same(g_val, s_val))
                seen = True
            if not ok:
                break
        if ok and seen:
            return slip
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
        fb = check_array(value, want.shape, result_name, for_case(case))
        if fb is not None:
            # A wrong shape can itself be a named slip (a missing transpose …).
            slip = _slip_on_shape(value, case, slips)
            if slip is not None:
                return Feedback(False, f"{fb.text}\n{because_of(slip)}")
            return fb
        results.append(np.asarray(value, dtype=float))
    for i, (got, case) in enumerate(zip(results, cases)):
        want = np.asarray(reference_fn(**case), dtype=float)
        if not _close(got, want, rtol, atol):
            slip = matching_slip(results, cases, slips, rtol, atol)
            diff = float(np.max(np.abs(got - want)))
            head = wrong_on_case(result_name, case, i, len(cases), diff)
            if slip is not None:
                return Feedback(False, f"{head}\n{because_of(slip)}")
            return Feedback(False, f"{head}\n" + _("Hint: {hint}").format(hint=_(hint)))
    return Feedback(True, say(RIGHT, _("{name} agrees with the reference on all {n} cases. "
                                       "{right}").format(name=name, n=len(cases), right=_(right))))


def for_case(case):
    """'for W (3, 4), a_prev (4, 2), b (3, 1)' in the reader's language."""
    return _("for {case}").format(case=describe_case(case))


def because_of(slip):
    """'This is what you get if you …' + the slip's explanation, in the reader's language
    (a slip's ``explain`` is English, marked with ``N_()``, and translated here)."""
    return _("This is what you get if you {slip}.").format(slip=_(slip.explain))


def wrong_on_case(result_name, case, i, n_cases, diff):
    """'Not quite: a is wrong for W (3, 4), … (case 2 of 5; largest difference 0.3).' — case
    ``i`` counted from 0."""
    return say(NOT_QUITE, _("{result} is wrong for {case} (case {i} of {n}; largest difference "
                            "{diff}).").format(result=result_name, case=describe_case(case),
                                               i=i + 1, n=n_cases, diff=f"{diff:.3g}"))


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
