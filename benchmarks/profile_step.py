"""Where the time of one training step goes: ``mlp_core.train`` profiled line by line.

    python3 benchmarks/profile_step.py                 784-16-16-10, float64, batch 10
    python3 benchmarks/profile_step.py --batch 128 --dtype float32

Runs ``mlp_core.train`` for one epoch under ``line_profiler`` with every function of the
hot path registered (train's loop and the step: for the series' network, sigmoid with a
squared error, ``FastStep.__call__``; for any other, backprop, the forward pass, σ, σ', the cost),
and prints each line's share of the epoch and its time per step. The hot path is written
one numpy call per line, so a line's time is its numpy call's time (plus the Python around
it). The profiler adds its own cost to every line it times (about 0.1–0.3 µs a line here),
so Python-heavy lines look a little dearer than they are; the epoch's real time, without
the profiler, is printed alongside. Run by ``run_benchmarks.py``, which prints the same
profile after its table.
"""
import os
import sys

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import inspect  # noqa: E402
import linecache  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

import mlp_core  # noqa: E402
from mlp_core import activations, costs, fast_step, network, training  # noqa: E402

# The profile names lines by number and shows their text from the files on disk; if a file
# is edited while the benchmark runs, its numbers no longer match the code that ran.
_LOADED = {m.__file__: os.path.getmtime(m.__file__)
           for m in (activations, costs, fast_step, network, training)}


def edited_since_loaded():
    """The hot path's source files that changed on disk after they were imported."""
    return [os.path.basename(f) for f, t in _LOADED.items() if os.path.getmtime(f) != t]


def hot_functions(net):
    """The functions one step runs through, for this network's σ and cost: train and the
    fast step for the series' network (sigmoid, squared error), else train and backprop."""
    if fast_step.supports(net):
        return [training.train, fast_step.FastStep.__call__]
    fns = [training.train, training._step, network.Network._backprop,
           network.Network._forward, net.activation.f, net.activation.derivative,
           net.output_activation.f, costs.Cost.value_and_grad]
    vjp = net.output_activation.vjp
    fns.append(vjp)
    if vjp.__closure__:  # an elementwise σ: vjp calls its derivative
        fns += [c.cell_contents for c in vjp.__closure__ if callable(c.cell_contents)]
    seen, out = set(), []
    for f in fns:
        if f is not None and f not in seen and inspect.isfunction(f):
            seen.add(f)
            out.append(f)
    return out


def profile_epoch(sizes, cost, dtype, X, labels, batch_size, eta=3.0, seed=0):
    """One epoch of mlp_core.train under line_profiler: returns a list of rows
    ``{"function", "line", "source", "hits", "seconds"}`` and the epoch's seconds with and
    without the profiler."""
    from line_profiler import LineProfiler

    net = mlp_core.Network(sizes, cost=cost, seed=0, dtype=dtype)
    t = time.perf_counter()
    mlp_core.train(net, X, labels, epochs=1, batch_size=batch_size, eta=eta, seed=seed)
    plain = time.perf_counter() - t
    net = mlp_core.Network(sizes, cost=cost, seed=0, dtype=dtype)
    prof = LineProfiler()
    for f in hot_functions(net):
        prof.add_function(f)
    t = time.perf_counter()
    prof.runcall(mlp_core.train, net, X, labels, epochs=1, batch_size=batch_size, eta=eta,
                 seed=seed)
    profiled = time.perf_counter() - t
    stats = prof.get_stats()
    rows = []
    for (filename, first, name), timings in stats.timings.items():
        for lineno, hits, ticks in timings:
            rows.append({"function": name, "file": os.path.basename(filename), "line": lineno,
                         "source": linecache.getline(filename, lineno).strip(),
                         "hits": hits, "seconds": ticks * stats.unit})
    return rows, plain, profiled


def report(rows, plain, profiled, steps, min_share=0.5):
    """The profile as text: every line above ``min_share`` % of the profiled epoch, grouped
    by function in the order the step runs them, with µs per step."""
    total = sum(r["seconds"] for r in rows if r["function"] == "train")
    edited = edited_since_loaded()
    lines = [f"WARNING: {', '.join(edited)} edited during the run: the source shown may not be "
             f"the line that ran"] if edited else []
    lines += [f"one epoch: {plain:.3f} s without the profiler ({1e6 * plain / steps:.1f} µs a "
              f"step), {profiled:.3f} s with it; lines under {min_share}% of it not shown",
             f"{'µs/step':>8} {'share':>6} {'hits/step':>9}  function:line  source"]
    order = ["train", "__call__", "_step", "_backprop", "_forward", "value_and_grad", "vjp",
             "sigmoid", "sigmoid_derivative"]
    by_fn = {}
    for r in rows:
        by_fn.setdefault(r["function"], []).append(r)
    for fn in sorted(by_fn, key=lambda f: order.index(f) if f in order else len(order)):
        for r in sorted(by_fn[fn], key=lambda r: r["line"]):
            share = 100 * r["seconds"] / total if total else 0.0
            if share < min_share:
                continue
            lines.append(f"{1e6 * r['seconds'] / steps:8.2f} {share:5.1f}% "
                         f"{r['hits'] / steps:9.2f}  {fn}:{r['line']}  {r['source'][:70]}")
    book = history_seconds(rows)
    lines.append(f"the History (each step's output and cost kept, the epoch's score): "
                 f"{100 * book / total:.1f}% of the profiled epoch (an upper bound: the "
                 f"profiler overcharges cheap lines)" if total else "")
    return "\n".join(lines)


# The lines that exist only for the History's training cost and accuracy: each step's
# output kept, each step's cost kept (and computed: Σ(a − y)² / k), the epoch's score.
HISTORY_LINES = ("outputs[:, k:k + batch.size] = ", "history.step_cost.append(",
                 "outputs = np.empty(", "Y_epoch = Y.take(", "_score(net, outputs",
                 "cost = _sum_of_squares(", "cost = float(np.vdot(e, e))")


def history_seconds(rows):
    """Seconds the profiled epoch spent on the lines of :data:`HISTORY_LINES`."""
    return sum(r["seconds"] for r in rows
               if r["function"] in ("train", "value_and_grad", "__call__")
               and r["source"].startswith(HISTORY_LINES))


def main(argv=None):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from run_benchmarks import NETWORKS, synthetic_mnist

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--network", choices=list(NETWORKS), default="784-16-16-10")
    p.add_argument("--batch", type=int, default=10)
    p.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    p.add_argument("--samples", type=int, default=60_000)
    args = p.parse_args(argv)
    sizes, cost = NETWORKS[args.network]
    X, labels = synthetic_mnist(args.samples)
    X = X.astype(args.dtype, order="K")
    rows, plain, profiled = profile_epoch(sizes, cost, np.dtype(args.dtype), X, labels,
                                          args.batch)
    print(f"{args.network} {args.dtype} batch {args.batch}, load average "
          f"{os.getloadavg()[0]:.2f}")
    print(report(rows, plain, profiled, -(-args.samples // args.batch)))


if __name__ == "__main__":
    main()
