"""mlp_core: the maths of a multilayer perceptron, in NumPy, for learners.

Shapes follow the maths: a batch is a matrix whose *columns* are examples, ``W[l]`` has
shape (n_out, n_in) and ``b[l]`` shape (n_out, 1), so one layer is ``a = σ(W @ a_prev + b)``.
Layer lists are indexed from l = 1 (the first hidden layer); index 0 is the input.

The core imports NumPy alone; drawings live in ``mlp_core.viz`` and widgets in
``mlp_core.widgets``, imported explicitly.
"""
from .activations import ACTIVATIONS, get_activation, sigmoid, softmax, softmax_jacobian
from .validation import InvalidArgument, InvalidArgumentType, InvalidIndex, one_hot
from .costs import COSTS, get_cost, per_example_cost
from .datasets import MNIST, DatasetError, load_mnist, read_idx
from .gradcheck import gradient_check, numerical_gradient, relative_error
from .network import ForwardPass, Gradients, Network
from .saving import load_network, load_params, save_network
from .training import History, StepInfo, TrainingDiverged, sgd_step, train

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS", "COSTS", "MNIST", "DatasetError", "ForwardPass", "Gradients", "History",
    "InvalidArgument", "InvalidArgumentType", "InvalidIndex", "Network", "StepInfo", "TrainingDiverged", "get_activation", "get_cost", "gradient_check",
    "load_mnist", "load_network", "load_params", "numerical_gradient", "one_hot",
    "per_example_cost", "read_idx", "relative_error", "save_network", "sgd_step", "sigmoid",
    "softmax", "softmax_jacobian", "train",
]
