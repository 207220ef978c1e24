"""Notebook 01's pictures of first-layer weights: the split of z is exact, and the colours say
what the colour bar says."""
import numpy as np
import pytest

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

from mlp_core.viz.weight_images import plot_pattern_match, plot_weight_images, weighted_sum_parts


def test_the_weighted_sum_splits_into_ink_on_blue_minus_ink_on_red():
    rng = np.random.default_rng(3)
    w, x, b = rng.normal(size=784), rng.random(784) * (rng.random(784) < 0.2), -1.3
    p = weighted_sum_parts(w, x, b)
    pos = sum(wk * xk for wk, xk in zip(w, x) if wk > 0)          # written out, pixel by pixel
    neg = sum(-wk * xk for wk, xk in zip(w, x) if wk < 0)
    assert p.positive == pytest.approx(pos) and p.negative == pytest.approx(neg)
    assert p.positive >= 0 and p.negative >= 0 and p.b == b
    assert p.z == pytest.approx(float(w @ x) + b)
    # a column image and a row of W give the same
    assert weighted_sum_parts(w.reshape(1, -1), x.reshape(-1, 1), np.array([[b]])).z == pytest.approx(p.z)
    with pytest.raises(ValueError, match="one value per pixel"):
        weighted_sum_parts(w[:10], x, b)


def test_weight_images_share_one_symmetric_range_and_a_colour_bar():
    W = np.random.default_rng(0).normal(size=(6, 784))
    fig = plot_weight_images(W, neurons=[1, 4, 5], b=np.arange(6.0).reshape(-1, 1))
    images = [ax.images[0] for ax in fig.axes if ax.images]
    assert len(images) == 3
    limits = {im.get_clim() for im in images}
    assert len(limits) == 1
    lo, hi = limits.pop()
    assert lo == -hi > -np.abs(W[[1, 4, 5]]).max()            # symmetric: white is 0
    np.testing.assert_array_equal(images[1].get_array(), W[4].reshape(28, 28))
    titles = [ax.get_title() for ax in fig.axes if ax.images]
    assert titles[1] == "neuron 4\nb = 4.00"
    assert any(ax.get_label() == "<colorbar>" for ax in fig.axes)
    plt.close(fig)
    with pytest.raises(ValueError, match="square number"):
        plot_weight_images(np.ones((2, 10)))


def test_pattern_match_draws_the_contributions():
    rng = np.random.default_rng(1)
    w, x = rng.normal(size=784), rng.random(784)
    fig = plot_pattern_match(w, x, 0.5, neuron=3)
    contrib = fig.axes[2].images[0].get_array()
    np.testing.assert_allclose(contrib, (w * x).reshape(28, 28))
    assert f"z = {float(w @ x) + 0.5:.2f}" in fig.axes[2].get_title()
    plt.close(fig)
