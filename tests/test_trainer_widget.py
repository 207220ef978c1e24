"""The training panel, driven without a browser: press Train, press Stop, read the readout."""
import time

import numpy as np
import pytest

from mlp_core import MNIST, History, Network, load_mnist, train
from mlp_core.widgets.trainer import (LiveCurves, TrainerPanel, parse_hidden_sizes,
                                      settings_message, training_readout)


@pytest.fixture(scope="module")
def small():
    d = load_mnist()
    return MNIST(d.X_train[:, :600], d.y_train[:600], d.X_test[:, :200], d.y_test[:200])


def test_classes_for_the_browser_tests(small):
    p = TrainerPanel(small)
    assert {"mlp-main", "mlp-main-07"} <= set(p.main._dom_classes)
    for name, w in [("eta", p.eta), ("batch", p.batch), ("hidden", p.hidden), ("cost", p.cost),
                    ("init", p.init), ("epochs", p.epochs), ("train", p.train_button),
                    ("stop", p.stop_button)]:
        assert f"mlp-control-{name}" in w._dom_classes
    assert "mlp-readout" in p.readout._dom_classes and "mlp-plot" in p.plot._dom_classes
    assert p.readout.value == "ready: press Train"


def test_train_in_the_handler_gives_the_same_network_as_train(small):
    p = TrainerPanel(small, seed=2, background=False)
    p.eta.value, p.batch.value, p.epochs.value, p.hidden.value = 1.0, 20, 3, "12"
    png_before = p.plot.value
    p.on_train()
    # the same run, made directly with the core functions
    net = Network([784, 12, 10], seed=2)
    h = train(net, small.X_train, small.y_train, epochs=3, batch_size=20, eta=1.0,
              X_test=small.X_test, y_test=small.y_test, seed=2)
    assert p.history.epochs == 3 and not p.history.stopped_early
    np.testing.assert_allclose(p.net.W[1], net.W[1])
    acc = np.mean(net.predict(small.X_test) == small.y_test)
    assert p.readout.value == f"epoch 3/3 · cost {h.cost[-1]:.4f} · test accuracy {acc:.3f}"
    assert p.plot.value != png_before and p.plot.value[:4] == b"\x89PNG"
    assert not p.train_button.disabled and p.stop_button.disabled


def test_cross_entropy_uses_a_softmax_output(small):
    p = TrainerPanel(small, background=False)
    p.cost.value = "cross-entropy (softmax outputs)"
    p.epochs.value, p.eta.value = 1, 0.5
    p.on_train()
    assert p.net.output_activation.name == "softmax" and p.net.cost_fn.name == "cross_entropy"
    np.testing.assert_allclose(p.net.feedforward(small.X_test[:, :5]).sum(axis=0), 1.0)
    p.init.value, p.hidden.value = "standard", "8, 8, 8"
    p.on_train()
    assert p.net.sizes == [784, 8, 8, 8, 10] and p.net.init == "standard"


def test_stop_button_stops_a_background_run(small):
    p = TrainerPanel(small, background=True)
    p.epochs.value = 60
    p.on_train()                 # returns at once: training runs in its thread
    assert p.running and p.train_button.disabled and not p.stop_button.disabled
    p.on_stop()
    h = p.wait(timeout=60)
    assert not p.running
    assert h.stopped_early and h.epochs < 60
    assert p.readout.value.endswith("· stopped early")
    assert not p.train_button.disabled and p.stop_button.disabled


def test_stop_after_some_epochs(small):
    p = TrainerPanel(small, background=True)
    p.epochs.value = 60
    p.on_train()
    deadline = time.time() + 60
    while (p.history is None or p.history.epochs < 2) and time.time() < deadline:
        time.sleep(0.01)
    p.on_stop()
    h = p.wait(timeout=60)
    assert h.stopped_early and 2 <= h.epochs < 60
    assert len(h.test_accuracy) == h.epochs


def test_pressing_train_while_running_is_refused(small):
    p = TrainerPanel(small, background=True)
    p.epochs.value = 60
    p.on_train()
    net = p.net
    p.on_train()
    assert p.readout.value == "already training: press Stop first" and p.net is net
    p.on_stop()
    p.wait(timeout=60)


@pytest.mark.parametrize("text", ["16, x", "0", "16 16 16 16 16", "1000"])
def test_bad_hidden_sizes_show_a_message(small, text):
    p = TrainerPanel(small, background=False)
    p.hidden.value = text
    p.on_train()
    assert p.readout.value.startswith("cannot train: ") and p.net is None
    with pytest.raises(ValueError) as e:
        parse_hidden_sizes(text)
    assert p.readout.value == settings_message(e.value)


def test_parse_hidden_sizes():
    assert parse_hidden_sizes("16, 16") == [16, 16]
    assert parse_hidden_sizes(" 30 ") == [30]
    assert parse_hidden_sizes("") == []


def test_extreme_learning_rate_shows_a_message_not_a_traceback(small):
    p = TrainerPanel(small, background=False)
    p.eta.value, p.epochs.value = 100.0, 2
    p.on_train()   # must not raise, whatever happens at η = 100
    assert p.readout.value.startswith(("epoch 2/2", "training diverged"))


def test_readout_text():
    h = History(cost=[0.5, 0.25], test_accuracy=[0.8, 0.9123])
    assert training_readout(h, 30) == "epoch 2/30 · cost 0.2500 · test accuracy 0.912"
    h.stopped_early = True
    assert training_readout(h, 30).endswith(" · stopped early")
    assert training_readout(History(), 5) == "ready: press Train"


def test_live_curves_redraws_each_epoch():
    live = LiveCurves(5)
    first = live.widget.value
    assert live.update(1, History(cost=[0.4], test_accuracy=[0.7], train_accuracy=[0.7])) is False
    assert live.widget.value != first and "mlp-plot" in live.widget._dom_classes
