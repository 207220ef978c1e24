"""Starting and stopping a JupyterLab server of our own (used by the browser tests).

Every Jupyter folder points at a temporary directory, so the tests neither read nor write the
learner's settings, and a server is stopped by the pid we started, never by its name.
"""
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from lab_page import TOKEN


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def jupyter_env(base):
    """os.environ with every Jupyter folder inside ``base`` (a fresh, temporary directory), and
    JupyterLab's news and update toast switched off (it covers the page's bottom-right corner)."""
    base = Path(base)
    env = dict(os.environ)
    for var, sub in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                     ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython"),
                     ("JUPYTERLAB_SETTINGS_DIR", "settings"),
                     ("JUPYTERLAB_WORKSPACES_DIR", "workspaces")]:
        (base / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(base / sub)
    settings = base / "settings"
    write_settings(settings, "@jupyterlab/apputils-extension/notification",
                   {"fetchNews": "false", "checkForUpdates": False})
    # Render every cell (no windowing), so that the whole notebook is in the DOM to inspect.
    write_settings(settings, "@jupyterlab/notebook-extension/tracker", {"windowingMode": "none"})
    env.pop("JUPYTER_TOKEN", None)
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def write_settings(settings_dir, plugin, values):
    path = Path(settings_dir) / f"{plugin}.jupyterlab-settings"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(values))


def wait_for_server(url, proc, log_path, timeout=90):
    """Poll ``url`` (the server's /api/status) until it answers 200; fail with the log's tail if
    the process dies or the time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {proc.returncode}:\n"
                               f"{log_tail(log_path)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"JupyterLab did not answer {url} within {timeout} s:\n{log_tail(log_path)}")


def log_tail(path, n=40):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


def stop_process(proc, timeout=20, group=False):
    """Stop the process we started: SIGTERM (JupyterLab then shuts its kernels down), SIGKILL
    after ``timeout`` s. With ``group=True`` signal its process group (we started it as the
    leader of a new session, so the group holds only it and its children)."""
    if proc.poll() is not None:
        return

    def send(sig):
        try:
            if group:
                os.killpg(proc.pid, sig)
            else:
                os.kill(proc.pid, sig)
        except ProcessLookupError:
            pass

    send(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        send(signal.SIGKILL)
        proc.wait(timeout=10)


def api(base_url, path, method="GET"):
    """A call of the Jupyter REST API; returns the decoded JSON (or None)."""
    req = urllib.request.Request(f"{base_url}{path}", method=method,
                                 headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(req, timeout=30) as r:
        body = r.read()
    return json.loads(body) if body else None
