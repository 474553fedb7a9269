"""Light and dark, HiDPI icons, keyboard and screen reader access, and long translations."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QRectF, QSize, Qt, QTranslator
from PySide6.QtGui import QAccessible, QColor, QImage, QPainter, QPalette
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.platform.resources import resource_path
from desktop.views import icons, theme
from desktop.views.delegates import SECONDARY_ALPHA
from desktop.views.main_window import MainWindow
from desktop.views.settings_dialog import SettingsDialog
from desktop.views.tray import BadgeIconEngine
from tests.gui.windows import Windows

AA = 4.5


@pytest.fixture
def restore_look(qapp):
    style, palette = qapp.style().name(), qapp.palette()
    yield
    qapp.setStyle(style)
    qapp.setPalette(palette)


def palettes(qapp) -> dict[str, QPalette]:
    from PySide6.QtWidgets import QStyleFactory

    light = theme.readable(QStyleFactory.create("Fusion").standardPalette())
    return {"light": light, "dark": theme.readable(theme.dark_palette())}


def test_text_keeps_aa_contrast_in_light_and_dark(qapp):
    role = QPalette.ColorRole
    for name, palette in palettes(qapp).items():
        base, window = palette.color(role.Base), palette.color(role.Window)
        text, highlight = palette.color(role.Text), palette.color(role.Highlight)
        selected = palette.color(role.HighlightedText)
        pairs = {
            "title": (text, base),
            "time and type": (theme.blend(text, base, SECONDARY_ALPHA), base),
            "selected title": (selected, highlight),
            "selected time and type": (selected, highlight),  # drawn at full strength
            "category badge": (QColor("white"), theme.ACCENT),
            "tray badge": (QColor("white"), theme.TRAY_BADGE_ONLINE),
            "held edit": (theme.problem_text(palette), base),
            "problem in the status bar": (theme.problem_text(palette), window),
            "pending edit": (theme.pending_text(palette), base),
            "window text": (palette.color(role.WindowText), window),
        }
        style = theme.warning_style(palette)
        colour, background = re.findall(r"(?:color|background): (#[0-9a-f]{6})", style)
        pairs["picker warning"] = (QColor(colour), QColor(background))
        low = {k: round(theme.contrast(*v), 2) for k, v in pairs.items() if theme.contrast(*v) < AA}
        assert low == {}, f"below 4.5:1 in {name}"
        assert theme.contrast(theme.unread_dot(palette), base) >= 3.0  # a mark, not text


def test_dark_can_be_forced_and_light_again(qapp, restore_look):
    theme.apply_scheme(qapp, "dark")
    assert theme.is_dark(qapp.palette())
    theme.apply_scheme(qapp, "light")
    assert not theme.is_dark(qapp.palette())


def largest_difference(one: QImage, other: QImage) -> int:
    """The largest difference of any byte of two pictures of one size, premultiplied (a nearly
    transparent pixel's colour counts as little as it shows)."""
    premultiplied = QImage.Format.Format_ARGB32_Premultiplied
    one, other = one.convertToFormat(premultiplied), other.convertToFormat(premultiplied)
    return max(
        abs(a - b) for a, b in zip(bytes(one.constBits()), bytes(other.constBits()), strict=True)
    )


@pytest.mark.parametrize("ratio", [1.0, 1.5, 2.0])
def test_icons_are_the_svg_drawn_at_the_pixel_ratio(qapp, ratio):
    """The icons come from the pictures shipped for each size (no SVG renderer in the app): at
    each of those sizes, the SVG drawn at that size, never a smaller picture scaled up."""
    side = round(32 * ratio)
    direct = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    direct.fill(Qt.GlobalColor.transparent)
    painter = QPainter(direct)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(resource_path("msgcenter.svg"))).render(painter, QRectF(0, 0, side, side))
    painter.end()
    app_icon = icons.app_icon().pixmap(QSize(32, 32), ratio).toImage()
    assert (app_icon.width(), app_icon.height()) == (side, side)
    assert largest_difference(app_icon, direct) <= 2  # PNG keeps alpha unpremultiplied
    tray = BadgeIconEngine(0, True).image(QSize(32, 32), ratio)
    assert (tray.width(), tray.height()) == (side, side)
    assert largest_difference(tray, direct) <= 2


def interactive(window: QWidget) -> list[QWidget]:
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QAbstractSpinBox)
    return [
        w
        for w in window.findChildren(QWidget)
        if isinstance(w, kinds)
        and w.isVisibleTo(window)
        and w.isEnabled()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]


def accessible_name(widget: QWidget, text=QAccessible.Text.Name) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(text) if interface else ""


@pytest.fixture
def windows(tmp_path, qapp):
    built = Windows(tmp_path)
    yield built
    built.close()


def test_every_interactive_widget_has_an_accessible_name_and_description(qtbot, windows):
    nameless = {}
    for name, window in windows.build().items():
        window.show()
        pages = range(window.tabs.count()) if isinstance(window, SettingsDialog) else [None]
        for page in pages:
            if page is not None:
                window.tabs.setCurrentIndex(page)
            missing = [
                type(w).__name__ + ":" + (accessible_name(w) or w.objectName())
                for w in interactive(window)
                if not accessible_name(w).strip()
                or not accessible_name(w, QAccessible.Text.Description).strip()
            ]
            if missing:
                nameless[f"{name} {page}"] = missing
        window.close()
        window.deleteLater()
    assert nameless == {}


def test_tab_visits_every_control_of_each_dialog(qtbot, windows):
    skipped = {}
    for name, window in windows.build().items():
        if isinstance(window, MainWindow):
            window.deleteLater()
            continue  # its keyboard paths are tested in test_main_window
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)
        controls = interactive(window)
        controls[0].setFocus()
        visited = set()
        for _ in range(len(controls) * 2 + 2):
            visited.add(QApplication.focusWidget())
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        unreached = [
            type(w).__name__ + ":" + (w.objectName() or accessible_name(w))
            for w in controls
            if w not in visited
        ]
        if unreached:
            skipped[name] = unreached
        window.close()
        window.deleteLater()
    assert skipped == {}


def test_every_main_window_action_is_on_a_menu_or_a_key(windows):
    window = windows.build()["main window"]
    on_menus = {a for menu in window.menuBar().actions() for a in menu.menu().actions()}
    stranded = [a.text() for a in window.actions() if a not in on_menus and a.shortcut().isEmpty()]
    assert stranded == []
    window.deleteLater()


class LongerTranslator(QTranslator):
    """A pseudo-locale: every string half as long again, as German often is."""

    def translate(self, context, source, disambiguation=None, n=-1):
        if not source:
            return source
        return "Ü" + source + "~" * (len(source) // 2)


def test_long_translations_are_not_cut_off(qtbot, qapp, tmp_path):
    translator = LongerTranslator(qapp)
    qapp.installTranslator(translator)
    windows = Windows(tmp_path / "long")
    try:
        clipped = {}
        for name, window in windows.build().items():
            if isinstance(window, MainWindow):  # its toolbar folds into a chevron by design
                window.deleteLater()
                continue
            window.show()
            window.adjustSize()
            qtbot.waitExposed(window)
            cut = [
                w.text()[:40]
                for w in window.findChildren(QWidget)
                if isinstance(w, (QAbstractButton, QLabel))
                and w.isVisibleTo(window)
                and not (isinstance(w, QLabel) and w.wordWrap())
                and w.text()
                and w.width() < w.sizeHint().width()
            ]
            if cut:
                clipped[name] = cut
            window.close()
            window.deleteLater()
        assert clipped == {}
    finally:
        qapp.removeTranslator(translator)
        windows.close()
