"""The messages of `msgcenter.rules` (shared with the server, so plain English there) in the
user's language. Listed here with QT_TRANSLATE_NOOP so that lupdate finds them."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "rules"
MESSAGES = (
    QT_TRANSLATE_NOOP("rules", "is required"),
    QT_TRANSLATE_NOOP("rules", "must be text"),
    QT_TRANSLATE_NOOP("rules", "must be at most 32 characters"),
    QT_TRANSLATE_NOOP("rules", "must not contain control characters"),
    QT_TRANSLATE_NOOP(
        "rules", "must be 11 digits starting with 1, or + followed by 8 to 15 digits"
    ),
    QT_TRANSLATE_NOOP("rules", "must be a valid email address"),
    QT_TRANSLATE_NOOP("rules", "name"),
    QT_TRANSLATE_NOOP("rules", "mobile"),
    QT_TRANSLATE_NOOP("rules", "email"),
)


def rule_text(text: str) -> str:
    """A rule's message or field name, translated (as it is when it has no translation)."""
    return QCoreApplication.translate(CONTEXT, text)
