"""Check yourself (notebook 01): count the parameters of a fully connected network.

Between layers of n_{l−1} and n_l neurons there are n_l·n_{l−1} weights (the matrix W[l])
and n_l biases (one per neuron of layer l; the input layer has none):

    parameters = Σ_{l=1..L} (n_l·n_{l−1} + n_l)
"""


def parameter_count(sizes):
    """Σ_l n_l·n_{l−1} + n_l for the layer sizes ``sizes`` (input first), from the formula."""
    sizes = _check_sizes(sizes)
    return sum(n_out * n_in + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def _check_sizes(sizes):
    sizes = list(sizes)
    if len(sizes) < 2 or not all(isinstance(n, int) and n >= 1 for n in sizes):
        raise ValueError(f"sizes must list at least two whole numbers ≥ 1; got {sizes}")
    return sizes


def check_parameter_count(answer, sizes):
    """Say whether ``answer`` is the number of weights and biases of a network with layer
    sizes ``sizes`` (e.g. [784, 30, 10]); if not, say which usual slip it matches.

    Returns a str starting with "Right", "Not quite" or "No answer yet".
    """
    sizes = _check_sizes(sizes)
    pairs = list(zip(sizes[:-1], sizes[1:]))
    weights = sum(a * b for a, b in pairs)
    biases = sum(sizes[1:])
    expected = weights + biases
    if answer is None:
        return "No answer yet: set my_count to your number and run the cell again."
    if isinstance(answer, bool) or not isinstance(answer, (int, float)) or answer != int(answer):
        return f"Not quite: the count is a whole number; got {answer!r}."
    answer = int(answer)
    if answer == expected:
        return (f"Right: {' + '.join(f'{b}·{a}' for a, b in pairs)} = {weights:,} weights, "
                f"plus {' + '.join(str(n) for n in sizes[1:])} = {biases:,} biases: "
                f"{expected:,} parameters.")
    slips = {
        weights: "counted the weights but not the biases (one bias per neuron outside the "
                 "input layer)",
        weights + sum(sizes): "gave the input neurons biases too; the inputs are the image's "
                              "pixels and have no bias",
        biases: "counted only the biases",
        sum(sizes): "counted the neurons, not the parameters",
        sum(a + b for a, b in pairs) + biases: "added the layer sizes where they multiply: a "
                                               "full connection has n_l·n_{l−1} weights",
    }
    if answer in slips:
        return f"Not quite: {answer:,} is what you get if you {slips[answer]}."
    return (f"Not quite: {answer:,} is not it. Count, for each pair of neighbouring layers, "
            "n_l·n_{l−1} weights and n_l biases, then add up.")
