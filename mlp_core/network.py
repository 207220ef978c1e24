"""A fully connected network: the forward pass and backpropagation, for a whole minibatch.

Conventions (the articles' maths, kept everywhere in this package)
-----------------------------------------------------------------
* A batch is a matrix whose **columns** are examples: X has shape (n_0, m) for m examples
  of n_0 inputs.
* Layers are numbered from 0 (the input) to L (the output); ``l = 1`` is the first hidden
  layer. ``W[l]`` has shape (n_l, n_{l−1}) — (n_out, n_in) — and ``b[l]`` shape (n_l, 1),
  so one layer is ``a[l] = σ(W[l] @ a[l−1] + b[l])`` for all m columns at once.
* Lists indexed by layer are indexed by this ``l``: ``W[0]``, ``b[0]``, ``z[0]`` and
  ``delta[0]`` are ``None`` (the input layer has no weights), and ``a[0]`` is the input X.
* ``z`` is the weighted input, ``a`` the activation, ``delta[l]`` = ∂C/∂z[l],
  ``grad_W[l]`` = ∂C/∂W[l], ``grad_b[l]`` = ∂C/∂b[l].
"""
from typing import List, NamedTuple, Optional

import numpy as np

from .activations import get_activation
from .validation import (InvalidArgument, as_batch,
                         as_targets, check_choice, check_dtype, check_index, check_labels,
                         check_parameters, check_real, check_seed, check_sizes, describe,
                         shown)
from .costs import get_cost

INITS = {
    # Nielsen's network.py: every weight and bias drawn from N(0, 1).
    "standard": lambda n_in: 1.0,
    # Nielsen's network2.py: weights from N(0, 1/n_in), so that z starts near 1 in size
    # whatever n_in is, and sigmoids do not start saturated; biases stay N(0, 1).
    "scaled": lambda n_in: 1.0 / np.sqrt(n_in),
}


class ForwardPass(NamedTuple):
    """Every layer's values for a batch of m examples.

    z : list, ``z[l]`` of shape (n_l, m) for l = 1 … L; ``z[0]`` is None.
    a : list, ``a[l]`` of shape (n_l, m) for l = 0 … L; ``a[0]`` is the input X.
    """
    z: list
    a: list


class Gradients(NamedTuple):
    """What backpropagation returns for a batch: new arrays at every call (nothing in them
    is shared with the network or with another call's result).

    grad_W : list, ``grad_W[l]`` = ∂C/∂W[l], shape (n_l, n_{l−1}); index 0 is None.
    grad_b : list, ``grad_b[l]`` = ∂C/∂b[l], shape (n_l, 1); index 0 is None.
    delta  : list, ``delta[l]`` = ∂C/∂z[l], shape (n_l, m), one column per example.
    cost   : float, C over the batch (before any step).
    z, a   : the forward pass, as in :class:`ForwardPass`.
    """
    grad_W: list
    grad_b: list
    delta: list
    cost: float
    z: list
    a: list


class Network:
    """A fully connected feed-forward network.

    Parameters
    ----------
    sizes : list of int
        Neurons per layer, input first: ``[784, 16, 16, 10]`` is 3Blue1Brown's network.
    activation : str
        σ of the hidden layers: one of ``mlp_core.ACTIVATIONS``.
    output_activation : str, optional
        σ of the output layer; the hidden one if not given.
    cost : str
        One of ``mlp_core.COSTS``; ``"cross_entropy"`` needs a softmax output layer.
    init : {"scaled", "standard"}
        Weights from N(0, 1/n_in) (``"scaled"``) or N(0, 1) (``"standard"``); biases N(0, 1).
    seed : int ≥ 0, or None
        Seed of the random initial weights: the same seed gives the same network (None:
        a fresh random one).
    dtype : numpy float type
        ``np.float64`` (default) or ``np.float32``.

    Every argument is checked before anything is made (see :mod:`mlp_core.validation`):
    a bad one raises an ``InvalidArgument`` (a ValueError) naming it.
    """

    def __init__(self, sizes, activation="sigmoid", output_activation=None,
                 cost="squared_error", init="scaled", seed=0, dtype=np.float64):
        sizes = check_sizes(sizes)
        check_choice(init, "init", INITS)
        seed = check_seed(seed)
        self.dtype = check_dtype(dtype)
        self.sizes = sizes
        self.L = len(sizes) - 1
        self.activation = get_activation(activation)
        self.output_activation = get_activation(
            activation if output_activation is None else output_activation, "output_activation")
        self.cost_fn = get_cost(cost)
        if self.cost_fn.name == "cross_entropy" and self.output_activation.name != "softmax":
            raise InvalidArgument("the cross_entropy cost needs output_activation='softmax'; got "
                                  f"{self.output_activation.name!r}")
        if self.activation.name == "softmax":
            raise InvalidArgument("activation='softmax' is for the output layer only "
                                  "(output_activation='softmax'); choose sigmoid, tanh, relu "
                                  "or identity for the hidden layers")
        self.init, self.seed = init, seed
        # All the parameters live in one vector θ (theta) of n_params numbers: W[1], b[1],
        # W[2], b[2], … one after the other. Each W[l] and b[l] is a view of its slice of θ,
        # so changing one changes the other. The gradient is one such vector too (the
        # 13,002-dimensional ∇C of 3Blue1Brown's network), and a step of gradient descent
        # is the single line θ ← θ − η∇C.
        self.theta = np.empty(sum(o * i + o for i, o in zip(self.sizes, self.sizes[1:])),
                              dtype=self.dtype)
        self.W, self.b = self.unflatten(self.theta)
        rng = np.random.default_rng(seed)
        for l in range(1, self.L + 1):
            n_in = self.sizes[l - 1]
            self.W[l][...] = rng.standard_normal(self.W[l].shape) * INITS[init](n_in)
            self.b[l][...] = rng.standard_normal(self.b[l].shape)

    def unflatten(self, vector):
        """Views of a vector of shape (n_params,) as the lists ``W`` and ``b`` (index 0
        None): ``W[l]`` of shape (n_l, n_{l−1}) and ``b[l]`` of shape (n_l, 1)."""
        n = self.theta.size
        if not isinstance(vector, np.ndarray) or vector.shape != (n,):
            raise InvalidArgument(
                f"vector must be a numpy array of shape ({n},), one number per parameter "
                f"(views of it are returned, so a list will not do); got {describe(vector)}")
        W: List[Optional[np.ndarray]] = [None]
        b: List[Optional[np.ndarray]] = [None]
        k = 0
        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:]):
            W.append(vector[k:k + n_out * n_in].reshape(n_out, n_in))
            k += n_out * n_in
            b.append(vector[k:k + n_out].reshape(n_out, 1))
            k += n_out
        return W, b

    def __repr__(self):
        return (f"Network({self.sizes}, activation={self.activation.name!r}, "
                f"output_activation={self.output_activation.name!r}, "
                f"cost={self.cost_fn.name!r}, init={self.init!r}, seed={self.seed})")

    # -- parameters ---------------------------------------------------------------------
    @property
    def n_params(self):
        """The number of weights and biases: Σ_l n_l·n_{l−1} + n_l (13,002 for 784-16-16-10)."""
        return self.theta.size

    def param_arrays(self):
        """``[("W1", W[1]), ("b1", b[1]), ("W2", W[2]), …]``: every parameter array by name,
        in the order they have in ``theta``. The arrays are the network's own (views of
        ``theta``): changing them changes the network. Assign into them (``W[l][...] = …``)
        rather than replacing them."""
        out = []
        for l in range(1, self.L + 1):
            out += [(f"W{l}", self.W[l]), (f"b{l}", self.b[l])]
        return out

    def _index(self, kind, l, j, k):
        """The array and the index of one parameter, or an error naming the argument that
        is off (out of range: an InvalidIndex, which is also an IndexError)."""
        if not isinstance(kind, str) or kind not in ("W", "b"):
            raise InvalidArgument(f"kind must be 'W' or 'b'; got {describe(kind)}")
        l = check_index(l, "layer l", 1, self.L)
        j = check_index(j, f"row j of layer {l}", 0, self.sizes[l] - 1)
        if kind == "b":
            if k is not None:  # a bias has one column: a k here is a slip, not a choice
                raise InvalidArgument(
                    f"a bias has no column k: use get_param('b', l, j) and "
                    f"set_param('b', l, j, value=...); got k={shown(k)}")
            return self.b[l], (j, 0)
        k = check_index(k, f"column k of W[{l}]", 0, self.sizes[l - 1] - 1)
        return self.W[l], (j, k)

    def get_param(self, kind, l, j, k=None):
        """One parameter: ``get_param("W", l, j, k)`` is the weight from neuron k of layer
        l−1 to neuron j of layer l; ``get_param("b", l, j)`` is neuron j's bias."""
        arr, idx = self._index(kind, l, j, k)
        return float(arr[idx])

    def set_param(self, kind, l, j, k=None, *, value):
        """Set one parameter (see :meth:`get_param`) to ``value``, a finite number given
        by name: ``set_param("W", l, j, k, value=0.5)``, ``set_param("b", l, j, value=0.5)``
        (by name, so that a bias's value can never land in k)."""
        arr, idx = self._index(kind, l, j, k)
        name = f"W[{l}][{j}, {k}]" if kind == "W" else f"b[{l}][{j}]"
        x = check_real(value, f"the value of parameter {name}")
        with np.errstate(over="ignore"):  # 1e300 in a float32 network: inf, refused below
            fits = np.isfinite(arr.dtype.type(x))
        if not fits:
            raise InvalidArgument(
                f"the value of parameter {name} must be finite in {arr.dtype}; got {shown(value)}")
        arr[idx] = x

    def copy(self):
        """An independent copy: training the copy leaves this network unchanged."""
        new = object.__new__(Network)
        new.__dict__.update(self.__dict__)
        new.theta = self.theta.copy()
        new.W, new.b = new.unflatten(new.theta)
        return new

    # -- forward --------------------------------------------------------------------------
    def check_input(self, X, finite=True, name="X"):
        """X as a (n_0, m) matrix of finite numbers in this network's dtype, or a clear error
        naming ``name`` (``finite=False``: the shape and type only).

        Every public method that computes with the network calls this first, so it also
        checks the parameters: a NaN or inf put in directly (``net.W[1][0, 0] = nan``) is
        reported here ("parameter W[1][0, 0] is NaN") before it can spread."""
        check_parameters(self)
        return as_batch(X, self.sizes[0], name=name, dtype=self.dtype, finite=finite)

    def feedforward(self, X):
        """The output a[L] for a batch X of shape (n_0, m); returns shape (n_L, m)."""
        return self._feedforward(self.check_input(X))

    def sigma(self, l):
        """σ of layer l (1 … L): the output activation for l = L, the hidden one below."""
        return self.output_activation if l == self.L else self.activation

    def _feedforward(self, a):
        """:meth:`feedforward` without the checks: a = X, then a = σ(W[l] a + b[l]) for
        l = 1 … L, keeping only the last a."""
        for l in range(1, self.L + 1):
            a = self.sigma(l).f(self.W[l] @ a + self.b[l])
        return a

    def forward(self, X):
        """Every layer's z and a for a batch X of shape (n_0, m): a :class:`ForwardPass`."""
        return self._forward(self.check_input(X))

    def _forward(self, X):
        """:meth:`forward` without the checks (X is a checked (n_0, m) batch)."""
        W, b = self.W, self.b
        z, a = [None], [X]
        for l in range(1, self.L + 1):
            z.append(W[l] @ a[l - 1] + b[l])       # z[l] = W[l] a[l−1] + b[l]
            a.append(self.sigma(l).f(z[l]))        # a[l] = σ(z[l])
        return ForwardPass(z, a)

    # -- cost -----------------------------------------------------------------------------
    def targets(self, Y, m, name="Y"):
        """Targets as a (n_L, m) matrix; class numbers of shape (m,) become one-hot columns.
        With the cross-entropy cost each column must be a probability distribution (the
        error names ``name`` otherwise)."""
        return as_targets(Y, self.sizes[-1], m, name=name, dtype=self.dtype,
                          probabilities=self.cost_fn.name == "cross_entropy")

    def cost(self, X, Y):
        """C over the batch: X shape (n_0, m); Y shape (n_L, m) or class numbers (m,)."""
        X = self.check_input(X)
        Y = self.targets(Y, X.shape[1])
        return self.cost_fn.f(self._feedforward(X), Y)

    def predict(self, X):
        """The digit each column of X is classified as (the brightest output); shape (m,)."""
        return np.argmax(self.feedforward(X), axis=0)

    def accuracy(self, X, labels):
        """The fraction of the m examples classified correctly; labels shape (m,)."""
        X = self.check_input(X)
        labels = check_labels(labels, self.sizes[-1], X.shape[1], name="labels")
        return float(np.mean(np.argmax(self._feedforward(X), axis=0) == labels))

    # -- backward -------------------------------------------------------------------------
    def backprop(self, X, Y):
        """Backpropagation over a batch: ∂C/∂W, ∂C/∂b and δ for every layer.

        Parameters
        ----------
        X : array, shape (n_0, m)
        Y : array, shape (n_L, m), or class numbers of shape (m,)

        Returns
        -------
        Gradients
            ``grad_W[l]`` (n_l, n_{l−1}), ``grad_b[l]`` (n_l, 1), ``delta[l]`` (n_l, m),
            the cost, and the forward pass's ``z`` and ``a``.
        """
        X = self.check_input(X)
        return self._backprop(X, self.targets(Y, X.shape[1]))

    def _backprop(self, X, Y):
        """:meth:`backprop` without the checks (X a checked (n_0, m) batch, Y (n_L, m)
        targets): notebook 05's four equations, one line each; every array it returns is
        new (no buffer is shared between calls). ``train`` takes its steps through this
        method, or for sigmoid networks with a squared error through mlp_core/fast_step.py,
        which does the same arithmetic to the last bit in arrays made once."""
        z, a = self._forward(X)
        W, L, m = self.W, self.L, X.shape[1]
        sigma_prime = self.activation.derivative  # σ'(z) of the hidden layers, from z and a
        delta, grad_W, grad_b = [None] * (L + 1), [None] * (L + 1), [None] * (L + 1)
        if self.cost_fn.name == "cross_entropy":  # always with softmax (see __init__)
            cost = self.cost_fn.f(a[L], Y)
            # BP1 for softmax with cross-entropy, whose terms cancel: δ[L] = (a[L] − y)/m
            delta[L] = (a[L] - Y) / m
        else:
            cost, dC_da = self.cost_fn.value_and_grad(a[L], Y)  # C, and ∂C/∂a[L]
            # BP1, the output error: δ[L] = ∂C/∂a[L] ⊙ σ'(z[L])   (softmax: Jᵀ ∂C/∂a[L])
            delta[L] = self.output_activation.vjp(z[L], a[L], dC_da)
        for l in range(L, 0, -1):
            if l < L:
                # BP2, δ passed back: δ[l] = (W[l+1]ᵀ δ[l+1]) ⊙ σ'(z[l])
                delta[l] = (W[l + 1].T @ delta[l + 1]) * sigma_prime(z[l], a[l])
            # BP3, the bias gradient: ∂C/∂b[l] = δ[l], summed over the batch's m columns
            grad_b[l] = delta[l].sum(axis=1, keepdims=True)
            # BP4, the weight gradient: ∂C/∂W[l] = δ[l] a[l−1]ᵀ (a sum over the batch too)
            grad_W[l] = delta[l] @ a[l - 1].T
        return Gradients(grad_W, grad_b, delta, cost, z, a)

    # -- saving ---------------------------------------------------------------------------
    def save(self, path):
        """Write the parameters and the architecture to a .npz file (no pickle); returns
        the path written. A network with a NaN or inf parameter is refused (nothing is
        written), so that every file saved can be loaded back."""
        from .saving import save_network
        return save_network(self, path)

    @staticmethod
    def load(path):
        """A new network with the architecture and parameters stored in a .npz file."""
        from .saving import load_network
        return load_network(path)
