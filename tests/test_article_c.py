"""Article C's numpy network: gradients against central differences and PyTorch autograd,
the article's grad_w2 bug detected, and the higher-order aside's [6, 6]."""
import numpy as np
import pytest

from mlp_core import two_layer_numpy as tl
from mlp_core.gradcheck import numerical_gradient_fn, relative_error

torch = pytest.importorskip("torch", reason="PyTorch cross-checks need torch (test-only)")


def torch_grads(p):
    w1 = torch.tensor(p.w1, requires_grad=True)
    w2 = torch.tensor(p.w2, requires_grad=True)
    y_pred = w2 @ torch.sigmoid(w1 @ torch.tensor(p.x))
    loss = ((y_pred - torch.tensor(p.y)) ** 2).sum()
    loss.backward()
    return w1.grad.numpy(), w2.grad.numpy(), loss.item()


def test_full_size_gradients_match_autograd():
    p = tl.make_problem(seed=0)
    g1, g2, loss = tl.gradients(*p)
    t1, t2, t_loss = torch_grads(p)
    assert loss == pytest.approx(t_loss, rel=1e-12)
    np.testing.assert_allclose(g1, t1, rtol=1e-8, atol=1e-8)
    np.testing.assert_allclose(g2, t2, rtol=1e-8, atol=1e-8)
    assert g1.shape == p.w1.shape == (100, 1000) and g2.shape == p.w2.shape == (10, 100)


def test_small_copy_gradient_check_flags_only_the_bug():
    p = tl.make_problem(n_in=12, n_hidden=6, n_out=3, batch=5, seed=2)
    x, y, w1, w2 = p
    num_w1 = numerical_gradient_fn(lambda w: tl.loss(x, y, w, w2), w1.copy())
    num_w2 = numerical_gradient_fn(lambda w: tl.loss(x, y, w1, w), w2.copy())
    g1, g2, _ = tl.gradients(*p)
    b1, b2, _ = tl.gradients(*p, buggy=True)
    assert relative_error(g1, num_w1) < 1e-7 and relative_error(g2, num_w2) < 1e-7
    assert relative_error(b1, num_w1) < 1e-7          # the article's grad_w1 is right
    assert relative_error(b2, num_w2) > 1e-2           # its grad_w2 is flagged "wrong"


def test_training_lowers_the_loss_and_records_it():
    p = tl.make_problem(n_hidden=5, seed=0)
    r = tl.train(*p, learning_rate=1e-5, iterations=50)
    assert r.losses[0] == pytest.approx(tl.loss(*p), rel=1e-12)
    assert r.losses[-1] < r.losses[0]
    assert np.array_equal(p.w1, tl.make_problem(n_hidden=5, seed=0).w1)   # inputs untouched


def test_buggy_version_stalls_where_the_network_cannot_fit():
    """With 5 hidden neurons the data cannot be fitted exactly: the buggy update stops at a
    point that is not a minimum (the true gradient there is far from 0)."""
    p = tl.make_problem(n_hidden=5, seed=0)
    good = tl.train(*p, learning_rate=1e-4, iterations=3000)
    bad = tl.train(*p, learning_rate=1e-4, iterations=3000, buggy=True)
    assert good.losses[-1] < bad.losses[-1]
    g_good = np.linalg.norm(tl.gradients(p.x, p.y, good.w1, good.w2)[1])
    g_bad = np.linalg.norm(tl.gradients(p.x, p.y, bad.w1, bad.w2)[1])
    assert g_bad > 10 * g_good


def test_shape_table_matches_arrays():
    p = tl.make_problem(seed=0)
    rows = {r[0]: r[1] for r in tl.shape_table(p.x, p.w1, p.w2)}
    g1, g2, _ = tl.gradients(*p)
    f = tl.forward(p.x, p.w1, p.w2)
    assert rows["grad_w1"] == str(g1.shape) and rows["grad_w2"] == str(g2.shape)
    assert rows["h, h_σ"] == str(f.h.shape) and rows["y_pred, y"] == str(f.y_pred.shape)


def test_bad_shapes_are_named():
    p = tl.make_problem(n_in=4, n_hidden=3, n_out=2, batch=5)
    with pytest.raises(ValueError, match=r"w1 must have shape \(n_hidden, 4\)"):
        tl.forward(p.x, p.w1.T, p.w2)
    with pytest.raises(ValueError, match=r"y must have shape \(2, 5\)"):
        tl.gradients(p.x, p.y.T, p.w1, p.w2)
    with pytest.raises(ValueError, match="iterations"):
        tl.train(*p, iterations=0)


def test_higher_order_aside_is_6_6():
    loss, grad = tl.higher_order_example([5.0, 7.0])
    # PyTorch, as in the article: keep the first gradients in the graph, then differentiate.
    x = torch.tensor([5.0, 7.0], dtype=torch.float64, requires_grad=True)
    y = x ** 2
    loss1 = y.mean()
    h1, = torch.autograd.grad(y[0], x, create_graph=True)
    h2, = torch.autograd.grad(y[1], x, create_graph=True)
    loss2 = (h1 - h2).mean()
    (loss1 + loss2).backward()
    np.testing.assert_allclose(x.grad.numpy(), [6.0, 6.0])
    np.testing.assert_allclose(grad, x.grad.numpy(), rtol=1e-12)
    assert loss == pytest.approx((loss1 + loss2).item())
    # and central differences of the total loss
    num = numerical_gradient_fn(lambda v: tl.higher_order_example(v)[0], np.array([5.0, 7.0]))
    np.testing.assert_allclose(num, [6.0, 6.0], rtol=1e-8)


def test_higher_order_by_differences():
    np.testing.assert_allclose(tl.higher_order_by_differences([5.0, 7.0]), [6.0, 6.0], rtol=1e-6)
    # elsewhere too: the gradient is x + (1, −1), by the hand derivation
    np.testing.assert_allclose(tl.higher_order_by_differences([-2.0, 0.5]), [-1.0, -0.5], atol=1e-6)


def test_control_steps_w2_along_the_true_gradient_with_the_buggy_length():
    p = tl.make_problem(n_in=7, n_hidden=4, n_out=3, batch=5, seed=3)
    lr = 1e-3
    r = tl.train(*p, learning_rate=lr, iterations=1, w2_step="true, article's length")
    g1, g2, _ = tl.gradients(*p)
    _, b2, _ = tl.gradients(*p, buggy=True)
    ratio = np.linalg.norm(b2) / np.linalg.norm(g2)
    assert r.length_ratio[0] == pytest.approx(ratio, rel=1e-12)
    np.testing.assert_allclose(r.w2, p.w2 - lr * ratio * g2, rtol=1e-12)
    np.testing.assert_allclose(r.w1, p.w1 - lr * g1, rtol=1e-12)     # w1 as always
    # the step has the buggy step's length, in the true direction
    assert np.linalg.norm(p.w2 - r.w2) == pytest.approx(lr * np.linalg.norm(b2), rel=1e-12)


def test_article_step_is_the_buggy_flag():
    p = tl.make_problem(n_in=7, n_hidden=4, n_out=3, batch=5, seed=3)
    a = tl.train(*p, learning_rate=1e-3, iterations=20, buggy=True)
    b = tl.train(*p, learning_rate=1e-3, iterations=20, w2_step="article")
    np.testing.assert_array_equal(a.losses, b.losses)
    with pytest.raises(ValueError, match="w2_step must be one of"):
        tl.train(*p, iterations=2, w2_step="longer")


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_the_true_direction_with_the_buggy_length_beats_the_bug(seed):
    """Notebook 05's control run, over several seeds of the article's problem: the true
    gradient's direction, stepped with the article's step lengths, is ahead of the article's
    own update (first 300 iterations; the notebook shows all 3000 for seed 0)."""
    p = tl.make_problem(seed=seed)
    bug = tl.train(*p, learning_rate=1e-5, iterations=300, buggy=True)
    ctrl = tl.train(*p, learning_rate=1e-5, iterations=300, w2_step="true, article's length")
    assert ctrl.losses[100] < bug.losses[100] and ctrl.losses[-1] < bug.losses[-1]
    # and the article's resting points need loss 0 here: h has full column rank (64)
    h = tl.forward(p.x, p.w1, p.w2).h
    assert np.linalg.matrix_rank(h) == p.x.shape[1]
