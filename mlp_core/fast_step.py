"""The training step that ``train`` takes: backpropagation and θ ← θ − η∇C, in arrays made once.

``Network.backprop`` is notebook 05's four equations, one line each, and every array it
returns is new. That is the code to read. This module is the only other formulation of it
in the package, and it does the same arithmetic, in the same order, on the same numbers:
``tests/test_fast_step.py`` checks that ``train`` takes the same steps to the last bit with
it as with ``backprop`` followed by ``W[l] −= η ∂C/∂W[l]``, ``b[l] −= η ∂C/∂b[l]``.

Why it exists: at a minibatch of 10, one step of 784-16-16-10 is about 40 numpy calls, most
of them on arrays of 10 to 200 numbers. Each call costs numpy's fixed price, about half a
microsecond, however small its array, and the Python around the calls costs more again, so
a step's time is set far more by its calls than by its arithmetic. Here the calls are fewer
and cheaper: every array a step needs is made once per minibatch size and each call writes
into one (numpy's ``out`` argument, given by position); the gradient ∇C is written into one
vector laid out like θ, so that the update is two calls over all the parameters instead of
two per array; the numbers ½, 1 and η are 0-dimensional arrays of the network's dtype; the
products use ``np.dot``; the minibatch is gathered into its own array. ``train`` is about
1.4 times as fast with it at minibatches of 10 in float64, 1.6 times in float32
(``benchmarks/README.md`` has the measurements, and what each of these choices buys).

It covers the series' network: sigmoid neurons in every layer and one of the squared-error
costs. ``train`` takes the readable step for every other network.
"""
import numpy as np

# The numpy functions of the step, looked up once. np.dot writes the same numbers as @
# (both hand the product to the same BLAS routine) with less overhead per call.
_dot, _add, _subtract, _multiply, _tanh = np.dot, np.add, np.subtract, np.multiply, np.tanh
_sum_rows = np.add.reduce  # ndarray.sum calls this very function


def supports(net):
    """True if :class:`FastStep` can train ``net``: sigmoid in every layer, squared error."""
    return (net.activation.name == "sigmoid" and net.output_activation.name == "sigmoid"
            and net.cost_fn.divisor is not None)


class FastStep:
    """One step of minibatch SGD for ``net``, on examples gathered from ``X_rows``.

    Parameters
    ----------
    net : Network
        sigmoid in every layer, a squared-error cost (see :func:`supports`); its ``W[l]``
        and ``b[l]`` (views of ``net.theta``) are updated in place.
    X_rows : array, shape (n, n_0)
        the training examples as rows (``X.T``, contiguous); a minibatch is a list of row
        numbers.

    Calling ``step(batch, Y, eta)`` with ``batch`` the m row numbers of the minibatch and
    ``Y`` its targets, shape (n_L, m), moves every parameter by −η times its gradient and
    returns ``(cost, a_L)``: the minibatch's cost before the step and its output a[L],
    shape (n_L, m) (an array of this object's, overwritten by the next step of that size).
    """

    def __init__(self, net, X_rows):
        self.net, self.X_rows = net, X_rows
        # The numbers the step multiplies by, as 0-dimensional arrays of the network's
        # dtype: numpy takes those faster than Python floats, and rounds the same (these
        # values are exact in float32 and float64 alike).
        self.half, self.one = np.array(0.5, net.dtype), np.array(1.0, net.dtype)
        self._arrays = {}               # m → the arrays of a step with m examples

    def _arrays_for(self, m):
        """Every array a step of m examples writes, and the views of them it reads, grouped
        layer by layer in the order the step uses them."""
        net, dtype, L = self.net, self.net.dtype, self.net.L
        W, b = net.W, net.b
        X_batch = np.empty((m, net.sizes[0]), dtype)             # the m rows, gathered
        a = [X_batch.T] + [np.empty((n, m), dtype) for n in net.sizes[1:]]   # a[l], (n_l, m)
        delta = [None] + [np.empty((n, m), dtype) for n in net.sizes[1:]]   # δ[l], (n_l, m)
        s = [None] + [np.empty((n, m), dtype) for n in net.sizes[1:]]       # σ'(z[l])
        grad = np.empty_like(net.theta)                          # ∇C, laid out as θ
        grad_W, grad_b = net.unflatten(grad)                     # its views, layer by layer
        # z[l] = W[l] a[l−1] is written into a[l], which σ then overwrites
        forward = [(W[l], a[l - 1], b[l], a[l]) for l in range(1, L + 1)]
        backward = [(W[l + 1].T if l < L else None, delta[l + 1] if l < L else None,
                     delta[l], s[l], a[l], a[l - 1].T, grad_W[l], grad_b[l])
                    for l in range(L, 0, -1)]
        k = net.cost_fn.divisor(m)                               # C = Σ (a − y)² / k
        factor = np.array(2.0 / k, dtype)                        # ∂C/∂a[L] = 2(a − y)/k
        error = np.empty((net.sizes[-1], m), dtype)              # a[L] − y
        output = (a[L], error, k, factor, s[L], delta[L])
        return X_batch, forward, output, backward, grad

    def __call__(self, batch, Y, eta):
        m = len(batch)
        arrays = self._arrays.get(m)
        if arrays is None:
            arrays = self._arrays[m] = self._arrays_for(m)
        X_batch, forward, (a_L, e, k, factor, s_L, delta_L), backward, grad = arrays
        half, one = self.half, self.one
        # mode="clip" spares numpy a copy that the default mode makes when given an out
        # array (the row numbers come from a permutation: none is out of range)
        self.X_rows.take(batch, 0, X_batch, "clip")
        # Forward: z = W[l] a[l−1] + b[l], a[l] = σ(z) = ½(1 + tanh(z/2)), as activations.sigmoid
        for W, a_prev, b, a in forward:
            _dot(W, a_prev, a)
            _add(a, b, a)
            _multiply(a, half, a)
            _tanh(a, a)
            _add(a, one, a)
            _multiply(a, half, a)
        # The cost, and BP1: δ[L] = ∂C/∂a[L] ⊙ σ'(z[L]), ∂C/∂a[L] = 2(a[L] − y)/k, σ' = a(1 − a)
        _subtract(a_L, Y, e)
        cost = float(np.vdot(e, e)) / k
        _multiply(e, factor, e)
        _subtract(one, a_L, s_L)
        _multiply(s_L, a_L, s_L)
        _multiply(e, s_L, delta_L)
        for W_next_T, delta_next, delta, s, a, a_prev_T, grad_W, grad_b in backward:
            if W_next_T is not None:
                # BP2: δ[l] = (W[l+1]ᵀ δ[l+1]) ⊙ σ'(z[l])
                _dot(W_next_T, delta_next, delta)
                _subtract(one, a, s)
                _multiply(s, a, s)
                _multiply(delta, s, delta)
            _sum_rows(delta, 1, None, grad_b, True)  # BP3: ∂C/∂b[l] = δ[l] summed over the batch
            _dot(delta, a_prev_T, grad_W)           # BP4: ∂C/∂W[l] = δ[l] a[l−1]ᵀ
        # θ ← θ − η∇C: every W[l] and b[l] at once (they are views of θ)
        theta = self.net.theta
        _multiply(grad, np.array(eta, theta.dtype), grad)  # η rounded to the dtype, as in η * g
        _subtract(theta, grad, theta)
        return cost, a_L
