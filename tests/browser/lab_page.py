"""A notebook open in JupyterLab, driven as a learner drives it (used by the browser tests).

``NotebookPage`` opens a notebook in its own JupyterLab workspace, waits for the kernel, runs
every cell with the Run menu's "Run All Cells", and then reads the page: error outputs,
rendered widgets, and a main widget's controls, readout and plot (found by the CSS classes of
CONTRIBUTING.md: ``mlp-main-NN``, ``mlp-control-<name>``, ``mlp-readout``, ``mlp-plot``).
"""
import json
import os
import re
import time
from pathlib import Path

import pytest

TOKEN = "mlp-browser-tests"
KERNEL_IDLE = "Python 3 (ipykernel) | Idle"
#: What JupyterLab's interface shows, per interface language ("zh_CN": the zh-CN language
#: pack): the status bar of an idle kernel and the label of the Run menu.
UI_TEXT = {"en": {"idle": KERNEL_IDLE, "run_menu": "Run"},
           "zh_CN": {"idle": "Python 3 (ipykernel) | 空闲", "run_menu": "运行"}}
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
ROOT = Path(__file__).resolve().parents[2]
#: The notebooks under test; MLP_NOTEBOOK_DIR points the suite at another folder (e.g. drafts).
NOTEBOOK_DIR = Path(os.environ.get("MLP_NOTEBOOK_DIR", ROOT / "notebooks")).resolve()
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

#: notebook / control -> {"readout_ms": …, "plot_settled_ms": …}; written by the conftest.
TIMINGS = {}

# Timing probe, installed in the page before a move: the time of the first key or pointer
# press, of the first change of the readout's text, and of every change inside the plot.
_PROBE_JS = """(root) => {
  const box = document.querySelector(root);
  const readouts = [...box.querySelectorAll('.mlp-readout')];
  const plots = [...box.querySelectorAll('.mlp-plot')];
  const text = () => readouts.map(r => r.innerText).join('\\n');
  const m = {t0: null, readout: null, plot: [], before: text()};
  const start = () => { if (m.t0 === null) m.t0 = performance.now(); };
  document.addEventListener('keydown', start, true);
  document.addEventListener('pointerdown', start, true);
  const ro = new MutationObserver(() => {
    if (m.readout === null && text() !== m.before) m.readout = performance.now();
  });
  readouts.forEach(r => ro.observe(r, {subtree: true, childList: true, characterData: true,
                                       attributes: true}));
  const po = new MutationObserver(() => m.plot.push(performance.now()));
  plots.forEach(p => po.observe(p, {subtree: true, childList: true, attributes: true,
                                    characterData: true}));
  m.stop = () => { ro.disconnect(); po.disconnect();
    document.removeEventListener('keydown', start, true);
    document.removeEventListener('pointerdown', start, true); };
  window.__mlpProbe = m;
}"""

_PROBE_READ_JS = """() => { const m = window.__mlpProbe; const now = performance.now();
  return {t0: m.t0, readout: m.readout, plot: m.plot, now: now}; }"""

# What the plot shows: its images' sources, its SVG / canvas content, its text and inline
# styles (a bar of a FloatProgress is drawn by its style's width).
# The plot may itself be the <img> (an ipywidgets Image) or hold one (an Output).
_PLOT_SIGNATURE_JS = """(root) => [...document.querySelectorAll(root + ' .mlp-plot')].map(p =>
  [p, ...p.querySelectorAll('img')].filter(e => e.tagName === 'IMG').map(i => i.src).join('|') +
  '#svg' +
  [...p.querySelectorAll('svg')].map(s => s.outerHTML.length).join(',') + '#canvas' +
  p.querySelectorAll('canvas').length + '#text' + p.innerText + '#style' +
  [...p.querySelectorAll('[style]')].map(e => e.getAttribute('style')).join(';')
  ).join('||')"""


def notebook_names():
    """Every notebook of the series, by file name (parametrizes the tests)."""
    return sorted(p.name for p in NOTEBOOK_DIR.glob("*.ipynb"))


def root(nn):
    """The CSS selector of a main widget: "02" means ``.mlp-main-02``; a selector (starting
    with ".") picks one of several boxes, e.g. ".mlp-main-07.mlp-drawing-pad"."""
    return nn if nn.startswith(".") else f".mlp-main-{nn}"


def normalize(text):
    """Whitespace-insensitive text (the browser wraps and collapses spaces)."""
    return " ".join(str(text).split())


class NotebookPage:
    """One notebook in one browser page (its own context and JupyterLab workspace)."""

    def __init__(self, lab, name):
        self.lab = lab
        self.name = name
        self.context = lab.browser.new_context(viewport={"width": 1280, "height": 1000})
        self.page = self.context.new_page()
        self.page.set_default_timeout(60_000)
        self.console_errors = []
        self.page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        self.page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))
        self.run_all_s = None
        self.ui = UI_TEXT[getattr(lab, "ui", "en")]   # the interface language's texts

    # --- opening and running -------------------------------------------------------------
    def open_and_run_all(self, timeout_s=600):
        page = self.page
        workspace = re.sub(r"[^A-Za-z0-9]", "-", Path(self.name).stem)
        page.goto(f"{self.lab.url}/lab/workspaces/{workspace}/tree/{self.name}"
                  f"?token={TOKEN}&reset")
        page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for()
        # Not the toolbar's execution indicator: it says idle before the kernel is ready, and
        # Run All would then open a "Select Kernel" dialog (BROWSER_TESTING.md, pitfall 3).
        self.wait_status(self.ui["idle"], timeout_s=90)
        start = time.monotonic()
        menu = re.escape(self.ui["run_menu"])
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(rf"^{menu}$")).click()
        page.locator("li[data-command='runmenu:run-all']").click()
        self.wait_run_finished(timeout_s)
        self.run_all_s = time.monotonic() - start

    def status_text(self):
        return normalize(self.page.locator("#jp-main-statusbar").inner_text())

    def wait_status(self, text, timeout_s):
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if text in self.status_text():
                return
            self.page.wait_for_timeout(100)
        raise AssertionError(f"{self.name}: the status bar never read {text!r} within "
                             f"{timeout_s} s; it reads {self.status_text()!r}")

    def cell_states(self):
        """Each code cell's execution state and count, read from JupyterLab's notebook model."""
        return self.page.evaluate("""() => {
          const panel = window.jupyterapp.shell.currentWidget;
          return panel.content.widgets.filter(c => c.model.type === 'code').map(c => ({
            state: c.model.executionState, count: c.model.executionCount,
            empty: c.model.sharedModel.getSource().trim() === ''}));
        }""")

    def wait_run_finished(self, timeout_s):
        """Run All queues every cell at once (each shows [*]); it has finished when no cell is
        running any more and the kernel is idle, twice in a row, a moment apart."""
        deadline = time.monotonic() + timeout_s
        quiet = 0
        while time.monotonic() < deadline:
            states = self.cell_states()
            busy = any(s["state"] == "running" for s in states)
            if not busy and self.ui["idle"] in self.status_text():
                quiet += 1
                if quiet >= 3:
                    return
            else:
                quiet = 0
            self.page.wait_for_timeout(200)
        raise AssertionError(f"{self.name}: Run All did not finish within {timeout_s} s "
                             f"(status bar: {self.status_text()!r})")

    # --- reading the page ----------------------------------------------------------------
    def error_outputs(self):
        """Text of every error or traceback the page shows, cell outputs and outputs nested in
        Output widgets alike, plus the error outputs of the notebook model."""
        shown = self.page.evaluate("""() => {
          const found = [];
          for (const o of document.querySelectorAll('.jp-Notebook .jp-OutputArea-output')) {
            const mime = o.getAttribute('data-mime-type') || '';
            const t = o.innerText || '';
            if ((mime === 'application/vnd.jupyter.stderr' && /Traceback|Error\\b/.test(t))
                || o.closest('.jp-OutputArea-child')?.querySelector('.jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]'))
              found.push(t.slice(0, 2000));
          }
          return found;
        }""")
        model = self.page.evaluate("""() => {
          const panel = window.jupyterapp.shell.currentWidget;
          const found = [];
          for (const c of panel.content.widgets) {
            if (c.model.type !== 'code') continue;
            for (const o of c.model.outputs.toJSON())
              if (o.output_type === 'error') found.push(o.ename + ': ' + o.evalue);
          }
          return found;
        }""")
        return shown + [m for m in model if not any(m.split(":")[0] in s for s in shown)]

    def widget_outputs(self):
        """For each widget view in a cell output: is it rendered (a ``.jupyter-widgets`` or
        ``.widget-*`` element of non-zero size, no "Loading widget…" / "Error displaying
        widget" text)? Returns a list of dicts {rendered, text}."""
        return self.page.evaluate("""(mime) => {
          const out = [];
          const panel = window.jupyterapp.shell.currentWidget;
          for (const cell of panel.content.widgets) {
            if (cell.model.type !== 'code') continue;
            const area = cell.outputArea;
            for (let i = 0; i < area.model.length; i++) {
              if (!(mime in (area.model.get(i).data || {}))) continue;
              const o = area.widgets[i] && area.widgets[i].node.querySelector('.jp-OutputArea-output');
              if (!o) { out.push({rendered: false, text: '(no output node)'}); continue; }
              const els = [...o.querySelectorAll('.jupyter-widgets, [class*="widget-"]')];
              const sized = els.some(e => { const r = e.getBoundingClientRect();
                                            return r.width > 0 && r.height > 0; });
              const t = o.innerText || '';
              const broken = /Loading widget|Error displaying widget|Error rendering/.test(t);
              out.push({rendered: sized && !broken, text: t.slice(0, 300)});
            }
          }
          return out;
        }""", WIDGET_MIME)

    def saved_widget_views(self):
        """How many widget views the notebook's saved outputs hold (top level), or None when
        the saved notebook has not been executed (a draft: no code cell has a count)."""
        nb = json.loads((Path(self.lab.server["root"]) / self.name).read_text())
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        if not any(c.get("execution_count") for c in code):
            return None
        return sum(1 for c in code for o in c.get("outputs", []) if WIDGET_MIME in o.get("data", {}))

    def wait_widgets_rendered(self, timeout_s=30):
        """Every widget view of the live notebook (its model's outputs after Run All), once
        all are rendered or the time is out."""
        deadline = time.monotonic() + timeout_s
        while True:
            views = self.widget_outputs()
            if all(v["rendered"] for v in views):
                return views
            if time.monotonic() > deadline:
                return views
            self.page.wait_for_timeout(250)

    # --- a main widget -------------------------------------------------------------------
    def main_box(self, nn):
        """The locator of notebook NN's main widget; skips the test when the page has none."""
        box = self.page.locator(root(nn))
        if box.count() == 0:
            pytest.skip(f"{self.name} shows no {root(nn)} box (CONTRIBUTING.md's CSS classes)")
        return box.first

    def handle(self, nn, control, index=0):
        """The noUiSlider handle (role=slider) of control ``mlp-control-<control>``."""
        sel = f"{root(nn)} .mlp-control-{control}"
        loc = self.page.locator(f"{sel} .noUi-handle")
        if loc.count() == 0:
            pytest.fail(f"{self.name}: no slider handle under {sel}")
        return loc.nth(index)

    def readout(self, nn):
        loc = self.page.locator(f"{root(nn)} .mlp-readout")
        return normalize("\n".join(loc.all_inner_texts()))

    def plot_signature(self, nn):
        return self.page.evaluate(_PLOT_SIGNATURE_JS, root(nn))

    def html_text(self, html):
        """The text the browser shows for ``html`` (what a readout's HTML value renders as)."""
        return normalize(self.page.evaluate("""(h) => { const d = document.createElement('div');
            d.innerHTML = h; document.body.appendChild(d); const t = d.innerText; d.remove();
            return t; }""", html))

    @staticmethod
    def slider_value(handle):
        # aria-valuetext holds the full value (aria-valuenow is rounded to one decimal).
        text = handle.get_attribute("aria-valuetext")
        try:
            return float(text)
        except (TypeError, ValueError):
            return float(handle.get_attribute("aria-valuenow"))

    def press(self, nn, handle, key="ArrowRight"):
        """Focus a slider handle and press ``key`` (one step), as with the keyboard."""
        handle.scroll_into_view_if_needed()
        handle.focus()
        self.start_probe(nn)
        handle.press(key)

    def drag(self, nn, handle, dx):
        """Drag a slider handle ``dx`` pixels to the right with the mouse."""
        handle.scroll_into_view_if_needed()
        box = handle.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        self.start_probe(nn)
        mouse = self.page.mouse
        mouse.move(x, y)
        mouse.down()
        for i in range(1, 11):
            mouse.move(x + dx * i / 10, y)
            self.page.wait_for_timeout(20)
        mouse.up()

    def start_probe(self, nn):
        self.page.evaluate("() => window.__mlpProbe && window.__mlpProbe.stop()")
        self.page.evaluate(_PROBE_JS, root(nn))

    def wait_readout(self, nn, expected, timeout_s=10):
        """Wait until the readout reads ``expected`` (normalized); return what it reads."""
        expected = normalize(expected)
        deadline = time.monotonic() + timeout_s
        text = self.readout(nn)
        while text != expected and time.monotonic() < deadline:
            self.page.wait_for_timeout(25)
            text = self.readout(nn)
        return text

    def wait_plot_changed(self, nn, before, timeout_s=10):
        """Wait until the plot differs from ``before`` and then stays unchanged for 0.5 s."""
        deadline = time.monotonic() + timeout_s
        sig = self.plot_signature(nn)
        while sig == before and time.monotonic() < deadline:
            self.page.wait_for_timeout(50)
            sig = self.plot_signature(nn)
        stable_since = time.monotonic()
        while time.monotonic() - stable_since < 0.5 and time.monotonic() < deadline:
            self.page.wait_for_timeout(100)
            now = self.plot_signature(nn)
            if now != sig:
                sig, stable_since = now, time.monotonic()
        return sig

    def record_timing(self, key):
        """Store the probe's times (ms from the first press): readout change, last plot change."""
        m = self.page.evaluate(_PROBE_READ_JS)
        if m["t0"] is None:
            return None
        t = {"readout_ms": None if m["readout"] is None else round(m["readout"] - m["t0"], 1),
             "plot_settled_ms": round(max(m["plot"]) - m["t0"], 1) if m["plot"] else None}
        TIMINGS[key] = t
        return t

    def screenshot(self, nn, label):
        """A screenshot of the main widget, scrolled into view (the notebook scrolls inside a
        panel, so a full-page screenshot would not show it)."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        box = self.page.locator(root(nn)).first
        box.scroll_into_view_if_needed()
        self.page.wait_for_timeout(200)
        path = SCREENSHOTS / f"{Path(self.name).stem}_{label}.png"
        try:
            box.screenshot(path=str(path))
        except Exception:  # an element taller than the viewport: take the viewport instead
            self.page.screenshot(path=str(path))
        return path

    def close(self):
        try:
            self.page.evaluate("""async () => {
              const panel = window.jupyterapp.shell.currentWidget;
              if (panel && panel.sessionContext) await panel.sessionContext.shutdown();
            }""")
        except Exception:
            pass
        self.context.close()


def move_slider_and_check(nb, nn, control, expected_text, *, index=0, drag_px=40,
                          label=None, plot=True):
    """Move slider ``mlp-control-<control>`` of notebook NN's main widget as a learner does —
    one ArrowRight key press on the focused handle, then a mouse drag of ``drag_px`` pixels —
    and check after each move that the readout reads ``expected_text(value)``, the text
    mlp_core computes for the slider's new value, and (``plot=True``) that the plot redrew.

    Records the key press → readout and → settled plot times under "<notebook> / <control>",
    takes a screenshot after the drag, and returns the list of values the slider took.
    """
    label = label or control
    key = f"{Path(nb.name).stem} / {label}"
    handle = nb.handle(nn, control, index)
    values = []
    for move in ("key", "drag"):
        before_value = nb.slider_value(handle)
        before_plot = nb.plot_signature(nn) if plot else None
        before_text = nb.readout(nn)
        if move == "key":
            nb.press(nn, handle, "ArrowRight")
        else:
            nb.drag(nn, handle, drag_px)
        value = nb.slider_value(handle)
        # The handle's aria-valuenow follows the move at once; wait for the mouse to settle.
        nb.page.wait_for_timeout(50)
        value = nb.slider_value(handle)
        assert value != before_value, f"{key}: the {move} did not move the slider from {before_value}"
        expected = normalize(expected_text(value))
        shown = nb.wait_readout(nn, expected)
        assert shown == expected, (f"{key}: after the {move} to {value} the readout reads\n  {shown!r}\n"
                                   f"mlp_core computes\n  {expected!r}\n(before: {before_text!r})")
        if plot:
            after_plot = nb.wait_plot_changed(nn, before_plot)
            assert after_plot != before_plot, f"{key}: the plot did not redraw after the {move}"
        if move == "key":
            nb.record_timing(key)
        values.append(value)
    nb.screenshot(nn, label)
    return values
