"""Random batches for the tests of the maths."""
import numpy as np


def random_batch(rng, n_in, n_out, m, labels=False):
    """A batch of m columns in [0, 1) and targets: one-hot (n_out, m) or labels (m,)."""
    X = rng.random((n_in, m))
    y = rng.integers(0, n_out, size=m)
    if labels:
        return X, y
    Y = np.zeros((n_out, m))
    Y[y, np.arange(m)] = 1.0
    return X, Y
