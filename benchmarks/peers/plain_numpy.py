"""Minibatch SGD as a competent person writes it in numpy, in about twenty lines.

Rows are examples (a batch is (m, n_0), the layout of most numpy code and of scikit-learn
and PyTorch), every array is new at every step, nothing is preallocated, nothing is
clever: the forward pass keeps every layer's activation in a list, δ goes back layer by
layer, each W and b moves by −η times its gradient. Weights are stored (n_in, n_out), so a
layer is ``a @ W + b``.

With the same starting parameters and the same seed it takes the same steps as
``mlp_core.train`` (``tests/test_benchmark_peers.py`` checks it): it shuffles with
``np.random.default_rng(seed).permutation(n)`` once per epoch, as ``train`` does.

:func:`make_plain_columns` is the same code with examples as columns (mlp_core's layout):
a diagnostic that separates the price of the layout from the price of mlp_core's code.
"""
import numpy as np

# ∂C/∂a = k (a − y)/m for the two squared errors (see mlp_core.costs)
K = {"squared_error": 2.0, "half_squared_error": 1.0}


def make_plain(sizes, X_rows, Y_rows, batch_size, eta, cost="squared_error", start=None,
               seed=0):
    """Set up (untimed) and return ``epoch()``, one epoch of minibatch SGD.

    X_rows (n, n_0) and Y_rows (n, n_L): one example per row. ``start``: optional (W list,
    b list), 0-based, in mlp_core's shapes (n_out, n_in) and (n_out, 1). ``epoch()`` returns
    the parameters ``(W, b)`` in this peer's own shapes, (n_in, n_out) and (n_out,)."""
    if start is None:
        r = np.random.default_rng(0)
        start = ([r.standard_normal((o, i)) / np.sqrt(i) for i, o in zip(sizes, sizes[1:])],
                 [r.standard_normal((o, 1)) for o in sizes[1:]])
    W = [np.array(w, dtype=X_rows.dtype).T.copy() for w in start[0]]
    b = [np.array(v, dtype=X_rows.dtype).ravel() for v in start[1]]
    k, n, rng = K[cost], len(X_rows), np.random.default_rng(seed)

    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    def epoch():
        perm = rng.permutation(n)
        with np.errstate(over="ignore"):  # e^(−z) overflows harmlessly for z < −709
            for s in range(0, n, batch_size):
                idx = perm[s:s + batch_size]
                a = [X_rows[idx]]
                for W_l, b_l in zip(W, b):
                    a.append(sigmoid(a[-1] @ W_l + b_l))
                delta = k * (a[-1] - Y_rows[idx]) / len(idx) * a[-1] * (1 - a[-1])
                for l in reversed(range(len(W))):
                    grad_W, grad_b = a[l].T @ delta, delta.sum(axis=0)
                    if l > 0:
                        delta = (delta @ W[l].T) * a[l] * (1 - a[l])
                    W[l] -= eta * grad_W
                    b[l] -= eta * grad_b
        return W, b
    return epoch


def make_plain_columns(sizes, X_rows, Y_rows, batch_size, eta, cost="squared_error",
                       start=None, seed=0):
    """:func:`make_plain`'s twenty lines with the examples as *columns*, mlp_core's layout
    (a batch is (n_0, m), gathered as rows of X and transposed, as ``mlp_core.train`` does;
    W is (n_out, n_in), b is (n_out, 1)): not a peer but a diagnostic, which tells how much
    of the difference between mlp_core and :func:`make_plain` is the layout alone.
    ``epoch()`` returns ``(W, b)`` in mlp_core's shapes."""
    if start is None:
        r = np.random.default_rng(0)
        start = ([r.standard_normal((o, i)) / np.sqrt(i) for i, o in zip(sizes, sizes[1:])],
                 [r.standard_normal((o, 1)) for o in sizes[1:]])
    W = [np.array(w, dtype=X_rows.dtype) for w in start[0]]
    b = [np.array(v, dtype=X_rows.dtype).reshape(-1, 1) for v in start[1]]
    k, n, rng = K[cost], len(X_rows), np.random.default_rng(seed)

    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    def epoch():
        perm = rng.permutation(n)
        with np.errstate(over="ignore"):
            for s in range(0, n, batch_size):
                idx = perm[s:s + batch_size]
                a = [X_rows.take(idx, axis=0).T]
                for W_l, b_l in zip(W, b):
                    a.append(sigmoid(W_l @ a[-1] + b_l))
                delta = k * (a[-1] - Y_rows[idx].T) / len(idx) * a[-1] * (1 - a[-1])
                for l in reversed(range(len(W))):
                    grad_W, grad_b = delta @ a[l].T, delta.sum(axis=1, keepdims=True)
                    if l > 0:
                        delta = (W[l].T @ delta) * a[l] * (1 - a[l])
                    W[l] -= eta * grad_W
                    b[l] -= eta * grad_b
        return W, b
    return epoch
