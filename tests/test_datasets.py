import gzip
import hashlib
import struct

import numpy as np
import pytest

from mlp_core import DatasetError, load_mnist, read_idx
from mlp_core import datasets
from mlp_core.datasets import fetch, sample_path


def test_sample_split_shapes_ranges_and_balance():
    d = load_mnist()
    assert d.X_train.shape == (784, 4000) and d.X_test.shape == (784, 1000)
    assert d.X_train.min() == 0.0 and d.X_train.max() == 1.0
    assert np.bincount(d.y_train).tolist() == [400] * 10
    assert np.bincount(d.y_test).tolist() == [100] * 10


def test_sample_split_is_a_fixed_partition_of_the_file():
    raw = np.loadtxt(sample_path(), delimiter=",")
    d = load_mnist()
    both = np.hstack([np.vstack([d.X_train * 255, d.y_train]), np.vstack([d.X_test * 255, d.y_test])]).T
    # Every row of the file is used exactly once: sort both tables and compare.
    order = lambda t: t[np.lexsort(t.T[::-1])]
    assert np.array_equal(order(np.round(both)), order(raw))
    again = load_mnist()
    assert np.array_equal(again.X_train, d.X_train) and np.array_equal(again.y_test, d.y_test)


def test_loaded_arrays_are_the_callers_own():
    d = load_mnist()
    d.X_train[:, 0] = -1
    assert load_mnist().X_train.min() == 0.0


def write_idx(path, array, type_byte=0x08, compress=False):
    data = bytes([0, 0, type_byte, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    data += array.astype(array.dtype.newbyteorder(">")).tobytes()
    (gzip.open if compress else open)(path, "wb").write(data)
    return data


@pytest.mark.parametrize("compress", [False, True])
def test_idx_images_and_labels(tmp_path, compress):
    images = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    labels = np.array([7, 1], dtype=np.uint8)
    suffix = ".gz" if compress else ""
    write_idx(tmp_path / f"img{suffix}", images, compress=compress)
    write_idx(tmp_path / f"lab{suffix}", labels, compress=compress)
    assert np.array_equal(read_idx(tmp_path / f"img{suffix}"), images)
    assert np.array_equal(read_idx(tmp_path / f"lab{suffix}"), labels)


def test_idx_big_endian_ints(tmp_path):
    values = np.array([[1, -2], [70000, 3]], dtype=np.int32)
    write_idx(tmp_path / "ints", values, type_byte=0x0C)
    assert np.array_equal(read_idx(tmp_path / "ints"), values)


def test_truncated_and_corrupt_idx_files_are_refused(tmp_path):
    data = write_idx(tmp_path / "ok", np.zeros((3, 2, 2), dtype=np.uint8))
    (tmp_path / "short").write_bytes(data[:-1])
    with pytest.raises(DatasetError, match=r"truncated: shape \(3, 2, 2\) needs 28 bytes, the file has 27"):
        read_idx(tmp_path / "short")
    (tmp_path / "head").write_bytes(data[:6])
    with pytest.raises(DatasetError, match="truncated: the header needs 16 bytes"):
        read_idx(tmp_path / "head")
    (tmp_path / "magic").write_bytes(b"\x1f\x8b" + data[2:])
    with pytest.raises(DatasetError, match="not an IDX file"):
        read_idx(tmp_path / "magic")
    (tmp_path / "bad.gz").write_bytes(gzip.compress(data)[:-8])
    with pytest.raises(DatasetError, match="cannot be read"):
        read_idx(tmp_path / "bad.gz")


def serve(tmp_path, name, content):
    """A local 'mirror': a folder reached through a file:// URL (no network in tests)."""
    mirror = tmp_path / "mirror"
    mirror.mkdir(exist_ok=True)
    (mirror / name).write_bytes(content)
    return mirror.as_uri() + "/"


def test_fetch_downloads_verifies_and_caches(tmp_path):
    content = b"some bytes of a data file"
    sha = hashlib.sha256(content).hexdigest()
    cache = tmp_path / "cache"
    good = serve(tmp_path, "f.gz", content)
    path = fetch("f.gz", sha, cache, mirrors=(tmp_path.as_uri() + "/nowhere/", good))
    assert path.read_bytes() == content and sorted(p.name for p in cache.iterdir()) == ["f.gz"]
    # Cached: a second call does not need any mirror.
    assert fetch("f.gz", sha, cache, mirrors=()) == path


def test_a_checksum_mismatch_leaves_nothing_in_the_cache(tmp_path):
    cache = tmp_path / "cache"
    url = serve(tmp_path, "f.gz", b"tampered")
    with pytest.raises(DatasetError, match="SHA-256 .* expected " + "0" * 64):
        fetch("f.gz", "0" * 64, cache, mirrors=(url,))
    assert list(cache.iterdir()) == []


def test_a_corrupt_cached_file_is_reported_not_used(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "f.gz").write_bytes(b"half a fi")
    with pytest.raises(DatasetError, match="corrupt.*Delete it"):
        fetch("f.gz", hashlib.sha256(b"half a file").hexdigest(), cache, mirrors=())


def test_full_mnist_from_a_local_mirror(tmp_path, monkeypatch):
    """The whole path of load_mnist('full') on tiny IDX files made here, served locally."""
    rng = np.random.default_rng(0)
    files, shas = {}, {}
    for name, arr in (("train-images-idx3-ubyte.gz", rng.integers(0, 256, (6, 28, 28))),
                      ("train-labels-idx1-ubyte.gz", rng.integers(0, 10, 6)),
                      ("t10k-images-idx3-ubyte.gz", rng.integers(0, 256, (2, 28, 28))),
                      ("t10k-labels-idx1-ubyte.gz", rng.integers(0, 10, 2))):
        write_idx(tmp_path / name, arr.astype(np.uint8), compress=True)
        files[name] = arr
        shas[name] = hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
    monkeypatch.setattr(datasets, "FULL_FILES", shas)
    monkeypatch.setattr(datasets, "MIRRORS", (tmp_path.as_uri() + "/",))
    d = load_mnist("full", cache_dir=tmp_path / "cache")
    assert d.X_train.shape == (784, 6) and d.X_test.shape == (784, 2)
    assert np.allclose(d.X_train[:, 1], files["train-images-idx3-ubyte.gz"][1].ravel() / 255)
    assert np.array_equal(d.y_test, files["t10k-labels-idx1-ubyte.gz"])


def test_unknown_source():
    with pytest.raises(ValueError, match="expected 'sample' or 'full'"):
        load_mnist("fashion")
