"""mlp_core's gradients against PyTorch autograd: same weights, same data, same cost."""
import numpy as np
import pytest

from mlp_core import Network
from batches import random_batch
from test_network import HIDDEN, PAIRS

torch = pytest.importorskip("torch", reason="PyTorch is a test-only dependency: pip install torch==2.13.0")
TORCH_ACT = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu,
             "identity": lambda z: z, "softmax": lambda z: torch.softmax(z, dim=0)}


def torch_cost(a, y, name):
    m = a.shape[1]
    if name == "squared_error":
        return ((a - y) ** 2).sum() / m
    if name == "half_squared_error":
        return ((a - y) ** 2).sum() / (2 * m)
    if name == "sum_squared_error":
        return ((a - y) ** 2).sum()
    return -(y * torch.log(a)).sum() / m


@pytest.mark.parametrize("seed", range(12))
def test_gradients_agree_with_pytorch_autograd(seed):
    rng = np.random.default_rng(seed)
    sizes = list(rng.integers(1, 9, size=rng.integers(2, 5)))
    hidden = HIDDEN[seed % 4]
    out, cost = PAIRS[seed % len(PAIRS)]
    net = Network(sizes, activation=hidden, output_activation=out, cost=cost, seed=seed)
    m = int(rng.integers(1, 8))
    X, Y = random_batch(rng, sizes[0], sizes[-1], m)
    g = net.backprop(X, Y)

    Ws = [torch.tensor(W, requires_grad=True) for W in net.W[1:]]
    bs = [torch.tensor(b, requires_grad=True) for b in net.b[1:]]
    a = torch.tensor(X)
    for l, (W, b) in enumerate(zip(Ws, bs), start=1):
        a = TORCH_ACT[out if l == net.L else hidden](W @ a + b)
    C = torch_cost(a, torch.tensor(Y), cost)
    C.backward()
    assert abs(C.item() - g.cost) <= 1e-12 * max(1.0, abs(C.item()))
    for l in range(1, net.L + 1):
        for mine, theirs in ((g.grad_W[l], Ws[l - 1].grad), (g.grad_b[l], bs[l - 1].grad)):
            theirs = theirs.numpy()
            assert np.allclose(mine, theirs, rtol=1e-10, atol=1e-14), (l, mine, theirs)
