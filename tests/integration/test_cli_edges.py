"""The command line and the app at their edges, each run as its own process: one clear line on
stderr, the right exit status, never a traceback, and nothing lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from desktop.paths import paths_for
from tests.desktop import x_windows
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


class HostileServer:
    """Answers every request with what the test sets: the server's words reach the terminal
    only through the sanitiser."""

    def __init__(self, status: int, body: bytes, content_type: str) -> None:
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


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
        hostile = HostileServer(status, payload, content_type)
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
