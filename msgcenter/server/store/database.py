"""The database under every aggregate: engines for SQLite and PostgreSQL, read and write
transactions, the change log's sequence numbers, and the retry of a transaction that lost a race.

Every account-scoped write locks the account's row first (`SELECT ... FOR UPDATE`; on SQLite the
whole write is `BEGIN IMMEDIATE`), before it reads anything: a precondition and the write it
guards are one atomic step, the account's sequence numbers are committed in order, and no two
writers can deadlock. Reads that span several statements run in one snapshot.
"""

from __future__ import annotations

import fcntl
import functools
import os
import random
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from msgcenter.server import schema
from msgcenter.server.store.tables import accounts, changelog
from msgcenter.server.timefmt import now_ms

# pg_notify's channel: "<account id> <last seq>" after each committed change.
CHANGES_CHANNEL = "msgcenter_changes"
WRITE_ATTEMPTS = 8

P = ParamSpec("P")
R = TypeVar("R")


def database_url(db: str) -> sa.URL:
    """A PostgreSQL URL (postgresql://, postgres:// or postgresql+psycopg://), or a SQLite file
    path; ValueError for anything else."""
    if "://" not in db:
        return sa.URL.create("sqlite", database=os.path.abspath(db))
    url = sa.make_url(db)
    if url.get_backend_name() == "postgresql" or url.drivername == "postgres":
        return url.set(drivername="postgresql+psycopg")
    raise ValueError(f"not a PostgreSQL URL nor a SQLite file: {url.drivername}://...")


def engine_for(db: str, pool_size: int = 20, max_overflow: int = 20) -> sa.Engine:
    """An engine for a SQLite file path, or for a PostgreSQL URL ("postgresql://..."), with a
    pool of `pool_size` connections kept and `max_overflow` more made when busy."""
    url = database_url(db)
    if url.get_backend_name() == "postgresql":
        return sa.create_engine(
            url,
            pool_pre_ping=True,
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_timeout=30,
            connect_args={"connect_timeout": 10},
        )
    assert url.database is not None
    _owner_only(url.database)
    engine = sa.create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 30},
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_use_lifo=True,  # the warmest connection (page cache) first
    )
    sa.event.listen(engine, "connect", _on_sqlite_connect)
    sa.event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let the begin event below decide how transactions start.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Reads through a memory map share the OS page cache across the pool's connections.
    cursor.execute("PRAGMA mmap_size=268435456")
    cursor.close()


def _on_sqlite_begin(connection: sa.Connection) -> None:
    immediate = connection.get_execution_options().get("write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _owner_only(path: str) -> None:
    """The database file readable by its user alone (0600), made so before SQLite opens it:
    SQLite gives the -wal and -shm files the mode of the database file."""
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    for name in (path, path + "-wal", path + "-shm"):
        try:
            if stat.S_IMODE(os.stat(name).st_mode) & 0o077:
                os.chmod(name, 0o600)
        except FileNotFoundError:
            pass


def _transient(error: sa.exc.DBAPIError) -> bool:
    """A failure that running the transaction again resolves: a lost race on a unique key (the
    rerun's checks see the winner), a deadlock, a serialization failure, a busy SQLite file."""
    if isinstance(error, sa.exc.IntegrityError):
        code = getattr(error.orig, "sqlstate", None)
        return code == "23505" or "UNIQUE constraint failed" in str(error.orig)
    code = getattr(error.orig, "sqlstate", None)
    return code in ("40001", "40P01") or "database is locked" in str(error.orig)


def retried(method: Callable[P, R]) -> Callable[P, R]:
    """Run a store method again (at most WRITE_ATTEMPTS times, after a short random pause) when
    its transaction failed for a transient reason; every other error goes through. Its checks
    then see the winner of the race and give the contract's answer (409, 200, 412), not a 500."""

    @functools.wraps(method)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                return method(*args, **kwargs)
            except sa.exc.DBAPIError as error:
                if attempt == WRITE_ATTEMPTS or not _transient(error):
                    raise
            time.sleep(random.uniform(0, 0.002 * 2**attempt))
        raise AssertionError("unreachable")

    return run


def upsert(
    conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]], keys: list[str]
) -> None:
    """INSERT ... ON CONFLICT DO UPDATE, for SQLite and PostgreSQL alike."""
    statement = _dialect(conn).insert(table)
    updated = {c: statement.excluded[c] for c in rows[0] if c not in keys}
    conn.execute(statement.on_conflict_do_update(index_elements=keys, set_=updated), rows)


def insert_if_absent(
    conn: sa.Connection, table: sa.Table, row: dict[str, Any], returning: sa.Column[Any]
) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING; whether the row went in."""
    statement = _dialect(conn).insert(table).values(**row).on_conflict_do_nothing()
    return conn.execute(statement.returning(returning)).first() is not None


def failure_wait(
    conn: sa.Connection, table: sa.Table, key: dict[str, str], limit: int, window_ms: int, now: int
) -> int | None:
    """Seconds until fewer than `limit` rows matching `key` lie within the window, or None.

    For the limits counted in the database, so that every server process keeps the same ones."""
    recent = (
        conn.execute(
            sa.select(table.c.created_ms)
            .where(*(table.c[name] == value for name, value in key.items()))
            .where(table.c.created_ms > now - window_ms)
            .order_by(table.c.created_ms.desc())
            .limit(limit)
        )
        .scalars()
        .all()
    )
    if len(recent) < limit:
        return None
    return int((recent[-1] + window_ms - now) // 1000 + 1)


def _dialect(conn: sa.Connection) -> Any:
    return postgresql if conn.dialect.name == "postgresql" else sqlite


class Writer:
    """One write transaction; `touch` gives entities new sequence numbers in its changelog."""

    def __init__(self, conn: sa.Connection, account_id: str | None) -> None:
        self.conn = conn
        self.account_id = account_id
        self.last_seq = 0

    def touch(self, kind: str, ids: list[str], deleted: bool = False, fresh: bool = False) -> None:
        """New sequence numbers for these entities, in order; `fresh`: they have no row yet."""
        ids = list(dict.fromkeys(ids))
        if not ids:
            return
        assert self.account_id is not None
        last: int = self.conn.execute(
            accounts.update()
            .where(accounts.c.id == self.account_id)
            .values(last_seq=accounts.c.last_seq + len(ids))
            .returning(accounts.c.last_seq)
        ).scalar_one()
        first = last - len(ids) + 1
        deleted_ms = now_ms() if deleted else None
        rows = [
            dict(
                account_id=self.account_id,
                kind=kind,
                id=entity_id,
                seq=first + n,
                deleted_ms=deleted_ms,
            )
            for n, entity_id in enumerate(ids)
        ]
        if fresh:
            self.conn.execute(changelog.insert(), rows)
        else:
            upsert(self.conn, changelog, rows, ["account_id", "kind", "id"])
        self.last_seq = last


class Database:
    """The engine, and the transactions every aggregate runs in. Thread-safe: every call runs
    in its own transaction. Committed changes are announced through `on_change(account_id,
    last_seq)`, and on PostgreSQL by `pg_notify` in the same transaction, for the other server
    processes (see ../fanout.py)."""

    def __init__(
        self,
        engine: sa.Engine,
        on_change: Callable[[str, int], None] | None = None,
        upgrade_schema: bool = False,
        sole_server: bool = False,
    ) -> None:
        """Makes the schema on an empty database (upgrades it when `upgrade_schema`); raises
        schema.SchemaError when the database's schema is behind. With `sole_server`, claims the
        database first (see claim_sole_server), so that servers started together on an empty
        SQLite file do not race to make its schema."""
        self.engine = engine
        self.on_change = on_change or (lambda account_id, seq: None)
        self.shared = engine.dialect.name == "postgresql"  # several servers may share it
        self._sole_server_lock: int | None = None
        if sole_server:
            self.claim_sole_server()
        try:
            schema.prepare(engine, upgrade=upgrade_schema)
        except BaseException:
            self._release_sole_server()
            raise

    def claim_sole_server(self) -> None:
        """SQLite is for one server process: a second one on the same file (whose clients would
        never hear of the first one's changes) stops here with a clear message. The lock is the
        OS's, so it goes with the process, however that ends."""
        if self.shared or self._sole_server_lock is not None:
            return
        path = self.engine.url.database
        assert path is not None
        fd = os.open(path + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OSError(
                f"another server is serving {path}: SQLite serves one server process at a time; "
                "use PostgreSQL for several (README: Running for many users)"
            ) from None
        self._sole_server_lock = fd

    def close(self) -> None:
        self.engine.dispose()
        self._release_sole_server()

    def _release_sole_server(self) -> None:
        if self._sole_server_lock is not None:
            os.close(self._sole_server_lock)
            self._sole_server_lock = None

    def ping(self) -> None:
        """Raises unless the database answers."""
        with self.engine.connect() as conn:
            conn.execute(sa.select(1))

    def analyze(self) -> None:
        """Fresh planner statistics (after a bulk load, before autovacuum would get to it)."""
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")

    @contextmanager
    def read(self) -> Iterator[sa.Connection]:
        """A read-only transaction in one snapshot (SQLite's deferred transactions are one)."""
        conn = self.engine.connect()
        if self.shared:
            conn = conn.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        with conn, conn.begin():
            yield conn

    @contextmanager
    def write(self, account_id: str | None = None) -> Iterator[Writer]:
        """A write transaction, holding the account's lock from its start when there is one; on
        commit, listeners hear of the account's new last sequence."""
        writer = None
        with self.engine.connect().execution_options(write=True) as conn, conn.begin():
            if account_id is not None:
                conn.execute(
                    sa.select(accounts.c.id).where(accounts.c.id == account_id).with_for_update()
                )
            writer = Writer(conn, account_id)
            yield writer
            if self.shared and writer.account_id and writer.last_seq:
                message = f"{writer.account_id} {writer.last_seq}"
                conn.execute(sa.select(sa.func.pg_notify(CHANGES_CHANNEL, message)))
        if writer is not None and writer.account_id and writer.last_seq:
            self.on_change(writer.account_id, writer.last_seq)
