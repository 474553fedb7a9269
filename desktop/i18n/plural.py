"""English plurals for Qt's `%n` texts where no English translation file is loaded."""

from __future__ import annotations


def plural(text: str, n: int) -> str:
    """`text` is what `tr("%n message(s) deleted.", "", n)` returned. Untranslated (English),
    that is the source with the number in: "(s)" becomes nothing for one and "s" for more. A
    translation carries no "(s)" (Chinese has one form) and passes through as it is."""
    return text.replace("(s)", "" if n == 1 else "s")
