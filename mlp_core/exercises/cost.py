"""Exercises of notebook 02: the cost of one example by hand, the cost of a batch as code, and
a prediction about the slopes of the cost.

3Blue1Brown's cost of one example is the sum over the output neurons of the squared
difference between the output a_j and the target y_j (1 for the right digit, 0 otherwise),
and the cost of a batch of m examples is the average of those per-example costs:

    C_x = Σ_j (a_j − y_j)²          C = (1/m) Σ_x C_x
"""
import numpy as np

from ..i18n import N_, _
from . import read_number
from .coding import (NO_ANSWER, NOT_QUITE, RIGHT, Feedback, Slip, because_of, call_learner,
                     check_array, describe_case, matching_slip, reference, register_solution, say)

# How close an answer must be. The outputs are shown rounded to 2 decimals and the right cost
# is computed from those same rounded numbers, so the only error left is the learner rounding
# the answer itself, to 2 decimals at least: up to 0.005 (2.5828 written as 2.58).
TOLERANCE = 0.005 + 1e-9


def _as_output(a, n=None):
    a = np.asarray(a, dtype=float)
    if a.ndim == 2 and a.shape[1] == 1:
        a = a[:, 0]
    if a.ndim != 1:
        raise ValueError(f"the outputs a must be one example: shape (n,) or (n, 1); got {a.shape}")
    return a


def likely_mistakes(a, label):
    """The costs a learner gets from the usual slips, as {description: value}.

    a : array, shape (n,) — the network's outputs for one example; label : int — the digit.
    The descriptions are English, marked with ``N_()``: translate them with ``_()`` to show them.
    """
    a = _as_output(a)
    y = np.zeros_like(a)
    y[label] = 1.0
    d = a - y
    return {
        N_("you did not square the differences (Σ (a_j − y_j) instead of Σ (a_j − y_j)²)"):
            float(np.sum(d)),
        N_("you added the sizes of the differences without squaring them (Σ |a_j − y_j|)"):
            float(np.sum(np.abs(d))),
        N_("you averaged over the 10 outputs; 3Blue1Brown's cost sums them (no division by 10)"):
            float(np.sum(d ** 2) / a.size),
        N_("you halved the sum: that is Nielsen's ½‖a − y‖², not the cost used here"):
            float(0.5 * np.sum(d ** 2)),
        N_("you took the square root: that is the length ‖a − y‖, the cost is its square"):
            float(np.sqrt(np.sum(d ** 2))),
        N_("you left out the target: Σ a_j² treats every target as 0, but the right digit's "
           "target is 1"): float(np.sum(a ** 2)),
        N_("you used only the right digit's output, (a_label − 1)²; the other nine outputs "
           "count too"): float((a[label] - 1.0) ** 2),
        N_("you squared only the other nine outputs and forgot the right digit's term "
           "(a_label − 1)²"): float(np.sum(np.delete(a, label) ** 2)),
    }


def wrong_digit_costs(a, label):
    """The cost a learner gets by putting the target's 1 at another digit d ≠ label:
    {d: Σ_j (a_j − e_d)²}, with e_d the one-hot vector of d. a : shape (n,)."""
    a = _as_output(a)
    return {d: float(np.sum((a - np.eye(a.size)[d]) ** 2)) for d in range(a.size) if d != label}


def check_example_cost(answer, a, label, index=None):
    """Say whether ``answer`` is the cost Σ_j (a_j − y_j)² of one example, and if not,
    which usual slip it matches.

    Parameters
    ----------
    answer : number, or None while the learner has not answered
    a : array, shape (n,) or (n, 1) — the outputs the learner was shown (use the same
        rounded numbers the learner saw); answers within 0.005 are right, so that the cost
        may be rounded to 2 decimals like the outputs
    label : int — the correct digit
    index : int, optional — the image's position in the training set, when the learner
        sees it: a 1 put at that digit instead of at the label is named as that slip

    Returns
    -------
    str : a message starting with "Right", "Not quite" or "No answer yet" (in the reader's
    language).
    """
    a = _as_output(a)
    if not (isinstance(label, (int, np.integer)) and 0 <= label < a.size):
        raise ValueError(f"label must be a whole number 0 … {a.size - 1}; got {label!r}")
    expected = float(np.sum((a - np.eye(a.size)[label]) ** 2))
    answer, message = read_number(answer, _("cost"))
    if message:
        return message
    shown = dict(answer=f"{answer:.4f}", expected=f"{expected:.4f}", label=label)
    if abs(answer - expected) <= TOLERANCE:
        right = (a[label] - 1) ** 2
        return say(RIGHT, _("C = Σ_j (a_j − y_j)² = {expected}. The right digit's term "
                            "(a_{label} − 1)² is {right}; the other nine outputs, which should "
                            "be 0, add {rest}.").format(
            expected=f"{expected:.4f}", label=label, right=f"{right:.4f}",
            rest=f"{expected - right:.4f}"))
    wrong_digit = wrong_digit_costs(a, label)
    if index is not None and index != label and abs(answer - wrong_digit.get(index, np.inf)) \
            <= TOLERANCE:
        return say(NOT_QUITE, _("{answer} is what you get with the target's 1 at digit {index}. "
                                "{index} is the image's number in the training set "
                                "(X[:, {index}]), not the digit it shows: its label is {label}, "
                                "so y has its 1 at position {label}. The cost is {expected}.")
                   .format(index=index, **shown))
    for slip, value in likely_mistakes(a, label).items():
        if abs(answer - value) <= TOLERANCE:
            return say(NOT_QUITE, _("{answer} is what you get if {slip}. The cost is {expected}.")
                       .format(slip=_(slip), **shown))
    for d, value in wrong_digit.items():
        if abs(answer - value) <= TOLERANCE:
            return say(NOT_QUITE, _("{answer} is what you get with the target's 1 at digit {d}; "
                                    "the label is {label}, so y has its 1 at position {label}. "
                                    "The cost is {expected}.").format(d=d, **shown))
    hint = (_("It must be at least 0: it is a sum of squares.") if answer < 0 else
            _("Write the target y first (a 1 at the right digit, 0 elsewhere), then add up the "
              "ten squares (a_j − y_j)²."))
    return say(NOT_QUITE, _("{answer} is not Σ_j (a_j − y_j)². {hint}").format(
        answer=shown["answer"], hint=hint))


# The teacher's run (python3 run.py solutions) puts this into the cell `my_cost = None`: the
# cost of training image k from the outputs a_shown the notebook printed (2 decimals, as asked).
register_solution("example_cost_02",
                  "my_cost = round(float(np.sum((a_shown - np.eye(10)[labels[k]]) ** 2)), 2)")


# -- the coding exercise: the cost of a batch ----------------------------------------------
@reference("batch_cost")
def batch_cost(A, labels):
    n, m = A.shape
    Y = np.zeros((n, m))
    Y[labels, np.arange(m)] = 1.0               # one-hot targets, one column per example
    per_example = np.sum((A - Y) ** 2, axis=0)  # C_x = Σ_j (a_j − y_j)², shape (m,)
    return np.mean(per_example)                 # C = (1/m) Σ_x C_x


def _targets(A, labels):
    """The one-hot targets Y, shape (n, m), of the reference."""
    n, m = A.shape
    Y = np.zeros((n, m))
    Y[labels, np.arange(m)] = 1.0
    return Y


#: The slips the batch-cost checker recognises; each is the reference with one mistake (its
#: explanation in English, marked with N_(): because_of() translates it where it is shown).
BATCH_COST_SLIPS = (
    Slip(N_("averaged over the outputs too (np.mean over the whole (n, m) array divides by n·m); "
            "3Blue1Brown's cost sums over the n outputs and averages over the m examples only"),
         lambda A, labels: np.mean((A - _targets(A, labels)) ** 2)),
    Slip(N_("summed over the batch instead of averaging: off by a factor m (the number of "
            "columns); C = (1/m) Σ_x C_x"),
         lambda A, labels: np.sum((A - _targets(A, labels)) ** 2)),
    Slip(N_("put Nielsen's ½ in front: ½·(1/m) Σ‖a − y‖² is his cost, not 3Blue1Brown's Σ(a − y)² "
            "used here"),
         lambda A, labels: 0.5 * np.sum((A - _targets(A, labels)) ** 2) / A.shape[1]),
    Slip(N_("forgot the square: Σ(a_j − y_j) lets positive and negative differences cancel; "
            "the cost adds (a_j − y_j)²"),
         lambda A, labels: np.sum(A - _targets(A, labels)) / A.shape[1]),
    Slip(N_("added |a_j − y_j| instead of (a_j − y_j)²"),
         lambda A, labels: np.sum(np.abs(A - _targets(A, labels))) / A.shape[1]),
    Slip(N_("built the targets with one row per example (np.eye(n)[labels] has shape (m, n)); "
            "in this series columns are examples, so Y must be (n, m) like A: "
            "np.eye(n)[:, labels]"),
         lambda A, labels: np.sum((A - np.eye(A.shape[0])[labels]) ** 2) / A.shape[1]),
    Slip(N_("summed over the examples and averaged over the outputs (the axes swapped): that "
            "divides by n, the number of outputs, instead of by m"),
         lambda A, labels: np.mean(np.sum((A - _targets(A, labels)) ** 2, axis=1))),
    Slip(N_("returned the m per-example costs C_x without averaging them into one number"),
         lambda A, labels: np.sum((A - _targets(A, labels)) ** 2, axis=0)),
    Slip(N_("left out the targets: Σ a_j² treats every target as 0, but the right digit's "
            "target is 1"),
         lambda A, labels: np.sum(A ** 2) / A.shape[1]),
    Slip(N_("took the square root of each example's sum: that is the length ‖a − y‖, the cost "
            "is its square"),
         lambda A, labels: np.mean(np.sqrt(np.sum((A - _targets(A, labels)) ** 2, axis=0)))),
)

BATCH_COST_FIRST_HINT = N_("build the one-hot targets Y, shape (n, m), with a 1 in row "
                            "labels[i] of column i; then C_x = Σ_j (a_j − y_j)² for each column, "
                            "and C is their mean over the m columns.")


def batch_cost_cases(seed=0):
    """The cases the checker runs: outputs A in (0, 1) of shapes (n, m) with m ≠ n first (so a
    transposed target shows at once), then m = 1, a square batch, and n ≠ 10; labels (m,)."""
    rng = np.random.default_rng(seed)
    cases = []
    for n, m in ((10, 3), (10, 1), (4, 7), (10, 10), (3, 5)):
        cases.append(dict(A=rng.uniform(0.05, 0.95, (n, m)),
                          labels=rng.integers(0, n, m)))
    return cases


def check_batch_cost(fn, cases=None):
    """Check the learner's ``batch_cost(A, labels)`` (3Blue1Brown's cost of a batch) on small
    random cases, and name the slip when it is wrong.

    fn : the learner's function; cases : list of dicts (A, labels), default
    :func:`batch_cost_cases`. Returns a :class:`~mlp_core.exercises.coding.Feedback`.
    """
    cases = batch_cost_cases() if cases is None else cases
    results = []
    for i, case in enumerate(cases):
        value, fb = call_learner(fn, first_hint=BATCH_COST_FIRST_HINT, **case)
        if fb is not None:
            if fb.exception is None:     # a stub, a timeout, None returned: say it now
                return fb
            # an error can itself be the sign of a slip (a (m, n) target cannot be
            # subtracted from a (n, m) A): a slip that raises here and agreed before
            slip = _slip_that_raises(results, cases[:i], case, fb.exception)
            if slip is not None:
                return Feedback(False, f"{fb.text}\n{because_of(slip)}")
            return fb
        shapes = f"A {case['A'].shape}, labels ({case['A'].shape[1]},)"
        context = _("for {case}").format(case=shapes)
        fb = check_array(value, (), _("the cost C"), context)
        if fb is not None:
            slip = matching_slip([value], [case], BATCH_COST_SLIPS)
            if slip is not None:
                return Feedback(False, f"{fb.text}\n{because_of(slip)}")
            return fb
        results.append(float(np.asarray(value)))
    for i, (got, case) in enumerate(zip(results, cases)):
        want = batch_cost(**case)
        if not np.isclose(got, want, rtol=1e-6, atol=1e-9):
            head = say(NOT_QUITE, _("the cost is wrong for {case} (case {i} of {n}): you return "
                                    "{got}, the cost is {want}.").format(
                case=describe_case(case), i=i + 1, n=len(cases), got=f"{got:.6g}",
                want=f"{want:.6g}"))
            slip = matching_slip(results, cases, BATCH_COST_SLIPS)
            if slip is not None:
                return Feedback(False, f"{head}\n{because_of(slip)}")
            hint = _(BATCH_COST_FIRST_HINT)
            return Feedback(False, f"{head}\n" + _("Hint: {hint}").format(
                hint=hint[0].upper() + hint[1:]))
    return Feedback(True, say(RIGHT, _(
        "batch_cost agrees with the reference on all {n} cases (m = 1, m > 1, m = n and "
        "n ≠ 10). Each column's Σ_j (a_j − y_j)² is one example's cost; their mean over the m "
        "columns is C, the number that net.cost(X, labels) returns.").format(n=len(cases))))


def _slip_that_raises(results, earlier, case, error):
    """The first slip that agrees with ``results`` on the ``earlier`` cases and raises, on
    ``case``, an exception of the same type as ``error`` (the learner's); or None."""
    for slip in BATCH_COST_SLIPS:
        try:
            with np.errstate(all="ignore"):
                slip.compute(**case)
        except Exception as e:
            if type(e) is type(error) and (
                    not earlier or matching_slip(results, earlier, [slip]) is not None):
                return slip
    return None


# -- predict, then check: the slopes of one output's weights --------------------------------
register_solution("prediction_02", "my_prediction = 0")


def check_raise_prediction(my_prediction, grads_row, share_of_label, mean_output, label=2):
    """Read the learner's prediction of how many of the weights W[3][label, k] lower the cost
    when raised a little (the number of negative ∂C/∂W[3][label, k]), and explain.

    my_prediction : int 0 … n_{L−1}, or None while not answered
    grads_row : array, shape (n_{L−1},) — ∂C/∂W[3][label, k] over the batch
    share_of_label : float — the fraction of the batch's images labelled ``label``
    mean_output : float — output ``label``'s mean over the batch
    Returns a Feedback.
    """
    grads_row = np.asarray(grads_row, dtype=float).ravel()
    n = grads_row.size
    count = int(np.sum(grads_row < 0))
    if my_prediction is None:
        return Feedback(False, say(NO_ANSWER, _("replace None with your prediction, a whole number "
                                                "from 0 to {n}, and run the cell.").format(n=n)))
    if isinstance(my_prediction, bool) or not isinstance(my_prediction, (int, np.integer)) \
            or not 0 <= my_prediction <= n:
        return Feedback(False, say(NOT_QUITE, _("the prediction is a count of weights, a whole "
                                                "number from 0 to {n}; got {answer}.").format(
            n=n, answer=repr(my_prediction))))
    if count == 0:
        why = _("Raising W[3][{label}, k] raises output {label} for every image, in proportion "
                "to a[2]_k, which is always positive (a sigmoid's output). Output {label} sits "
                "near {mean} for every image: {mean} too high for the {share_others} of images "
                "that are not {label}s, only {too_low} too low for the {share} that are. The "
                "images that want it lower win by far, so all {n} slopes ∂C/∂W[3][{label}, k] "
                "are positive, whatever the sign of the weight itself.").format(
            label=label, mean=f"{mean_output:.2f}", share_others=f"{1 - share_of_label:.0%}",
            too_low=f"{1 - mean_output:.2f}", share=f"{share_of_label:.0%}", n=n)
    else:
        ks = [int(k) for k in np.flatnonzero(grads_row < 0)]
        why = _("The weights with a negative slope ∂C/∂W[3][{label}, k] are k = {ks}: raising "
                "them lowers the cost.").format(label=label, ks=ks)
    if my_prediction == count:
        return Feedback(True, say(RIGHT, _("{count} of the {n} weights lower the cost when "
                                           "raised. {why}").format(count=count, n=n, why=why)))
    if count == 0 and my_prediction == n:
        return Feedback(False, say(NOT_QUITE, _(
            "none of them does; you predicted all {n}, the opposite of what happens. Raising "
            "them helps the images of {label}s, but those are few. {why}").format(
                n=n, label=label, why=why)))
    return Feedback(False, say(NOT_QUITE, _(
        "{count} of the {n} weights lower the cost when raised, not {answer}. The sign of a "
        "weight does not decide the sign of its slope. {why}").format(
            count=count, n=n, answer=my_prediction, why=why)))
