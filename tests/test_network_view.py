"""The image picker of notebook 01."""
import numpy as np
import pytest

pytest.importorskip("ipywidgets")
import matplotlib
matplotlib.use("Agg")

from mlp_core import Network
from mlp_core.widgets.network_view import NetworkView


def test_slider_changes_the_readout():
    net = Network([784, 16, 16, 10], seed=0)
    rng = np.random.default_rng(1)
    X, labels = rng.random((784, 5)), np.array([3, 1, 4, 1, 5])
    v = NetworkView(net, X, labels, draw=True)
    for i in (0, 4, 2):
        v.image.value = i
        a = net.feedforward(X[:, [i]])[:, 0]         # the answer, from the core directly
        assert v.readout.value.startswith(f"image {i}, labelled {labels[i]}:")
        assert f"output is {np.argmax(a)} ({a.max():.3f})" in v.readout.value
    assert "mlp-control-image" in v.image._dom_classes


def test_the_image_marks_the_pixels_drawn_as_inputs():
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle
    from mlp_core.viz.network_drawing import pixel_grid
    from mlp_core.widgets.network_view import figure_for_image
    net = Network([784, 16, 16, 10], seed=0)
    x = np.random.default_rng(2).random((784, 1))
    fig = figure_for_image(net, x, 3, 0)
    ax_img, ax_net = fig.axes
    marks = [p for p in ax_img.patches if isinstance(p, Rectangle)]
    # each outline is centred on its pixel: (column, row) of input 28·row + column
    centres = sorted((int(round(p.get_y() + 0.5)), int(round(p.get_x() + 0.5))) for p in marks)
    assert centres == sorted(divmod(int(k), 28) for k in pixel_grid())
    # the input circles are those pixels' values, top row first
    inputs = [c for c in ax_net.patches][:16]
    assert [c.get_facecolor()[0] for c in inputs] == pytest.approx(list(x[pixel_grid(), 0]))
    plt.close(fig)
