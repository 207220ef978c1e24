"""Notebook 07's figures of a trained network: what they draw, read back from the figure."""
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from mlp_core import Network  # noqa: E402
from mlp_core.digit_preparation import prepare_digit, shrink_whole  # noqa: E402
from mlp_core.viz.inspect import plot_hidden_weights, plot_preparation  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def images_of(fig):
    return [ax.images[0] for ax in fig.axes if ax.images]


def test_hidden_weights_share_one_symmetric_scale_with_a_colour_bar():
    net = Network([784, 5, 10], seed=3)
    fig = plot_hidden_weights(net)
    lim = np.abs(net.W[1]).max()
    ims = images_of(fig)
    assert len(ims) == 5
    for j, im in enumerate(ims):
        assert im.get_clim() == pytest.approx((-lim, lim))
        np.testing.assert_array_equal(im.get_array(), net.W[1][j].reshape(28, 28))
    bars = [ax for ax in fig.axes if ax.get_label() == "<colorbar>"]
    assert len(bars) == 1 and bars[0].get_ylabel() == "weight w"


def test_hidden_weights_each_on_its_own_scale():
    net = Network([784, 4, 10], seed=4)
    fig = plot_hidden_weights(net, shared_scale=False)
    for j, im in enumerate(images_of(fig)):
        lim = np.abs(net.W[1][j]).max()
        assert im.get_clim() == pytest.approx((-lim, lim))
    assert sum(ax.get_label() == "<colorbar>" for ax in fig.axes) == 4


def test_preparation_figure_shows_each_stage():
    ink = np.zeros((280, 280))
    ink[20:120, 30:50] = 1.0
    p, shrunk = prepare_digit(ink), shrink_whole(ink)
    a_shrunk, a_prepared = np.eye(10)[:, [5]] * 0.1, np.eye(10)[:, [1]] * 0.9
    fig = plot_preparation(ink, p, shrunk, outputs=(a_shrunk, a_prepared))
    ims = images_of(fig)
    for im, img in zip(ims, (ink, p.boxed, p.image, shrunk)):
        np.testing.assert_array_equal(im.get_array(), img)
    box = fig.axes[0].patches[0]
    assert (box.get_x(), box.get_y(), box.get_width(), box.get_height()) == (29.5, 19.5, 20, 100)
    assert list(fig.axes[2].lines[0].get_xydata()[0]) == [14, 14]      # the centre's cross
    assert fig.axes[3].get_xlabel() == "network: 5 (0.100)"
    assert fig.axes[2].get_xlabel() == "network: 1 (0.900)"
