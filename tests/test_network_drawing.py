"""The 3Blue1Brown-style drawing: what is drawn is what the network computes."""
import numpy as np
import pytest

import matplotlib
matplotlib.use("Agg")
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt

from mlp_core import Network
from mlp_core.viz.network_drawing import draw_network, neurons_to_show
from mlp_core.viz.style import COLORS


@pytest.fixture
def drawn():
    net = Network([784, 16, 16, 10], seed=4)
    x = np.random.default_rng(0).random((784, 1))
    fig, ax = plt.subplots()
    d = draw_network(ax, net, x)
    yield net, x, d
    plt.close(fig)


def test_counts_and_summary(drawn):
    net, x, d = drawn
    assert [len(c) for c in d.circles] == [16, 16, 16, 10]
    assert [len(s) for s in d.shown] == [16, 16, 16, 10]
    # the 16 inputs shown are the 16 brightest pixels
    assert set(d.shown[0]) == set(np.argsort(x[:, 0])[-16:])
    assert [len(lc.get_segments()) for lc in d.lines[1:]] == [16 * 16, 16 * 16, 10 * 16]


def test_brightness_is_the_activation(drawn):
    net, x, d = drawn
    a = x
    for l in range(1, 4):
        a = 1 / (1 + np.exp(-(net.W[l] @ a + net.b[l])))      # the forward pass, by hand
        for i, c in zip(d.shown[l], d.circles[l]):
            r, g, b_, _ = c.get_facecolor()
            assert r == g == b_ == pytest.approx(a[i, 0])


def test_connection_colours_follow_the_weight_sign(drawn):
    net, x, d = drawn
    pos, neg = mcolors.to_rgb(COLORS["positive"]), mcolors.to_rgb(COLORS["negative"])
    W = net.W[2]
    colours = d.lines[2].get_colors()
    # segments are ordered: for each drawn neuron of layer 2, each drawn neuron of layer 1
    for n, (j, k) in enumerate((j, k) for j in d.shown[2] for k in d.shown[1]):
        assert tuple(colours[n][:3]) == pytest.approx(pos if W[j, k] >= 0 else neg)
    # the largest |w| of the layer is the most opaque
    alphas = colours[:, 3]
    assert np.argmax(alphas) == np.argmax(np.abs(W).ravel())


def test_neurons_to_show():
    a = np.array([0.1, 0.9, 0.9, 0.0, 0.5])
    assert list(neurons_to_show(a, 10)) == [0, 1, 2, 3, 4]
    assert list(neurons_to_show(a, 3)) == [1, 2, 4]
    assert list(neurons_to_show(np.zeros(6), 2)) == [0, 1]     # ties: lowest indices


def test_a_flat_vector_and_a_bad_shape(drawn):
    net, x, _ = drawn
    fig, ax = plt.subplots()
    draw_network(ax, net, x[:, 0])
    with pytest.raises(ValueError, match=r"\(784, 1\)"):
        draw_network(ax, net, np.ones((784, 2)))
    plt.close(fig)


def test_pixel_grid_is_a_grid_of_pixels_read_row_by_row():
    from mlp_core.viz.network_drawing import pixel_grid
    grid = pixel_grid()
    assert grid.shape == (16,) and list(grid) == sorted(grid)
    rows, cols = np.divmod(grid, 28)
    assert set(rows) == set(cols) == {7, 11, 15, 19}
    assert list(pixel_grid(side=4, lines=(1, 3))) == [5, 7, 13, 15]
    with pytest.raises(ValueError, match="lines"):
        pixel_grid(lines=(3, 28))


def test_fixed_inputs_change_with_the_image():
    # With the brightest pixels, two different digits both draw (nearly) white columns; with
    # fixed pixels the input column is those pixels' values, so different images differ.
    from mlp_core import load_mnist
    from mlp_core.viz.network_drawing import pixel_grid
    d = load_mnist()
    net = Network([784, 16, 16, 10], seed=1)
    shades = {}
    for i in (0, 1):
        fig, ax = plt.subplots()
        drawn = draw_network(ax, net, d.X_train[:, [i]], inputs=pixel_grid())
        assert list(drawn.shown[0]) == list(pixel_grid())
        shades[i] = [c.get_facecolor()[0] for c in drawn.circles[0]]
        assert shades[i] == pytest.approx(list(d.X_train[pixel_grid(), i]))
        labels = [t.get_text() for t in ax.texts]
        assert any("fixed pixels" in t for t in labels)
        # the old choice: the 16 brightest pixels, all ≥ 0.98 for these images: a white column
        fig2, ax2 = plt.subplots()
        brightest = draw_network(ax2, net, d.X_train[:, [i]])
        assert min(c.get_facecolor()[0] for c in brightest.circles[0]) >= 0.98
        plt.close(fig)
        plt.close(fig2)
    assert np.max(np.abs(np.subtract(shades[0], shades[1]))) > 0.5


def test_bad_inputs_are_refused(drawn):
    net, x, _ = drawn
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="inputs"):
        draw_network(ax, net, x, inputs=[0, 784])
    plt.close(fig)
