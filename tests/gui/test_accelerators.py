"""No two things in a dialog, a menu bar or a menu answer the same Alt+letter, in English and in
Chinese (where the letter is in brackets: 验证邮箱(&I))."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenu, QTabWidget, QWidget

from desktop.i18n.translators import install_translations, remove_translations
from desktop.views.main_window import MainWindow
from desktop.views.settings_dialog import SettingsDialog
from desktop.views.tray import TrayIcon
from tests.gui.windows import Windows


def mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def visible_mnemonics(window: QWidget) -> list[tuple[str, str]]:
    """(letter, text) for every mnemonic a person can use in `window` as it shows now."""
    texts = []
    for child in window.findChildren(QWidget):
        if not child.isVisibleTo(window):
            continue
        if isinstance(child, QAbstractButton) or (
            isinstance(child, QLabel) and child.buddy() is not None
        ):
            texts.append(child.text())
        elif isinstance(child, QGroupBox) and child.isCheckable():
            texts.append(child.title())
        elif isinstance(child, QTabWidget):
            texts += [child.tabText(n) for n in range(child.count())]
    if isinstance(window, MainWindow):
        texts += [action.text() for action in window.menuBar().actions()]
    return [(letter, text) for text in texts if (letter := mnemonic(text))]


def clashes(pairs: list[tuple[str, str]]) -> list[list[str]]:
    counts = Counter(letter for letter, _ in pairs)
    return [[t for letter, t in pairs if letter == c] for c, n in counts.items() if n > 1]


def every_place(tmp_path, language: str) -> dict[str, list[tuple[str, str]]]:
    """Each dialog (each page of a tabbed one), the menu bar and each menu, with its mnemonics."""
    windows = Windows(tmp_path, language)
    places = {}
    for name, window in windows.build().items():
        window.show()
        if isinstance(window, SettingsDialog):
            for page in range(window.tabs.count()):
                window.tabs.setCurrentIndex(page)
                places[f"{name}, page {page}"] = visible_mnemonics(window)
        else:
            places[name] = visible_mnemonics(window)
        for menu in window.findChildren(QMenu):
            letters = [(mnemonic(a.text()), a.text()) for a in menu.actions() if a.isVisible()]
            places[f"{name}, menu {menu.title()}"] = [(m, t) for m, t in letters if m]
        window.close()
        window.deleteLater()
    tray = TrayIcon(language)
    for menu in (tray.menu, tray.pause_menu):
        letters = [(mnemonic(a.text()), a.text()) for a in menu.actions() if a.isVisible()]
        places[f"tray, menu {menu.title()}"] = [(m, t) for m, t in letters if m]
    tray.deleteLater()
    windows.close()
    return places


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_no_two_things_share_an_accelerator(tmp_path, qapp, language):
    translators = install_translations(qapp, language)
    try:
        places = every_place(tmp_path, language)
    finally:
        remove_translations(qapp, translators)
    assert sum(len(pairs) for pairs in places.values()) > 40  # the walk finds them
    found = {place: clashes(pairs) for place, pairs in places.items() if clashes(pairs)}
    assert found == {}


def test_the_check_finds_a_clash():
    pairs = [(mnemonic(t), t) for t in ("&Message settings", "Verify e&mail…", "&Add…")]
    assert clashes(pairs) == [["&Message settings", "Verify e&mail…"]]
