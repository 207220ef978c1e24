"""Notebook 05's maths: the one-neuron chain, the four equations, softmax's gradients.

Expected values come from central differences, from PyTorch autograd, or from a separate
formula — never from the function under test."""
import numpy as np
import pytest

import mlp_core
from mlp_core import chain_rule as cr
from mlp_core.gradcheck import numerical_gradient_fn, relative_error

torch = pytest.importorskip("torch", reason="PyTorch cross-checks need torch (test-only)")
torch.set_default_dtype(torch.float64)

W, B, X, Y = np.array([0.8, -1.2, 1.5]), np.array([0.2, 0.3, -0.4]), 1.0, 1.0


def torch_chain_grads(w, b, x, y):
    w_t = torch.tensor(w, requires_grad=True)
    a = torch.tensor(float(x))
    for l in range(len(w)):
        a = torch.sigmoid(w_t[l] * a + float(b[l]))
    cost = (a - y) ** 2
    cost.backward()
    return w_t.grad.numpy(), cost.item()


@pytest.mark.parametrize("w", [W, np.array([2.0, 0.5, -3.0]), np.array([-0.3, 4.0])])
def test_chain_gradient_matches_autograd_and_nudge(w):
    b = B[:len(w)]
    expected, cost = torch_chain_grads(w, b, X, Y)
    assert cr.chain_forward(w, b, X, Y).cost == pytest.approx(cost, rel=1e-12)
    np.testing.assert_allclose(cr.chain_gradient(w, b, X, Y), expected, rtol=1e-10)
    np.testing.assert_allclose(cr.chain_nudge(w, b, X, Y), expected, rtol=1e-6, atol=1e-10)


def test_last_weight_three_factors_by_formula():
    z, a, _ = cr.chain_forward(W, B, X, Y)
    # separate formula: σ'(z) = e^{-z}/(1 + e^{-z})²
    s3 = np.exp(-z[3]) / (1 + np.exp(-z[3])) ** 2
    f = cr.chain_factors(W, B, X, Y)
    assert f.dz_dw == pytest.approx(1 / (1 + np.exp(-z[2])), rel=1e-12)
    assert f.da_dz == pytest.approx(s3, rel=1e-10)
    assert f.dC_da == pytest.approx(2 * (a[3] - Y), rel=1e-12)
    assert f.product == pytest.approx(f.dz_dw * f.da_dz * f.dC_da)


def test_chain_readout_text_and_saturation_message():
    text = cr.chain_readout(W, B, X, Y)
    expected, cost = torch_chain_grads(W, B, X, Y)
    lines = text.split("\n")
    z, a, _ = cr.chain_forward(W, B, X, Y)
    slopes = [float(torch.sigmoid(torch.tensor(v)) * (1 - torch.sigmoid(torch.tensor(v))))
              for v in z[1:]]
    assert lines[0] == (f"C = {cost:.4g}   σ'(z1) = {slopes[0]:.4g}   σ'(z2) = {slopes[1]:.4g}"
                        f"   σ'(z3) = {slopes[2]:.4g}")
    # one line per weight, last first; each quotes autograd's value twice (product, nudge)
    for line, l in zip(lines[1:4], (3, 2, 1)):
        assert line.startswith(f"∂C/∂w{l} = ")
        assert line.count(f"{expected[l - 1]:.4g}") == 2, line
    assert "saturated" not in text


def test_chain_readout_names_every_gradient_a_saturated_neuron_blocks():
    # w1 = 6 saturates neuron 1 (σ'(z1) ≈ 0.002) and nothing else
    text = cr.chain_readout([6.0, -1.2, 1.5], B, X, Y)
    assert "neuron 1 is saturated" in text and text.rstrip().endswith("∂C/∂w1")
    assert "neuron 2 is saturated" not in text and "neuron 3 is saturated" not in text
    grads, _ = torch_chain_grads(np.array([6.0, -1.2, 1.5]), B, X, Y)
    start, _ = torch_chain_grads(W, B, X, Y)
    # what the line claims: w1's gradient collapses, w2's and w3's do not
    assert abs(grads[0]) < abs(start[0]) / 10
    assert abs(grads[1]) > abs(start[1]) / 10 and abs(grads[2]) > abs(start[2]) / 10
    # a saturated last neuron blocks every weight's gradient
    text = cr.chain_readout([6.0, 6.0, 6.0], [0, 0, 6.0], 1.0, 0.0)
    assert "neuron 3 is saturated" in text and "∂C/∂w1, ∂C/∂w2, ∂C/∂w3" in text
    assert cr.chain_readout_html(W, B, X, Y).startswith("<pre")


def test_chain_bad_input():
    with pytest.raises(ValueError, match="same length"):
        cr.chain_forward([1.0, 2.0], [0.0], 1.0, 0.0)
    with pytest.raises(ValueError, match="layer l must be 1 … 3"):
        cr.chain_factors(W, B, X, Y, l=4)
    with pytest.raises(ValueError, match="finite"):
        cr.chain_forward([np.nan], [0.0], 1.0, 0.0)


@pytest.fixture(scope="module")
def small_batch():
    net = mlp_core.Network([6, 5, 4, 3], seed=3)
    rng = np.random.default_rng(1)
    X_ = rng.random((6, 4))
    labels = np.array([0, 2, 1, 2])
    return net, X_, labels


def torch_net_grads(net, X_, Y_):
    """δ[l], ∂C/∂W[l], ∂C/∂b[l] by autograd, for a sigmoid network with 3B1B's cost."""
    Ws = [torch.tensor(w, requires_grad=True) for w in net.W[1:]]
    bs = [torch.tensor(b, requires_grad=True) for b in net.b[1:]]
    a, zs = torch.tensor(X_), []
    for Wl, bl in zip(Ws, bs):
        z = Wl @ a + bl
        z.retain_grad()
        zs.append(z)
        a = torch.sigmoid(z)
    cost = ((a - torch.tensor(Y_)) ** 2).sum() / X_.shape[1]
    cost.backward()
    return [z.grad.numpy() for z in zs], [w.grad.numpy() for w in Ws], [b.grad.numpy() for b in bs]


def test_four_equations_match_autograd_and_backprop(small_batch):
    net, X_, labels = small_batch
    Y_ = mlp_core.one_hot(labels, 3)
    eq = cr.four_equations(net, X_, Y_)
    deltas, gW, gb = torch_net_grads(net, X_, Y_)
    g = net.backprop(X_, Y_)
    for l in range(1, net.L + 1):
        np.testing.assert_allclose(eq.delta[l], deltas[l - 1], rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(eq.grad_W[l], gW[l - 1], rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(eq.grad_b[l], gb[l - 1], rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(eq.delta[l], g.delta[l], rtol=1e-12, atol=1e-15)


def test_numerical_delta_matches_autograd(small_batch):
    net, X_, labels = small_batch
    Y_ = mlp_core.one_hot(labels, 3)
    deltas, _, _ = torch_net_grads(net, X_, Y_)
    for l in range(1, net.L + 1):
        assert relative_error(cr.numerical_delta(net, X_, Y_, l), deltas[l - 1]) < 1e-7


def test_four_equations_refuses_softmax():
    net = mlp_core.Network([3, 2], output_activation="softmax")
    with pytest.raises(ValueError, match="elementwise output activation"):
        cr.four_equations(net, np.ones((3, 1)), np.array([1]))


@pytest.mark.parametrize("seed", range(4))
def test_softmax_gradients_match_autograd_and_differences(seed):
    rng = np.random.default_rng(seed)
    a = rng.normal(scale=2.0, size=5)
    t = np.eye(5)[seed]
    a_t = torch.tensor(a, requires_grad=True)
    o = torch.softmax(a_t, dim=0)
    ((o - torch.tensor(t)) ** 2).sum().backward()
    np.testing.assert_allclose(cr.softmax_squared_error_grad(a, t), a_t.grad.numpy(), rtol=1e-10, atol=1e-14)
    num = numerical_gradient_fn(lambda v: cr.softmax_squared_error(v, t), a.copy())
    assert relative_error(cr.softmax_squared_error_grad(a, t), num) < 1e-8

    a_t = torch.tensor(a, requires_grad=True)
    ce = torch.nn.functional.cross_entropy(a_t[None], torch.tensor([seed]))
    ce.backward()
    assert cr.softmax_cross_entropy(a, t) == pytest.approx(ce.item(), rel=1e-12)
    np.testing.assert_allclose(cr.softmax_cross_entropy_grad(a, t), a_t.grad.numpy(), rtol=1e-10, atol=1e-14)


def test_softmax_jacobian_entries():
    o = mlp_core.softmax(np.array([[0.3], [-1.0], [2.0]]))[:, 0]
    J = mlp_core.softmax_jacobian(o)
    J_torch = torch.autograd.functional.jacobian(
        lambda v: torch.softmax(v, 0), torch.tensor([0.3, -1.0, 2.0])).numpy()
    np.testing.assert_allclose(J, J_torch, rtol=1e-10, atol=1e-14)
    assert J[0, 0] == pytest.approx(o[0] * (1 - o[0]))
    assert J[0, 2] == pytest.approx(-o[0] * o[2])


def test_notation_table_shapes_for_3b1b_network():
    net = mlp_core.Network([784, 16, 16, 10])
    rows = {r[0]: r[2] for r in cr.notation_table(net, np.zeros((784, 5)), np.arange(5))}
    assert rows["x = a[0]"] == "(784, 5)"
    assert rows["W[l]"] == "1: (16, 784), 2: (16, 16), 3: (10, 16)"
    assert rows["δ[l]"] == "1: (16, 5), 2: (16, 5), 3: (10, 5)"
    assert rows["∂C/∂b[l]"] == "1: (16, 1), 2: (16, 1), 3: (10, 1)"
    text = cr.format_table(cr.notation_table(net, np.zeros((784, 5)), np.arange(5)))
    assert text.splitlines()[0].split() == ["symbol", "meaning", "shape"]


def test_equation_lines_reads_the_comments():
    source = '''def f(d, a, W):
    # BP2, passed back
    d = W.T @ d          # (no equation named here)
    g = d.sum(axis=1)    # BP3
    # a comment alone that names BP4, then a blank line

    h = d @ a.T
'''
    assert cr.equation_lines(source) == [("BP2", "d = W.T @ d"), ("BP3", "g = d.sum(axis=1)"),
                                         ("BP4", "h = d @ a.T")]


def test_mlp_core_backprop_names_each_equation_on_a_line_of_code():
    """Notebook 05 prints Network's backpropagation next to BP1–BP4: every equation must be
    named by a comment on (or just above) a line of code."""
    lines = cr.equation_lines(cr.backprop_source())
    assert {eq for eq, _ in lines} == {"BP1", "BP2", "BP3", "BP4"}
    assert all(code for _, code in lines)
    assert all(eq in cr.EQUATIONS for eq, _ in lines)


def test_format_table_lines_up_wide_characters():
    """A Chinese character takes two columns of a monospaced font: the columns after it must
    start where they start in the other rows (counted in display columns, not characters)."""
    text = cr.format_table([("x", "输入", "(2, 1)"), ("W[l]", "weights", "(3, 2)")],
                           header=("a", "b", "c"))
    rows = text.splitlines()
    starts = [cr.display_width(r[:r.index("(")]) for r in rows[2:]]
    assert starts[0] == starts[1] == cr.display_width(rows[1][:rows[1].rindex(" ") + 1])
    assert cr.display_width("输入") == 4 and cr.display_width("δ[l] ∂C") == 7


def test_equation_listing_names_each_equation_with_its_line():
    source = "    g = d.sum(axis=1)    # BP3\n    h = d @ a.T    # BP4\n"
    assert cr.equation_listing(source).splitlines() == [
        f"BP3  {cr.EQUATIONS['BP3']:<38}  g = d.sum(axis=1)",
        f"BP4  {cr.EQUATIONS['BP4']:<38}  h = d @ a.T"]
