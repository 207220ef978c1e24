"""The Chinese edition in a Chinese JupyterLab, as a Chinese learner meets it.

JupyterLab runs with the zh-CN language pack chosen (``lab_zh``: its own server and settings,
and a Chromium whose fontconfig has the series' CJK font, so that a bare Linux shows Chinese
and not tofu boxes). The test opens notebooks/zh/01_structure.ipynb, runs it with the Chinese
Run menu (运行 → 运行所有单元格), waits for the Chinese kernel status (空闲), and moves the
sliders of its two widgets. After each move the readout must read exactly the Chinese text
mlp_core computes in this process with ``set_language("zh_CN")`` for the new value.
The screenshots go to test-artifacts/screenshots/ (01_structure_zh_*.png): look at them for
tofu boxes and cut-off labels.
"""
from urllib.parse import urlparse

import pytest

from lab_page import NOTEBOOK_DIR, SCREENSHOTS, move_slider_and_check, normalize
from test_main_widgets import IMAGE_VIEW, image_view_expectation

NAME = "zh/01_structure.ipynb"
NEURON = ("w1", "w2", "b", "a1", "a2")


@pytest.fixture
def chinese():
    """mlp_core speaks Chinese in this process for the test (as the notebook's kernel does),
    English again afterwards."""
    from mlp_core.i18n import set_language
    set_language("zh_CN")
    try:
        yield
    finally:
        set_language("en")


def open_chinese(lab_zh):
    if not (NOTEBOOK_DIR / NAME).exists():
        pytest.skip(f"notebooks/{NAME} is not there (yet)")
    nb = lab_zh.notebook(NAME)
    nb.main_box("01")
    errors = nb.error_outputs()
    assert not errors, f"{NAME}: Run All shows errors:\n" + "\n---\n".join(errors)
    return nb


@pytest.mark.notebook(NAME)
def test_the_interface_and_the_notebook_are_chinese(lab_zh, chinese):
    nb = open_chinese(lab_zh)
    page = nb.page
    menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
    assert "运行" in menus and "内核" in menus and "Run" not in menus, menus
    assert "空闲" in nb.status_text()
    title = normalize(page.locator(".jp-NotebookPanel .jp-MarkdownCell h1").first.inner_text())
    assert title.startswith("01 —— 神经网络是什么？"), title
    # every widget rendered, and the neuron's sliders are labelled in Chinese
    views = nb.wait_widgets_rendered()
    assert views and all(v["rendered"] for v in views), views
    labels = [normalize(page.locator(f".mlp-main-01 .mlp-control-{c} .widget-label").inner_text())
              for c in ("w1", "b", "a1")]
    assert labels == ["权重 w₁", "偏置 b", "输入 a₁"], labels
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".jp-NotebookPanel .jp-Cell").first.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "01_structure_zh_lab.png"))
    # a formula with Chinese inside \text{…}, typeset by MathJax
    cell = page.locator(".jp-MarkdownCell", has_text="一个神经元就是一个模式检测器").first
    cell.scroll_into_view_if_needed()
    assert cell.locator("mjx-container").count() >= 1
    cell.screenshot(path=str(SCREENSHOTS / "01_structure_zh_formula.png"))


@pytest.mark.notebook(NAME)
def test_the_neuron_readout_is_chinese_and_follows_the_sliders(lab_zh, chinese):
    from mlp_core.widgets.neuron import neuron_readout
    nb = open_chinese(lab_zh)
    act = nb.page.locator(".mlp-main-01 .mlp-control-activation select").input_value()

    def expected(_value):
        values = [nb.slider_value(nb.handle("01", c)) for c in NEURON]
        return nb.html_text(neuron_readout(*values, act))

    # b to its maximum (the End key): z = 11.5, the neuron saturates and the readout says so
    b = nb.handle("01", "b")
    nb.press("01", b, "End")
    assert nb.slider_value(b) == 10.0
    shown = nb.wait_readout("01", expected(None))
    assert shown == expected(None) and "已饱和：此时微调 w 或 b 几乎不改变 a" in shown, shown
    # then w₁ by a key press and a drag, its Chinese readout checked after each move
    move_slider_and_check(nb, "01", "w1", expected, drag_px=-40, label="zh_w1")


@pytest.mark.notebook(NAME)
def test_the_image_picker_reads_out_in_chinese(lab_zh, chinese):
    nb = open_chinese(lab_zh)
    view, expected = IMAGE_VIEW, image_view_expectation(nb)
    assert nb.readout(view) == expected(None)
    assert nb.readout(view).startswith("图像 0，标签为 2：网络最亮的输出是"), nb.readout(view)
    move_slider_and_check(nb, view, "image", expected, drag_px=60, label="zh_image")


@pytest.mark.notebook("zh/00_index.ipynb")
def test_the_index_runs_in_chinese(lab_zh):
    """The map of the series, as ``python3 run.py lab --lang zh`` opens it first."""
    if not (NOTEBOOK_DIR / "zh/00_index.ipynb").exists():
        pytest.skip("notebooks/zh/00_index.ipynb is not there (yet)")
    nb = lab_zh.notebook("zh/00_index.ipynb")
    assert not nb.error_outputs()
    page = nb.page
    title = normalize(page.locator(".jp-NotebookPanel .jp-MarkdownCell h1").first.inner_text())
    assert title.startswith("看得见、摸得着的反向传播"), title
    table = page.locator(".jp-MarkdownCell", has_text="术语表").first
    assert "带权输入" in table.inner_text()
    # the link to 01 stays inside the Chinese edition (JupyterLab resolves it to /files/zh/…)
    link = page.locator(".jp-MarkdownCell a", has_text="01 —— 神经网络是什么？").first
    href = urlparse(link.get_attribute("href")).path
    assert href.endswith("/zh/01_structure.ipynb"), href
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    table.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "00_index_zh_glossary.png"))
