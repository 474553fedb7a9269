"""The command line and the app at their edges, each run as its own process: one clear line on
stderr, the right exit status, never a traceback, and nothing lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from desktop.platform.paths import paths_for
from tests.desktop import x_windows
from tests.hostile_server import Answer, HostileServer, problem
from tests.support import require_desktop, wait_until

PASSWORD = "secret"
NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


def msgcenter(home, *args, stdin=None, env=None, without=()):
    environment = {**os.environ, "MSGCENTER_HOME": str(home), **(env or {})}
    for name in without:
        environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        input=stdin, capture_output=True, text=True, env=environment, timeout=120,
    )  # fmt: skip


def login(home, server_url, name, *more, **kwargs):
    return msgcenter(home, "login", "--server", server_url, "--username", name, *more,
                     "--password-stdin", stdin=PASSWORD + "\n", **kwargs)  # fmt: skip


def one_clear_line(result, status=1):
    assert result.returncode == status, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("msgcenter: "), result.stderr
    return lines[0]


def terminate_once_shown(home, window_name: str) -> tuple[int, str]:
    """Start the app, wait for its window called `window_name`, send SIGTERM: the exit status
    and stderr."""
    app = subprocess.Popen(
        [sys.executable, "-m", "desktop"],
        env={**os.environ, "MSGCENTER_HOME": str(home)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert wait_until(
            lambda: (
                any(w.name == window_name and w.width > 100 for w in x_windows())
                or app.poll() is not None
            ),
            timeout=30,
        )
        app.send_signal(signal.SIGTERM)
        _out, err = app.communicate(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate()
    return app.returncode, err


@pytest.fixture
def account(server):
    return server.create_account(password=PASSWORD)


def test_login_without_a_keyring_stores_nothing_and_says_so(tmp_path, server, account):
    home = tmp_path / "home"
    result = login(home, server.url, account.name, env=NO_KEYRING)
    line = one_clear_line(result)
    assert "no system keyring" in line and "nothing was stored" in line
    assert "Signed in" not in result.stdout
    assert not paths_for("default", str(home)).profile_file.exists()
    # What a script does next gets the same story, not a surprise.
    later = msgcenter(home, "sync", env=NO_KEYRING)
    assert "not signed in" in one_clear_line(later)


def test_an_unknown_profile_is_an_error_and_is_not_created(tmp_path, server, account):
    require_desktop("keyring")
    home = tmp_path / "home"
    assert login(home, server.url, account.name, "--profile", "work").returncode == 0
    for command in (["unread"], ["unread", "--json"], ["sync"], ["logout"]):
        result = msgcenter(home, *command, "--profile", "nosuch")
        line = one_clear_line(result, status=2)
        assert "no profile 'nosuch'" in line and "work" in line, line
        assert result.stdout == ""
    assert not paths_for("nosuch", str(home)).exists()
    assert msgcenter(home, "unread", "--profile", "work").returncode == 0


def test_a_server_without_a_scheme(tmp_path, server, account):
    """This machine's address means plain HTTP (what a local server speaks); HTTPS to a server
    that speaks HTTP gets a sentence, not OpenSSL's."""
    require_desktop("keyring")
    home = tmp_path / "home"
    bare = f"127.0.0.1:{server.port}"
    result = login(home, bare, account.name)
    assert result.returncode == 0, result.stderr
    assert f"Signed in to http://{bare} as {account.name}." in result.stdout
    assert msgcenter(home, "sync").returncode == 0

    wrong = login(tmp_path / "other", f"https://{bare}", account.name)
    line = one_clear_line(wrong)
    assert f"https://{bare} does not answer in HTTPS" in line and f"http://{bare}" in line
    assert "SSL" not in line and "Max retries" not in line


def test_a_cache_that_is_a_folder_is_one_clear_line(tmp_path, server, account):
    require_desktop("keyring")
    home = tmp_path / "home"
    assert login(home, server.url, account.name).returncode == 0
    cache = paths_for("default", str(home)).cache_file
    cache.mkdir(parents=True)
    (cache / "keep.txt").write_text("mine")
    for command in ("sync", "unread"):
        line = one_clear_line(msgcenter(home, command))
        assert "the cache is a folder" in line and str(cache) in line
    assert (cache / "keep.txt").read_text() == "mine"  # nothing moved, nothing lost


def test_the_window_with_a_cache_that_is_a_folder_says_so(tmp_path, server, account):
    """One line on stderr and a message box; SIGTERM (or OK) ends it with a non-zero status."""
    require_desktop("x11", "keyring")
    home = tmp_path / "home"
    assert login(home, server.url, account.name).returncode == 0
    paths_for("default", str(home)).cache_file.mkdir(parents=True)
    status, err = terminate_once_shown(home, "Message Center")
    assert status == 1, err
    assert "Traceback" not in err
    assert [line for line in err.splitlines() if "the cache is a folder" in line]


def test_no_display_is_said_plainly(tmp_path):
    result = msgcenter(tmp_path / "home", without=("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))
    line = one_clear_line(result)
    assert "no display" in line and "DISPLAY" in line
    assert "xcb" not in result.stderr


HOSTILE_ANSWERS = [
    (
        401,
        {"type": "/problems/unauthorized", "status": 401,
         "detail": "\x1b[2J\x1b]0;owned\x07\x1b[31mno\u202e entry\r\nmsgcenter: fake\x00"},
        "application/problem+json",
    ),
    (201, {"token": "\x1b[31m", "account": "not an object"}, "application/json"),
    (201, b"\x1b[2J<html>not json", "text/html"),
]  # fmt: skip


def test_what_the_server_says_is_printed_clean_on_one_line(tmp_path):
    for status, body, content_type in HOSTILE_ANSWERS:
        payload = body if isinstance(body, bytes) else json.dumps(body).encode()
        hostile = HostileServer().start()
        hostile.script("/v1/auth/token", Answer(status, payload, content_type))
        try:
            result = login(tmp_path / "home", hostile.url, "someone")
        finally:
            hostile.stop()
        line = one_clear_line(result)
        assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c == "\u202e" for c in line), line
        assert result.stdout == ""


def test_an_unexpected_error_is_one_line_and_the_log_has_the_traceback(tmp_path, server, account):
    """Something the code did not foresee (here: a folder where the cache's owner file goes)."""
    require_desktop("keyring")
    home = tmp_path / "home"
    paths = paths_for("default", str(home))
    (paths.data_dir / "cache.owner").mkdir(parents=True)
    result = login(home, server.url, account.name)
    line = one_clear_line(result)
    assert "unexpected error" in line and str(paths.log_file) in line
    log = paths.log_file.read_text()
    assert "Traceback" in log and "IsADirectoryError" in log
    entry = f"{server.url}|{account.name}"
    token = subprocess.run(
        ["secret-tool", "lookup", "service", "msgcenter", "username", entry],
        capture_output=True, text=True,
    ).stdout  # fmt: skip
    assert len(token) > 40 and token not in log


@pytest.fixture
def hostile():
    running = HostileServer().start()
    yield running
    running.stop()


def test_a_long_retry_after_is_said_at_once_not_waited_for(tmp_path, hostile):
    require_desktop("keyring")
    home = tmp_path / "home"
    assert login(home, hostile.url, "someone").returncode == 0
    slow = problem(429, None, "slow")
    slow.headers = {"Retry-After": "99999999999"}
    hostile.script("/v1/changes", slow)
    started = time.monotonic()
    line = one_clear_line(msgcenter(home, "sync"))
    assert time.monotonic() - started < 30
    assert "rate limited" in line and "3600 s" in line and "slow" in line, line
    assert hostile.count("/v1/changes") == 1


def test_server_addresses_that_cannot_work_are_said_plainly(tmp_path, hostile):
    for address, said in (
        ("ftp://example.com", "must start with https:// or http://, not ftp://"),
        ("", "no server address was given"),
        ("https://", "names no host"),
    ):
        line = one_clear_line(login(tmp_path / "home", address, "someone"))
        assert said in line, line
    assert hostile.count("/") == 0


def test_the_apis_own_path_in_the_address_is_dropped(tmp_path, hostile):
    require_desktop("keyring")
    result = login(tmp_path / "home", hostile.url + "/v1/", "someone")
    assert result.returncode == 0, result.stderr
    assert f"Signed in to {hostile.url} as someone." in result.stdout
    assert hostile.requests[-1][1] == "/v1/auth/token"


def test_a_redirect_is_said_at_once_with_where_it_points(tmp_path, hostile):
    moved = Answer(307, b"", headers={"Location": "https://elsewhere.example/steal"})
    hostile.script("/v1/auth/token", moved)
    line = one_clear_line(login(tmp_path / "home", hostile.url, "someone"))
    assert "redirect to https://elsewhere.example/steal" in line, line
    assert hostile.count("/v1/auth/token") == 1
