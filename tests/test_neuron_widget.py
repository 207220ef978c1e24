"""The single-neuron widget of notebook 01, driven without a browser."""
import math

import pytest

pytest.importorskip("ipywidgets")
import matplotlib
matplotlib.use("Agg")

from mlp_core.widgets.neuron import NeuronWidget, neuron_output, neuron_readout


def plain(z, name):
    # the activations written out with the math module, independently of mlp_core
    return {"sigmoid": 1 / (1 + math.exp(-z)), "tanh": math.tanh(z), "relu": max(0.0, z)}[name]


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("w1, w2, b, a1, a2", [(2, -1, 0.5, 1, 0.5), (-3, 4, -0.25, 0.2, 0.9),
                                               (0, 0, 0, 0, 0)])
def test_neuron_output(name, w1, w2, b, a1, a2):
    z, a = neuron_output([w1, w2], [a1, a2], b, name)
    assert z == pytest.approx(w1 * a1 + w2 * a2 + b)
    assert a == pytest.approx(plain(w1 * a1 + w2 * a2 + b, name))


def test_sliders_drive_the_readout():
    w = NeuronWidget(draw=False)
    w.w1.value, w.w2.value, w.b.value, w.a1.value, w.a2.value = 1.5, -2.0, 0.25, 0.8, 0.4
    z = 1.5 * 0.8 - 2.0 * 0.4 + 0.25
    assert f"= {z:.4g}," in w.readout.value
    assert f"sigmoid({z:.4g}) = {plain(z, 'sigmoid'):.4g}" in w.readout.value
    w.activation.value = "tanh"
    assert f"tanh({z:.4g}) = {plain(z, 'tanh'):.4g}" in w.readout.value
    assert w.readout.value == neuron_readout(1.5, -2.0, 0.25, 0.8, 0.4, "tanh")


def test_extremes_give_a_message_not_an_error():
    w = NeuronWidget(draw=False)
    w.w1.value, w.b.value, w.a1.value = 10, 10, 1
    assert "saturated" in w.readout.value and "= 1" in w.readout.value
    w.activation.value = "relu"
    w.w1.value, w.w2.value, w.b.value = -10, -10, -10
    assert "ReLU is off" in w.readout.value


def test_drawing_does_not_fail_at_extremes():
    w = NeuronWidget(draw=True)
    for act in ("sigmoid", "tanh", "relu"):
        w.activation.value = act
        w.w1.value, w.b.value = 10, 10      # z = 19.5, off the plot
        w.w1.value, w.b.value = -10, -10
    assert "relu" in w.readout.value


def test_css_classes():
    w = NeuronWidget(draw=False)
    assert {"mlp-main", "mlp-main-01"} <= set(w.box._dom_classes)
    assert "mlp-readout" in w.readout._dom_classes and "mlp-plot" in w.plot._dom_classes
    for name in ("w1", "w2", "b", "a1", "a2", "activation"):
        assert f"mlp-control-{name}" in getattr(w, name)._dom_classes


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="activation"):
        NeuronWidget(activation="softplus")
    with pytest.raises(ValueError, match="same shape"):
        neuron_output([1, 2], [1, 2, 3], 0.0)


def test_the_plot_holds_a_png_of_the_current_state():
    import base64
    w = NeuronWidget(draw=True)
    first = w.plot.outputs[0]["data"]["image/png"]
    assert base64.b64decode(first)[:8] == b"\x89PNG\r\n\x1a\n"
    w.b.value = -4.0
    assert len(w.plot.outputs) == 1 and w.plot.outputs[0]["data"]["image/png"] != first


@pytest.mark.parametrize("z", [0.0, 3.9, -4.99, 5.5, -12.3, 19.5, 29.99, -30.0])
def test_the_plot_range_follows_z(z):
    from mlp_core.viz.neuron import z_window
    lo, hi = z_window(z)
    assert lo == -hi and lo + 1 <= z <= hi - 1           # on the plot, away from its edges
    if abs(z) <= 5:
        assert (lo, hi) == (-6.0, 6.0)                     # the usual view for ordinary z


def test_the_marker_is_on_the_curve_at_the_true_z():
    import matplotlib.pyplot as plt
    from mlp_core.viz.neuron import plot_activation, z_window
    fig, ax = plt.subplots()
    z = 19.5
    plot_activation(ax, "tanh", z, z_range=z_window(z))
    marker = [line for line in ax.lines if line.get_marker() == "o"][0]
    assert marker.get_xdata()[0] == z and ax.get_xlim()[1] >= z
    assert not any("off the plot" in t.get_text() for t in ax.texts)
    plt.close(fig)


def test_slopes_are_drawn_with_their_maxima():
    import matplotlib.pyplot as plt
    from mlp_core.viz.neuron import plot_slopes
    fig, ax = plt.subplots()
    top = plot_slopes(ax)
    assert top["sigmoid"] == pytest.approx(0.25, abs=1e-4)     # σ'(0) = ¼
    assert top["tanh"] == pytest.approx(1.0, abs=1e-4) and top["relu"] == 1.0
    plt.close(fig)


def test_a_failing_computation_is_a_message_in_the_readout(monkeypatch):
    import mlp_core.widgets.neuron as module
    w = NeuronWidget(draw=True)

    def broken(*args):
        raise ValueError("something is off")
    monkeypatch.setattr(module, "neuron_readout", broken)
    w.w1.value = 1.0
    assert w.readout.value == "cannot compute this neuron: something is off"
