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


@pytest.fixture
def run_py():
    """The project's run.py, as a module (importing it runs no command)."""
    import importlib.util
    from pathlib import Path
    spec = importlib.util.spec_from_file_location("run", Path(__file__).parent.parent / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
