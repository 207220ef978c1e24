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
