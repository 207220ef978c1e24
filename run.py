#!/usr/bin/env python3
"""The project's commands. Each one first creates or refreshes the virtual environment .venv
from requirements*.txt and the package, so a fresh clone needs nothing but Python 3.10+.

    python3 run.py lab          open the series in JupyterLab (at notebooks/00_index.ipynb)
    python3 run.py lab --lang zh    the Chinese edition (notebooks/zh/), JupyterLab in Chinese
    python3 run.py test         run every test: maths, notebooks (nbval), browser
    python3 run.py notebooks    re-execute every notebook in place, saving its outputs
    python3 run.py bench        the speed comparison against other implementations
    python3 run.py solutions    the series with every exercise solved, each checker checked,
                                in solutions/ (open it with: python3 run.py lab --solutions)
    python3 run.py translation check|stamp|new|catalog
                                keep the Chinese edition in step with the English
                                (tools/translation.py says how)

Arguments after the command go to JupyterLab, pytest, or the benchmark.
"""
import hashlib
import json
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


# JupyterLab's defaults for this environment (its overrides.json): widget callbacks run on the
# kernel's main thread, one after another, as they did before ipykernel 7. With comms over
# subshells a callback can draw a matplotlib figure while a cell draws another, and pyplot's
# global state is not thread-safe: plots come out blank or half-drawn.
LAB_OVERRIDES = {"@jupyterlab/apputils-extension:kernels-settings": {"commsOverSubshells": "disabled"}}


def write_lab_overrides():
    path = VENV / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    text = json.dumps(LAB_OVERRIDES, indent=2) + "\n"
    if not path.exists() or path.read_text() != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def ensure_venv(requirements):
    """Create .venv if needed and install what ``requirements`` and the package need,
    again whenever those files change (a stamp file remembers their hash)."""
    # requirements-test.txt includes requirements.txt: a current test install serves lab too.
    if _is_current(requirements) or _is_current("requirements-test.txt"):
        write_lab_overrides()
        return
    if not PY.exists():
        print(f"creating the virtual environment {VENV.name}/ …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    print(f"installing {requirements} and mlp_core into {VENV.name}/ …", flush=True)
    subprocess.run([str(PY), "-m", "pip", "install", "--quiet", "-r", str(ROOT / requirements),
                    "-e", str(ROOT)], check=True)
    _stamp(requirements).write_text(_digest(requirements))
    write_lab_overrides()


def _take_lang(args):
    """Remove ``--lang X`` / ``--lang=X`` from args; return (X or "en", the other args)."""
    lang, rest, it = "en", [], iter(args)
    for a in it:
        if a == "--lang":
            lang = next(it, "")
        elif a.startswith("--lang="):
            lang = a.split("=", 1)[1]
        else:
            rest.append(a)
    if lang not in ("en", "zh"):
        sys.exit(f"--lang must be en or zh; got {lang!r}")
    return lang, rest


def chinese_lab_env():
    """The environment for JupyterLab in Chinese: its user settings in a folder of the Chinese
    edition's own (.venv/jupyterlab-zh/), where the zh-CN language pack is chosen, so that the
    learner's own JupyterLab settings are neither read nor changed."""
    settings = VENV / "jupyterlab-zh" / "settings"
    plugin = settings / "@jupyterlab" / "translation-extension" / "plugin.jupyterlab-settings"
    if not plugin.exists():  # a language chosen later in the menu stays in this folder
        plugin.parent.mkdir(parents=True, exist_ok=True)
        plugin.write_text('{"locale": "zh_CN"}\n', encoding="utf-8")
    return dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings))


def lab(args):
    ensure_venv("requirements.txt")
    lang, args = _take_lang(args)
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
    start, env = "00_index.ipynb", os.environ
    if lang == "zh":  # the Chinese edition is notebooks/zh/, beside the English one
        start, env = "zh/00_index.ipynb", chinese_lab_env()
        if not (folder / start).exists():
            sys.exit(f"the Chinese edition has no {start} in {folder.name}/ yet")
    # Open the index notebook: JupyterLab's /lab/tree/<path> URL opens that file.
    cmd += [f"--LabApp.default_url=/lab/tree/{start}", *args]
    os.execve(cmd[0], cmd, env)


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


def translation(args):
    ensure_venv("requirements.txt")
    os.execv(str(PY), [str(PY), str(ROOT / "tools" / "translation.py"), *args])


def bench(args):
    ensure_venv("requirements-test.txt")
    os.execv(str(PY), [str(PY), str(ROOT / "benchmarks" / "run_benchmarks.py"), *args])


# Small matrices (a minibatch of 10 through 16 neurons) run fastest on one BLAS thread: on a
# busy 2-core machine several threads made training ~5× slower. Kernels inherit this.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

COMMANDS = {"lab": lab, "test": test, "notebooks": notebooks, "bench": bench,
            "solutions": solutions, "translation": translation}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])
