"""The learner-facing text of mlp_core in the reader's language: English or simplified Chinese.

Every string a learner reads from the package (widget labels and readouts, figure titles, axis
labels, legends, progress text, the checkers' feedback) goes through ``_()``::

    from ..i18n import _, ngettext
    slider.description = _("bias b")
    text = _("cannot compute this neuron: {error}").format(error=e)
    ngettext("{n} epoch", "{n} epochs", n).format(n=n)

``_()`` looks the English text up in the catalog of the current language and returns its
translation (or the English itself when there is none). Call it when the text is shown, not at
import time: a module-level constant would keep the language of the moment it was imported. For
such constants mark the text with ``N_()`` (it returns it unchanged, but the catalog tools find
it) and call ``_()`` on it where it is displayed. Use named ``{fields}`` so that a translator can
move them around the sentence.

The catalogs are GNU gettext ``.po`` files, the format translators' tools (Poedit, Weblate, …)
edit: ``mlp_core/locale/<language>/LC_MESSAGES/mlp_core.po``. They are the single source: this
module compiles the chosen one in memory with Babel when :func:`set_language` is called, so no
compiled ``.mo`` file is kept that could fall behind its ``.po``. Entries marked fuzzy (whose
English changed since they were translated) are left out, so the reader sees the current English
rather than an outdated translation; ``python3 run.py translation check`` reports them.

:func:`set_language` also chooses the font of matplotlib's figures: matplotlib's default font
(DejaVu Sans) has no Chinese characters, so for Chinese it selects Noto Sans CJK SC (SIL Open
Font License), which the requirement ``noto-cjk-sans-otc`` installs, with DejaVu Sans as the
fallback for the glyphs it lacks. English leaves matplotlib's fonts as they were.
"""
import gettext
import io
from pathlib import Path

#: The gettext domain: the catalogs are named ``mlp_core.po``.
DOMAIN = "mlp_core"
#: Where the catalogs are: ``LOCALE_DIR / <language> / "LC_MESSAGES" / "mlp_core.po"``.
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: The languages :func:`set_language` accepts; English is the source language (no catalog).
LANGUAGES = ("en", "zh_CN")
#: The matplotlib font family used for Chinese (a face of the Noto Sans CJK collection).
CJK_FONT_FAMILY = "Noto Sans CJK SC"

_current = "en"
_translations = gettext.NullTranslations()
_compiled = {}          # language -> GNUTranslations, compiled once per process
_saved_rc = None        # matplotlib's font settings before Chinese was chosen
_FONT_KEYS = ("font.family", "font.sans-serif", "axes.unicode_minus")


def _(message):
    """``message`` (English) in the current language: its translation from the catalog, or
    ``message`` itself when the language is English or the catalog has no finished entry."""
    if not message:
        return message   # gettext("") would return the catalog's header
    return _translations.gettext(message)


def ngettext(singular, plural, n):
    """The singular or plural form for the count ``n`` (an int), in the current language
    (Chinese has one form for every n)."""
    return _translations.ngettext(singular, plural, n)


def N_(message):
    """Mark ``message`` for the catalog without translating it now (for module-level
    constants: translate them with ``_()`` where they are shown). Returns ``message``."""
    return message


def current_language():
    """The language chosen by :func:`set_language`: ``"en"`` or ``"zh_CN"``."""
    return _current


def catalog_path(language):
    """The ``.po`` file of ``language`` (a Path; it exists for every language but ``"en"``)."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_catalog(po_path):
    """Compile one ``.po`` file in memory into a :class:`gettext.GNUTranslations`.

    Babel reads the ``.po`` and writes the binary ``.mo`` form into a bytes buffer, leaving out
    fuzzy and untranslated entries (``_()`` then returns the English)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(po_path, "rb") as f:
        catalog = read_po(f, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def set_language(language):
    """Choose the language of everything mlp_core shows from now on: ``"en"`` or ``"zh_CN"``.

    For ``"zh_CN"`` it loads the Chinese catalog and makes matplotlib draw with a font that has
    Chinese characters; for ``"en"`` it goes back to the English text and to the fonts
    matplotlib had before. Widgets and figures made earlier keep their language: call it first,
    in a notebook's first code cell.
    """
    global _current, _translations
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}; got {language!r}")
    if language == "en":
        translations = gettext.NullTranslations()
    else:
        if language not in _compiled:
            path = catalog_path(language)
            if not path.exists():
                raise FileNotFoundError(f"the catalog of {language!r} is missing: {path}")
            _compiled[language] = compile_catalog(path)
        translations = _compiled[language]
    _select_font(language)
    _translations, _current = translations, language


def cjk_font_path():
    """The file of the CJK font (Noto Sans CJK, a collection whose faces include SC)."""
    try:
        from noto_cjk_sans_otc import FONT_PATH
    except ImportError:
        raise ImportError("the Chinese edition's figures need the font package noto-cjk-sans-otc "
                          "(listed in requirements.txt): install the requirements, e.g. with "
                          "`python3 run.py lab --lang zh`") from None
    return Path(str(FONT_PATH))


def cjk_fontconfig(directory):
    """Write a fontconfig file that adds the CJK font to the system's fonts; returns its path.

    For a browser that has no Chinese font of its own (CI's headless Chromium on a bare Linux:
    the Chinese interface of JupyterLab would show tofu boxes). Start it with the environment
    variable ``FONTCONFIG_FILE`` set to the returned path; nothing outside ``directory`` changes.
    A learner's own browser uses the Chinese fonts of their system.
    """
    from xml.sax.saxutils import escape

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    conf = directory / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{escape(str(cjk_font_path().parent))}</dir>\n"
        # the collection's other faces (JP, KR, TC, HK) would draw some characters in their
        # regional forms: leave only the simplified Chinese ones
        "  <selectfont><rejectfont>\n"
        + "".join(f'    <pattern><patelt name="family"><string>Noto Sans{m} CJK {r}</string>'
                  "</patelt></pattern>\n"
                  for m in ("", " Mono") for r in ("JP", "KR", "TC", "HK"))
        + "  </rejectfont></selectfont>\n"
        f"  <cachedir>{escape(str(directory / 'fontconfig-cache'))}</cachedir>\n"
        "</fontconfig>\n", encoding="utf-8")
    return conf


def _select_font(language):
    """Chinese: register Noto Sans CJK with matplotlib and put its SC face first, DejaVu Sans
    (matplotlib's default, which has every Latin, Greek and maths glyph) as the fallback.
    English: restore the font settings saved when Chinese was chosen."""
    global _saved_rc
    if language == "en" and _saved_rc is None:
        return   # matplotlib's fonts were never changed
    import matplotlib
    from matplotlib import font_manager

    rc = matplotlib.rcParams
    if language == "en":
        rc.update(_saved_rc)
        _saved_rc = None
        return
    path = cjk_font_path()
    if CJK_FONT_FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(path))
        # The package has the Regular weight only. Register it as the bold face too, so that
        # bold text (the network drawing's answer) is drawn in the regular weight instead of
        # matplotlib warning "Failed to find font weight bold" into the notebook's output.
        import dataclasses
        regular = [f for f in font_manager.fontManager.ttflist if f.name == CJK_FONT_FAMILY]
        font_manager.fontManager.ttflist += [dataclasses.replace(f, weight=700) for f in regular]
    if _saved_rc is None:
        _saved_rc = {k: rc[k] for k in _FONT_KEYS}
    # Name both fonts in font.family itself: matplotlib falls back glyph by glyph only along
    # that list (a generic "sans-serif" would resolve to one font, without fallback).
    rc["font.family"] = [CJK_FONT_FAMILY, "DejaVu Sans"]
    rc["font.sans-serif"] = [CJK_FONT_FAMILY, "DejaVu Sans", *_saved_rc["font.sans-serif"]]
    # the minus sign U+2212 is drawn from DejaVu Sans through the fallback, as in English
    rc["axes.unicode_minus"] = True
