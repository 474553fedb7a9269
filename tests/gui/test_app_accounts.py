"""Signing in as another account in a running app shows that account's messages only."""

import argparse

from desktop.app import AppController
from desktop.paths import paths_for
from desktop.session import Session


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
    qtbot.waitUntil(lambda: controller.window.messages.rowCount() == 3, timeout=15000)
    old_cache = controller.cache

    controller._close_profile()  # what Sign out does before revoking the token
    controller.session.sign_out()
    controller.session.sign_in(server.url, "second", "secret").close()  # the dialog's work
    controller._open_profile()
    assert controller.cache is not old_cache
    qtbot.waitUntil(lambda: controller.window.messages.rowCount() == 1, timeout=15000)
    assert controller.window.messages.index(0).data() == "second 0"
    assert list(paths.data_dir.glob("cache.sqlite3.other-account-*"))
    controller.shut_down()
    controller.deleteLater()  # on this thread: it owns timers
    qtbot.wait(10)
