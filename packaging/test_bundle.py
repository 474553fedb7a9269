"""The frozen bundle, run for real in the headless desktop (after `pyinstaller build.spec`):

    scripts/desktop-session.sh --tray --notify --keyring -- python -m pytest packaging

The reference server runs from source; the bundle is only the client. MSGCENTER_BUNDLE points at
another build's executable.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

import msgcenter
from tests.desktop import tray_icon_windows, visible_top_windows, window_pid
from tests.support import ServerProcess, require_desktop, wait_until

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = Path(os.environ.get("MSGCENTER_BUNDLE", ROOT / "dist" / "msgcenter" / "msgcenter"))


@pytest.fixture(scope="module")
def frozen() -> Path:
    if not BUNDLE.is_file():
        pytest.fail(f"no bundle at {BUNDLE}: build it first with `pyinstaller build.spec`")
    return BUNDLE


@pytest.fixture(scope="module")
def signed_in(frozen, tmp_path_factory):
    """A server from source with three messages, and the bundle signed in to it."""
    require_desktop("x11", "tray", "keyring")
    folder = tmp_path_factory.mktemp("bundle")
    server = ServerProcess(folder / "server.db").start()
    server.create_account("frozen", "secret")
    for n in range(3):
        server.publish("frozen", title=f"frozen {n}")
    env = {**os.environ, "MSGCENTER_HOME": str(folder / "home")}
    login = run(
        frozen,
        env,
        "login",
        "--server",
        server.url,
        "--username",
        "frozen",
        "--password-stdin",
        stdin="secret\n",
    )
    assert login.returncode == 0, login.stderr
    assert "No system keyring" not in login.stderr, "the bundle found no keyring backend"
    yield server, env
    server.stop()


def run(frozen: Path, env: dict, *args: str, stdin: str | None = None):
    return subprocess.run(
        [str(frozen), *args], input=stdin, capture_output=True, text=True, env=env, timeout=120
    )


def test_version(frozen):
    result = run(frozen, dict(os.environ), "--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"msgcenter {msgcenter.__version__}")


def test_the_bundle_carries_the_client_only(frozen):
    internal = frozen.parent / "_internal"
    for absent in ("fastapi", "uvicorn", "sqlalchemy", "starlette", "tests", "msgcenter/server"):
        assert not (internal / absent).exists(), f"{absent} is in the bundle"
    assert not list(internal.rglob("libQt6Qml*")) and not list(internal.rglob("libQt6Quick*"))
    assert (internal / "resources" / "msgcenter.svg").is_file()


def test_login_sync_unread_with_the_secret_service(frozen, signed_in):
    server, env = signed_in
    token = subprocess.run(
        ["secret-tool", "lookup", "service", "msgcenter", "username", f"{server.url}|frozen"],
        capture_output=True,
        text=True,
    )
    assert token.returncode == 0 and len(token.stdout.strip()) > 20  # in the keyring, nowhere else
    sync = run(frozen, env, "sync")
    assert sync.returncode == 0, sync.stderr
    assert "3 new messages" in sync.stdout
    unread = run(frozen, env, "unread", "--json")
    assert unread.returncode == 0, unread.stderr
    assert json.loads(unread.stdout)["total"] == 3


def test_the_window_and_tray_open_and_it_quits_cleanly(frozen, signed_in):
    _server, env = signed_in
    app = subprocess.Popen([str(frozen), "--minimized"], env=env)
    try:
        assert wait_until(lambda: any(window_pid(w) == app.pid for w in tray_icon_windows()), 30)
        again = run(frozen, env)  # a second launch shows the first one's window
        assert again.returncode == 0 and "already running" in again.stdout
        assert wait_until(lambda: visible_top_windows("Message Center"), 30)
        (window,) = visible_top_windows("Message Center")
        subprocess.run(["xdotool", "windowfocus", "--sync", window.id], check=True, timeout=30)
        subprocess.run(["xdotool", "key", "ctrl+q"], check=True, timeout=30)
        assert app.wait(timeout=30) == 0
        assert not any(window_pid(w) == app.pid for w in tray_icon_windows())
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()


def test_the_bundle_speaks_chinese_when_chosen(frozen, signed_in):
    _server, env = signed_in
    home = Path(env["MSGCENTER_HOME"])
    preferences = home / "config" / "default" / "preferences.json"
    preferences.write_text(json.dumps({"language": "zh_CN"}))
    app = subprocess.Popen([str(frozen)], env=env)
    try:
        assert wait_until(lambda: visible_top_windows("消息中心"), 30), "no window titled 消息中心"
    finally:
        app.terminate()
        assert app.wait(timeout=30) == 0
        preferences.unlink()
