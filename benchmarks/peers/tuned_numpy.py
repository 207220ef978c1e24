"""The fastest minibatch SGD step we could write in numpy for a sigmoid network with a
squared-error cost: the practical limit that mlp_core is measured against.

What makes it fast (each trick removes numpy calls, which at minibatches of 10 cost as
much as their arithmetic):

* **the bias folded into W**: every layer's input carries a last column of ones, and the
  layer's parameters are one (n_in + 1, n_out) matrix whose last row is b. The forward
  product then adds b, and the gradient product δ's sum over the batch (∂C/∂b) — two calls
  fewer per layer;
* **every array preallocated** (one set per minibatch size), every numpy call writing into
  its ``out=``; the gradient is written straight into one flat vector shaped like θ;
* **numbers as 0-dimensional arrays** of the dtype (½, 1, η·K/m): numpy takes those faster
  than Python floats, which in float32 it must cast at every call;
* **η folded into δ[L]**, so that the flat gradient buffer holds the step η∇C and the update
  is the single call θ −= η∇C;
* X is laid out once, before timing, as rows with a 1 appended (:func:`with_ones`), so that
  a minibatch is one ``take`` into a ready buffer, with ``mode="clip"``: in its default mode
  numpy first copies the buffer it is given, whereas the row numbers, from a permutation,
  never need clipping;
* two layouts, each where it measured faster: below 64 examples a minibatch is held as
  columns (n_l + 1, m) with the ones as the last *row*, so that σ and σ' run on contiguous
  blocks; from 64 on as rows (m, n_l + 1), for which OpenBLAS multiplies a (m, 785) block
  by a (785, 16) one faster than the same product transposed (see benchmarks/README.md).

About 33 numpy calls a step for 784-16-16-10. It computes no cost (mlp_core's ``train``
records each step's cost and the epoch's cost and accuracy; this does not).

With the same starting parameters and seed it takes the same steps as ``mlp_core.train``
(``tests/test_benchmark_peers.py``), shuffling with ``np.random.default_rng(seed)`` once per
epoch, as ``train`` does.
"""
import numpy as np

# ∂C/∂a = K (a − y)/m for the two squared errors (see mlp_core.costs)
K = {"squared_error": 2.0, "half_squared_error": 1.0}


def with_ones(X_rows):
    """X's rows (n, n_0) with a 1 appended to each, (n, n_0 + 1): the input as the folded
    bias wants it, made once before timing (as scikit-learn and PyTorch get their rows)."""
    X1 = np.ones((X_rows.shape[0], X_rows.shape[1] + 1), X_rows.dtype)
    X1[:, :-1] = X_rows
    return X1


def _start(sizes, start):
    if start is None:
        r = np.random.default_rng(0)
        start = ([r.standard_normal((o, i)) / np.sqrt(i) for i, o in zip(sizes, sizes[1:])],
                 [r.standard_normal((o, 1)) for o in sizes[1:]])
    return start


def make_tuned(sizes, X1_rows, Y_rows, batch_size, eta, cost="squared_error", start=None,
               seed=0):
    """Set up (untimed) and return ``epoch()``, one epoch of minibatch SGD.

    X1_rows (n, n_0 + 1): ``with_ones(X_rows)``; Y_rows (n, n_L): one example per row.
    ``start``: optional (W list, b list), 0-based, in mlp_core's shapes (n_out, n_in) and
    (n_out, 1). ``epoch()`` returns the parameters as (W list, b list) in mlp_core's shapes
    (copies)."""
    make = _make_columns if batch_size < 64 else _make_rows
    return make(sizes, X1_rows, Y_rows, batch_size, eta, cost, _start(sizes, start), seed)


def _make_columns(sizes, X1_rows, Y_rows, batch_size, eta, cost, start, seed):
    """The columns layout: a minibatch is (n_l + 1, m), parameters (n_out, n_in + 1)."""
    dtype, n, L = X1_rows.dtype, len(X1_rows), len(sizes) - 1
    # theta holds every layer's (n_out, n_in + 1) block: W[l] with b[l] as its last column
    theta = np.empty(sum((i + 1) * o for i, o in zip(sizes, sizes[1:])), dtype)
    grad = np.empty_like(theta)
    Wb, G, k0 = [], [], 0
    for l, (i, o) in enumerate(zip(sizes, sizes[1:])):
        Wb.append(theta[k0:k0 + (i + 1) * o].reshape(o, i + 1))
        G.append(grad[k0:k0 + (i + 1) * o].reshape(o, i + 1))
        k0 += (i + 1) * o
        Wb[l][:, :-1] = start[0][l]
        Wb[l][:, -1] = np.asarray(start[1][l]).ravel()
    W_T = [w[:, :-1].T for w in Wb]  # W[l]ᵀ, a view, for Wᵀ δ
    rng, buffers = np.random.default_rng(seed), {}

    def buffers_for(m):
        # X: the gathered rows (m, n_0 + 1); A[l]: layer l's activation as columns,
        # (n_l + 1, m) with a last row of ones (A[0] = Xᵀ, A[L]: no ones); a[l] = A[l]
        # without the ones; Z, D, S: z, δ and σ' of layers 1 … L (index l − 1)
        X = np.empty((m, sizes[0] + 1), dtype)
        A = ([X.T] + [np.ones((s + 1, m), dtype) for s in sizes[1:-1]]
             + [np.empty((sizes[-1], m), dtype)])
        a = [None] + [x[:-1] for x in A[1:-1]] + [A[-1]]
        Z = [np.empty((s, m), dtype) for s in sizes[1:]]
        return X, A, a, Z, [np.empty_like(z) for z in Z], [np.empty_like(z) for z in Z]

    scale = K[cost] * eta  # η ∂C/∂a = scale · (a − y)/m
    # numbers as 0-d arrays of the dtype: numpy takes those faster than Python floats
    half, one, scales = np.array(0.5, dtype), np.array(1.0, dtype), {}

    def epoch():
        perm = rng.permutation(n)
        Y_epoch = np.ascontiguousarray(Y_rows.take(perm, axis=0).T)  # (n_L, n)
        for s in range(0, n, batch_size):
            idx = perm[s:s + batch_size]
            m = len(idx)
            if m not in buffers:
                buffers[m], scales[m] = buffers_for(m), np.array(scale / m, dtype)
            X, A, a, Z, D, S = buffers[m]
            X1_rows.take(idx, 0, X, "clip")  # clip: no copy of X first (see make_tuned)
            for l in range(L):
                z = Z[l]
                np.dot(Wb[l], A[l], out=z)           # z = W a + b (the ones row adds b)
                np.multiply(z, half, out=z)           # σ(z) = ½ + ½ tanh(z/2)
                np.tanh(z, out=z)
                np.multiply(z, half, out=a[l + 1])
                np.add(a[l + 1], half, out=a[l + 1])
            d, out = D[L - 1], A[L]
            np.subtract(out, Y_epoch[:, s:s + m], out=d)  # a − y
            np.subtract(one, out, out=S[L - 1])           # σ' = a(1 − a)
            np.multiply(S[L - 1], out, out=S[L - 1])
            np.multiply(d, S[L - 1], out=d)
            np.multiply(d, scales[m], out=d)              # η δ[L]
            for l in range(L - 1, -1, -1):
                np.dot(D[l], A[l].T, out=G[l])            # η δ aᵀ, its last column η Σ δ
                if l > 0:
                    d = D[l - 1]
                    np.dot(W_T[l], D[l], out=d)           # Wᵀ δ …
                    np.subtract(one, a[l], out=S[l - 1])
                    np.multiply(S[l - 1], a[l], out=S[l - 1])
                    np.multiply(d, S[l - 1], out=d)       # … ⊙ σ'(z)
            np.subtract(theta, grad, out=theta)           # θ ← θ − η∇C
        return [w[:, :-1].copy() for w in Wb], [w[:, -1:].copy() for w in Wb]
    return epoch


def _make_rows(sizes, X1_rows, Y_rows, batch_size, eta, cost, start, seed):
    """The rows layout: a minibatch is (m, n_l + 1), parameters (n_in + 1, n_out)."""
    dtype, n, L, X1 = X1_rows.dtype, len(X1_rows), len(sizes) - 1, X1_rows
    # theta holds every layer's (n_in + 1, n_out) block: W[l]ᵀ with b[l]ᵀ as its last row
    theta = np.empty(sum((i + 1) * o for i, o in zip(sizes, sizes[1:])), dtype)
    grad = np.empty_like(theta)
    Wb, G, k0 = [], [], 0
    for l, (i, o) in enumerate(zip(sizes, sizes[1:])):
        Wb.append(theta[k0:k0 + (i + 1) * o].reshape(i + 1, o))
        G.append(grad[k0:k0 + (i + 1) * o].reshape(i + 1, o))
        k0 += (i + 1) * o
        Wb[l][:-1] = np.asarray(start[0][l]).T
        Wb[l][-1] = np.asarray(start[1][l]).ravel()
    W = [w[:-1].T for w in Wb]  # W[l] itself, (n_out, n_in), a view: for δ W
    rng, buffers = np.random.default_rng(seed), {}

    def buffers_for(m):
        # A[l]: layer l's activation, (m, n_l + 1) with the ones column (A[L]: no ones);
        # a[l] its first n_l columns; Z, D, S: z, δ and σ' of layers 1 … L (index l − 1)
        A = [np.ones((m, s + 1), dtype) for s in sizes[:-1]] + [np.empty((m, sizes[-1]),
                                                                         dtype)]
        a = [x[:, :-1] for x in A[:-1]] + [A[-1]]
        Z = [np.empty((m, s), dtype) for s in sizes[1:]]
        return A, a, Z, [np.empty_like(z) for z in Z], [np.empty_like(z) for z in Z]

    scale = K[cost] * eta  # η ∂C/∂a = scale · (a − y)/m
    # numbers as 0-d arrays of the dtype: numpy takes those faster than Python floats
    half, one, scales = np.array(0.5, dtype), np.array(1.0, dtype), {}

    def epoch():
        perm = rng.permutation(n)
        Y_epoch = Y_rows.take(perm, axis=0)
        for s in range(0, n, batch_size):
            idx = perm[s:s + batch_size]
            m = len(idx)
            if m not in buffers:
                buffers[m], scales[m] = buffers_for(m), np.array(scale / m, dtype)
            A, a, Z, D, S = buffers[m]
            X1.take(idx, 0, A[0], "clip")
            for l in range(L):
                z = Z[l]
                np.dot(A[l], Wb[l], out=z)           # z = a W + b (the ones column adds b)
                np.multiply(z, half, out=z)           # σ(z) = ½ + ½ tanh(z/2)
                np.tanh(z, out=z)
                np.multiply(z, half, out=a[l + 1])
                np.add(a[l + 1], half, out=a[l + 1])
            d, out = D[L - 1], A[L]
            np.subtract(out, Y_epoch[s:s + m], out=d)  # a − y
            np.subtract(one, out, out=S[L - 1])        # σ' = a(1 − a)
            np.multiply(S[L - 1], out, out=S[L - 1])
            np.multiply(d, S[L - 1], out=d)
            np.multiply(d, scales[m], out=d)           # η δ[L]
            for l in range(L - 1, -1, -1):
                np.dot(A[l].T, D[l], out=G[l])         # η (a δᵀ), its last row η Σ δ
                if l > 0:
                    d = D[l - 1]
                    np.dot(D[l], W[l], out=d)          # δ W …
                    np.subtract(one, a[l], out=S[l - 1])
                    np.multiply(S[l - 1], a[l], out=S[l - 1])
                    np.multiply(d, S[l - 1], out=d)    # … ⊙ σ'(z)
            np.subtract(theta, grad, out=theta)        # θ ← θ − η∇C
        return [w[:-1].T.copy() for w in Wb], [w[-1:].T.copy() for w in Wb]
    return epoch
