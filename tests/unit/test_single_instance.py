"""A second instance of one profile: told apart from the first by the profile's lock file."""

import contextlib
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


def _open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.fixture
def first(tmp_path):
    """A first instance listening on its own Unix socket; `first.asked` counts show requests."""
    instance = _instance(tmp_path, "first")
    assert instance.claim()
    instance.listen()
    instance.asked = []
    instance.showRequested.connect(lambda: instance.asked.append(True))
    yield instance
    instance.release()


def _ask(first) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as later:
        later.connect(os.path.join(QDir.tempPath(), first.name))
        later.sendall(single_instance.SHOW)


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts /proc/self/fd")
def test_connections_that_say_nothing_are_not_held_without_bound(first, qtbot):
    """A program of this user's that connects and says nothing, many times over, costs the first
    a few descriptors, not one each (a desktop's 1,024 would run out: no file, no cache); a later
    start still gets through."""
    before = _open_descriptors()
    silent = []
    try:
        for _ in range(100):
            client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            silent.append(client)
            client.connect(os.path.join(QDir.tempPath(), first.name))
            qtbot.wait(1)  # the first accepts (a backlog of 8 would stop the loop otherwise)
        qtbot.wait(50)
        held = _open_descriptors() - before - len(silent)
        assert held <= single_instance.CONNECTIONS_HELD, held
        _ask(first)
        qtbot.waitUntil(lambda: first.asked == [True])
    finally:
        for client in silent:
            client.close()


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts /proc/self/fd")
def test_out_of_descriptors_the_first_waits_rather_than_spins(first, qtbot, caplog):
    """When the process has no descriptor left, the connection waiting to be accepted would
    wake the first again and again (a core busy, the log flooded); it tries again later, and
    then takes the request."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    later = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    filler = []
    resource.setrlimit(resource.RLIMIT_NOFILE, (_open_descriptors() + 16, hard))
    try:
        with contextlib.suppress(OSError):
            while True:
                filler.append(os.open(os.devnull, os.O_RDONLY))
        later.connect(os.path.join(QDir.tempPath(), first.name))
        later.sendall(single_instance.SHOW)
        qtbot.wait(300)
        assert len(caplog.records) <= 2, len(caplog.records)
    finally:
        for descriptor in filler:
            os.close(descriptor)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    try:
        qtbot.waitUntil(lambda: first.asked == [True], timeout=5_000)
    finally:
        later.close()


def test_the_socket_is_in_the_private_runtime_folder_when_there_is_one(tmp_path, monkeypatch):
    """Not in the shared temporary folder, where another user could take the name first."""
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    first = _instance(tmp_path)
    assert os.path.dirname(first.name) == str(runtime)
    assert first.claim()
    first.listen()
    try:
        assert stat.S_ISSOCK(os.stat(first.name).st_mode)
        answered = []
        later = threading.Thread(target=lambda: answered.append(_instance(tmp_path).claim()))
        later.start()
        later.join(10)
        assert answered == [False]  # it found the first there
    finally:
        first.release()
    runtime.chmod(0o755)  # one that others may enter is no place for it
    assert os.path.dirname(_instance(tmp_path).name) == ""
