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
import functools
from typing import List, NamedTuple, Optional

import numpy as np

from .activations import get_activation
from .validation import as_batch, as_targets, check_labels
from .costs import get_cost

INITS = {
    # Nielsen's network.py: every weight and bias drawn from N(0, 1).
    "standard": lambda n_in: 1.0,
    # Nielsen's network2.py: weights from N(0, 1/n_in), so that z starts near 1 in size
    # whatever n_in is, and sigmoids do not start saturated; biases stay N(0, 1).
    "scaled": lambda n_in: 1.0 / np.sqrt(n_in),
}


@functools.lru_cache(maxsize=16)
def _ones(m, dtype):
    """A column of m ones, shape (m, 1), made once per (m, dtype) and kept (read-only)."""
    ones = np.ones((m, 1), dtype=dtype)
    ones.flags.writeable = False
    return ones


class ForwardPass(NamedTuple):
    """Every layer's values for a batch of m examples.

    z : list, ``z[l]`` of shape (n_l, m) for l = 1 … L; ``z[0]`` is None.
    a : list, ``a[l]`` of shape (n_l, m) for l = 0 … L; ``a[0]`` is the input X.
    """
    z: list
    a: list


class Gradients(NamedTuple):
    """What backpropagation returns for a batch.

    grad_W : list, ``grad_W[l]`` = ∂C/∂W[l], shape (n_l, n_{l−1}); index 0 is None.
    grad_b : list, ``grad_b[l]`` = ∂C/∂b[l], shape (n_l, 1); index 0 is None.
    delta  : list, ``delta[l]`` = ∂C/∂z[l], shape (n_l, m), one column per example.
    cost   : float, C over the batch (before any step).
    z, a   : the forward pass, as in :class:`ForwardPass`.
    grad   : array, shape (n_params,), the whole gradient ∇C as one vector, ordered like
             ``Network.theta``; every grad_W[l] and grad_b[l] is a view of a slice of it.
    """
    grad_W: list
    grad_b: list
    delta: list
    cost: float
    z: list
    a: list
    grad: Optional[np.ndarray] = None


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
    seed : int
        Seed of the random initial weights: the same seed gives the same network.
    dtype : numpy float type
        ``np.float64`` (default) or ``np.float32``.
    """

    def __init__(self, sizes, activation="sigmoid", output_activation=None,
                 cost="squared_error", init="scaled", seed=0, dtype=np.float64):
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"sizes needs at least an input and an output layer; got {sizes}")
        for n in sizes:
            if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1:
                raise ValueError(f"every layer size must be a whole number ≥ 1; got {sizes}")
        if init not in INITS:
            raise ValueError(f"unknown init {init!r}; expected one of: {', '.join(INITS)}")
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.float32, np.float64):
            raise ValueError(f"dtype must be float32 or float64; got {self.dtype}")
        self.sizes = [int(n) for n in sizes]
        self.L = len(sizes) - 1
        self.activation = get_activation(activation)
        self.output_activation = get_activation(output_activation or activation)
        self.cost_fn = get_cost(cost)
        if self.cost_fn.name == "cross_entropy" and self.output_activation.name != "softmax":
            raise ValueError("the cross_entropy cost needs output_activation='softmax'; got "
                             f"{self.output_activation.name!r}")
        if self.activation.name == "softmax":
            raise ValueError("softmax is an output activation; choose sigmoid, tanh, relu or "
                             "identity for the hidden layers")
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

    def gradient_buffer(self):
        """A new vector of shape (n_params,) for ∇C, with its views as ``grad_W`` and
        ``grad_b`` lists: ``(grad, grad_W, grad_b)``."""
        grad = np.empty_like(self.theta)
        return (grad, *self.unflatten(grad))

    def unflatten(self, vector):
        """Views of a vector of shape (n_params,) as the lists ``W`` and ``b`` (index 0
        None): ``W[l]`` of shape (n_l, n_{l−1}) and ``b[l]`` of shape (n_l, 1)."""
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
        if kind not in ("W", "b"):
            raise ValueError(f"kind must be 'W' or 'b'; got {kind!r}")
        if not (isinstance(l, (int, np.integer)) and 1 <= l <= self.L):
            raise IndexError(f"layer l must be 1 … {self.L}; got {l!r}")
        n_out, n_in = self.sizes[l], self.sizes[l - 1]
        if not (isinstance(j, (int, np.integer)) and 0 <= j < n_out):
            raise IndexError(f"row j of layer {l} must be 0 … {n_out - 1}; got {j!r}")
        if kind == "W":
            if not (isinstance(k, (int, np.integer)) and 0 <= k < n_in):
                raise IndexError(f"column k of W[{l}] must be 0 … {n_in - 1}; got {k!r}")
            return self.W[l], (j, k)
        return self.b[l], (j, 0)

    def get_param(self, kind, l, j, k=None):
        """One parameter: ``get_param("W", l, j, k)`` is the weight from neuron k of layer
        l−1 to neuron j of layer l; ``get_param("b", l, j)`` is neuron j's bias."""
        arr, idx = self._index(kind, l, j, k)
        return float(arr[idx])

    def set_param(self, kind, l, j, k=None, value=0.0):
        """Set one parameter (see :meth:`get_param`); a non-finite value is refused."""
        arr, idx = self._index(kind, l, j, k)
        if not np.isfinite(value):
            raise ValueError(f"a parameter must be a finite number; got {value!r}")
        arr[idx] = value

    def copy(self):
        """An independent copy: training the copy leaves this network unchanged."""
        new = object.__new__(Network)
        new.__dict__.update(self.__dict__)
        new.theta = self.theta.copy()
        new.W, new.b = new.unflatten(new.theta)
        return new

    # -- forward --------------------------------------------------------------------------
    def check_input(self, X, finite=True):
        """X as a (n_0, m) matrix of finite numbers in this network's dtype, or a clear error
        (``finite=False``: the shape and type only)."""
        return as_batch(X, self.sizes[0], dtype=self.dtype, finite=finite)

    def feedforward(self, X):
        """The output a[L] for a batch X of shape (n_0, m); returns shape (n_L, m)."""
        return self._feedforward(self.check_input(X))

    def sigma(self, l):
        """σ of layer l (1 … L): the output activation for l = L, the hidden one below."""
        return self.output_activation if l == self.L else self.activation

    def _feedforward(self, a):
        W, b = self.W, self.b
        for l in range(1, self.L + 1):
            z = np.dot(W[l], a)  # W[l] @ a; see _forward
            z += b[l]  # in place: no second (n_l, m) array
            a = self.sigma(l).f(z)
        return a

    def forward(self, X):
        """Every layer's z and a for a batch X of shape (n_0, m): a :class:`ForwardPass`."""
        return self._forward(self.check_input(X))

    def _forward(self, X):
        W, b = self.W, self.b
        z, a = [None], [X]
        for l in range(1, self.L + 1):
            # z[l] = W[l] @ a[l−1] + b[l]. np.dot is the same product as @ for matrices,
            # with less overhead per call: in training, with minibatches of 10, the
            # overhead of a numpy call is comparable to its arithmetic.
            z_l = np.dot(W[l], a[l - 1])
            z_l += b[l]  # in place, as in _feedforward
            z.append(z_l)
            a.append(self.sigma(l).f(z_l))
        return ForwardPass(z, a)

    # -- cost -----------------------------------------------------------------------------
    def targets(self, Y, m):
        """Targets as a (n_L, m) matrix; class numbers of shape (m,) become one-hot columns."""
        return as_targets(Y, self.sizes[-1], m).astype(self.dtype, copy=False)

    def cost(self, X, Y):
        """C over the batch: X shape (n_0, m); Y shape (n_L, m) or class numbers (m,)."""
        X = self.check_input(X)
        return self.cost_fn.f(self._feedforward(X), self.targets(Y, X.shape[1]))

    def predict(self, X):
        """The digit each column of X is classified as (the brightest output); shape (m,)."""
        return np.argmax(self.feedforward(X), axis=0)

    def accuracy(self, X, labels):
        """The fraction of the m examples classified correctly; labels shape (m,)."""
        X = self.check_input(X)
        labels = check_labels(labels, self.sizes[-1], X.shape[1])
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

    def _backprop(self, X, Y, buffer=None, scale=1.0):
        """:meth:`backprop` without the checks: the hot path of training.

        ``buffer``, if given, is ``(grad, grad_W, grad_b)`` from :meth:`gradient_buffer`: the
        gradient is written there (training reuses one buffer for every step instead of
        making new arrays each time). With ``scale`` every δ and gradient comes multiplied by
        it: training passes η, so that the buffer holds the step η∇C itself."""
        z, a = self._forward(X)
        L, m = self.L, X.shape[1]
        out = self.output_activation
        # Every δ and gradient below is linear in δ[L]: scaling δ[L] scales them all.
        if out.name == "softmax" and self.cost_fn.name == "cross_entropy":
            # Softmax and cross-entropy cancel each other's awkward terms: δ = (a − y)/m.
            cost, d = self.cost_fn.f(a[L], Y), (a[L] - Y) * (scale / m)
        else:
            # The output equation: δ[L] = ∂C/∂a[L] pulled back through σ.
            cost, grad_a = self.cost_fn.value_and_grad(a[L], Y, scale)
            d = out.vjp(z[L], a[L], grad_a)
        grad, grad_W, grad_b = self.gradient_buffer() if buffer is None else buffer
        ones = _ones(m, d.dtype)
        delta = [None] * (L + 1)
        W, hidden = self.W, self.activation
        for l in range(L, 0, -1):
            delta[l] = d
            # ∂C/∂W[l] = δ[l] a[l−1]ᵀ, summed over the batch, written into ∇C's slice
            np.matmul(d, a[l - 1].T, out=grad_W[l])
            # ∂C/∂b[l] = δ[l] summed over the batch: δ[l] times a column of m ones (a
            # product is the cheapest sum numpy has for a small matrix)
            np.dot(d, ones, out=grad_b[l])
            if l > 1:
                # δ passed back: δ[l−1] = σ'(z[l−1]) ⊙ (W[l]ᵀ δ[l])  (np.dot: see _forward)
                d = hidden.vjp(z[l - 1], a[l - 1], np.dot(W[l].T, d))
        return Gradients(grad_W, grad_b, delta, cost, z, a, grad)

    # -- saving ---------------------------------------------------------------------------
    def save(self, path):
        """Write the parameters and the architecture to a .npz file (no pickle)."""
        from .saving import save_network
        save_network(self, path)

    @staticmethod
    def load(path):
        """A new network with the architecture and parameters stored in a .npz file."""
        from .saving import load_network
        return load_network(path)
