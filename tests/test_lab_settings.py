"""The JupyterLab defaults that run.py writes name real settings with allowed values."""
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_run_py():
    spec = importlib.util.spec_from_file_location("run_py", ROOT / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_lab_overrides_are_settings_of_this_jupyterlab():
    schemas = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
    for plugin_id, values in load_run_py().LAB_OVERRIDES.items():
        package, plugin = plugin_id.split(":")
        schema = json.loads((schemas / package / f"{plugin}.json").read_text())
        for key, value in values.items():
            allowed = [c["const"] for c in schema["properties"][key]["oneOf"]]
            assert value in allowed, (plugin_id, key, value, allowed)

