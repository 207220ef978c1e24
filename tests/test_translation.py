"""The Chinese edition stays in step with the English (tools/translation.py), the message catalog
is complete and current, and Chinese figures are drawn without missing glyphs (mlp_core.i18n).

The checks are exercised on small notebook pairs and a small package built in tmp_path; the
last tests apply them to the real tree.
"""
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import matplotlib
import nbformat
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import translation as tr  # noqa: E402

from mlp_core import i18n  # noqa: E402
from mlp_core.i18n import _, ngettext, set_language  # noqa: E402


@pytest.fixture(autouse=True)
def english_afterwards():
    """Every test leaves the package in English with matplotlib's fonts as they were."""
    yield
    set_language("en")


# --------------------------------------------------------------------------------------------
# small notebook pairs

LANG_EN = 'from mlp_core.i18n import set_language\nset_language("en")'
LANG_ZH = 'from mlp_core.i18n import set_language\nset_language("zh_CN")'


def english_cells():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    cells = [md("# The cost\n\nOne number that says how bad the network is.", id="title"),
             code(LANG_EN, id="lang", metadata={"tags": ["language"]}),
             code("import numpy as np\nC = np.sum((np.array([0.2, 0.9]) - [0, 1]) ** 2)", id="calc"),
             md("The squared error adds up the **squares** of the differences.", id="explain"),
             code("my_cost = None", id="ask",
                  metadata={"tags": ["exercise"], "exercise": "cost_of_one_example"}),
             md("Run the checker below.", id="outro")]
    return cells


CHINESE_TEXT = {"title": "# 代价函数\n\n一个数，说明网络有多差。",
                "explain": "平方误差把各个差的**平方**加起来。",
                "outro": "运行下面的检查。"}


@pytest.fixture
def pair(tmp_path):
    """notebooks/01_cost.ipynb and notebooks/zh/01_cost.ipynb in step (translated, stamped)."""
    nb_dir = tmp_path / "notebooks"
    (nb_dir / "zh").mkdir(parents=True)
    en = nbformat.v4.new_notebook(cells=english_cells())
    zh = nbformat.v4.new_notebook(cells=english_cells())
    for c in zh.cells:
        if c.cell_type == "markdown":
            c.source = CHINESE_TEXT[c.id]
    zh.cells[1].source = LANG_ZH
    en_path, zh_path = nb_dir / "01_cost.ipynb", nb_dir / "zh" / "01_cost.ipynb"
    nbformat.write(en, en_path)
    nbformat.write(zh, zh_path)
    assert tr.stamp(en_path, zh_path) == [0, 3, 5]   # the three markdown cells
    return en_path, zh_path


def edit(path, index, **changes):
    nb = nbformat.read(path, as_version=4)
    for key, value in changes.items():
        nb.cells[index][key] = value
    nbformat.write(nb, path)


def texts(problems):
    return [str(p) for p in problems]


def test_a_translated_and_stamped_pair_is_in_step(pair):
    en_path, zh_path = pair
    assert tr.check_pair(en_path, zh_path) == []
    zh = nbformat.read(zh_path, as_version=4)
    # the stamp is the SHA-256 of the English text the cell was translated from
    import hashlib
    want = hashlib.sha256(english_cells()[3].source.encode()).hexdigest()
    assert zh.cells[3].metadata["translation"]["english_sha256"] == want


def test_a_changed_english_markdown_cell_names_its_stale_chinese_cell(pair):
    en_path, zh_path = pair
    edit(en_path, 3, source="The squared error adds up the squares of the differences, "
                            "one per output neuron.")
    problems = texts(tr.check_pair(en_path, zh_path))
    assert len(problems) == 1, problems
    p = problems[0]
    assert "zh/01_cost.ipynb cell 3 (id explain)" in p
    assert "stale" in p
    assert '"The squared error adds up the squares of …"' in p   # the English's first words
    # the translator updates the Chinese cell, then re-stamps it: in step again
    edit(zh_path, 3, source="平方误差把各个差的平方加起来，每个输出神经元一项。")
    assert tr.stamp(en_path, zh_path, ["explain"]) == [3]
    assert tr.check_pair(en_path, zh_path) == []


def test_stamping_one_cell_leaves_the_others_stale(pair):
    en_path, zh_path = pair
    edit(en_path, 0, source="# The cost function")
    edit(en_path, 5, source="Now run the checker below.")
    tr.stamp(en_path, zh_path, ["outro"])
    problems = texts(tr.check_pair(en_path, zh_path))
    assert len(problems) == 1 and "cell 0 (id title)" in problems[0] and "stale" in problems[0]


def test_a_markdown_cell_without_stamp_is_reported_untranslated(pair):
    en_path, zh_path = pair
    nb = nbformat.read(zh_path, as_version=4)
    del nb.cells[5].metadata["translation"]
    nbformat.write(nb, zh_path)
    problems = texts(tr.check_pair(en_path, zh_path))
    assert len(problems) == 1 and "cell 5 (id outro)" in problems[0]
    assert "not translated yet" in problems[0] and '"Run the checker below."' in problems[0]


def test_a_changed_code_cell_fails_in_either_edition(pair):
    en_path, zh_path = pair
    edit(en_path, 2, source="import numpy as np\nC = np.sum((np.array([0.3, 0.9]) - [0, 1]) ** 2)")
    problems = texts(tr.check_pair(en_path, zh_path))
    assert len(problems) == 1 and "cell 2 (id calc)" in problems[0]
    assert "code differs" in problems[0]
    # a translator "translating" a code cell (a comment in Chinese) is caught the same way
    edit(en_path, 2, source=english_cells()[2].source)
    edit(zh_path, 2, source="# 计算代价\n" + english_cells()[2].source)
    problems = texts(tr.check_pair(en_path, zh_path))
    assert len(problems) == 1 and "cell 2 (id calc)" in problems[0]


def test_stamp_does_not_excuse_code(pair):
    en_path, zh_path = pair
    edit(zh_path, 2, source="C = 0")
    tr.stamp(en_path, zh_path)
    assert any("code differs" in p for p in texts(tr.check_pair(en_path, zh_path)))


@pytest.mark.parametrize("zh_source, phrase", [
    (LANG_EN, "set_language(\"en\") replaced by set_language(\"zh_CN\")"),
    (LANG_ZH + "\nimport numpy", "set_language(\"en\") replaced by set_language(\"zh_CN\")"),
])
def test_the_language_cell_may_differ_only_by_its_language(pair, zh_source, phrase):
    en_path, zh_path = pair
    edit(zh_path, 1, source=zh_source)
    problems = texts(tr.check_pair(en_path, zh_path))
    assert len(problems) == 1 and "cell 1 (id lang)" in problems[0] and phrase in problems[0]


def test_each_edition_needs_its_language_cell(pair):
    en_path, zh_path = pair
    edit(en_path, 1, metadata={})
    problems = texts(tr.check_pair(en_path, zh_path))
    assert any("01_cost.ipynb: needs exactly one code cell tagged 'language'" in p for p in problems)
    assert any("'language' tag must be on the same cell" in p for p in problems)


def test_tags_and_exercise_names_must_match(pair):
    en_path, zh_path = pair
    edit(zh_path, 4, metadata={"tags": ["exercise"], "exercise": "cost_of_one_sample"})
    problems = texts(tr.check_pair(en_path, zh_path))
    assert len(problems) == 1 and "cell 4 (id ask)" in problems[0]
    assert "'cost_of_one_sample' differs from the English 'cost_of_one_example'" in problems[0]


def test_cells_moved_added_or_removed_are_reported_and_block_stamping(pair):
    en_path, zh_path = pair
    nb = nbformat.read(zh_path, as_version=4)
    nb.cells[2], nb.cells[3] = nb.cells[3], nb.cells[2]
    nbformat.write(nb, zh_path)
    problems = texts(tr.check_pair(en_path, zh_path))
    assert any("another order: cell 2 is id explain, the English has id calc there" in p
               for p in problems), problems
    with pytest.raises(ValueError, match="fix the cell structure"):
        tr.stamp(en_path, zh_path)

    nb = nbformat.read(en_path, as_version=4)
    nb.cells.insert(4, nbformat.v4.new_markdown_cell("A new remark.", id="remark"))
    nbformat.write(nb, en_path)
    nb = nbformat.read(zh_path, as_version=4)          # the order put back: only the new cell
    nb.cells[2], nb.cells[3] = nb.cells[3], nb.cells[2]
    nbformat.write(nb, zh_path)
    problems = texts(tr.check_pair(en_path, zh_path))
    assert any("cells missing (English ids, in order): remark" in p for p in problems), problems
    assert any("6 cells, the English has 7" in p for p in problems)


def test_a_cell_whose_type_changed_is_reported(pair):
    en_path, zh_path = pair
    nb = nbformat.read(zh_path, as_version=4)
    nb.cells[5] = nbformat.v4.new_code_cell("print('run')", id="outro")
    nbformat.write(nb, zh_path)
    problems = texts(tr.check_pair(en_path, zh_path))
    assert problems == [f"{zh_path} cell 5 (id outro): a code cell, the English is a markdown cell"
                        .replace(str(zh_path), tr._rel(zh_path))]


def test_new_translation_starts_with_every_text_cell_to_translate(pair, tmp_path):
    en_path, _zh = pair
    zh_path = tmp_path / "fresh.ipynb"
    tr.new_translation(en_path, zh_path)
    problems = texts(tr.check_pair(en_path, zh_path))
    assert len(problems) == 3 and all("not translated yet" in p for p in problems)
    zh = nbformat.read(zh_path, as_version=4)
    assert zh.cells[1].source == LANG_ZH
    with pytest.raises(FileExistsError):
        tr.new_translation(en_path, zh_path)


def test_the_folder_check_wants_every_english_notebook_translated(pair):
    en_path, zh_path = pair
    nb_dir = en_path.parent
    assert tr.check_notebooks(nb_dir) == []
    nbformat.write(nbformat.read(en_path, as_version=4), nb_dir / "02_more.ipynb")
    problems = texts(tr.check_notebooks(nb_dir))
    assert len(problems) == 1 and "zh/02_more.ipynb: missing" in problems[0]


def test_the_command_line_check_fails_and_names_the_cell(pair, monkeypatch, capsys):
    en_path, zh_path = pair
    monkeypatch.setattr(tr, "NOTEBOOKS", en_path.parent)
    monkeypatch.setattr(tr, "extract_messages", lambda *a: {})
    assert tr.main(["check"]) == 0
    edit(en_path, 5, source="Run the checker.")
    assert tr.main(["check", "01"]) == 1
    out = capsys.readouterr().out
    assert "cell 5 (id outro): stale" in out and "1 problem(s)" in out
    assert tr.main(["stamp", "01_cost.ipynb", "--cell", "outro"]) == 0
    assert tr.main(["check"]) == 0


# --------------------------------------------------------------------------------------------
# the message catalog, on a small package

PO_HEADER = '''msgid ""
msgstr ""
"Language: zh_CN\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"
'''

CODE = '''from mlp_core.i18n import _, N_, ngettext
TITLE = N_("the cost")

def readout(n, error):
    text = _("bias b") + " " + ngettext("{n} step", "{n} steps", n).format(n=n)
    return text, _("cannot compute: {error}").format(error=error), _(TITLE)
'''

PO_ENTRIES = {"the cost": "代价", "bias b": "偏置 b", "cannot compute: {error}": "无法计算：{error}"}


def write_po(path, entries=PO_ENTRIES, extra=""):
    body = PO_HEADER
    for msgid, msgstr in entries.items():
        body += f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n'
    body += '\nmsgid "{n} step"\nmsgid_plural "{n} steps"\nmsgstr[0] "{n} 步"\n' + extra
    path.write_text(body, encoding="utf-8")


@pytest.fixture
def package(tmp_path):
    src = tmp_path / "pkg"
    src.mkdir()
    (src / "mod.py").write_text(CODE, encoding="utf-8")
    po = tmp_path / "pkg.po"
    write_po(po)
    return src, po


def test_the_code_texts_are_found(package):
    src, _po = package
    found = tr.extract_messages(src)
    assert set(found) == {"the cost", "bias b", ("{n} step", "{n} steps"), "cannot compute: {error}"}
    assert found["bias b"] == ["pkg/mod.py:5"]


def test_a_complete_catalog_passes(package):
    assert tr.check_catalog(*package) == []


def test_a_text_new_in_the_code_is_missing_from_the_catalog(package):
    src, po = package
    (src / "mod.py").write_text(CODE + '\nLABEL = _("weighted input z")\n', encoding="utf-8")
    problems = texts(tr.check_catalog(src, po))
    assert len(problems) == 1 and 'missing: "weighted input z" (used at pkg/mod.py:8)' in problems[0]


def test_a_text_changed_in_the_code_makes_its_entry_stale(package):
    src, po = package
    (src / "mod.py").write_text(CODE.replace('_("bias b")', '_("the bias b")'), encoding="utf-8")
    problems = texts(tr.check_catalog(src, po))
    assert any('missing: "the bias b"' in p for p in problems)
    assert any('stale: "bias b" is no longer in the code' in p for p in problems)


def test_fuzzy_and_empty_entries_fail(package):
    src, po = package
    write_po(po, {**PO_ENTRIES, "bias b": ""})
    assert texts(tr.check_catalog(src, po)) == [f'{tr._rel(po)}: untranslated: "bias b" (line 10)']
    text = po.read_text(encoding="utf-8").replace('msgid "the cost"', '#, fuzzy\nmsgid "the cost"')
    po.write_text(text, encoding="utf-8")
    problems = texts(tr.check_catalog(src, po))
    assert any('fuzzy (to check): "the cost"' in p for p in problems)


def test_a_translation_must_keep_the_fields(package):
    src, po = package
    write_po(po, {**PO_ENTRIES, "cannot compute: {error}": "无法计算：{错误}"})
    problems = texts(tr.check_catalog(src, po))
    assert len(problems) == 1
    assert "has the fields ['错误'], the English ['error']" in problems[0]


def test_update_brings_new_texts_in_and_marks_changed_ones_fuzzy(package):
    src, po = package
    (src / "mod.py").write_text(CODE.replace('"cannot compute: {error}"', '"cannot compute it: {error}"')
                                + '\nLABEL = _("weighted input z")\n', encoding="utf-8")
    tr.update_catalog(src, po)
    problems = texts(tr.check_catalog(src, po))
    assert any('untranslated: "weighted input z"' in p for p in problems), problems
    assert any('fuzzy (to check): "cannot compute it: {error}"' in p for p in problems), problems
    assert len(problems) == 2          # the old text's entry became the fuzzy one
    assert 'msgid "cannot compute: {error}"' not in po.read_text(encoding="utf-8")


def test_fuzzy_entries_are_not_used_and_the_english_shows(package, tmp_path):
    _src, po = package
    text = po.read_text(encoding="utf-8").replace('msgid "bias b"', '#, fuzzy\nmsgid "bias b"')
    po.write_text(text, encoding="utf-8")
    t = i18n.compile_catalog(po)
    assert t.gettext("bias b") == "bias b"
    assert t.gettext("the cost") == "代价"
    assert t.ngettext("{n} step", "{n} steps", 5) == "{n} 步"


# --------------------------------------------------------------------------------------------
# mlp_core.i18n with the real catalog

def real_entries():
    from babel.messages.pofile import read_po
    with open(tr.PO, "rb") as f:
        return [m for m in read_po(f) if m.id]


def test_every_catalog_entry_is_translated_once_chinese_is_chosen():
    entries = real_entries()
    assert len(entries) >= 10
    for m in entries:
        assert _(m.id) == m.id          # English: the text itself
    set_language("zh_CN")
    for m in entries:
        if isinstance(m.id, tuple):     # an ngettext entry: Chinese has one form for every n
            assert all(ngettext(*m.id, n) == m.string[0] for n in (1, 2))
            assert m.string[0] not in m.id
        else:
            assert _(m.id) == m.string and m.string != m.id
    assert _("a text the catalog does not have") == "a text the catalog does not have"
    assert ngettext("{n} epoch", "{n} epochs", 1) == "{n} epoch"
    set_language("en")
    assert _(entries[0].id) == entries[0].id


def test_the_real_catalog_is_finished():
    """No fuzzy or empty entry, every {field} kept (whatever the code marks so far)."""
    src = tr.PACKAGE
    problems = [p for p in texts(tr.check_catalog(src, tr.PO)) if "stale:" not in p and "missing:" not in p]
    assert problems == []


def test_an_unknown_language_is_refused_by_name():
    with pytest.raises(ValueError, match=r"language must be one of \('en', 'zh_CN'\); got 'zh'"):
        set_language("zh")
    assert i18n.current_language() == "en"


def test_english_gives_back_matplotlibs_fonts():
    before = {k: matplotlib.rcParams[k] for k in ("font.family", "font.sans-serif")}
    set_language("zh_CN")
    assert matplotlib.rcParams["font.family"][0] == "Noto Sans CJK SC"
    set_language("en")
    assert {k: matplotlib.rcParams[k] for k in before} == before


def draw_chinese_figure(path):
    """A figure with Chinese title, axis labels, legend and annotation, and the symbols the
    series uses beside them (σ, subscripts, the minus sign); returns the glyph warnings."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, ax = plt.subplots(figsize=(5, 3))
        ax.plot([-2, 0, 2], [0.12, 0.5, 0.88], label="sigmoid 激活函数 σ(z)")
        ax.plot([-2, 2], [0.25, 0.25], label="斜率 σ'(z) 的最大值")
        ax.set_title("一个神经元：权重 w₁、w₂ 与偏置 b")
        ax.set_xlabel("带权输入 z")
        ax.set_ylabel("激活值 a = σ(z)")
        ax.annotate("代价函数 C 下降 −0.25", (0, 0.5))
        ax.legend()
        fig.savefig(path)
        plt.close(fig)
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def test_chinese_figures_have_every_glyph_under_chinese(tmp_path):
    set_language("zh_CN")
    assert draw_chinese_figure(tmp_path / "zh.png") == []


def test_the_glyph_check_can_fail_english_fonts_have_no_chinese(tmp_path):
    """The control: with matplotlib's default fonts the same figure misses its Chinese glyphs
    (so the test above would catch a font that did not load)."""
    missing = draw_chinese_figure(tmp_path / "en.png")
    assert any("激" in m or "\\N{CJK UNIFIED IDEOGRAPH-6FC0}" in m for m in missing), missing


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig's fc-match not installed")
def test_the_fontconfig_file_gives_a_browser_the_chinese_font(tmp_path):
    """What Chromium will find for Chinese text: nothing CJK from the bare system (the control),
    Noto Sans CJK SC with the file written by cjk_fontconfig."""
    def match(env):
        return subprocess.run(["fc-match", "-f", "%{family}", ":lang=zh-cn"], env=env,
                              capture_output=True, text=True, check=True).stdout
    bare = tmp_path / "bare.conf"
    bare.write_text('<?xml version="1.0"?>\n<fontconfig><include ignore_missing="yes">'
                    '/etc/fonts/fonts.conf</include></fontconfig>\n')
    env = dict(os.environ, FONTCONFIG_FILE=str(i18n.cjk_fontconfig(tmp_path / "fc")))
    assert match(env).split(",")[0] == "Noto Sans CJK SC"   # the SC face, not JP (first in the file)
    if "CJK" in match(dict(os.environ, FONTCONFIG_FILE=str(bare))):
        pytest.skip("this system has a CJK font of its own: the control cannot fail")


# --------------------------------------------------------------------------------------------
# the real tree

def test_the_chinese_edition_is_in_step_with_the_english():
    """Every English notebook has its Chinese edition, cell for cell, each translation current."""
    english = {p.name for p in tr.english_notebooks()}
    translated = {p.name for p in tr.chinese_notebooks()}
    missing = english - translated
    assert not missing, f"notebooks/zh/ lacks the Chinese edition of {sorted(missing)}"
    problems = texts(tr.check_notebooks(names=sorted(english & translated)))
    assert problems == [], "the Chinese edition is out of step:\n" + "\n".join(problems)


def unrendered_emphasis(markdown):
    """The ``*`` and ``**`` of a markdown text that a CommonMark renderer leaves as literal
    asterisks (outside code and maths), each with the text around it."""
    import re

    import mistune  # nbconvert's markdown renderer
    text = re.sub(r"\$\$.*?\$\$|\$[^$\n]+\$", "MATH", markdown, flags=re.S)
    html = re.sub(r"<code>.*?</code>|<pre>.*?</pre>", "CODE", mistune.html(text), flags=re.S)
    return [html[max(0, m.start() - 20):m.end() + 20]
            for m in re.finditer(r"\*\*|(?<![\w*])\*(?![\s*])", html)]


def test_unrendered_emphasis_finds_the_chinese_full_stop_before_closing_stars():
    # In CommonMark a closing ** after a punctuation mark must be followed by a space or
    # punctuation: "**粗体。**正文" stays literal, "**粗体**。正文" is bold.
    assert unrendered_emphasis("**粗体。**正文") != []
    assert unrendered_emphasis("**粗体**。正文") == []
    assert unrendered_emphasis("x = $a*b$ and `a**2` and **bold**") == []


@pytest.mark.parametrize("edition", ["English", "Chinese"])
def test_every_bold_and_italic_marker_renders(edition):
    paths = tr.english_notebooks() if edition == "English" else tr.chinese_notebooks()
    found = [f"{path.name} cell {i}: {snippet!r}"
             for path in paths
             for i, cell in enumerate(nbformat.read(path, as_version=4).cells)
             if cell.cell_type == "markdown"
             for snippet in unrendered_emphasis(cell.source)]
    assert found == [], "asterisks shown as text:\n" + "\n".join(found)


def test_the_catalog_has_every_text_of_the_package():
    assert tr.extract_messages(), "no text of mlp_core is marked with _()"
    problems = texts(tr.check_catalog())
    assert problems == [], "the catalog is out of step:\n" + "\n".join(problems)


# --------------------------------------------------------------------------------------------
# python3 run.py lab --lang zh

def test_lab_takes_the_language_option_out_of_jupyterlabs_arguments(run_py):
    assert run_py._take_lang(["--lang", "zh", "--port=9000"]) == ("zh", ["--port=9000"])
    assert run_py._take_lang(["--port=9000", "--lang=en"]) == ("en", ["--port=9000"])
    assert run_py._take_lang([]) == ("en", [])
    with pytest.raises(SystemExit, match="--lang must be en or zh; got 'fr'"):
        run_py._take_lang(["--lang", "fr"])


def test_the_chinese_lab_has_settings_of_its_own_choosing_the_language_pack(tmp_path, monkeypatch,
                                                                          run_py):
    import json
    monkeypatch.setattr(run_py, "VENV", tmp_path / ".venv")
    env = run_py.chinese_lab_env()
    settings = Path(env["JUPYTERLAB_SETTINGS_DIR"])
    assert settings.is_relative_to(tmp_path)          # never the learner's own settings folder
    plugin = settings / "@jupyterlab/translation-extension/plugin.jupyterlab-settings"
    assert json.loads(plugin.read_text()) == {"locale": "zh_CN"}
    plugin.write_text('{"locale": "en"}')             # a language chosen later in the menu stays
    run_py.chinese_lab_env()
    assert json.loads(plugin.read_text()) == {"locale": "en"}


def test_the_zh_cn_language_pack_is_installed():
    from jupyterlab_server.translation_utils import get_language_packs
    packs, _message = get_language_packs()
    assert "zh_CN" in packs


@pytest.mark.parametrize("path", sorted(tr.chinese_notebooks()), ids=lambda p: p.name)
def test_no_chinese_figure_lacks_a_glyph(path):
    """Every figure of the Chinese edition was drawn without a missing-glyph warning (a box
    instead of a character). The saved outputs are checked here; nbval re-executes every
    Chinese notebook and fails if a warning appears that the saved outputs do not have."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            text = out.get("text", "") + "".join(out.get("data", {}).get("text/plain", ""))
            assert "missing from font" not in text and "findfont" not in text, (path.name, i, text)
