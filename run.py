#!/usr/bin/env python3
"""The project's commands. Each one first creates or refreshes the virtual environment .venv
from requirements*.txt and the package, so a fresh clone needs nothing but Python 3.10+.

    python3 run.py lab          open the series in JupyterLab (at notebooks/00_index.ipynb)
    python3 run.py test         run every test: maths, notebooks (nbval), browser
    python3 run.py notebooks    re-execute every notebook in place, saving its outputs
    python3 run.py bench        the speed comparison against other implementations
    python3 run.py solutions    the series with every exercise solved, each checker checked,
                                in solutions/ (open it with: python3 run.py lab --solutions)

Arguments after the command go to JupyterLab, pytest, or the benchmark.
"""
import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def _digest(requirements):
    files = [ROOT / "requirements.txt", ROOT / "pyproject.toml", ROOT / requirements]
    return hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()


def _stamp(requirements):
    return VENV / f".installed-{Path(requirements).stem}"


def _is_current(requirements):
    stamp = _stamp(requirements)
    return PY.exists() and stamp.exists() and stamp.read_text() == _digest(requirements)


def ensure_venv(requirements):
    """Create .venv if needed and install what ``requirements`` and the package need,
    again whenever those files change (a stamp file remembers their hash)."""
    # requirements-test.txt includes requirements.txt: a current test install serves lab too.
    if _is_current(requirements) or _is_current("requirements-test.txt"):
        return
    if not PY.exists():
        print(f"creating the virtual environment {VENV.name}/ …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    print(f"installing {requirements} and mlp_core into {VENV.name}/ …", flush=True)
    subprocess.run([str(PY), "-m", "pip", "install", "--quiet", "-r", str(ROOT / requirements),
                    "-e", str(ROOT)], check=True)
    _stamp(requirements).write_text(_digest(requirements))


def lab(args):
    ensure_venv("requirements.txt")
    folder = ROOT / "notebooks"
    if "--solutions" in args:  # the solved copy that `run.py solutions` makes
        args = [a for a in args if a != "--solutions"]
        folder = ROOT / "solutions"
        if not (folder / "00_index.ipynb").exists():
            sys.exit("no solved copy yet: run `python3 run.py solutions` first")
    cmd = [str(BIN / "jupyter"), "lab", "--notebook-dir", str(folder)]
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) and sys.platform.startswith("linux"):
        cmd.append("--no-browser")  # headless: JupyterLab prints the URL to open instead
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # JupyterLab refuses to run as root without it
    # Open the index notebook: JupyterLab's /lab/tree/<path> URL opens that file.
    cmd += ["--LabApp.default_url=/lab/tree/00_index.ipynb", *args]
    os.execv(cmd[0], cmd)


def test(args):
    ensure_venv("requirements-test.txt")
    os.chdir(ROOT)
    os.execv(str(PY), [str(PY), "-m", "pytest", *args])


def notebooks(args):
    ensure_venv("requirements-test.txt")
    os.execv(str(PY), [str(PY), str(ROOT / "tools" / "execute_notebooks.py"), *args])


def solutions(args):
    ensure_venv("requirements-test.txt")
    os.execv(str(PY), [str(PY), str(ROOT / "tools" / "solutions.py"), *args])


def bench(args):
    ensure_venv("requirements-test.txt")
    os.execv(str(PY), [str(PY), str(ROOT / "benchmarks" / "run_benchmarks.py"), *args])


# Small matrices (a minibatch of 10 through 16 neurons) run fastest on one BLAS thread: on a
# busy 2-core machine several threads made training ~5× slower. Kernels inherit this.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

COMMANDS = {"lab": lab, "test": test, "notebooks": notebooks, "bench": bench,
            "solutions": solutions}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])
