"""Every window and dialog in Simplified Chinese: no visible string is left in English."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QTabWidget,
    QWidget,
)

from desktop.i18n import choose_language, install_translations, remove_translations
from desktop.views.main_window import MainWindow
from desktop.views.settings_dialog import SettingsDialog
from desktop.views.tray import TrayIcon
from tests.gui.windows import Windows

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "msgcenter_zh_CN.ts"


def english_sources() -> set[str]:
    """Every English text of the code, without its mnemonic ampersand; placeholders as `*`."""
    texts = set()
    for message in ET.parse(TS).getroot().iter("message"):
        text = (message.findtext("source") or "").replace("&", "")
        texts.add(re.sub(r"\{[a-z_]+\}", "*", text))
    return texts


def matches_english(text: str, sources: set[str]) -> bool:
    text = text.replace("&", "")
    for source in sources:
        if "*" in source:
            pattern = "^" + ".*".join(re.escape(p) for p in source.split("*")) + "$"
            if re.match(pattern, text, re.S) and len(source.replace("*", "").strip()) > 3:
                return True
        elif text == source:
            return True
    return False


def visible_texts(widget: QWidget) -> list[str]:
    """What a person reads on `widget` and its children, menus and table headers included."""
    texts = [widget.windowTitle()]
    for child in [widget, *widget.findChildren(QWidget)]:
        if isinstance(child, QLabel):
            texts.append(re.sub(r"<[^>]+>", "", child.text()))
        elif isinstance(child, QAbstractButton):
            texts.append(child.text())
        elif isinstance(child, QGroupBox):
            texts.append(child.title())
        elif isinstance(child, QLineEdit):
            texts.append(child.placeholderText())
        elif isinstance(child, QComboBox):
            texts += [child.itemText(n) for n in range(child.count())]
        elif isinstance(child, QTabWidget):
            texts += [child.tabText(n) for n in range(child.count())]
        elif isinstance(child, QTableView) and child.model() is not None:
            header = child.horizontalHeader()
            texts += [
                str(child.model().headerData(n, Qt.Orientation.Horizontal) or "")
                for n in range(header.count())
            ]
        texts.append(child.accessibleName())
        texts.append(child.toolTip())
        texts += [action.text() for action in child.actions()]
    return [t.strip() for t in texts if t and t.strip()]


def every_window(tmp_path, language: str) -> list[tuple[str, list[str]]]:
    """Each window and dialog, built in `language`, with its texts."""
    windows = Windows(tmp_path, language)
    found = []
    for name, window in windows.build().items():
        window.show()
        if isinstance(window, SettingsDialog):
            for page in range(window.tabs.count()):
                window.tabs.setCurrentIndex(page)
                found.append((f"{name} {page}", visible_texts(window)))
        else:
            found.append((name, visible_texts(window)))
        if isinstance(window, MainWindow):
            for menu in window.menuBar().findChildren(QMenu):
                found.append((f"{name} menu", [a.text() for a in menu.actions() if a.text()]))
        window.close()
        window.deleteLater()
    tray = TrayIcon(language)
    tray.set_counts({"all": 3, "fault": 3})
    found.append(
        (
            "tray",
            [a.text() for a in tray.menu.actions() if a.text()]
            + [a.text() for a in tray.pause_menu.actions()]
            + [tray.tooltip()],
        )
    )
    tray.deleteLater()
    windows.close()
    return found


@pytest.fixture
def chinese(qapp):
    translators = install_translations(qapp, "zh_CN")
    assert translators, "the zh_CN translations did not load"
    yield
    remove_translations(qapp, translators)


def test_no_visible_string_is_left_untranslated_in_chinese(tmp_path, qapp, chinese):
    sources = english_sources()
    left = {
        name: [t for t in texts if matches_english(t, sources)]
        for name, texts in every_window(tmp_path, "zh_CN")
    }
    assert sum(len(texts) for _, texts in every_window(tmp_path / "again", "zh_CN")) > 150
    assert {name: texts for name, texts in left.items() if texts} == {}


def test_the_check_finds_english_where_there_is_english(tmp_path, qapp):
    sources = english_sources()
    found = [
        t for _, texts in every_window(tmp_path, "en") for t in texts if matches_english(t, sources)
    ]
    assert len(found) > 100  # the check above is not vacuous


def test_every_string_is_translated_and_the_compiled_file_is_current():
    check = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "translations.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr


def test_the_language_follows_the_system_unless_chosen():
    from PySide6.QtCore import QLocale

    assert choose_language("system", QLocale("zh_CN")) == "zh_CN"
    assert choose_language("system", QLocale("de_DE")) == "en"
    assert choose_language("en", QLocale("zh_CN")) == "en"
    assert choose_language("zh_CN", QLocale("en_US")) == "zh_CN"


def test_what_the_engine_says_is_translated_and_the_servers_words_kept(qapp, chinese):
    from desktop.engine_text import engine_text

    assert engine_text("cannot reach https://mc.example.com: no answer") == (
        "无法连接 https://mc.example.com：没有响应"
    )
    assert engine_text("Changed on both sides: name, email.") == "双方都修改了：姓名, 邮箱。"
    assert engine_text("a group named 'taken' exists") == "a group named 'taken' exists"
