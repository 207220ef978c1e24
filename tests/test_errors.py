"""Every bad input gets an error that says what was expected and what came."""
import subprocess
import sys

import numpy as np
import pytest

from mlp_core import Network, gradient_check, one_hot, per_example_cost, sgd_step, train


@pytest.fixture
def net():
    return Network([4, 3, 2])


def test_a_vector_where_a_column_matrix_is_needed(net):
    with pytest.raises(ValueError, match=r"shape \(4, m\).*1-D vector of shape \(4,\).*reshape\(-1, 1\)"):
        net.feedforward(np.ones(4))


def test_wrong_number_of_inputs(net):
    with pytest.raises(ValueError, match=r"X must have shape \(4, m\).*got shape \(5, 2\)"):
        net.forward(np.ones((5, 2)))


def test_transposed_batch_gets_a_hint(net):
    with pytest.raises(ValueError, match=r"got shape \(7, 4\) \(is it transposed"):
        net.backprop(np.ones((7, 4)), np.zeros(7, dtype=int))


def test_non_finite_inputs(net):
    X = np.ones((4, 3))
    X[2, 1] = np.nan
    with pytest.raises(ValueError, match=r"X must be finite; it holds nan at index \(2, 1\)"):
        net.cost(X, np.zeros(3, dtype=int))


def test_targets_of_the_wrong_shape(net):
    with pytest.raises(ValueError, match=r"Y must have shape \(2, 3\) \(targets.*got shape \(3, 2\)"):
        net.cost(np.ones((4, 3)), np.ones((3, 2)))


def test_labels_out_of_range(net):
    with pytest.raises(ValueError, match=r"must lie in 0 … 1; got 5 at index 2"):
        net.cost(np.ones((4, 3)), np.array([0, 1, 5]))
    with pytest.raises(ValueError, match=r"labels must lie in 0 … 9; got -1"):
        one_hot([3, -1])
    with pytest.raises(ValueError, match="whole numbers"):
        one_hot([0.5])


def test_labels_count_must_match(net):
    with pytest.raises(ValueError, match="one label per example, 3; got 2"):
        net.accuracy(np.ones((4, 3)), np.array([0, 1]))


@pytest.mark.parametrize("eta", [0, -0.1, float("nan"), float("inf"), "fast"])
def test_learning_rate_must_be_positive(net, eta):
    with pytest.raises(ValueError, match=r"learning rate eta must be a finite number > 0; got"):
        sgd_step(net, np.ones((4, 1)), np.zeros(1, dtype=int), eta)
    with pytest.raises(ValueError, match="learning rate eta must be a finite number > 0"):
        train(net, np.ones((4, 1)), np.zeros(1, dtype=int), batch_size=1, eta=eta)


@pytest.mark.parametrize("sizes", [[784], [784, 0, 10], [784, -3, 10], [784, 2.5, 10]])
def test_layer_sizes(sizes):
    with pytest.raises(ValueError, match=r"(at least an input and an output layer|whole number ≥ 1); got"):
        Network(sizes)


def test_unknown_names():
    with pytest.raises(ValueError, match="unknown activation 'relu6'; expected one of: sigmoid"):
        Network([2, 2], activation="relu6")
    with pytest.raises(ValueError, match="unknown cost 'l2'; expected one of: squared_error"):
        Network([2, 2], cost="l2")
    with pytest.raises(ValueError, match="unknown init 'zeros'; expected one of: standard, scaled"):
        Network([2, 2], init="zeros")
    with pytest.raises(ValueError, match="cross_entropy cost needs output_activation='softmax'"):
        Network([2, 2], cost="cross_entropy")


def test_parameter_index_errors(net):
    with pytest.raises(IndexError, match=r"layer l must be 1 … 2; got 0"):
        net.get_param("W", 0, 0, 0)
    with pytest.raises(IndexError, match=r"column k of W\[1\] must be 0 … 3; got 4"):
        net.get_param("W", 1, 0, 4)
    with pytest.raises(ValueError, match="must be a finite number; got nan"):
        net.set_param("b", 1, 0, value=float("nan"))


def test_epochs_and_batch_size(net):
    with pytest.raises(ValueError, match="batch_size must be 1 … 2, a whole number of examples; got 0"):
        train(net, np.ones((4, 2)), np.zeros(2, dtype=int), batch_size=0)
    with pytest.raises(ValueError, match="epochs must be a whole number ≥ 1; got 0"):
        train(net, np.ones((4, 2)), np.zeros(2, dtype=int), epochs=0, batch_size=2)


def test_importing_the_core_loads_no_plotting_or_widgets():
    code = ("import sys, mlp_core; bad = [m for m in ('matplotlib', 'ipywidgets', 'tqdm') "
            "if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- the cases of issue 16 ------------------------------------------------------------------
def test_cross_entropy_targets_must_be_probability_columns():
    net = Network([4, 3, 2], output_activation="softmax", cost="cross_entropy", seed=1)
    X = np.random.default_rng(0).random((4, 3))
    for Y, shown in ((np.full((2, 3), 0.9), "column 0 sums to 1.8"),
                     (np.array([[1.5, 1, 1], [-0.5, 0, 0]]), r"got 1.5 at index \(0, 0\)")):
        for call in (net.backprop, net.cost, lambda X, Y: gradient_check(net, X, Y)):
            with pytest.raises(ValueError, match=rf"^Y: the cross_entropy cost needs each target "
                                                 rf"column to be a probability distribution.*{shown}"):
                call(X, Y)
    # Soft targets that are distributions are fine, and backprop's shortcut δ = (a − y)/m
    # holds for them: central differences agree.
    soft = np.array([[0.9, 0.2, 0.5], [0.1, 0.8, 0.5]])
    assert gradient_check(net, X, soft).passed


def test_set_param_takes_its_value_by_name_only(net):
    b = net.b[1].copy()
    with pytest.raises(TypeError, match="keyword-only argument: 'value'"):
        net.set_param("b", 1, 0, 0.5)        # 0.5 would have landed in k
    with pytest.raises(ValueError, match=r"a bias has no column k.*got k=0"):
        net.set_param("b", 1, 0, 0, value=0.5)
    with pytest.raises(TypeError, match=r"the value of parameter W\[1\]\[0, 0\] must be a finite "
                                        r"number; got None"):
        net.set_param("W", 1, 0, 0, value=None)
    assert np.array_equal(net.b[1], b)
    net.set_param("b", 1, 0, value=0.5)
    assert net.b[1][0, 0] == 0.5


@pytest.mark.parametrize("value,shown", [(np.nan, "NaN"), (np.inf, "inf"), (-np.inf, "-inf")])
def test_a_non_finite_parameter_set_directly_is_named_before_anything_runs(value, shown, tmp_path):
    from mlp_core import save_network
    net = Network([4, 3, 2])
    net.W[1][0, 2] = value
    theta = net.theta.copy()
    X, y = np.ones((4, 3)), np.array([0, 1, 1])
    calls = [lambda: net.backprop(X, y), lambda: net.feedforward(X),
             lambda: gradient_check(net, X, y), lambda: sgd_step(net, X, y, 1.0),
             lambda: train(net, X, y, batch_size=3), lambda: net.save(tmp_path / "net.npz"),
             lambda: save_network(net, tmp_path / "net")]
    for call in calls:
        with pytest.raises(ValueError, match=rf"^parameter W\[1\]\[0, 2\] is {shown}: every "
                                             rf"parameter must be finite"):
            call()
        assert np.array_equal(net.theta, theta, equal_nan=True)
    assert list(tmp_path.iterdir()) == []      # no file that load would refuse


@pytest.mark.parametrize("call,message", [
    (lambda: Network(784, 16, 10), r"sizes must be a list of layer sizes such as \[784, 16, 10\]; "
                                   r"got the int 784 \(put the sizes in one list"),
    (lambda: Network([4, 2], seed=-1), r"seed must be a whole number ≥ 0 or None; got -1"),
    (lambda: Network([4, 2], seed=1.5), r"seed must be a whole number ≥ 0 or None; got the float 1.5"),
    (lambda: Network([4, 2], dtype="int32"), r"dtype must be float32 or float64; got the str 'int32'"),
    (lambda: train(Network([4, 2]), np.ones((4, 3)), [0, 1, 1], batch_size=3, eta=np.ones(3)),
     r"learning rate eta must be a finite number > 0; got an array of shape \(3,\)"),
    (lambda: train(Network([4, 2]), np.ones((4, 3)), [0, 1, 1], batch_size=3,
                   X_test=np.ones((3, 2)), y_test=[0, 1]),
     r"^X_test must have shape \(4, m\)"),
    (lambda: train(Network([4, 2]), np.ones((4, 3)), [0, 1, 1], batch_size=3,
                   X_test=np.ones((4, 2)), y_test=[0, 1, 1]),
     r"^y_test must hold one label per example, 2; got 3"),
    (lambda: train(Network([4, 2]), np.ones((4, 3)), [0, 1, 1], batch_size=3, X_test=np.ones((4, 2))),
     r"^X_test and y_test: give both, or neither; got X_test without y_test"),
    (lambda: one_hot([0, 1], 0), r"n_classes must be a whole number ≥ 1; got 0"),
    (lambda: per_example_cost(np.ones((2, 3)), np.ones((3, 2))),
     r"a and y must have one shape \(n, m\), one column per example; got a of shape \(2, 3\) "
     r"and y of shape \(3, 2\)"),
    (lambda: gradient_check(Network([4, 2]), np.ones((4, 1)), [0], eps=np.nan),
     r"eps must be a finite number > 0; got nan"),
    (lambda: gradient_check(Network([4, 2]), np.ones((4, 1)), [0], eps=0),
     r"eps must be a finite number > 0; got 0"),
    (lambda: gradient_check(Network([4, 2]), np.ones((4, 1)), [0], eps=1e-300),
     r"eps must be large enough to move every entry of the parameters in float64"),
    (lambda: gradient_check(Network([4, 2]), np.ones((4, 1)), [0], eps=10.0),
     r"eps must be a small number, 0 < eps ≤ 1"),
    (lambda: Network([4, 2], output_activation="relu6"),
     r"unknown output_activation 'relu6'; expected one of"),
    (lambda: Network([4, 3, 2]).get_param("W", 1.0, 0, 0),
     r"layer l must be a whole number 1 … 2; got the float 1.0"),
])
def test_each_message_names_the_argument_what_was_expected_and_what_came(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_one_rule_for_a_batch_larger_than_the_data():
    from mlp_core import descent
    X, y = np.random.default_rng(0).random((4, 6)), np.arange(6) % 2
    rule = r"batch_size must be 1 … 6, a whole number of examples \(there are 6\); got 7. For " \
           r"one full-batch step per epoch use batch_size=6."
    for call in (lambda: train(Network([4, 2]), X, y, batch_size=7),
                 lambda: descent.time_per_step(Network([4, 2]), X, y, batch_size=7),
                 lambda: descent.neuron_path(X[:1], y[None, :] * 1.0, 0.0, 0.0, 1.0, 3,
                                             batch_size=7)):
        with pytest.raises(ValueError, match=rule):
            call()
    # batch_size = n is full-batch gradient descent: one step per epoch on all n examples.
    net, by_hand = Network([4, 3, 2], seed=2), Network([4, 3, 2], seed=2)
    train(net, X, y, epochs=2, batch_size=6, eta=0.5)
    for _ in range(2):
        sgd_step(by_hand, X, y, 0.5)
    np.testing.assert_allclose(net.theta, by_hand.theta, rtol=1e-12, atol=1e-15)
