"""Save and load a network's parameters as a .npz file, without pickle.

The file holds the architecture (sizes, activations, cost, init, seed) and every W[l] and
b[l] as plain arrays. It is written to a temporary file beside the target and then renamed
over it, so a crash mid-write never leaves a half-written file where a good one was.

Every file written can be read back: a network with a NaN or inf parameter is refused
before anything is written. Every file read is checked entry by entry (sizes, seed, names,
shapes, finiteness in the network's dtype) before a network is made or changed.
"""
import os
import tempfile

import numpy as np

from .validation import (InvalidArgument, InvalidArgumentType, check_dtype, check_network,
                         check_parameters, check_seed, check_sizes, describe)

FORMAT_VERSION = 1


def save_network(net, path):
    """Write ``net`` to ``path`` (a .npz file; the suffix is added if missing); returns
    the path written. A parameter that is NaN or inf is an error and nothing is written."""
    check_network(net)
    path = _path(path)
    check_parameters(net)
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


def _path(path):
    """path as a str, or an error naming it (a file name is a str or a pathlib.Path)."""
    try:
        return os.fspath(path)
    except TypeError:
        raise InvalidArgumentType(
            f"path must be a file name (a str or a pathlib.Path); got {describe(path)}") from None


def _read(path):
    path = _path(path)
    try:
        with np.load(path, allow_pickle=False) as data:
            return {k: data[k] for k in data.files}
    except FileNotFoundError:
        if not path.endswith(".npz") and os.path.exists(path + ".npz"):
            raise FileNotFoundError(
                f"no file {path}; did you mean {path}.npz? (saving adds the suffix .npz, "
                f"loading needs the whole name)") from None
        raise
    except Exception as e:
        raise InvalidArgument(
            f"{path} is not a parameter file this package can read: {e}") from None


def load_network(path):
    """A new :class:`Network` with the architecture and parameters stored at ``path``."""
    from .network import Network
    data = _read(path)
    for key in ("sizes", "activation", "output_activation", "cost", "init"):
        if key not in data:
            raise InvalidArgument(f"{path} is not a saved network: it has no {key!r} entry")
    version = data.get("format_version")
    if version is not None and (version.shape != () or version.dtype.kind not in "iu"
                                or int(version) > FORMAT_VERSION):
        raise InvalidArgument(f"{path}: format_version must be a whole number ≤ "
                              f"{FORMAT_VERSION}; got {describe(version)}")
    sizes = data["sizes"]
    if sizes.ndim != 1 or sizes.dtype.kind not in "iu":
        raise InvalidArgument(
            f"{path}: its sizes must be a list of whole numbers such as [784, 16, 10]; got "
            f"{describe(sizes)}: {sizes.tolist()!r}")
    sizes = _entry(path, check_sizes, sizes.tolist())
    names = {}
    for key in ("activation", "output_activation", "cost", "init"):
        if data[key].shape != () or data[key].dtype.kind != "U":
            raise InvalidArgument(f"{path}: its {key} must be a name; got {describe(data[key])}")
        names[key] = str(data[key])
    seed = data.get("seed", np.array(0))
    if seed.shape != () or seed.dtype.kind not in "iu":
        raise InvalidArgument(
            f"{path}: its seed must be a whole number (−1 for none); got {describe(seed)}")
    seed = _entry(path, check_seed, None if int(seed) == -1 else int(seed))
    dtype = _entry(path, check_dtype, data["W1"].dtype, "the dtype of W1") if "W1" in data \
        else np.float64
    try:
        net = Network(sizes, seed=seed, dtype=dtype, **names)
    except ValueError as e:
        raise InvalidArgument(f"{path} describes a network that cannot be made: {e}") from None
    _assign(net, data, path)
    return net


def _entry(path, check, value, *name):
    """check(value, *name), its error prefixed with the file's path."""
    try:
        return check(value, *name)
    except InvalidArgument as e:
        raise InvalidArgument(f"{path}: {e}") from None


def load_params(net, path):
    """Load the parameters stored at ``path`` into the existing ``net``.

    Every array must have exactly the shape of the network's and hold numbers that are
    finite in its dtype; otherwise nothing is changed and the error names the first array
    that does not fit.
    """
    check_network(net)
    _assign(net, _read(path), path)
    return net


def _assign(net, data, path):
    new = []
    for name, arr in net.param_arrays():
        if name not in data:
            raise InvalidArgument(f"{path} has no array {name}; the network {net.sizes} needs it")
        value = data[name]
        if value.shape != arr.shape:
            raise InvalidArgument(f"{path}: {name} has shape {value.shape}, but the network "
                                  f"{net.sizes} needs {arr.shape}")
        if value.dtype.kind not in "iuf":
            raise InvalidArgument(f"{path}: {name} must hold real numbers; got dtype {value.dtype}")
        # In the network's dtype: 1e300 is finite in float64 but inf in float32.
        with np.errstate(over="ignore", invalid="ignore"):
            value = value.astype(net.dtype)
        bad = np.argwhere(~np.isfinite(value))
        if bad.size:
            j, k = (int(i) for i in bad[0])
            raise InvalidArgument(
                f"{path}: {name} must be finite in {net.dtype}; it holds {data[name][j, k]} "
                f"at index {(j, k)}" + (" (too large for float32)"
                                        if np.isfinite(data[name][j, k]) else ""))
        new.append((name, value))
    extra = [k for k in data if k[:1] in "Wb" and k[1:].isdigit() and k not in dict(new)]
    if extra:
        raise InvalidArgument(
            f"{path} has arrays {extra} that the network {net.sizes} does not have")
    # Only now, with every array checked, change the network.
    for name, arr in new:
        getattr(net, name[0])[int(name[1:])][...] = arr
