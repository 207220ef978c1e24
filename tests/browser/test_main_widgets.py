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

    # the last move takes b to its maximum: z passes 5 and the plot's z axis widens to follow it
    check_slider_moves(nb, "01", expected, [("w1", -40, None), ("a2", -25, None), ("b", 200, None)])


@pytest.mark.notebook("01_structure.ipynb")
def test_01_image_picker(lab):
    """01's second widget: the image slider redraws the untrained network (SEED = 1) for the
    image; the readout is ``network_view_readout`` for the new image."""
    nb = open_main(lab, "01_structure", "01")
    check_slider_moves(nb, IMAGE_VIEW, image_view_expectation(nb), [("image", 60, "image")])


IMAGE_VIEW = ".mlp-network-view"


def image_view_expectation(nb):
    """The readout 01's image picker should show for a slider value (None: the current one),
    computed by mlp_core for the untrained network of the notebook (seed 1)."""
    import mlp_core
    from mlp_core.widgets.network_view import network_view_readout
    net = mlp_core.Network([784, 16, 16, 10], activation="sigmoid", seed=1)
    data = mlp_core.load_mnist()

    def expected(value):
        i = int(value if value is not None else nb.slider_value(nb.handle(IMAGE_VIEW, "image")))
        return nb.html_text(network_view_readout(net, data.X_train, data.y_train, i))
    return expected


@pytest.mark.notebook("02_cost.ipynb")
def test_02_weight_slider_and_cost(lab):
    nb = open_main(lab, "02_cost", "02")
    expected = cost_explorer_expectation(nb)
    assert nb.readout("02") == expected(nb.slider_value(nb.handle("02", "value"))), \
        "the readout before any move"
    move_slider_and_check(nb, "02", "value", expected, drag_px=-30, label="weight")
    # a first-layer weight: its column is a pixel, and the plot shows where it is
    before = nb.plot_signature("02")
    nb.page.locator(".mlp-main-02 .mlp-control-layer select").select_option("1")
    assert nb.wait_plot_changed("02", before, timeout_s=30) != before, \
        "02: the plot did not redraw for a first-layer weight"
    assert nb.readout("02").startswith("W[1][2, 7] ="), nb.readout("02")
    nb.page.wait_for_function("""() => [...document.querySelectorAll('.mlp-main-02 .mlp-plot img')]
        .every(i => i.complete && i.naturalWidth > 0)""", timeout=10000)
    nb.wait_plot_changed("02", nb.plot_signature("02"), timeout_s=2)   # let a second redraw land
    # a figure drawn while another was being built once came out nearly blank (a few kB of
    # PNG instead of about 50 kB): the widget now draws one figure at a time
    sizes = nb.page.evaluate("""() => [...document.querySelectorAll('.mlp-main-02 .mlp-plot img')]
        .map(i => i.src.length)""")
    assert sizes and min(sizes) > 20000, f"02: the plot looks blank (PNG data of {sizes} characters)"
    nb.screenshot("02", "first_layer_pixel")
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
        # η is a selection slider over 0.001, 0.002, 0.003, 0.005, 0.01, …: its handle moves
        # an index; the value shown beside it is η itself.
        eta = float(normalize(nb.page.locator(
            ".mlp-main-03 .mlp-control-eta .widget-readout").inner_text()))
        steps, start = values_of(nb, "03", ("steps", "start"))
        return nb.html_text(describe_descent_1d(eta, int(round(steps)), start))

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
    from mlp_core.chain_rule import chain_readout_html
    from mlp_core.widgets.chain_rule import DEFAULT_B, DEFAULT_X, DEFAULT_Y
    nb = open_main(lab, "05_chain_rule", "05")

    def expected(_value):
        w = values_of(nb, "05", ("w1", "w2", "w3"))
        return nb.html_text(chain_readout_html(w, list(DEFAULT_B), DEFAULT_X, DEFAULT_Y))

    # the last move drags w1 past the end of its track, to +6: neuron 1 saturates
    check_slider_moves(nb, "05", expected, [("w3", -30, None), ("w1", 30, None),
                                            ("w1", 600, None)])
    assert "neuron 1 is saturated" in nb.readout("05"), nb.readout("05")
    nb.screenshot("05", "saturated")


@pytest.mark.notebook("06_computational_graphs.ipynb")
def test_06_a_b_sliders_and_derivatives(lab):
    from mlp_core.autodiff import e_readout
    nb = open_main(lab, "06_computational_graphs", "06")

    def expected(_value):
        return nb.html_text(e_readout(*values_of(nb, "06", ("a", "b"))))

    check_slider_moves(nb, "06", expected, [("a", -30, None), ("b", -30, None)])


@pytest.mark.notebook("07_mnist_capstone.ipynb")
def test_07_drawing_pad(lab):
    """Draw on the pad as a learner does — mouse down, moves, up — a 1, then (after Clear) a 7,
    then a 1 with a finger (touch events). The page must show each stroke on the canvas, and
    the readout must read exactly what mlp_core computes for the same events, replayed here in
    a DrawingPad (the events' positions are recorded in the page as ipycanvas computes them)."""
    import numpy as np

    import mlp_core
    from mlp_core.widgets.drawing_pad import EMPTY_TEXT, DrawingPad, pad_text
    PAD = ".mlp-main-07.mlp-drawing-pad"   # notebook 07 shows two main widgets: the pad, the trainer
    nb = open_main(lab, "07_mnist_capstone", PAD)
    page = nb.page
    # The network the page uses: the one the notebook trained and saved in Run All (into the
    # server's temporary copy of notebooks/), loaded back as the notebook loads it.
    net = mlp_core.load_network(nb.lab.server["root"] / "trained" / "mnist_784_16_16_10.npz")
    data = mlp_core.load_mnist()
    # The notebook's own cells leave its test image of a 3 on the pad.
    x3 = data.X_test[:, np.flatnonzero(data.y_test == 3)[0]].reshape(28, 28)
    assert nb.readout(PAD) == normalize(pad_text(net, np.kron(x3, np.ones((10, 10))))), \
        "07: the readout after Run All (the example 3 on the pad)"

    canvas = page.locator(f"{PAD} canvas.mlp-control-pad").first
    canvas.scroll_into_view_if_needed()
    page.evaluate(_RECORD_PAD_EVENTS_JS, f"{PAD} canvas.mlp-control-pad")
    clear = page.locator(f"{PAD} .mlp-control-clear").first

    def clear_pad():
        clear.click()
        assert nb.wait_readout(PAD, EMPTY_TEXT) == normalize(EMPTY_TEXT), \
            "07: after Clear the pad should say there is nothing to classify"
        page.wait_for_timeout(200)
        assert _canvas_ink(page, canvas, [(140, 140), (40, 40), (240, 240)]) == [0, 0, 0], \
            "07: after Clear the canvas should be black"
        page.evaluate("() => { window.__mlpPadEvents = []; }")

    touch = nb.context.new_cdp_session(page)   # touch events, as a finger on a touch screen

    def draw(strokes, what, by="mouse"):
        """Drag each stroke with the mouse — or a finger (by="touch") — through its points (in
        canvas pixels); then check the canvas and the readout."""
        box = canvas.bounding_box()
        before_plot, before_text = nb.plot_signature(PAD), nb.readout(PAD)
        nb.start_probe(PAD)
        mouse = page.mouse

        def finger(kind, x=None, y=None):
            points = [] if x is None else [{"x": box["x"] + x, "y": box["y"] + y}]
            touch.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

        for stroke in strokes:
            (x0, y0), rest = stroke[0], stroke[1:]
            if by == "mouse":
                mouse.move(box["x"] + x0, box["y"] + y0)
                mouse.down()
            else:
                finger("touchStart", x0, y0)
            for x1, y1 in rest:
                for i in range(1, 9):          # eight moves per segment, as a hand moves
                    x, y = x0 + (x1 - x0) * i / 8, y0 + (y1 - y0) * i / 8
                    if by == "mouse":
                        mouse.move(box["x"] + x, box["y"] + y)
                    else:
                        finger("touchMove", x, y)
                    page.wait_for_timeout(15)
                x0, y0 = x1, y1
            if by == "mouse":
                mouse.up()
            else:
                finger("touchEnd")
        events = page.evaluate("() => window.__mlpPadEvents")
        starts = {"mouse": "mousedown", "touch": "touchstart"}[by]
        assert [e["type"] for e in events].count(starts) == len(strokes), events[:5]
        replay = DrawingPad(net)               # the same events, through mlp_core
        for e in events:
            if e["type"] == "mousedown":
                replay.press(e["x"], e["y"])
            elif e["type"] == "mousemove":
                replay.drag(e["x"], e["y"])
            elif e["type"] == "touchstart":
                replay.press(*e["touches"][0])
            elif e["type"] == "touchmove":
                replay.drag(*e["touches"][0])
            elif e["type"] == "touchend":
                if not e["touches"]:           # no finger left: the pen goes up
                    replay.release()
            else:                              # mouseup, mouseout: the pen goes up
                replay.release()
        expected = normalize(replay.readout.value)
        text = nb.wait_readout(PAD, expected)
        assert text == expected, (f"07: after drawing {what} the readout reads\n  {text!r}\n"
                                  f"mlp_core computes\n  {expected!r}\n(before: {before_text!r})")
        assert nb.wait_plot_changed(PAD, before_plot) != before_plot, \
            f"07: the output bars did not change after drawing {what}"
        # The stroke is on the canvas: bright under the middle of each segment, black far away.
        mids = [((a[0] + b[0]) / 2, (a[1] + b[1]) / 2) for s in strokes for a, b in zip(s, s[1:])]
        shown = _canvas_ink(page, canvas, mids)
        assert all(v > 200 for v in shown), f"07: the canvas does not show {what}: {shown}"
        assert _canvas_ink(page, canvas, [(20, 270), (270, 270)]) == [0, 0], \
            f"07: the canvas shows ink where {what} was not drawn"
        prepared = page.locator(f"{PAD} canvas.mlp-prepared").first
        assert prepared.evaluate(_CANVAS_MAX_JS) > 200, "07: the network's input image shows no ink"
        return text

    clear_pad()
    one = draw([[(140, 50), (140, 230)]], "a 1")
    nb.record_timing("07_mnist_capstone / pad stroke")
    assert one.startswith("the network says 1 "), one
    nb.screenshot(PAD, "drawing_pad_1")
    clear_pad()
    seven = draw([[(90, 60), (190, 60)], [(190, 60), (120, 230)]], "a 7")
    assert seven.startswith("the network says 7 "), seven
    nb.screenshot(PAD, "drawing_pad")
    clear_pad()
    one_by_touch = draw([[(150, 40), (140, 140), (135, 235)]], "a 1 by touch", by="touch")
    assert one_by_touch.startswith("the network says 1 "), one_by_touch
    nb.screenshot(PAD, "drawing_pad_touch")
    assert_no_errors(nb)


# Records the pad's mouse and touch events with the positions ipycanvas computes and sends to
# the kernel: canvas.width · (clientX − left) / rect width (the same expression, so the same
# numbers), for the mouse and for each finger still touching.
_RECORD_PAD_EVENTS_JS = """(sel) => {
  const el = document.querySelector(sel);
  window.__mlpPadEvents = [];
  const at = (p) => { const r = el.getBoundingClientRect();
    return [el.width * (p.clientX - r.left) / r.width, el.height * (p.clientY - r.top) / r.height]; };
  for (const type of ['mousedown', 'mousemove', 'mouseup', 'mouseout']) {
    el.addEventListener(type, (e) => { const [x, y] = at(e);
      window.__mlpPadEvents.push({type: type, x: x, y: y}); }, true);
  }
  for (const type of ['touchstart', 'touchmove', 'touchend', 'touchcancel']) {
    el.addEventListener(type, (e) => {
      window.__mlpPadEvents.push({type: type, touches: [...e.touches].map(at)}); }, true);
  }
}"""


_CANVAS_MAX_JS = """(el) => { const d = el.getContext('2d').getImageData(0, 0, el.width,
    el.height).data; let m = 0; for (let i = 0; i < d.length; i += 4) m = Math.max(m, d[i]);
    return m; }"""


def _canvas_ink(page, canvas, points):
    """The red channel (0–255) of a canvas element's pixels at (x, y) canvas points."""
    return canvas.evaluate("""(el, pts) => { const ctx = el.getContext('2d');
        return pts.map(([x, y]) => ctx.getImageData(Math.floor(x), Math.floor(y), 1, 1).data[0]); }""",
                           [list(p) for p in points])


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
