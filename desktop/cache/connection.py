"""Opening the cache file: creation (mode 0600, WAL), migrations, the integrity check after a
crash, salvaging what can be read of a damaged file, transactions, and the `meta` table.

One :class:`Database` is one connection: each thread opens its own.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop.cache.schema import MIGRATIONS, SCHEMA_VERSION

log = logging.getLogger(__name__)
CHECKPOINT_PAGES = 1000  # SQLite's own default: the log is copied into the file every 4 MB
MANY_WRITES_CHECKPOINT_PAGES = 10_000


class CacheError(Exception):
    """A cache problem, said for people."""


class CacheFull(CacheError):
    pass


class CacheDamaged(CacheError):
    pass


def _is_full(error: sqlite3.Error) -> bool:
    return "full" in str(error).lower()


class Database:
    """One connection to the profile's cache file, migrated to the current schema."""

    def __init__(self, path: Path | str, *, check: bool = True) -> None:
        """`check`: run the integrity check if the last session did not close cleanly."""
        self.path = Path(path)
        self.connection = _connect(self.path, check)
        self._group: WriteGroup | None = None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT; a full disk raises :class:`CacheFull`, nothing half-written.
        Within `grouped_writes()`, part of the group's transaction instead, committed with it."""
        if self._group is not None:
            with self._group.joined() as db:
                yield db
            return
        self._begin()
        with self._undone_on_error():
            yield self.connection
            self.connection.execute("COMMIT")

    @contextlib.contextmanager
    def grouped_writes(self) -> Iterator[WriteGroup]:
        """The transactions inside are one, committed when the group's owner says and at the
        end; an error that leaves it undoes what is not committed yet."""
        self._group = group = WriteGroup(self)
        try:
            yield group
            group.commit()
        finally:
            self._group = None
            group.rollback()  # nothing left to undo when committed

    def _begin(self) -> None:
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise CacheError(f"the cache is busy or unwritable: {error}") from error

    @contextlib.contextmanager
    def _undone_on_error(self) -> Iterator[None]:
        """An error rolls the open transaction back; a full disk is raised as CacheFull."""
        try:
            yield
        except BaseException as error:
            with contextlib.suppress(sqlite3.Error):
                self.connection.execute("ROLLBACK")
            if isinstance(error, sqlite3.OperationalError) and _is_full(error):
                raise CacheFull("the disk is full: the change was not saved") from error
            raise

    def get_meta(self, key: str) -> str | None:
        row = self.connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str | None, db: sqlite3.Connection | None = None) -> None:
        """`db`: within that transaction; else on its own."""
        target = db or self.connection
        if value is None:
            target.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            target.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    @contextlib.contextmanager
    def many_writes(self) -> Iterator[None]:
        """Around a catch-up: the write-ahead log is copied into the file every 40 MB instead of
        every 4 MB, and once at the end. A first sync rewrites the same index pages page after
        page; copied ten times less often, 100,000 messages land a quarter sooner."""
        self.connection.execute(f"PRAGMA wal_autocheckpoint={MANY_WRITES_CHECKPOINT_PAGES}")
        try:
            yield
        finally:
            with contextlib.suppress(sqlite3.Error):
                self.connection.execute(f"PRAGMA wal_autocheckpoint={CHECKPOINT_PAGES}")
                self.connection.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def shrink_memory(self) -> None:
        """Hand back the page cache this connection holds (read again from disk when needed):
        after a large sync, an app that then sits in the tray keeps none of it."""
        with contextlib.suppress(sqlite3.Error):
            self.connection.execute("PRAGMA shrink_memory")

    def close(self) -> None:
        """A clean close: the next start skips the integrity check."""
        with contextlib.suppress(sqlite3.Error):
            self.connection.execute("UPDATE meta SET value = '0' WHERE key = 'open'")
        self.connection.close()


class WriteGroup:
    """One transaction that the `Database.transaction()` blocks inside `grouped_writes()` join,
    from the first one's BEGIN to `commit()`. A first sync commits its pages about twice a
    second instead of each one: the index pages they share are written once per group."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._began: float | None = None  # monotonic time of the open transaction's BEGIN

    @property
    def age(self) -> float:
        """Seconds since the open transaction began; 0 when none is open."""
        return 0.0 if self._began is None else time.monotonic() - self._began

    @property
    def is_open(self) -> bool:
        """Something was written since the last commit (and not undone)."""
        return self._began is not None

    @contextlib.contextmanager
    def joined(self) -> Iterator[sqlite3.Connection]:
        if self._began is None:
            self._database._begin()
            self._began = time.monotonic()
        try:
            with self._database._undone_on_error():  # one block failing undoes the group
                yield self._database.connection
        except BaseException:
            self._began = None
            raise

    def commit(self) -> None:
        """Commit what the group holds; nothing to do when no transaction is open."""
        if self._began is not None:
            self._began = None
            with self._database._undone_on_error():
                self._database.connection.execute("COMMIT")

    def rollback(self) -> None:
        if self._began is not None:
            self._began = None
            with contextlib.suppress(sqlite3.Error):
                self._database.connection.execute("ROLLBACK")


def _connect(path: Path, check: bool) -> sqlite3.Connection:
    if path.exists() and not path.is_file():
        # Not damage to repair: something the user put there, which is not ours to move.
        raise CacheError(f"the cache is a folder, not a file: move {path} away")
    new = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if new:
        # Created 0600 before SQLite touches it, so there is no moment it is readable by others.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    connection.row_factory = sqlite3.Row
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA temp_store=MEMORY")
        connection.execute("PRAGMA foreign_keys=ON")
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        if check and not new and _crashed_last_time(connection, version):
            result = connection.execute("PRAGMA quick_check").fetchone()[0]
            if result != "ok":
                raise CacheDamaged(f"the cache failed its integrity check: {result}")
        _migrate(connection, version)
    except sqlite3.DatabaseError as error:
        connection.close()
        if isinstance(error, sqlite3.OperationalError) and _is_full(error):
            raise CacheFull("the disk is full: the cache cannot be opened") from error
        raise CacheDamaged(f"the cache file is damaged: {error}") from error
    except CacheDamaged:
        connection.close()
        raise
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.chmod(str(path) + suffix, 0o600)
    return connection


def _crashed_last_time(connection: sqlite3.Connection, version: int) -> bool:
    """Integrity is checked only after an unclean exit: a full check costs time at start."""
    if version == 0:
        return False
    row = connection.execute("SELECT value FROM meta WHERE key = 'open'").fetchone()
    return row is not None and row[0] == "1"


def _migrate(connection: sqlite3.Connection, version: int) -> None:
    if version > SCHEMA_VERSION:
        raise CacheDamaged(f"the cache is from a newer Message Center (schema {version})")
    for step in range(version + 1, SCHEMA_VERSION + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in MIGRATIONS[step]:
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {step}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    connection.execute(
        "INSERT INTO meta (key, value) VALUES ('open', '1') "
        "ON CONFLICT (key) DO UPDATE SET value = '1'"
    )


class Salvaged:
    """What could still be read of a damaged cache: what the user did, and what was announced.
    (Not a dataclass: see desktop.cache.rows.)"""

    __slots__ = ("announced", "meta", "outbox")

    def __init__(self) -> None:
        self.outbox: list[dict[str, Any]] = []  # rows, column by column
        self.announced: list[tuple[str, int]] = []
        self.meta: dict[str, str] = {}


def open_or_rebuild(
    path: Path | str, keep_meta: tuple[str, ...]
) -> tuple[Database, Salvaged | None]:
    """Open the cache; a damaged one is moved aside and started anew. Returns the database and,
    when it was rebuilt, what was salvaged of the old one (the caller writes it back)."""
    path = Path(path)
    try:
        return Database(path), None
    except CacheDamaged as damage:
        aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        salvaged = salvage(path, keep_meta)
        for suffix in ("", "-wal", "-shm"):
            source = Path(str(path) + suffix)
            if source.exists():
                shutil.move(source, Path(str(aside) + suffix))
        log.warning("cache damaged (%s); moved to %s and rebuilt", damage, aside.name)
        return Database(path), salvaged


def salvage(path: Path, keep_meta: tuple[str, ...]) -> Salvaged:
    """Whatever of the outbox, the announced record and the `keep_meta` keys can still be read
    from a damaged file; each part on its own, so one damaged table does not lose the others."""
    found = Salvaged()
    try:
        damaged = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        damaged.row_factory = sqlite3.Row
    except sqlite3.Error:
        return found
    with contextlib.closing(damaged):
        with contextlib.suppress(sqlite3.Error):
            found.outbox = [dict(r) for r in damaged.execute("SELECT * FROM outbox ORDER BY id")]
        with contextlib.suppress(sqlite3.Error):
            found.announced = [
                (r[0], r[1]) for r in damaged.execute("SELECT id, announced_ms FROM announced")
            ]
        for key in keep_meta:
            with contextlib.suppress(sqlite3.Error):
                row = damaged.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
                if row is not None:
                    found.meta[key] = row[0]
    return found
