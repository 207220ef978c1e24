"""The peers a learner would otherwise reach for: scikit-learn's MLPClassifier and PyTorch.

Each ``make_*`` function prepares everything outside the timed region (data in the
library's own layout and dtype, a fresh model) and returns ``epoch()``, which trains for
one epoch of minibatch SGD and is what the benchmark times. Both libraries lay a batch
out as *rows* (m, n_0); the data are converted to that layout once, before timing, as a
user of the library would have them.
"""
import numpy as np


def rows(X, dtype):
    """X (n_0, n), one example per column, as the C-ordered (n, n_0) rows these libraries
    expect, in ``dtype``."""
    return np.ascontiguousarray(X.T, dtype=dtype)


# -- scikit-learn -----------------------------------------------------------------------------
def make_sklearn(sizes, X_rows, labels, batch_size, eta, seed=0):
    """scikit-learn's MLPClassifier, plain SGD (no momentum, no L2 penalty), one epoch
    through ``partial_fit``.

    It always ends in a softmax with the log-loss (its own choice for classifiers), so it
    does not compute the same numbers as the sigmoid/squared-error networks: it is here
    for its speed at the same layer sizes, batch size and data.
    """
    import warnings
    from sklearn.neural_network import MLPClassifier

    classes = np.arange(sizes[-1])
    clf = MLPClassifier(hidden_layer_sizes=tuple(sizes[1:-1]), activation="logistic",
                        solver="sgd", momentum=0.0, nesterovs_momentum=False, alpha=0.0,
                        learning_rate_init=eta, batch_size=batch_size, shuffle=True,
                        random_state=seed)

    def epoch():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            clf.partial_fit(X_rows, labels, classes=classes)
        return clf
    return epoch


# -- PyTorch ------------------------------------------------------------------------------------
def torch_available():
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def make_torch(sizes, X_rows, Y_rows, batch_size, eta, cost="squared_error", start=None,
               seed=0):
    """PyTorch eager on the CPU: ``nn.Sequential`` of Linear + Sigmoid layers and
    ``torch.optim.SGD``, the idiom of its tutorials, with the minibatches cut from one
    tensor (a DataLoader would only add overhead).

    ``start``: optional (W list, b list), 0-based, mlp_core shapes (n_out, n_in) and
    (n_out, 1), to start from the same parameters as an mlp_core network.
    The cost matches mlp_core's: per example Σ_j (a_j − y_j)² (× ½ for
    ``"half_squared_error"``), averaged over the minibatch.
    """
    import torch
    from torch import nn

    dtype = torch.float64 if X_rows.dtype == np.float64 else torch.float32
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(n_in, n_out), nn.Sigmoid()]
    model = nn.Sequential(*layers).to(dtype)
    if start is not None:
        with torch.no_grad():
            linears = [m for m in model if isinstance(m, nn.Linear)]
            for lin, W, b in zip(linears, *start):
                lin.weight.copy_(torch.from_numpy(np.asarray(W)))
                lin.bias.copy_(torch.from_numpy(np.asarray(b).ravel()))
    X = torch.from_numpy(X_rows)
    Y = torch.from_numpy(Y_rows)
    scale = 0.5 if cost == "half_squared_error" else 1.0
    opt = torch.optim.SGD(model.parameters(), lr=eta)
    gen = torch.Generator().manual_seed(seed)
    n = X.shape[0]

    def epoch():
        perm = torch.randperm(n, generator=gen)
        for k in range(0, n, batch_size):
            idx = perm[k:k + batch_size]
            out = model(X[idx])
            loss = scale * ((out - Y[idx]) ** 2).sum(dim=1).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
        return model
    return epoch
