"""The README's main command, `python3 run.py lab`: the server it starts answers, serves the
index notebook, and opens at it. No browser needed: the server is asked over HTTP.

run.py refreshes .venv first (a no-op when it is current) and then *execs* JupyterLab, so the
process started here becomes JupyterLab itself; it is started in a new session and stopped
with its process group (itself, its kernels if any, a pip refresh if one was running).
"""
import json
import subprocess
import sys
import tempfile
import urllib.request

import pytest

from lab_process import free_port, jupyter_env, log_tail, stop_process, wait_for_server
from lab_page import ROOT

TOKEN = "mlp-lab-command-test"


def get(url):
    req = urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, r.geturl(), r.read()


@pytest.fixture
def lab_command():
    """`python3 run.py lab --port <free> --ServerApp.token=<tok> --no-browser`, as a learner
    types it (plus a port and token), with every Jupyter folder temporary. DISPLAY is unset,
    so run.py adds its own --no-browser too: passing it twice must be harmless."""
    with tempfile.TemporaryDirectory(prefix="mlp-lab-command-") as base:
        env = jupyter_env(base)
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
        port = free_port()
        cmd = [sys.executable, str(ROOT / "run.py"), "lab", "--port", str(port),
               f"--ServerApp.token={TOKEN}", "--no-browser"]
        log_path = f"{base}/lab.log"
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            # Generous: the first run after a requirements change refreshes .venv first.
            wait_for_server(f"http://127.0.0.1:{port}/api/status?token={TOKEN}", proc, log_path,
                            timeout=300)
            yield f"http://127.0.0.1:{port}", proc, log_path
        finally:
            stop_process(proc, group=True)


def test_run_py_lab_serves_the_index_notebook(lab_command):
    url, proc, log_path = lab_command
    assert proc.poll() is None, f"run.py lab exited:\n{log_tail(log_path)}"

    status, _, body = get(f"{url}/api/status")
    assert status == 200 and "started" in json.loads(body)

    # The index notebook, from the real notebooks/ folder (read only: no page is opened).
    status, _, body = get(f"{url}/api/contents/00_index.ipynb?content=1")
    model = json.loads(body)
    assert status == 200 and model["type"] == "notebook" and model["name"] == "00_index.ipynb"
    expected = json.loads((ROOT / "notebooks" / "00_index.ipynb").read_text())
    assert [c["source"] if isinstance(c["source"], str) else "".join(c["source"])
            for c in expected["cells"]] == [c["source"] for c in model["content"]["cells"]]

    # The URL JupyterLab opens at (run.py's default_url) is served: the JupyterLab page.
    status, final, body = get(f"{url}/lab/tree/00_index.ipynb")
    assert status == 200 and final.endswith("/lab/tree/00_index.ipynb")
    assert b"jupyter-config-data" in body
    # And the bare address redirects there, and so does the URL the server prints to open.
    status, final, _ = get(f"{url}/")
    assert status == 200 and final.endswith("/lab/tree/00_index.ipynb"), final
    log = log_tail(log_path, n=200)
    assert "/lab/tree/00_index.ipynb?token=" in log, f"the printed URL is not the index's:\n{log}"
