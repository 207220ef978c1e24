"""Every bad input gets an error that says what was expected and what came."""
import subprocess
import sys

import numpy as np
import pytest

from mlp_core import Network, one_hot, sgd_step, train


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
    with pytest.raises(ValueError, match=r"targets must have shape \(2, 3\).*got shape \(3, 2\)"):
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
        train(net, np.ones((4, 1)), np.zeros(1, dtype=int), eta=eta)


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
    with pytest.raises(ValueError, match="batch_size must be a whole number ≥ 1; got 0"):
        train(net, np.ones((4, 2)), np.zeros(2, dtype=int), batch_size=0)


def test_importing_the_core_loads_no_plotting_or_widgets():
    code = ("import sys, mlp_core; bad = [m for m in ('matplotlib', 'ipywidgets', 'tqdm') "
            "if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
