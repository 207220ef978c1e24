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
