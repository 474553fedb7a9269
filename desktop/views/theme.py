"""Light and dark: the palettes, and every colour of our own (the views and models name none).

The colour scheme follows the system (Qt's style hints) unless Preferences force light or dark;
forced, the Fusion style draws with one of the palettes below. Text colours keep WCAG AA
contrast (4.5:1) on the backgrounds they are drawn on; tests/gui/test_appearance.py checks it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

ACCENT = QColor("#1f6feb")  # the unread badge (white text on it) in both schemes
ON_ACCENT = QColor("#ffffff")  # text on ACCENT, and on the tray's badge and profile mark

# The tray icon's, the same in both schemes: the panel's colours are the system's, not ours.
TRAY_BADGE_ONLINE = QColor("#d93025")
TRAY_BADGE_OFFLINE = QColor("#6b6b6b")
# The profile's mark: one of these, by its name (white text on each keeps AA contrast).
PROFILE_MARKS = ("#1a7f37", "#8250df", "#0969da", "#bc4c00", "#bf3989", "#1b7c83", "#6e7781")

_DARK = {
    QPalette.ColorRole.Window: "#202124",
    QPalette.ColorRole.WindowText: "#e8eaed",
    QPalette.ColorRole.Base: "#181a1b",
    QPalette.ColorRole.AlternateBase: "#24272a",
    QPalette.ColorRole.Text: "#e8eaed",
    QPalette.ColorRole.Button: "#2d2f31",
    QPalette.ColorRole.ButtonText: "#e8eaed",
    QPalette.ColorRole.Highlight: "#1f6feb",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.PlaceholderText: "#9aa0a6",
    QPalette.ColorRole.ToolTipBase: "#2d2f31",
    QPalette.ColorRole.ToolTipText: "#e8eaed",
    QPalette.ColorRole.Link: "#58a6ff",
    QPalette.ColorRole.BrightText: "#ff7b72",
    QPalette.ColorRole.Light: "#3c4043",
    QPalette.ColorRole.Midlight: "#303134",
    QPalette.ColorRole.Mid: "#27292b",
    QPalette.ColorRole.Dark: "#111213",
    QPalette.ColorRole.Shadow: "#000000",
}
_DARK_DISABLED = "#80868b"


DARK_INDICATORS = """
QCheckBox::indicator, QAbstractItemView::indicator, QGroupBox::indicator {
    width: 13px; height: 13px; border: 1px solid #9aa0a6; border-radius: 2px;
    background: #181a1b;
}
QCheckBox::indicator:checked, QAbstractItemView::indicator:checked {
    background: #1f6feb; border-color: #58a6ff;
    image: url(:/qt-project.org/styles/commonstyle/images/standardbutton-apply-16.png);
}
QCheckBox::indicator:disabled, QAbstractItemView::indicator:disabled {
    border-color: #5f6368; background: #24272a;
}
QCheckBox::indicator:checked:disabled, QAbstractItemView::indicator:checked:disabled {
    background: #2d4a7a;
}
"""


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(_DARK_DISABLED))
    return palette


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def apply_scheme(app, setting: str) -> None:
    """`setting`: "system", "light" or "dark" (a preference). The system's scheme is what Qt
    reports; forced, the Fusion style draws with our palette."""
    if setting in ("light", "dark"):
        from PySide6.QtWidgets import QStyleFactory

        app.setStyle(QStyleFactory.create("Fusion"))
        hints = app.styleHints()
        if hasattr(hints, "setColorScheme"):  # Qt 6.8: tell the platform too (title bars)
            scheme = Qt.ColorScheme.Dark if setting == "dark" else Qt.ColorScheme.Light
            hints.setColorScheme(scheme)
        app.setPalette(dark_palette() if setting == "dark" else app.style().standardPalette())
        # Fusion outlines check boxes in the window colour, darkened: unseen on a dark base.
        app.setStyleSheet(DARK_INDICATORS if setting == "dark" else "")
    app.setPalette(readable(app.palette()))


def readable(palette: QPalette) -> QPalette:
    """`palette` with a selection whose text keeps AA contrast (Fusion's light blue does not:
    3.7:1 under white)."""
    palette = QPalette(palette)
    role = QPalette.ColorRole
    if contrast(palette.color(role.HighlightedText), palette.color(role.Highlight)) < 4.5:
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, role.Highlight, ACCENT)
            palette.setColor(group, role.HighlightedText, ON_ACCENT)
    return palette


def unread_dot(palette: QPalette) -> QColor:
    return QColor("#58a6ff") if is_dark(palette) else ACCENT


def problem_text(palette: QPalette | None = None) -> QColor:
    return QColor("#ff7b72") if is_dark(palette) else QColor("#b3261e")


def problem_style(palette: QPalette | None = None) -> str:
    """The style sheet of a label that says what went wrong."""
    return f"color: {problem_text(palette).name()};"


def pending_text(palette: QPalette | None = None) -> QColor:
    return QColor("#e3b341") if is_dark(palette) else QColor("#8a5a00")


def warning_style(palette: QPalette | None = None) -> str:
    """A notice box: dark text on pale yellow, or pale text on dark amber."""
    if is_dark(palette):
        return "color: #f2e5bc; background: #3d3314; border: 1px solid #7d6322; padding: 6px;"
    return "color: #3d3314; background: #fff4d6; border: 1px solid #e0b84c; padding: 6px;"


def contrast(foreground: QColor, background: QColor) -> float:
    """WCAG contrast ratio of two opaque colours."""

    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(colour.redF())
            + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF())
        )

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def blend(foreground: QColor, background: QColor, alpha: float) -> QColor:
    """`foreground` at `alpha` over `background`, as painted."""
    return QColor.fromRgbF(
        foreground.redF() * alpha + background.redF() * (1 - alpha),
        foreground.greenF() * alpha + background.greenF() * (1 - alpha),
        foreground.blueF() * alpha + background.blueF() * (1 - alpha),
    )
