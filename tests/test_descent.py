"""Tests of mlp_core.descent and mlp_core.exercises.descent (notebook 03).

Expected values come from plain formulas written out here, finite differences, or PyTorch
autograd — never from the functions under test.
"""
import math
import warnings

import numpy as np
import pytest

import mlp_core as mc
from mlp_core import descent as D
from mlp_core.exercises.descent import check_gradient_step, gradient_step


# -- the one-parameter cost ---------------------------------------------------------------
def test_cost_1d_plain_values():
    assert D.cost_1d(0.0) == pytest.approx(1.5)
    assert D.cost_1d(2.0) == pytest.approx(16 / 4 - 4 + 0.6 + 1.5)
    assert D.cost_1d(-1.0) == pytest.approx(0.25 - 1 - 0.3 + 1.5)


@pytest.mark.parametrize("w", [-2.3, -1.0, 0.0, 0.4, 1.7])
def test_grad_1d_matches_central_difference(w):
    h = 1e-6
    numeric = (D.cost_1d(w + h) - D.cost_1d(w - h)) / (2 * h)
    assert D.grad_1d(w) == pytest.approx(numeric, rel=1e-7, abs=1e-8)


def test_grad_1d_matches_torch():
    torch = pytest.importorskip("torch", reason="PyTorch cross-check")
    w = torch.tensor([-2.0, -0.5, 0.3, 1.9], dtype=torch.float64, requires_grad=True)
    (w ** 4 / 4 - w ** 2 + 0.3 * w + 1.5).sum().backward()
    np.testing.assert_allclose(D.grad_1d(w.detach().numpy()), w.grad.numpy(), rtol=1e-12)


def test_cost_1d_has_a_local_and_a_lower_global_minimum():
    # Roots of w³ − 2w + 0.3 = 0 from numpy's polynomial solver.
    roots = np.sort(np.roots([1, 0, -2, 0.3]).real)
    left, hump, right = roots
    assert D.cost_1d(left) < D.cost_1d(right) < D.cost_1d(hump)
    assert right == pytest.approx(1.3322, abs=1e-3)


# -- descend ------------------------------------------------------------------------------
def test_descend_first_steps_by_hand():
    w, eta, expected = 2.0, 0.1, [2.0]
    for _ in range(3):
        w = w - eta * (w ** 3 - 2 * w + 0.3)
        expected.append(w)
    p = D.descend(D.cost_1d, D.grad_1d, 2.0, 0.1, 3)
    np.testing.assert_allclose(p.w, expected, rtol=1e-14)
    np.testing.assert_allclose(p.cost, [e ** 4 / 4 - e ** 2 + 0.3 * e + 1.5 for e in expected])
    assert p.steps == 3 and not p.diverged


def test_descend_zero_steps_is_the_start():
    p = D.descend(D.cost_1d, D.grad_1d, 0.7, 0.1, 0)
    assert p.w.tolist() == [0.7] and p.steps == 0


def test_descend_on_a_diagonal_bowl_follows_the_closed_form():
    # For C = ½ Σ λ_i (w_i − w*_i)², each coordinate contracts by (1 − η λ_i) per step.
    lam, w_star, w0 = np.array([1.0, 10.0]), np.array([1.0, -0.5]), np.array([3.0, 2.0])
    eta, k = 0.15, 12
    bowl = D.Quadratic2D(np.diag(lam), w_star)
    p = D.descend(bowl.f, bowl.grad, w0, eta, k)
    np.testing.assert_allclose(p.w[-1], w_star + (1 - eta * lam) ** k * (w0 - w_star), rtol=1e-12)
    assert p.w.shape == (k + 1, 2)


def test_descend_diverges_beyond_two_over_the_curvature_without_nan():
    bowl = D.Quadratic2D(np.diag([1.0, 10.0]), (0.0, 0.0))
    ok = D.descend(bowl.f, bowl.grad, np.array([1.0, 1.0]), 0.19, 400)
    bad = D.descend(bowl.f, bowl.grad, np.array([1.0, 1.0]), 0.21, 400)
    assert not ok.diverged and np.abs(ok.w[-1]).max() < 1e-6
    assert bad.diverged and bad.steps < 400
    assert np.all(np.isfinite(bad.w)) and np.all(np.isfinite(bad.cost))


@pytest.mark.parametrize("eta", [1.0, 10.0, 1e6, 1e200, 1e308])
def test_descend_with_a_huge_eta_never_warns_or_returns_nan(eta):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = D.descend(D.cost_1d, D.grad_1d, 2.0, eta, 50)
        text = D.describe_descent_1d(eta, 50)
    assert p.diverged and np.all(np.isfinite(p.w))
    assert text.startswith("diverged") and "nan" not in text.lower()
    assert "too large" in text


def test_describe_overflow_and_out_of_bounds():
    # η = 1: 2 → −2.3 → 4.967 → −107.94 (the third step leaves |w| ≤ 100).
    w = 2.0
    for _ in range(3):
        w = w - (w ** 3 - 2 * w + 0.3)
    assert D.describe_descent_1d(1.0, 10).startswith(f"diverged at step 3: w = {w:.4g},")
    # η = 1e308: the first step overflows, and the text says so instead of printing inf.
    assert D.describe_descent_1d(1e308, 10).startswith("diverged at step 1: w overflowed")


def test_describe_converging_text_uses_the_hand_computed_position():
    w = 2.0
    for _ in range(10):
        w = w - 0.1 * (w ** 3 - 2 * w + 0.3)
    text = D.describe_descent_1d(0.1, 10)
    c = w ** 4 / 4 - w ** 2 + 0.3 * w + 1.5
    assert text == (f"after 10 steps with η = 0.1: w = {w:.5g}, C(w) = {c:.5g} "
                    f"(slope {w ** 3 - 2 * w + 0.3:.5g})")
    assert D.describe_descent_1d(0.1, 1).startswith("after 1 step with")


@pytest.mark.parametrize("eta, steps", [(0.0, 3), (-1.0, 3), (float("nan"), 3), (0.1, -1),
                                        (0.1, 2.5), (0.1, True)])
def test_descend_refuses_bad_arguments(eta, steps):
    with pytest.raises(ValueError):
        D.descend(D.cost_1d, D.grad_1d, 1.0, eta, steps)


# -- the bowl -----------------------------------------------------------------------------
def test_quadratic2d_gradient_matches_finite_differences_and_grid_orientation():
    bowl = D.Quadratic2D()
    w, h = np.array([-0.7, 1.3]), 1e-6
    numeric = [(bowl.f(w + h * e) - bowl.f(w - h * e)) / (2 * h) for e in np.eye(2)]
    np.testing.assert_allclose(bowl.grad(w), numeric, rtol=1e-7)
    assert bowl.f(bowl.w_star) == pytest.approx(0.0)
    np.testing.assert_allclose(np.linalg.eigvalsh(bowl.A), [1.0, 10.0], atol=0.01)
    w1, w2 = np.array([0.0, 1.0, 2.0]), np.array([-1.0, 0.5])
    C = bowl.grid(w1, w2)
    assert C.shape == (2, 3)
    assert C[1, 2] == pytest.approx(bowl.f(np.array([2.0, 0.5])))  # row = w2, column = w1
    pts = np.array([[0.0, 2.0], [-1.0, 0.5]])                         # two points as columns
    np.testing.assert_allclose(bowl.f(pts), [bowl.f(pts[:, 0]), bowl.f(pts[:, 1])])


@pytest.mark.parametrize("A, w_star", [(np.eye(3), (0, 0)), (((1, 2), (0, 1)), (0, 0)),
                                       (((1, 0), (0, -1)), (0, 0)), (np.eye(2), (0, 0, 0))])
def test_quadratic2d_refuses_what_is_not_a_bowl(A, w_star):
    with pytest.raises(ValueError):
        D.Quadratic2D(A, w_star)


def test_quadratic2d_names_the_shape_of_bad_points():
    with pytest.raises(ValueError, match=r"\(2,\) or \(2, n\); got \(3,\)"):
        D.Quadratic2D().f(np.zeros(3))


# -- sensitivities on a network -----------------------------------------------------------
@pytest.fixture
def small_problem():
    rng = np.random.default_rng(3)
    net = mc.Network([5, 4, 3], cost="squared_error", seed=1)
    X = rng.random((5, 7))
    X[2] = 0.0                     # an always-dark input: its weights have zero gradient
    y = rng.integers(0, 3, size=7)
    return net, X, y


def test_rank_sensitivities_is_a_sorted_complete_list_matching_torch(small_problem):
    torch = pytest.importorskip("torch", reason="PyTorch cross-check")
    net, X, y = small_problem
    ranked = D.rank_sensitivities(net.backprop(X, y))
    assert len(ranked) == net.n_params == 5 * 4 + 4 + 4 * 3 + 3
    assert len({s.param for s in ranked}) == len(ranked)
    mags = [abs(s.grad) for s in ranked]
    assert mags == sorted(mags, reverse=True)
    # Independent gradients: PyTorch autograd of 3Blue1Brown's cost.
    Ws = [torch.tensor(net.W[l], requires_grad=True) for l in (1, 2)]
    bs = [torch.tensor(net.b[l], requires_grad=True) for l in (1, 2)]
    a = torch.tensor(X)
    for W, b in zip(Ws, bs):
        a = torch.sigmoid(W @ a + b)
    Y = torch.tensor(mc.one_hot(y, 3))
    (((a - Y) ** 2).sum() / X.shape[1]).backward()
    for s in ranked:
        kind, l, j, k = s.param
        expected = (Ws[l - 1].grad[j, k] if kind == "W" else bs[l - 1].grad[j, 0]).item()
        assert s.grad == pytest.approx(expected, rel=1e-9, abs=1e-14)
    zero = [s for s in ranked if s.grad == 0]
    assert {s.param for s in zero} == {("W", 1, j, 2) for j in range(4)}
    assert ranked[-1].name.startswith("W[1][") and ranked[-1].name.endswith(", 2]")


def test_sensitivity_names():
    assert D.Sensitivity(("W", 2, 3, 7), 0.1).name == "W[2][3, 7]"
    assert D.Sensitivity(("b", 3, 5, None), 0.1).name == "b[3][5]"


def test_nudge_changes_cost_by_gradient_times_h_and_restores(small_problem):
    net, X, y = small_problem
    before = [W.copy() for W in net.W[1:]] + [b.copy() for b in net.b[1:]]
    ranked = D.rank_sensitivities(net.backprop(X, y))
    for s in (ranked[0], ranked[5], ranked[20]):
        h = 1e-5
        # Independently: a copy with the parameter moved, its cost minus the original's.
        moved = net.copy()
        kind, l, j, k = s.param
        moved.set_param(kind, l, j, k, value=net.get_param(kind, l, j, k) + h)
        expected = moved.cost(X, y) - net.cost(X, y)
        assert D.nudge(net, X, y, s.param, h) == pytest.approx(expected, rel=1e-12, abs=1e-18)
        assert D.nudge(net, X, y, s.param, h) == pytest.approx(s.grad * h, rel=1e-3)
    after = [W for W in net.W[1:]] + [b for b in net.b[1:]]
    for a, b in zip(before, after):
        np.testing.assert_array_equal(a, b)


def test_ratio_of_nudges_equals_ratio_of_gradients(small_problem):
    net, X, y = small_problem
    ranked = D.rank_sensitivities(net.backprop(X, y))
    big, small = ranked[0], ranked[15]
    h = 1e-4
    ratio = D.nudge(net, X, y, big.param, h) / D.nudge(net, X, y, small.param, h)
    assert ratio == pytest.approx(big.grad / small.grad, rel=1e-2)


# -- the careful walker and the drunk man -------------------------------------------------
def _toy_images():
    rng = np.random.default_rng(5)
    labels = np.array([0, 1, 2, 0, 1, 1, 0, 7, 0, 1, 0, 1])
    X = rng.random((784, labels.size)) * np.where(labels == 0, 0.4, 0.2)
    return X, labels


def test_zero_or_one_standardizes_ink_and_marks_zeros():
    X, labels = _toy_images()
    x, y = D.zero_or_one(X, labels)
    keep = (labels == 0) | (labels == 1)
    ink = X[:, keep].mean(axis=0)
    np.testing.assert_allclose(x[0], (ink - ink.mean()) / ink.std())
    np.testing.assert_array_equal(y[0], (labels[keep] == 0).astype(float))
    assert x.shape == y.shape == (1, keep.sum())
    with pytest.raises(ValueError, match="no images of 0s or 1s"):
        D.zero_or_one(X, np.full(labels.size, 5))
    with pytest.raises(ValueError, match=r"shape \(784, m\)"):
        D.ink_feature(np.zeros(784))


def test_neuron_cost_grid_matches_the_plain_formula():
    X, labels = _toy_images()
    x, y = D.zero_or_one(X, labels)
    w, b = np.array([-1.0, 0.5, 3.0]), np.array([-2.0, 1.0])
    C = D.neuron_cost_grid(x, y, w, b)
    assert C.shape == (2, 3)
    for i, bi in enumerate(b):
        for j, wj in enumerate(w):
            a = [1 / (1 + math.exp(-(wj * xi + bi))) for xi in x[0]]
            assert C[i, j] == pytest.approx(np.mean([(ai - yi) ** 2 for ai, yi in zip(a, y[0])]))
    assert D.neuron(0.5, 1.0).cost(x, y) == pytest.approx(C[1, 1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.all(np.isfinite(D.neuron_cost_grid(x, y, np.array([-1e4, 1e4]), b)))


def _hand_descent(x, y, w, b, eta, steps, batches):
    """Gradient descent on (1/m) Σ (σ(wx+b) − y)² with the derivative written out."""
    path = [(w, b)]
    for t in range(steps):
        cols = batches(t)
        xb, yb = x[0, cols], y[0, cols]
        a = 1 / (1 + np.exp(-(w * xb + b)))
        common = 2 * (a - yb) * a * (1 - a) / len(cols)
        w, b = w - eta * np.sum(common * xb), b - eta * np.sum(common)
        path.append((w, b))
    return np.array(path)


def test_full_batch_neuron_path_matches_hand_written_descent():
    X, labels = _toy_images()
    x, y = D.zero_or_one(X, labels)
    n = x.shape[1]
    p = D.neuron_path(x, y, -1.0, 2.0, 2.0, 15)
    expected = _hand_descent(x, y, -1.0, 2.0, 2.0, 15, lambda t: np.arange(n))
    np.testing.assert_allclose(p.w, expected, rtol=1e-10)
    np.testing.assert_allclose(D.neuron_path(x, y, -1.0, 2.0, 2.0, 15, batch_size=n).w, expected,
                               rtol=1e-10)
    a = 1 / (1 + np.exp(-(expected[-1, 0] * x[0] + expected[-1, 1])))
    assert p.cost[-1] == pytest.approx(np.mean((a - y[0]) ** 2))
    assert p.cost[-1] < p.cost[0]


def test_minibatch_neuron_path_shuffles_each_epoch_like_train():
    X, labels = _toy_images()
    x, y = D.zero_or_one(X, labels)
    n, m, steps = x.shape[1], 3, 11
    rng = np.random.default_rng(4)
    perms = [rng.permutation(n) for _ in range(math.ceil(steps * m / n) + 1)]
    per_epoch = math.ceil(n / m)        # 10 images in minibatches of 3: 3, 3, 3 and 1
    batches = lambda t: perms[t // per_epoch][(t % per_epoch) * m:(t % per_epoch) * m + m]
    expected = _hand_descent(x, y, 0.5, -1.0, 1.5, steps, batches)
    p = D.neuron_path(x, y, 0.5, -1.0, 1.5, steps, batch_size=m, seed=4)
    np.testing.assert_allclose(p.w, expected, rtol=1e-10)
    assert not np.allclose(p.w, D.neuron_path(x, y, 0.5, -1.0, 1.5, steps, batch_size=m, seed=5).w)
    with pytest.raises(ValueError, match="batch_size must be 1"):
        D.neuron_path(x, y, 0.0, 0.0, 1.0, 3, batch_size=n + 1)


def test_time_per_step_is_positive_and_leaves_the_network_alone(small_problem):
    net, X, y = small_problem
    W1 = net.W[1].copy()
    t = D.time_per_step(net, X, y, batch_size=4, repeats=3)
    assert 0 < t < 1
    np.testing.assert_array_equal(net.W[1], W1)


def test_time_per_step_without_repeats_tries_until_min_time(small_problem):
    net, X, y = small_problem
    t = D.time_per_step(net, X, y, batch_size=4, min_time=0.05)
    assert 0 < t < 0.05


def test_multiply_adds_counted_from_the_matrix_shapes():
    # [3, 2, 1], one example: forward W[1] a (2×3 = 6) and W[2] a (1×2 = 2); the gradients
    # δ aᵀ the same 6 + 2; W[2]ᵀ δ[2] 2 more (none for the inputs): 18
    assert D.multiply_adds_per_step([3, 2, 1], 1) == 18
    # 784-16-16-10: forward 12,544 + 256 + 160 = 12,960, gradients 12,960, W[l]ᵀδ 416
    assert D.multiply_adds_per_step([784, 16, 16, 10], 1) == 12960 + 12960 + 416
    assert D.multiply_adds_per_step([784, 16, 16, 10], 4000) == 4000 * 26336
    with pytest.raises(ValueError, match="batch_size"):
        D.multiply_adds_per_step([3, 2], 0)
    with pytest.raises(ValueError, match="sizes"):
        D.multiply_adds_per_step([3], 5)


# -- check yourself -----------------------------------------------------------------------
W, G, ETA = [0.5, -1.2], [0.8, -0.3], 0.1


def test_gradient_step_by_hand():
    np.testing.assert_allclose(gradient_step(W, G, ETA), [0.5 - 0.08, -1.2 + 0.03])


def test_checker_accepts_the_right_answer():
    assert check_gradient_step([0.42, -1.17], W, G, ETA).startswith("Right")
    assert check_gradient_step(np.array([0.42, -1.17]), W, G, ETA).startswith("Right")
    assert check_gradient_step(2.0 - 0.5 * 3.0, 2.0, 3.0, 0.5).startswith("Right")


@pytest.mark.parametrize("answer, phrase", [
    ([0.58, -1.23], "uphill"),
    ([-0.3, -0.9], "forgot the learning rate"),
    ([1.3, -1.5], "Two slips"),
    ([0.5 - 8.0, -1.2 + 3.0], "divided by η"),
    ([-0.08, 0.03], "add it to w"),
    ([0.08, -0.03], "wrong sign"),
    ([0.4, -1.3], "subtracted η alone"),
    ([0.42, -1.5], "index [1]"),
    ([0.0, 0.0], "Not quite: compute"),
])
def test_checker_names_the_slip(answer, phrase):
    message = check_gradient_step(answer, W, G, ETA)
    assert not message.startswith("Right")
    assert phrase in message


@pytest.mark.parametrize("answer, phrase", [(None, "No answer yet"), (..., "No answer yet"),
                                            ([1.0], "shape (1,)"), ("abc", "must be a number"),
                                            ([float("nan"), 0.0], "inf or NaN")])
def test_checker_handles_unusable_answers(answer, phrase):
    assert phrase in check_gradient_step(answer, W, G, ETA)


def test_checker_refuses_mismatched_w_and_grad():
    with pytest.raises(ValueError, match="same shape"):
        check_gradient_step([0.0, 0.0], [1.0, 2.0], [1.0], 0.1)
