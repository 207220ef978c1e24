"""Save and load a network's parameters as a .npz file, without pickle.

The file holds the architecture (sizes, activations, cost, init, seed) and every W[l] and
b[l] as plain arrays. It is written to a temporary file beside the target and then renamed
over it, so a crash mid-write never leaves a half-written file where a good one was.
"""
import os
import tempfile

import numpy as np

FORMAT_VERSION = 1


def save_network(net, path):
    """Write ``net`` to ``path`` (a .npz file; the suffix is added if missing)."""
    path = os.fspath(path)
    if not path.endswith(".npz"):
        path += ".npz"
    arrays = {"format_version": np.array(FORMAT_VERSION), "sizes": np.array(net.sizes),
              "activation": np.array(net.activation.name),
              "output_activation": np.array(net.output_activation.name),
              "cost": np.array(net.cost_fn.name), "init": np.array(net.init),
              "seed": np.array(-1 if net.seed is None else net.seed)}
    for name, arr in net.param_arrays():
        arrays[name] = arr
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".npz", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return path


def _read(path):
    try:
        with np.load(path, allow_pickle=False) as data:
            return {k: data[k] for k in data.files}
    except FileNotFoundError:
        raise
    except Exception as e:
        raise ValueError(f"{path} is not a parameter file this package can read: {e}") from None


def load_network(path):
    """A new :class:`Network` with the architecture and parameters stored at ``path``."""
    from .network import Network
    data = _read(path)
    for key in ("sizes", "activation", "output_activation", "cost", "init"):
        if key not in data:
            raise ValueError(f"{path} is not a saved network: it has no {key!r} entry")
    seed = int(data["seed"]) if "seed" in data else 0
    net = Network([int(n) for n in data["sizes"]], activation=str(data["activation"]),
                  output_activation=str(data["output_activation"]), cost=str(data["cost"]),
                  init=str(data["init"]), seed=None if seed < 0 else seed,
                  dtype=data["W1"].dtype if "W1" in data else np.float64)
    _assign(net, data, path)
    return net


def load_params(net, path):
    """Load the parameters stored at ``path`` into the existing ``net``.

    Every array must have exactly the shape of the network's; otherwise nothing is changed
    and the error names the first array that does not fit.
    """
    _assign(net, _read(path), path)
    return net


def _assign(net, data, path):
    new = []
    for name, arr in net.param_arrays():
        if name not in data:
            raise ValueError(f"{path} has no array {name}; the network {net.sizes} needs it")
        if data[name].shape != arr.shape:
            raise ValueError(f"{path}: {name} has shape {data[name].shape}, but the network "
                             f"{net.sizes} needs {arr.shape}")
        if not np.all(np.isfinite(data[name])):
            raise ValueError(f"{path}: {name} holds non-finite values")
        new.append((name, data[name]))
    extra = [k for k in data if k[:1] in "Wb" and k[1:].isdigit() and k not in dict(new)]
    if extra:
        raise ValueError(f"{path} has arrays {extra} that the network {net.sizes} does not have")
    # Only now, with every array checked, change the network.
    for name, arr in new:
        getattr(net, name[0])[int(name[1:])][...] = arr
