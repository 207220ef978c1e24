"""The implementations that mlp_core is timed against (see benchmarks/README.md).

* :mod:`per_example` — minibatch SGD with a per-example backprop loop, Nielsen-style;
* :mod:`others` — scikit-learn's MLPClassifier and PyTorch eager;
* :mod:`plain_numpy` — minibatch SGD as a competent person writes it in twenty lines;
* :mod:`tuned_numpy` — the fastest numpy step we could write for the same maths.

Each ``make_*`` function does the untimed set-up and returns ``epoch()``, the timed part.

``tests/test_benchmark_peers.py`` checks that they compute what mlp_core computes.
"""
