"""A training control panel: choose the settings, press Train, watch the curves, press Stop.

Why a thread: while a notebook cell (or a widget callback) runs, the kernel handles no other
widget events, so a Stop button pressed during a plain ``train(...)`` call would only be seen
after training had finished. The panel therefore trains in a background thread. Stop sets a
``threading.Event``; :func:`mlp_core.train` calls our ``on_step`` after every minibatch step,
and ``on_step`` returns True once the event is set — ``train`` then finishes that epoch's
evaluation and returns with ``history.stopped_early = True``.

CSS classes (for the browser tests):
``mlp-main mlp-main-07`` on the outer box; controls ``mlp-control-eta``, ``mlp-control-batch``,
``mlp-control-hidden``, ``mlp-control-cost``, ``mlp-control-init``, ``mlp-control-epochs``,
``mlp-control-train``, ``mlp-control-stop``; the readout ``mlp-readout`` (an HTML widget whose
text is ``training_readout(history, epochs)``, or a message from :func:`settings_message`); the
plot ``mlp-plot`` (an Image widget holding a PNG of the cost and accuracy curves).
"""
import threading

import ipywidgets as widgets
import numpy as np

from ..datasets import load_mnist
from ..i18n import N_, _
from ..network import INITS, Network
from ..training import TrainingDiverged, train
from ..viz.inspect import figure_png, training_curves
from ..viz.style import COLORS

COSTS = {
    # label (in English; shown through _()) → (cost, output activation). Cross-entropy needs
    # a softmax output layer.
    N_("squared error (sigmoid outputs)"): ("squared_error", "sigmoid"),
    N_("cross-entropy (softmax outputs)"): ("cross_entropy", "softmax"),
}
ETAS = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0, 100.0)
MAX_HIDDEN_LAYERS = 4
MAX_LAYER_SIZE = 256


def parse_hidden_sizes(text):
    """``"16, 16"`` → ``[16, 16]``: the hidden layer sizes typed by the learner.

    An empty text means no hidden layer (784-10). Raises ValueError with a message that says
    what was expected, for anything else than up to 4 whole numbers 1 … 256 separated by
    commas or spaces.
    """
    parts = [p for p in str(text).replace(",", " ").split() if p]
    if len(parts) > MAX_HIDDEN_LAYERS:
        raise ValueError(_("at most {most} hidden layers; got {count}").format(
            most=MAX_HIDDEN_LAYERS, count=len(parts)))
    sizes = []
    for p in parts:
        if not p.isdecimal() or not 1 <= int(p) <= MAX_LAYER_SIZE:  # ("³".isdigit() is True)
            raise ValueError(_("hidden layer sizes must be whole numbers 1 … {largest} "
                               "separated by commas, e.g. 16, 16; got {text}").format(
                largest=MAX_LAYER_SIZE, text=repr(p)))
        sizes.append(int(p))
    return sizes


def training_readout(history, epochs):
    """The panel's readout text after each epoch.

    ``"epoch 3/30 · cost 0.1234 · test accuracy 0.912"`` (cost to 4 decimals, accuracy to 3),
    followed by ``" · stopped early"`` if Stop was pressed. Before any epoch:
    ``"ready: press Train"``.
    """
    if history is None or history.epochs == 0:
        return _("ready: press Train")
    text = _("epoch {epoch}/{epochs} · cost {cost}").format(
        epoch=history.epochs, epochs=epochs, cost=f"{history.cost[-1]:.4f}")
    if history.test_accuracy:
        text += " · " + _("test accuracy {accuracy}").format(
            accuracy=f"{history.test_accuracy[-1]:.3f}")
    if history.stopped_early:
        text += " · " + _("stopped early")
    return text


def settings_message(error):
    """The readout text for settings that cannot be used: ``"cannot train: <reason>"``."""
    return _("cannot train: {reason}").format(reason=error)


class LiveCurves:
    """A live plot of training cost and test accuracy, updated by ``train``'s on_epoch.

    ``live = LiveCurves(30); display(live.widget)`` then ``train(..., on_epoch=live.update)``.
    The widget is an ``ipywidgets.Image`` (class ``mlp-plot``) holding a PNG: outgoing widget
    updates reach the browser even while the training cell is still running. The axes are
    drawn once; each epoch only moves the lines' data and re-renders (about 70 ms), so the
    plot costs little next to the training itself.
    """

    def __init__(self, epochs, figsize=(9, 3.0), dpi=80):
        self.epochs, self.dpi = epochs, dpi
        self.fig = training_curves(_empty_history(), epochs, figsize, pyplot=False)
        self.ax_cost, self.ax_acc = self.fig.axes
        self.cost_line, = self.ax_cost.plot([], [], "o-", color=COLORS["cost"], ms=3)
        self.test_line, = self.ax_acc.plot([], [], "o-", color=COLORS["target"], ms=3,
                                           label=_("test"))
        self.train_line, = self.ax_acc.plot([], [], "--", color=COLORS["neutral"],
                                            label=_("training (during each epoch)"))
        self.ax_acc.legend(loc="lower right")
        self.ax_cost.set_ylim(0, 1)
        self.widget = widgets.Image(format="png", value=self._png())
        self.widget.add_class("mlp-plot")

    def _png(self):
        return figure_png(self.fig, dpi=self.dpi)

    def reset(self, epochs):
        """Empty the curves and set the planned number of epochs (the x range)."""
        self.epochs = epochs
        for ax in (self.ax_cost, self.ax_acc):
            ax.set_xlim(0.5, max(epochs, 1) + 0.5)
        return self.update(0, _empty_history())

    def update(self, epoch, history):
        """Redraw with the epochs so far; returns False (never asks training to stop)."""
        x = np.arange(1, history.epochs + 1)
        self.cost_line.set_data(x, history.cost)
        self.test_line.set_data(x[:len(history.test_accuracy)], history.test_accuracy)
        self.train_line.set_data(x[:len(history.train_accuracy)], history.train_accuracy)
        top = max(history.cost) if history.cost else 1.0   # an empty plot: cost axis 0 … 1
        self.ax_cost.set_ylim(0, top * 1.08 if np.isfinite(top) and top > 0 else 1)
        self.widget.value = self._png()
        return False


def _empty_history():
    from ..training import History
    return History()


class TrainerPanel:
    """The control panel: learning rate, minibatch size, hidden sizes, cost, initialisation,
    epochs, Train and Stop.

    Parameters
    ----------
    data : mlp_core.MNIST, optional     default: ``load_mnist()`` (the offline sample)
    seed : int                          seeds the initial weights and the shuffling
    background : bool                   train in a thread (True, so Stop works in a
                                        notebook); False trains inside the Train handler

    Attributes: ``net`` (the network being or last trained), ``history`` (its History),
    ``main`` (the box to display), and every control by name.
    """

    def __init__(self, data=None, seed=0, background=True):
        self.data = load_mnist() if data is None else data
        self.seed, self.background = seed, background
        self.net, self.history, self.error = None, None, None
        self._stop = threading.Event()
        self._thread = None

        style = {"description_width": "150px"}
        wide = widgets.Layout(width="420px")
        # A fixed list of learning rates, so that the article's η = 3.0 is exactly on it.
        self.eta = widgets.SelectionSlider(options=ETAS, value=3.0,
                                           description=_("learning rate η"), style=style,
                                           layout=wide)
        # At most the number of training images: a larger minibatch is refused by train.
        self.batch = widgets.IntSlider(value=10, min=1, max=min(200, self.data.X_train.shape[1]),
                                       description=_("minibatch size"), style=style, layout=wide)
        self.hidden = widgets.Text(value="16, 16", description=_("hidden layer sizes"),
                                   style=style, layout=wide)
        # (label shown, value): the value stays the English key of COSTS in every language
        self.cost = widgets.Dropdown(options=[(_(label), label) for label in COSTS],
                                     description=_("cost"), style=style, layout=wide)
        self.init = widgets.Dropdown(options=[(_("scaled: N(0, 1/n_in)"), "scaled"),
                                              (_("standard: N(0, 1)"), "standard")],
                                     value="scaled", description=_("initial weights"),
                                     style=style, layout=wide)
        self.epochs = widgets.IntSlider(value=10, min=1, max=60, description=_("epochs"),
                                        style=style, layout=wide)
        self.train_button = widgets.Button(description=_("Train"), button_style="success",
                                           icon="play")
        self.stop_button = widgets.Button(description=_("Stop"), button_style="danger",
                                          icon="stop", disabled=True)
        self.readout = widgets.HTML(value=training_readout(None, self.epochs.value))
        self.curves = LiveCurves(self.epochs.value)
        self.plot = self.curves.widget

        for name, w in [("eta", self.eta), ("batch", self.batch), ("hidden", self.hidden),
                        ("cost", self.cost), ("init", self.init), ("epochs", self.epochs),
                        ("train", self.train_button), ("stop", self.stop_button)]:
            w.add_class(f"mlp-control-{name}")
        self.readout.add_class("mlp-readout")
        self.train_button.on_click(self.on_train)
        self.stop_button.on_click(self.on_stop)

        self.main = widgets.VBox([
            widgets.HBox([widgets.VBox([self.eta, self.batch, self.hidden]),
                          widgets.VBox([self.cost, self.init, self.epochs])]),
            widgets.HBox([self.train_button, self.stop_button, self.readout]),
            self.plot])
        self.main.add_class("mlp-main")
        self.main.add_class("mlp-main-07")

    # -- the settings -----------------------------------------------------------------------
    def build_network(self):
        """A fresh Network from the current settings (ValueError if they cannot be used)."""
        hidden = parse_hidden_sizes(self.hidden.value)
        cost, out = COSTS[self.cost.value]
        if self.init.value not in INITS:
            raise ValueError(f"unknown initialisation {self.init.value!r}")
        n_in, n_out = self.data.X_train.shape[0], 10
        return Network([n_in, *hidden, n_out], activation="sigmoid", output_activation=out,
                       cost=cost, init=self.init.value, seed=self.seed)

    @property
    def running(self):
        """True while a training thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    # -- the buttons ------------------------------------------------------------------------
    def on_train(self, _button=None):
        """Train handler: build a network from the settings and train it (in a thread)."""
        if self.running:
            self.readout.value = _("already training: press Stop first")
            return
        try:
            net = self.build_network()
        except ValueError as e:
            self.error = str(e)
            self.readout.value = settings_message(e)
            return
        self.net, self.history, self.error = net, None, None
        self._stop.clear()
        self._epochs = self.epochs.value
        self.curves.reset(self._epochs)
        self.readout.value = _("training {sizes} …").format(sizes=net.sizes)
        self.train_button.disabled, self.stop_button.disabled = True, False
        if self.background:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        else:
            self._run()

    def on_stop(self, _button=None):
        """Stop handler: ask the training thread to stop after its current step."""
        self._stop.set()
        if self.running:
            self.readout.value = _("stopping …")

    def wait(self, timeout=None):
        """Block until the training thread has finished (for scripts and tests)."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self.history

    # -- the work ---------------------------------------------------------------------------
    def _on_step(self, info):
        return self._stop.is_set()

    def _on_epoch(self, epoch, history):
        self.history = history
        self.readout.value = training_readout(history, self._epochs)
        self.curves.update(epoch, history)
        return self._stop.is_set()

    def _run(self):
        d = self.data
        try:
            self.history = train(self.net, d.X_train, d.y_train, epochs=self._epochs,
                                 batch_size=self.batch.value, eta=float(self.eta.value),
                                 X_test=d.X_test, y_test=d.y_test, seed=self.seed,
                                 on_step=self._on_step, on_epoch=self._on_epoch)
            self.readout.value = training_readout(self.history, self._epochs)
            self.curves.update(self.history.epochs, self.history)
        except TrainingDiverged as e:
            self.error = str(e)
            self.readout.value = _("training diverged: {error}").format(error=e)
        except Exception as e:  # shown in the panel: a thread's traceback would be lost
            self.error = f"{type(e).__name__}: {e}"
            self.readout.value = _("training failed: {error}").format(error=self.error)
        finally:
            self.train_button.disabled, self.stop_button.disabled = False, True


def trainer_panel(data=None, seed=0):
    """Build a :class:`TrainerPanel` and return it (display ``panel.main``)."""
    return TrainerPanel(data, seed)
