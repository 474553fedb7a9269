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

from desktop.i18n.translators import choose_language, install_translations, remove_translations
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


# Every notice the engine, the keyring and the outbox can make, with parameters like real ones.
SERVER, LOG = "https://mc.example.com", "/home/li/.local/state/msgcenter/msgcenter.log"
NOTICE_EXAMPLES = {
    "offline": [
        {"why": why, "server": SERVER}
        for why in (
            "no_answer",
            "refused",
            "timed_out",
            "certificate",
            "no_connection",
            "connection_lost",
        )
    ],
    "busy": [{"seconds": 1}, {"seconds": 30}],
    "server_error": [{"status": 503}],
    "bad_response": [{}],
    "cache": [{"detail": "/tmp/x.sqlite3"}],
    "cache_rebuilt": [{"kept": 0}, {"kept": 1}, {"kept": 4}],
    "unexpected": [
        {"what": what, "seconds": 30, "log": log} for what in ("sync", "live") for log in ("", LOG)
    ],
    "signed_out": [{}],
    "no_keyring": [{}],
    "refused": [
        {
            "detail": "name must be at most 32 characters",
            "errors": [{"field": "name", "message": "…", "code": "too_long", "limit": 32}],
        }
    ],
    "kept_refusing": [{}],
    "deleted": [{"detail": "no such contact"}],
    "changed_unknown": [{}],
    "changed": [{}],
    "both_changed": [
        {"kind": "contact", "fields": ["name", "mobile", "email"]},
        {"kind": "group", "fields": ["name", "members"]},
        {
            "kind": "setting",
            "fields": [
                "channels.email",
                "channels.sms",
                "recipients.contacts",
                "recipients.groups",
            ],
        },
    ],
}
ALLOWED_ASCII = (SERVER, LOG, "/tmp/x.sqlite3", "Ctrl")  # values, never words


def notice_codes_in_the_code() -> set[str]:
    """Every code passed to `notice(...)` anywhere in the client."""
    codes = set()
    for path in (ROOT / "desktop").rglob("*.py"):
        codes |= set(re.findall(r"\bnotice\(\s*\"(\w+)\"", path.read_text()))
    return codes


def offline_whys() -> set[str]:
    """Every reason `errors.Offline.why` can give."""
    source = (ROOT / "desktop" / "api" / "errors.py").read_text()
    body = source[source.index("def why(") : source.index("class ServerError")]
    return set(re.findall(r'return "(\w+)"', body))


def test_every_code_has_a_template():
    from desktop.views import wording
    from msgcenter import rules

    assert notice_codes_in_the_code() <= set(wording.NOTICES) == set(NOTICE_EXAMPLES)
    assert offline_whys() == {e["why"] for e in NOTICE_EXAMPLES["offline"]}
    for code in rules.MESSAGES:
        assert wording.field_error({"field": "name", "code": code, "limit": 32, "digits": 6})
        assert wording._field_error(code, "x", {}) is not None, code


def chinese_problems(text: str, allowed: tuple[str, ...] = ALLOWED_ASCII) -> list[str]:
    """ASCII words left in `text` once the values it may carry are taken out."""
    for value in allowed:
        text = text.replace(value, "")
    return re.findall(r"[A-Za-z]{2,}", text)


def test_everything_built_from_codes_reads_as_chinese(qapp, chinese):
    from desktop.sync.states import notice
    from desktop.views import wording
    from msgcenter import rules

    said = []
    for code, examples in NOTICE_EXAMPLES.items():
        said += [wording.render(notice(code, **params)) for params in examples]
    fields = ["name", "mobile", "email", "code", "recipients", "contacts", "groups"]
    for code in rules.MESSAGES:
        for field in fields:
            for kind in ("contact", "group"):
                said.append(
                    wording.field_error(
                        rules.FieldError(field, code=code, limit=32, digits=6), kind
                    )
                )
    said += [
        wording.join(["李娜", "王强"]),
        wording.aside("李娜", wording.join(["账号联系人", "主联系人"])),
    ]
    left = {text: chinese_problems(text) for text in said if chinese_problems(text)}
    assert left == {}
    assert "、" in said[-2] and "（" in said[-1] and ", " not in "".join(said)
    both = wording.render(notice("both_changed", kind="contact", fields=["name", "email"]))
    assert both == "本地和服务器均修改了：姓名、邮箱。"
    group = wording.render(notice("both_changed", kind="group", fields=["name"]))
    assert group == "本地和服务器均修改了：名称。"
    assert wording.render(notice("signed_out")) == "登录已失效，请重新登录。"
    too_long = rules.check_name("长" * 40)[0]
    assert wording.field_error(too_long) == "姓名不能超过 32 个字符。"
    assert too_long.message == "must be at most 32 characters"  # the server's English, kept


def test_a_notification_burst_reads_as_chinese(qapp, chinese):
    from desktop.announcing.announcer import Announcer
    from desktop.cache.rows import ArrivedMessage
    from desktop.preferences import Preferences

    announcer = Announcer(Preferences.__new__(Preferences), None, lambda ids: None, "zh_CN")
    listed = [ArrivedMessage(f"f{n}", "fault", "", f"磁盘故障 {n}", "", 0) for n in range(5)]
    by_category = {"fault": 3, "product": 2}
    summary, body, _key = announcer.compose(listed, by_category, at_start=False)
    assert summary == "5 条新消息：故障 3 条、产品 2 条"
    assert body.splitlines()[-1] == "还有 2 条"
    summary, _body, _key = announcer.compose(listed, {"fault": 1, "other": 1}, at_start=True)
    assert summary == "您离开期间收到 2 条新消息：故障 1 条、其他 1 条"


def test_the_servers_words_and_old_english_reasons_are_shown_as_they_are(qapp, chinese):
    from desktop.views import wording

    for text in ("a group named 'taken' exists", "Changed on both sides: name, email.", ""):
        assert wording.render(text) == text


def test_english_plurals_have_a_form_for_one_and_for_two(qapp):
    from desktop.sync.states import notice
    from desktop.views import wording
    from desktop.views.main_window import MainWindow
    from desktop.views.settings_dialog import SettingsDialog

    translators = install_translations(qapp, "en")
    assert translators, "the English plural forms did not load"
    try:
        deleted = [MainWindow.tr("%n message(s) deleted.", "", n) for n in (1, 2)]
        assert deleted == ["1 message deleted.", "2 messages deleted."]
        waiting = [MainWindow.tr("%n change(s) waiting to be sent", "", n) for n in (1, 2)]
        assert waiting == ["1 change waiting to be sent", "2 changes waiting to be sent"]
        need = [
            SettingsDialog.tr("%n edit(s) need you: select the marked row and Settle.", "", n)
            for n in (1, 2)
        ]
        assert need[0].startswith("1 edit needs you") and need[1].startswith("2 edits need you")
        kept = [wording.render(notice("cache_rebuilt", kept=n)) for n in (1, 2)]
        assert kept[0].endswith("1 unsent change kept.") and kept[1].endswith(
            "2 unsent changes kept."
        )
        assert wording.Wording().too_long(1) == "{field} must be at most 1 character."
        assert wording.Wording().too_long(2) == "{field} must be at most 2 characters."
    finally:
        remove_translations(qapp, translators)
