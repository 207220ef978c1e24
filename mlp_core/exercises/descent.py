"""Exercises of notebook 03: gradient descent by hand, as code, and a prediction.

* :func:`check_gradient_step`: where one step w − η ∇C lands, worked out by hand;
* :func:`check_bowl_step`: the learner's ``bowl_step(w, A, w_star, eta)``, one step on the
  bowl C(w) = ½ (w − w*)ᵀ A (w − w*), whose gradient is A (w − w*);
* :func:`check_sgd_epoch`: the learner's ``sgd_epoch(theta, grad, n, batch_size, eta, rng)``,
  one epoch of minibatch SGD; the gradient it is handed records each call, so the checker
  sees the shuffle, the minibatches and the θ each gradient was taken at;
* :func:`check_valley_prediction`: which valley the ball of the learning-rate explorer
  reaches.

Each checker recognises the usual slips (the wrong sign, a forgotten η, a stale gradient, no
shuffle, a dropped last minibatch …) and names them.
"""
import numpy as np

from ..i18n import N_, _
from .coding import (NO_ANSWER, NOT_QUITE, RIGHT, Feedback, Slip, call_learner, check_array,
                     check_function, reference, register_solution, say)

_TOL = dict(rtol=1e-6, atol=1e-9)


def gradient_step(w, grad, eta):
    """The position after one step of gradient descent: w − η ∇C (w and grad of one shape)."""
    return np.asarray(w, dtype=float) - eta * np.asarray(grad, dtype=float)


def check_gradient_step(answer, w, grad, eta):
    """Say whether ``answer`` is the position after one step w − η ∇C, and if not, what
    is off.

    Parameters
    ----------
    answer : number or array of the shape of w (``None`` while not answered)
    w : number or array, the parameters now
    grad : number or array of the shape of w, the gradient ∇C at w
    eta : float > 0, the learning rate

    Returns
    -------
    str, beginning with "Right" (in the reader's language) when the answer is right.
    """
    w = np.asarray(w, dtype=float)
    grad = np.asarray(grad, dtype=float)
    if w.shape != grad.shape:
        raise ValueError(f"w and grad must have the same shape; got {w.shape} and {grad.shape}")
    if answer is None or answer is Ellipsis:
        shape = w.shape if w.shape else _("a single number")
        return say(NO_ANSWER, _("replace None with your prediction of the new w (shape "
                                "{shape}).").format(shape=shape))
    try:
        a = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return _("Your answer must be a number or a list of numbers; got {answer}.").format(
            answer=repr(answer))
    if a.shape != w.shape:
        return _("Your answer has shape {got}, but the new w must have the shape of w, "
                 "{shape}: one new value for every parameter.").format(got=a.shape, shape=w.shape)
    if not np.all(np.isfinite(a)):
        return _("Your answer holds inf or NaN; the new w is a plain finite number.")
    right = gradient_step(w, grad, eta)
    if np.allclose(a, right, **_TOL):
        return say(RIGHT, _("w − η∇C = {w}. Each parameter moved against its own slope, by η "
                            "times that slope.").format(w=np.round(right, 6).tolist()))
    slips = [
        (w + eta * grad, _("You added η∇C: that steps *uphill*. The gradient points the way "
                           "the cost rises fastest, so gradient descent subtracts it.")),
        (w - grad, _("You forgot the learning rate: the step is η times the gradient, "
                     "η = {eta}.")),
        (w + grad, _("Two slips: the step goes against the gradient (subtract it), and it is "
                     "scaled by the learning rate η = {eta}.")),
        (w - grad / eta, _("You divided by η = {eta}; the step is η *times* the gradient.")),
        (-eta * grad, _("That is the step −η∇C alone; add it to w to get the new position.")),
        (eta * grad, _("That is η∇C alone, and with the wrong sign: the new position is "
                       "w − η∇C.")),
        (w - eta, _("You subtracted η alone; every parameter moves by η times its *own* "
                    "gradient component.")),
    ]
    for value, message in slips:
        if np.allclose(a, value, **_TOL):
            # "Not quite. …": the message is a sentence of its own
            return _("{verdict}. {message}").format(verdict=_(NOT_QUITE),
                                                    message=message.format(eta=f"{eta:g}"))
    wrong = ~np.isclose(a, right, **_TOL)
    if w.ndim and wrong.sum() < wrong.size:
        idx = [int(i) for i in np.flatnonzero(wrong)]
        return say(NOT_QUITE, _("the component(s) at index {index} are off. Work each one out "
                                "as w_i − η · (∂C/∂w_i).").format(index=idx))
    return say(NOT_QUITE, _("compute w − η∇C, one component at a time."))


# == coding exercises ========================================================================


# -- one step on the bowl --------------------------------------------------------------------
@reference("bowl_step")
def bowl_step(w, A, w_star, eta):
    grad = A @ (w - w_star)     # ∇C of C(w) = ½ (w − w*)ᵀ A (w − w*), shape (2,)
    return w - eta * grad       # downhill: against the gradient, η times it


#: The slips the bowl-step checker recognises.
BOWL_STEP_SLIPS = (
    Slip(N_("added η∇C instead of subtracting it: that steps uphill. The gradient points the way "
            "the cost rises fastest, so the step is w − η∇C"),
         lambda w, A, w_star, eta: w + eta * A @ (w - w_star)),
    Slip(N_("forgot the learning rate: the step is η times the gradient, not the gradient "
            "itself"),
         lambda w, A, w_star, eta: w - A @ (w - w_star)),
    Slip(N_("divided the gradient by η; the step is η *times* the gradient"),
         lambda w, A, w_star, eta: w - A @ (w - w_star) / eta),
    Slip(N_("left out the minimum w*: the gradient is A (w − w*), not A w (the bowl's bottom is "
            "at w*, not at 0)"),
         lambda w, A, w_star, eta: w - eta * A @ w),
    Slip(N_("left out A: (w − w*) points from the bottom to w, but the steepest way down also "
            "depends on how curved the bowl is in each direction, ∇C = A (w − w*)"),
         lambda w, A, w_star, eta: w - eta * (w - w_star)),
    Slip(N_("kept the ½ of C = ½ (w − w*)ᵀ A (w − w*) in the gradient: differentiating the square "
            "gives a 2 that cancels it, ∇C = A (w − w*)"),
         lambda w, A, w_star, eta: w - eta * 0.5 * A @ (w - w_star)),
    Slip(N_("doubled the gradient: 2A (w − w*) is the gradient of (w − w*)ᵀ A (w − w*); the ½ in "
            "C cancels that 2"),
         lambda w, A, w_star, eta: w - 2 * eta * A @ (w - w_star)),
    Slip(N_("returned the step −η∇C alone; the new position is w plus that step"),
         lambda w, A, w_star, eta: -eta * A @ (w - w_star)),
    Slip(N_("multiplied A and (w − w*) elementwise (A * d, a (2, 2) array) instead of the matrix "
            "product A @ d, a vector of shape (2,)"),
         lambda w, A, w_star, eta: w - eta * A * (w - w_star)),
)

BOWL_STEP_FIRST_HINT = N_("the gradient of the bowl is ∇C = A @ (w − w_star), shape (2,); the "
                          "new w is w − η ∇C.")


def bowl_step_cases(seed=0):
    """Bowls with other curvatures and minima than the notebook's (random symmetric positive
    definite A), other points and learning rates."""
    rng = np.random.default_rng(seed)
    cases = []
    for eta in (0.1, 0.03, 0.19, 0.5):
        Q = np.linalg.qr(rng.normal(size=(2, 2)))[0]
        A = Q @ np.diag(rng.uniform(0.5, 10, 2)) @ Q.T
        cases.append(dict(w=rng.uniform(-3, 3, 2), A=(A + A.T) / 2,
                          w_star=rng.uniform(-1, 1, 2), eta=eta))
    return cases


def check_bowl_step(fn, cases=None):
    """Check the learner's ``bowl_step(w, A, w_star, eta)``: one step of gradient descent on
    C(w) = ½ (w − w*)ᵀ A (w − w*). Returns a Feedback."""
    return check_function(
        fn, bowl_step, bowl_step_cases() if cases is None else cases, name="bowl_step",
        result_name=_("the new w"), first_hint=BOWL_STEP_FIRST_HINT,
        right=N_("One step moves w against the gradient A (w − w*), by η times it: on the "
                 "notebook's bowl, repeating it draws the paths of the contour maps."),
        hint=N_("compute the gradient ∇C = A @ (w − w_star) first, then w − eta * ∇C."),
        slips=BOWL_STEP_SLIPS)


# -- one epoch of minibatch SGD -------------------------------------------------------------
@reference("sgd_epoch")
def sgd_epoch(theta, grad, n, batch_size, eta, rng):
    order = rng.permutation(n)                      # shuffle: a new order every epoch
    for start in range(0, n, batch_size):           # the last minibatch may be smaller
        batch = order[start:start + batch_size]
        theta = theta - eta * grad(theta, batch)    # the gradient at the *current* theta
    return theta


class _Recorder:
    """The gradient handed to the learner's sgd_epoch: least squares on random data,
    C_i(θ) = (u_iᵀθ − t_i)², averaged over the examples asked for (U (p, n), t (n,)). It
    records every call: which examples (as an index array) and at which θ (p,)."""

    def __init__(self, U, t):
        self.U, self.t, self.calls = U, t, []

    def __call__(self, theta, batch):
        theta = np.asarray(theta, dtype=float)
        idx = np.arange(self.U.shape[1])[batch]     # a slice, list or index array
        idx = np.atleast_1d(idx)
        self.calls.append((idx.copy(), theta.copy()))
        u = self.U[:, idx]                          # (p, b)
        return 2 * u @ (u.T @ theta - self.t[idx]) / len(idx)     # (p,)


def sgd_epoch_cases():
    """(p, n, batch_size, eta, seed): n not a multiple of batch_size in most, so that a last,
    smaller minibatch exists; batch_size 1 and batch_size ≥ n too."""
    return [(3, 23, 5, 0.1, 0), (2, 10, 3, 0.05, 1), (4, 16, 4, 0.08, 2), (3, 7, 1, 0.05, 3),
            (2, 6, 8, 0.1, 4)]


def _problem(p, n, seed):
    rng = np.random.default_rng(100 + seed)
    return rng.normal(size=(p, n)), rng.normal(size=n), rng.normal(size=p)


def _replay(theta, grad, batches, eta, sign=-1.0, eta_used=None, stale=False):
    """θ after one step per batch of ``batches`` (the learner's own minibatches)."""
    theta0 = theta.copy()
    for b in batches:
        g = grad(theta0 if stale else theta, b)
        theta = theta + sign * (eta if eta_used is None else eta_used) * g
    return theta


SGD_EPOCH_FIRST_HINT = N_("order = rng.permutation(n) shuffles the examples; then take the "
                          "minibatches order[0:batch_size], order[batch_size:2*batch_size], … "
                          "(the last may be smaller) and, for each, theta = theta − eta · "
                          "grad(theta, batch).")

#: The slips the SGD-epoch checker recognises, by what they do (the checker reads them from
#: the minibatches the learner asked the gradient for, and from the θ it returned).
SGD_EPOCH_SLIPS = {
    "not shuffled": N_("did not shuffle: the minibatches come in the order 0, 1, 2, …"),
    "last dropped": N_("dropped the last, smaller minibatch"),
    "stale": N_("stepped with a stale gradient"),
    "uphill": N_("added η·grad instead of subtracting it"),
    "no eta": N_("forgot η"),
    "one at a time": N_("ignored batch_size"),
    "full batch": N_("took one step on all n examples"),
    "not the rng": N_("did not shuffle with the rng given"),
}


def check_sgd_epoch(fn, cases=None):
    """Check the learner's ``sgd_epoch(theta, grad, n, batch_size, eta, rng)``: one epoch of
    minibatch SGD. The gradient handed over records which examples each call asked for and
    at which θ, so the checker can say *what* went wrong: the shuffle, the minibatches, the
    θ a gradient was taken at, or the step itself. Returns a Feedback."""
    cases = sgd_epoch_cases() if cases is None else cases
    for i, (p, n, batch_size, eta, seed) in enumerate(cases):
        U, t, theta0 = _problem(p, n, seed)
        where = _("for n = {n} examples, batch_size = {batch_size}, eta = {eta}, theta of "
                  "shape ({p},) (case {i} of {cases})").format(
            n=n, batch_size=batch_size, eta=f"{eta:g}", p=p, i=i + 1, cases=len(cases))
        runs = []
        for _run in range(2):   # twice with the same seed: the same shuffle must come out
            grad = _Recorder(U, t)
            value, fb = call_learner(fn, theta0.copy(), grad, n, batch_size, eta,
                                     np.random.default_rng(seed), first_hint=SGD_EPOCH_FIRST_HINT)
            if fb is not None:
                return fb
            fb = check_array(value, (p,), _("the new theta"), where)
            if fb is not None:
                return fb
            runs.append((np.asarray(value, dtype=float), grad.calls))
        fb = _diagnose(runs, U, t, theta0, n, batch_size, eta, where)
        if fb is not None:
            return fb
    return Feedback(True, say(RIGHT, _(
        "sgd_epoch agrees with the reference on all {n} cases: a fresh shuffle from the rng, "
        "every example in exactly one minibatch (the last one smaller when batch_size does not "
        "divide n), and each step taken with the gradient at the current θ. That is one epoch "
        "of what mlp_core.train does.").format(n=len(cases))))


def _diagnose(runs, U, t, theta0, n, batch_size, eta, where):
    """None if the run is one right epoch; else the Feedback naming what is off."""
    (theta, calls), (theta_again, calls_again) = runs
    batches = [idx for idx, _θ in calls]
    grad = _Recorder(U, t)

    def off(message, **fields):
        return Feedback(False, say(NOT_QUITE, message.format(where=where, **fields)))

    if not calls:
        return off(_("sgd_epoch never called grad {where}. Each step needs the gradient of its "
                     "minibatch: grad(theta, batch)."))
    if not np.array_equal(theta, theta_again) or len(calls) != len(calls_again) or any(
            not np.array_equal(a, b) for (a, _θ), (b, _θ2) in zip(calls, calls_again)):
        return off(_("called twice with the same seed, sgd_epoch gave two different results "
                     "{where}. It {slip}: np.random.shuffle or np.random.permutation use numpy's "
                     "global generator. Shuffle with rng.permutation(n), so that a run can be "
                     "repeated."), slip=_(SGD_EPOCH_SLIPS["not the rng"]))
    sizes = [len(b) for b in batches]
    seen = np.concatenate(batches)
    expected_steps = -(-n // batch_size)
    if len(batches) == 1 and sizes[0] == n and batch_size < n:
        return off(_("sgd_epoch took one step on all {n} examples {where}. That is full-batch "
                     "gradient descent, the careful walker. Minibatch SGD cuts the shuffled "
                     "examples into minibatches of batch_size = {batch_size} and takes one step "
                     "per minibatch: {steps} steps here."),
                   n=n, batch_size=batch_size, steps=expected_steps)
    if batch_size > 1 and all(s == 1 for s in sizes) and len(sizes) >= n:
        return off(_("every step used a single example {where}: you {slip}. A minibatch holds "
                     "batch_size = {batch_size} examples, and one step is taken per minibatch: "
                     "{steps} steps here, not {taken}."),
                   slip=_(SGD_EPOCH_SLIPS["one at a time"]), batch_size=batch_size,
                   steps=expected_steps, taken=len(sizes))
    if len(seen) < n and set(seen.tolist()) < set(range(n)) and \
            len(batches) == n // batch_size and all(s == batch_size for s in sizes):
        left = sorted(set(range(n)) - set(seen.tolist()))
        return off(_("the examples {left} were never used {where}: you {slip} ({n} = {full} × "
                     "{batch_size} + {rest}). range(0, n, batch_size) gives every start, and "
                     "order[start:start + batch_size] stops by itself at the end."),
                   left=left, slip=_(SGD_EPOCH_SLIPS["last dropped"]), n=n,
                   full=n // batch_size, batch_size=batch_size, rest=n % batch_size)
    if sorted(seen.tolist()) != list(range(n)):
        counts = np.bincount(seen, minlength=n)
        twice, never = np.flatnonzero(counts > 1).tolist(), np.flatnonzero(counts == 0).tolist()
        if twice and never:
            what = _("examples {twice} were used more than once and examples {never} never")
        elif twice:
            what = _("examples {twice} were used more than once")
        else:
            what = _("examples {never} never")
        return off(_("in one epoch every example is used exactly once {where}; {what}. Cut one "
                     "shuffled order into consecutive minibatches (sampling with replacement, "
                     "e.g. rng.integers, repeats some examples and misses others)."),
                   what=what.format(twice=twice[:5], never=never[:5]))
    if any(s > batch_size for s in sizes) or any(s < batch_size for s in sizes[:-1]):
        return off(_("the minibatches have sizes {sizes} {where}; they should all hold "
                     "batch_size = {batch_size} examples except perhaps the last."),
                   sizes=sizes, batch_size=batch_size)
    if np.array_equal(seen, np.arange(n)) and n > 1:
        return off(_("the minibatches come in the order 0, 1, 2, … {where}: you {slip}. SGD "
                     "shuffles the examples at the start of every epoch (order = "
                     "rng.permutation(n)), so that each minibatch is a fair random sample and no "
                     "epoch repeats the same sequence of steps."),
                   slip=_(SGD_EPOCH_SLIPS["not shuffled"]))
    # the θ at which each gradient was asked for, against the learner's own path
    thetas = [th for _idx, th in calls]
    if len(thetas) > 1 and all(np.allclose(th, theta0) for th in thetas):
        return off(_("every gradient was taken at the θ the epoch started from {where}: you "
                     "{slip}. After each step θ has moved, and the next minibatch's gradient "
                     "must be taken there: grad(theta, batch) with the updated theta."),
                   slip=_(SGD_EPOCH_SLIPS["stale"]))
    right = _replay(theta0, grad, batches, eta)
    if np.allclose(theta, right, rtol=1e-6, atol=1e-9):
        # Right. The shuffle need not be rng.permutation(n) itself: any order drawn from the
        # rng given (rng.shuffle, rng.choice without replacement …) makes a fair epoch.
        return None
    for key, kwargs, text in (
            ("uphill", dict(sign=1.0),
             N_("That climbs uphill: the step is theta − eta · grad.")),
            ("no eta", dict(eta_used=1.0), N_("The step is eta times the gradient.")),
            ("stale", dict(stale=True), N_("Take each gradient at the θ the previous step "
                                           "reached."))):
        if np.allclose(theta, _replay(theta0, grad, batches, eta, **kwargs), rtol=1e-6,
                       atol=1e-9):
            return off(_("the minibatches are right, but the new θ is not {where}: you {slip}. "
                         "{advice}"), slip=_(SGD_EPOCH_SLIPS[key]), advice=_(text))
    return off(_("the minibatches are right, but the θ returned is not what one step per "
                 "minibatch gives {where} (largest difference {diff}). Each step is theta = "
                 "theta − eta · grad(theta, batch), and the function returns the θ after the "
                 "last one."), diff=f"{float(np.max(np.abs(theta - right))):.3g}")


# -- predict, then check: which valley? -----------------------------------------------------
register_solution("prediction_03", 'my_prediction = "right"')
register_solution("gradient_step_03", """\
w, grad, eta = [0.5, -1.2], [0.8, -0.3], 0.1
answer = [0.5 - 0.1 * 0.8, -1.2 - 0.1 * -0.3]   # w − η ∇C = [0.42, -1.17]""")


#: The two valleys of :func:`mlp_core.descent.cost_1d`, as the feedback names them.
VALLEYS = {"left": N_("the left valley"), "right": N_("the right valley")}


def check_valley_prediction(my_prediction, w0, eta, steps=50):
    """Read the learner's prediction of the valley gradient descent on
    :func:`mlp_core.descent.cost_1d` reaches from ``w0`` with learning rate ``eta``
    ("left" or "right"), and explain with the slope at the start. Returns a Feedback."""
    from .. import descent as D
    path = D.descend(D.cost_1d, D.grad_1d, w0, eta, steps)
    end = float(path.w[-1])
    answer = "left" if end < 0 else "right"
    slope = float(D.grad_1d(w0))
    if my_prediction is None:
        return Feedback(False, say(NO_ANSWER, _('replace None with "left" or "right" and run '
                                                "the cell.")))
    said = str(my_prediction).strip().lower()
    if said not in ("left", "right"):
        return Feedback(False, say(NOT_QUITE, _('the answer is "left" or "right"; got '
                                                "{answer}.").format(answer=repr(my_prediction))))
    if slope < 0:
        first = _("At w₀ = {w0} the slope dC/dw is {slope}, so the first step w − η·slope "
                  "moves w up, to the right,")
    else:
        first = _("At w₀ = {w0} the slope dC/dw is {slope}, so the first step w − η·slope "
                  "moves w down, to the left,")
    valley = _(VALLEYS[answer])
    why = _("{first} and each step after that follows the local slope again: after {n} steps "
            "w = {end}, at the bottom of {valley}. Gradient descent feels only the ground under "
            "its feet: it cannot see that the left valley is deeper.").format(
        first=first.format(w0=f"{w0:g}", slope=f"{slope:+.3f}"), n=path.steps,
        end=f"{end:.3f}", valley=valley)
    if said == answer:
        return Feedback(True, say(RIGHT, _("{valley}. {why}").format(valley=valley, why=why)))
    return Feedback(False, say(NOT_QUITE, _("the ball rolls into {valley}. {why}").format(
        valley=valley, why=why)))
