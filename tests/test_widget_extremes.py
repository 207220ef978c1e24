"""Every widget, pushed to its extremes, shows a readout or a message: never a traceback.

For each widget of the series, every control is set to each of its extremes as a learner
could (a slider's min and max, a value typed beyond them, every option of a dropdown, odd
text typed into a text box, every button pressed), and after each change:

* no exception escapes the callback (in a notebook it would print a traceback);
* the readout is text: either numbers without NaN or inf, or a message.
"""
import re

import numpy as np
import pytest

pytest.importorskip("ipywidgets")
import ipywidgets as widgets
import matplotlib

matplotlib.use("Agg")

import mlp_core as mc
from mlp_core import descent as D
from mlp_core.widgets import chain_rule, cost_explorer, graphs, network_view, neuron, nudges
from mlp_core.widgets import descent as descent_widgets
from mlp_core.widgets import trainer

# Typed into a slider's readout, a number beyond the range is clamped to min or max, and
# text that is no number (NaN included) is ignored: ipywidgets' handleTextChange does this in
# the browser, and the Python side clamps the same way, so these reach the callbacks as the
# extremes they are clamped to.
TYPED_NUMBERS = [1e6, -1e6, 1e308, -1e308, float("inf"), float("-inf")]
TYPED_TEXT = ["", "   ", "abc", "0", "-3", "1e9", "2.5", "16, 16, 16, 16, 16", "nan", "³",
              "16;16", "１６", "999999999999999999999"]
NON_FINITE_WORD = re.compile(r"(?<![\w.])-?(nan|inf)(?![\w])", re.IGNORECASE)


def controls(widget):
    """Every control inside a widget tree, depth first."""
    found, stack = [], [widget]
    while stack:
        w = stack.pop()
        if isinstance(w, widgets.Box):
            stack.extend(reversed(w.children))
        elif isinstance(w, (widgets.ValueWidget, widgets.Button)) and not isinstance(
                w, (widgets.HTML, widgets.Label, widgets.Image, widgets.Output)):
            found.append(w)
    return found


def moves(control):
    """Everything a learner can do to one control: (description, action)."""
    if isinstance(control, widgets.Button):
        return [("press", lambda: control.click())]
    if isinstance(control, (widgets.FloatSlider, widgets.IntSlider, widgets.FloatText,
                            widgets.BoundedFloatText, widgets.IntText, widgets.BoundedIntText)):
        values = [getattr(control, "min", None), getattr(control, "max", None)]
        values = [v for v in values if v is not None]
        values += [v for v in TYPED_NUMBERS
                   if isinstance(control, (widgets.FloatSlider, widgets.FloatText,
                                           widgets.BoundedFloatText)) or abs(v) < 1e300]
        out = []
        for v in values:
            typed = int(v) if isinstance(control, (widgets.IntSlider, widgets.IntText,
                                                   widgets.BoundedIntText)) else v
            out.append((f"value {v!r}", lambda typed=typed: setattr(control, "value", typed)))
        return out
    if isinstance(control, (widgets.SelectionSlider, widgets.Dropdown,
                            widgets.ToggleButtons)):
        values = [opt[1] if isinstance(opt, tuple) else opt for opt in control.options]
        return [(f"option {v!r}", lambda v=v: setattr(control, "value", v)) for v in values]
    if isinstance(control, (widgets.Text, widgets.Textarea)):
        return [(f"typed {t!r}", lambda t=t: setattr(control, "value", t)) for t in TYPED_TEXT]
    if isinstance(control, (widgets.ToggleButton, widgets.Checkbox)):
        return [(f"toggled to {v}", lambda v=v: setattr(control, "value", v))
                for v in (not control.value, control.value)]
    return []


def readout_is_sound(readout):
    text = readout.value
    assert isinstance(text, str) and text.strip(), "the readout is empty"
    assert "Traceback" not in text
    if not re.search(r"cannot|diverged|failed|too large|no example|already", text):
        assert not NON_FINITE_WORD.search(text), f"the readout shows a non-finite number: {text}"


def push_every_control(w, root, skip=()):
    for control in controls(root):
        if control in skip:
            continue
        for what, action in moves(control):
            try:
                action()
            except Exception as e:  # pragma: no cover - the failure message says which
                pytest.fail(f"{type(w).__name__}: {control.description or control} {what} "
                            f"raised {type(e).__name__}: {e}")
            readout_is_sound(w.readout)


# -- the widgets, small and seeded --------------------------------------------------------
@pytest.fixture(scope="module")
def small_mnist():
    d = mc.load_mnist()
    return mc.MNIST(d.X_train[:, :120], d.y_train[:120], d.X_test[:, :40], d.y_test[:40])


def test_neuron_widget():
    w = neuron.NeuronWidget(draw=False)
    push_every_control(w, w.box if hasattr(w, "box") else w.main)


def test_chain_rule_widget():
    w = chain_rule.ChainWidget(draw=False)
    push_every_control(w, w.box)


def test_graph_widget():
    w = graphs.GraphWidget(draw=False)
    push_every_control(w, w.box)


def test_cost_explorer():
    net = mc.Network([6, 4, 3], seed=0)
    X = np.random.default_rng(0).random((6, 8))
    w = cost_explorer.CostExplorer(net, X, np.arange(8) % 3, draw=False)
    push_every_control(w, w.box)


def test_learning_rate_explorer():
    w = descent_widgets.LearningRateExplorer()
    push_every_control(w, w.box)


def test_walker_comparison(small_mnist):
    x, y = D.zero_or_one(small_mnist.X_train, small_mnist.y_train)
    w = descent_widgets.WalkerComparison(x, y, steps=20)
    push_every_control(w, w.box)


def test_network_view(small_mnist):
    net = mc.Network([784, 8, 10], seed=0)
    w = network_view.NetworkView(net, small_mnist.X_test[:, :5], small_mnist.y_test[:5],
                                 draw=False)
    push_every_control(w, w.box)


def test_nudge_explorer(small_mnist):
    net = mc.Network([784, 8, 6, 10], seed=0)
    w = nudges.NudgeExplorer(net, small_mnist.X_train[:, :1], small_mnist.y_train[:1],
                             draw=False)
    push_every_control(w, w.box)


def test_trainer_panel(small_mnist):
    w = trainer.TrainerPanel(small_mnist, background=False)
    w.epochs.max = 2          # keep each Train press short: the extremes are of the settings
    push_every_control(w, w.main)
    # Typed sizes are read when Train is pressed: press it after each. Blank means no hidden
    # layer, and full-width digits are digits; everything else gets a message.
    w.epochs.value = 1
    for text in TYPED_TEXT:
        w.hidden.value = text
        w.on_train()
        readout_is_sound(w.readout)
        usable = text in ("", "   ", "１６")
        assert w.readout.value.startswith("epoch 1/1" if usable else "cannot train: "), \
            (text, w.readout.value)
    # The largest minibatch the slider allows is one the data has.
    w.hidden.value, w.batch.value = "4", w.batch.max
    w.on_train()
    assert w.batch.max == small_mnist.X_train.shape[1]
    assert w.readout.value.startswith("epoch 1/1"), w.readout.value


def test_drawing_pad(small_mnist):
    pytest.importorskip("ipycanvas")
    from mlp_core.widgets.drawing_pad import DrawingPad
    net = mc.Network([784, 8, 10], seed=0)
    w = DrawingPad(net, presets={int(d): small_mnist.X_train[:, i]
                                 for i, d in enumerate(small_mnist.y_train[:3])})
    push_every_control(w, w.main)
    w.draw_stroke([(-1e6, -1e6), (1e6, 1e6)])     # a stroke far outside the pad
    readout_is_sound(w.readout)
