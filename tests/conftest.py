"""Shared fixtures: small random networks and batches, seeded."""
import numpy as np
import pytest


@pytest.fixture
def rng():
    return np.random.default_rng(12345)


@pytest.fixture
def bracketed(monkeypatch):
    """Every text of mlp_core passed through _() comes out as «text» (see untranslated.py)."""
    from mlp_core import i18n
    from untranslated import Brackets
    monkeypatch.setattr(i18n, "_translations", Brackets())
