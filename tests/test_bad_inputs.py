"""Every public function, given one bad argument, raises a clear error and changes nothing.

For each public function and each of its arguments, hypothesis draws bad values of that
argument's kind (wrong type, wrong shape, out of range, NaN or ±inf) while the other
arguments stay good; a second test passes arguments in the wrong order. Each call must:

1. raise a ValueError or TypeError whose message names the argument (for a NaN put into a
   parameter directly: the parameter, "parameter W[1][0, 2] is NaN");
2. leave the network's parameters, the arrays passed in and the files on disk unchanged;
3. pass without a numpy warning.
"""
import copy
import os
import re
import tempfile
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import mlp_core as mc
from mlp_core import descent, evaluation, input_gradient, nudges
from mlp_core.gradcheck import numerical_gradient_fn, verdict

N0, NH, NL, M = 3, 4, 2, 5          # the network 3-4-2 and batches of 5 examples
FAST = settings(max_examples=12, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])


# -- good arguments -----------------------------------------------------------------------
def net_(**kw):
    return mc.Network([N0, NH, NL], seed=1, **kw)


def ce_net():
    return net_(output_activation="softmax", cost="cross_entropy")


def X_(rows=N0, m=M):
    return np.random.default_rng(2).random((rows, m))


def labels_(m=M, n=NL):
    return np.arange(m) % n


def targets_(m=M):
    return mc.one_hot(labels_(m), NL)


# -- bad arguments, by kind: each strategy draws (value, what the message must name) ------
NONFINITE = st.sampled_from([np.nan, np.inf, -np.inf])
NOT_NUMBERS = st.sampled_from(["3", None, {}, 2j, object(), b"1"])
ARRAYISH = st.sampled_from([np.ones(2), [0.1, 0.2], np.ones((1, 1))])


def named(strategy, name):
    return strategy.map(lambda v: (v, name))


def with_one(shape, i, value, fill=0.5):
    a = np.full(shape, fill)
    a[np.unravel_index(i % a.size, shape)] = value
    return a


def bad_matrix(name, rows=N0, m=M):
    shapes = st.sampled_from([(rows,), (m, rows), (rows + 1, m), (rows, 0), (rows, m, 1), ()])
    return named(st.one_of(
        shapes.map(np.ones),
        st.tuples(st.integers(0, rows * m - 1), NONFINITE).map(
            lambda t: with_one((rows, m), *t)),
        NOT_NUMBERS,
        st.just([[1.0, 2.0], [3.0]]),                       # ragged
        st.just(np.full((rows, m), "0.5")),                 # strings
        st.just(np.ones((rows, m), complex))), name)


def bad_labels(name, m=M, n=NL):
    return named(st.one_of(
        st.tuples(st.integers(0, m - 1), st.one_of(st.integers(n, 10**6),
                                                   st.integers(-10**6, -1))).map(
            lambda t: with_one((m,), *t, fill=0).astype(int)),
        st.tuples(st.integers(0, m - 1), st.sampled_from([0.5, np.nan, np.inf, 1.25])).map(
            lambda t: with_one((m,), *t, fill=0.0)),
        st.integers(1, 3).map(lambda k: np.zeros(m + k, int)),        # one label too many
        st.just(np.zeros(m - 1, int)),
        st.just(np.zeros((NL + 1, m))),                                 # targets, bad shape
        st.just(np.zeros((m, NL))),                                     # targets transposed
        st.just(np.array(["1"] * m)),
        st.just(np.zeros(m, bool)),
        st.just(None)), name)


def bad_targets(name, m=M, probabilities=False):
    """Bad targets (n_L, m); with probabilities=True also columns that are not
    distributions (cross-entropy's)."""
    kinds = [
        st.tuples(st.integers(0, NL * m - 1), NONFINITE).map(
            lambda t: with_one((NL, m), *t)),
        st.sampled_from([(m, NL), (NL + 1, m), (NL, m + 1)]).map(np.zeros),
        st.just(np.full((NL, m), "0")),
    ]
    if probabilities:
        kinds += [
            st.floats(0, 1).filter(lambda c: abs(NL * c - 1) > 1e-3).map(
                lambda c: np.full((NL, m), c)),                      # e.g. every entry 0.9
            st.tuples(st.integers(0, NL * m - 1), st.floats(-5, -1e-3)).map(
                lambda t: with_one((NL, m), *t)),                    # a negative entry
            st.just(np.vstack([np.full(m, 1.5), np.full(m, -0.5)])),  # sums to 1, not in [0, 1]
        ]
    return named(st.one_of(*kinds), name)


def bad_positive(name, fragment):
    return named(st.one_of(st.floats(max_value=0.0), NONFINITE, NOT_NUMBERS, ARRAYISH,
                           st.booleans()), fragment)


def bad_eps():
    return st.one_of(bad_positive("eps", "eps"),
                     named(st.floats(1.001, 1e308), "eps"),     # not a small nudge
                     named(st.just(1e-300), "eps"))             # too small to move θ


def bad_whole(name, low, high=None, fragment=None):
    ints = st.integers(max_value=low - 1)
    if high is not None:
        ints = st.one_of(ints, st.integers(min_value=high + 1))
    return named(st.one_of(ints, st.floats(allow_nan=True), NOT_NUMBERS, st.booleans(),
                           ARRAYISH), fragment or name)


def bad_seed():
    return named(st.one_of(st.integers(max_value=-1), st.floats(), st.booleans(),
                           st.sampled_from(["3", 2j, [1, 2], np.ones(2)])), "seed")


def bad_nets(fragment="net"):
    """Not a network, or a network with one NaN or ±inf parameter set directly."""
    def broken(t):
        l, i, kind, v = t
        net = net_()
        arr = (net.W if kind == "W" else net.b)[l]
        j, k = np.unravel_index(i % arr.size, arr.shape)
        arr[j, k] = v
        what = "NaN" if np.isnan(v) else ("inf" if v > 0 else "-inf")
        where = f"W[{l}][{j}, {k}]" if kind == "W" else f"b[{l}][{j}]"
        return net, f"parameter {where} is {what}"
    return st.one_of(
        named(st.sampled_from([None, "net", [N0, NH, NL], np.ones(3)]), fragment),
        st.tuples(st.integers(1, 2), st.integers(0, 11), st.sampled_from("Wb"),
                  NONFINITE).map(broken))


def bad_path():
    return named(st.sampled_from([3, None, 2.5, ["net.npz"], np.ones(2)]), "path")


# -- the public functions and their arguments ---------------------------------------------
CALLS = {
    # name: (run(args), good args(), {argument: strategy of bad (value, fragment)})
    "Network": (
        lambda a: mc.Network(**a),
        lambda: dict(sizes=[N0, NH, NL], activation="sigmoid", output_activation=None,
                     cost="squared_error", init="scaled", seed=0, dtype=np.float64),
        {"sizes": named(st.one_of(
            st.integers(), st.sampled_from(["3, 4, 2", None, 2.5, [], [3], [3, 0, 2],
                                            [3, -4, 2], [3, 2.5, 2], [3, True, 2],
                                            [3, "4", 2], np.array([[3, 4, 2]])])), "sizes"),
         "activation": named(st.sampled_from(["relu6", "", None, 3, ["sigmoid"], "Sigmoid",
                                              "softmax"]), "activation"),
         "output_activation": named(st.sampled_from(["relu6", 3, ["softmax"]]),
                                    "output_activation"),
         "cost": named(st.sampled_from(["mse", None, 3, "cross_entropy"]), "cost"),
         "init": named(st.sampled_from(["zeros", None, 3, ["scaled"]]), "init"),
         "seed": bad_seed(),
         "dtype": named(st.sampled_from(["int32", np.int64, np.float16, "foo", None, object,
                                         np.complex128]), "dtype")}),
    "feedforward": (lambda a: a["net"].feedforward(a["X"]),
                    lambda: dict(net=net_(), X=X_()),
                    {"X": bad_matrix("X")}),
    "forward": (lambda a: a["net"].forward(a["X"]), lambda: dict(net=net_(), X=X_()),
                {"X": bad_matrix("X")}),
    "predict": (lambda a: a["net"].predict(a["X"]), lambda: dict(net=net_(), X=X_()),
                {"X": bad_matrix("X")}),
    "cost": (lambda a: a["net"].cost(a["X"], a["Y"]),
             lambda: dict(net=net_(), X=X_(), Y=labels_()),
             {"X": bad_matrix("X"), "Y": st.one_of(bad_labels("Y"), bad_targets("Y"))}),
    "cost (cross-entropy)": (lambda a: a["net"].cost(a["X"], a["Y"]),
                             lambda: dict(net=ce_net(), X=X_(), Y=targets_()),
                             {"Y": bad_targets("Y", probabilities=True)}),
    "accuracy": (lambda a: a["net"].accuracy(a["X"], a["labels"]),
                 lambda: dict(net=net_(), X=X_(), labels=labels_()),
                 {"X": bad_matrix("X"),
                  "labels": bad_labels("labels").filter(lambda t: np.ndim(t[0]) != 2)}),
    "backprop": (lambda a: a["net"].backprop(a["X"], a["Y"]),
                 lambda: dict(net=net_(), X=X_(), Y=targets_()),
                 {"X": bad_matrix("X"), "Y": st.one_of(bad_labels("Y"), bad_targets("Y"))}),
    "backprop (cross-entropy)": (lambda a: a["net"].backprop(a["X"], a["Y"]),
                                 lambda: dict(net=ce_net(), X=X_(), Y=targets_()),
                                 {"Y": bad_targets("Y", probabilities=True)}),
    "get_param": (lambda a: a["net"].get_param(a["kind"], a["l"], a["j"], a["k"]),
                  lambda: dict(net=net_(), kind="W", l=2, j=1, k=3),
                  {"kind": named(st.sampled_from(["w", "B", None, 1, ""]), "kind"),
                   "l": bad_whole("l", 1, 2), "j": bad_whole("j", 0, NL - 1),
                   "k": bad_whole("k", 0, NH - 1)}),
    "set_param": (lambda a: a["net"].set_param(a["kind"], a["l"], a["j"], a["k"],
                                               value=a["value"]),
                  lambda: dict(net=net_(), kind="W", l=1, j=3, k=2, value=0.5),
                  {"kind": named(st.sampled_from(["w", "B", None, 1]), "kind"),
                   "l": bad_whole("l", 1, 2), "j": bad_whole("j", 0, NH - 1),
                   "k": bad_whole("k", 0, N0 - 1),
                   "value": named(st.one_of(NONFINITE, NOT_NUMBERS, ARRAYISH, st.booleans()),
                                  "value")}),
    "set_param (bias)": (lambda a: a["net"].set_param("b", 2, 1, a["k"], value=0.5),
                         lambda: dict(net=net_(), k=None),
                         {"k": named(st.one_of(st.integers(), st.floats()), "k")}),
    "set_param (float32)": (lambda a: a["net"].set_param("W", 1, 0, 0, value=a["value"]),
                            lambda: dict(net=net_(dtype=np.float32), value=0.5),
                            {"value": named(st.floats(3.5e38, 1e308), "value")}),
    "sgd_step": (lambda a: mc.sgd_step(a["net"], a["X"], a["Y"], a["eta"]),
                 lambda: dict(net=net_(), X=X_(), Y=labels_(), eta=1.0),
                 {"net": bad_nets(), "X": bad_matrix("X"),
                  "Y": st.one_of(bad_labels("Y"), bad_targets("Y")),
                  "eta": bad_positive("eta", "eta")}),
    "train": (lambda a: mc.train(a["net"], a["X"], a["y"], epochs=a["epochs"],
                                 batch_size=a["batch_size"], eta=a["eta"], seed=a["seed"],
                                 X_test=a["X_test"], y_test=a["y_test"],
                                 on_epoch=a["on_epoch"]),
              lambda: dict(net=net_(), X=X_(), y=labels_(), epochs=2, batch_size=2, eta=1.0,
                           seed=0, X_test=X_(m=4), y_test=labels_(4), on_epoch=None),
              {"net": bad_nets(), "X": bad_matrix("X"),
               "y": st.one_of(bad_labels("y"), bad_targets("y")),
               "epochs": bad_whole("epochs", 1), "batch_size": bad_whole("batch_size", 1, M),
               "eta": bad_positive("eta", "eta"), "seed": bad_seed(),
               "X_test": st.one_of(bad_matrix("X_test", m=4), named(st.none(), "X_test")),
               "y_test": st.one_of(bad_labels("y_test", m=4), named(st.none(), "y_test")),
               "on_epoch": named(st.sampled_from([3, "print", [print]]), "on_epoch")}),
    "gradient_check": (lambda a: mc.gradient_check(a["net"], a["X"], a["Y"], eps=a["eps"]),
                       lambda: dict(net=net_(), X=X_(m=4), Y=labels_(4), eps=1e-5),
                       {"net": bad_nets(), "X": bad_matrix("X", m=4),
                        "Y": st.one_of(bad_labels("Y", m=4), bad_targets("Y", m=4)),
                        "eps": bad_eps()}),
    "gradient_check (cross-entropy)": (
        lambda a: mc.gradient_check(a["net"], a["X"], a["Y"]),
        lambda: dict(net=ce_net(), X=X_(m=2), Y=targets_(2)),
        {"Y": bad_targets("Y", m=2, probabilities=True)}),
    "numerical_gradient": (lambda a: mc.numerical_gradient(a["net"], a["X"], a["Y"],
                                                           eps=a["eps"]),
                           lambda: dict(net=net_(), X=X_(m=2), Y=labels_(2), eps=1e-5),
                           {"net": bad_nets(), "eps": bad_eps()}),
    "numerical_gradient_fn": (lambda a: numerical_gradient_fn(a["f"], a["x"], eps=a["eps"]),
                              lambda: dict(f=np.sum, x=np.ones((2, 2)), eps=1e-5),
                              {"f": named(st.sampled_from([3, None, "sum"]), "f"),
                               "x": named(st.sampled_from([[1.0, 2.0], np.ones(3, int), 1.0,
                                                           "x"]), "x"),
                               "eps": bad_eps()}),
    "relative_error": (lambda a: mc.relative_error(a["g"], a["g_num"]),
                       lambda: dict(g=np.ones(3), g_num=np.ones(3)),
                       {"g": named(st.sampled_from(["g", [np.nan, 1, 1], np.array(["1"] * 3)]),
                                   "g"),
                        "g_num": named(st.sampled_from([np.ones(4), np.ones((3, 1)), None,
                                                        [1, np.inf, 1]]), "g_num")}),
    "verdict": (lambda a: verdict(a["rel_error"]), lambda: dict(rel_error=1e-9),
                {"rel_error": named(st.one_of(st.floats(max_value=-1e-300), st.just(np.nan),
                                              NOT_NUMBERS), "rel_error")}),
    "unflatten": (lambda a: a["net"].unflatten(a["vector"]),
                  lambda: dict(net=net_(), vector=np.zeros(26)),
                  {"vector": named(st.sampled_from([np.zeros(25), [0.0] * 26, np.zeros((26, 1)),
                                                    None, 0.0]), "vector")}),
    "one_hot": (lambda a: mc.one_hot(a["labels"], a["n_classes"]),
                lambda: dict(labels=labels_(), n_classes=NL),
                {"labels": bad_labels("labels").filter(lambda t: np.ndim(t[0]) != 2 and
                                                       not (np.ndim(t[0]) == 1 and
                                                            len(t[0]) != M)),
                 "n_classes": bad_whole("n_classes", 1)}),
    "per_example_cost": (lambda a: mc.per_example_cost(a["a"], a["y"], a["name"]),
                         lambda: dict(a=np.full((NL, M), 0.5), y=targets_(), name="squared_error"),
                         {"a": bad_matrix("a", rows=NL),
                          "y": bad_matrix("y", rows=NL),
                          "name": named(st.sampled_from(["mse", None, 3]), "cost")}),
    "softmax_jacobian": (lambda a: mc.softmax_jacobian(a["a"]),
                         lambda: dict(a=np.full(3, 1 / 3)),
                         {"a": named(st.sampled_from([np.ones((3, 1)), "a", None, 2.0]), "a")}),
    "sigmoid": (lambda a: mc.sigmoid(a["z"]), lambda: dict(z=np.zeros((2, 2))),
                {"z": named(st.sampled_from(["z", None, {}, [["a"]]]), "z")}),
    "softmax": (lambda a: mc.softmax(a["z"]), lambda: dict(z=np.zeros((2, 2))),
                {"z": named(st.sampled_from(["z", None, {}, [["a"]]]), "z")}),
    "get_activation": (lambda a: mc.get_activation(a["name"]), lambda: dict(name="tanh"),
                       {"name": named(st.sampled_from(["tanhh", None, 3]), "activation")}),
    "neuron_path": (lambda a: descent.neuron_path(a["x"], a["y"], a["w0"], 0.0, a["eta"],
                                                  a["steps"], batch_size=a["batch_size"],
                                                  seed=a["seed"]),
                    lambda: dict(x=X_(1), y=np.ones((1, M)), w0=0.5, eta=1.0, steps=3,
                                 batch_size=2, seed=0),
                    {"x": bad_matrix("x", rows=1), "w0": named(st.one_of(NONFINITE, NOT_NUMBERS),
                                                               "w0"),
                     "eta": bad_positive("eta", "eta"), "steps": bad_whole("steps", 0),
                     "batch_size": bad_whole("batch_size", 1, M).filter(lambda t: t[0] is not None),
                     "seed": bad_seed()}),
    "nudge": (lambda a: descent.nudge(a["net"], a["X"], a["y"], ("W", 1, 0, 0), a["h"]),
              lambda: dict(net=net_(), X=X_(), y=labels_(), h=0.1),
              {"net": bad_nets(),
               "X": bad_matrix("X"), "y": st.one_of(bad_labels("Y"), bad_targets("Y"))}),
    "per_example_nudges": (lambda a: nudges.per_example_nudges(a["net"], a["X"], a["Y"],
                                                                a["eta"]),
                           lambda: dict(net=net_(), X=X_(), Y=labels_(), eta=1.0),
                           {"X": bad_matrix("X"), "eta": bad_positive("eta", "eta"),
                            "Y": st.one_of(bad_labels("Y"), bad_targets("Y"))}),
    "input_gradient": (lambda a: input_gradient.input_gradient(a["net"], a["X"], a["j"]),
                       lambda: dict(net=net_(), X=X_(), j=1),
                       {"X": bad_matrix("X"), "j": bad_whole("j", 0, NL - 1)}),
    "maximise_output": (lambda a: input_gradient.maximise_output(a["net"], 0, steps=a["steps"],
                                                                 eta=a["eta"], seed=a["seed"]),
                        lambda: dict(net=net_(), steps=2, eta=0.05, seed=0),
                        {"net": bad_nets(),
                         "steps": bad_whole("steps", 0), "eta": bad_positive("eta", "eta"),
                         "seed": bad_seed()}),
    "classify_noise": (lambda a: evaluation.classify_noise(a["net"], n=a["n"], seed=a["seed"]),
                       lambda: dict(net=net_(), n=4, seed=0),
                       {"net": bad_nets(),
                        "n": bad_whole("n", 1), "seed": bad_seed()}),
}

PAIRS = [(call, arg) for call, (_, _, bad) in CALLS.items() for arg in bad]


# -- the three checks ---------------------------------------------------------------------
def same(a, b):
    """Deep equality of arguments, NaN equal to NaN."""
    if isinstance(a, np.ndarray):
        return (isinstance(b, np.ndarray) and a.shape == b.shape and a.dtype == b.dtype
                and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(same, a, b))
    return True  # numbers, strings, None …: immutable


def snapshot(args):
    """What must not change: the networks' parameters and every array or list passed."""
    nets = {k: v.theta.copy() for k, v in args.items() if isinstance(v, mc.Network)}
    data = {k: copy.deepcopy(v) for k, v in args.items()
            if isinstance(v, (np.ndarray, list, tuple))}
    return nets, data


def assert_refused(run, args, fragment, folder=None):
    """Run the call; check the error, that nothing changed and that numpy kept quiet."""
    nets, data = snapshot(args)
    files = _files(folder)
    with warnings.catch_warnings(record=True) as caught, \
            np.errstate(over="warn", invalid="warn", divide="warn"):
        warnings.simplefilter("always")
        with pytest.raises((ValueError, TypeError)) as info:
            run(args)
    message = str(info.value)
    assert re.search(rf"(?<![\w]){re.escape(fragment)}(?![\w])", message), \
        f"the message does not name {fragment!r}: {type(info.value).__name__}: {message}"
    assert not [str(w.message) for w in caught], [str(w.message) for w in caught]
    for k, theta in nets.items():
        assert np.array_equal(args[k].theta, theta, equal_nan=True), f"{k} changed"
    for k, before in data.items():
        assert same(before, args[k]), f"the argument {k} was changed"
    assert _files(folder) == files, "the files on disk changed"
    return message


def _files(folder):
    if folder is None:
        return None
    return {name: open(os.path.join(folder, name), "rb").read()
            for name in sorted(os.listdir(folder))}


@pytest.mark.parametrize("call,arg", PAIRS, ids=[f"{c}-{a}" for c, a in PAIRS])
@FAST
@given(data=st.data())
def test_one_bad_argument_is_refused_and_changes_nothing(call, arg, data):
    run, good, bad = CALLS[call]
    args = good()
    args[arg], fragment = data.draw(bad[arg], label=arg)
    if call == "train" and arg in ("X_test", "y_test") and args[arg] is None:
        fragment = "X_test and y_test"       # one of the two without the other
    assert_refused(run, args, fragment)


# -- saving and loading -------------------------------------------------------------------
def _saved(folder, dtype=np.float64):
    """A good file, as the dict of its arrays and its path."""
    path = os.path.join(folder, "net.npz")
    net_(dtype=dtype).save(path)
    with np.load(path) as f:
        return {k: f[k] for k in f.files}, path


# (entry, bad value or None to remove it, what the message must name)
FILE_FAULTS = [
    ("sizes", np.array([4.5, 4, 2]), "sizes"), ("sizes", np.array([[3, 4, 2]]), "sizes"),
    ("sizes", np.array(["3", "4", "2"]), "sizes"), ("sizes", np.array([3]), "sizes"),
    ("sizes", np.array([3, 0, 2]), "sizes"), ("sizes", np.array([3, 5, 2]), "W1"),
    ("sizes", None, "sizes"), ("seed", np.array("x"), "seed"), ("seed", np.array(1.5), "seed"),
    ("seed", np.array(-5), "seed"), ("seed", np.array([1, 2]), "seed"),
    ("activation", np.array(3), "activation"), ("activation", np.array("relu6"), "activation"),
    ("output_activation", np.array("nope"), "output_activation"),
    ("cost", np.array("mse"), "cost"), ("init", np.array("zeros"), "init"),
    ("format_version", np.array(99), "format_version"),
    ("W1", np.full((4, 3), np.nan), "W1"), ("W1", np.ones((3, 4)), "W1"),
    ("W1", np.full((4, 3), "a"), "W1"), ("b2", np.full((2, 1), -np.inf), "b2"),
    ("W2", None, "W2"), ("W3", np.ones((2, 2)), "W3"),
]
PARAM_FAULTS = [f for f in FILE_FAULTS if f[0][0] in "Wb"]


def _write_fault(folder, entry, value, dtype=np.float64):
    arrays, _ = _saved(folder, dtype)
    if value is None:
        del arrays[entry]
    else:
        arrays[entry] = value
    path = os.path.join(folder, "bad.npz")
    np.savez(path, **arrays)
    return path


@pytest.mark.parametrize("entry,value,fragment", FILE_FAULTS, ids=[f"{e}-{i}" for i, (e, _, _) in
                                                                  enumerate(FILE_FAULTS)])
def test_a_bad_file_is_refused_naming_its_entry(entry, value, fragment):
    with tempfile.TemporaryDirectory() as folder:
        path = _write_fault(folder, entry, value)
        message = assert_refused(lambda a: mc.load_network(a["path"]), {"path": path},
                                 fragment, folder)
        assert "bad.npz" in message  # and the file


@pytest.mark.parametrize("entry,value,fragment", PARAM_FAULTS,
                         ids=[e for e, _, _ in PARAM_FAULTS])
def test_load_params_refuses_a_bad_file_and_keeps_the_network(entry, value, fragment):
    with tempfile.TemporaryDirectory() as folder:
        path = _write_fault(folder, entry, value)
        assert_refused(lambda a: mc.load_params(a["net"], a["path"]),
                       {"net": net_(), "path": path}, fragment, folder)


def test_a_value_too_large_for_float32_is_refused_not_loaded_as_inf():
    with tempfile.TemporaryDirectory() as folder:
        path = _write_fault(folder, "W1", np.full((4, 3), 1e300))
        message = assert_refused(lambda a: mc.load_params(a["net"], a["path"]),
                                 {"net": net_(dtype=np.float32), "path": path}, "W1", folder)
        assert "finite in float32" in message and "1e+300" in message


def test_a_file_that_is_no_npz_is_refused():
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "bad.npz")
        with open(path, "wb") as f:
            f.write(b"not a zip file")
        assert_refused(lambda a: mc.load_network(a["path"]), {"path": path}, "bad.npz", folder)


@FAST
@given(net=bad_nets(), path=st.one_of(named(st.just("net.npz"), None), bad_path()))
def test_save_refuses_a_bad_network_or_path_and_writes_nothing(net, path):
    (net, net_fragment), (path, path_fragment) = net, path
    with tempfile.TemporaryDirectory() as folder:
        old = os.path.join(folder, "net.npz")
        net_(init="standard").save(old)          # a good file already there stays as it is
        target = os.path.join(folder, path) if isinstance(path, str) else path
        fragment = path_fragment or net_fragment
        if isinstance(net, mc.Network) and path_fragment is None:
            assert_refused(lambda a: a["net"].save(a["path"]), {"net": net, "path": target},
                           fragment, folder)
        assert_refused(lambda a: mc.save_network(a["net"], a["path"]),
                       {"net": net, "path": target},
                       net_fragment if net_fragment == "net" or path_fragment is None
                       else path_fragment, folder)


# -- arguments in the wrong order ---------------------------------------------------------
WRONG_ORDER = [
    # (what a learner typed, the call given a good network, what the message must name)
    ("Network(784, 16, 10)", lambda net: mc.Network(784, 16, 10), "sizes"),
    ("Network(sizes, 'cross_entropy')",
     lambda net: mc.Network([3, 2], "cross_entropy"), "activation"),
    ("set_param('b', l, j, value) with the value where k goes",
     lambda net: net.set_param("b", 1, 0, 0.5), "value"),
    ("set_param('W', l, j, value, k)", lambda net: net.set_param("W", 1, 0, 0.5, value=1), "k"),
    ("net.cost(Y, X)", lambda net: net.cost(labels_(), X_()), "X"),
    ("train(net, y, X)", lambda net: mc.train(net, labels_(), X_(), batch_size=2), "X"),
    ("sgd_step(net, X, eta, Y)", lambda net: mc.sgd_step(net, X_(), 1.0, labels_()), "eta"),
    ("one_hot(10, labels)", lambda net: mc.one_hot(NL, labels_()), "n_classes"),
    ("gradient_check(X, net, Y)", lambda net: mc.gradient_check(X_(), net, labels_()), "net"),
    ("per_example_cost(a, 'squared_error', y)",
     lambda net: mc.per_example_cost(np.ones((2, 3)), "squared_error", np.ones((2, 3))), "cost"),
    ("X with examples in the rows", lambda net: net.feedforward(X_().T), "X"),
    ("train(net, X, y, 0.5) meaning eta = 0.5", lambda net: mc.train(net, X_(), labels_(), 0.5),
     "epochs"),
]


@pytest.mark.parametrize("typed,call,fragment", WRONG_ORDER, ids=[t for t, _, _ in WRONG_ORDER])
def test_arguments_in_the_wrong_order_are_refused(typed, call, fragment):
    assert_refused(lambda a: call(a["net"]), {"net": net_()}, fragment)
