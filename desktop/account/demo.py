"""`msgcenter --demo`: the reference server in a child process, with the demo account.

The window does not wait for it: the server starts beside the app (`msgcenter-server demo`, on
the port the profile's last demo used, so the account and its keyring entry stay the same), the
window paints from the cache, and the app signs in and syncs once the server answers. The
server's modules never enter the app's process (the packaged client does not ship them), and it
stops when its standard input closes, which the app's end does however the app ends.

The server prints each SMS and mail it "sends" (`sent by sms to …: …`); the verification codes
among them are what the settings dialog shows in the demo.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from desktop.account.profile import Account
from desktop.account.session import Session
from desktop.i18n.safe_text import one_line
from desktop.platform.paths import Paths

DEMO_USER = "demo"
DEMO_PASSWORD = "demo"
LOG_LIMIT = 1 << 20
START_SECONDS = 60.0  # a loaded machine seeding a new database: still well inside this
CODE_SECONDS = 3.0  # the server says what it sent within 0.2 s; a loaded machine, more
_LINE_LIMIT = 2000
_LISTENING = re.compile(r"listening on (http://127\.0\.0\.1:[0-9]{1,5})$")
_SENT = re.compile(r"^sent by (sms|email) to (\S{1,200}): .*verification code is ([0-9]{6})\b")
_running: Demo | None = None  # the demo of this process, when --demo was given


class DemoFailed(RuntimeError):
    """The demo's server did not start; the message says why and where its log is."""


class Demo:
    """The child process serving the demo, and what it said: where it listens, what it sent."""

    def __init__(self, database: str, port: int, log_path: str) -> None:
        self.database, self.port, self.log_path = database, port, Path(log_path)
        self.url: str | None = None
        self._said = threading.Condition()
        self._codes: dict[tuple[str, str], str] = {}
        self._sent = 0  # verification codes said so far
        self._ended = False
        _keep_log_short(self.log_path)
        command = [
            sys.executable, "-m", "msgcenter.server", "demo", "--db", self.database,
            "--host", "127.0.0.1", "--port", str(self.port),
            "--first-message-after", "8", "--stop-with-stdin",
        ]  # fmt: skip
        # Not the user's admin token, if they have one: the demo's admin API stays shut.
        env = {k: v for k, v in os.environ.items() if k != "MSGCENTER_ADMIN_TOKEN"}
        with open(self.log_path, "ab") as log:  # the child keeps its own descriptor
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                env={**env, "PYTHONUNBUFFERED": "1"},
            )
        assert self.process.stdout is not None
        self._listener = threading.Thread(
            target=self._listen, args=(self.process.stdout,), name="demo-server", daemon=True
        )
        self._listener.start()

    def _listen(self, stream: IO[bytes]) -> None:
        """Read what the server says until it ends. Lines are bounded (it is still another
        process): the rest of a longer one is skipped, never read as a line of its own."""
        try:
            at_line_start = True
            for raw in iter(lambda: stream.readline(_LINE_LIMIT), b""):
                if at_line_start:
                    self._take(raw.decode("utf-8", "replace").strip())
                at_line_start = raw.endswith(b"\n")
        finally:
            with self._said:
                self._ended = True
                self._said.notify_all()

    def _take(self, line: str) -> None:
        with self._said:
            if listening := _LISTENING.search(line):
                self.url = listening.group(1)
            elif sent := _SENT.match(line):
                self._codes[(sent.group(1), sent.group(2))] = sent.group(3)
                self._sent += 1
            self._said.notify_all()

    def wait_until_serving(self, timeout: float = START_SECONDS) -> str:
        """The server's URL once it answers; DemoFailed if it ends first or is not up in time.
        Blocks: call it off the GUI thread."""
        with self._said:
            self._said.wait_for(lambda: self.url is not None or self._ended, timeout)
            url = self.url
        if url is None:
            self.shutdown()
            said = _last_line(self.log_path)
            raise DemoFailed(
                f"the demo's server did not start ({said or 'it said nothing'}); "
                f"its log is {self.log_path}"
            )
        return url

    def sign_in(self, session: Session) -> Account:
        """Wait for the server, then sign in as the demo account. Blocks (off the GUI thread)."""
        session.sign_in(self.wait_until_serving(), DEMO_USER, DEMO_PASSWORD).close()
        assert session.account is not None
        return session.account

    @contextlib.contextmanager
    def sending_code(self) -> Iterator[None]:
        """Around a call that asks for a verification code: afterwards, wait (a little) until
        the server has said the code it sent."""
        with self._said:
            before = self._sent
        yield
        with self._said:
            self._said.wait_for(lambda: self._sent > before or self._ended, CODE_SECONDS)

    def code_sent(self, channel: str, address: str) -> str | None:
        """The last verification code "sent" to `address` by "mobile" or "email"."""
        with self._said:
            return self._codes.get(("sms" if channel == "mobile" else "email", address))

    def shutdown(self) -> None:
        """Stop the server: its standard input closes and it ends gracefully (killed if not).
        A sign-in still waiting for it then fails at once."""
        global _running
        if _running is self:
            _running = None
        if self.process.stdin is not None and not self.process.stdin.closed:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._listener.join(timeout=5)  # it reads to the end, which has come
        if not self._listener.is_alive() and self.process.stdout is not None:
            self.process.stdout.close()
        with self._said:
            self._ended = True
            self._said.notify_all()


def _keep_log_short(path: Path) -> None:
    """The server's log appends across demos: past 1 MiB it starts again (the last one kept)."""
    with contextlib.suppress(OSError):
        if path.stat().st_size > LOG_LIMIT:
            path.replace(path.with_name(path.name + ".1"))


def _last_line(path: Path) -> str:
    """The last line of the server's log (what it said before it ended), shortened."""
    try:
        with open(path, "rb") as log:
            log.seek(max(0, log.seek(0, os.SEEK_END) - 4096))
            lines = log.read().decode("utf-8", "replace").strip().splitlines()
    except OSError:
        return ""
    return one_line(lines[-1])[:300] if lines else ""


def code_sent(channel: str, address: str) -> str | None:
    """The code the demo of this process just "sent", or None (no demo runs)."""
    return _running.code_sent(channel, address) if _running is not None else None


def sending_code() -> contextlib.AbstractContextManager[None]:
    """Around a verification call: with a demo running, what its server sent is known after."""
    return _running.sending_code() if _running is not None else contextlib.nullcontext()


def start_demo(paths: Paths, account: Account | None) -> Demo:
    """Start the demo's server, on the port of the profile's last demo when there was one.
    Returns at once: :meth:`Demo.sign_in` waits for it."""
    if not all(importlib.util.find_spec(name) for name in ("msgcenter.server", "uvicorn")):
        raise RuntimeError('the demo needs the reference server: pip install -e ".[server]"')
    global _running
    _running = Demo(
        str(paths.data_dir / "demo-server.db"),
        _last_port(account),
        str(paths.log_dir / "demo-server.log"),
    )
    return _running


def _last_port(account: Account | None) -> int:
    """The loopback port of the profile's last demo while it is free, else 0 (any free port)."""
    if account is None or account.username != DEMO_USER:
        return 0
    parts = urlsplit(account.server)
    port = (parts.port or 0) if parts.hostname == "127.0.0.1" else 0
    if port:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:  # taken since: the account is signed in again on another port
                return 0
    return port
