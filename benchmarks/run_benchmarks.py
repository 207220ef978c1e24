#!/usr/bin/env python3
"""How fast mlp_core trains, next to the implementations a learner would otherwise use.

    python3 run.py bench              the full run (about 30 minutes on 2 quiet cores)
    python3 run.py bench --quick      784-16-16-10, float64, batches 10 and 128 (~4 minutes)
    python3 run.py bench --help       every option

One epoch of minibatch SGD on 60,000 synthetic MNIST-shaped examples (784 inputs in [0, 1],
10 classes), timed for

1. ``mlp_core``      ``mlp_core.train(net, X, y, epochs=1, ...)``, exactly as a notebook calls it
                     (its input checks, shuffling and the epoch's History included);
2. ``per-example``   a per-example backprop loop in the style of Nielsen's network.py
                     (benchmarks/peers/per_example.py);
3. ``scikit-learn``  MLPClassifier(solver="sgd"), plain SGD, one epoch via ``partial_fit``;
4. ``pytorch``       nn.Sequential + torch.optim.SGD, eager, on the CPU (where installed);
5. ``numpy-plain``   minibatch SGD as a competent person writes it in twenty lines of numpy
                     (benchmarks/peers/plain_numpy.py);
6. ``numpy-tuned``   the fastest numpy step we could write for the same maths, the practical
                     limit (benchmarks/peers/tuned_numpy.py);
7. ``numpy-plain-cols``  a diagnostic: numpy-plain's code with examples as columns, mlp_core's
                     layout, to tell the price of the layout from the price of mlp_core's code;
8. ``mlp_core-backprop``  a diagnostic: ``mlp_core.train`` with every step through
                     ``Network.backprop`` and a per-array update, as for a network that the
                     fast step (mlp_core/fast_step.py) does not cover: what the fast step buys.

Every implementation runs in this one process; each peer's epoch right after one of
mlp_core's (M A M B M C, repeated), and a peer's ratio is the median over the repeats of its
time over that of the mlp_core epoch just before it; seconds are medians. BLAS, OpenMP and
PyTorch are held to one thread each, so that the other processes of a shared machine
disturb the comparison as little as possible.

The *floor* is the epoch's matrix-product flop count divided by the rate of one large
(2000 × 2000) numpy matrix product measured in the same run: no implementation of the same
arithmetic can be faster. "% floor" is the floor's share of an implementation's time.

After the table it prints where the time of one mlp_core step goes: one epoch at batch 10
under line_profiler (benchmarks/profile_step.py), every line of the hot path with its µs per
step, and the share of the epoch that the History's bookkeeping takes.

Also measured (skip them with --no-extras): the 30-epoch accuracy of 3Blue1Brown's network
on the MNIST sample for seeds 0, 1, 2; the time to execute every notebook in a fresh kernel;
and the time from a slider change to an updated cost readout.

The table goes to stdout and, with the machine, versions and date, to
benchmarks/results/<date>.json (or --output).
"""
import os
import sys

# Before numpy is imported: one thread for every BLAS/OpenMP pool this process may load.
# The original values are kept for the notebook kernels, which should run as a learner's do.
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
               "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")
ORIGINAL_ENV = {v: os.environ.get(v) for v in THREAD_VARS}
for _v in THREAD_VARS:
    os.environ[_v] = "1"
os.environ.setdefault("MPLBACKEND", "Agg")

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_info, threadpool_limits  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import mlp_core  # noqa: E402
from mlp_core import fast_step, training  # noqa: E402
from peers import others, per_example, plain_numpy, tuned_numpy  # noqa: E402
import profile_step  # noqa: E402

NETWORKS = {
    # name: (sizes, cost), both sigmoid throughout
    "784-16-16-10": ([784, 16, 16, 10], "squared_error"),       # 3Blue1Brown's
    "784-30-10": ([784, 30, 10], "half_squared_error"),          # Nielsen's
}
ETA = 3.0
IMPLS = ("mlp_core", "per-example", "scikit-learn", "pytorch", "numpy-plain", "numpy-tuned",
         "numpy-plain-cols", "mlp_core-backprop")


# -- data and the floor -------------------------------------------------------------------------
def synthetic_mnist(n, seed=0):
    """n MNIST-shaped examples: X (784, n) in [0, 1], labels (n,) in 0 … 9.

    The labels come from a fixed random linear "teacher", so there is something to learn
    and SGD at η = 3 stays finite, as it does on real MNIST."""
    rng = np.random.default_rng(seed)
    X = rng.random((n, 784)).T  # image by image in memory, as load_mnist lays MNIST out
    teacher = rng.standard_normal((10, 784))
    return X, np.argmax(teacher @ (X - 0.5), axis=0)


def matmul_flops(sizes, n):
    """The matrix-product flops of one epoch over n examples (2 per multiply-add):
    forward W[l] a[l−1] and ∂C/∂W[l] = δ[l] a[l−1]ᵀ for every layer, and Wᵀδ for every
    layer but the first. Elementwise work (σ, σ', the update) is left out: it is O(n·Σ n_l),
    small beside O(n·Σ n_l n_{l−1})."""
    per_example = sum(2 * a * b * (3 if l > 0 else 2)
                      for l, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])))
    return per_example * n


def matmul_rate(dtype, size=2000, repeats=3):
    """Flop/s of one size × size numpy matrix product (the best of ``repeats``)."""
    rng = np.random.default_rng(0)
    A = rng.random((size, size)).astype(dtype)
    B = rng.random((size, size)).astype(dtype)
    A @ B  # warm up: the first call loads the BLAS kernels
    best = min(_timed(lambda: A @ B) for _ in range(repeats))
    return 2 * size ** 3 / best


def _timed(f):
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


def _timed_both(f):
    """(wall-clock seconds, CPU seconds of this process) of one call of f."""
    t, c = time.perf_counter(), time.process_time()
    f()
    return time.perf_counter() - t, time.process_time() - c


# -- the four implementations: each returns an epoch() to time ------------------------------
def make_mlp_core(sizes, cost, dtype, X, labels, batch_size, seed):
    net = mlp_core.Network(sizes, cost=cost, seed=0, dtype=dtype)

    def epoch():
        return mlp_core.train(net, X, labels, epochs=1, batch_size=batch_size, eta=ETA,
                              seed=seed)
    return epoch


def make_mlp_core_backprop(sizes, cost, dtype, X, labels, batch_size, seed):
    """``mlp_core.train`` with its fast step switched off: the same steps to the last bit
    (tests/test_fast_step.py), each through Network.backprop."""
    net = mlp_core.Network(sizes, cost=cost, seed=0, dtype=dtype)

    def epoch():
        covered = fast_step.supports
        fast_step.supports = lambda net: False
        try:
            return mlp_core.train(net, X, labels, epochs=1, batch_size=batch_size, eta=ETA,
                                  seed=seed)
        finally:
            fast_step.supports = covered
    return epoch


def make_per_example(sizes, cost, dtype, examples, batch_size, seed):
    start = mlp_core.Network(sizes, cost=cost, seed=0, dtype=dtype)
    net = per_example.Network(start.W[1:], start.b[1:], cost)

    def epoch():
        with np.errstate(over="ignore"):  # its 1/(1 + e^(−z)) may overflow harmlessly
            net.SGD(examples, 1, batch_size, ETA, seed=seed)
    return epoch


class Config:
    """One row group of the table: a network, a dtype and a batch size."""

    def __init__(self, net_name, dtype, batch_size):
        self.net_name, self.dtype, self.batch_size = net_name, np.dtype(dtype), batch_size
        self.sizes, self.cost = NETWORKS[net_name]

    def __str__(self):
        return f"{self.net_name} {self.dtype.name} batch {self.batch_size}"


def prepare_data(n, dtypes):
    """Each implementation's data in its own layout, per dtype, made before any timing."""
    X, labels = synthetic_mnist(n)
    Y = mlp_core.one_hot(labels)
    data = {}
    for dtype in dtypes:
        dtype = np.dtype(dtype)
        Xd = X.astype(dtype, order="K")  # columns, image by image, as load_mnist gives them
        data[dtype] = {
            "X": Xd, "labels": labels,
            "examples": per_example.as_examples(Xd, Y.astype(dtype)),
            "X_rows": others.rows(Xd, dtype),
            "Y_rows": others.rows(Y, dtype),
        }
        data[dtype]["X1_rows"] = tuned_numpy.with_ones(data[dtype]["X_rows"])
    return data


def factory(impl, cfg, d, seed):
    """A fresh model of ``impl`` for ``cfg``; returns its epoch() (untimed set-up)."""
    if impl == "mlp_core":
        return make_mlp_core(cfg.sizes, cfg.cost, cfg.dtype, d["X"], d["labels"],
                             cfg.batch_size, seed)
    if impl == "mlp_core-backprop":
        return make_mlp_core_backprop(cfg.sizes, cfg.cost, cfg.dtype, d["X"], d["labels"],
                                      cfg.batch_size, seed)
    if impl == "per-example":
        return make_per_example(cfg.sizes, cfg.cost, cfg.dtype, d["examples"],
                                cfg.batch_size, seed)
    if impl == "scikit-learn":
        return others.make_sklearn(cfg.sizes, d["X_rows"], d["labels"], cfg.batch_size, ETA,
                                   seed)
    if impl == "pytorch":
        return others.make_torch(cfg.sizes, d["X_rows"], d["Y_rows"], cfg.batch_size, ETA,
                                 cfg.cost, seed=seed)
    if impl in ("numpy-plain", "numpy-tuned", "numpy-plain-cols"):
        net = mlp_core.Network(cfg.sizes, cost=cfg.cost, seed=0, dtype=cfg.dtype)
        start = (net.W[1:], net.b[1:])  # the same start as mlp_core's epochs
        if impl == "numpy-plain":
            return plain_numpy.make_plain(cfg.sizes, d["X_rows"], d["Y_rows"], cfg.batch_size,
                                          ETA, cfg.cost, start=start, seed=seed)
        if impl == "numpy-plain-cols":
            return plain_numpy.make_plain_columns(cfg.sizes, d["X_rows"], d["Y_rows"],
                                                  cfg.batch_size, ETA, cfg.cost, start=start,
                                                  seed=seed)
        return tuned_numpy.make_tuned(cfg.sizes, d["X1_rows"], d["Y_rows"], cfg.batch_size,
                                      ETA, cfg.cost, start=start, seed=seed)
    raise ValueError(impl)


def time_config(cfg, impls, d, repeats, n, floor_seconds, log):
    """Time one epoch of each implementation ``repeats`` times, in pairs.

    Every peer's epoch runs right after an epoch of mlp_core (mlp_core, peer A, mlp_core,
    peer B, … and again), and a peer's ratio is the median over the repeats of its time
    divided by the time of the mlp_core epoch just before it. On a shared machine whose
    speed drifts from one second to the next, the two epochs of a pair see nearly the same
    machine; two medians taken a minute apart need not. mlp_core's seconds are the median
    of all its epochs.

    Each epoch's CPU time is kept too (the process's, one thread): on a machine shared with
    other busy processes an epoch's wall-clock time includes the time it waited for a core,
    its CPU time does not. The ratios of CPU times ("cpu ×") are a second estimate of what a
    quiet machine would show; the table's ratios and the targets use wall-clock time."""
    peers = [impl for impl in impls if impl != "mlp_core"]
    load_before = os.getloadavg()[0]
    times = {impl: [] for impl in impls}
    cpu = {impl: [] for impl in impls}
    ratios = {impl: [] for impl in peers}
    cpu_ratios = {impl: [] for impl in peers}
    for r in range(repeats):
        for peer in peers or [None]:
            base, base_cpu = _timed_both(factory("mlp_core", cfg, d, seed=r))
            times["mlp_core"].append(base)
            cpu["mlp_core"].append(base_cpu)
            if peer is not None:
                wall, cpu_s = _timed_both(factory(peer, cfg, d, seed=r))
                times[peer].append(wall)
                cpu[peer].append(cpu_s)
                ratios[peer].append(wall / base)
                cpu_ratios[peer].append(cpu_s / base_cpu)
        log(f"  {cfg}  repeat {r + 1}/{repeats}: "
            + ", ".join(f"{i} {times[i][-1]:.2f}s" for i in impls))
    load = (load_before, os.getloadavg()[0])  # 1-minute load average before and after
    rows = []
    for impl in impls:
        med = statistics.median(times[impl])
        rows.append({
            "network": cfg.net_name, "dtype": cfg.dtype.name, "batch_size": cfg.batch_size,
            "implementation": impl, "seconds": med, "all_seconds": times[impl],
            "samples_per_second": n / med,
            "mlp_core_speedup": statistics.median(ratios[impl]) if impl in ratios else 1.0,
            "all_ratios": ratios.get(impl),
            "cpu_seconds": statistics.median(cpu[impl]), "all_cpu_seconds": cpu[impl],
            "mlp_core_cpu_speedup": (statistics.median(cpu_ratios[impl]) if impl in cpu_ratios
                                     else 1.0),
            "percent_of_floor": 100.0 * floor_seconds / med,
            "floor_seconds": floor_seconds,
            "load_average": load,
        })
    return rows


# -- where mlp_core's time goes ------------------------------------------------------------------
def train_phases(cfg, d, repeats):
    """mlp_core.train's epoch cut into its phases, each timed (median of ``repeats``):
    the input checks, the minibatch steps (each keeping its output a[L] and its cost for the
    History), and the History's epoch score (the training cost and accuracy from the kept
    outputs). This mirrors the body of ``mlp_core.train`` with its internal helpers; it is a
    diagnostic, not the benchmark."""
    X0, y0, n, m = d["X"], d["labels"], d["X"].shape[1], cfg.batch_size
    phases = {"input checks": [], "steps": [], "score": []}
    for r in range(repeats):
        net = mlp_core.Network(cfg.sizes, cost=cfg.cost, seed=0, dtype=cfg.dtype)
        t0 = time.perf_counter()
        X = net.check_input(X0, finite=False)
        labels, Y = training._labels_and_targets(net, y0, n, "y")
        X_rows = np.ascontiguousarray(X.T)
        take_step = training._fast_or_readable_step(net, X_rows)
        outputs = np.empty(Y.shape, net.dtype)
        t1 = time.perf_counter()
        perm = np.random.default_rng(r).permutation(n)
        Y_epoch = Y.take(perm, axis=1)
        step_cost = []
        for k in range(0, n, m):
            batch = perm[k:k + m]
            cost, a_L = take_step(batch, Y_epoch[:, k:k + m], ETA)
            outputs[:, k:k + batch.size] = a_L
            step_cost.append(cost)
        t2 = time.perf_counter()
        training._score(net, outputs, Y_epoch, labels[perm], [], [])
        t3 = time.perf_counter()
        for name, dt in zip(phases, (t1 - t0, t2 - t1, t3 - t2)):
            phases[name].append(dt)
    return {name: statistics.median(ts) for name, ts in phases.items()}


# -- the extras ---------------------------------------------------------------------------------
def accuracy_runs(seeds=(0, 1, 2), epochs=30):
    """3Blue1Brown's network on the MNIST sample, as notebook 07 trains it."""
    data = mlp_core.load_mnist()
    out = []
    for seed in seeds:
        net = mlp_core.Network([784, 16, 16, 10], cost="squared_error", init="scaled",
                               seed=seed)
        t = time.perf_counter()
        h = mlp_core.train(net, data.X_train, data.y_train, epochs=epochs, batch_size=10,
                           eta=3.0, X_test=data.X_test, y_test=data.y_test, seed=seed)
        out.append({"seed": seed, "epochs": epochs, "seconds": time.perf_counter() - t,
                    "test_accuracy": h.test_accuracy[-1],
                    "best_test_accuracy": max(h.test_accuracy),
                    "train_accuracy": h.train_accuracy[-1]})
    return out


def notebook_suite(log):
    """Execute every notebooks/*.ipynb top to bottom in a fresh kernel (nothing is saved)."""
    import nbformat
    from nbclient import NotebookClient

    saved = {v: os.environ.get(v) for v in THREAD_VARS}
    for v, value in ORIGINAL_ENV.items():   # the kernels get the learner's thread settings
        if value is None:
            os.environ.pop(v, None)
        else:
            os.environ[v] = value
    results = []
    try:
        for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            t = time.perf_counter()
            error = None
            try:
                NotebookClient(nb, timeout=600, kernel_name="python3",
                               resources={"metadata": {"path": str(path.parent)}}).execute()
            except Exception as e:  # report it and go on with the next notebook
                error = f"{type(e).__name__}: {str(e).strip().splitlines()[-1][:200]}"
            seconds = time.perf_counter() - t
            results.append({"notebook": path.name, "seconds": seconds, "error": error})
            log(f"  {path.name}: {seconds:.1f} s" + (f"  FAILED {error}" if error else ""))
    finally:
        for v, value in saved.items():
            os.environ[v] = value
    return results


def slider_latency(moves=200):
    """Slider change → new cost readout, without a browser, over 1,000 test images of
    784-16-16-10: the core operation (set_param, then the cost over the batch) and, where
    the widget exists, CostExplorer's value callback (readout only, and with its plot)."""
    data = mlp_core.load_mnist()
    X, y = data.X_test[:, :1000], data.y_test[:1000]
    net = mlp_core.Network([784, 16, 16, 10], seed=0)
    values = np.linspace(-3, 3, moves)
    out = {}

    def per_move(f, vals):
        ts = [_timed(lambda v=v: f(v)) for v in vals]
        return {"median_ms": 1e3 * statistics.median(ts),
                "p95_ms": 1e3 * float(np.percentile(ts, 95)), "moves": len(ts)}

    out["core: set_param + net.cost(X, y)"] = per_move(
        lambda v: (net.set_param("W", 1, 3, 400, value=v), net.cost(X, y)), values)
    try:
        from mlp_core.widgets.cost_explorer import CostExplorer
    except ImportError as e:
        out["widget"] = f"not measured: {e}"
        return out
    for draw, vals in ((False, values), (True, values[:20])):
        w = CostExplorer(net, X, y, kind="W", l=1, j=3, k=400, draw=draw)

        def move(v, w=w):
            w.value.value = float(v)
        name = "CostExplorer value slider: readout" + (" + plot" if draw else " only")
        out[name] = per_move(move, vals)
    return out


# -- output ---------------------------------------------------------------------------------------
def table(rows):
    head = (f"{'network':<13} {'dtype':<7} {'batch':>5}  {'implementation':<16} {'seconds':>8} "
            f"{'samples/s':>10} {'mlp_core ×':>10} {'cpu ×':>6} {'% floor':>8}")
    lines = [head, "-" * len(head)]
    last = None
    for r in rows:
        key = (r["network"], r["dtype"], r["batch_size"])
        if last is not None and key != last:
            lines.append("")
        if key != last and r.get("load_average"):
            lines.append(f"{'':<13} (1-minute load average {r['load_average'][0]:.2f} before, "
                         f"{r['load_average'][1]:.2f} after these epochs)")
        last = key
        speedup = "" if r["mlp_core_speedup"] is None else f"{r['mlp_core_speedup']:.2f}"
        cpu = f"{r['mlp_core_cpu_speedup']:.2f}" if r.get("mlp_core_cpu_speedup") else ""
        lines.append(f"{r['network']:<13} {r['dtype']:<7} {r['batch_size']:>5}  "
                     f"{r['implementation']:<16} {r['seconds']:>8.3f} "
                     f"{r['samples_per_second']:>10,.0f} {speedup:>10} {cpu:>6} "
                     f"{r['percent_of_floor']:>7.1f}%")
    return "\n".join(lines)


def targets(rows):
    """The issue's targets, checked against this run's ratios."""
    def get(impl, bs, net="784-16-16-10", dtype="float64"):
        for r in rows:
            if (r["implementation"], r["batch_size"], r["network"], r["dtype"]) == (
                    impl, bs, net, dtype):
                return r
        return None
    checks = []
    for impl, bs, need in (("per-example", 10, 8.0), ("scikit-learn", 10, 4.0),
                           ("pytorch", 10, 5.0), ("scikit-learn", 128, 1.3),
                           ("pytorch", 128, 1.3)):
        r = get(impl, bs)
        if r is not None:
            checks.append({"target": f"mlp_core ≥ {need}× {impl} at batch {bs}",
                           "measured": f"{r['mlp_core_speedup']:.2f}× "
                                       f"(cpu {r['mlp_core_cpu_speedup']:.2f}×)",
                           "met": r["mlp_core_speedup"] >= need})
    # The numpy peers, at every batch size and dtype of 3Blue1Brown's network in the run.
    # A ratio is the peer's time over mlp_core's: ≥ 1 means mlp_core is at least as fast;
    # "within 1.2× of the tuned peer" means mlp_core's time ≤ 1.2 × the tuned peer's.
    for r in rows:
        if r["network"] != "784-16-16-10" or r["implementation"] not in ("numpy-plain",
                                                                           "numpy-tuned"):
            continue
        where = f"at batch {r['batch_size']}, {r['dtype']}"
        ratio = r["mlp_core_speedup"]
        cpu = r.get("mlp_core_cpu_speedup")
        if r["implementation"] == "numpy-plain":
            checks.append({"target": f"mlp_core at least as fast as numpy-plain {where}",
                           "measured": f"{ratio:.2f}× (cpu {cpu:.2f}×)", "met": ratio >= 1.0})
        else:
            checks.append({"target": f"mlp_core within 1.2× of numpy-tuned {where}",
                           "measured": f"mlp_core takes {1 / ratio:.2f}× its time "
                                       f"(cpu {1 / cpu:.2f}×)",
                           "met": 1 / ratio <= 1.2})
    r = get("mlp_core", 128)
    if r is not None:
        checks.append({"target": "mlp_core ≥ 10% of the floor at batch 128",
                       "measured": f"{r['percent_of_floor']:.1f}%",
                       "met": r["percent_of_floor"] >= 10.0})
    return checks


def machine_info():
    import importlib.metadata as md
    versions = {"python": platform.python_version()}
    for pkg in ("numpy", "scikit-learn", "torch", "threadpoolctl", "mlp_core"):
        try:
            versions[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            versions[pkg] = None
    cpu = platform.processor()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    blas = [{k: i.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
            for i in threadpool_info() if i.get("user_api") == "blas"]
    env = {v: os.environ.get(v) for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    return {"platform": platform.platform(), "cpu": cpu, "cores": os.cpu_count(),
            "load_average_at_start": load, "versions": versions, "blas": blas, "env": env}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true",
                   help="only 784-16-16-10, float64, batches 10 and 128; no extras")
    p.add_argument("--networks", nargs="+", choices=list(NETWORKS), default=list(NETWORKS))
    p.add_argument("--batches", nargs="+", type=int, default=[10, 32, 128])
    p.add_argument("--dtypes", nargs="+", choices=["float64", "float32"],
                   default=["float64", "float32"])
    p.add_argument("--impls", nargs="+", choices=IMPLS, default=list(IMPLS))
    # Nine, not three: on a shared machine single epochs vary by ±20%, and the median of
    # nine pairs moves far less than that of three.
    p.add_argument("--repeats", type=int, default=9, help="epochs per implementation (≥ 3)")
    p.add_argument("--samples", type=int, default=60_000)
    p.add_argument("--no-extras", action="store_true",
                   help="skip the accuracy runs, the notebook suite and the slider latency")
    p.add_argument("--no-notebooks", action="store_true", help="skip the notebook suite")
    p.add_argument("--output", type=Path, default=None, help="where to write the JSON")
    args = p.parse_args(argv)
    if args.quick:
        args.networks, args.batches, args.dtypes = ["784-16-16-10"], [10, 128], ["float64"]
        args.no_extras = True
    if args.repeats < 1:
        p.error("--repeats must be ≥ 1")
    impls = [i for i in args.impls if i != "pytorch" or others.torch_available()]
    if "mlp_core" not in impls:
        impls.insert(0, "mlp_core")

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    started = datetime.datetime.now(datetime.timezone.utc)
    info = machine_info()
    with threadpool_limits(limits=1):
        try:
            import torch
            torch.set_num_threads(1)
        except ImportError:
            pass
        log("measuring the large-matmul rate …")
        rates = {dt: matmul_rate(np.dtype(dt)) for dt in args.dtypes}
        for dt, r in rates.items():
            log(f"  2000×2000 {dt} matmul, one thread: {r / 1e9:.1f} GFLOP/s")
        log(f"preparing {args.samples:,} synthetic examples …")
        data = prepare_data(args.samples, args.dtypes)
        rows = []
        for net_name in args.networks:
            for dt in args.dtypes:
                for bs in args.batches:
                    cfg = Config(net_name, dt, bs)
                    floor = matmul_flops(cfg.sizes, args.samples) / rates[dt]
                    rows += time_config(cfg, impls, data[cfg.dtype], args.repeats,
                                        args.samples, floor, log)
        breakdown = []
        for dt in args.dtypes[:1]:
            for bs in (b for b in (10, 128) if b in args.batches):
                cfg = Config(args.networks[0], dt, bs)
                log(f"phases of mlp_core.train, {cfg} …")
                ph = train_phases(cfg, data[cfg.dtype], args.repeats)
                floor = matmul_flops(cfg.sizes, args.samples) / rates[dt]
                breakdown.append({"config": str(cfg), "phases_seconds": ph,
                                  "steps_per_second_floor_percent": 100 * floor / ph["steps"],
                                  "steps": -(-args.samples // bs)})
        extras = {"train_phases": breakdown}
        if "784-16-16-10" in args.networks and 10 in args.batches:
            log("line profile of one mlp_core epoch at batch 10 …")
            sizes, cost = NETWORKS["784-16-16-10"]
            dt = np.dtype(args.dtypes[0])
            prof_rows, plain_s, profiled_s = profile_step.profile_epoch(
                sizes, cost, dt, data[dt]["X"], data[dt]["labels"], 10)
            extras["step_profile"] = {
                "config": f"784-16-16-10 {dt.name} batch 10",
                "steps": -(-args.samples // 10), "epoch_seconds": plain_s,
                "profiled_epoch_seconds": profiled_s, "lines": prof_rows,
                "load_average": os.getloadavg()[0]}
        if not args.no_extras:
            log("30-epoch accuracy runs …")
            extras["accuracy_30_epochs"] = accuracy_runs()
            log("slider latency …")
            extras["slider_to_readout"] = slider_latency()
    if not args.no_extras and not args.no_notebooks:
        log("executing the notebook suite …")
        nbs = notebook_suite(log)
        extras["notebook_suite"] = {"seconds": sum(r["seconds"] for r in nbs),
                                    "notebooks": nbs}

    checks = targets(rows)
    end_load = os.getloadavg()
    def loads(x):
        return ", ".join(f"{v:.2f}" for v in x)
    print(f"Load average (1, 5, 15 min): {loads(info['load_average_at_start'])} at the start, "
          f"{loads(end_load)} at the end; "
          f"{os.cpu_count()} cores.")
    print(f"One epoch of minibatch SGD on {args.samples:,} examples; median of "
          f"{args.repeats}; one thread. 'mlp_core ×' = median of (that epoch's time / the "
          f"mlp_core epoch just before it); '% floor' = the floor's share of the time.")
    print("Large-matmul rate: " + ", ".join(f"{dt} {r / 1e9:.1f} GFLOP/s"
                                            for dt, r in rates.items()))
    print()
    print(table(rows))
    if checks:
        print("\nTargets:")
        for c in checks:
            print(f"  {'met   ' if c['met'] else 'MISSED'}  {c['target']}: {c['measured']}")
    if extras["train_phases"]:
        print("\nWhere mlp_core.train's epoch goes (median seconds per phase):")
        for b in extras["train_phases"]:
            ph = b["phases_seconds"]
            print(f"  {b['config']}: " + ", ".join(f"{k} {v:.3f}" for k, v in ph.items())
                  + f"  (steps: {1e6 * ph['steps'] / b['steps']:.0f} µs each, "
                  f"{b['steps_per_second_floor_percent']:.1f}% of the floor)")
    if "step_profile" in extras:
        sp = extras["step_profile"]
        print(f"\nOne mlp_core step, line by line ({sp['config']}, line_profiler, load "
              f"average {sp['load_average']:.2f}):")
        print(profile_step.report(sp["lines"], sp["epoch_seconds"],
                                  sp["profiled_epoch_seconds"], sp["steps"]))
    if "accuracy_30_epochs" in extras:
        print("\n30 epochs of 784-16-16-10 (squared error, η = 3, batch 10) on the MNIST sample:")
        for a in extras["accuracy_30_epochs"]:
            print(f"  seed {a['seed']}: test accuracy {a['test_accuracy']:.4f} "
                  f"(best {a['best_test_accuracy']:.4f}), {a['seconds']:.1f} s")
    if "slider_to_readout" in extras:
        print("\nSlider change → cost readout (1,000 images, 784-16-16-10):")
        for name, v in extras["slider_to_readout"].items():
            print(f"  {name}: " + (v if isinstance(v, str) else
                                    f"median {v['median_ms']:.2f} ms, p95 {v['p95_ms']:.2f} ms"))
    if "notebook_suite" in extras:
        nb = extras["notebook_suite"]
        failed = [r["notebook"] for r in nb["notebooks"] if r["error"]]
        print(f"\nNotebook suite ({len(nb['notebooks'])} notebooks, fresh kernels): "
              f"{nb['seconds']:.1f} s" + (f"; FAILED: {', '.join(failed)}" if failed else ""))

    out = args.output or HERE / "results" / f"{started:%Y-%m-%dT%H%M%SZ}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    record = {"date": started.isoformat(timespec="seconds"), "machine": info,
              "command": " ".join(["run_benchmarks.py", *(argv or sys.argv[1:])]),
              "samples": args.samples, "repeats": args.repeats, "eta": ETA,
              "matmul_rate_flops": {dt: r for dt, r in rates.items()},
              "load_average_at_end": end_load,
              "rows": rows, "targets": checks, **extras}
    out.write_text(json.dumps(record, indent=1) + "\n")
    print(f"\nJSON: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


if __name__ == "__main__":
    main()
