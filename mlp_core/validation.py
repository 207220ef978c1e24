"""Checks of every argument that enters the package, with errors that say what was expected.

The classic bug of this field is a silent broadcast: a vector of shape (n,) added to a
matrix of shape (n, m) gives a wrong (n, n)-shaped answer instead of an error. So every
public entry point checks its arguments here, one function per kind of argument, and each
error names the argument, what was expected and what came.

The rules, one per kind of argument (the README lists them too):

* ``sizes``: a list of at least two whole numbers ≥ 1 (input first).
* ``seed``: a whole number ≥ 0, or None (a fresh random seed).
* ``dtype``: float32 or float64.
* ``eta``: one finite real number > 0 (not an array, not a string, not a bool).
* ``eps`` (a finite difference's ε): one real number, 0 < ε ≤ 1, large enough to move
  every parameter (θ + ε ≠ θ in the network's dtype).
* ``epochs``, ``steps``, ``n_classes``, ``n``, ``repeats``: whole numbers in a stated range (a bool or a float
  such as 3.0 is refused: the count must be exact).
* ``batch_size``: a whole number 1 … n, n being the number of examples. A batch larger
  than the data is an error everywhere in the package (never silently one full-batch
  step): for full-batch gradient descent pass ``batch_size=n``.
* ``X``: a matrix of shape (n_0, m), one example per column, of finite real numbers.
* labels: a 1-D array of m whole numbers 0 … n_L − 1.
* targets: a matrix of shape (n_L, m) of finite real numbers (or labels, which become
  one-hot columns). With the cross-entropy cost each column must be a probability
  distribution (entries in [0, 1] summing to 1): backprop's shortcut δ = (a − y)/m holds
  only then.
* a parameter's index (kind, l, j, k) and value: 'W' or 'b', layers 1 … L, rows and
  columns in range, and one finite real number passed by name (``value=``).
* the parameters themselves: finite. A NaN or ±inf put in directly (``net.W[1][0, 0] =
  nan``) is reported as "parameter W[1][0, 0] is NaN" before any forward pass, step,
  gradient check or save.
* a parameter file: a .npz written by :func:`mlp_core.save_network`; every entry is checked
  (sizes, names, seed, shapes, finiteness in the network's dtype) before anything changes.

Every error raised here is an :class:`InvalidArgument` (a ``ValueError``); one about the
type of an argument is also a ``TypeError`` (:class:`InvalidArgumentType`), and one about a
parameter index also an ``IndexError`` (:class:`InvalidIndex`). Nothing is changed when one
is raised.
"""
import numbers

import numpy as np


class InvalidArgument(ValueError):
    """An argument the package cannot use; the message names it, says what was expected
    and what came."""


class InvalidArgumentType(InvalidArgument, TypeError):
    """An argument of the wrong type (a ``TypeError`` as well as a ``ValueError``)."""


class InvalidIndex(InvalidArgument, IndexError):
    """A parameter index out of range (an ``IndexError`` as well as a ``ValueError``)."""


def shown(value):
    """repr of a value as the learner typed it: a numpy scalar shows as its number
    (``nan``, ``3.0``), not as ``np.float64(3.0)``."""
    if isinstance(value, np.generic):
        value = value.item()
    return repr(value)


def describe(value):
    """A short description of what came, for error messages: ``the str 'fast'``,
    ``an array of shape (3,)``, ``None``, ``the int 784``."""
    if value is None:
        return "None"
    if isinstance(value, np.generic):
        return f"the {type(value).__name__} {shown(value)}"
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return f"the 0-d array {value.item()!r}"
        return f"an array of shape {value.shape} (dtype {value.dtype})"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"the {type(value).__name__} {text}"


# -- single numbers -----------------------------------------------------------------------
def _real_scalar(value, name, expected):
    """value as a Python float if it is one real number (int, float, numpy scalar, 0-d
    array), else an InvalidArgumentType naming ``name``."""
    if isinstance(value, (bool, np.bool_)) or value is None:
        ok = False
    elif isinstance(value, numbers.Real):
        ok = True
    else:
        ok = isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf"
    if not ok:
        raise InvalidArgumentType(f"{name} must be {expected}; got {describe(value)}")
    return float(value)


def check_positive(value, name):
    """Return value if it is one finite real number > 0 (a learning rate η, a step ε …)."""
    expected = "a finite number > 0"
    x = _real_scalar(value, name, expected)
    if not (np.isfinite(x) and x > 0):
        raise InvalidArgument(f"{name} must be {expected}; got {shown(value)}")
    return value


def check_eta(eta, name="learning rate eta"):
    """The learning rate η: one finite number > 0."""
    return check_positive(eta, name)


def check_eps(eps, name="eps"):
    """The step ε of a finite difference: one number with 0 < ε ≤ 1 (central differences
    need a small nudge; a huge one only overflows)."""
    check_positive(eps, name)
    if eps > 1:
        raise InvalidArgument(
            f"{name} must be a small number, 0 < {name} ≤ 1 (1e-5 is usual); got {shown(eps)}")
    return eps


def check_real(value, name, finite=True):
    """Return value as a float if it is one real number (finite unless ``finite=False``)."""
    x = _real_scalar(value, name, "a finite number" if finite else "a number")
    if finite and not np.isfinite(x):
        raise InvalidArgument(f"{name} must be a finite number; got {shown(value)}")
    return x


def _whole(value):
    """value as an int if it is a whole number (int, numpy integer, 0-d integer array),
    else None. A bool, or a float even if whole (3.0), is not: counts must be exact."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iu":
        value = value.item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        return None
    return int(value)


def check_whole(value, name, low=None, high=None):
    """Return value as an int if it is a whole number in low … high (either bound may be
    None)."""
    if low is not None and high is not None:
        expected = f"a whole number {low} … {high}"
    elif low is not None:
        expected = f"a whole number ≥ {low}"
    else:
        expected = "a whole number"
    n = _whole(value)
    if n is None:
        raise InvalidArgumentType(f"{name} must be {expected}; got {describe(value)}")
    if (low is not None and n < low) or (high is not None and n > high):
        raise InvalidArgument(f"{name} must be {expected}; got {n}")
    return n


def check_index(value, what, low, high):
    """An index into a layer list or a parameter array: a whole number low … high.
    Out of range is an :class:`InvalidIndex` (also an ``IndexError``)."""
    i = _whole(value)
    if i is None:
        raise InvalidArgumentType(
            f"{what} must be a whole number {low} … {high}; got {describe(value)}")
    if not low <= i <= high:
        raise InvalidIndex(f"{what} must be {low} … {high}; got {i}")
    return i


def check_seed(seed, name="seed"):
    """A seed for ``np.random.default_rng``: a whole number ≥ 0, or None."""
    if seed is None:
        return None
    n = _whole(seed)
    if n is None:
        raise InvalidArgumentType(
            f"{name} must be a whole number ≥ 0 or None; got {describe(seed)}")
    if n < 0:
        raise InvalidArgument(f"{name} must be a whole number ≥ 0 or None; got {n}")
    return n


def check_batch_size(batch_size, n, name="batch_size"):
    """A minibatch size for n examples: a whole number 1 … n (the package's one rule; a
    batch larger than the data is an error, not silently one full-batch step)."""
    expected = f"{name} must be 1 … {n}, a whole number of examples"
    m = _whole(batch_size)
    if m is None:
        raise InvalidArgumentType(f"{expected}; got {describe(batch_size)}")
    if m > n:
        raise InvalidArgument(
            f"{expected} (there are {n}); got {m}. For one full-batch step per epoch use "
            f"{name}={n}.")
    if m < 1:
        raise InvalidArgument(f"{expected}; got {m}")
    return m


def check_dtype(dtype, name="dtype"):
    """float32 or float64, as a numpy dtype."""
    try:
        dt = None if dtype is None else np.dtype(dtype)  # (np.dtype(None) is float64)
    except Exception:
        dt = None
    if dt is None or dt not in (np.float32, np.float64):
        raise InvalidArgument(f"{name} must be float32 or float64; got {describe(dtype)}")
    return dt


def check_choice(value, name, choices):
    """value if it is one of ``choices`` (strings), else an error listing them."""
    if not isinstance(value, str) or value not in choices:
        raise InvalidArgument(
            f"unknown {name} {value!r}; expected one of: {', '.join(choices)}")
    return value


def check_sizes(sizes, name="sizes"):
    """Layer sizes: a list of at least two whole numbers ≥ 1, input first."""
    example = "such as [784, 16, 10]"
    if isinstance(sizes, (str, bytes)) or isinstance(sizes, (numbers.Number, np.generic)) \
            or sizes is None:
        raise InvalidArgumentType(
            f"{name} must be a list of layer sizes {example}; got {describe(sizes)}"
            + (" (put the sizes in one list: Network([784, 16, 10]))"
               if isinstance(sizes, (int, np.integer)) else ""))
    if isinstance(sizes, np.ndarray) and sizes.ndim != 1:
        raise InvalidArgument(
            f"{name} must be a list of layer sizes {example}; got an array of shape "
            f"{sizes.shape}")
    try:
        sizes = list(sizes)
    except TypeError:
        raise InvalidArgumentType(
            f"{name} must be a list of layer sizes {example}; got {describe(sizes)}") from None
    if len(sizes) < 2:
        raise InvalidArgument(
            f"{name} needs at least an input and an output layer; got {sizes}")
    for n in sizes:
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or n < 1:
            raise InvalidArgument(
                f"every layer size in {name} must be a whole number ≥ 1; got {sizes}")
    return [int(n) for n in sizes]


# -- arrays -------------------------------------------------------------------------------
def _numeric_array(X, name, expected):
    """np.asarray(X), refusing what is not an array of real numbers (strings, objects,
    complex numbers, ragged lists)."""
    try:
        A = np.asarray(X)
    except Exception:  # a ragged list: numpy refuses to make an array of it
        raise InvalidArgumentType(f"{name} must be {expected}; got {describe(X)}") from None
    if A.dtype.kind not in "biuf":
        came = f"an array of dtype {A.dtype}" if isinstance(X, (np.ndarray, list, tuple)) \
            else describe(X)
        raise InvalidArgumentType(f"{name} must be {expected}, made of real numbers; got {came}")
    return A


def as_batch(X, n_rows, name="X", dtype=np.float64, finite=True):
    """Return X as a matrix of shape (n_rows, m) in ``dtype``, one example per column.

    ``finite=False`` skips the scan for NaN and ±inf (training does it its own way: see
    :func:`mlp_core.train`).

    Raises
    ------
    InvalidArgument (a ValueError)
        If X is not 2-D with n_rows rows (a 1-D vector of shape (n,) is refused with a hint
        to reshape it into a column), or if it holds NaN or ±inf.
    """
    X = _numeric_array(X, name, f"a matrix of shape ({n_rows}, m)")
    if X.ndim == 1:
        raise InvalidArgument(
            f"{name} must be a matrix of shape ({n_rows}, m), one example per column; got a "
            f"1-D vector of shape {X.shape}. For one example use {name}.reshape(-1, 1).")
    if X.ndim != 2 or X.shape[0] != n_rows:
        raise InvalidArgument(
            f"{name} must have shape ({n_rows}, m), one example per column; got shape {X.shape}"
            + (" (is it transposed? examples go in the columns)"
               if X.ndim == 2 and X.shape[1] == n_rows else ""))
    if X.shape[1] == 0:
        raise InvalidArgument(f"{name} has no examples: shape {X.shape}")
    if finite and X.dtype.kind == "f":
        check_finite(X, name)
    # A float64 1e39 is finite, but inf in float32: checked again after such a conversion
    # (numpy's own overflow warning is left out: the error, or training's check, says it
    # better).
    with np.errstate(over="ignore"):
        converted = X.astype(dtype, copy=False)
    if finite and converted.dtype.itemsize < X.dtype.itemsize and X.dtype.kind == "f":
        check_finite(converted, name, f"in {converted.dtype.name}")
    return converted


def check_finite(X, name, context=""):
    """Raise if X holds NaN or ±inf, saying where the first one is."""
    # The sum of finite numbers is finite (unless it overflows, which the full check below
    # then sorts out): one pass and no mask of X's size in the usual, good case.
    with np.errstate(over="ignore", invalid="ignore"):
        total = X.sum()
    if not np.isfinite(total) and not np.all(np.isfinite(X)):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(X))[0])
        where = f" {context}" if context else ""
        raise InvalidArgument(
            f"{name} must be finite{where}; it holds {X[bad]} at index {bad}")


def check_labels(labels, n_classes, m=None, name="labels"):
    """Return integer labels of shape (m,), each in 0 … n_classes − 1."""
    labels = _numeric_array(labels, name, "a 1-D array of class numbers")
    if labels.ndim != 1:
        raise InvalidArgument(
            f"{name} must be a 1-D array of class numbers; got shape {labels.shape}")
    if m is not None and labels.shape[0] != m:
        raise InvalidArgument(
            f"{name} must hold one label per example, {m}; got {labels.shape[0]}")
    if labels.dtype.kind == "f":
        with np.errstate(invalid="ignore"):
            whole = np.isfinite(labels) & (labels == np.round(labels))
        if not np.all(whole):
            i = int(np.argmin(whole))
            raise InvalidArgument(
                f"{name} must be whole numbers 0 … {n_classes - 1}; got {labels[i]} at index {i}")
    elif labels.dtype.kind not in "iu":
        raise InvalidArgumentType(
            f"{name} must be whole numbers 0 … {n_classes - 1}; got dtype {labels.dtype}")
    bad = (labels < 0) | (labels >= n_classes)
    if np.any(bad):
        i = int(np.argmax(bad))
        raise InvalidArgument(
            f"{name} must lie in 0 … {n_classes - 1}; got {labels[i]} at index {i}")
    return labels.astype(np.int64)


def one_hot(labels, n_classes=10):
    """Turn class numbers into target columns.

    Parameters
    ----------
    labels : array of int, shape (m,)
    n_classes : int ≥ 1

    Returns
    -------
    Y : array, shape (n_classes, m)
        Y[j, i] = 1 if example i has label j, else 0.
    """
    n_classes = check_whole(n_classes, "n_classes", 1)
    labels = check_labels(labels, n_classes)
    Y = np.zeros((n_classes, labels.shape[0]))
    Y[labels, np.arange(labels.shape[0])] = 1.0
    return Y


def as_targets(Y, n_out, m, name="targets", probabilities=False, dtype=np.float64):
    """Accept either class numbers of shape (m,) or targets of shape (n_out, m); return
    the targets as a float matrix (n_out, m) in ``dtype``.

    ``probabilities=True`` (the cross-entropy cost) also requires each column to be a
    probability distribution: entries in [0, 1] summing to 1."""
    Y = _numeric_array(Y, name, f"targets of shape ({n_out}, {m}) or {m} class numbers")
    if Y.ndim == 1:
        return one_hot(check_labels(Y, n_out, m, name), n_out).astype(dtype, copy=False)
    if Y.shape != (n_out, m):
        raise InvalidArgument(
            f"{name} must have shape ({n_out}, {m}) (targets, one column per example) or be "
            f"{m} class numbers of shape ({m},); got shape {Y.shape}")
    if Y.dtype.kind == "f":
        check_finite(Y, name)
    with np.errstate(over="ignore"):  # as in as_batch: 1e39 is inf in float32
        converted = Y.astype(dtype, copy=False)
    if converted.dtype.itemsize < Y.dtype.itemsize and Y.dtype.kind == "f":
        check_finite(converted, name, f"in {converted.dtype.name}")
    Y = converted
    if probabilities:
        check_probability_columns(Y, name)
    return Y


def check_probability_columns(Y, name="targets"):
    """Raise unless every column of Y (n, m) is a probability distribution: entries in
    [0, 1] and a sum of 1 (to within rounding), as cross-entropy's targets must be."""
    why = ("the cross_entropy cost needs each target column to be a probability "
           "distribution (entries in [0, 1] summing to 1, such as a one-hot column)")
    outside = (Y < 0) | (Y > 1)
    if np.any(outside):
        bad = tuple(int(i) for i in np.argwhere(outside)[0])
        raise InvalidArgument(f"{name}: {why}; got {Y[bad]} at index {bad}")
    sums = Y.sum(axis=0, dtype=np.float64)
    tol = 1e-6 if Y.dtype == np.float64 else 1e-5
    off = np.abs(sums - 1.0) > tol
    if np.any(off):
        i = int(np.argmax(off))
        raise InvalidArgument(f"{name}: {why}; column {i} sums to {sums[i]:.6g}")


def check_same_shape(a, y, names=("a", "y")):
    """a and y as float matrices of one shape (n, m): an output and its target."""
    a = _numeric_array(a, names[0], "a matrix of shape (n, m), one column per example")
    y = _numeric_array(y, names[1], "a matrix of shape (n, m), one column per example")
    if a.ndim != 2:
        raise InvalidArgument(
            f"{names[0]} must be a matrix of shape (n, m), one column per example; got shape "
            f"{a.shape}")
    if y.shape != a.shape:
        raise InvalidArgument(
            f"{names[0]} and {names[1]} must have one shape (n, m), one column per example; "
            f"got {names[0]} of shape {a.shape} and {names[1]} of shape {y.shape}")
    a, y = a.astype(np.float64, copy=False), y.astype(np.float64, copy=False)
    check_finite(a, names[0])
    check_finite(y, names[1])
    return a, y


# -- a network's parameters ---------------------------------------------------------------
def check_network(net, name="net"):
    """Raise unless net is a :class:`mlp_core.Network`."""
    from .network import Network
    if not isinstance(net, Network):
        raise InvalidArgumentType(f"{name} must be a mlp_core.Network; got {describe(net)}")
    return net


def real_array(x, name, expected="an array"):
    """np.asarray(x) as floats, refusing what is not real numbers (named ``name``)."""
    return _numeric_array(x, name, expected).astype(np.float64, copy=False)


def check_parameters(net):
    """Raise if a weight or bias of ``net`` is NaN or ±inf, naming the first one:
    ``parameter W[1][0, 0] is NaN``. (Set through ``param_arrays`` or ``net.W[l][j, k] =``,
    a non-finite value would make every later number NaN.)"""
    theta = net.theta
    with np.errstate(over="ignore", invalid="ignore"):
        total = theta.sum()
    if np.isfinite(total) or np.all(np.isfinite(theta)):
        return
    for name, arr in net.param_arrays():
        bad = np.argwhere(~np.isfinite(arr))
        if bad.size:
            kind, l = name[0], int(name[1:])
            j, k = (int(i) for i in bad[0])
            v = arr[j, k]
            what = "NaN" if np.isnan(v) else ("inf" if v > 0 else "-inf")
            where, index = (f"W[{l}][{j}, {k}]", f"'W', {l}, {j}, {k}") if kind == "W" \
                else (f"b[{l}][{j}]", f"'b', {l}, {j}")
            raise InvalidArgument(
                f"parameter {where} is {what}: every parameter must be finite (one NaN or inf "
                f"makes the outputs and the gradients NaN). Give it a finite value, e.g. "
                f"net.set_param({index}, value=0.0).")
