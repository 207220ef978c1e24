"""Check yourself (notebook 03): predict where one step of gradient descent lands.

Given the parameters w, the gradient ∇C at w and the learning rate η, the next position is
w − η ∇C. :func:`check_gradient_step` compares the learner's answer with it and, when it is
wrong, recognises the usual slips: the wrong sign (climbing uphill), a forgotten η, η
divided instead of multiplied, the step alone instead of the new position.
"""
import numpy as np

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
    str, beginning with "Right" when the answer is right.
    """
    w = np.asarray(w, dtype=float)
    grad = np.asarray(grad, dtype=float)
    if w.shape != grad.shape:
        raise ValueError(f"w and grad must have the same shape; got {w.shape} and {grad.shape}")
    if answer is None or answer is Ellipsis:
        return ("Not answered yet: replace the placeholder with your prediction of the "
                f"new w (shape {w.shape if w.shape else 'a single number'}).")
    try:
        a = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return f"Your answer must be a number or a list of numbers; got {answer!r}."
    if a.shape != w.shape:
        return (f"Your answer has shape {a.shape}, but the new w must have the shape of w, "
                f"{w.shape}: one new value for every parameter.")
    if not np.all(np.isfinite(a)):
        return "Your answer holds inf or NaN; the new w is a plain finite number."
    right = gradient_step(w, grad, eta)
    if np.allclose(a, right, **_TOL):
        return (f"Right: w − η∇C = {np.round(right, 6).tolist()}. Each parameter moved "
                "against its own slope, by η times that slope.")
    slips = [
        (w + eta * grad, "You added η∇C: that steps *uphill*. The gradient points the way "
                         "the cost rises fastest, so gradient descent subtracts it."),
        (w - grad, "You forgot the learning rate: the step is η times the gradient, "
                   f"η = {eta:g}."),
        (w + grad, "Two slips: the step goes against the gradient (subtract it), and it is "
                   f"scaled by the learning rate η = {eta:g}."),
        (w - grad / eta, f"You divided by η = {eta:g}; the step is η *times* the gradient."),
        (-eta * grad, "That is the step −η∇C alone; add it to w to get the new position."),
        (eta * grad, "That is η∇C alone, and with the wrong sign: the new position is "
                     "w − η∇C."),
        (w - eta, "You subtracted η alone; every parameter moves by η times its *own* "
                  "gradient component."),
    ]
    for value, message in slips:
        if np.allclose(a, value, **_TOL):
            return "Not quite. " + message
    wrong = ~np.isclose(a, right, **_TOL)
    if w.ndim and wrong.sum() < wrong.size:
        idx = [int(i) for i in np.flatnonzero(wrong)]
        return (f"Not quite: the component(s) at index {idx} are off. Work each one out "
                "as w_i − η · (∂C/∂w_i).")
    return "Not quite: compute w − η∇C, one component at a time."
