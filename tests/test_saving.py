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
