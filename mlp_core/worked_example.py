"""A 2-2-2 network worked completely by hand, in the style of article E.

Two inputs x_i, two sigmoid hidden neurons h_j, two output neurons whose weighted inputs a_k
go through softmax to give o_k, and the sum of squared errors against the labels t_k:

    z_j = Σ_i W1[j, i] x_i + b1[j]        h_j = σ(z_j)                 (j = 0, 1)
    a_k = Σ_j W2[k, j] h_j + b2[k]        o_k = e^{a_k} / Σ_q e^{a_q}  (k = 0, 1)
    E   = Σ_k (o_k − t_k)²

``W1[j, i]`` is the weight from input i to hidden neuron j (rows are the receiving neuron,
as everywhere in this package). Every value is computed here with plain scalar loops, one
chain-rule step a line, so that each printed number can be followed with a pencil; the
notebook checks them against :class:`mlp_core.Network` and against central differences.

Numpy only.
"""
from typing import NamedTuple

import numpy as np


class Params(NamedTuple):
    """The example's numbers. x, t, b1, b2: shape (2,); W1, W2: shape (2, 2); eta: float."""
    x: np.ndarray
    t: np.ndarray
    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray
    eta: float


def example():
    """Our worked example. The numbers are chosen so that, as in article E, the input→hidden
    weight W1[0, 0] is 0.1, a weight 0.5 feeds an output near 0.57 whose label is 0, and a
    weight 0.4 feeds an output near 0.43 whose label is 1; the learning rate is 0.1."""
    return Params(
        x=np.array([0.6, 0.9]),
        t=np.array([0.0, 1.0]),
        W1=np.array([[0.1, 0.3],
                     [0.2, 0.6]]),
        b1=np.array([0.1, -0.2]),
        W2=np.array([[0.5, 0.7],
                     [0.4, 0.2]]),
        b2=np.array([0.05, 0.13]),
        eta=0.1,
    )


def _sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


def forward_by_hand(p):
    """Every forward value as a dict: z, h, a, o (lists of 2 floats) and E (a float)."""
    z = [sum(p.W1[j, i] * p.x[i] for i in range(2)) + p.b1[j] for j in range(2)]
    h = [_sigmoid(z[j]) for j in range(2)]
    a = [sum(p.W2[k, j] * h[j] for j in range(2)) + p.b2[k] for k in range(2)]
    exp_a = [np.exp(a[k]) for k in range(2)]
    o = [exp_a[k] / sum(exp_a) for k in range(2)]
    E = sum((o[k] - p.t[k]) ** 2 for k in range(2))
    return dict(z=z, h=h, a=a, o=o, E=float(E))


def backward_by_hand(p):
    """Every gradient, one chain-rule step a line, as a dict of floats and nested lists.

    dE_do[k]      = 2(o_k − t_k)
    do_da[k][q]   = o_k(1 − o_k) if k == q else −o_k·o_q          (softmax's Jacobian)
    dE_da[q]      = Σ_k dE_do[k] · do_da[k][q]
    dE_dW2[k][j]  = dE_da[k] · h_j           dE_db2[k] = dE_da[k]
    dE_dh[j]      = Σ_k dE_da[k] · W2[k, j]
    dE_dz[j]      = dE_dh[j] · h_j(1 − h_j)
    dE_dW1[j][i]  = dE_dz[j] · x_i           dE_db1[j] = dE_dz[j]
    """
    f = forward_by_hand(p)
    h, o = f["h"], f["o"]
    dE_do = [2 * (o[k] - p.t[k]) for k in range(2)]
    do_da = [[o[k] * (1 - o[k]) if k == q else -o[k] * o[q] for q in range(2)]
             for k in range(2)]
    dE_da = [sum(dE_do[k] * do_da[k][q] for k in range(2)) for q in range(2)]
    dE_dW2 = [[dE_da[k] * h[j] for j in range(2)] for k in range(2)]
    dE_db2 = list(dE_da)
    dE_dh = [sum(dE_da[k] * p.W2[k, j] for k in range(2)) for j in range(2)]
    dE_dz = [dE_dh[j] * h[j] * (1 - h[j]) for j in range(2)]
    dE_dW1 = [[dE_dz[j] * p.x[i] for i in range(2)] for j in range(2)]
    dE_db1 = list(dE_dz)
    return dict(dE_do=dE_do, do_da=do_da, dE_da=dE_da, dE_dW2=dE_dW2, dE_db2=dE_db2,
                dE_dh=dE_dh, dE_dz=dE_dz, dE_dW1=dE_dW1, dE_db1=dE_db1)


def update_by_hand(p):
    """The parameters after one step new = old − η × gradient: a new :class:`Params`."""
    g = backward_by_hand(p)
    return p._replace(
        W1=p.W1 - p.eta * np.array(g["dE_dW1"]), b1=p.b1 - p.eta * np.array(g["dE_db1"]),
        W2=p.W2 - p.eta * np.array(g["dE_dW2"]), b2=p.b2 - p.eta * np.array(g["dE_db2"]))


def update_lines(p, digits=6):
    """One line per parameter: 'W1[0,0]: 0.1 − 0.1 × 0.0123 = 0.0988', the article's style."""
    g = backward_by_hand(p)
    new = update_by_hand(p)
    lines = []
    for name, old, grad, upd in (("W1", p.W1, g["dE_dW1"], new.W1), ("b1", p.b1, g["dE_db1"], new.b1),
                                 ("W2", p.W2, g["dE_dW2"], new.W2), ("b2", p.b2, g["dE_db2"], new.b2)):
        old, grad, upd = np.asarray(old), np.asarray(grad), np.asarray(upd)
        for idx in np.ndindex(old.shape):
            label = f"{name}[{','.join(map(str, idx))}]"
            gtxt = f"{grad[idx]:.{digits}f}"
            gtxt = f"({gtxt})" if grad[idx] < 0 else gtxt   # 0.4 − 0.1 × (−0.35), not "× -0.35"
            lines.append(f"{label:<8} {old[idx]:g} − {p.eta:g} × {gtxt} = {upd[idx]:.{digits}f}")
    return lines


def as_network(p):
    """The same network as a :class:`mlp_core.Network` (sigmoid hidden layer, softmax output,
    ``sum_squared_error`` cost), with x as a (2, 1) column and t as a (2, 1) target column.

    Returns (net, X, T)."""
    from .network import Network
    net = Network([2, 2, 2], activation="sigmoid", output_activation="softmax",
                  cost="sum_squared_error")
    net.W[1][...] = p.W1
    net.b[1][...] = p.b1.reshape(2, 1)
    net.W[2][...] = p.W2
    net.b[2][...] = p.b2.reshape(2, 1)
    return net, p.x.reshape(2, 1), p.t.reshape(2, 1)
