"""A pretend catalog for the tests that every word a learner reads goes through ``_()``: it
"translates" every text into «text», so a word that shows outside the brackets never passed
through the catalog (and would stay English in the Chinese edition)."""
import re


class Brackets:
    """Stands in for the gettext translations of :mod:`mlp_core.i18n`."""

    def gettext(self, message):
        return f"«{message}»"

    def ngettext(self, singular, plural, n):
        return f"«{singular if n == 1 else plural}»"


def words_outside_brackets(text, allowed=()):
    """The words of ``text`` (two letters or more) outside «…», except ``allowed``: text that
    was not translated."""
    outside, previous = text, None
    while outside != previous:        # innermost «…» first: translations nest
        outside, previous = re.sub(r"«[^«»]*»", "", outside), outside
    return [w for w in re.findall(r"[A-Za-z]{2,}", outside) if w not in allowed]
