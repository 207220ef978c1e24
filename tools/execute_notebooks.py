"""Re-execute notebooks in place, top to bottom in a fresh kernel, and save their outputs.

    python3 run.py notebooks                       every notebook in notebooks/ and notebooks/zh/
    python3 run.py notebooks notebooks/02_cost.ipynb   just the ones named

Each notebook runs with its own folder as the working directory, as in JupyterLab.
"""
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def execute(path):
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(nb, path)
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"{shown}: {time.perf_counter() - start:.1f} s", flush=True)


if __name__ == "__main__":
    paths = [Path(p).resolve() for p in sys.argv[1:]] or (
        sorted((ROOT / "notebooks").glob("*.ipynb"))              # the English edition
        + sorted((ROOT / "notebooks" / "zh").glob("*.ipynb")))    # then the Chinese one
    for p in paths:
        execute(p)
