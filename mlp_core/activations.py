"""Activation functions σ and how to backpropagate through them.

Every function takes ``z``, a matrix of weighted inputs of shape (n, m) (n neurons,
m examples in the columns), and returns an array of the same shape.

Each activation is a small record in the table :data:`ACTIVATIONS`:

* ``f(z)``            the activation a = σ(z);
* ``derivative(z, a)``  σ'(z), elementwise, given z and the a = σ(z) already computed
  (sigmoid and tanh are cheaper to differentiate from a than from z);
* ``vjp(z, a, grad_a)`` ∂C/∂z given ∂C/∂a: the chain rule through σ. For an elementwise σ
  this is ``grad_a * σ'(z)``; softmax mixes the neurons of a column, so it needs its
  Jacobian (see :func:`softmax_jacobian`).
"""
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

from .validation import InvalidArgument, real_array


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)), squashing any number into (0, 1).

    Written as ½(1 + tanh(z/2)), the same function, because ``np.exp(-z)`` overflows
    (with a warning) for z ≈ −1000, while tanh saturates calmly at ±1.
    """
    try:
        a = np.tanh(0.5 * z)
    except TypeError:  # not an array (a list, a string …): numbers become an array
        a = np.tanh(0.5 * real_array(z, "z", "an array of numbers"))
    # The last two steps work in place (``a`` is a fresh array, or a plain number, which
    # ``+=`` simply replaces): during training, with small minibatches, making new arrays
    # costs as much as the arithmetic.
    a += 1.0
    a *= 0.5
    return a


def sigmoid_derivative(z, a):
    """σ'(z) = σ(z)(1 − σ(z)) = a(1 − a)."""
    d = 1.0 - a
    d *= a  # in place, as in sigmoid
    return d


def tanh(z):
    """tanh(z), zero-centred, squashing into (−1, 1)."""
    return np.tanh(z)


def tanh_derivative(z, a):
    """tanh'(z) = 1 − tanh(z)² = 1 − a²."""
    return 1.0 - a * a


def relu(z):
    """ReLU(z) = max(0, z)."""
    return np.maximum(z, 0.0)


def relu_derivative(z, a):
    """ReLU'(z) = 1 where z > 0, else 0 (we take 0 at the kink z = 0)."""
    return (z > 0).astype(z.dtype)


def identity(z):
    """identity(z) = z: a linear output layer, as in article C's network."""
    return z


def identity_derivative(z, a):
    """identity'(z) = 1."""
    return np.ones_like(z)


def softmax(z):
    """softmax(z)_i = e^(z_i) / Σ_k e^(z_k), over the neurons of each column.

    Each column becomes a probability distribution (positive, summing to 1). We subtract
    the column's largest z first: the result is unchanged (the factor e^(−max) cancels)
    and no e^z can overflow.
    """
    if not isinstance(z, np.ndarray) or z.dtype.kind not in "iuf":
        z = real_array(z, "z", "an array of numbers, one column per example")
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def softmax_jacobian(a):
    """The Jacobian ∂o_i/∂a_j of softmax for one example (article E).

    Parameters
    ----------
    a : array, shape (n,)
        The softmax output o of one example.

    Returns
    -------
    J : array, shape (n, n)
        J[i, j] = o_i(1 − o_i) if i == j, and −o_i·o_j otherwise.
    """
    a = real_array(a, "a", "one softmax output, shape (n,)")
    if a.ndim != 1:
        raise InvalidArgument(
            f"a must be one example's softmax output, shape (n,); got shape {a.shape}")
    return np.diag(a) - np.outer(a, a)


def _elementwise_vjp(derivative):
    def vjp(z, a, grad_a):
        return grad_a * derivative(z, a)
    return vjp


def softmax_vjp(z, a, grad_a):
    """∂C/∂z = Jᵀ·∂C/∂a for each column, without building J:
    Σ_i (∂C/∂a_i)·a_i(δ_ij − a_j) = a_j(∂C/∂a_j − Σ_i a_i ∂C/∂a_i)."""
    return a * (grad_a - (a * grad_a).sum(axis=0, keepdims=True))


@dataclass(frozen=True)
class Activation:
    """One activation function σ with what backpropagation needs of it."""
    name: str
    f: Callable
    derivative: Optional[Callable]  # None where σ is not elementwise (softmax)
    vjp: Callable
    formula: str


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_derivative,
                          _elementwise_vjp(sigmoid_derivative), "σ(z) = 1/(1 + e^(−z))"),
    "tanh": Activation("tanh", tanh, tanh_derivative,
                       _elementwise_vjp(tanh_derivative), "tanh(z)"),
    "relu": Activation("relu", relu, relu_derivative,
                       _elementwise_vjp(relu_derivative), "max(0, z)"),
    "identity": Activation("identity", identity, identity_derivative,
                           _elementwise_vjp(identity_derivative), "z"),
    "softmax": Activation("softmax", softmax, None, softmax_vjp,
                          "e^(z_i) / Σ_k e^(z_k)"),
}


def get_activation(name, argument="activation"):
    """Look up an activation by name; an unknown name lists the known ones (the error
    names ``argument``, e.g. ``output_activation``)."""
    if isinstance(name, Activation):
        return name
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise InvalidArgument(
            f"unknown {argument} {name!r}; expected one of: {', '.join(ACTIVATIONS)}") from None
