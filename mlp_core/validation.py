"""Checks of the arrays that enter the package, with errors that say what was expected.

The classic bug of this field is a silent broadcast: a vector of shape (n,) added to a
matrix of shape (n, m) gives a wrong (n, n)-shaped answer instead of an error. So every
public entry point checks its arrays here and names the expected and the received shape.
"""
import numpy as np


def as_batch(X, n_rows, name="X", dtype=np.float64, finite=True):
    """Return X as a matrix of shape (n_rows, m) in ``dtype``, one example per column.

    ``finite=False`` skips the scan for NaN and ±inf (training does it its own way: see
    :func:`mlp_core.train`).

    Raises
    ------
    ValueError
        If X is not 2-D with n_rows rows (a 1-D vector of shape (n,) is refused with a hint
        to reshape it into a column), or if it holds NaN or ±inf.
    """
    X = np.asarray(X)
    if X.ndim == 1:
        raise ValueError(
            f"{name} must be a matrix of shape ({n_rows}, m), one example per column; got a "
            f"1-D vector of shape {X.shape}. For one example use {name}.reshape(-1, 1).")
    if X.ndim != 2 or X.shape[0] != n_rows:
        raise ValueError(
            f"{name} must have shape ({n_rows}, m), one example per column; got shape {X.shape}"
            + (" (is it transposed? examples go in the columns)"
               if X.ndim == 2 and X.shape[1] == n_rows else ""))
    if X.shape[1] == 0:
        raise ValueError(f"{name} has no examples: shape {X.shape}")
    if not np.issubdtype(X.dtype, np.floating):
        if not (np.issubdtype(X.dtype, np.integer) or X.dtype == bool):
            raise ValueError(f"{name} must hold numbers; got dtype {X.dtype}")
    # Checked after the conversion: a float64 of 1e39 becomes inf in float32 (numpy's
    # warning about it is left out; the error below, or training's check, says it better).
    with np.errstate(over="ignore"):
        X = X.astype(dtype, copy=False)
    if finite:
        check_finite(X, name)
    return X


def check_finite(X, name):
    """Raise if X holds NaN or ±inf, saying where the first one is."""
    # The sum of finite numbers is finite (unless it overflows, which the full check below
    # then sorts out): one pass and no mask of X's size in the usual, good case.
    if not np.isfinite(X.sum()) and not np.all(np.isfinite(X)):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(X))[0])
        raise ValueError(f"{name} must be finite; it holds {X[bad]} at index {bad}")


def check_labels(labels, n_classes, m=None, name="labels"):
    """Return integer labels of shape (m,), each in 0 … n_classes − 1."""
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of class numbers; got shape {labels.shape}")
    if m is not None and labels.shape[0] != m:
        raise ValueError(f"{name} must hold one label per example, {m}; got {labels.shape[0]}")
    if labels.dtype.kind == "f":
        if not np.all(np.isfinite(labels)) or np.any(labels != np.round(labels)):
            raise ValueError(f"{name} must be whole numbers 0 … {n_classes - 1}")
    elif labels.dtype.kind not in "iu":
        raise ValueError(f"{name} must be whole numbers 0 … {n_classes - 1}; got dtype {labels.dtype}")
    labels = labels.astype(np.int64)
    bad = (labels < 0) | (labels >= n_classes)
    if np.any(bad):
        i = int(np.argmax(bad))
        raise ValueError(
            f"{name} must lie in 0 … {n_classes - 1}; got {labels[i]} at index {i}")
    return labels


def check_positive(value, name):
    """Raise unless value is a finite number > 0 (a learning rate, a batch size …)."""
    try:
        ok = np.isfinite(value) and value > 0
    except TypeError:
        ok = False
    if not ok:
        raise ValueError(f"{name} must be a finite number > 0; got {value!r}")
    return value


def one_hot(labels, n_classes=10):
    """Turn class numbers into target columns.

    Parameters
    ----------
    labels : array of int, shape (m,)
    n_classes : int

    Returns
    -------
    Y : array, shape (n_classes, m)
        Y[j, i] = 1 if example i has label j, else 0.
    """
    labels = check_labels(labels, n_classes)
    Y = np.zeros((n_classes, labels.shape[0]))
    Y[labels, np.arange(labels.shape[0])] = 1.0
    return Y


def as_targets(Y, n_out, m):
    """Accept either class numbers of shape (m,) or targets of shape (n_out, m); return
    the targets as a float matrix (n_out, m)."""
    Y = np.asarray(Y)
    if Y.ndim == 1:
        return one_hot(check_labels(Y, n_out, m), n_out)
    if Y.shape != (n_out, m):
        raise ValueError(
            f"targets must have shape ({n_out}, {m}) (one column per example) or be {m} class "
            f"numbers of shape ({m},); got shape {Y.shape}")
    Y = Y.astype(np.float64, copy=False) if not np.issubdtype(Y.dtype, np.floating) else Y
    check_finite(Y, "targets")
    return Y
