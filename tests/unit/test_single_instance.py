"""A second instance of one profile: told apart from the first by the profile's lock file."""

import os
import socket
import stat
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, QLockFile

from desktop.platform import single_instance
from desktop.platform.paths import Paths


def test_a_lock_held_by_an_instance_that_does_not_answer_names_its_process(tmp_path, monkeypatch):
    monkeypatch.setattr(single_instance, "ANSWER_WAIT_S", 0.3)
    paths = Paths("default", tmp_path / "data", tmp_path / "config", tmp_path / "logs")
    paths.ensure()
    held = QLockFile(str(paths.config_dir / "instance.lock"))
    assert held.tryLock(0)  # the "first instance": it holds the lock but listens nowhere
    with pytest.raises(RuntimeError, match=rf"another Message Center \(process {os.getpid()}\)"):
        single_instance.SingleInstance(paths).claim()
    held.unlock()


def _instance(tmp_path, profile="default") -> single_instance.SingleInstance:
    paths = Paths(profile, tmp_path / "data", tmp_path / "config", tmp_path / "logs")
    return single_instance.SingleInstance(paths)


@pytest.mark.parametrize("listener", ["unix", "qt"])
def test_a_later_start_asks_the_first_and_the_first_shows_its_window(
    listener, tmp_path, qtbot, monkeypatch
):
    """The first listens with a Unix socket of its own where QLocalServer would (no QtNetwork in
    the tray), or with QLocalServer where there are none (tried here too); the later start asks
    through QLocalSocket either way."""
    if listener == "qt":
        monkeypatch.setattr(single_instance, "_UnixServer", single_instance._LocalServer)
    first = _instance(tmp_path)
    assert first.claim()
    first.listen()
    path = Path(QDir.tempPath()) / first.name
    try:
        assert stat.S_ISSOCK(path.stat().st_mode)
        if listener == "unix":
            assert stat.S_IMODE(path.stat().st_mode) == 0o600  # this user only
        asked = []
        first.showRequested.connect(lambda: asked.append(True))
        answered = []
        # The later start waits for the answer in a loop of its own: on a thread here, so that
        # this (the first's) event loop runs meanwhile.
        later = threading.Thread(target=lambda: answered.append(_instance(tmp_path).claim()))
        later.start()
        qtbot.waitUntil(lambda: bool(asked) and not later.is_alive(), timeout=10_000)
        assert answered == [False] and asked == [True]
    finally:
        first.release()
    assert not path.exists()


def test_a_socket_left_by_a_crash_is_replaced(tmp_path, qtbot):
    first = _instance(tmp_path, "crashed")
    path = Path(QDir.tempPath()) / first.name
    left = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    left.bind(str(path))  # a crashed instance's: nothing listens on it
    left.close()
    assert first.claim()
    first.listen()
    try:
        asked = []
        first.showRequested.connect(lambda: asked.append(True))
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as later:
            later.connect(str(path))
            later.sendall(single_instance.SHOW)
        qtbot.waitUntil(lambda: asked == [True])
    finally:
        first.release()
