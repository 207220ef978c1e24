"""Every notebook, as a learner first meets it: open it in JupyterLab, Run All, and see no
error and every widget drawn. Parametrized over notebooks/*.ipynb, so a new notebook is
covered as soon as it lands."""
import pytest

from lab_page import notebook_names


@pytest.mark.parametrize("name", notebook_names())
def test_run_all_shows_no_error_and_renders_every_widget(lab, name):
    nb = lab.notebook(name)

    errors = nb.error_outputs()
    assert not errors, f"{name}: Run All shows errors:\n" + "\n---\n".join(errors)

    # Every widget view this run created (the notebook model's outputs) is drawn in the page.
    views = nb.wait_widgets_rendered()
    broken = [v["text"] for v in views if not v["rendered"]]
    assert not broken, f"{name}: widget views not rendered: {broken}; console: {nb.console_errors[-5:]}"
    # As many as the committed, executed notebook shows (drafts without outputs: not compared).
    saved = nb.saved_widget_views()
    if saved is not None:
        assert len(views) == saved, (
            f"{name}: Run All creates {len(views)} widget views, the saved notebook shows {saved} "
            "(re-execute it with `python3 run.py notebooks`?)")
    # Nothing is left loading or broken anywhere, nested widgets included.
    text = nb.page.locator(".jp-Notebook").inner_text()
    for bad in ("Loading widget...", "Error displaying widget", "Model not found"):
        assert bad not in text, f"{name}: the page shows {bad!r}"
