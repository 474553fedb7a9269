"""Real parts for tests: the reference server as a subprocess on a loopback port, and helpers.

The server's database is a SQLite file, or, when MSGCENTER_TEST_DB names a PostgreSQL cluster
(scripts/postgres-cluster.sh sets it), a PostgreSQL database of its own per database path (the
suite's second pass in CI). `tests/conftest.py` drops those databases at the end of each module.
"""

from __future__ import annotations

import glob
import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import deque
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa

ADMIN_TOKEN = "test-admin-token"
# A PostgreSQL URL (its maintenance database): the tests' databases are made in that cluster.
POSTGRES = os.environ.get("MSGCENTER_TEST_DB", "")
BACKEND = "postgresql" if POSTGRES else "sqlite"
_made_databases: list[str] = []


def database_for(path: Path) -> str:
    """What `--db` to give a server for this test database path: the SQLite file itself, or the
    URL of a PostgreSQL database named after the path (made when missing, so that a server
    started again on the same path finds its data)."""
    if not POSTGRES:
        return str(path)
    name = "mc_" + hashlib.sha256(str(path).encode()).hexdigest()[:20]
    with _cluster() as conn:
        exists = sa.text("SELECT 1 FROM pg_database WHERE datname = :name")
        if conn.execute(exists, {"name": name}).first():
            return _url_of(name)
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    _made_databases.append(name)
    return _url_of(name)


def drop_made_databases() -> None:
    """Drop the PostgreSQL databases made since the last call (a module's), servers or not."""
    with _cluster() as conn:
        while _made_databases:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{_made_databases.pop()}" WITH (FORCE)')


def _cluster() -> sa.Connection:
    engine = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    return engine.connect()


def _url_of(name: str) -> str:
    return sa.make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)


def stored_bytes(path: Path) -> bytes:
    """Everything the server stored for this test database path: the SQLite file and its
    companions, or a `pg_dump` of the PostgreSQL database."""
    if not POSTGRES:
        return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    folder = (
        os.environ.get("MSGCENTER_TEST_PG_BIN")
        or sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
    )
    url = sa.make_url(database_for(path)).set(drivername="postgresql")
    dump = subprocess.run(
        [os.path.join(folder, "pg_dump"), "--dbname", url.render_as_string(False)],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return dump.stdout


class ServerProcess:
    """`msgcenter-server serve` on a free loopback port with its own database (`database_for`).

    The admin token goes in through the environment (not the command line, where `ps` shows it).
    The server's output is read all along (a full pipe would stall the server) and kept:
    `output()` returns it, so that a test can show the server logged no traceback.
    """

    def __init__(self, db: Path, *extra: str, database: str | None = None) -> None:
        """`database`: a `--db` to use instead of the one `database_for(db)` gives."""
        self.db = db
        self.database = database or database_for(db)
        self.extra = extra
        self.process: subprocess.Popen[str] | None = None
        self.url = ""
        self._lines: deque[str] = deque(maxlen=5000)
        self._drainer: threading.Thread | None = None

    def start(self, port: int = 0) -> ServerProcess:
        return self.launch(port).wait_started()

    def launch(self, port: int = 0) -> ServerProcess:
        """Start the process and return at once (`wait_started` reads its address)."""
        command = [
            sys.executable,
            "-m",
            "msgcenter.server",
            "serve",
            "--port",
            str(port),
            "--db",
            self.database,
            *self.extra,
        ]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "MSGCENTER_ADMIN_TOKEN": ADMIN_TOKEN},
        )
        return self

    def wait_started(self) -> ServerProcess:
        """Wait for "listening on"; RuntimeError with the server's output if it exits first."""
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.append(line)
            if "listening on" in line:
                break
        else:
            self.process.wait()
            raise RuntimeError("server did not start: " + "".join(self._lines))
        self.url = line.rsplit(" ", 1)[1].strip()
        self._drainer = threading.Thread(target=self._drain, name="server-output", daemon=True)
        self._drainer.start()
        return self

    def _drain(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:  # until the server exits
            self._lines.append(line)

    def stored_bytes(self) -> bytes:
        """Everything this server has stored (to show that a secret is not there in clear)."""
        return stored_bytes(self.db)

    def output(self) -> str:
        """What the server has printed so far (stdout and stderr)."""
        return "".join(self._lines)

    def rss_kib(self, peak: bool = False) -> int:
        """The server's resident memory now, or its peak so far (Linux /proc), in KiB."""
        assert self.process is not None
        field = "VmHWM:" if peak else "VmRSS:"
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return next(int(line.split()[1]) for line in status.splitlines() if line.startswith(field))

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._drainer is not None:
            self._drainer.join(timeout=10)
        if self.process and self.process.stdout:
            self.process.stdout.close()

    def admin(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return requests.request(
            method,
            self.url + path,
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
            timeout=30,
            **kwargs,
        )

    def create_account(self, name: str | None = None, password: str = "secret") -> ApiSession:
        name = name or "user-" + uuid.uuid4().hex[:8]
        reply = self.admin("POST", "/v1/admin/accounts", json={"name": name, "password": password})
        assert reply.status_code == 201, reply.text
        return ApiSession.sign_in(self.url, name, password)

    def publish(
        self,
        account: str,
        category: str = "fault",
        type_id: str = "fault.incident",
        title: str = "故障通知",
        body: str = "details",
    ) -> dict[str, Any]:
        reply = self.admin(
            "POST",
            "/v1/admin/messages",
            json={
                "account": account,
                "category": category,
                "type": type_id,
                "title": title,
                "body": body,
            },
        )
        assert reply.status_code == 201, reply.text
        return reply.json()


class ApiSession(requests.Session):
    """A signed-in session: paths are relative to the server, the token rides in a header."""

    def __init__(self, base_url: str, token: str, name: str) -> None:
        super().__init__()
        self.base_url = base_url
        self.token = token
        self.name = name
        self.headers["Authorization"] = f"Bearer {token}"

    @classmethod
    def sign_in(cls, base_url: str, name: str, password: str) -> ApiSession:
        reply = requests.post(
            base_url + "/v1/auth/token", json={"username": name, "password": password}, timeout=30
        )
        assert reply.status_code == 201, reply.text
        return cls(base_url, reply.json()["token"], name)

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any):
        kwargs.setdefault("timeout", 30)
        return super().request(method, self.base_url + str(url), *args, **kwargs)


class Recorder:
    """A sync listener that records what the engine said, for tests to wait on."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple]] = []
        self._changed = threading.Condition()

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)

        def record(*args: Any) -> None:
            with self._changed:
                self.calls.append((name, args))
                self._changed.notify_all()

        return record

    def of(self, name: str) -> list[tuple]:
        with self._changed:
            return [args for call, args in self.calls if call == name]

    def wait_for(self, predicate, timeout: float = 15.0) -> bool:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._changed.wait(remaining)
            return True


def wait_until(predicate, timeout: float = 15.0, interval: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def desktop_parts() -> set[str]:
    """What scripts/desktop-session.sh started (x11, tray, notify, keyring)."""
    return set(os.environ.get("MSGCENTER_TEST_DESKTOP", "").split())


def require_desktop(*parts: str) -> None:
    """Fail (never skip) when the headless desktop part a test needs is missing."""
    missing = set(parts) - desktop_parts()
    if missing:
        pytest.fail(
            f"this test needs the headless desktop ({', '.join(sorted(missing))} missing): "
            "run it through scripts/desktop-session.sh --tray --notify --keyring"
        )
