"""Notebook 05's coding exercises: backpropagation for a whole network (BP1–BP4) and article
C's two-layer network with grad_w2 corrected; and the prediction read off the chain widget.

Each wrong version is written out as a learner would write it (not taken from the checker's
slip table), so each test shows that the checker recognises a real mistake."""
import numpy as np
import pytest

from mlp_core.exercises.chain_rule import (backprop_cases, check_article_c_gradients,
                                           check_backprop, check_collapse_prediction,
                                           collapse_table)
from mlp_core.exercises.coding import solution_source
from mlp_core.gradcheck import numerical_gradient_fn


def sig(z):
    return 1.0 / (1.0 + np.exp(-z))


# -- backprop, as learners write it ---------------------------------------------------------
def make_backprop(slope=lambda z, a: a * (1 - a), grad_a=lambda a, Y, m: 2 * (a - Y) / m,
                  back=lambda W, d: W.T @ d, bias=lambda d: d.sum(axis=1, keepdims=True),
                  bp2_slope=True):
    def backprop(W, b, X, Y):
        L, m = len(W) - 1, X.shape[1]
        zs, acts = [None], [X]
        for l in range(1, L + 1):
            zs.append(W[l] @ acts[-1] + b[l])
            acts.append(sig(zs[-1]))
        gW, gb = [None] * (L + 1), [None] * (L + 1)
        d = grad_a(acts[L], Y, m) * slope(zs[L], acts[L])
        for l in range(L, 0, -1):
            gW[l] = d @ acts[l - 1].T
            gb[l] = bias(d)
            if l > 1:
                d = back(W[l], d) * (slope(zs[l - 1], acts[l - 1]) if bp2_slope else 1)
        return gW, gb
    return backprop


def right_loop(W, b, X, Y):
    # one example at a time, then the average: the per-example story of notebook 04
    L, m = len(W) - 1, X.shape[1]
    gW = [None] + [np.zeros_like(w) for w in W[1:]]
    gb = [None] + [np.zeros_like(v) for v in b[1:]]
    for i in range(m):
        a = [X[:, [i]]]
        for l in range(1, L + 1):
            a.append(sig(W[l] @ a[-1] + b[l]))
        d = 2 * (a[L] - Y[:, [i]]) * a[L] * (1 - a[L])
        for l in range(L, 0, -1):
            gW[l] += d @ a[l - 1].T / m
            gb[l] += d / m
            d = W[l].T @ d * a[l - 1] * (1 - a[l - 1])
    return gW, gb


SLIPS = [
    (make_backprop(slope=lambda z, a: a), "used σ(z) where σ'(z)"),
    (make_backprop(slope=lambda z, a: sig(a) * (1 - sig(a))), "took σ' at a instead of at z"),
    (make_backprop(grad_a=lambda a, Y, m: 2 * (a - Y)), "summed over the batch instead of averaging"),
    (make_backprop(grad_a=lambda a, Y, m: 2 * (Y - a) / m), "flipped the sign of BP1"),
    (make_backprop(grad_a=lambda a, Y, m: (a - Y) / m), "dropped the factor 2"),
    (make_backprop(bias=lambda d: d.mean(axis=1, keepdims=True)), "averaged δ over the batch in BP3"),
    (make_backprop(bp2_slope=False), "left σ'(z[l]) out of BP2"),
]


def test_right_answers_are_right():
    for fn in (make_backprop(), right_loop):
        fb = check_backprop(fn)
        assert fb.ok and fb.text.startswith("Right"), fb.text
        assert "central differences" in fb.text


@pytest.mark.parametrize("fn, phrase", SLIPS)
def test_each_slip_is_named(fn, phrase):
    fb = check_backprop(fn)
    assert not fb.ok and fb.text.startswith("Not quite"), fb.text
    assert phrase in fb.text, fb.text


@pytest.mark.parametrize("fn, layer, equation", [
    (make_backprop(slope=lambda z, a: a), "layer 2 of 2", "BP1"),
    (make_backprop(bias=lambda d: d.mean(axis=1, keepdims=True)), "layer 2 of 2", "BP3"),
    (make_backprop(bp2_slope=False), "layer 1 of 2", "BP2"),
])
def test_the_first_layer_and_equation_that_disagree(fn, layer, equation):
    fb = check_backprop(fn)
    assert f"first layer that disagrees with mlp_core is {layer}" in fb.text, fb.text
    assert f"Look at {equation}" in fb.text, fb.text


def test_a_wrong_weight_gradient_points_at_bp4():
    def bp4_wrong(W, b, X, Y):
        gW, gb = make_backprop()(W, b, X, Y)
        gW[len(W) - 1] = gW[len(W) - 1] * 1.5
        return gW, gb
    fb = check_backprop(bp4_wrong)
    assert "grad_b[2] is right (so δ[2] is) but grad_W[2] is off" in fb.text
    assert "Look at BP4" in fb.text


def test_missing_transpose_in_bp2_fails_on_non_square_layers_and_is_named():
    def no_transpose(W, b, X, Y):
        L, m = len(W) - 1, X.shape[1]
        a = [X]
        for l in range(1, L + 1):
            a.append(sig(W[l] @ a[l - 1] + b[l]))
        gW, gb = [None] * (L + 1), [None] * (L + 1)
        delta = 2 * (a[L] - Y) / m * a[L] * (1 - a[L])
        for l in range(L, 0, -1):
            gW[l], gb[l] = delta @ a[l - 1].T, delta.sum(axis=1, keepdims=True)
            if l > 1:
                delta = (W[l] @ delta) * a[l - 1] * (1 - a[l - 1])
        return gW, gb
    fb = check_backprop(no_transpose)
    assert "raised ValueError" in fb.text and "(W[l] @ delta)" in fb.text
    assert "multiplied by W[l+1] instead of its transpose in BP2" in fb.text


def test_a_shape_error_elsewhere_gets_the_transpose_hint():
    def no_transpose_bp4(W, b, X, Y):
        gW, gb = make_backprop()(W, b, X, Y)
        L = len(W) - 1
        a = [X]
        for l in range(1, L + 1):
            a.append(sig(W[l] @ a[l - 1] + b[l]))
        gW[L] = (2 * (a[L] - Y) / X.shape[1] * a[L] * (1 - a[L])) @ a[L - 1]
        return gW, gb
    fb = check_backprop(no_transpose_bp4)
    assert "raised ValueError" in fb.text and "usually means a missing transpose" in fb.text


def test_bias_gradient_not_summed_over_the_batch():
    fb = check_backprop(make_backprop(bias=lambda d: d))
    assert "grad_b[2] should have shape (2, 1)" in fb.text and "got (2, 5)" in fb.text
    assert "summed over the batch's 5 columns" in fb.text


def test_transposed_weight_gradient_is_a_shape_message():
    def transposed(W, b, X, Y):
        gW, gb = make_backprop()(W, b, X, Y)
        return [None] + [g.T for g in gW[1:]], gb
    fb = check_backprop(transposed)
    assert "grad_W[2] should have shape (2, 3)" in fb.text and "the transpose" in fb.text


def test_lists_without_index_zero():
    def no_none(W, b, X, Y):
        gW, gb = make_backprop()(W, b, X, Y)
        return gW[1:], gb[1:]
    assert "grad_W[0] is None" in check_backprop(no_none).text


def test_stub_raise_shape_nan_loop_and_none():
    def backprop(W, b, X, Y):
        """…"""
        ...
    fb = check_backprop(backprop)
    assert fb.text.startswith("Not written yet") and "BP1" in fb.text

    def raises(W, b, X, Y):
        return sigmoid_prime(X)                 # noqa: F821
    assert "raised NameError" in check_backprop(raises).text

    def one_array(W, b, X, Y):
        return np.zeros(3)
    assert "return two lists" in check_backprop(one_array).text

    def nan(W, b, X, Y):
        gW, gb = make_backprop()(W, b, X, Y)
        gW[1] = gW[1] * np.nan
        return gW, gb
    assert "finite number" in check_backprop(nan).text

    def loops(W, b, X, Y):
        while True:
            pass
    assert "was stopped" in check_backprop(loops).text

    def forgets_return(W, b, X, Y):
        make_backprop()(W, b, X, Y)
    assert "return statement" in check_backprop(forgets_return).text


def test_unknown_wrong_answer_gets_the_first_hint():
    def off(W, b, X, Y):
        gW, gb = make_backprop()(W, b, X, Y)
        gb[1] = gb[1] + 0.01
        return gW, gb
    fb = check_backprop(off)
    assert "Hint:" in fb.text and "This is what you get" not in fb.text
    assert "layer 1 of 2" in fb.text and "Look at BP3" in fb.text


def test_the_shown_backprop_solution_is_right_and_a_true_gradient():
    source = solution_source("backprop")
    assert source.startswith("def backprop(W, b, X, Y):")
    space = {"np": np}
    exec(source, space)
    assert check_backprop(space["backprop"]).ok
    # independently of mlp_core: central differences of the averaged cost on one case
    case = backprop_cases()[1]
    W, b, X, Y = case["W"], case["b"], case["X"], case["Y"]

    def cost(_):
        a = X
        for l in range(1, len(W)):
            a = sig(W[l] @ a + b[l])
        return np.mean(np.sum((a - Y) ** 2, axis=0))
    gW, gb = space["backprop"](W, b, X, Y)
    for l in range(1, len(W)):
        np.testing.assert_allclose(gW[l], numerical_gradient_fn(cost, W[l]), rtol=1e-5, atol=1e-9)
        np.testing.assert_allclose(gb[l], numerical_gradient_fn(cost, b[l]), rtol=1e-5, atol=1e-9)


# -- article C ---------------------------------------------------------------------------
def c_right(x, y, w1, w2):
    hs = sig(np.dot(w1, x))
    g = 2.0 * (np.dot(w2, hs) - y)
    return np.dot(np.dot(w2.T, g) * hs * (1 - hs), x.T), np.dot(g, hs.T)


def c_article(x, y, w1, w2):                 # the article's own code
    h = w1.dot(x)
    h_sigmoid = sig(h)
    y_pred = w2.dot(h_sigmoid)
    grad_y_pred = 2.0 * (y_pred - y)
    grad_w2 = grad_y_pred.dot(h.T)
    grad_h = w2.T.dot(grad_y_pred) * h_sigmoid * (1 - h_sigmoid)
    return grad_h.dot(x.T), grad_w2


def c_with(slope=None, up=None, mean=False):
    def fn(x, y, w1, w2):
        h = w1 @ x
        hs = sig(h)
        g = 2 * (w2 @ hs - y) if up is None else up(w2 @ hs, y)
        if mean:
            g = g / x.shape[1]
        s = hs * (1 - hs) if slope is None else slope(h, hs)
        return ((w2.T @ g) * s) @ x.T, g @ hs.T
    return fn


C_SLIPS = [
    (c_article, "built grad_w2 from h instead of h_σ"),
    (c_with(slope=lambda h, hs: hs), "used h_σ where σ'(h) = h_σ(1 − h_σ) belongs"),
    (c_with(slope=lambda h, hs: h * (1 - h)), "wrote σ'(h) as h(1 − h)"),
    (c_with(slope=lambda h, hs: 1.0), "left σ'(h) out of grad_h"),
    (c_with(up=lambda yp, y: 2 * (y - yp)), "flipped the sign of grad_y_pred"),
    (c_with(up=lambda yp, y: yp - y), "dropped the factor 2"),
    (c_with(mean=True), "averaged over the batch"),
]


def test_article_c_right():
    fb = check_article_c_gradients(c_right)
    assert fb.ok and fb.text.startswith("Right"), fb.text


@pytest.mark.parametrize("fn, phrase", C_SLIPS)
def test_article_c_each_slip_is_named(fn, phrase):
    fb = check_article_c_gradients(fn)
    assert not fb.ok and phrase in fb.text, fb.text


def test_article_c_bug_is_located_at_grad_w2_and_the_slope_at_grad_w1():
    assert "grad_w2 is off" in check_article_c_gradients(c_article).text
    assert "grad_w1 is off" in check_article_c_gradients(c_with(slope=lambda h, hs: hs)).text


def test_article_c_transposes_raise_shape_and_nan_loop():
    def transposed_w2(x, y, w1, w2):
        g1, g2 = c_right(x, y, w1, w2)
        return g1, g2.T
    fb = check_article_c_gradients(transposed_w2)
    assert "grad_w2 should have shape (3, 4)" in fb.text and "the transpose" in fb.text

    def no_transpose(x, y, w1, w2):
        hs = sig(w1 @ x)
        g = 2 * (w2 @ hs - y)
        return (w2 @ g) @ x.T, g @ hs.T
    fb = check_article_c_gradients(no_transpose)
    assert "raised ValueError" in fb.text and "(w2 @ g) @ x.T" in fb.text
    assert "only one order that fits" in fb.text

    def stub_like(x, y, w1, w2):
        """…"""
        ...
    assert check_article_c_gradients(stub_like).text.startswith("Not written yet")

    def nan(x, y, w1, w2):
        g1, g2 = c_right(x, y, w1, w2)
        return g1 * np.nan, g2
    assert "finite number" in check_article_c_gradients(nan).text

    def loops(x, y, w1, w2):
        while True:
            pass
    assert "was stopped" in check_article_c_gradients(loops).text

    def one(x, y, w1, w2):
        return c_right(x, y, w1, w2)[0]
    assert "return two arrays" in check_article_c_gradients(one).text


def test_the_shown_article_c_solution_is_right():
    space = {"np": np}
    exec(solution_source("article_c_gradients"), space)
    assert check_article_c_gradients(space["article_c_gradients"]).ok


# -- the prediction read off the chain widget -----------------------------------------------
def test_collapse_table_by_central_differences():
    from mlp_core.chain_rule import chain_forward
    table = collapse_table()
    b, x, y = (0.2, 0.3, -0.4), 1.0, 1.0
    for l, (name, start, pushed, collapsed) in enumerate(table, start=1):
        for w, value in (([0.8, -1.2, 1.5], start), ([6.0, -1.2, 1.5], pushed)):
            num = numerical_gradient_fn(lambda v: chain_forward(v, b, x, y).cost, np.array(w))
            assert value == pytest.approx(num[l - 1], rel=1e-6, abs=1e-10)
        assert collapsed == (abs(pushed) < abs(start) / 10)
    assert [row[3] for row in table] == [True, False, False]


def test_collapse_prediction_messages():
    assert check_collapse_prediction({"w1"}).ok
    assert check_collapse_prediction(["W1"]).ok and check_collapse_prediction("w1").ok
    fb = check_collapse_prediction({"w1", "w2", "w3"})
    assert not fb.ok and "its own weight and the weights *before* it" in fb.text
    assert not check_collapse_prediction({"w3"}).ok
    assert check_collapse_prediction(None).text.startswith("No answer yet")
    assert "the chain's weights are w1, w2, w3" in check_collapse_prediction({"w4"}).text
    assert "give a set of names" in check_collapse_prediction(3).text
    space = {}
    exec(solution_source("collapse_prediction"), space)
    assert check_collapse_prediction(space["my_prediction"]).ok


def test_results_in_the_wrong_order():
    def swapped(W, b, X, Y):
        gW, gb = make_backprop()(W, b, X, Y)
        return gb, gW
    assert "in the other order" in check_backprop(swapped).text

    def c_swapped(x, y, w1, w2):
        g1, g2 = c_right(x, y, w1, w2)
        return g2, g1
    assert "in the other order" in check_article_c_gradients(c_swapped).text


def test_a_function_that_raises_is_still_matched_to_its_slip_in_chinese():
    """The checkers tell an exception from other feedback by the Feedback's exception, not by
    its English words: in the Chinese edition the missing transpose of BP2 (which raises on
    non-square layers) is still named, and so is article C's product in the wrong order."""
    from mlp_core.i18n import set_language
    no_transpose = make_backprop(back=lambda W, d: W @ d)
    set_language("zh_CN")
    try:
        fb = check_backprop(no_transpose)
        c_fb = check_article_c_gradients(lambda x, y, w1, w2: (w2 @ x, w1))
    finally:
        set_language("en")
    assert not fb.ok and "ValueError" in fb.text
    assert "你的结果正是这个常见错误会得到的" in fb.text, fb.text      # because_of(the slip)
    assert not c_fb.ok and "ValueError" in c_fb.text and "\n" in c_fb.text.strip()
