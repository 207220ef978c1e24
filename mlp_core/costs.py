"""Cost functions C(a, y) and their gradients ∂C/∂a.

``a`` is the network's output and ``y`` the target, both of shape (n_out, m): one column
per example. Each cost returns a plain float; each gradient an array of shape (n_out, m).

The sources use three scalings of the same squared error, so each has its own name here:

============================  =================================  ===============================
name                          C                                  used by
============================  =================================  ===============================
``"squared_error"``           (1/m) Σ_x Σ_j (a_j − y_j)²          3Blue1Brown, articles A and B
``"half_squared_error"``      1/(2m) Σ_x ‖a − y‖²                Nielsen's book ("quadratic cost")
``"sum_squared_error"``       Σ_x Σ_j (a_j − y_j)²               article C (no averaging)
``"cross_entropy"``           −(1/m) Σ_x Σ_j y_j ln a_j          with a softmax output layer
============================  =================================  ===============================

The first two differ only by a factor 2: the same minimum, gradients 2× apart. The third
grows with the batch size m, which is why article C needs a learning rate as small as 1e-5.
"""
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

from .validation import InvalidArgument, check_same_shape


def _sum_of_squares(e):
    """Σ e², as the dot product of e with itself (one call: this runs every training step)."""
    return float(np.vdot(e, e))


def squared_error(a, y):
    """3Blue1Brown's cost: per example Σ_j (a_j − y_j)², averaged over the m examples."""
    return _sum_of_squares(a - y) / a.shape[1]


def squared_error_grad(a, y):
    """∂C/∂a = 2(a − y)/m."""
    return (2.0 / a.shape[1]) * (a - y)


def half_squared_error(a, y):
    """Nielsen's quadratic cost: 1/(2m) Σ_x ‖a − y‖²."""
    return _sum_of_squares(a - y) / (2.0 * a.shape[1])


def half_squared_error_grad(a, y):
    """∂C/∂a = (a − y)/m."""
    return (a - y) / a.shape[1]


def sum_squared_error(a, y):
    """Article C's loss: the plain sum Σ (a − y)² over every output of every example."""
    return _sum_of_squares(a - y)


def sum_squared_error_grad(a, y):
    """∂C/∂a = 2(a − y)."""
    return 2.0 * (a - y)


# Outputs of softmax can round to exactly 0; ln 0 would be −inf. Clipping at a tiny
# value keeps the cost finite (it changes nothing a learner will ever print).
_TINY = 1e-300


def cross_entropy(a, y):
    """−(1/m) Σ_x Σ_j y_j ln a_j, for a softmax output a and a one-hot y."""
    return float(-np.sum(y * np.log(np.maximum(a, _TINY))) / a.shape[1])


def cross_entropy_grad(a, y):
    """∂C/∂a = −y/(m·a). (Through softmax this becomes the simple (a − y)/m.)"""
    return -y / (a.shape[1] * np.maximum(a, _TINY))


@dataclass(frozen=True)
class Cost:
    """One cost function with its gradient with respect to the output a.

    ``divisor`` is set for the three squared errors, which are all C = Σ (a − y)² / k with
    k = divisor(m): m (3Blue1Brown's), 2m (Nielsen's) or 1 (article C's)."""
    name: str
    f: Callable
    grad: Callable
    formula: str
    divisor: Optional[Callable] = None

    def value_and_grad(self, a, y):
        """``(f(a, y), grad(a, y))``, computed together: backprop needs both, and the
        squared errors share their a − y."""
        if self.divisor is None:
            return self.f(a, y), self.grad(a, y)
        e = a - y
        k = self.divisor(a.shape[1])
        cost = _sum_of_squares(e) / k
        e *= 2.0 / k  # ∂C/∂a = 2(a − y)/k, in place: e is not needed any more
        return cost, e


COSTS = {
    "squared_error": Cost("squared_error", squared_error, squared_error_grad,
                          "(1/m) Σ_x Σ_j (a_j − y_j)²", divisor=lambda m: m),
    "half_squared_error": Cost("half_squared_error", half_squared_error,
                               half_squared_error_grad, "1/(2m) Σ_x ‖a − y‖²",
                               divisor=lambda m: 2 * m),
    "sum_squared_error": Cost("sum_squared_error", sum_squared_error,
                              sum_squared_error_grad, "Σ_x Σ_j (a_j − y_j)²",
                              divisor=lambda m: 1),
    "cross_entropy": Cost("cross_entropy", cross_entropy, cross_entropy_grad,
                          "−(1/m) Σ_x Σ_j y_j ln a_j"),
}


def get_cost(name):
    """Look up a cost by name; an unknown name lists the known ones."""
    if isinstance(name, Cost):
        return name
    try:
        return COSTS[name]
    except (KeyError, TypeError):
        raise InvalidArgument(
            f"unknown cost {name!r}; expected one of: {', '.join(COSTS)}") from None


def per_example_cost(a, y, name="squared_error"):
    """The cost of each example separately, shape (m,); their mean is the cost for the
    averaged costs (for ``"sum_squared_error"`` their sum is).

    For the squared errors this is Σ_j (a_j − y_j)² (scaled by ½ for Nielsen's).

    a, y : arrays of one shape (n_out, m), finite; name : one of ``COSTS``.
    """
    name = get_cost(name).name  # the helpful error for an unknown name, before any work
    a, y = check_same_shape(a, y, ("a", "y"))
    if name == "cross_entropy":
        return -np.sum(y * np.log(np.maximum(a, _TINY)), axis=0)
    d = np.sum((a - y) ** 2, axis=0)
    return 0.5 * d if name == "half_squared_error" else d
