"""Accounts in a running app: another one after sign-out sees only its own messages; signing out
removes the cache, asking first when edits wait (the window and `msgcenter logout`)."""

import argparse
import gc
import json
import os
import subprocess
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.account.session import Session
from desktop.app import AppController
from desktop.cache.removal import cache_files
from desktop.cache.store import Cache
from desktop.platform.paths import paths_for
from tests.support import require_desktop


def test_another_account_after_sign_out_sees_only_its_own_messages(
    server, tmp_path, qtbot, monkeypatch, qapp, no_keyring
):
    monkeypatch.setenv("MSGCENTER_HOME", str(tmp_path / "home"))
    first, second = server.create_account("first"), server.create_account("second")
    for n in range(3):
        server.publish(first.name, title=f"first {n}")
    server.publish(second.name, title="second 0")
    paths = paths_for("accounts")
    args = argparse.Namespace(demo=False, minimized=False, server=None)
    controller = AppController(args, paths, qapp)
    controller.session = Session(paths)
    controller.session.sign_in(server.url, "first", "secret").close()
    controller._open_profile()
    qtbot.waitUntil(lambda: controller.runtime.window.messages.rowCount() == 3, timeout=15000)
    old_cache = controller.runtime.cache
    # Once started, what the profile made is set aside from the cycle collector (gc.freeze);
    # once closed, it is handed back, so that none of it is kept for good.
    assert gc.get_freeze_count() > 0

    controller._close_profile()  # what Sign out does before revoking the token
    assert gc.get_freeze_count() == 0
    controller.session.sign_out()
    controller.session.sign_in(server.url, "second", "secret").close()  # the dialog's work
    controller._open_profile()
    assert controller.runtime.cache is not old_cache
    qtbot.waitUntil(lambda: controller.runtime.window.messages.rowCount() == 1, timeout=15000)
    assert controller.runtime.window.messages.index(0).data() == "second 0"
    assert list(paths.data_dir.glob("cache.sqlite3.other-account-*"))
    controller.shut_down()
    controller.deleteLater()  # on this thread: it owns timers
    qtbot.wait(10)


def answer_dialogs(qtbot, answers):
    """Answer the modal dialogs as they come: each answer gets the dialog, does what a user
    would (clicks a button, rejects it), and returns what the test wants to remember."""
    seen = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and answers and dialog.isVisible():
            seen.append(answers.pop(0)(dialog))

    timer = QTimer(interval=50, timeout=poll)
    timer.start()
    return seen, timer


def test_sign_out_asks_when_edits_wait_and_then_removes_the_cache(
    server, tmp_path, qtbot, monkeypatch, qapp, no_keyring
):
    monkeypatch.setenv("MSGCENTER_HOME", str(tmp_path / "home"))
    account = server.create_account("leaving")
    for n in range(3):
        server.publish(account.name, title=f"leaving {n}")
    paths = paths_for("leaving")
    controller = AppController(argparse.Namespace(demo=False, minimized=False, server=None),
                               paths, qapp)  # fmt: skip
    controller.session = Session(paths)
    controller.session.sign_in(server.url, "leaving", "secret").close()
    controller._open_profile()
    window = controller.runtime.window
    qtbot.waitUntil(lambda: window.messages.rowCount() == 3, timeout=15000)
    window.message_view.setCurrentIndex(window.messages.index(0))
    window.action_delete.trigger()  # held for its undo time: an edit waiting to be sent
    qtbot.waitUntil(lambda: controller.runtime.cache.outbox.size() == 1, timeout=5000)

    def cancel(box: QMessageBox) -> str:
        text = box.text()
        box.button(QMessageBox.StandardButton.Cancel).click()
        return text

    def sign_out(box: QMessageBox) -> str:
        text = box.text()
        next(b for b in box.buttons() if b.text() == "Sign &out").click()
        return text

    def no_new_sign_in(dialog) -> str:
        name = type(dialog).__name__
        dialog.reject()
        return name

    seen, timer = answer_dialogs(qtbot, [cancel, sign_out, no_new_sign_in])
    try:
        window.action_sign_out.trigger()
        assert seen == ["1 change not yet sent to the server will be lost. Sign out anyway?"]
        assert paths.cache_file.exists() and controller.session.account is not None
        window.action_sign_out.trigger()
        assert len(seen) == 2
        assert not cache_files(paths.cache_file)  # gone at once, before the token is revoked
        qtbot.waitUntil(lambda: len(seen) == 3, timeout=15000)
        assert seen[2] == "SignInDialog"
        assert Session(paths).account is None
    finally:
        timer.stop()
        controller.shut_down()
        controller.deleteLater()
        qtbot.wait(10)
    unread = msgcenter(tmp_path / "home", "unread", "--json", "--profile", "leaving")
    assert json.loads(unread.stdout)["total"] == 0


def msgcenter(home, *args):
    environment = {**os.environ, "MSGCENTER_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        input="", capture_output=True, text=True, env=environment, timeout=120,
    )  # fmt: skip


def test_msgcenter_logout_keeps_unsent_edits_unless_told_and_removes_the_cache(server, tmp_path):
    require_desktop("keyring")
    account = server.create_account()
    for n in range(2):
        server.publish(account.name, title=f"cli {n}")
    home = tmp_path / "home"
    login = subprocess.run(
        [sys.executable, "-m", "desktop", "login", "--server", server.url, "--username",
         account.name, "--password-stdin"],
        input="secret\n", capture_output=True, text=True, timeout=120,
        env={**os.environ, "MSGCENTER_HOME": str(home)},
    )  # fmt: skip
    assert login.returncode == 0, login.stderr
    assert msgcenter(home, "sync").returncode == 0
    cache_file = paths_for("default", str(home)).cache_file
    cache = Cache(cache_file)
    cache.messages.mark_read(
        [cache.database.connection.execute("SELECT id FROM messages LIMIT 1").fetchone()[0]], True
    )
    cache.close()

    refused = msgcenter(home, "logout")  # a script: no terminal to ask on
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.strip() == (
        "msgcenter: 1 edit not yet sent to the server would be lost: `msgcenter sync` sends "
        "them; `msgcenter logout --discard-unsent` signs out anyway"
    )
    assert json.loads(msgcenter(home, "unread", "--json").stdout)["total"] == 1  # still there

    done = msgcenter(home, "logout", "--discard-unsent")
    assert done.returncode == 0, done.stderr
    assert "Signed out" in done.stdout and "cached messages were removed" in done.stdout
    assert not cache_files(cache_file)
    assert json.loads(msgcenter(home, "unread", "--json").stdout)["total"] == 0
    assert msgcenter(home, "logout").stdout.strip() == "Not signed in."


def test_preferences_that_cannot_be_saved_are_said_plainly(tmp_path, qtbot, monkeypatch, qapp):
    """Pausing notifications from the tray's menu, with no window: the save fails (a folder
    stands where the file goes), and a box says so rather than a log line nobody reads."""
    monkeypatch.setenv("MSGCENTER_HOME", str(tmp_path / "home"))
    paths = paths_for("unsaved")
    controller = AppController(argparse.Namespace(demo=False, minimized=True, server=None),
                               paths, qapp)  # fmt: skip
    paths.preferences_file.mkdir(parents=True)

    def read(box: QMessageBox) -> str:
        text = box.text()
        box.accept()
        return text

    seen, timer = answer_dialogs(qtbot, [read])
    try:
        controller.pause_notifications("hour")
        assert seen == [
            f"Preferences could not be saved: Is a directory: {paths.preferences_file}"
        ], seen
        assert controller.preferences.paused()  # in effect for this run all the same
    finally:
        timer.stop()
        controller.shut_down()
        controller.deleteLater()
        qtbot.wait(10)
