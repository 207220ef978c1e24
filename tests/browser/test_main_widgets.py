"""Each notebook's main widget, moved as a learner moves it: a key press on a focused slider
handle and a mouse drag (or a click on a toggle). After each move the readout must show
exactly the text mlp_core computes, here in the test process, for the new value — the
function named in the widget module's docstring — and the plot must redraw.

The widgets are found by CONTRIBUTING.md's CSS classes (``mlp-main-NN``, ``mlp-control-<name>``,
``mlp-readout``, ``mlp-plot``). A notebook that is absent, or shows no ``mlp-main-NN`` box, is
skipped with the reason.
"""
import pytest

from lab_page import NOTEBOOK_DIR, move_slider_and_check, normalize


def open_main(lab, stem, nn):
    """The page of notebooks/<stem>.ipynb after Run All, its main widget present."""
    name = f"{stem}.ipynb"
    if not (NOTEBOOK_DIR / name).exists():
        pytest.skip(f"notebooks/{name} is not there (yet): nothing to move")
    nb = lab.notebook(name)
    nb.main_box(nn)
    return nb


def values_of(nb, nn, controls):
    """The current values of several sliders of the main widget, read from the page."""
    return [nb.slider_value(nb.handle(nn, c)) for c in controls]


def assert_no_errors(nb):
    errors = nb.error_outputs()
    assert not errors, f"{nb.name}: moving the widget shows errors:\n" + "\n---\n".join(errors)


def check_slider_moves(nb, nn, expected, moves):
    """The readout before any move, then after each (control, drag_px, label) move, equals
    ``expected(value)``; no error output on the page afterwards."""
    assert nb.readout(nn) == expected(None), "the readout before any move"
    for control, drag_px, label in moves:
        move_slider_and_check(nb, nn, control, expected, drag_px=drag_px, label=label)
    assert_no_errors(nb)


@pytest.mark.notebook("01_structure.ipynb")
def test_01_neuron_sliders(lab):
    from mlp_core.widgets.neuron import neuron_readout
    nb = open_main(lab, "01_structure", "01")
    names = ("w1", "w2", "b", "a1", "a2")
    act = nb.page.locator(".mlp-main-01 .mlp-control-activation select").input_value()

    def expected(_value):
        return nb.html_text(neuron_readout(*values_of(nb, "01", names), act))

    check_slider_moves(nb, "01", expected, [("w1", -40, None), ("a2", -25, None)])


@pytest.mark.notebook("02_cost.ipynb")
def test_02_weight_slider_and_cost(lab):
    nb = open_main(lab, "02_cost", "02")
    expected = cost_explorer_expectation(nb)
    assert nb.readout("02") == expected(nb.slider_value(nb.handle("02", "value"))), \
        "the readout before any move"
    move_slider_and_check(nb, "02", "value", expected, drag_px=-30, label="weight")
    assert_no_errors(nb)


def cost_explorer_expectation(nb):
    """The expected readout of notebook 02's cost explorer as a function of the slider value v:
    ``cost_readout(label, v, cost, start cost, m)`` (the module's docstring), the cost being
    ``Network.cost`` over the batch of a copy of the network with the parameter set to v —
    the whole forward pass, not the widget's shortcut — with the network and batch rebuilt
    here as the notebook builds them: 784-16-16-10, seed 1, untrained, the first 1,000
    training images, the parameter W[3][2, 7]."""
    import mlp_core
    from mlp_core.viz.cost_landscape import param_label
    from mlp_core.widgets.cost_explorer import cost_readout
    data = mlp_core.load_mnist()
    Xb, yb = data.X_train[:, :1000], data.y_train[:1000]
    net = mlp_core.Network([784, 16, 16, 10], activation="sigmoid", cost="squared_error", seed=1)
    start_cost = net.cost(Xb, yb)
    kind, l, j, k = "W", 3, 2, 7
    shown = nb.page.locator(".mlp-main-02 .mlp-control-kind select").evaluate(
        "s => s.options[s.selectedIndex].text")
    assert "weight" in normalize(shown), f"02: the explorer starts on {shown!r}, not a weight"

    def expected(v):
        moved = net.copy()
        moved.set_param(kind, l, j, k, value=v)
        return normalize(cost_readout(param_label(kind, l, j, k), v, moved.cost(Xb, yb),
                                      start_cost, Xb.shape[1]))

    return expected


@pytest.mark.notebook("03_gradient_descent.ipynb")
def test_03_learning_rate(lab):
    from mlp_core.descent import describe_descent_1d
    nb = open_main(lab, "03_gradient_descent", "03")

    def expected(_value):
        # η is a log slider: its handle moves the exponent, η = 10 ** exponent.
        exponent, steps, start = values_of(nb, "03", ("eta", "steps", "start"))
        return nb.html_text(describe_descent_1d(10 ** exponent, int(round(steps)), start))

    check_slider_moves(nb, "03", expected, [("eta", -30, "eta"), ("steps", 25, "steps")])


@pytest.mark.notebook("04_backprop_intuition.ipynb")
def test_04_output_neuron_toggles_and_their_sum(lab):
    nb = open_main(lab, "04_backprop_intuition", "04")
    expected = nudge_explorer_expectation(nb)
    assert nb.readout("04") == expected(), "the readout before any toggle (all ten ticked)"
    for j, how in ((3, "click"), (7, "key")):
        toggle = nb.page.locator(f".mlp-main-04 .mlp-control-neuron-{j}").first
        before_plot, was_on = nb.plot_signature("04"), is_on(toggle)
        toggle.scroll_into_view_if_needed()
        nb.start_probe("04")
        if how == "click":
            toggle.click()
        else:               # keyboard: focus the toggle button and press the space bar
            toggle.focus()
            toggle.press(" ")
        text = nb.wait_readout("04", expected())
        assert is_on(toggle) != was_on, f"the {how} did not switch output neuron {j}"
        assert text == expected(), (f"04: after switching neuron {j} by {how}, the readout reads"
                                    f"\n  {text!r}\nmlp_core computes\n  {expected()!r}")
        assert nb.wait_plot_changed("04", before_plot) != before_plot, "the plot did not redraw"
        if how == "click":
            nb.record_timing("04_backprop_intuition / neuron toggle")
    assert "output neurons 0, 1, 2, 4, 5, 6, 8, 9" in nb.readout("04")
    nb.screenshot("04", "toggles")
    assert_no_errors(nb)


def is_on(toggle):
    return "mod-active" in (toggle.get_attribute("class") or "")


def nudge_explorer_expectation(nb):
    """The expected readout of notebook 04's NudgeExplorer, a function of the toggles the
    page shows ticked: ``summed_wish_text(wish_by_output_neuron(net, desired_changes(net, x,
    y), l)[selected].sum(axis=0), f"hidden layer {l}", selected)`` (the module's docstring),
    with the network and the example rebuilt here as the notebook builds them: 784-16-16-10,
    seed 0, one epoch of SGD (batch 10, η = 3), the first training "2" it gets wrong."""
    import numpy as np

    import mlp_core
    from mlp_core import nudges as nd
    data = mlp_core.load_mnist()
    net = mlp_core.Network([784, 16, 16, 10], activation="sigmoid", cost="squared_error", seed=0)
    mlp_core.train(net, data.X_train, data.y_train, epochs=1, batch_size=10, eta=3.0, seed=0)
    twos = np.flatnonzero(data.y_train == 2)
    i = int(twos[np.argmax(net.predict(data.X_train[:, twos]) != 2)])
    x, digit = data.X_train[:, [i]], 2
    wishes = nd.desired_changes(net, x, [digit])
    layer_text = nb.page.locator(".mlp-main-04 .mlp-control-layer select").evaluate(
        "s => s.options[s.selectedIndex].text")
    # ipywidgets writes a Dropdown's spaces as no-break spaces: normalize() splits on both.
    l = int(normalize(layer_text).split("hidden layer ")[1].split()[0])
    parts = nd.wish_by_output_neuron(net, wishes, l)

    def expected():
        selected = [j for j in range(10)
                    if is_on(nb.page.locator(f".mlp-main-04 .mlp-control-neuron-{j}").first)]
        summed = parts[selected].sum(axis=0) if selected else np.zeros(parts.shape[1])
        return normalize(nd.summed_wish_text(summed, f"hidden layer {l}", selected, 10))

    return expected


@pytest.mark.notebook("05_chain_rule.ipynb")
def test_05_chain_weights(lab):
    from mlp_core.chain_rule import chain_readout
    from mlp_core.widgets.chain_rule import DEFAULT_B, DEFAULT_X, DEFAULT_Y
    nb = open_main(lab, "05_chain_rule", "05")

    def expected(_value):
        w = values_of(nb, "05", ("w1", "w2", "w3"))
        return nb.html_text(chain_readout(w, list(DEFAULT_B), DEFAULT_X, DEFAULT_Y))

    check_slider_moves(nb, "05", expected, [("w3", -30, None), ("w1", 30, None)])


@pytest.mark.notebook("06_computational_graphs.ipynb")
def test_06_a_b_sliders_and_derivatives(lab):
    from mlp_core.autodiff import e_readout
    nb = open_main(lab, "06_computational_graphs", "06")

    def expected(_value):
        return nb.html_text(e_readout(*values_of(nb, "06", ("a", "b"))))

    check_slider_moves(nb, "06", expected, [("a", -30, None), ("b", -30, None)])


@pytest.mark.notebook("07_mnist_capstone.ipynb")
def test_07_drawing_pad(lab):
    import numpy as np

    import mlp_core
    from mlp_core.widgets.drawing_pad import pad_readout, paint
    PAD = ".mlp-main-07.mlp-drawing-pad"   # notebook 07 shows two main widgets: the pad, the trainer
    nb = open_main(lab, "07_mnist_capstone", PAD)
    # The network the page uses: the one the notebook trained and saved in Run All (into the
    # server's temporary copy of notebooks/), loaded back as the notebook loads it.
    net = mlp_core.load_network(nb.lab.server["root"] / "trained" / "mnist_784_16_16_10.npz")
    data = mlp_core.load_mnist()
    digit = 7   # the notebook's own cells leave its test image of a 3 on the pad
    pixels = data.X_test[:, np.flatnonzero(data.y_test == digit)[0]].reshape(28, 28).copy()

    def expected():
        return normalize(pad_readout(net.feedforward(pixels.reshape(-1, 1))))

    page = nb.page
    moves = [(f"load the example {digit}",
              lambda: page.locator(f"{PAD} .mlp-control-preset-{digit}").first),
             ("click pixel (14, 14)", lambda: pixel(14, 14)),
             ("key on pixel (5, 20)", lambda: pixel(5, 20))]

    def pixel(row, col):
        return page.locator(f"{PAD} .mlp-control-grid .mlp-pixel").nth(row * 28 + col)

    for what, target in moves:
        before_plot, before_text = nb.plot_signature(PAD), nb.readout(PAD)
        button = target()
        button.scroll_into_view_if_needed()
        nb.start_probe(PAD)
        if what.startswith("key"):
            button.focus()
            button.press("Enter")
        else:
            button.click()
        if what.startswith("click"):
            paint(pixels, 14, 14)
        elif what.startswith("key"):
            paint(pixels, 5, 20)
        text = nb.wait_readout(PAD, expected())
        assert text == expected(), (f"07: after '{what}' the readout reads\n  {text!r}\n"
                                    f"mlp_core computes\n  {expected()!r}\n(before: {before_text!r})")
        if text != before_text or what.startswith("load"):
            assert nb.wait_plot_changed(PAD, before_plot) != before_plot, \
                f"07: the output bars did not change after '{what}'"
        if what.startswith("click"):
            nb.record_timing("07_mnist_capstone / pixel click")
    nb.screenshot(PAD, "drawing_pad")
    assert_no_errors(nb)


@pytest.mark.notebook("07_mnist_capstone.ipynb")
def test_07_trainer_panel(lab):
    import mlp_core
    from mlp_core.widgets.trainer import training_readout
    PANEL = ".mlp-main-07:not(.mlp-drawing-pad)"   # the training control panel
    nb = open_main(lab, "07_mnist_capstone", PANEL)
    assert nb.readout(PANEL) == normalize(training_readout(None, 10)), "the readout before Train"

    # Fewer epochs, with the keyboard: the epochs slider's handle, ArrowLeft eight times (10 → 2).
    epochs = nb.handle(PANEL, "epochs")
    epochs.scroll_into_view_if_needed()
    epochs.focus()
    for _ in range(8):
        epochs.press("ArrowLeft")
    nb.page.wait_for_timeout(300)
    assert nb.slider_value(epochs) == 2, "ArrowLeft ×8 should move the epochs slider to 2"

    # The panel's default settings (its docstring and constructor): 784-16-16-10, sigmoid,
    # squared error, scaled initial weights, seed 0; η = 3.0, minibatches of 10.
    data = mlp_core.load_mnist()
    net = mlp_core.Network([784, 16, 16, 10], activation="sigmoid", output_activation="sigmoid",
                           cost="squared_error", init="scaled", seed=0)
    history = mlp_core.train(net, data.X_train, data.y_train, epochs=2, batch_size=10, eta=3.0,
                             X_test=data.X_test, y_test=data.y_test, seed=0)
    expected = normalize(training_readout(history, 2))

    before_plot = nb.plot_signature(PANEL)
    nb.page.locator(f"{PANEL} .mlp-control-train").first.click()
    text = nb.wait_readout(PANEL, expected, timeout_s=60)
    assert text == expected, f"07: after training 2 epochs the panel reads {text!r}, mlp_core: {expected!r}"
    assert nb.wait_plot_changed(PANEL, before_plot) != before_plot, "07: the curves were not drawn"
    nb.screenshot(PANEL, "trainer")
    assert_no_errors(nb)
