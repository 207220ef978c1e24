"""The classic teaching implementation: minibatch SGD with a per-example backprop loop.

Written from the algorithm in the style of Nielsen's ``network.py`` (Python 3, our
cost names): each minibatch is a list of examples, and ``update_mini_batch`` calls
``backprop`` once per example, adding up the gradients before one step

    w ← w − (η/m) Σ_x ∂C_x/∂w,   b ← b − (η/m) Σ_x ∂C_x/∂b,

where C_x is the cost of the single example x. With the same initial parameters and the
same order of examples it takes the same steps as ``mlp_core.train`` (a test checks it),
so the timing compares two ways of computing the same numbers.

Shapes: as in Nielsen, ``weights[i]`` has shape (n_{i+1}, n_i) and ``biases[i]`` (n_{i+1}, 1)
for i = 0 … L−1 (0-based, unlike mlp_core's W[1] … W[L]); one example is a column x of
shape (n_0, 1) and its target y of shape (n_L, 1).
"""
import random

import numpy as np

# ∂C_x/∂a for one example's cost C_x (see mlp_core.costs for the names).
COST_DERIVATIVES = {
    "squared_error": lambda a, y: 2.0 * (a - y),     # C_x = Σ_j (a_j − y_j)²
    "half_squared_error": lambda a, y: a - y,        # C_x = ½ ‖a − y‖²  (Nielsen)
}


def sigmoid(z):
    """σ(z) = 1/(1 + e^(−z)), as Nielsen writes it."""
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    """σ'(z) = σ(z)(1 − σ(z)), recomputing σ(z) as Nielsen does."""
    s = sigmoid(z)
    return s * (1 - s)


class Network:
    """A sigmoid network trained one example at a time.

    Parameters
    ----------
    weights, biases : lists of arrays, shapes (n_{i+1}, n_i) and (n_{i+1}, 1)
        The starting parameters (copied), so that a test can start it where an mlp_core
        network starts.
    cost : {"squared_error", "half_squared_error"}
    """

    def __init__(self, weights, biases, cost="squared_error"):
        self.weights = [np.array(w) for w in weights]
        self.biases = [np.array(b) for b in biases]
        self.num_layers = len(self.weights) + 1
        self.cost_derivative = COST_DERIVATIVES[cost]

    def feedforward(self, a):
        """The output for one input column a of shape (n_0, 1)."""
        for b, w in zip(self.biases, self.weights):
            a = sigmoid(w @ a + b)
        return a

    def SGD(self, training_data, epochs, mini_batch_size, eta, order=None, seed=0):
        """Train on ``training_data``, a list of (x, y) column pairs.

        Each epoch shuffles the examples with ``random.shuffle``, as Nielsen does, unless
        ``order(epoch)`` gives the permutation to use (the test passes mlp_core's, so that
        both take the same minibatches).
        """
        n = len(training_data)
        rng = random.Random(seed)
        for epoch in range(epochs):
            if order is None:
                data = list(training_data)
                rng.shuffle(data)
            else:
                data = [training_data[i] for i in order(epoch)]
            for k in range(0, n, mini_batch_size):
                self.update_mini_batch(data[k:k + mini_batch_size], eta)

    def update_mini_batch(self, mini_batch, eta):
        """One gradient step on a list of (x, y) pairs, by backprop on each pair."""
        nabla_b = [np.zeros(b.shape, b.dtype) for b in self.biases]
        nabla_w = [np.zeros(w.shape, w.dtype) for w in self.weights]
        for x, y in mini_batch:
            delta_nabla_b, delta_nabla_w = self.backprop(x, y)
            nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
            nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
        step = eta / len(mini_batch)
        self.weights = [w - step * nw for w, nw in zip(self.weights, nabla_w)]
        self.biases = [b - step * nb for b, nb in zip(self.biases, nabla_b)]

    def backprop(self, x, y):
        """The gradient of the single example's cost C_x: (nabla_b, nabla_w), layer by layer."""
        nabla_b = [None] * len(self.biases)
        nabla_w = [None] * len(self.weights)
        activation = x
        activations = [x]  # every layer's activation, input first
        zs = []            # every layer's weighted input z
        for b, w in zip(self.biases, self.weights):
            z = w @ activation + b
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        # The output layer's error, then the error passed back one layer at a time.
        delta = self.cost_derivative(activations[-1], y) * sigmoid_prime(zs[-1])
        nabla_b[-1] = delta
        nabla_w[-1] = delta @ activations[-2].T
        for l in range(2, self.num_layers):
            delta = (self.weights[-l + 1].T @ delta) * sigmoid_prime(zs[-l])
            nabla_b[-l] = delta
            nabla_w[-l] = delta @ activations[-l - 1].T
        return nabla_b, nabla_w


def as_examples(X, Y):
    """Columns of X (n_0, n) and Y (n_L, n) as Nielsen's list of (x, y) column pairs,
    each x of shape (n_0, 1) and y of shape (n_L, 1)."""
    return [(X[:, i:i + 1].copy(), Y[:, i:i + 1].copy()) for i in range(X.shape[1])]
