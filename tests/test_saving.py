import os

import numpy as np
import pytest

from mlp_core import Network, load_network, load_params
from batches import random_batch


def test_round_trip_gives_the_same_network(tmp_path, rng):
    net = Network([5, 4, 3], activation="tanh", output_activation="softmax",
                  cost="cross_entropy", seed=3)
    path = tmp_path / "net.npz"
    net.save(path)
    back = load_network(path)
    X, _ = random_batch(rng, 5, 3, 4)
    assert back.sizes == net.sizes and repr(back) == repr(net)
    assert np.array_equal(back.feedforward(X), net.feedforward(X))


def test_the_file_holds_no_pickled_objects(tmp_path):
    path = tmp_path / "net.npz"
    Network([3, 2]).save(path)
    with np.load(path, allow_pickle=False) as data:  # would raise on an object array
        assert all(data[k].dtype != object for k in data.files)


def test_a_file_with_objects_is_refused(tmp_path):
    path = tmp_path / "evil.npz"
    np.savez(path, sizes=np.array([3, 2]), W1=np.array([{"a": 1}], dtype=object))
    with pytest.raises(ValueError, match="not a parameter file"):
        load_params(Network([3, 2]), path)


def test_shapes_that_do_not_fit_are_refused_and_nothing_changes(tmp_path):
    path = tmp_path / "small.npz"
    Network([3, 2, 2], seed=1).save(path)
    net = Network([3, 4, 2], seed=2)
    W1 = net.W[1].copy()
    with pytest.raises(ValueError, match=r"W1 has shape \(2, 3\), but the network \[3, 4, 2\] needs \(4, 3\)"):
        load_params(net, path)
    assert np.array_equal(net.W[1], W1)


def test_a_failed_save_leaves_the_old_file_whole(tmp_path, monkeypatch):
    path = tmp_path / "net.npz"
    Network([3, 2], seed=1).save(path)
    before = path.read_bytes()

    def crash(*args, **kwargs):
        raise OSError("disk full")
    monkeypatch.setattr(np, "savez", crash)
    with pytest.raises(OSError, match="disk full"):
        Network([3, 2], seed=2).save(path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["net.npz"]  # no temporary file left behind


def test_a_network_with_a_nan_parameter_is_not_saved(tmp_path):
    path = tmp_path / "net.npz"
    Network([3, 2], seed=1).save(path)
    before = path.read_bytes()
    net = Network([3, 2], seed=2)
    net.b[1][1, 0] = np.nan
    with pytest.raises(ValueError, match=r"parameter b\[1\]\[1\] is NaN"):
        net.save(path)
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["net.npz"]
    net.b[1][1, 0] = 0.0
    assert np.array_equal(load_network(net.save(path)).theta, net.theta)  # now it round-trips


def _resave(tmp_path, **entries):
    """A saved Network([4, 3, 2]) with some entries replaced; returns its path."""
    good = tmp_path / "good.npz"
    Network([4, 3, 2], seed=1).save(good)
    with np.load(good) as f:
        arrays = {k: f[k] for k in f.files}
    arrays.update(entries)
    path = tmp_path / "edited.npz"
    np.savez(path, **arrays)
    return path


def test_a_value_that_overflows_float32_is_refused_and_nothing_loaded(tmp_path):
    path = _resave(tmp_path, W2=np.full((2, 3), 1e300))
    net = Network([4, 3, 2], dtype=np.float32, seed=5)
    theta = net.theta.copy()
    with pytest.raises(ValueError, match=r"W2 must be finite in float32; it holds 1e\+300 at "
                                         r"index \(0, 0\) \(too large for float32\)"):
        load_params(net, path)
    assert np.array_equal(net.theta, theta)
    assert load_params(Network([4, 3, 2], seed=5), path).W[2][0, 0] == 1e300  # float64 holds it


@pytest.mark.parametrize("entries,message", [
    ({"sizes": np.array([4.5, 3, 2])}, r"its sizes must be a list of whole numbers.*\[4.5, 3.0, 2.0\]"),
    ({"sizes": np.array([[4, 3, 2]])}, r"its sizes must be a list of whole numbers.*shape \(1, 3\)"),
    ({"sizes": np.array(["4", "3", "2"])}, r"its sizes must be a list of whole numbers"),
    ({"seed": np.array("zero")}, r"its seed must be a whole number \(−1 for none\)"),
    ({"seed": np.array(-7)}, r"edited.npz: seed must be a whole number ≥ 0 or None; got -7"),
    ({"cost": np.array(2)}, r"its cost must be a name"),
])
def test_a_file_with_a_bad_architecture_is_refused(tmp_path, entries, message):
    with pytest.raises(ValueError, match=message):
        load_network(_resave(tmp_path, **entries))


@pytest.mark.parametrize("dtype,seed", [(np.float32, 4), (np.float64, None)])
def test_round_trip_keeps_the_dtype_and_the_seed(tmp_path, dtype, seed):
    net = Network([4, 3, 2], dtype=dtype, seed=seed)
    back = load_network(net.save(tmp_path / "net"))
    assert back.dtype == dtype and back.seed == seed and np.array_equal(back.theta, net.theta)


def test_loading_without_the_suffix_save_added_says_so(tmp_path):
    path = Network([3, 2]).save(tmp_path / "model")          # writes model.npz
    assert path.endswith("model.npz")
    with pytest.raises(FileNotFoundError, match=r"did you mean .*model.npz\?"):
        load_network(tmp_path / "model")
