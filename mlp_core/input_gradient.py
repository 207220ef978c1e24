"""How an output neuron depends on the input pixels, and what happens if we climb that slope.

Backpropagation usually stops at the weights. But the same chain rule can go one step
further, to the input itself: with δ[l] = ∂a[L]_j/∂z[l] computed layer by layer exactly as in
:meth:`Network.backprop`, the input layer's share is

    ∂a[L]_j / ∂x = W[1]ᵀ δ[1]        (a column of 784 numbers for each example)

which says how each pixel should change to make output neuron j brighter. Climbing that
gradient (gradient *ascent* on the image, with the weights fixed) asks the network "what does
a perfect j look like to you?" — and the answer is noise, not a digit (as article B says of
its trained network: it recognises digits but cannot write them).
"""
from typing import NamedTuple

import numpy as np

from .validation import check_eta, check_network, check_seed, check_whole


def _check_output(net, j):
    check_network(net)
    return check_whole(j, "the output neuron j", 0, net.sizes[-1] - 1)


def input_gradient(net, X, j):
    """∂a[L]_j/∂x for every example: how output neuron j responds to each input pixel.

    Parameters
    ----------
    net : Network
    X : array, shape (n_0, m)     m input images, one per column
    j : int                       the output neuron (the digit), 0 … n_L − 1

    Returns
    -------
    grad_X : array, shape (n_0, m)
        Column i holds ∂a[L]_j/∂x for example i (each example only affects its own output).
    """
    j = _check_output(net, j)
    X = net.check_input(X)
    z, a = net.forward(X)
    L = net.L
    # Start at the output: ∂a[L]_j/∂a[L] is the one-hot vector e_j for every example, pulled
    # back through the output activation (softmax mixes the neurons, so use its vjp).
    e_j = np.zeros_like(a[L])
    e_j[j] = 1.0
    delta = net.output_activation.vjp(z[L], a[L], e_j)          # δ[L], shape (n_L, m)
    for l in range(L, 1, -1):
        # δ[l−1] = σ'(z[l−1]) ⊙ (W[l]ᵀ δ[l]), the backpropagation equation
        delta = net.activation.vjp(z[l - 1], a[l - 1], net.W[l].T @ delta)
    return net.W[1].T @ delta                                   # ∂a[L]_j/∂x = W[1]ᵀ δ[1]


class Ascent(NamedTuple):
    """The result of :func:`maximise_output`.

    x : array, shape (n_0, 1)      the final image, pixels in [0, 1]
    outputs : array, shape (steps + 1,)   a[L]_j before the first step and after each step
    g_max : array, shape (steps,)  max|∂a[L]_j/∂x| at each step: how far a plain step η·g
                                  would have moved the most sensitive pixel, divided by η
    """
    x: np.ndarray
    outputs: np.ndarray
    g_max: np.ndarray


def maximise_output(net, j, steps=100, eta=0.05, x0=None, seed=0):
    """Gradient ascent on the input image to make output neuron j as bright as possible.

    Each step: g = ∂a[L]_j/∂x, then x ← clip(x + η g / max|g|, 0, 1). Dividing by the
    largest |g| makes every step move the most useful pixel by exactly η: a sigmoid output
    near 0 or 1 has a tiny gradient, and a plain step η g would hardly move at all there.
    The weights never change; the pixels stay in [0, 1], like a real image's.

    Parameters
    ----------
    net : Network
    j : int                       the output neuron (digit) to maximise
    steps : int                   how many steps of ascent
    eta : float                   the largest pixel change per step, η > 0
    x0 : array, shape (n_0, 1), optional   the starting image; default: seeded uniform noise
                                  scaled to [0, 0.1] (a nearly black image)
    seed : int                    seeds the default starting image

    Returns
    -------
    Ascent
    """
    j = _check_output(net, j)
    steps = check_whole(steps, "steps", 0)
    check_eta(eta, "eta")
    seed = check_seed(seed)
    if x0 is None:
        x = 0.1 * np.random.default_rng(seed).random((net.sizes[0], 1))
    else:
        x = np.clip(net.check_input(x0, name="x0").astype(np.float64), 0.0, 1.0)
        if x.shape[1] != 1:
            raise ValueError(f"x0 must be one image, shape ({net.sizes[0]}, 1); got {x.shape}")
    outputs = [float(net.feedforward(x)[j, 0])]
    g_maxes = []
    for _ in range(steps):
        g = input_gradient(net, x, j)
        g_max = np.abs(g).max()
        if g_max == 0:          # a flat spot: no pixel changes output j, so stop climbing
            outputs += [outputs[-1]] * (steps + 1 - len(outputs))
            g_maxes += [0.0] * (steps - len(g_maxes))
            break
        g_maxes.append(float(g_max))
        x = np.clip(x + eta * g / g_max, 0.0, 1.0)
        outputs.append(float(net.feedforward(x)[j, 0]))
    return Ascent(x, np.array(outputs), np.array(g_maxes))
