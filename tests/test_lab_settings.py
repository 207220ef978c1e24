"""The JupyterLab defaults that run.py writes name real settings with allowed values."""
import json
import sys
from pathlib import Path


def test_lab_overrides_are_settings_of_this_jupyterlab(run_py):
    schemas = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
    for plugin_id, values in run_py.LAB_OVERRIDES.items():
        package, plugin = plugin_id.split(":")
        schema = json.loads((schemas / package / f"{plugin}.json").read_text())
        for key, value in values.items():
            allowed = [c["const"] for c in schema["properties"][key]["oneOf"]]
            assert value in allowed, (plugin_id, key, value, allowed)
