"""The settings dialog on real widgets, the real server behind a fault-injecting proxy (which
also counts the requests that reach it), the app in this process and a new process after it."""

from __future__ import annotations

import argparse
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from contextlib import closing

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QRadioButton,
)

from desktop.account.session import Session
from desktop.api.client import ApiClient
from desktop.api.errors import ValidationFailed
from desktop.app import AppController
from desktop.cache.rows import ShownEntity
from desktop.cache.store import Cache
from desktop.i18n.translators import install_translations, remove_translations
from desktop.models.entities import SettingsModel
from desktop.platform.paths import paths_for
from desktop.sync.states import describe
from desktop.views.entity_editors import (
    ConflictDialog,
    ContactEditor,
    GroupEditor,
    RecipientPicker,
    RejectedDialog,
    VerifyDialog,
)
from desktop.views.theme import apply_scheme
from desktop.views.wording import render, sentences
from msgcenter import rules
from tests.faults import FaultProxy
from tests.support import ServerProcess, require_desktop, wait_until

PASSWORD = "secret"


class Setup:
    """A server of its own (it is stopped and started again), a proxy in front, and the app."""

    def __init__(self, tmp_path, qapp, qtbot, monkeypatch) -> None:
        require_desktop("x11", "keyring")
        self.tmp_path, self.qapp, self.qtbot = tmp_path, qapp, qtbot
        self.server = ServerProcess(tmp_path / "server.db").start()
        self.proxy = FaultProxy(self.server.url).start()
        self.name = "set" + uuid.uuid4().hex[:6]
        self.api = self.server.create_account(self.name, PASSWORD)
        self.home = tmp_path / "home"
        monkeypatch.setenv("MSGCENTER_HOME", str(self.home))
        self.paths = paths_for("p").ensure()
        Session(self.paths).sign_in(self.proxy.url, self.name, PASSWORD).close()  # real keyring
        self.controller: AppController | None = None

    def start_app(self) -> AppController:
        args = argparse.Namespace(demo=False, minimized=True, server=None)
        controller = AppController(args, self.paths, self.qapp)
        assert controller.start()
        self.qtbot.waitUntil(lambda: controller.runtime.connection[0] == "online", timeout=20000)
        self.controller = controller
        return controller

    def stop_app(self) -> None:
        if self.controller is not None:
            self.controller.shut_down()
            self.controller.deleteLater()
            self.qtbot.wait(10)
            self.controller = None

    def close(self) -> None:
        self.stop_app()
        self.proxy.stop()
        self.server.stop()

    def dialog(self):
        assert self.controller is not None
        dialog = self.controller.runtime.show_settings()
        self.qtbot.waitExposed(dialog)
        return dialog

    def wait_sent(self) -> None:
        """Until the outbox is empty (everything the dialog queued reached the server)."""
        assert self.controller is not None
        cache = self.controller.runtime.cache
        self.qtbot.waitUntil(lambda: cache.outbox.size() == 0, timeout=20000)

    def go_offline(self) -> None:
        self.proxy.down = True
        assert self.controller is not None
        self.controller._sync_now()
        self.qtbot.waitUntil(
            lambda: self.controller.runtime.connection[0] == "offline", timeout=20000
        )

    def go_online(self) -> None:
        self.proxy.down = False
        assert self.controller is not None
        self.controller._sync_now()


@pytest.fixture
def setup(tmp_path, qapp, qtbot, monkeypatch):
    created = Setup(tmp_path, qapp, qtbot, monkeypatch)
    yield created
    created.close()


def answer(qtbot, fill, kind: type = QDialog) -> None:
    """Fill in the next modal dialog of `kind` when it opens (`exec()` blocks the test until it
    closes)."""

    deadline = time.monotonic() + 15  # then stop looking: never answer another test's dialog

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            fill(dialog)
        elif time.monotonic() < deadline:
            QTimer.singleShot(50, act)

    QTimer.singleShot(50, act)


def type_into(dialog, **fields) -> None:
    for name, text in fields.items():
        editor = dialog.findChild(QLineEdit, name)
        editor.clear()
        editor.insert(text)  # insert, not key clicks: the text may be Chinese


def accept(dialog) -> None:
    dialog.accept()


def check_items(dialog, list_name: str, texts: list[str]) -> None:
    widget = dialog.findChild(QListWidget, list_name)
    for n in range(widget.count()):
        item = widget.item(n)
        if any(item.text().startswith(t) for t in texts):
            item.setCheckState(Qt.CheckState.Checked)


def saved(qtbot, dialog, action) -> None:
    """Do `action` and wait until its edit is in the cache (edits are saved on a worker)."""
    with qtbot.waitSignal(dialog.edits.done, timeout=10000):
        action()


def edit_with(qtbot, dialog, button, fill) -> None:
    """Click `button`, fill in the dialog it opens, and wait until the edit is saved."""
    answer(qtbot, fill)
    saved(qtbot, dialog, button.click)


def toggle_channel(qtbot, dialog, setting_id: str, column: int) -> None:
    """Space on the checkbox cell, as a keyboard user toggles it."""
    table = dialog.settings_page.table
    row = dialog.settings.row_of(setting_id)
    table.setFocus()
    table.setCurrentIndex(dialog.settings.index(row, column))
    saved(qtbot, dialog, lambda: qtbot.keyClick(table, Qt.Key.Key_Space))


def add_contact(qtbot, dialog, name: str, mobile: str, email: str = "") -> None:
    edit_with(
        qtbot,
        dialog,
        dialog.add_contact_button,
        lambda d: (type_into(d, name=name, mobile=mobile, email=email), d.accept()),
    )


def add_group(qtbot, dialog, name: str, members: list[str]) -> None:
    def fill(d):
        type_into(d, name=name)
        check_items(d, "members", members)
        d.accept()

    edit_with(qtbot, dialog, dialog.add_group_button, fill)


def edit_on_server(api, contact: dict, **changes) -> None:
    """Someone else changes the contact meanwhile (as in the web console)."""
    current = api.get(f"/v1/contacts/{contact['id']}")
    body = {k: current.json()[k] for k in ("name", "mobile", "email")} | changes
    reply = api.put(
        f"/v1/contacts/{contact['id']}", json=body, headers={"If-Match": current.headers["ETag"]}
    )
    assert reply.status_code == 200, reply.text


def expire_codes(db) -> None:
    """Every verification code the server holds is past its 5 minutes (its database file)."""
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE verifications SET expires_ms = 0")
    conn.close()


def select(page, entity_id: str) -> None:
    page.select(entity_id)
    assert page.selected().id == entity_id


def test_offline_edits_reach_the_server_once_after_a_restart_in_a_new_process(setup, qtbot):
    setup.start_app()
    setup.go_offline()
    dialog = setup.dialog()
    assert "Offline" in dialog.status.text()

    toggle_channel(qtbot, dialog, "product.expiry", SettingsModel.SMS)
    add_contact(qtbot, dialog, "离线联系人", "13012345678", "offline@example.com")
    qtbot.waitUntil(lambda: dialog.contacts.others() == 1)
    shown_contact = next(c for c in dialog.contacts.rows if not c.data["is_account"])
    contact = shown_contact.data
    add_group(qtbot, dialog, "值班", ["离线联系人"])
    qtbot.waitUntil(lambda: len(dialog.groups.rows) == 1)
    shown_group = dialog.groups.rows[0]
    group = shown_group.data

    assert (
        dialog.settings.rows[dialog.settings.row_of("product.expiry")].data["channels"]["sms"]
        is False
    )
    assert shown_contact.pending and shown_group.pending
    assert group["members"] == [contact["id"]]
    assert "3 edit(s) waiting" in dialog.status.text()
    assert dialog.contacts.data(dialog.contacts.index(1, 4)).endswith("Waiting to be sent")
    setup.stop_app()  # quit with three edits unsent

    port = setup.server.port
    setup.server.stop()
    setup.proxy.down = False
    setup.server = ServerProcess(setup.tmp_path / "server.db").start(port=port)
    setup.proxy.requests.clear()
    env = {**os.environ, "MSGCENTER_HOME": str(setup.home)}
    sync = subprocess.run(
        [sys.executable, "-m", "desktop", "--profile", "p", "sync"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert sync.returncode == 0, sync.stderr
    assert "Edits sent: 3; held for you: 0; still waiting: 0." in sync.stdout

    api = setup.api
    assert api.get("/v1/settings/product.expiry").json()["channels"]["sms"] is False
    on_server = api.get(f"/v1/contacts/{contact['id']}").json()
    assert (on_server["name"], on_server["email"]) == ("离线联系人", "offline@example.com")
    assert api.get(f"/v1/groups/{group['id']}").json()["members"] == [contact["id"]]
    for path in (
        "/v1/settings/product.expiry",
        f"/v1/contacts/{contact['id']}",
        f"/v1/groups/{group['id']}",
    ):
        assert setup.proxy.count(path) == 1, f"{path} was sent {setup.proxy.count(path)} times"


def test_a_concurrent_edit_merges_or_surfaces_a_conflict_that_holds_only_that_edit(setup, qtbot):
    setup.start_app()
    dialog = setup.dialog()
    add_contact(qtbot, dialog, "Alice", "13000000001")
    add_contact(qtbot, dialog, "Bob", "13000000002")
    add_group(qtbot, dialog, "Ops", ["Alice"])
    setup.wait_sent()
    qtbot.waitUntil(lambda: dialog.contacts.others() == 2 and not dialog.contacts.rows[1].pending)
    alice, bob = (
        next(c for c in dialog.contacts.entities() if c["name"] == n) for n in ("Alice", "Bob")
    )
    ops = dialog.groups.entities()[0]
    api = setup.api

    # Another field changed on the server meanwhile: merged by itself.
    setup.go_offline()
    edit_on_server(api, alice, email="alice@example.com")
    select(dialog.contacts_page, alice["id"])
    edit_with(
        qtbot,
        dialog,
        dialog.edit_contact_button,
        lambda d: (type_into(d, name="Alice Wang"), d.accept()),
    )
    setup.go_online()
    setup.wait_sent()
    merged = api.get(f"/v1/contacts/{alice['id']}").json()
    assert (merged["name"], merged["email"]) == ("Alice Wang", "alice@example.com")

    # The same field changed on both sides: a conflict holds only that edit.
    setup.go_offline()
    edit_on_server(api, alice, name="Alice (server)")
    edit_on_server(api, bob, name="Bob (server)")
    for contact, mine in ((alice, "Alice (mine)"), (bob, "Bob (mine)")):
        select(dialog.contacts_page, contact["id"])
        edit_with(
            qtbot,
            dialog,
            dialog.edit_contact_button,
            lambda d, mine=mine: (type_into(d, name=mine), d.accept()),
        )
    select(dialog.groups_page, ops["id"])
    edit_with(
        qtbot,
        dialog,
        dialog.edit_group_button,
        lambda d: (check_items(d, "members", ["Bob"]), d.accept()),
    )
    setup.go_online()
    cache = setup.controller.runtime.cache
    qtbot.waitUntil(
        lambda: cache.outbox.size() == 2 and len(cache.outbox.entries(("conflict",))) == 2,
        timeout=20000,
    )
    assert sorted(api.get(f"/v1/groups/{ops['id']}").json()["members"]) == sorted(
        [alice["id"], bob["id"]]
    )  # the group edit behind them went on
    qtbot.waitUntil(lambda: "need you" in dialog.status.text())
    row = dialog.contacts.row_of(alice["id"])
    assert "Needs you" in dialog.contacts.data(dialog.contacts.index(row, 4))

    for contact, side in ((alice, "theirs"), (bob, "ours")):
        select(dialog.contacts_page, contact["id"])
        assert dialog.contacts_page.settle_button.isEnabled()

        def choose(d, side=side):
            assert isinstance(d, ConflictDialog)
            d.findChild(QRadioButton, f"name:{side}").setChecked(True)
            d.keep.click()

        edit_with(qtbot, dialog, dialog.contacts_page.settle_button, choose)
    setup.wait_sent()
    assert api.get(f"/v1/contacts/{alice['id']}").json()["name"] == "Alice (server)"
    assert api.get(f"/v1/contacts/{bob['id']}").json()["name"] == "Bob (mine)"
    qtbot.waitUntil(
        lambda: {c["name"] for c in dialog.contacts.entities()} >= {"Alice (server)", "Bob (mine)"}
    )
    qtbot.waitUntil(lambda: "Everything is saved" in dialog.status.text())


def test_the_rules_and_limits_hold_in_the_dialog_and_on_the_server(setup, qtbot):
    api = setup.api
    me = api.get("/v1/contacts").json()["contacts"][0]
    for n in range(19):
        reply = api.put(
            f"/v1/contacts/{uuid.uuid4()}",
            headers={"If-None-Match": "*"},
            json={"name": f"c{n}", "mobile": f"130000000{n:02d}"},
        )
        assert reply.status_code == 201
    for n in range(11):
        reply = api.put(
            f"/v1/groups/{uuid.uuid4()}",
            headers={"If-None-Match": "*"},
            json={"name": f"g{n}", "members": []},
        )
        assert reply.status_code == 201
    setup.start_app()
    dialog = setup.dialog()
    qtbot.waitUntil(lambda: dialog.contacts.others() == 19 and len(dialog.groups.rows) == 11)

    # The form: field rules as the user types.
    editor = ContactEditor(parent=dialog)
    ok = editor.buttons.button(editor.buttons.StandardButton.Ok)
    type_into(editor, name="Zed", mobile="12345")
    assert not ok.isEnabled() and "11 digits" in editor.errors["mobile"].text()
    type_into(editor, mobile="+8613000000099", email="not an address")
    assert not ok.isEnabled() and "valid email" in editor.errors["email"].text()
    type_into(editor, email="zed@example.com")
    assert ok.isEnabled()
    editor.deleteLater()

    # The recipient picker: contacts or groups, never both, never none.
    setting = dialog.settings.rows[dialog.settings.row_of("security.ddos")].data
    picker = RecipientPicker(
        setting, dialog.contacts.entities(), dialog.groups.entities(), parent=dialog
    )
    ok = picker.buttons.button(picker.buttons.StandardButton.Ok)
    assert picker.recipients() == {"contacts": [me["id"]], "groups": []}
    groups = picker.group_list
    groups.item(0).setCheckState(Qt.CheckState.Checked)
    assert picker.recipients()["contacts"] == [] and "cleared the contacts" in picker.note.text()
    groups.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert not ok.isEnabled() and "at least one" in picker.error.text()
    picker.deleteLater()

    # The 20th contact and the 12th group may be added; then the buttons say no.
    add_contact(qtbot, dialog, "twentieth", "13100000020")
    add_group(qtbot, dialog, "twelfth", [])
    qtbot.waitUntil(lambda: dialog.contacts.others() == 20 and len(dialog.groups.rows) == 12)
    assert not dialog.add_contact_button.isEnabled()
    assert "At most 20" in dialog.add_contact_button.toolTip()
    assert not dialog.add_group_button.isEnabled()
    setup.wait_sent()

    # The server holds the same rules.
    too_many = api.put(
        f"/v1/contacts/{uuid.uuid4()}",
        headers={"If-None-Match": "*"},
        json={"name": "21st", "mobile": "13100000021"},
    )
    assert too_many.status_code == 409
    thirteenth = api.put(
        f"/v1/groups/{uuid.uuid4()}",
        headers={"If-None-Match": "*"},
        json={"name": "13th", "members": []},
    )
    assert thirteenth.status_code == 409
    ddos = api.get("/v1/settings/security.ddos")
    for recipients in (
        {"contacts": [], "groups": []},
        {"contacts": [me["id"]], "groups": [dialog.groups.rows[0].id]},
    ):
        reply = api.put(
            "/v1/settings/security.ddos",
            headers={"If-Match": ddos.headers["ETag"]},
            json={"channels": ddos.json()["channels"], "recipients": recipients},
        )
        assert reply.status_code == 422

    # A refusal comes back to the dialog with the server's reason: correct it or discard it.
    setup.go_offline()
    last = dialog.groups.entities()[-1]  # room for one more group on the server, named "taken"
    api.delete(
        f"/v1/groups/{last['id']}",
        headers={"If-Match": api.get(f"/v1/groups/{last['id']}").headers["ETag"]},
    )
    other_group = api.put(
        f"/v1/groups/{uuid.uuid4()}",
        headers={"If-None-Match": "*"},
        json={"name": "taken", "members": []},
    )
    assert other_group.status_code == 201
    original = dialog.groups.entities()[0]
    select(dialog.groups_page, original["id"])
    edit_with(
        qtbot, dialog, dialog.edit_group_button, lambda d: (type_into(d, name="taken"), d.accept())
    )  # not known offline
    setup.go_online()
    cache = setup.controller.runtime.cache
    qtbot.waitUntil(lambda: bool(cache.outbox.entries(("rejected",))), timeout=20000)
    qtbot.waitUntil(lambda: any(g.problem for g in dialog.groups.rows))
    held = next(g.data for g in dialog.groups.rows if g.problem)
    select(dialog.groups_page, held["id"])

    reasons = []

    def read_and_correct(d):
        reasons.append(d.findChild(QLabel, "reason").text())
        d.fix.click()  # Correct…: the group's editor opens with the refused values

    answer(qtbot, read_and_correct, RejectedDialog)
    answer(qtbot, lambda d: (type_into(d, name="untaken"), d.accept()), GroupEditor)
    saved(qtbot, dialog, dialog.groups_page.settle_button.click)
    assert reasons == ["The server said: a group named 'taken' exists"]
    setup.wait_sent()
    qtbot.waitUntil(lambda: not any(g.problem for g in dialog.groups.rows))
    assert api.get(f"/v1/groups/{held['id']}").json()["name"] == "untaken"


def test_a_pending_edit_can_be_reverted_and_a_conflicting_one_discarded(setup, qtbot):
    setup.start_app()
    dialog = setup.dialog()
    add_contact(qtbot, dialog, "Wu", "13400000001")
    setup.wait_sent()
    wu = next(c for c in dialog.contacts.entities() if c["name"] == "Wu")
    setup.go_offline()
    select(dialog.contacts_page, wu["id"])
    edit_with(
        qtbot,
        dialog,
        dialog.edit_contact_button,
        lambda d: (type_into(d, name="Wu Lei"), d.accept()),
    )
    qtbot.waitUntil(lambda: dialog.contacts_page.revert_button.isEnabled())
    assert dialog.contacts_page.selected_entity()["name"] == "Wu Lei"
    saved(qtbot, dialog, dialog.contacts_page.revert_button.click)
    assert dialog.contacts_page.selected_entity()["name"] == "Wu"
    assert setup.controller.runtime.cache.outbox.size() == 0

    # A conflict settled by dropping our side: the server's value stays, and shows.
    api = setup.api
    edit_on_server(api, wu, name="Wu (server)")
    edit_with(
        qtbot,
        dialog,
        dialog.edit_contact_button,
        lambda d: (type_into(d, name="Wu (mine)"), d.accept()),
    )
    setup.go_online()
    qtbot.waitUntil(lambda: dialog.contacts_page.settle_button.isEnabled(), timeout=20000)
    edit_with(qtbot, dialog, dialog.contacts_page.settle_button, lambda d: d.drop.click())
    setup.wait_sent()
    assert api.get(f"/v1/contacts/{wu['id']}").json()["name"] == "Wu (server)"
    qtbot.waitUntil(lambda: dialog.contacts_page.selected_entity()["name"] == "Wu (server)")


def test_verifying_a_mobile_sends_a_code_and_takes_it_back_online_only(setup, qtbot):
    setup.start_app()
    dialog = setup.dialog()
    add_contact(qtbot, dialog, "Xu", "13500000001")
    setup.wait_sent()

    def xu_row() -> ShownEntity:
        return next(c for c in dialog.contacts.rows if c.data["name"] == "Xu")

    # The dialog hears that the edit was sent a moment after the outbox empties (a queued
    # signal): until then the row is still "Waiting to be sent" and cannot be verified.
    qtbot.waitUntil(lambda: not xu_row().pending, timeout=10000)
    xu = xu_row().data
    select(dialog.contacts_page, xu["id"])
    assert dialog.verify_mobile_button.isEnabled() and not dialog.verify_email_button.isEnabled()

    setup.go_offline()
    said = []
    answer(qtbot, lambda box: (said.append(box.text()), box.accept()), QMessageBox)
    dialog.verify_mobile_button.click()
    assert "offline" in said[0]

    setup.go_online()
    qtbot.waitUntil(lambda: setup.controller.runtime.connection[0] == "online", timeout=20000)

    said = []

    def sent_code() -> str:
        log = setup.server.admin("GET", "/v1/admin/deliveries", params={"account": setup.name})
        return log.json()["deliveries"][-1]["text"].split("code is ")[1][:6]

    def try_code(box, code: str) -> None:
        box.code.setText(code)
        box.buttons.button(box.buttons.StandardButton.Ok).click()
        qtbot.waitUntil(lambda: not box.busy, timeout=10000)
        if box.isVisible():
            said.append(box.error.text())

    def type_codes(box):
        qtbot.waitUntil(lambda: not box.busy, timeout=10000)  # the server sent the code
        assert not box.demo.isVisible()  # a real server: no demo line
        try_code(box, "000000")  # a wrong code, in time
        box.sent_at -= 5 * 60  # five minutes later, on both sides
        expire_codes(setup.server.db)
        try_code(box, sent_code())  # the right code, too late
        box.resend.click()
        qtbot.waitUntil(lambda: not box.busy, timeout=10000)
        try_code(box, sent_code())  # a new code, in time: verified, and the dialog closes

    answer(qtbot, type_codes, VerifyDialog)
    dialog.verify_mobile_button.click()
    qtbot.waitUntil(
        lambda: dialog.contacts_page.selected_entity()["mobile_verified"], timeout=20000
    )
    assert said == [
        "This is not the code that was sent. Check the digits and enter it again.",
        "This code has expired: a code is valid for 5 minutes. Send a new code and enter that one.",
    ]
    assert QApplication.activeModalWidget() is None
    assert setup.api.get(f"/v1/contacts/{xu['id']}").json()["mobile_verified"] is True
    assert "✓" in dialog.contacts.data(dialog.contacts.index(dialog.contacts.row_of(xu["id"]), 1))


def test_the_verify_dialog_says_wrong_codes_and_too_many_tries_in_the_users_words(
    setup, qtbot, qapp
):
    """The server's codes (wrong_code, and a 429's Retry-After) said in Chinese, then English."""
    contact_id = str(uuid.uuid4())
    made = setup.api.put(
        f"/v1/contacts/{contact_id}",
        headers={"If-None-Match": "*"},
        json={"name": "Yan", "mobile": "13500000002"},
    )
    assert made.status_code == 201, made.text
    setup.start_app()
    dialog = setup.dialog()
    qtbot.waitUntil(lambda: contact_id in [c.id for c in dialog.contacts.rows], timeout=20000)
    select(dialog.contacts_page, contact_id)
    said = []

    def try_code(box, code: str) -> None:
        box.code.setText(code)
        box.buttons.button(box.buttons.StandardButton.Ok).click()
        qtbot.waitUntil(lambda: not box.busy, timeout=10000)
        said.append(box.error.text())

    def type_wrong_codes(box):
        qtbot.waitUntil(lambda: not box.busy, timeout=10000)  # the server sent the code
        for _ in range(rules.VERIFICATION_MAX_FAILURES + 1):  # then the server says: wait
            try_code(box, "000000")
        remove_translations(qapp, translators)
        try_code(box, "000000")
        box.resend.click()  # no new code either, for as long
        qtbot.waitUntil(lambda: not box.busy, timeout=10000)
        said.append(sentences([box.intro.text(), box.error.text()]))
        box.reject()

    translators = install_translations(qapp, "zh_CN")
    try:
        answer(qtbot, type_wrong_codes, VerifyDialog)
        dialog.verify_mobile_button.click()
    finally:
        remove_translations(qapp, translators)
    assert said[:5] == ["验证码错误，请核对后重新输入。"] * 5
    minutes = re.fullmatch(r"尝试次数过多，请 (\d+) 分钟后重试。", said[5])
    assert minutes and 55 <= int(minutes[1]) <= 60, said[5]
    n = minutes[1]
    assert said[6:] == [
        f"Too many tries: try again in {n} minutes.",
        f"No code was sent. Too many tries: try again in {n} minutes.",
    ]


def test_a_server_refusal_is_said_in_chinese_through_its_codes(server, qapp):
    """A refusal of the real server, over HTTP, as the views say it: its codes in Chinese."""
    session = server.create_account()
    client = ApiClient(server.url, session.token)
    try:
        with pytest.raises(ValidationFailed) as refused:
            body = {"name": "长" * 40, "mobile": "123", "email": "not an address"}
            client.put_entity("contact", str(uuid.uuid4()), body, None)
    finally:
        client.close()
    translators = install_translations(qapp, "zh_CN")
    try:
        said = render(describe(refused.value))
    finally:
        remove_translations(qapp, translators)
    assert said.startswith("姓名不能超过 32 个字符。"), said
    assert "手机" in said and "邮箱" in said
    assert re.findall(r"[A-Za-z]{2,}", said) == [], said


def test_sigkill_during_the_replay_loses_nothing_and_sends_nothing_twice(setup, qtbot):
    setup.start_app()
    dialog = setup.dialog()
    setup.go_offline()
    for n in range(12):
        add_contact(qtbot, dialog, f"k{n}", f"132000000{n:02d}")
    qtbot.waitUntil(lambda: dialog.contacts.others() == 12)
    ids = [c.id for c in dialog.contacts.rows if not c.data["is_account"]]
    for n in range(6):
        add_group(qtbot, dialog, f"team {n}", [f"k{n}", f"k{n + 6}"])
    for setting_id in ("product.expiry", "product.stop_release", "security.ddos"):
        toggle_channel(qtbot, dialog, setting_id, SettingsModel.EMAIL)
    qtbot.waitUntil(lambda: setup.controller.runtime.cache.outbox.size() == 21)
    start = setup.api.get("/v1/changes").json()
    while start["has_more"]:
        start = setup.api.get("/v1/changes", params={"cursor": start["next_cursor"]}).json()
    setup.stop_app()

    setup.proxy.down = False
    setup.proxy.delay = 0.15
    env = {**os.environ, "MSGCENTER_HOME": str(setup.home)}
    command = [sys.executable, "-m", "desktop", "--profile", "p", "sync"]
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert wait_until(lambda: setup.proxy.count("/v1/contacts/") >= 6, timeout=30)
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    child.stderr.close()
    left = Cache(setup.paths.cache_file)
    assert 0 < left.outbox.size() < 21
    left.close()
    setup.proxy.delay = 0
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    assert "held for you: 0; still waiting: 0." in again.stdout

    api = setup.api
    contacts = api.get("/v1/contacts").json()["contacts"]
    assert sorted(c["id"] for c in contacts if not c["is_account"]) == sorted(ids)
    groups = api.get("/v1/groups").json()["groups"]
    assert sorted(g["name"] for g in groups) == [f"team {n}" for n in range(6)]
    for setting_id in ("product.expiry", "product.stop_release", "security.ddos"):
        assert api.get(f"/v1/settings/{setting_id}").json()["channels"]["email"] is False
    changes, cursor = [], start["next_cursor"]
    while True:
        page = api.get("/v1/changes", params={"cursor": cursor}).json()
        changes += page["changes"]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    changed = {(c["kind"], c["id"]) for c in changes}
    expected = {("contact", i) for i in ids} | {("group", g["id"]) for g in groups}
    expected |= {
        ("setting", s) for s in ("product.expiry", "product.stop_release", "security.ddos")
    }
    assert changed == expected  # every edit arrived, and nothing else changed


def test_deleting_a_used_contact_offline_applies_the_fallback_like_the_server(setup, qtbot):
    api = setup.api
    me = api.get("/v1/contacts").json()["contacts"][0]
    lin = str(uuid.uuid4())
    assert (
        api.put(
            f"/v1/contacts/{lin}",
            headers={"If-None-Match": "*"},
            json={"name": "Lin", "mobile": "13300000001"},
        ).status_code
        == 201
    )
    ddos = api.get("/v1/settings/security.ddos")
    body = {"channels": ddos.json()["channels"], "recipients": {"contacts": [lin], "groups": []}}
    assert (
        api.put(
            "/v1/settings/security.ddos", json=body, headers={"If-Match": ddos.headers["ETag"]}
        ).status_code
        == 200
    )
    setup.start_app()
    dialog = setup.dialog()
    setup.go_offline()
    select(dialog.contacts_page, lin)
    answer(qtbot, lambda box: box.button(QMessageBox.StandardButton.Yes).click())  # "Delete Lin?"
    saved(qtbot, dialog, dialog.delete_contact_button.click)

    row = dialog.settings.row_of("security.ddos")
    assert dialog.settings.rows[row].data["recipients"] == {"contacts": [me["id"]], "groups": []}
    recipients = dialog.settings.data(dialog.settings.index(row, SettingsModel.RECIPIENTS))
    assert recipients == f"{me['name']} (account contact)"
    setup.go_online()
    setup.wait_sent()
    on_server = api.get("/v1/settings/security.ddos").json()["recipients"]
    assert on_server == {"contacts": [me["id"]], "groups": []}
    qtbot.waitUntil(lambda: dialog.settings.rows[row].data["recipients"] == on_server)
    assert not dialog.settings.rows[row].pending


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_current_cell_of_each_table_is_framed(setup, qtbot, qapp, scheme):
    style, palette, sheet = qapp.style().name(), qapp.palette(), qapp.styleSheet()
    apply_scheme(qapp, scheme)
    try:
        setup.start_app()
        dialog = setup.dialog()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
        table, model = dialog.settings_page.table, dialog.settings
        row = model.row_of("product.expiry")
        table.setFocus()
        table.setCurrentIndex(model.index(row, SettingsModel.SMS))  # as Space would toggle
        qtbot.waitUntil(table.hasFocus)
        image = table.viewport().grab().toImage()
        colours = qapp.palette()

        def top_line(column: int) -> QColor:  # inside the cell, above its check box
            rect = table.visualRect(model.index(row, column))
            return image.pixelColor(rect.center().x(), rect.top() + 2)

        assert top_line(SettingsModel.SMS) == colours.color(QPalette.ColorRole.HighlightedText)
        assert top_line(SettingsModel.EMAIL) == colours.color(QPalette.ColorRole.Highlight)
    finally:
        qapp.setStyle(style)
        qapp.setPalette(palette)
        qapp.setStyleSheet(sheet)


def overlaps(widgets) -> list[tuple[str, str]]:
    shown = [w for w in widgets if w.isVisible()]
    return [
        (a.objectName() or a.text(), b.objectName() or b.text())
        for n, a in enumerate(shown)
        for b in shown[n + 1 :]
        if a.geometry().intersects(b.geometry())
    ]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_contact_form_at_its_smallest_holds_every_message_whole(qtbot, qapp, language):
    translators = install_translations(qapp, language)
    try:
        editor = ContactEditor()
        qtbot.addWidget(editor)
        editor.show()
        qtbot.waitExposed(editor)
        for field in ("name", "mobile", "email"):
            box = editor.findChild(QLineEdit, field)
            hint = box.placeholderText()
            assert box.fontMetrics().horizontalAdvance(hint) < box.contentsRect().width(), hint
        type_into(editor, name="x" * 40, mobile="123", email="not an address")
        editor.resize(editor.minimumSize())  # as narrow and short as it goes
        qtbot.waitUntil(lambda: editor.size() == editor.minimumSize())
        labels = list(editor.errors.values())
        assert all(label.isVisible() and label.text() for label in labels)
        for label in labels:  # every line of each message fits its label
            assert label.height() >= label.heightForWidth(label.width()), label.text()
            assert editor.rect().contains(label.geometry()), label.text()
        parts = [*labels, editor.name, editor.mobile, editor.email, editor.buttons]
        assert overlaps(parts) == []
    finally:
        remove_translations(qapp, translators)


def test_a_contact_without_a_mobile_shows_a_dash(setup, qtbot):
    setup.start_app()
    dialog = setup.dialog()
    me = dialog.contacts.entities()[0]  # the account contact, made without a mobile
    assert me["is_account"] and not me["mobile"]
    assert dialog.contacts.data(dialog.contacts.index(0, dialog.contacts.MOBILE)) == "—"


def test_the_status_counts_edits_in_words_for_one_and_for_two(setup, qtbot, qapp):
    translators = install_translations(qapp, "en")
    try:
        setup.start_app()
        setup.go_offline()
        dialog = setup.dialog()
        toggle_channel(qtbot, dialog, "product.expiry", SettingsModel.SMS)
        qtbot.waitUntil(lambda: "1 edit waiting to be sent." in dialog.status.text())
        toggle_channel(qtbot, dialog, "security.ddos", SettingsModel.SMS)
        qtbot.waitUntil(lambda: "2 edits waiting to be sent." in dialog.status.text())
    finally:
        remove_translations(qapp, translators)


def test_the_demo_says_the_code_it_sent_and_takes_it(tmp_path, qtbot, qapp, monkeypatch):
    require_desktop("x11")
    monkeypatch.setenv("MSGCENTER_HOME", str(tmp_path / "home"))
    paths = paths_for("demo").ensure()
    controller = AppController(argparse.Namespace(demo=True, minimized=True), paths, qapp)
    try:
        assert controller.start()
        qtbot.waitUntil(lambda: controller.runtime.connection[0] == "online", timeout=30000)
        dialog = controller.runtime.show_settings()
        qtbot.waitExposed(dialog)
        wang = next(c for c in dialog.contacts.entities() if c["name"] == "王强")
        select(dialog.contacts_page, wang["id"])
        shown = []

        def read_and_type(box):
            qtbot.waitUntil(lambda: box.demo.isVisible(), timeout=10000)
            shown.append(box.demo.text())
            box.code.setText(shown[0].rsplit(" ", 1)[1])
            box.buttons.button(box.buttons.StandardButton.Ok).click()

        answer(qtbot, read_and_type, VerifyDialog)
        dialog.verify_mobile_button.click()
        # What the demo's server (a process of its own) logged as sent, read from its database.
        with closing(sqlite3.connect(paths.data_dir / "demo-server.db")) as server_db:
            to, text = server_db.execute(
                'SELECT "to", text FROM deliveries ORDER BY pk DESC LIMIT 1'
            ).fetchone()
        assert to == wang["mobile"]
        assert shown == [f"Demo: the code is {text.split('code is ')[1][:6]}"]
        qtbot.waitUntil(
            lambda: dialog.contacts_page.selected_entity()["mobile_verified"], timeout=20000
        )
    finally:
        controller.shut_down()
        controller.deleteLater()
        qtbot.wait(10)


def test_the_demo_logs_beside_its_data(tmp_path):
    home = tmp_path / "home"
    env = {**os.environ, "MSGCENTER_HOME": str(home), "QT_QPA_PLATFORM": "xcb"}
    env.pop("DISPLAY", None)  # no display: the demo stops at once, after its folders and log
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--demo"], env=env, capture_output=True, timeout=60
    )
    assert done.returncode == 1
    assert sorted(p.relative_to(home).as_posix() for p in home.glob("*/*")) == [
        "config/demo",
        "data/demo",
        "logs/demo",
    ]


def test_a_cached_setting_this_app_does_not_know_leaves_the_page_whole(tmp_path, qtbot):
    """A row an older version cached from a newer server (before such rows were skipped): left
    out, the known rows shown, and no model reset left half done."""
    cache = Cache(tmp_path / "c.sqlite3")
    try:
        known = {"id": "security.ddos", "category": "security", "name": "DDoS", "locked": False,
                 "channels": {"email": True, "sms": False},
                 "recipients": {"contacts": [], "groups": []}, "etag": '"1"'}  # fmt: skip
        unknown = {**known, "id": "zzz.unknown", "category": "zzz"}
        cache.apply_changes(
            [{"seq": n, "kind": "setting", "id": s["id"], "op": "upsert", "data": s}
             for n, s in enumerate((unknown, known), 1)],
            "c2",
        )  # fmt: skip
        model = SettingsModel(cache)
        model.refresh()
        shown = [model.data(model.index(r, SettingsModel.TYPE)) for r in range(model.rowCount())]
        assert shown == ["Security messages", "DDoS attack alarm"]
    finally:
        cache.close()
