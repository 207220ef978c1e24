"""A coding exercise as a learner meets it in JupyterLab: type a function into the stub cell, run
it and the checker under it, and read the verdict. The expected verdict is what the checker says,
here in the test process, of the same source."""
import re

import numpy as np
import pytest

from lab_page import normalize

from mlp_core.exercises.coding import solution_source

NOTEBOOK = "01_structure.ipynb"
EXERCISE = "layer_forward"


def cell_index(nb, name):
    """The index of the code cell whose metadata names exercise ``name``, and of the first
    code cell after it (its checker)."""
    return nb.page.evaluate("""(name) => {
      const cells = window.jupyterapp.shell.currentWidget.content.widgets;
      const i = cells.findIndex(c => c.model.getMetadata('exercise') === name);
      let j = i + 1;
      while (j < cells.length && cells[j].model.type !== 'code') j++;
      return [i, j];
    }""", name)


def output_text(nb, index):
    return nb.page.evaluate("""(i) => {
      const cell = window.jupyterapp.shell.currentWidget.content.widgets[i];
      return [...cell.outputArea.node.querySelectorAll('.jp-OutputArea-output')]
        .map(o => o.innerText).join(String.fromCharCode(10));
    }""", index)


def type_and_run(nb, stub, checker, source):
    """Select the stub cell's text, type ``source`` over it, run the stub and its checker
    (Shift+Enter, as a learner does), and return the checker's output text."""
    page = nb.page
    editor = page.locator(".jp-Notebook .jp-Cell").nth(stub).locator(".cm-content")
    editor.scroll_into_view_if_needed()
    editor.click()
    page.keyboard.press("Control+A")
    # insert_text types the text as one input event: no auto-indent doubling the indentation
    page.keyboard.insert_text(source)
    before = output_text(nb, checker)
    page.keyboard.press("Shift+Enter")           # run the stub; the next cell becomes active
    page.evaluate("(j) => { window.jupyterapp.shell.currentWidget.content.activeCellIndex = j; }",
                  checker)
    page.keyboard.press("Shift+Enter")           # run the checker
    nb.wait_run_finished(60)
    deadline = 100
    while output_text(nb, checker) == before and deadline:
        page.wait_for_timeout(100)
        deadline -= 1
    return normalize(output_text(nb, checker))


def verdict_of(source):
    """What check_layer_forward says of the function ``source`` defines."""
    from mlp_core.exercises.structure import check_layer_forward
    namespace = {"np": np}
    exec(source, namespace)
    return normalize(check_layer_forward(namespace[EXERCISE]).text)


@pytest.mark.notebook(NOTEBOOK)
def test_typing_a_solution_and_a_slip_into_the_stub(lab):
    nb = lab.notebook(NOTEBOOK)
    stub, checker = cell_index(nb, EXERCISE)
    assert stub >= 0, f"{NOTEBOOK} has no cell for the exercise {EXERCISE}"
    assert output_text(nb, checker).startswith("Not written yet"), "the unfilled stub's verdict"

    right = solution_source(EXERCISE)
    shown = type_and_run(nb, stub, checker, right)
    assert shown.startswith("Right") and shown == verdict_of(right)

    # The classic slip: the bias left out. The checker names it.
    wrong = re.sub(r"W @ a_prev \+ b\b", "W @ a_prev", right, count=1)
    assert wrong != right
    shown = type_and_run(nb, stub, checker, wrong)
    assert shown.startswith("Not quite") and "left out the bias" in shown
    assert shown == verdict_of(wrong)
    nb.screenshot(f".jp-Notebook .jp-Cell:nth-child({checker + 1})", "exercise_slip")
    assert not nb.error_outputs()
