"""Marking text for translation where it is defined and translating it where it is shown."""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str, disambiguation: str = "") -> str:
    """Marks `text` for lupdate, which finds calls by this name; unlike PySide6's, it takes the
    disambiguating comment that tells apart one English word with two meanings, and it says to
    the type checker that it returns the text (PySide6's returns `object`)."""
    return text
