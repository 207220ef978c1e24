"""The implementations that mlp_core is timed against (see benchmarks/README.md).

Each module offers the same small interface to the benchmark:
``make(sizes, cost, dtype, eta, batch_size, seed)`` returns an object whose
``epoch(data)`` trains for one epoch on the data prepared by ``prepare(X, labels, dtype)``.
"""
