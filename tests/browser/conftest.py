"""The browser tests' harness: one JupyterLab server for the session, headless Chromium.

The tests do what a learner does: open a notebook in JupyterLab, Run All, move a slider with
the keyboard and the mouse, and read what the page shows. The server is started here on
127.0.0.1 with a free port and a fixed token, with every Jupyter folder pointed at a temporary
directory, serving a temporary *copy* of notebooks/ (JupyterLab autosaves and writes
checkpoints). Only that server process is stopped at the end, by its pid.

Without Chromium (``/usr/bin/chromium`` or ``chromium`` on PATH) or without the Python
``playwright`` package, every test that needs a browser is skipped with a message saying how to
install what is missing. Pages, kernels and timings are shared through the ``lab`` fixture;
tests are grouped per notebook so that at most one notebook's kernel runs at a time.
"""
import json
import os
import shutil
import subprocess
import sys
import urllib.error
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lab_page import NOTEBOOK_DIR, ROOT, TIMINGS, TOKEN, NotebookPage  # noqa: E402
from lab_process import (api, free_port, jupyter_env, stop_process,  # noqa: E402
                         wait_for_server, write_settings)

ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
TIMINGS_FILE = ARTIFACTS / "browser_timings.json"

INSTALL_HINT = ("install it with `apt-get install chromium` (Debian/Ubuntu; gives /usr/bin/chromium); "
                "Playwright's own browser download is not used")


def chromium_path():
    """The system Chromium, or None."""
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


def browser_missing():
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return ("the Python package playwright is not importable: install the test requirements "
                "(`python3 run.py test` does it, or `pip install -r requirements-test.txt`)")
    if chromium_path() is None:
        return f"Chromium not found: {INSTALL_HINT}"
    return None


def pytest_collection_modifyitems(config, items):
    """Mark every test here ``browser``; group the tests by notebook, so that a notebook's page
    (and kernel) opened by its Run All test is reused by its main-widget test, then closed."""
    here = Path(__file__).parent
    mine = [it for it in items if Path(str(it.fspath)).parent == here]
    if not mine:
        return
    for it in mine:
        it.add_marker(pytest.mark.browser)
    COLLECTED.append(len(mine))

    def key(it):
        mark = it.get_closest_marker("notebook")
        nb = mark.args[0] if mark else getattr(getattr(it, "callspec", None), "params", {}).get("name", "")
        generic = 0 if it.get_closest_marker("notebook") is None else 1
        return (nb == "", nb, generic)

    first = items.index(mine[0])
    others = [it for it in items if it not in mine]
    items[:] = others[:first] + sorted(mine, key=key) + others[first:]


def pytest_configure(config):
    config.addinivalue_line("markers", "notebook(name): the notebook a browser test works on")


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    """A JupyterLab server of our own: yields its base URL (token in ``TOKEN``) and the
    temporary copy of the notebooks it serves."""
    yield from serve_lab(tmp_path_factory.mktemp("jupyter"))


@pytest.fixture(scope="module")
def lab_server_zh(tmp_path_factory):
    """The same, with JupyterLab's interface in Chinese (the zh-CN language pack chosen in its
    settings, as ``python3 run.py lab --lang zh`` does)."""
    yield from serve_lab(tmp_path_factory.mktemp("jupyter-zh"), locale="zh_CN")


def serve_lab(base, locale=None):
    """Start JupyterLab in the temporary folder ``base`` serving a copy of notebooks/, with its
    interface in ``locale`` (None: English); yield the server's dict; stop it by its pid."""
    root = base / "notebooks"
    shutil.copytree(NOTEBOOK_DIR, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    env = jupyter_env(base)
    if locale:
        write_settings(env["JUPYTERLAB_SETTINGS_DIR"], "@jupyterlab/translation-extension/plugin",
                       {"locale": locale})
    port = free_port()
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--ServerApp.token={TOKEN}", f"--ServerApp.root_dir={root}",
           "--ServerApp.port_retries=0", "--LabApp.expose_app_in_browser=True"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log_path = base / "jupyterlab.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_server(f"{url}/api/status?token={TOKEN}", proc, log_path)
        yield {"url": url, "root": root, "log": log_path, "pid": proc.pid}
    finally:
        stop_process(proc)


@pytest.fixture(scope="session")
def playwright_driver():
    """Playwright's sync driver, one per session (skips, saying how to install what is
    missing, without Chromium or playwright)."""
    reason = browser_missing()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        yield pw


def launch_chromium(pw, env=None):
    """Headless Debian Chromium; ``env`` (optional) is its environment."""
    return pw.chromium.launch(
        executable_path=chromium_path(), headless=True, env=env,
        args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--disable-background-networking", "--disable-component-update",
              "--no-first-run", "--disable-sync", "--disable-quic"])


@pytest.fixture(scope="session")
def browser(playwright_driver):
    """Headless Debian Chromium driven by Playwright."""
    b = launch_chromium(playwright_driver)
    try:
        yield b
    finally:
        b.close()


@pytest.fixture(scope="module")
def browser_zh(playwright_driver, tmp_path_factory):
    """Chromium that has a Chinese font whatever the system has: FONTCONFIG_FILE adds the
    series' CJK font (mlp_core.i18n.cjk_fontconfig); without it a bare Linux shows the Chinese
    interface as tofu boxes."""
    from mlp_core.i18n import cjk_fontconfig
    conf = cjk_fontconfig(tmp_path_factory.mktemp("fontconfig"))
    b = launch_chromium(playwright_driver, env=dict(os.environ, FONTCONFIG_FILE=str(conf)))
    try:
        yield b
    finally:
        b.close()


class Lab:
    """The browser session: opens notebooks (one at a time), keeps timings for the report.
    ``ui`` is the language of JupyterLab's interface ("en" or "zh_CN")."""

    def __init__(self, server, browser, ui="en"):
        self.server = server
        self.browser = browser
        self.ui = ui
        self.url = server["url"]
        self.pages = {}  # notebook name -> NotebookPage (the current one only)

    def notebook(self, name):
        """The page of ``name``, opened and Run All'd once; opening another notebook closes the
        previous page and shuts its kernel down (two CPU cores: one kernel at a time)."""
        if name in self.pages:
            return self.pages[name]
        self.close_all()
        page = NotebookPage(self, name)
        self.pages[name] = page
        page.open_and_run_all()
        return page

    def close_all(self):
        for nb in list(self.pages.values()):
            nb.close()
        self.pages.clear()
        try:  # whatever kernel is left (e.g. a page that failed to open)
            for s in api(self.url, "/api/sessions"):
                api(self.url, f"/api/sessions/{s['id']}", method="DELETE")
        except (urllib.error.URLError, OSError):
            pass


@pytest.fixture(scope="session")
def lab(browser, lab_server):   # browser first: without Chromium, skip before starting a server
    session = Lab(lab_server, browser)
    yield session
    session.close_all()


@pytest.fixture(scope="module")
def lab_zh(browser_zh, lab_server_zh):
    """The Chinese edition's session: JupyterLab in Chinese, Chromium with a Chinese font."""
    session = Lab(lab_server_zh, browser_zh, ui="zh_CN")
    yield session
    session.close_all()


COLLECTED = []


def pytest_terminal_summary(terminalreporter):
    """Why the browser tests were skipped, if they were (visible without -rs); the measured
    slider → readout and slider → settled-plot times (reported, not asserted)."""
    reason = browser_missing() if COLLECTED else None
    if reason:
        terminalreporter.write_line(f"browser tests skipped: {reason}", yellow=True, bold=True)
    if not TIMINGS:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    TIMINGS_FILE.write_text(json.dumps(TIMINGS, indent=2, sort_keys=True) + "\n")
    tr = terminalreporter
    tr.section("browser timings (target: readout < 150 ms, plot settled < 1 s)")
    tr.write_line(f"{'notebook / control':<44}{'readout ms':>12}{'plot settled ms':>17}")
    for key in sorted(TIMINGS):
        t = TIMINGS[key]
        fmt = lambda v: "-" if v is None else f"{v:.0f}"  # noqa: E731
        tr.write_line(f"{key:<44}{fmt(t.get('readout_ms')):>12}{fmt(t.get('plot_settled_ms')):>17}")
    tr.write_line(f"(written to {TIMINGS_FILE.relative_to(ROOT)})")
