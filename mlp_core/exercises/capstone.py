"""Exercises of notebook 07: read the confusion matrix, and write the training loop.

Row i of a confusion matrix holds the examples whose *true* digit is i; column j those the
network *called* j. So the share of i's recognised is cm[i, i] / (row i's sum), and the
most common mistake is the largest entry off the diagonal, read as (row = true, column = said).
"""
import numpy as np

from ..evaluation import most_confused_pair, per_class_accuracy
from ..i18n import N_, _
from .coding import (NO_ANSWER, NOT_QUITE, RIGHT, Feedback, call_learner, reference,
                     register_solution, say)


def _check_cm(cm):
    cm = np.asarray(cm)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1] or cm.shape[0] < 2:
        raise ValueError(f"cm must be a square confusion matrix (n, n); got shape {cm.shape}")
    return cm


def _is_digit(x, n):
    return isinstance(x, (int, np.integer)) and not isinstance(x, bool) and 0 <= x < n


def check_weakest_digit(answer, cm):
    """Is ``answer`` the true digit recognised least often (lowest cm[i, i] / row sum)?

    Returns a str starting with "Right", "Not quite" or "No answer yet" (in the reader's
    language).
    """
    cm = _check_cm(cm)
    if answer is None:
        return say(NO_ANSWER, _("set weakest_digit to a digit and run the cell again."))
    if not _is_digit(answer, cm.shape[0]):
        return say(NOT_QUITE, _("the answer is a digit 0 … {largest}; got {answer}.").format(
            largest=cm.shape[0] - 1, answer=repr(answer)))
    acc = per_class_accuracy(cm)
    worst = np.flatnonzero(acc == np.nanmin(acc))
    shares = _("{correct} of {total} = {share}").format(
        correct=cm[answer, answer], total=cm[answer].sum(), share=f"{acc[answer]:.2f}")
    if answer in worst:
        right = (_("{digit}'s row has {shares} on the diagonal, the lowest share of any digit "
                   "(a tie).") if len(worst) > 1 else
                 _("{digit}'s row has {shares} on the diagonal, the lowest share of any digit."))
        return say(RIGHT, right.format(digit=answer, shares=shares))
    col = cm.diagonal() / np.maximum(cm.sum(axis=0), 1)
    if answer == int(np.argmin(col)):
        return say(NOT_QUITE, _(
            "that is the column with the lowest share correct — how often the network is right "
            "when it *says* that digit. Read the rows: row i holds the true {digit}'s. The "
            "lowest row share is {lowest}.").format(digit=answer, lowest=f"{acc[worst[0]]:.2f}"))
    return say(NOT_QUITE, _("{digit}'s row has {shares} correct; look for the row whose "
                            "diagonal entry is the smallest share of its row's sum.").format(
        digit=answer, shares=shares))


def check_most_confused(answer, cm):
    """Is ``answer`` = (true digit, digit it was called) the most common mistake?

    Returns a str starting with "Right", "Not quite" or "No answer yet" (in the reader's
    language).
    """
    cm = _check_cm(cm)
    if answer is None:
        return say(NO_ANSWER, _("set most_confused = (true digit, predicted digit)."))
    n = cm.shape[0]
    if (not isinstance(answer, (tuple, list)) or len(answer) != 2
            or not all(_is_digit(d, n) for d in answer)):
        return say(NOT_QUITE, _("give a pair of digits (true, predicted), e.g. (4, 9); got "
                                "{answer}.").format(answer=repr(answer)))
    t, p = int(answer[0]), int(answer[1])
    i, j, count = most_confused_pair(cm)
    best = [(a, b) for a in range(n) for b in range(n) if a != b and cm[a, b] == count]
    if t == p:
        return say(NOT_QUITE, _("the diagonal holds the correct answers; a mistake is an entry "
                                "off the diagonal."))
    if (t, p) in best:
        others = ", ".join(f"{a} → {b}" for a, b in best if (a, b) != (t, p))
        right = (_("{count} true {true}'s were called {said}, the largest entry off the diagonal "
                   "(a tie: {others} also {count} times each).") if others else
                 _("{count} true {true}'s were called {said}, the largest entry off the "
                   "diagonal."))
        return say(RIGHT, right.format(count=cm[t, p], true=t, said=p, others=others))
    if (p, t) in best:
        return say(NOT_QUITE, _(
            "you swapped the two. Rows are the true digit: {count} true {said}'s were called "
            "{true}, but only {yours} true {true}'s were called {said}.").format(
                count=count, true=t, said=p, yours=cm[t, p]))
    return say(NOT_QUITE, _("only {yours} true {true}'s were called {said}; the largest entry "
                            "off the diagonal is {count}.").format(
        yours=cm[t, p], true=t, said=p, count=count))


# The reading of the confusion matrix: rows are the true digits, columns what was said.
register_solution("weakest_digit_07", """\
shares = np.diag(cm) / cm.sum(axis=1)        # each true digit's share called right
weakest_digit = int(np.argmin(shares))""")
register_solution("most_confused_07", """\
off = cm - np.diag(np.diag(cm))              # the mistakes only
most_confused = tuple(int(d) for d in np.unravel_index(np.argmax(off), cm.shape))""")


# -- write it yourself: the training loop ---------------------------------------------------
# The learner writes minibatch SGD for a real network: epochs, a shuffle per epoch, minibatches
# of columns, and one step W[l] ← W[l] − η ∂C/∂W[l], b[l] ← b[l] − η ∂C/∂b[l] per minibatch,
# with the gradients of net.backprop. The checker watches the loop from inside: while the
# learner's function runs, every Network.backprop call is recorded (which network, which
# images, which labels, the parameters before the call and the gradients it returned), so it
# can say *what* is off — the shuffle, the minibatches, the labels, the data, or the step of
# which layer — and then it trains a real 784-16-16-10 network with the learner's loop and
# measures its test accuracy.

@reference("train_loop")
def train_loop(net, X, y, epochs, batch_size, eta, rng):
    m = X.shape[1]
    for epoch in range(epochs):
        order = rng.permutation(m)                  # a new shuffle every epoch
        for start in range(0, m, batch_size):       # the last minibatch may be smaller
            batch = order[start:start + batch_size]
            g = net.backprop(X[:, batch], y[batch])   # columns and labels, the same order
            for l in range(1, net.L + 1):           # every layer: W and b
                net.W[l] -= eta * g.grad_W[l]
                net.b[l] -= eta * g.grad_b[l]
    return net


TRAIN_LOOP_FIRST_HINT = N_("for each epoch: order = rng.permutation(m); for start in range(0, m, "
                            "batch_size): batch = order[start:start + batch_size]; g = "
                            "net.backprop(X[:, batch], y[batch]); then for l in 1 … net.L: "
                            "net.W[l] -= eta * g.grad_W[l] and net.b[l] -= eta * g.grad_b[l]. "
                            "Return net.")

#: The accuracy run: the notebook's network and settings, and the promise of the exercise.
ACCURACY_RUN = dict(sizes=[784, 16, 16, 10], seed=0, epochs=5, batch_size=10, eta=3.0)
TARGET_ACCURACY = 0.85

#: The slips the training-loop checker recognises (each has a test that feeds it); in English,
#: shown through _().
TRAIN_LOOP_SLIPS = {
    "not shuffled": N_("did not shuffle: every epoch takes the images in the order 0, 1, 2, …"),
    "shuffled once": N_("shuffled once, before the epochs: every epoch repeats the same order"),
    "misaligned": N_("shuffled the images and the labels differently: the labels no longer "
                     "belong to their images"),
    "dropped": N_("dropped the last, smaller minibatch"),
    "repeated": N_("drew the minibatches with replacement: some images come twice in an epoch, "
                   "others never"),
    "one at a time": N_("ignored batch_size and stepped on one image at a time"),
    "full batch": N_("took one step on all m images (full-batch gradient descent)"),
    "epochs": N_("ran a different number of epochs than asked"),
    "test set": N_("trained on the test images"),
    "other data": N_("trained on images that are not the X given"),
    "new network": N_("made a new Network inside the function (re-initialising throws away "
                      "what the epochs before learnt)"),
    "uphill": N_("added η·∂C/∂W instead of subtracting it (a step uphill)"),
    "no eta": N_("forgot η: the step was the gradient itself"),
    "eta twice": N_("applied η twice (η²·∂C/∂W)"),
    "no update": N_("never changed the network's parameters (a copy was updated, or a new "
                    "array bound to a local name)"),
    "bias forgotten": N_("updated W[l] but not b[l]"),
    "weights forgotten": N_("updated b[l] but not W[l]"),
    "averaged twice": N_("divided the gradient by the minibatch size again (net.backprop's "
                         "gradient is already the mean over the minibatch)"),
    "summed": N_("multiplied the gradient by the minibatch size (a sum over the minibatch "
                 "instead of its mean)"),
    "some layers": N_("updated only some of the layers"),
    "mc.train": N_("let mc.train do the work"),
}


class _BackpropRecorder:
    """While active, records every ``Network.backprop`` call of every network: the network,
    the example ids of the minibatch's columns, its labels, the parameters before the call
    and the gradients returned. ``ids`` maps a column's bytes to its example number in X;
    ``test_ids`` those of the test images (to name that slip)."""

    def __init__(self, X, X_test=None, record=True):
        self.ids = {X[:, i].tobytes(): i for i in range(X.shape[1])}
        self.test_ids = ({} if X_test is None else
                         {X_test[:, i].tobytes(): i for i in range(X_test.shape[1])})
        self.record = record
        self.calls = []

    def __enter__(self):
        from ..network import Network
        self._network = Network
        self._original = original = Network.backprop
        recorder = self

        def backprop(net, Xb, Yb):
            g = original(net, Xb, Yb)
            if recorder.record:
                recorder._log(net, Xb, Yb, g)
            return g

        Network.backprop = backprop
        return self

    def _log(self, net, Xb, Yb, g):
        Xb = np.asarray(Xb, dtype=float)
        cols = [Xb[:, i].tobytes() for i in range(Xb.shape[1])]
        ids = [self.ids.get(c, -1) for c in cols]
        in_test = [c in self.test_ids for c in cols]
        Yb = np.asarray(Yb)
        labels = np.argmax(Yb, axis=0) if Yb.ndim == 2 else Yb.astype(int)
        self.calls.append(dict(net=net, ids=np.array(ids), in_test=any(in_test),
                               labels=np.array(labels),
                               W=[None] + [net.W[l].copy() for l in range(1, net.L + 1)],
                               b=[None] + [net.b[l].copy() for l in range(1, net.L + 1)],
                               gW=g.grad_W, gb=g.grad_b))

    def __exit__(self, *exc):
        self._network.backprop = self._original
        return False


def train_loop_case(data):
    """The small case the loop is watched on: the first 23 training images (23 is not a
    multiple of the minibatch size 5, so a last, smaller minibatch exists), a 784-6-10
    network, η = 0.5, 3 epochs (so that the shuffle of each epoch can be compared)."""
    from ..network import Network
    X, y = data.X_train[:, :23], data.y_train[:23]
    return dict(net=Network([784, 6, 10], seed=1), X=X, y=y, epochs=3, batch_size=5, eta=0.5,
                seed=7)


def check_train_loop(fn, data):
    """Check the learner's ``train_loop(net, X, y, epochs, batch_size, eta, rng)``.

    First on a small watched case (:func:`train_loop_case`): the minibatches (which images,
    with which labels, how many per epoch, in which order) and every step, layer by layer,
    against W[l] − η ∂C/∂W[l] and b[l] − η ∂C/∂b[l]. Then the real thing: the notebook's
    784-16-16-10 network trained with the learner's loop for 5 epochs on the training images
    (minibatches of 10, η = 3.0) must classify at least 85% of the test images correctly.

    data : mlp_core's MNIST (X_train, y_train, X_test, y_test), the notebook's ``data``; the
        accuracy run always uses the 4,000/1,000-image sample. Returns a Feedback.
    """
    case = train_loop_case(data)
    net0, X, y = case["net"], case["X"], case["y"]
    start_W = [None] + [w.copy() for w in net0.W[1:]]
    start_b = [None] + [b.copy() for b in net0.b[1:]]
    epochs, B, eta, m = case["epochs"], case["batch_size"], case["eta"], X.shape[1]
    where = _("(watched on {m} training images, a 784-6-10 network, batch_size = {B}, "
              "eta = {eta}, epochs = {epochs})").format(m=m, B=B, eta=f"{eta:g}", epochs=epochs)
    with _BackpropRecorder(X, data.X_test) as rec:
        value, fb = call_learner(fn, net0, X, y, epochs, B, eta,
                                 np.random.default_rng(case["seed"]),
                                 first_hint=TRAIN_LOOP_FIRST_HINT, timeout=5.0)
    if fb is not None:
        return fb
    fb = _diagnose_loop(value, net0, start_W, start_b, rec.calls, m, y, epochs, B, eta, where)
    if fb is not None:
        return fb
    return _accuracy_run(fn, data)


def _then(first, second):
    """Two translated sentences one after the other: with a space between them, except after
    a full-width (Chinese) punctuation mark."""
    if not second:
        return first
    return first + ("" if first.endswith(("。", "：", "；", "）", "！", "？")) else " ") + second


def _says(key, more=""):
    """"This is what you get if you <slip>." and ``more`` (already translated)."""
    return _then(_("This is what you get if you {slip}.").format(slip=_(TRAIN_LOOP_SLIPS[key])),
                 more)


def _not_quite(head, more=""):
    """A "Not quite" Feedback: ``head`` and ``more`` (both translated), one after the other."""
    return Feedback(False, say(NOT_QUITE, _then(head, more)))


def _diagnose_loop(value, net0, start_W, start_b, calls, m, y, epochs, B, eta, where):
    from ..network import Network
    L = net0.L
    if not calls:
        moved = any(not np.array_equal(value.W[l], start_W[l]) for l in range(1, L + 1))
        more = (_says("mc.train", _("This exercise asks for the loop itself: call "
                                    "net.backprop(Xb, yb) for each minibatch and step."))
                if moved else _("Each step needs the gradients of its minibatch: "
                                "g = net.backprop(X[:, batch], y[batch])."))
        return _not_quite(_("train_loop never called net.backprop {where}.").format(where=where),
                          more)
    if not isinstance(value, Network):
        return _not_quite(_("train_loop should return the network it trained; got {kind}. End "
                            "with return net.").format(kind=type(value).__name__))
    if any(c["net"] is not net0 for c in calls) or value is not net0:
        return _not_quite(_("train_loop computed gradients of, or returned, a network other than "
                            "the net it was given {where}.").format(where=where),
                          _says("new network", _("Train the net you are given, in place "
                                                 "(net.W[l] -= …), and return it.")))
    if any(c["in_test"] for c in calls):
        return _not_quite(_("some minibatches hold test images {where}.").format(where=where),
                          _says("test set", _("The test images measure how well the network "
                                              "does on digits it never learnt from; train on "
                                              "the X and y given, never on data.X_test.")))
    if any((c["ids"] < 0).any() for c in calls):
        return _not_quite(_("some minibatches hold images that are not columns of the X given "
                            "{where}.").format(where=where),
                          _says("other data", _("Use the arguments X and y, not the notebook's "
                                                "data, and take whole columns: X[:, batch].")))
    for k, c in enumerate(calls):
        if len(c["labels"]) != len(c["ids"]) or not np.array_equal(c["labels"], y[c["ids"]]):
            return _not_quite(
                _("in minibatch {k} the labels do not belong to the images {where}: images "
                  "{images} have digits {digits}, but the labels passed were {labels}.").format(
                    k=k + 1, where=where, images=c["ids"][:5].tolist(),
                    digits=y[c["ids"][:5]].tolist(), labels=c["labels"][:5].tolist()),
                _says("misaligned", _("Shuffle one order of example numbers and take both from "
                                      "it: X[:, batch] and y[batch].")))
    fb = _check_minibatches([c["ids"] for c in calls], m, epochs, B, where)
    if fb is not None:
        return fb
    return _check_steps(calls, value, L, eta, B, start_W, start_b, where)


def _check_minibatches(batches, m, epochs, B, where):
    sizes = [len(b) for b in batches]
    per_epoch = -(-m // B)
    expected_sizes = ([B] * (m // B) + ([m % B] if m % B else [])) * epochs
    if all(s == m for s in sizes) and B < m:
        return _not_quite(_("every step used all {m} images {where}.").format(m=m, where=where),
                          _says("full batch", _("Minibatch SGD takes one step per minibatch of "
                                                "batch_size = {B} images: {steps} steps an "
                                                "epoch here.").format(B=B, steps=per_epoch)))
    if B > 1 and all(s == 1 for s in sizes):
        return _not_quite(_("every step used a single image {where}.").format(where=where),
                          _says("one at a time", _("A minibatch holds batch_size = {B} columns: "
                                                   "X[:, order[start:start + batch_size]].")
                                .format(B=B)))
    if sizes == ([B] * (m // B)) * epochs and m % B:
        return _not_quite(_("each epoch took {full} minibatches of {B}, and {rest} images were "
                            "left out every epoch ({m} = {full} × {B} + {rest}) {where}.").format(
                              full=m // B, B=B, rest=m % B, m=m, where=where),
                          _says("dropped", _("range(0, m, batch_size) gives every start, and "
                                             "order[start:start + batch_size] stops by itself at "
                                             "the end.")))
    one_epoch = expected_sizes[:per_epoch]
    if sum(sizes) % m == 0 and sum(sizes) != m * epochs and \
            sizes == one_epoch * (sum(sizes) // m):
        return _not_quite(_("train_loop went {times} times through the images, asked for "
                            "epochs = {epochs} {where}.").format(
                              times=sum(sizes) // m, epochs=epochs, where=where),
                          _says("epochs", _("for epoch in range(epochs) runs exactly epochs "
                                            "times.")))
    if sizes != expected_sizes:
        shown = f"{sizes[:per_epoch + 1]}{' …' if len(sizes) > per_epoch + 1 else ''}"
        return _not_quite(_("the minibatch sizes were {sizes} {where}; with m = {m} and "
                            "batch_size = {B} each epoch has {per_epoch} minibatches of sizes "
                            "{expected}.").format(sizes=shown, where=where, m=m, B=B,
                                                  per_epoch=per_epoch,
                                                  expected=expected_sizes[:per_epoch]))
    orders = [np.concatenate(batches[e * per_epoch:(e + 1) * per_epoch]) for e in range(epochs)]
    for e, order in enumerate(orders):
        if sorted(order.tolist()) != list(range(m)):
            counts = np.bincount(order, minlength=m)
            twice = np.flatnonzero(counts > 1).tolist()
            never = np.flatnonzero(counts == 0).tolist()
            return _not_quite(_("in epoch {epoch} images {twice} were used more than once and "
                                "images {never} never {where}.").format(
                                  epoch=e + 1, twice=twice[:5], never=never[:5], where=where),
                              _says("repeated", _("An epoch uses every image exactly once: cut "
                                                  "one shuffled order (rng.permutation(m)) into "
                                                  "consecutive minibatches.")))
    if all(np.array_equal(o, np.arange(m)) for o in orders):
        return _not_quite(_("every epoch took the images in the order 0, 1, 2, … {where}.")
                          .format(where=where),
                          _says("not shuffled", _("SGD shuffles at the start of every epoch, "
                                                  "order = rng.permutation(m), so that each "
                                                  "minibatch is a fair random sample.")))
    if epochs > 1 and all(np.array_equal(o, orders[0]) for o in orders):
        return _not_quite(_("all {epochs} epochs took the images in the same order {where}.")
                          .format(epochs=epochs, where=where),
                          _says("shuffled once", _("Draw a new order inside the epoch loop, so "
                                                   "that no two epochs repeat the same sequence "
                                                   "of steps.")))
    return None


#: How a layer's parameter may have moved in one step: (key, new value from old p, grad g).
_STEP_VARIANTS = (
    ("uphill", lambda p, g, eta, B: p + eta * g),
    ("no eta", lambda p, g, eta, B: p - g),
    ("eta twice", lambda p, g, eta, B: p - eta * eta * g),
    ("averaged twice", lambda p, g, eta, B: p - eta * g / B),
    ("summed", lambda p, g, eta, B: p - eta * g * B),
)


def _check_steps(calls, net, L, eta, B, start_W, start_b, where):
    """Each call's parameters must be the previous call's minus η times its gradients (the
    first call's: the start). The first disagreement is named: which step, which layer, W or
    b, and which slip gives it."""
    def close(a, b):
        return np.allclose(a, b, rtol=1e-9, atol=1e-12)

    if not all(close(calls[0]["W"][l], start_W[l]) and close(calls[0]["b"][l], start_b[l])
               for l in range(1, L + 1)):
        return _not_quite(_("the parameters changed before the first net.backprop {where}. "
                            "Compute the minibatch's gradients first, then step.").format(
                              where=where))
    after = [(c["W"], c["b"]) for c in calls[1:]] + [
        ([None] + list(net.W[1:]), [None] + list(net.b[1:]))]
    for k, (c, (W_new, b_new)) in enumerate(zip(calls, after)):
        Bk = len(c["ids"])
        bad = {}
        for l in range(1, L + 1):
            for name, old, new, g in (("W", c["W"][l], W_new[l], c["gW"][l]),
                                      ("b", c["b"][l], b_new[l], c["gb"][l])):
                if not close(new, old - eta * g):
                    bad[(name, l)] = (old, new, g)
        if not bad:
            continue
        step = k + 1
        kinds = {name for name, _l in bad}
        layers = sorted({l for _name, l in bad})
        if all(close(new, old) for old, new, _g in bad.values()):
            if len(bad) == 2 * L:
                return _not_quite(_("after step {k} the network's parameters had not changed "
                                    "{where}.").format(k=step, where=where),
                                  _says("no update", _("Change the arrays of net in place: "
                                                       "net.W[l] -= eta * g.grad_W[l] (W = W − "
                                                       "… only rebinds a local name).")))
            if kinds == {"b"} and len(layers) == L:
                return _not_quite(_("after step {k} every W[l] moved but no b[l] {where}.")
                                  .format(k=step, where=where),
                                  _says("bias forgotten", _("The biases learn too: b[l] −= η "
                                                            "∂C/∂b[l], with g.grad_b[l].")))
            if kinds == {"W"} and len(layers) == L:
                return _not_quite(_("after step {k} every b[l] moved but no W[l] {where}.")
                                  .format(k=step, where=where),
                                  _says("weights forgotten", _("W[l] −= η ∂C/∂W[l], with "
                                                               "g.grad_W[l].")))
            return _not_quite(_("after step {k} layer(s) {layers} did not move {where}.").format(
                                  k=step, layers=layers, where=where),
                              _says("some layers", _("Step every layer l = 1 … net.L (here "
                                                     "L = {L}): for l in range(1, net.L + 1).")
                                    .format(L=L)))
        for key, variant in _STEP_VARIANTS:
            if all(close(new, variant(old, g, eta, Bk)) for old, new, g in bad.values()):
                name, l = next(iter(bad))
                return _not_quite(_("step {k} moved {param} wrongly {where}.").format(
                                      k=step, param=f"{name}[{l}]", where=where),
                                  _says(key, _("One step is W[l] ← W[l] − η ∂C/∂W[l] and b[l] ← "
                                               "b[l] − η ∂C/∂b[l], with η = eta.")))
        name, l = next(iter(bad))
        old, new, g = bad[(name, l)]
        for (name_, l_), (_old, new_, _g) in bad.items():
            if not np.all(np.isfinite(new_)):
                return _not_quite(_("after step {k} {param} holds NaN or infinite values "
                                    "{where}. One step is {param} ← {param} − eta · {grad}: "
                                    "look for a division by zero or a NaN that came in.").format(
                                      k=step, param=f"{name_}[{l_}]", where=where,
                                      grad=f"g.grad_{name_}[{l_}]"))
        return _not_quite(_("step {k} moved {param} by something other than −η ∂C/∂{param} "
                            "{where} (largest difference {difference}). One step is {param} ← "
                            "{param} − eta · {grad}, with the g of that minibatch.").format(
                              k=step, param=f"{name}[{l}]", where=where,
                              difference=f"{float(np.max(np.abs(new - (old - eta * g)))):.3g}",
                              grad=f"g.grad_{name}[{l}]"))
    return None


def _accuracy_run(fn, data):
    from ..datasets import load_mnist
    from ..network import Network
    run = ACCURACY_RUN
    if data.X_train.shape[1] != 4000:
        # The promise (0.85 within 5 epochs, in about a second) is made for the 4,000-image
        # sample; with full MNIST loaded, the check still runs on the sample (offline).
        data = load_mnist("sample")
    net = Network(run["sizes"], seed=run["seed"])
    with _BackpropRecorder(data.X_train[:, :1], record=False):
        value, fb = call_learner(fn, net, data.X_train, data.y_train, run["epochs"],
                                 run["batch_size"], run["eta"], np.random.default_rng(0),
                                 first_hint=TRAIN_LOOP_FIRST_HINT, timeout=20.0)
    if fb is not None:
        return fb
    acc = net.accuracy(data.X_test, data.y_test)
    what = _("{epochs} epochs of your loop on the {n} training images (784-16-16-10, "
             "minibatches of {batch_size}, η = {eta}, seed 0)").format(
        epochs=run["epochs"], n=f"{data.X_train.shape[1]:,}", batch_size=run["batch_size"],
        eta=f"{run['eta']:g}")
    if acc < TARGET_ACCURACY:
        return _not_quite(_("every minibatch and step looked right on the small case, yet after "
                            "{what} the network classifies only {accuracy} of the {n_test} test "
                            "images correctly (the reference reaches at least {target}). Does "
                            "the loop depend on something the small case did not show?").format(
                              what=what, accuracy=f"{acc:.3f}",
                              n_test=f"{data.X_test.shape[1]:,}", target=TARGET_ACCURACY))
    return Feedback(True, say(RIGHT, _(
        "every minibatch (a fresh shuffle each epoch, labels with their images, every image "
        "once) and every step W[l] ← W[l] − η ∂C/∂W[l], b[l] ← b[l] − η ∂C/∂b[l] checked. After "
        "{what}, the network classifies {accuracy} of the {n_test} test images correctly — what "
        "mlp_core.train does, written by you.").format(
            what=what, accuracy=f"{acc:.3f}", n_test=f"{data.X_test.shape[1]:,}")))
