"""The figures of notebooks 01 and 02: they draw what they are given, and refuse bad input."""
import numpy as np
import pytest

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

from mlp_core.viz.cost_example import plot_output_vs_target
from mlp_core.viz.cost_landscape import param_label, plot_cost_slice
from mlp_core.viz.mnist_input import plot_image_as_inputs
from mlp_core.viz.neuron import plot_activation


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_output_bars_and_their_cost(ax):
    a = np.array([0.1, 0.2, 0.9, 0.0, 0.3, 0.5, 0.5, 0.1, 0.0, 0.4])
    cost = plot_output_vs_target(ax, a.reshape(-1, 1), 2)
    assert cost == pytest.approx(0.01 + 0.04 + 0.01 + 0.09 + 0.25 + 0.25 + 0.01 + 0.16)
    heights = [p.get_height() for p in ax.patches]
    assert heights[:10] == pytest.approx(a) and heights[10:] == [0] * 2 + [1] + [0] * 7
    with pytest.raises(ValueError, match="label"):
        plot_output_vs_target(ax, a, 10)


def test_image_as_inputs_draws_all_784(ax):
    fig, ax2 = plt.subplots()
    x = np.linspace(0, 1, 784)
    plot_image_as_inputs(ax, ax2, x, label=5)
    assert ax.images[0].get_array().shape == (28, 28)
    assert ax.images[0].get_array()[1, 0] == pytest.approx(x[28])   # row 1, column 0 = input 28
    assert len(ax2.collections[0].get_segments()) == 784
    with pytest.raises(ValueError, match="784"):
        plot_image_as_inputs(ax, ax2, np.ones(783))
    plt.close(fig)


def test_cost_slice_marks_the_current_point_even_when_flat(ax):
    v = np.linspace(-1, 1, 5)
    plot_cost_slice(ax, v, np.full(5, 2.5), 0.5, 2.5, param_label("W", 1, 0, 0), start=0.0)
    lo, hi = ax.get_ylim()
    assert lo < 2.5 < hi                                            # a flat slice stays visible
    assert ax.lines[1].get_xydata().tolist() == [[0.5, 2.5]]
    assert param_label("b", 2, 3) == "b[2][3]" and param_label("W", 1, 0, 7) == "W[1][0, 7]"


@pytest.mark.parametrize("name, z, expected", [("sigmoid", 0.0, 0.5), ("tanh", 100.0, 1.0),
                                               ("relu", -3.0, 0.0), ("relu", 50.0, 50.0)])
def test_activation_plot_returns_sigma_of_z(ax, name, z, expected):
    assert plot_activation(ax, name, z) == pytest.approx(expected)
    x, y = ax.lines[-1].get_xydata()[0]
    assert -6 <= x <= 6          # an off-range z is marked at the edge, not off the plot


def test_cost_histogram_by_label_stacks_each_digit_and_labels_its_clump(ax):
    from mlp_core.viz.cost_example import plot_cost_by_label
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 10, 500)
    centre = np.array([3.6, 3.5, 2.7, 2.9, 3.005, 2.5, 3.1, 3.0, 2.6, 2.95])   # 4 and 7 close
    costs = centre[labels] + rng.normal(0, 0.003, 500)
    means = plot_cost_by_label(ax, costs, labels)
    for d in range(10):
        assert means[d] == pytest.approx(costs[labels == d].mean())
    # one bar container per digit, together holding every image once
    assert len(ax.containers) == 10
    assert sum(p.get_height() for c in ax.containers for p in c.patches) == 500
    shown = {t.get_text(): t for t in ax.texts}
    assert set(shown) == {str(d) for d in range(10)}
    # the close clumps of 4 and 7 get their digits side by side, not on top of each other
    assert shown["4"].xyann[0] != shown["7"].xyann[0]
    with pytest.raises(ValueError, match="same shape"):
        plot_cost_by_label(ax, costs, labels[:-1])


def test_nearly_flat_slice_gets_short_tick_labels(ax):
    v = np.linspace(-1, 1, 5)
    costs = 2.9961595 + np.array([0, 1e-8, 2e-8, 1e-8, 0])
    plot_cost_slice(ax, v, costs, 0.0, costs[2], "W[1][0, 0]")
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert labels and max(len(s) for s in labels) <= 6, labels      # e.g. "2.996", not "2.9961595"
    lo, hi = ax.get_ylim()
    assert lo < costs.min() and costs.max() < hi


def test_pixel_position_marks_pixel_k(ax):
    from mlp_core.viz.cost_landscape import plot_pixel_position
    X = np.zeros((784, 5))
    X[406, :3] = 0.8                   # pixel 406 = row 14, column 14: inked in 3 images
    assert plot_pixel_position(ax, X, 406) == (14, 14)
    frame = ax.patches[0]
    assert frame.get_xy() == (14 - 1.5, 14 - 1.5) and frame.get_width() == 3
    assert "row 14, column 14" in ax.get_title() and "inked in 3 of 5 images" in ax.get_xlabel()
    assert ax.images[0].get_array()[14, 14] == pytest.approx(0.8 * 3 / 5)   # the mean image
    with pytest.raises(ValueError, match="square"):
        plot_pixel_position(ax, np.zeros((20, 3)), 0)
    with pytest.raises(ValueError, match="k must be"):
        plot_pixel_position(ax, X, 784)
