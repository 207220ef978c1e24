"""The series with every exercise solved: for a teacher, and for CI's proof that every checker
accepts its own reference solution.

    python3 run.py solutions              fill, execute and check every notebook, into solutions/
    python3 run.py solutions 05_chain_rule.ipynb   just the ones named (zh/05_chain_rule.ipynb:
                                                   the Chinese edition's, whose verdicts are 正确 …)
    python3 run.py lab --solutions        open that solved copy in JupyterLab

An exercise is a code cell tagged ``exercise`` whose metadata ``"exercise"`` names it. Its
source is replaced by the registered reference solution (``mlp_core.exercises.coding``);
then the notebook is executed, and the checker's verdict is read: the first line starting with
"Right", "Not quite", "Not written yet" or "No answer yet" printed by the exercise's own cell or,
if it prints none, by the next code cell that prints one. Every verdict must be "Right".
The notebooks in notebooks/ are never changed; the solved copies go to solutions/.
"""
import shutil
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from execute_notebooks import ROOT, execute  # noqa: E402

from mlp_core.exercises.coding import (NO_ANSWER, NOT_QUITE, NOT_WRITTEN, RIGHT,  # noqa: E402
                                       solution_source, verdict_forms)

NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "solutions"
# Each verdict in every language of the catalogs ("Right", "正确", …): the Chinese edition's
# checkers print theirs in Chinese.
RIGHTS = verdict_forms(RIGHT)
VERDICTS = tuple(form for v in (RIGHT, NOT_QUITE, NOT_WRITTEN, NO_ANSWER) for form in verdict_forms(v))


def exercise_cells(nb):
    """[(index, name)] of the exercise cells of a notebook, in order."""
    return [(i, cell.metadata["exercise"]) for i, cell in enumerate(nb.cells)
            if cell.cell_type == "code" and "exercise" in cell.metadata.get("tags", [])
            and "exercise" in cell.metadata]


def fill(nb):
    """Put each exercise's reference solution into its cell; return the exercises' names."""
    names = []
    for i, name in exercise_cells(nb):
        nb.cells[i].source = solution_source(name).rstrip("\n")
        names.append(name)
    return names


def _texts(cell):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            yield out.get("text", "")
        elif "data" in out:
            yield out["data"].get("text/plain", "")


def verdict(cell):
    """The first verdict line a cell printed, or None."""
    for text in _texts(cell):
        for line in text.splitlines():
            line = line.strip().strip("'\"")
            if line.startswith(VERDICTS):
                return line
    return None


def verdicts(nb):
    """{exercise name: its checker's verdict line (None if no checker printed one)}."""
    found = {}
    for i, name in exercise_cells(nb):
        line = None
        for cell in nb.cells[i:]:
            if cell.cell_type != "code":
                continue
            line = verdict(cell)
            if line is not None:
                break
        found[name] = line
    return found


def solve(path, out_dir=OUT):
    """Write the solved, executed copy of notebook ``path`` into ``out_dir``; return its
    verdicts."""
    nb = nbformat.read(path, as_version=4)
    fill(nb)
    out_dir.mkdir(exist_ok=True)
    # zh/NN.ipynb (the Chinese edition) goes to solutions/zh/NN.ipynb
    target = out_dir / (path.relative_to(NOTEBOOKS) if path.is_relative_to(NOTEBOOKS) else path.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    execute(target)
    return verdicts(nbformat.read(target, as_version=4))


def prepare(out_dir=OUT):
    """The folder of the solved copies, with the files the notebooks read beside them."""
    out_dir.mkdir(exist_ok=True)
    for extra in NOTEBOOKS.iterdir():
        if extra.is_dir() and not extra.name.startswith("."):
            shutil.copytree(extra, out_dir / extra.name, dirs_exist_ok=True)
    return out_dir


def main(args):
    paths = [NOTEBOOKS / "zh" / Path(a).name if Path(a).parent.name == "zh" else NOTEBOOKS / Path(a).name
             for a in args] or sorted(NOTEBOOKS.glob("*.ipynb"))
    out_dir = prepare()
    wrong = 0
    for path in paths:
        for name, line in solve(path, out_dir).items():
            ok = line is not None and line.startswith(RIGHTS)
            wrong += not ok
            print(f"  {'ok ' if ok else 'BAD'} {name}: {line or 'no verdict printed'}")
    print(f"{'every checker says Right' if not wrong else f'{wrong} checker(s) did not say Right'};"
          f" the solved notebooks are in {out_dir.relative_to(ROOT)}/")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
