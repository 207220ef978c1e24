"""Keeping the Chinese edition in step with the English one.

    python3 run.py translation check [NOTEBOOK ...]    what is out of step (exit status 1 if any)
    python3 run.py translation stamp [NOTEBOOK ...] [--cell ID ...]
                                                       record that Chinese cells were checked
    python3 run.py translation new NOTEBOOK            start notebooks/zh/NOTEBOOK from the English
    python3 run.py translation catalog                 bring the .po catalog up to date with the code

A NOTEBOOK is named as ``02_cost.ipynb``, ``02`` or a path to either edition's file.

The rules (``check``):

* notebooks/zh/NN_name.ipynb has the cells of notebooks/NN_name.ipynb: as many, in the same
  order, with the same ids and types;
* code cells are byte-identical, with the same tags and exercise name, except the one code cell
  tagged ``language``: the English calls ``set_language("en")``, the Chinese is the same code
  calling ``set_language("zh_CN")``;
* each Chinese markdown (or raw) cell stores in its metadata, under ``"translation"``, the SHA-256
  of the English source it was translated from (``"english_sha256"``). When the English cell
  changes, the hash no longer matches and the cell is reported as stale, with the notebook, the
  cell's index and id, and the first words of the English text;
* the message catalog mlp_core/locale/zh_CN/LC_MESSAGES/mlp_core.po holds a finished translation
  of every text the package marks with ``_()``, ``N_()`` or ``ngettext()``: no text of the code is
  missing from it, no entry is fuzzy or empty, no entry is left whose English is no longer in the
  code, and every ``{field}`` of the English is in the translation.

``stamp`` writes the current English hash into the Chinese cells (all markdown cells of the
notebook, or only those named with ``--cell``), after a translator has brought them up to date.
It refuses while the cell structure differs, since a hash only means something for matching cells.
"""
import argparse
import hashlib
import re
import string
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
ZH = "zh"                       # the Chinese edition's folder, inside notebooks/
PACKAGE = ROOT / "mlp_core"
PO = PACKAGE / "locale" / "zh_CN" / "LC_MESSAGES" / "mlp_core.po"

LANGUAGE_TAG = "language"
EN_CALL = 'set_language("en")'
ZH_CALL = 'set_language("zh_CN")'
META_KEY = "translation"        # Chinese cell metadata: {"english_sha256": "<hex>"}
HASH_KEY = "english_sha256"
#: The calls whose string arguments are catalog texts (Babel's keyword specs).
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


@dataclass
class Problem:
    """One thing out of step. ``where`` names the file (and cell), ``what`` says what is wrong."""
    where: str
    what: str

    def __str__(self):
        return f"{self.where}: {self.what}"


# --------------------------------------------------------------------------------------------
# notebooks

def english_hash(source):
    """The SHA-256 (hex) of an English cell's source text, as stored in its Chinese cell."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def first_words(text, n=8, width=70):
    """The first ``n`` words of ``text`` on one line (at most ``width`` characters), for naming
    a cell in a message."""
    words = " ".join(text.split()[:n])
    if len(words) > width:
        words = words[:width - 1].rstrip() + "…"
    return words + (" …" if len(text.split()) > n and not words.endswith("…") else "")


def _rel(path):
    path = Path(path).resolve()
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def _read(path):
    return nbformat.read(str(path), as_version=4)


def _tags(cell):
    return list(cell.get("metadata", {}).get("tags", []))


def _language_cells(nb):
    return [i for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and LANGUAGE_TAG in _tags(c)]


def structure_problems(en, zh, zh_name):
    """Problems with the cell sequence: number, order, ids, types. Returns [Problem]."""
    problems = []
    en_ids = [c.get("id") for c in en.cells]
    zh_ids = [c.get("id") for c in zh.cells]
    if en_ids != zh_ids:
        missing = [i for i in en_ids if i not in zh_ids]
        extra = [i for i in zh_ids if i not in en_ids]
        if missing:
            problems.append(Problem(zh_name, f"cells missing (English ids, in order): "
                                             f"{', '.join(map(str, missing))}"))
        if extra:
            problems.append(Problem(zh_name, f"cells the English does not have (ids): "
                                             f"{', '.join(map(str, extra))}"))
        if len(en_ids) != len(zh_ids):
            problems.append(Problem(zh_name, f"{len(zh_ids)} cells, the English has {len(en_ids)}"))
        common_en = [i for i in en_ids if i in zh_ids]
        common_zh = [i for i in zh_ids if i in en_ids]
        if common_en != common_zh:
            k = next(k for k, (a, b) in enumerate(zip(common_en, common_zh)) if a != b)
            problems.append(Problem(zh_name, f"cells in another order: cell {zh_ids.index(common_zh[k])} "
                                             f"is id {common_zh[k]}, the English has id "
                                             f"{common_en[k]} there"))
    by_id = {c.get("id"): c for c in en.cells}
    for k, c in enumerate(zh.cells):
        e = by_id.get(c.get("id"))
        if e is not None and e.cell_type != c.cell_type:
            problems.append(Problem(f"{zh_name} cell {k} (id {c.get('id')})",
                                    f"a {c.cell_type} cell, the English is a {e.cell_type} cell"))
    return problems


def check_pair(en_path, zh_path):
    """Every way the Chinese notebook ``zh_path`` is out of step with the English ``en_path``.
    Returns [Problem] (empty when they are in step)."""
    en, zh = _read(en_path), _read(zh_path)
    zh_name = _rel(zh_path)
    problems = structure_problems(en, zh, zh_name)

    en_lang, zh_lang = _language_cells(en), _language_cells(zh)
    if len(en_lang) != 1:
        problems.append(Problem(_rel(en_path), f"needs exactly one code cell tagged "
                                               f"'{LANGUAGE_TAG}' (calling {EN_CALL}); "
                                               f"it has {len(en_lang)}"))
    if len(zh_lang) != 1:
        problems.append(Problem(zh_name, f"needs exactly one code cell tagged '{LANGUAGE_TAG}' "
                                         f"(calling {ZH_CALL}); it has {len(zh_lang)}"))

    by_id = {c.get("id"): c for c in en.cells}
    for k, c in enumerate(zh.cells):
        e = by_id.get(c.get("id"))
        if e is None or e.cell_type != c.cell_type:
            continue   # reported above
        where = f"{zh_name} cell {k} (id {c.get('id')})"
        if c.cell_type == "code":
            problems += _code_problems(e, c, where)
        else:
            stamp = c.get("metadata", {}).get(META_KEY, {}).get(HASH_KEY)
            quote = f'English: "{first_words(e.source)}"'
            if stamp is None:
                problems.append(Problem(where, f"not translated yet (no stamp) — {quote}"))
            elif stamp != english_hash(e.source):
                problems.append(Problem(where, f"stale: the English changed since this cell "
                                               f"was translated — {quote}"))
    return problems


def _code_problems(e, c, where):
    problems = []
    if LANGUAGE_TAG in _tags(e) or LANGUAGE_TAG in _tags(c):
        if not (LANGUAGE_TAG in _tags(e) and LANGUAGE_TAG in _tags(c)):
            problems.append(Problem(where, f"the '{LANGUAGE_TAG}' tag must be on the same cell "
                                           f"in both editions"))
        elif EN_CALL not in e.source:
            problems.append(Problem(where, f"the English language cell does not call {EN_CALL}"))
        elif c.source != e.source.replace(EN_CALL, ZH_CALL):
            problems.append(Problem(where, f"the language cell must be the English one with "
                                           f"{EN_CALL} replaced by {ZH_CALL}"))
    elif c.source != e.source:
        problems.append(Problem(where, f"code differs from the English — English: "
                                       f"\"{first_words(e.source)}\""))
    if _tags(e) != _tags(c):
        problems.append(Problem(where, f"tags {_tags(c)} differ from the English {_tags(e)}"))
    if e.metadata.get("exercise") != c.metadata.get("exercise"):
        problems.append(Problem(where, f"exercise name {c.metadata.get('exercise')!r} differs "
                                       f"from the English {e.metadata.get('exercise')!r}"))
    return problems


def english_notebooks(nb_dir=None):
    """The English notebooks NN_name.ipynb, in order."""
    return sorted(Path(nb_dir or NOTEBOOKS).glob("[0-9][0-9]_*.ipynb"))


def chinese_notebooks(nb_dir=None):
    """The Chinese notebooks in nb_dir/zh/, in order."""
    return sorted((Path(nb_dir or NOTEBOOKS) / ZH).glob("[0-9][0-9]_*.ipynb"))


def check_notebooks(nb_dir=None, names=None):
    """Check the Chinese edition against the English, notebook by notebook (all of them, or the
    ``names`` given). Once notebooks/zh/ holds any notebook, every English notebook needs its
    Chinese one. Returns [Problem]."""
    nb_dir = Path(nb_dir or NOTEBOOKS)
    problems = []
    en_list = english_notebooks(nb_dir) if names is None else [nb_dir / n for n in names]
    en_names = {p.name for p in english_notebooks(nb_dir)}
    for zh_path in chinese_notebooks(nb_dir):
        if zh_path.name not in en_names:
            problems.append(Problem(_rel(zh_path), "has no English notebook of the same name"))
    for en_path in en_list:
        zh_path = nb_dir / ZH / en_path.name
        if not zh_path.exists():
            problems.append(Problem(_rel(zh_path), f"missing: the Chinese edition of "
                                                   f"{_rel(en_path)} (start it with "
                                                   f"`python3 run.py translation new {en_path.name}`)"))
            continue
        problems += check_pair(en_path, zh_path)
    return problems


def stamp(en_path, zh_path, cell_ids=None):
    """Record in the Chinese notebook that its markdown cells (or only those whose ids are in
    ``cell_ids``) are translations of the current English text. Returns the stamped cells'
    indices. Raises ValueError if the cell structure differs or an id is not a markdown cell."""
    en, zh = _read(en_path), _read(zh_path)
    structure = structure_problems(en, zh, _rel(zh_path))
    if structure:
        raise ValueError("fix the cell structure before stamping:\n"
                         + "\n".join(f"  {p}" for p in structure))
    text_cells = {c.get("id"): k for k, c in enumerate(zh.cells) if c.cell_type != "code"}
    if cell_ids is not None:
        unknown = [i for i in cell_ids if i not in text_cells]
        if unknown:
            raise ValueError(f"cell ids {unknown} are not markdown cells of {_rel(zh_path)}")
        todo = [text_cells[i] for i in cell_ids]
    else:
        todo = sorted(text_cells.values())
    changed = []
    for k in todo:
        h = english_hash(en.cells[k].source)
        meta = zh.cells[k].metadata.setdefault(META_KEY, {})
        if meta.get(HASH_KEY) != h:
            meta[HASH_KEY] = h
            changed.append(k)
    if changed:
        nbformat.write(zh, str(zh_path))
    return changed


def new_translation(en_path, zh_path):
    """Start the Chinese notebook from the English one: the same cells, outputs cleared, the
    language cell switched to Chinese, the markdown still English and unstamped (so ``check``
    lists every cell until it is translated and stamped)."""
    if Path(zh_path).exists():
        raise FileExistsError(f"{_rel(zh_path)} exists already")
    nb = _read(en_path)
    lang = _language_cells(nb)
    if len(lang) != 1 or EN_CALL not in nb.cells[lang[0]].source:
        raise ValueError(f"{_rel(en_path)} needs one code cell tagged '{LANGUAGE_TAG}' calling "
                         f"{EN_CALL} first")
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
    nb.cells[lang[0]].source = nb.cells[lang[0]].source.replace(EN_CALL, ZH_CALL)
    Path(zh_path).parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(zh_path))


# --------------------------------------------------------------------------------------------
# the message catalog

def extract_messages(src_dir=None):
    """The catalog texts of the code: {msgid: [file:line, …]}, where msgid is a str, or a
    (singular, plural) tuple for ngettext. Found by Babel's Python extractor."""
    from babel.messages.extract import extract_from_dir

    src_dir = Path(src_dir or PACKAGE)
    found = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(src_dir), keywords=KEYWORDS):
        if isinstance(message, tuple):
            message = tuple(m for m in message if m is not None)
            if len(message) == 1:
                message = message[0]
        if not message:
            continue   # a call with a variable, not a literal: nothing to translate
        found.setdefault(message, []).append(f"{src_dir.name}/{filename}:{lineno}")
    return found


def _fields(text):
    return {f for _lit, f, _spec, _conv in string.Formatter().parse(text) if f is not None}


def _read_po(po_path):
    from babel.messages.pofile import read_po
    with open(po_path, "rb") as f:
        return read_po(f)


def check_catalog(src_dir=None, po_path=None):
    """Problems of the catalog ``po_path`` against the texts the code in ``src_dir`` marks.
    Returns [Problem]."""
    src_dir, po_path = src_dir or PACKAGE, po_path or PO
    po_name = _rel(po_path)
    if not Path(po_path).exists():
        return [Problem(po_name, "the catalog is missing")]
    catalog = _read_po(po_path)
    code = extract_messages(src_dir)
    problems = []
    entries = {m.id: m for m in catalog if m.id}
    for msgid, where in code.items():
        if msgid not in entries:
            problems.append(Problem(po_name, f"missing: {_show(msgid)} (used at {where[0]})"))
    for msgid, m in entries.items():
        if msgid not in code:
            problems.append(Problem(po_name, f"stale: {_show(msgid)} is no longer in the code "
                                             f"(line {m.lineno})"))
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy:
            problems.append(Problem(po_name, f"fuzzy (to check): {_show(msgid)} (line {m.lineno})"))
        elif not all(strings):
            problems.append(Problem(po_name, f"untranslated: {_show(msgid)} (line {m.lineno})"))
        else:
            wanted = set().union(*(_fields(s) for s in (msgid if isinstance(msgid, tuple) else (msgid,))))
            for s in strings:
                if _fields(s) != wanted:
                    problems.append(Problem(po_name, f"the translation of {_show(msgid)} has the "
                                                     f"fields {sorted(_fields(s))}, the English "
                                                     f"{sorted(wanted)} (line {m.lineno})"))
    return problems


def _show(msgid):
    text = msgid[0] if isinstance(msgid, tuple) else msgid
    return '"' + first_words(text.replace("\n", " "), n=10) + '"'


def update_catalog(src_dir=None, po_path=None):
    """Bring the catalog up to date with the code (Babel's update, as ``pybabel update`` does):
    new texts are added untranslated; a text whose English changed a little takes over the old
    translation, marked fuzzy; a text gone from the code (or changed too much to be matched) is
    kept at the end as obsolete (``#~``), for the translator to reuse. Returns the number of
    texts in the code."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    src_dir, po_path = src_dir or PACKAGE, po_path or PO
    template = Catalog(domain="mlp_core")
    for msgid, where in extract_messages(src_dir).items():
        locations = [(w.rsplit(":", 1)[0], int(w.rsplit(":", 1)[1])) for w in where]
        flags = ["python-brace-format"] if any(_fields(m) for m in
                                               (msgid if isinstance(msgid, tuple) else (msgid,))) else []
        template.add(msgid, locations=locations, flags=flags)
    catalog = _read_po(po_path)
    catalog.update(template)
    with open(po_path, "wb") as f:
        write_po(f, catalog, width=100, omit_header=False, ignore_obsolete=False)
    return len(template)


# --------------------------------------------------------------------------------------------
# the command line

def _resolve(name, nb_dir=None):
    """An English notebook's path from ``02``, ``02_cost``, ``02_cost.ipynb`` or a path."""
    nb_dir = nb_dir or NOTEBOOKS
    base = Path(name).name
    for p in english_notebooks(nb_dir):
        if base in (p.name, p.stem) or re.fullmatch(r"\d\d", base) and p.name.startswith(base + "_"):
            return p
    sys.exit(f"no English notebook {name!r} in {_rel(nb_dir)}/ (e.g. 02_cost.ipynb)")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 run.py translation",
                                     description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="report everything out of step (exit 1 if anything is)")
    c.add_argument("notebooks", nargs="*")
    s = sub.add_parser("stamp", help="record that Chinese cells match the current English")
    s.add_argument("notebooks", nargs="*")
    s.add_argument("--cell", action="append", dest="cells", metavar="ID",
                   help="stamp only this cell (repeatable; needs one notebook)")
    n = sub.add_parser("new", help="start a Chinese notebook from the English one")
    n.add_argument("notebook")
    sub.add_parser("catalog", help="update the .po catalog from the code")
    args = parser.parse_args(argv)

    if args.command == "check":
        names = [_resolve(x).name for x in args.notebooks] or None
        problems, compared = [], []
        if not chinese_notebooks() and names is None:
            print(f"{_rel(NOTEBOOKS / ZH)}/ has no notebooks yet: no notebook compared")
        else:
            problems += check_notebooks(names=names)
            compared.append("notebooks")
        if not extract_messages():
            print("no text of mlp_core is marked with _() yet: the catalog is not compared")
        else:
            problems += check_catalog()
            compared.append("catalog")
        for p in problems:
            print(p)
        if problems:
            print(f"{len(problems)} problem(s)")
        elif compared:
            print(f"in step ({' and '.join(compared)} checked)")
        return 1 if problems else 0
    if args.command == "stamp":
        if args.cells and len(args.notebooks) != 1:
            sys.exit("--cell needs exactly one notebook")
        ens = [_resolve(x) for x in args.notebooks] or \
              [p for p in english_notebooks() if (NOTEBOOKS / ZH / p.name).exists()]
        for en in ens:
            zh = NOTEBOOKS / ZH / en.name
            if not zh.exists():
                sys.exit(f"{_rel(zh)} does not exist (start it with `translation new {en.name}`)")
            try:
                changed = stamp(en, zh, args.cells)
            except ValueError as e:
                sys.exit(str(e))
            print(f"{_rel(zh)}: stamped cells {changed}" if changed else f"{_rel(zh)}: nothing to stamp")
        return 0
    if args.command == "new":
        en = _resolve(args.notebook)
        zh = NOTEBOOKS / ZH / en.name
        try:
            new_translation(en, zh)
        except (ValueError, FileExistsError) as e:
            sys.exit(str(e))
        print(f"{_rel(zh)} started: translate its markdown cells, then "
              f"`python3 run.py translation stamp {en.name}`")
        return 0
    if args.command == "catalog":
        count = update_catalog()
        print(f"{_rel(PO)} updated: {count} text(s) in the code; "
              f"now translate the empty and fuzzy entries")
        return 0


if __name__ == "__main__":
    sys.exit(main())
