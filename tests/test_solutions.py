"""Every exercise of the series, solved with its reference solution, is called Right by its
checker (the teacher's `python3 run.py solutions`); unsolved, as committed, it says what to do."""
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import solutions  # noqa: E402

from mlp_core.exercises.coding import NO_ANSWER, NOT_WRITTEN, exercise_names  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXERCISES = {p.name: [name for _, name in solutions.exercise_cells(nbformat.read(p, as_version=4))]
             for p in NOTEBOOKS}


def test_every_notebook_from_01_on_has_a_coding_exercise():
    for path in NOTEBOOKS[1:]:
        nb = nbformat.read(path, as_version=4)
        stubs = [nb.cells[i].source for i, _ in solutions.exercise_cells(nb)]
        assert any(s.lstrip().startswith("def ") for s in stubs), f"{path.name} has no coding exercise"


def test_every_exercise_has_a_solution_and_every_solution_an_exercise():
    in_notebooks = [name for names in EXERCISES.values() for name in names]
    assert len(in_notebooks) == len(set(in_notebooks)), "two exercise cells share a name"
    assert sorted(in_notebooks) == exercise_names()


@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS if EXERCISES[p.name]])
def test_committed_exercises_are_unsolved_and_say_what_to_do(name):
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    for exercise, line in solutions.verdicts(nb).items():
        assert line is not None and line.startswith((NOT_WRITTEN, NO_ANSWER)), (exercise, line)


@pytest.mark.slow
@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS if EXERCISES[p.name]])
def test_solved_notebook_every_checker_says_right(name, tmp_path):
    out = solutions.prepare(tmp_path)
    found = solutions.solve(ROOT / "notebooks" / name, out)
    assert sorted(found) == sorted(EXERCISES[name])
    for exercise, line in found.items():
        assert line is not None and line.startswith("Right"), (exercise, line)
