"""The 2-2-2 worked example: every number against PyTorch, against mlp_core.Network and
against central differences; article E's claims checked on our numbers."""
import numpy as np
import pytest

from mlp_core import worked_example as we
from mlp_core.gradcheck import numerical_gradient

torch = pytest.importorskip("torch", reason="PyTorch cross-checks need torch (test-only)")


@pytest.fixture(scope="module")
def torch_values():
    p = we.example()
    T = {k: torch.tensor(getattr(p, k), dtype=torch.float64, requires_grad=k in ("W1", "b1", "W2", "b2"))
         for k in ("x", "t", "W1", "b1", "W2", "b2")}
    z = T["W1"] @ T["x"] + T["b1"]
    h = torch.sigmoid(z)
    a = T["W2"] @ h + T["b2"]
    o = torch.softmax(a, dim=0)
    E = ((o - T["t"]) ** 2).sum()
    E.backward()
    return dict(z=z.detach().numpy(), h=h.detach().numpy(), a=a.detach().numpy(),
                o=o.detach().numpy(), E=E.item(),
                **{f"g{k}": T[k].grad.numpy() for k in ("W1", "b1", "W2", "b2")})


def test_forward_values(torch_values):
    f = we.forward_by_hand(we.example())
    for k in ("z", "h", "a", "o"):
        np.testing.assert_allclose(f[k], torch_values[k], rtol=1e-12)
    assert f["E"] == pytest.approx(torch_values["E"], rel=1e-12)


def test_gradients(torch_values):
    g = we.backward_by_hand(we.example())
    for mine, theirs in (("dE_dW1", "gW1"), ("dE_db1", "gb1"), ("dE_dW2", "gW2"), ("dE_db2", "gb2")):
        np.testing.assert_allclose(g[mine], torch_values[theirs], rtol=1e-10)


def test_against_network_backprop_and_differences():
    p = we.example()
    net, X, T = we.as_network(p)
    g = net.backprop(X, T)
    h = we.backward_by_hand(p)
    num_W, num_b = numerical_gradient(net, X, T)
    np.testing.assert_allclose(g.grad_W[1], h["dE_dW1"], rtol=1e-10)
    np.testing.assert_allclose(g.grad_W[2], h["dE_dW2"], rtol=1e-10)
    np.testing.assert_allclose(num_W[1], h["dE_dW1"], rtol=1e-6)
    np.testing.assert_allclose(num_b[2][:, 0], h["dE_db2"], rtol=1e-6)


def test_update_and_article_e_claims(torch_values):
    p = we.example()
    new = we.update_by_hand(p)
    np.testing.assert_allclose(new.W1, p.W1 - 0.1 * torch_values["gW1"], rtol=1e-12)
    f = we.forward_by_hand(p)
    assert round(f["o"][0], 2) == 0.57 and round(f["o"][1], 2) == 0.43
    assert p.W2[0, 0] == 0.5 and p.t[0] == 0 and new.W2[0, 0] < 0.5     # feeds 0.57, label 0
    assert p.W2[1, 0] == 0.4 and p.t[1] == 1 and new.W2[1, 0] > 0.4     # feeds 0.43, label 1
    assert p.W1[0, 0] == 0.1 and new.W1[0, 0] < 0.1                      # it shrinks
    f_new = we.forward_by_hand(new)
    assert f_new["E"] < f["E"] and f_new["o"][1] > f["o"][1]             # outputs move to labels
    assert 0.1 - 0.1 * 0.0084 == pytest.approx(0.09916, abs=1e-15)       # article E's update


def test_update_lines_format():
    lines = we.update_lines(we.example())
    assert len(lines) == 12
    assert lines[0].startswith("W1[0,0]  0.1 − 0.1 × 0.0080")
    assert "× (-" in lines[9]   # a negative gradient in parentheses
