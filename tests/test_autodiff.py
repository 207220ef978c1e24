"""The scalar engine of mlp_core.autodiff: forward mode, reverse mode, finite differences and
PyTorch agree; the operation counts are the ones worked out by hand; paths are counted right."""
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st

from mlp_core import Network
from mlp_core import autodiff as ad
from mlp_core.exercises.graphs import check_de_db, check_path_count

torch = pytest.importorskip("torch", reason="PyTorch is the independent autograd to compare to")


# -- article D's example, against the closed forms ∂e/∂a = b + 1, ∂e/∂b = a + 2b + 1 ----------
def test_article_numbers():
    n = ad.article_graph(2, 1)
    assert [n[k].data for k in "cde"] == [3.0, 2.0, 6.0]
    assert (n["a"].grad, n["b"].grad) == (2.0, 5.0)
    assert ad.e_readout(2, 1) == "e = 6, ∂e/∂a = 2, ∂e/∂b = 5"


@given(st.floats(-10, 10), st.floats(-10, 10))
def test_article_graph_any_point(a, b):
    n = ad.article_graph(a, b)
    assert math.isclose(n["e"].data, (a + b) * (b + 1), rel_tol=1e-12, abs_tol=1e-12)
    assert math.isclose(n["a"].grad, b + 1, rel_tol=1e-12, abs_tol=1e-12)
    assert math.isclose(n["b"].grad, a + 2 * b + 1, rel_tol=1e-12, abs_tol=1e-12)


def test_local_derivatives_on_the_edges():
    n = ad.article_graph(2, 1)
    local = {(p.name, c.name): d for p, c, d in ad.edges(n["e"])}
    assert local == {("a", "c"): 1, ("b", "c"): 1, ("b", "d"): 1, ("c", "e"): 2, ("d", "e"): 3}


def test_sum_over_paths_b_to_e():
    n = ad.article_graph(2, 1)
    found = ad.path_products(n["b"], n["e"])
    names = sorted(("".join(p.name for p, _, _ in path) + "e", prod) for path, prod in found)
    assert names == [("bce", 2.0), ("bde", 3.0)]
    assert sum(prod for _, prod in found) == n["b"].grad == 5.0
    assert ad.count_paths(n["a"], n["e"]) == 1 and ad.count_paths(n["b"], n["e"]) == 2
    assert ad.count_paths(n["a"], n["d"]) == 0     # a does not reach d


# -- random expressions: four ways to the same derivatives -----------------------------------
OPS = {
    "add": lambda u, v: u + v,
    "sub": lambda u, v: u - v,
    "mul": lambda u, v: u * v,
    "div": lambda u, v: u / (v * v + 1.0),
    "rdiv": lambda u, v: 1.0 / (1.0 + u * u),
    "const": lambda u, v: 2.5 - u * 0.5 + 3.0 * v,
    "neg": lambda u, v: -u,
    "tanh": lambda u, v: u.tanh(),
    "sigmoid": lambda u, v: u.sigmoid(),
    "exp": lambda u, v: u.tanh().exp(),
    "log": lambda u, v: (u * u + 1.0).log(),
    "pow": lambda u, v: u ** 3,
}
programs = st.lists(st.tuples(st.sampled_from(sorted(OPS)), st.integers(0, 99),
                              st.integers(0, 99)), min_size=1, max_size=10)
points = st.lists(st.floats(-2, 2), min_size=3, max_size=3)


def run(program, inputs):
    """Apply the program's operations in turn, each to two earlier nodes; return the last."""
    nodes = list(inputs)
    for op, i, j in program:
        nodes.append(OPS[op](nodes[i % len(nodes)], nodes[j % len(nodes)]))
    return nodes[-1]


def torch_grad(program, xs):
    x = torch.tensor(xs, dtype=torch.float64, requires_grad=True)
    y = run(program, list(x))
    g = torch.autograd.grad(y, x, allow_unused=True)[0] if y.requires_grad else None
    return float(y.detach()), (np.zeros(len(xs)) if g is None else g.numpy())


def finite_differences(program, xs, h=1e-6):
    f = lambda v: run(program, [ad.Value(t) for t in v]).data
    grad = []
    for i in range(len(xs)):
        up, down = list(xs), list(xs)
        up[i] += h
        down[i] -= h
        grad.append((f(up) - f(down)) / (2 * h))
    return np.array(grad)


@settings(max_examples=150, deadline=None)
@given(programs, points)
def test_forward_reverse_torch_and_finite_differences_agree(program, xs):
    f = lambda v: run(program, v)
    try:
        y_f, J_f = ad.forward_mode(f, xs)
        y_r, J_r = ad.reverse_mode(f, xs)
    except (OverflowError, ZeroDivisionError):
        assume(False)
    assume(np.all(np.isfinite(J_r)) and abs(y_r[0]) < 1e3 and np.abs(J_r).max() < 1e4)
    y_t, g_t = torch_grad(program, xs)
    assert J_f.shape == J_r.shape == (1, 3)
    np.testing.assert_allclose(y_f, y_r, rtol=1e-12)
    np.testing.assert_allclose(y_r[0], y_t, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(J_f[0], J_r[0], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(J_r[0], g_t, rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(J_r[0], finite_differences(program, xs), rtol=1e-4,
                               atol=1e-5 * (1 + np.abs(J_r).max()))


def test_relu_matches_torch_away_from_the_kink():
    f = lambda v: (v[0] * v[1] - 0.3).relu() + (v[1] - 2.0).relu()
    for xs in ([1.0, 2.0], [-1.0, 0.5], [0.7, 3.0]):
        _, J = ad.reverse_mode(f, xs)
        x = torch.tensor(xs, dtype=torch.float64, requires_grad=True)
        (g,) = torch.autograd.grad(f(list(x)), x)
        np.testing.assert_allclose(J[0], g.numpy())
        np.testing.assert_allclose(ad.forward_mode(f, xs)[1], J)


def test_jacobian_of_several_outputs_against_torch():
    f = lambda v: [v[0] * v[1], (v[0] - v[1]).tanh(), v[1].sigmoid() / 2.0]
    xs = [0.3, -1.2]
    _, J_f = ad.forward_mode(f, xs)
    _, J_r = ad.reverse_mode(f, xs)
    J_t = torch.autograd.functional.jacobian(
        lambda x: torch.stack(f(list(x))), torch.tensor(xs, dtype=torch.float64)).numpy()
    np.testing.assert_allclose(J_f, J_t, rtol=1e-12)
    np.testing.assert_allclose(J_r, J_t, rtol=1e-12)


def test_a_node_used_twice_gets_both_contributions():
    x = ad.Value(3.0)
    y = x * x
    y.backward()
    assert x.grad == 6.0 and ad.count_paths(x, y) == 2


def test_deep_graph_needs_no_recursion():
    x = ad.Value(1.0)
    y = x
    for _ in range(5000):
        y = y * 1.0001
    y.backward()
    assert math.isclose(x.grad, 1.0001 ** 5000, rel_tol=1e-9)


# -- the backward pass shown step by step, and forward mode on the same graph ----------------------
def test_backward_trace_is_the_sum_over_paths():
    g = ad.article_graph(2, 1)
    trace = []
    g["e"].backward(trace=trace)
    steps = [(c.name, p.name, local, cg, after) for c, p, local, cg, after in trace]
    # reversed topological order e, d, c: b gets 1·3 through d, then 1·2 through c
    assert steps == [("e", "c", 2.0, 1.0, 2.0), ("e", "d", 3.0, 1.0, 3.0),
                     ("d", "b", 1.0, 3.0, 3.0), ("c", "a", 1.0, 2.0, 2.0),
                     ("c", "b", 1.0, 2.0, 5.0)]
    assert len(trace) == len(ad.edges(g["e"]))


def test_backward_resets_an_earlier_pass():
    g = ad.article_graph(2, 1)
    g["e"].backward()
    g["e"].backward()
    assert (g["a"].grad, g["b"].grad) == (2.0, 5.0)


@settings(max_examples=60, deadline=None)
@given(programs, points)
def test_forward_trace_equals_dual_numbers(program, xs):
    inputs = [ad.Value(t) for t in xs]
    try:
        out = run(program, inputs)
        _, J = ad.forward_mode(lambda v: run(program, v), xs)
    except (OverflowError, ZeroDivisionError):
        assume(False)
    assume(isinstance(out, ad.Value) and np.all(np.isfinite(J)))
    for i, x in enumerate(inputs):
        steps = ad.forward_trace(out, seed=x)
        assert steps[-1][0] is out
        assert math.isclose(steps[-1][2], J[0, i], rel_tol=1e-12, abs_tol=1e-12) or \
            (x not in out.topological_order() and J[0, i] == 0)


def test_forward_trace_on_the_article_graph():
    g = ad.article_graph(2, 1)
    tangents = {v.name: dot for v, _, dot in ad.forward_trace(g["e"], seed=g["b"])}
    duals = ad.article_steps(ad.Dual(2, 0), ad.Dual(1, 1))
    assert tangents == {k: d.dot for k, d in duals.items()} == {"a": 0, "b": 1, "c": 1, "d": 1,
                                                                 "e": 5}


# -- memory: the tape, counted by hand --------------------------------------------------------------
@pytest.mark.parametrize("n", [2, 3, 10, 50])
def test_memory_of_a_chain_of_diamonds(n):
    # reverse: x0 and three nodes per diamond, all kept: 3n + 1 nodes; numbers: x0 holds 2,
    # p and q 3 each (value, grad, one local), x 4 (two locals): 10n + 2.
    # forward: the input, the current x, its p and q, the next x: 5 Duals of 2 numbers.
    mem = ad.mode_memory(lambda v: ad.diamonds(v[0], n), [1.0])
    assert (mem["reverse"].peak, mem["reverse"].peak_numbers) == (3 * n + 1, 10 * n + 2)
    assert (mem["forward"].peak, mem["forward"].peak_numbers) == (5, 10)
    assert mem["forward"].alive == mem["reverse"].alive == 0      # everything freed after


@pytest.mark.parametrize("n", [2, 10, 100])
def test_memory_of_a_neuron_cost(n):
    # reverse: n inputs (2 numbers), n products (3: x_i is a constant), n − 1 sums (4), the
    # − and the square (3 each): 3n + 1 nodes, 9n + 2 numbers. forward: the n inputs and the
    # running sum, the product being added, the new sum: n + 3 Duals.
    x = np.linspace(-1, 1, n)
    mem = ad.mode_memory(lambda w: ad.linear_loss(w, x), np.zeros(n))
    assert (mem["reverse"].peak, mem["reverse"].peak_numbers) == (3 * n + 1, 9 * n + 2)
    assert (mem["forward"].peak, mem["forward"].peak_numbers) == (n + 3, 2 * (n + 3))


def test_memory_of_the_network_graph_is_the_whole_graph():
    net = Network([3, 4, 2], seed=6)
    X, Y = np.random.default_rng(6).random((3, 2)), np.array([[1.0, 0.0], [0.0, 1.0]])
    mem = ad.mode_memory(lambda p: ad.network_cost(net, X, Y, p)[0], ad.network_parameters(net))
    assert mem["reverse"].peak == ad.network_backprop(net, X, Y)["n_nodes"] == 131
    assert 26 < mem["forward"].peak < 131 // 2


def test_track_memory_nests_and_sees_frees():
    with ad.track_memory() as outer:
        keep = ad.Value(1.0) * 2.0             # two Values (the constant is not a node);
        #                                        keep holds its parent, so both stay alive
        with ad.track_memory() as inner:
            ad.Dual(1.0) + 1.0                 # two Duals, both freed at once
        assert (inner.peak, inner.alive) == (2, 0)
    assert (outer.peak, outer.alive) == (2, 2) and keep.data == 2.0
    del keep                                   # the product, then its parent, are freed
    assert outer.alive == 0


def test_mode_bytes_reverse_keeps_more():
    b = ad.mode_bytes(lambda v: ad.diamonds(v[0], 200), [1.0])
    assert b["reverse"] > 10 * b["forward"] > 0


def test_network_cost_with_duals_is_forward_mode_on_the_network():
    net = Network([2, 3, 2], activation="tanh", cost="half_squared_error", seed=1)
    X, Y = np.array([[0.3, -0.2], [0.8, 0.5]]), np.array([[1.0, 0.0], [0.0, 1.0]])
    params = ad.network_parameters(net)
    _, J = ad.forward_mode(lambda p: ad.network_cost(net, X, Y, p)[0], params)
    g = net.backprop(X, Y)
    flat = np.concatenate([np.concatenate([g.grad_W[l].ravel(), g.grad_b[l][:, 0]])
                           for l in (1, 2)])
    np.testing.assert_allclose(J[0], flat, rtol=1e-10, atol=1e-14)


# -- operation counts, worked out by hand ------------------------------------------------------
@pytest.mark.parametrize("n", [1, 2, 5, 37])
def test_many_inputs_one_output_counts(n):
    # C = (Σ w_i x_i − y)²: n products, n − 1 sums, one −, one square → 2n + 1 values;
    # edges: 1 per product (x_i is a constant), 2 per sum, 1 for −, 1 for the square → 3n.
    x = np.linspace(0.1, 1.0, n)
    f = lambda w: ad.linear_loss(w, x)
    with ad.count_ops() as fwd:
        _, J_f = ad.forward_mode(f, np.zeros(n))
    with ad.count_ops() as rev:
        _, J_r = ad.reverse_mode(f, np.zeros(n))
    assert (rev.values, rev.derivatives) == (2 * n + 1, 3 * n)
    assert (fwd.values, fwd.derivatives) == (n * (2 * n + 1), n * 3 * n)
    np.testing.assert_allclose(J_f, J_r)
    np.testing.assert_allclose(J_r[0], 2 * (0 - 1.0) * x)     # ∂C/∂w = 2(z − y)·x at w = 0


def test_mode_costs_one_pass_times_n_is_every_pass():
    x = np.linspace(-1, 1, 12)
    f = lambda w: ad.linear_loss(w, x)
    full = ad.mode_costs(f, np.zeros(12))
    short = ad.mode_costs(f, np.zeros(12), run_every_pass=False)
    assert (full["forward"].values, full["forward"].derivatives) == (
        short["forward"].values, short["forward"].derivatives) == (12 * 25, 12 * 36)
    assert full["reverse"].total == short["reverse"].total == 5 * 12 + 1
    np.testing.assert_allclose(full["J_forward"], full["J_reverse"])
    np.testing.assert_allclose(short["J_forward"][:, 0], full["J_reverse"][:, 0])
    _, J = ad.forward_mode(f, np.zeros(12), passes=[3])
    assert J.shape == (1, 1) and J[0, 0] == -2 * x[3]


@pytest.mark.parametrize("m", [1, 2, 7, 30])
def test_one_input_many_outputs_counts(m):
    # t, t², …, t^m: m − 1 products, each with two edges to Dual/Value operands. Forward mode
    # uses each edge once; reverse mode walks the k − 1 products below t^k, once per output.
    f = lambda v: ad.powers(v[0], m)
    with ad.count_ops() as fwd:
        y_f, J_f = ad.forward_mode(f, [1.1])
    with ad.count_ops() as rev:
        y_r, J_r = ad.reverse_mode(f, [1.1])
    assert (fwd.values, fwd.derivatives) == (m - 1, 2 * (m - 1))
    assert (rev.values, rev.derivatives) == (m - 1, m * (m - 1))
    k = np.arange(1, m + 1)
    np.testing.assert_allclose(y_r, 1.1 ** k)
    np.testing.assert_allclose(J_f[:, 0], k * 1.1 ** (k - 1), rtol=1e-12)
    np.testing.assert_allclose(J_r, J_f, rtol=1e-12)


@pytest.mark.parametrize("n", [0, 1, 3, 8])
def test_chain_of_diamonds(n):
    x0, xn = ad.chain_of_diamonds(n, alpha=0.5, beta=0.7)
    assert ad.count_paths(x0, xn) == 2 ** n
    with ad.count_ops() as by_paths:
        found = ad.path_products(x0, xn)
    assert len(found) == 2 ** n and by_paths.derivatives == 2 ** n * 2 * n
    assert sorted(round(p, 12) for _, p in found) == sorted(
        round(0.5 ** j * 0.7 ** (n - j), 12) for j in range(n + 1)
        for _ in range(math.comb(n, j)))
    with ad.count_ops() as factored:
        xn.backward()
    assert factored.derivatives == 4 * n
    assert math.isclose(x0.grad, 1.2 ** n, rel_tol=1e-12)
    assert math.isclose(sum(p for _, p in found), x0.grad, rel_tol=1e-12)


def test_counts_nest_and_restore():
    with ad.count_ops() as outer:
        ad.Value(1.0) + 1.0
        with ad.count_ops() as inner:
            ad.Value(1.0) * 2.0
        ad.Value(1.0) - 1.0
    assert (outer.values, inner.values) == (2, 1)


# -- the scalar graph of a whole network equals the vectorized backward pass --------------------
@pytest.mark.parametrize("sizes, act, out, cost", [
    ([3, 4, 2], "sigmoid", None, "squared_error"),
    ([2, 3, 3, 2], "tanh", "sigmoid", "half_squared_error"),
    ([4, 3, 1], "relu", "identity", "sum_squared_error"),
])
def test_network_backprop_matches_network(sizes, act, out, cost):
    net = Network(sizes, activation=act, output_activation=out, cost=cost, seed=3)
    rng = np.random.default_rng(4)
    X = rng.random((sizes[0], 3))
    Y = rng.random((sizes[-1], 3))
    scalar = ad.network_backprop(net, X, Y)
    g = net.backprop(X, Y)
    assert math.isclose(scalar["cost"], g.cost, rel_tol=1e-12)
    for l in range(1, net.L + 1):
        np.testing.assert_allclose(scalar["grad_W"][l], g.grad_W[l], rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(scalar["grad_b"][l], g.grad_b[l], rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(scalar["delta"][l], g.delta[l], rtol=1e-10, atol=1e-14)


def test_network_backprop_matches_torch():
    net = Network([3, 4, 2], seed=0)
    X = np.array([[0.1, 0.9], [0.5, 0.2], [0.7, 0.3]])
    Y = np.array([[1.0, 0.0], [0.0, 1.0]])
    W = [torch.tensor(w, requires_grad=True) for w in net.W[1:]]
    b = [torch.tensor(v, requires_grad=True) for v in net.b[1:]]
    a = torch.tensor(X)
    for Wl, bl in zip(W, b):
        a = torch.sigmoid(Wl @ a + bl)
    C = ((a - torch.tensor(Y)) ** 2).sum() / 2     # squared_error: per-example sum, mean over m
    C.backward()
    scalar = ad.network_backprop(net, X, Y)
    for l in (1, 2):
        np.testing.assert_allclose(scalar["grad_W"][l], W[l - 1].grad.numpy(), rtol=1e-10)
        np.testing.assert_allclose(scalar["grad_b"][l], b[l - 1].grad.numpy(), rtol=1e-10)


# -- bad input: clear errors ---------------------------------------------------------------------
def test_errors_say_what_was_expected():
    with pytest.raises(TypeError, match="expected a number or another Value"):
        ad.Value(1.0) + "2"
    with pytest.raises(TypeError, match="Dual with a Value"):
        ad.Dual(1.0) * ad.Value(2.0)
    with pytest.raises(TypeError, match="exponent must be a plain number"):
        ad.Value(2.0) ** ad.Value(2.0)
    with pytest.raises(ValueError, match=r"shape \(n,\); got shape \(2, 2\)"):
        ad.forward_mode(lambda v: v[0], np.ones((2, 2)))
    with pytest.raises(TypeError, match="must return a Value"):
        ad.reverse_mode(lambda v: 3.0, [1.0])
    with pytest.raises(ValueError, match="whole number ≥ 0"):
        ad.chain_of_diamonds(-1)
    with pytest.raises(ValueError, match="same length"):
        ad.linear_loss([ad.Value(1.0)], [1.0, 2.0])
    net = Network([2, 2], output_activation="softmax", cost="cross_entropy")
    with pytest.raises(ValueError, match="elementwise activations"):
        ad.network_backprop(net, np.ones((2, 1)), np.array([0]))


# -- check yourself -----------------------------------------------------------------------------
def test_check_de_db():
    assert check_de_db(8).startswith("Right")             # a = 3, b = 2: d + c = 3 + 5
    assert check_de_db(5, a=2, b=1).startswith("Right")
    assert "alone" in check_de_db(3) and "through d" in check_de_db(3)
    assert "alone" in check_de_db(5) and "through c" in check_de_db(5)
    assert "added, not multiplied" in check_de_db(15)
    assert "number of paths" in check_de_db(2)
    assert check_de_db(None).startswith("No answer yet")
    assert "must be a number" in check_de_db("8")
    assert check_de_db(7.5).startswith("Not quite")


def test_check_path_count():
    assert check_path_count(1024).startswith("Right")
    assert "multiply" in check_path_count(20)
    assert "edges" in check_path_count(40)
    assert "off by one" in check_path_count(512)
    assert check_path_count(8, n=3).startswith("Right")
    assert "finite" in check_path_count(float("inf"))
