"""Article C's network, rebuilt in plain NumPy: two weight matrices, no biases.

    h = w1 · x          w1 (100, 1000), x (1000, 64)  →  h (100, 64)
    h_σ = σ(h)                                            h_σ (100, 64)
    y_pred = w2 · h_σ   w2 (10, 100)                  →  y_pred (10, 64)   (linear output)
    loss = Σ (y_pred − y)²                  the plain sum over all 10 × 64 numbers

Backward, each line "gradient of a node's input = upstream gradient × local derivative":

    grad_y_pred = 2 (y_pred − y)                                 (10, 64)
    grad_w2     = grad_y_pred · h_σᵀ                             (10, 64)·(64, 100) = (10, 100)
    grad_h_σ    = w2ᵀ · grad_y_pred                              (100, 10)·(10, 64) = (100, 64)
    grad_h      = grad_h_σ ⊙ h_σ (1 − h_σ)                       (100, 64)
    grad_w1     = grad_h · xᵀ                                    (100, 64)·(64, 1000) = (100, 1000)

The article's code builds grad_w2 from h instead of h_σ (``buggy=True`` here) and says it
"descends better". It is a different, wrong gradient: notebook 05 lets a gradient check find
it and trains both versions side by side.

Batches are columns (one sample per column), as everywhere in this package. Numpy only.
"""
from typing import NamedTuple

import numpy as np

from .activations import sigmoid
from .i18n import N_, _
from .validation import check_seed, check_whole

#: Article C's sizes: 64 samples of 1000 inputs, 100 hidden neurons, 10 outputs.
SIZES = dict(n_in=1000, n_hidden=100, n_out=10, batch=64)


class Problem(NamedTuple):
    """Random data and starting weights. x (n_in, m), y (n_out, m), w1 (n_hidden, n_in),
    w2 (n_out, n_hidden)."""
    x: np.ndarray
    y: np.ndarray
    w1: np.ndarray
    w2: np.ndarray


class Forward(NamedTuple):
    """h and h_σ of shape (n_hidden, m); y_pred of shape (n_out, m)."""
    h: np.ndarray
    h_sigma: np.ndarray
    y_pred: np.ndarray


class Training(NamedTuple):
    """losses: shape (iterations,), the loss *before* each step; w1, w2: the final weights;
    length_ratio: shape (iterations,), ‖the article's grad_w2‖ / ‖the true grad_w2‖ at each
    step (NaN after a run stopped early)."""
    losses: np.ndarray
    w1: np.ndarray
    w2: np.ndarray
    length_ratio: np.ndarray


def make_problem(n_in=1000, n_hidden=100, n_out=10, batch=64, seed=0):
    """Article C's setting: x, y, w1 and w2 all drawn from N(0, 1) (like ``torch.randn``)."""
    for name, n in (("n_in", n_in), ("n_hidden", n_hidden), ("n_out", n_out), ("batch", batch)):
        check_whole(n, name, 1)
    rng = np.random.default_rng(check_seed(seed))
    x = rng.standard_normal((n_in, batch))
    y = rng.standard_normal((n_out, batch))
    w1 = rng.standard_normal((n_hidden, n_in))
    w2 = rng.standard_normal((n_out, n_hidden))
    return Problem(x, y, w1, w2)


def _check(x, w1, w2, y=None):
    x, w1, w2 = (np.asarray(v, dtype=np.float64) for v in (x, w1, w2))
    if x.ndim != 2 or w1.ndim != 2 or w2.ndim != 2:
        raise ValueError(f"x, w1 and w2 must be matrices; got shapes {x.shape}, {w1.shape}, "
                         f"{w2.shape}")
    if w1.shape[1] != x.shape[0]:
        raise ValueError(f"w1 must have shape (n_hidden, {x.shape[0]}) to multiply x of shape "
                         f"{x.shape}; got {w1.shape}")
    if w2.shape[1] != w1.shape[0]:
        raise ValueError(f"w2 must have shape (n_out, {w1.shape[0]}) to follow w1 of shape "
                         f"{w1.shape}; got {w2.shape}")
    if y is not None:
        y = np.asarray(y, dtype=np.float64)
        if y.shape != (w2.shape[0], x.shape[1]):
            raise ValueError(f"y must have shape {(w2.shape[0], x.shape[1])} (n_out, m); "
                             f"got {y.shape}")
    return x, w1, w2, y


def forward(x, w1, w2):
    """h = w1·x, h_σ = σ(h), y_pred = w2·h_σ, for x of shape (n_in, m)."""
    x, w1, w2, _y = _check(x, w1, w2)
    h = w1 @ x
    h_sigma = sigmoid(h)
    return Forward(h, h_sigma, w2 @ h_sigma)


def loss(x, y, w1, w2):
    """Article C's loss: Σ (y_pred − y)², the plain sum (no mean)."""
    x, w1, w2, y = _check(x, w1, w2, y)
    return float(np.sum((forward(x, w1, w2).y_pred - y) ** 2))


def gradients(x, y, w1, w2, buggy=False):
    """(grad_w1, grad_w2, loss) by backpropagation.

    grad_w1 has w1's shape (n_hidden, n_in), grad_w2 has w2's shape (n_out, n_hidden).
    With ``buggy=True``, grad_w2 is built from h instead of h_σ, as in the article's code;
    grad_w1 is the same in both (the article's grad_w1 is right).
    """
    x, w1, w2, y = _check(x, w1, w2, y)
    grad_w1, grad_w2, grad_w2_article, loss_value = _backward(x, y, w1, w2)
    return grad_w1, (grad_w2_article if buggy else grad_w2), loss_value


def _backward(x, y, w1, w2):
    """The forward and backward pass without the checks: (grad_w1, the true grad_w2, the
    article's grad_w2, loss)."""
    h, h_sigma, y_pred = forward(x, w1, w2)
    grad_y_pred = 2.0 * (y_pred - y)                        # (n_out, m)
    # The input of w2 in the forward pass is h_σ; the article's code uses h here.
    grad_w2 = grad_y_pred @ h_sigma.T                        # (n_out, n_hidden)
    grad_w2_article = grad_y_pred @ h.T                      # the article's bug
    grad_h_sigma = w2.T @ grad_y_pred                        # (n_hidden, m)
    grad_h = grad_h_sigma * h_sigma * (1.0 - h_sigma)        # σ'(h) = σ(h)(1 − σ(h))
    grad_w1 = grad_h @ x.T                                   # (n_hidden, n_in)
    return grad_w1, grad_w2, grad_w2_article, float(np.sum((y_pred - y) ** 2))


#: How :func:`train` steps w2: along the true gradient, along the article's, or along the
#: true gradient stretched to the length of the article's step (the control experiment
#: that tests "the bug acts like a larger learning rate for w2").
W2_STEPS = ("true", "article", "true, article's length")


def train(x, y, w1, w2, learning_rate=1e-5, iterations=3000, buggy=False, w2_step=None):
    """Plain gradient descent on the one batch, as in the article; the inputs are not changed.

    ``w2_step`` is one of :data:`W2_STEPS` (``buggy=True`` is short for ``"article"``). With
    ``"true, article's length"`` every step moves w2 in the true gradient's direction by the
    length the article's step would have: ``learning_rate · ‖article's grad_w2‖ /
    ‖grad_w2‖ · grad_w2``, the true gradient with w2's learning rate scaled, step by step.
    w1 always steps along its true gradient.

    Returns a :class:`Training` with the loss before each of the ``iterations`` steps.
    A loss that overflows stops the run early; the rest of ``losses`` is then NaN.
    """
    if not (isinstance(iterations, (int, np.integer)) and iterations >= 1):
        raise ValueError(f"iterations must be a whole number ≥ 1; got {iterations!r}")
    if not (np.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(f"learning_rate must be a finite number > 0; got {learning_rate!r}")
    w2_step = w2_step or ("article" if buggy else "true")
    if w2_step not in W2_STEPS:
        raise ValueError(f"w2_step must be one of {W2_STEPS}; got {w2_step!r}")
    x, w1, w2, y = _check(x, w1, w2, y)
    w1, w2 = w1.copy(), w2.copy()
    losses, ratio = np.full(iterations, np.nan), np.full(iterations, np.nan)
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(iterations):
            grad_w1, grad_w2, grad_w2_article, losses[t] = _backward(x, y, w1, w2)
            if not np.isfinite(losses[t]):
                losses[t] = np.nan
                break
            ratio[t] = np.linalg.norm(grad_w2_article) / np.linalg.norm(grad_w2)
            w1 -= learning_rate * grad_w1
            if w2_step == "true":
                w2 -= learning_rate * grad_w2
            elif w2_step == "article":
                w2 -= learning_rate * grad_w2_article
            else:
                w2 -= (learning_rate * ratio[t]) * grad_w2
    return Training(losses, w1, w2, ratio)


#: The header of :func:`shape_table` for ``chain_rule.format_table`` (which shows it in the
#: reader's language).
SHAPE_TABLE_HEADER = (N_("matrix"), N_("shape"), N_("why"))


def shape_table(x, w1, w2):
    """Every matrix of the forward and backward pass with its shape, and the one product that
    gives it. Returns a list of (name, shape, how) string triples (``how`` in the reader's
    language)."""
    x, w1, w2, _y = _check(x, w1, w2)
    n_in, m = x.shape
    n_h, n_out = w1.shape[0], w2.shape[0]

    def only(matrix, product):
        return _("must have {matrix}'s shape: only {product} fits").format(matrix=matrix,
                                                                          product=product)
    return [
        ("x", f"({n_in}, {m})", _("the data: one sample per column")),
        ("w1", f"({n_h}, {n_in})", _("parameter")),
        ("h, h_σ", f"({n_h}, {m})", f"w1·x: ({n_h}, {n_in})·({n_in}, {m})"),
        ("w2", f"({n_out}, {n_h})", _("parameter")),
        ("y_pred, y", f"({n_out}, {m})", f"w2·h_σ: ({n_out}, {n_h})·({n_h}, {m})"),
        ("grad_y_pred", f"({n_out}, {m})", _("2(y_pred − y), elementwise")),
        ("grad_w2", f"({n_out}, {n_h})",
         only("w2", f"grad_y_pred·h_σᵀ = ({n_out}, {m})·({m}, {n_h})")),
        ("grad_h_σ", f"({n_h}, {m})",
         only("h_σ", f"w2ᵀ·grad_y_pred = ({n_h}, {n_out})·({n_out}, {m})")),
        ("grad_h", f"({n_h}, {m})", _("grad_h_σ ⊙ h_σ(1 − h_σ), elementwise")),
        ("grad_w1", f"({n_h}, {n_in})", only("w1", f"grad_h·xᵀ = ({n_h}, {m})·({m}, {n_in})")),
    ]


def higher_order_example(x=(5.0, 7.0)):
    """Article C's aside on second derivatives, by hand.

    y = x², loss1 = mean(y); h1 = ∂y[0]/∂x = (2x₀, 0), h2 = ∂y[1]/∂x = (0, 2x₁) (kept as
    functions of x); loss2 = mean(h1 − h2) = (2x₀ − 2x₁)/2 = x₀ − x₁. Then

        ∂(loss1 + loss2)/∂x = (x₀, x₁) + (1, −1)          ([6, 6] at x = [5, 7]).

    Returns (total_loss, gradient) with gradient of shape (2,).
    """
    x = np.asarray(x, dtype=np.float64)
    if x.shape != (2,):
        raise ValueError(f"x must hold two numbers, shape (2,); got shape {x.shape}")
    loss1 = np.mean(x ** 2)
    h1 = np.array([2 * x[0], 0.0])
    h2 = np.array([0.0, 2 * x[1]])
    loss2 = np.mean(h1 - h2)
    grad = x + np.array([1.0, -1.0])    # ∂loss1/∂x = 2x/2 = x;  ∂loss2/∂x = (1, −1)
    return float(loss1 + loss2), grad


def higher_order_by_differences(x=(5.0, 7.0), eps=1e-3):
    """The same gradient with no calculus at all: central differences, twice.

    h1 and h2 are themselves central-difference gradients of y[0] and y[1]; loss2 is built
    from them, and the total loss is differentiated by central differences again. (For
    y = x² the central difference is exact up to rounding, so ε = 1e-3 loses nothing.)
    Returns the gradient, shape (2,).
    """
    x = np.asarray(x, dtype=np.float64)
    if x.shape != (2,):
        raise ValueError(f"x must hold two numbers, shape (2,); got shape {x.shape}")

    def grad(f, v):
        return np.array([(f(v + eps * e) - f(v - eps * e)) / (2 * eps) for e in np.eye(v.size)])

    def total(v):
        h1 = grad(lambda u: u[0] ** 2, v)      # ∂y[0]/∂x, a vector of 2
        h2 = grad(lambda u: u[1] ** 2, v)      # ∂y[1]/∂x
        return np.mean(v ** 2) + np.mean(h1 - h2)

    return grad(total, x)
