"""The input gradient ∂a[L]_j/∂x = W[1]ᵀ δ[1] against central differences and PyTorch."""
import numpy as np
import pytest

from mlp_core import Network
from mlp_core.input_gradient import input_gradient, maximise_output


def central_difference(net, X, j, h=1e-6):
    """∂a[L]_j/∂x by (f(x + h e_k) − f(x − h e_k)) / 2h, one pixel k at a time."""
    grad = np.zeros_like(X)
    for k in range(X.shape[0]):
        Xp, Xm = X.copy(), X.copy()
        Xp[k] += h
        Xm[k] -= h
        grad[k] = (net.feedforward(Xp)[j] - net.feedforward(Xm)[j]) / (2 * h)
    return grad


@pytest.mark.parametrize("activation,output", [("sigmoid", "sigmoid"), ("tanh", "softmax"),
                                                ("sigmoid", "softmax"), ("tanh", "identity")])
@pytest.mark.parametrize("j", [0, 3])
def test_matches_central_differences(activation, output, j):
    net = Network([12, 7, 5, 4], activation=activation, output_activation=output, seed=3)
    X = np.random.default_rng(1).random((12, 3))
    got = input_gradient(net, X, j)
    assert got.shape == (12, 3)
    np.testing.assert_allclose(got, central_difference(net, X, j), rtol=1e-6, atol=1e-9)


def test_one_layer_network_has_the_closed_form():
    # a = σ(Wx + b): ∂a_j/∂x = σ'(z_j) W[j, :], written out by hand.
    net = Network([5, 3], seed=4)
    x = np.random.default_rng(2).random((5, 1))
    z = net.W[1] @ x + net.b[1]
    s = 1 / (1 + np.exp(-z))
    expected = (s[2] * (1 - s[2])) * net.W[1][2]
    np.testing.assert_allclose(input_gradient(net, x, 2)[:, 0], expected, rtol=1e-12)


def test_matches_torch_autograd():
    torch = pytest.importorskip("torch", reason="PyTorch cross-check")
    net = Network([784, 16, 16, 10], seed=0)
    X = np.random.default_rng(5).random((784, 2))
    x = torch.tensor(X, requires_grad=True)
    a = x
    for l in range(1, 4):
        a = torch.sigmoid(torch.tensor(net.W[l]) @ a + torch.tensor(net.b[l]))
    a[7].sum().backward()   # the examples are independent: the sum's gradient is per column
    np.testing.assert_allclose(input_gradient(net, X, 7), x.grad.numpy(), rtol=1e-9, atol=1e-15)


def test_bad_output_index_is_refused():
    net = Network([4, 3, 2])
    with pytest.raises(ValueError, match="0 … 1"):
        input_gradient(net, np.zeros((4, 1)), 2)
    with pytest.raises(ValueError, match=r"shape \(4, m\)"):
        input_gradient(net, np.zeros(4), 0)


def test_ascent_raises_the_output_and_keeps_pixels_in_range():
    net = Network([16, 8, 3], seed=2)
    asc = maximise_output(net, 1, steps=60, eta=0.05)
    assert asc.x.shape == (16, 1)
    assert asc.outputs.shape == (61,)
    assert asc.x.min() >= 0 and asc.x.max() <= 1
    assert asc.outputs[-1] > asc.outputs[0]
    # the recorded outputs are the network's output for the final image
    assert asc.outputs[-1] == pytest.approx(net.feedforward(asc.x)[1, 0])


def test_ascent_steps_move_the_steepest_pixel_by_eta():
    net = Network([9, 4, 2], seed=1)
    x0 = np.full((9, 1), 0.5)
    g = input_gradient(net, x0, 0)
    asc = maximise_output(net, 0, steps=1, eta=0.01, x0=x0)
    np.testing.assert_allclose(asc.x, x0 + 0.01 * g / np.abs(g).max())
    assert asc.g_max.shape == (1,) and asc.g_max[0] == pytest.approx(np.abs(g).max())


def test_ascent_records_the_steepest_slope_of_every_step():
    net = Network([16, 8, 3], seed=2)
    asc = maximise_output(net, 2, steps=5, eta=0.05)
    x = 0.1 * np.random.default_rng(0).random((16, 1))     # the documented default start
    for k in range(5):
        g = input_gradient(net, x, 2)
        assert asc.g_max[k] == pytest.approx(np.abs(g).max(), rel=1e-12)
        x = np.clip(x + 0.05 * g / np.abs(g).max(), 0, 1)
    np.testing.assert_allclose(asc.x, x, rtol=1e-12)
