"""The server's storage: SQLAlchemy Core over SQLite (WAL, one host) or PostgreSQL (any number
of server processes on one database).

U+0000 is never stored (PostgreSQL's text cannot hold it), alike on both: names refuse control
characters already, a message's title or body with it gets 422, a device label has it replaced,
and a name looked up or a search with it finds nothing, without asking the database.

Every entity an account owns (message, setting, contact, group) has one row in `changelog` holding
the sequence number of its last change; a deletion turns that row into a tombstone. The change
feed is one indexed range scan of `changelog`, and an entity's ETag is its sequence number.

Correct under concurrency by construction:
- Every account-scoped write locks the account's row first (`SELECT ... FOR UPDATE`; on SQLite
  the whole write is `BEGIN IMMEDIATE`), before it reads anything. So a precondition (If-Match, a
  limit, a unique name) and the write it guards are one atomic step, the account's sequence
  numbers are committed in order (a reader never sees seq n+1 without n), and no two writers can
  deadlock: each takes its account first, and no write takes two accounts.
- Reads that span several statements run in one snapshot (REPEATABLE READ on PostgreSQL).
- A write that still loses a race (two new accounts of one name: a unique violation) or meets a
  deadlock or serialization failure is run again from the start (`retried`), where its checks
  now see the winner and give the contract's answer (409, 200, 412) instead of a 500.
Committed changes are announced through `on_change(account_id, last_seq)`, and on PostgreSQL by
`pg_notify` in the same transaction, for the other server processes (see fanout.py).
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import os
import random
import stat
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from msgcenter import catalog, rules
from msgcenter.server import schema, security
from msgcenter.server.errors import (
    WRONG_CODE,
    BadRequest,
    Conflict,
    CursorExpired,
    LimitExceeded,
    Locked,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    RateLimited,
    Unauthorized,
    Validation,
)
from msgcenter.server.timefmt import format_ms, now_ms

metadata = sa.MetaData()

accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(64), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("last_seq", sa.BigInteger, nullable=False, default=0),
    # Highest sequence number of a purged tombstone: a cursor below it has missed a deletion.
    sa.Column("purged_seq", sa.BigInteger, nullable=False, default=0),
    sa.Column("account_contact_id", sa.String(64), nullable=False),
    sa.Column("primary_contact_id", sa.String(64), nullable=False),
    sa.Column("created_ms", sa.BigInteger, nullable=False),
)

tokens = sa.Table(
    "tokens",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("account_id", sa.String(36), nullable=False, index=True),
    sa.Column("device", sa.String(200)),
    sa.Column("created_ms", sa.BigInteger, nullable=False),
    # Added in v1.1 (see `_add_missing_columns`); a token unused for the idle period expires.
    sa.Column("last_used_ms", sa.BigInteger),
)

messages = sa.Table(
    "messages",
    metadata,
    sa.Column("account_id", sa.String(36), primary_key=True),
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("category", sa.String(16), nullable=False),
    sa.Column("type", sa.String(64), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_ms", sa.BigInteger, nullable=False),
    sa.Column("read", sa.Boolean, nullable=False, default=False),
    sa.Index("messages_by_time", "account_id", "created_ms", "id"),
    sa.Index("messages_by_category", "account_id", "category", "created_ms", "id"),
    sa.Index("messages_unread", "account_id", "read", "category"),
)

settings = sa.Table(
    "settings",
    metadata,
    sa.Column("account_id", sa.String(36), primary_key=True),
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("email", sa.Boolean, nullable=False),
    sa.Column("sms", sa.Boolean, nullable=False),
    sa.Column("contacts", sa.Text, nullable=False),  # JSON list of contact ids
    sa.Column("groups", sa.Text, nullable=False),  # JSON list of group ids
)

contacts = sa.Table(
    "contacts",
    metadata,
    sa.Column("account_id", sa.String(36), primary_key=True),
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("mobile", sa.String(32)),
    sa.Column("email", sa.String(320)),
    sa.Column("mobile_verified", sa.Boolean, nullable=False, default=False),
    sa.Column("email_verified", sa.Boolean, nullable=False, default=False),
    sa.Column("is_account", sa.Boolean, nullable=False, default=False),
    sa.Column("created_ms", sa.BigInteger, nullable=False),
)

groups = sa.Table(
    "groups",
    metadata,
    sa.Column("account_id", sa.String(36), primary_key=True),
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("members", sa.Text, nullable=False),  # JSON list of contact ids
    sa.Column("created_ms", sa.BigInteger, nullable=False),
    sa.UniqueConstraint("account_id", "name"),
)

changelog = sa.Table(
    "changelog",
    metadata,
    sa.Column("account_id", sa.String(36), primary_key=True),
    sa.Column("kind", sa.String(8), primary_key=True),
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("deleted_ms", sa.BigInteger),  # set: a tombstone
    sa.Index("changelog_by_seq", "account_id", "seq"),
)

idempotency = sa.Table(
    "idempotency",
    metadata,
    sa.Column("account_id", sa.String(36), primary_key=True),
    sa.Column("key", sa.String(255), primary_key=True),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("headers", sa.Text, nullable=False),
    sa.Column("body", sa.LargeBinary, nullable=False),
    sa.Column("created_ms", sa.BigInteger, nullable=False),
)

deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("account_id", sa.String(36), nullable=False, index=True),
    sa.Column("channel", sa.String(8), nullable=False),
    sa.Column("to", sa.String(320), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("created_ms", sa.BigInteger, nullable=False),
)

verifications = sa.Table(
    "verifications",
    metadata,
    sa.Column("account_id", sa.String(36), primary_key=True),
    sa.Column("contact_id", sa.String(64), primary_key=True),
    sa.Column("channel", sa.String(8), primary_key=True),
    sa.Column("code_hash", sa.String(64), nullable=False),
    sa.Column("sent_to", sa.String(320), nullable=False),
    sa.Column("expires_ms", sa.BigInteger, nullable=False),
    sa.Column("failures", sa.Integer, nullable=False, default=0),
    sa.Column("blocked_until_ms", sa.BigInteger, nullable=False, default=0),
)

# Verification codes sent and wrong codes entered, per account, channel and address: the limits
# hold across new codes, and across deleting and re-creating the contact.
verification_attempts = sa.Table(
    "verification_attempts",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("account_id", sa.String(36), nullable=False),
    sa.Column("channel", sa.String(8), nullable=False),
    sa.Column("address", sa.String(320), nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),  # "sent" or "wrong"
    sa.Column("created_ms", sa.BigInteger, nullable=False),
    sa.Index("verification_attempts_by_address", "account_id", "channel", "address", "kind"),
)

# Failed sign-ins, per username ("name") and per client address ("address"), for every server.
login_failures = sa.Table(
    "login_failures",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("scope", sa.String(8), nullable=False),
    sa.Column("key", sa.String(255), nullable=False),
    sa.Column("created_ms", sa.BigInteger, nullable=False),
    sa.Index("login_failures_by_key", "scope", "key", "created_ms"),
)

IDEMPOTENCY_KEEP_MS = 24 * 3600 * 1000
LOGIN_FAILURE_WINDOW_MS = 60 * 1000
LOGIN_MAX_FAILURES = 5  # per username
LOGIN_MAX_FAILURES_PER_ADDRESS = 20
VERIFICATION_WINDOW_MS = 3600 * 1000
VERIFICATION_MAX_CODES = 5  # per contact and channel within the window
# An Idempotency-Key whose request has run this long without an answer (its server died) is free.
IDEMPOTENCY_RESERVATION_MS = 120 * 1000
IDEMPOTENCY_RUNNING = 0  # the status of a key reserved by a request still running
# pg_notify's channel: "<account id> <last seq>" after each committed change.
CHANGES_CHANNEL = "msgcenter_changes"
WRITE_ATTEMPTS = 8


def etag_of(seq: int) -> str:
    return f'"{seq}"'


@dataclass(frozen=True)
class Account:
    id: str
    name: str

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name}


@dataclass(frozen=True)
class Change:
    seq: int
    kind: str
    id: str
    op: str
    data: dict[str, Any] | None

    def as_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "kind": self.kind, "id": self.id, "op": self.op, "data": self.data}


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

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's begin event below decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Reads through a memory map share the OS page cache across the pool's connections.
        cursor.execute("PRAGMA mmap_size=268435456")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        immediate = connection.get_execution_options().get("write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


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


def retried(method):
    """Run a store method again (at most WRITE_ATTEMPTS times, after a short random pause) when
    its transaction failed for a transient reason; every other error goes through."""

    @functools.wraps(method)
    def run(*args: Any, **kwargs: Any) -> Any:
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                return method(*args, **kwargs)
            except sa.exc.DBAPIError as error:
                if attempt == WRITE_ATTEMPTS or not _transient(error):
                    raise
            time.sleep(random.uniform(0, 0.002 * 2**attempt))
        raise AssertionError("unreachable")

    return run


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _failure_wait(
    conn: sa.Connection, table: sa.Table, key: dict[str, str], limit: int, window_ms: int, now: int
) -> int | None:
    """Seconds until fewer than `limit` rows matching `key` lie within the window, or None."""
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
    return (recent[-1] + window_ms - now) // 1000 + 1


def _upsert(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]], keys: list[str]):
    """INSERT ... ON CONFLICT DO UPDATE, for SQLite and PostgreSQL alike."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    updated = {c: statement.excluded[c] for c in rows[0] if c not in keys}
    conn.execute(statement.on_conflict_do_update(index_elements=keys, set_=updated), rows)


class Store:
    """All the server's data operations. Thread-safe: every call runs in its own transaction."""

    def __init__(
        self,
        engine: sa.Engine,
        on_change: Callable[[str, int], None] | None = None,
        tombstone_days: float = 30.0,
        token_idle_days: float = 30.0,
        upgrade_schema: bool = False,
    ) -> None:
        """Makes the schema on an empty database (upgrades it when `upgrade_schema`); raises
        schema.SchemaError when the database's schema is behind."""
        self.engine = engine
        self.on_change = on_change or (lambda account_id, seq: None)
        self.tombstone_ms = int(tombstone_days * 24 * 3600 * 1000)
        self.token_idle_ms = max(1, int(token_idle_days * 24 * 3600 * 1000))
        # A token's last use is written at most this often, so that reads stay reads.
        self._token_touch_ms = min(3600 * 1000, self.token_idle_ms // 10)
        self.shared = engine.dialect.name == "postgresql"  # several servers may share it
        self._sole_server_lock: int | None = None
        schema.prepare(engine, upgrade=upgrade_schema)

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

    # -- transactions --------------------------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        """A read-only transaction in one snapshot (SQLite's deferred transactions are one)."""
        conn = self.engine.connect()
        if self.shared:
            conn = conn.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        with conn, conn.begin():
            yield conn

    @contextmanager
    def _write(self, account_id: str | None = None) -> Iterator[_Writer]:
        """A write transaction, holding the account's lock from its start when there is one; on
        commit, listeners hear of the account's new last sequence."""
        writer = None
        with self.engine.connect().execution_options(write=True) as conn, conn.begin():
            if account_id is not None:
                conn.execute(
                    sa.select(accounts.c.id).where(accounts.c.id == account_id).with_for_update()
                )
            writer = _Writer(conn, account_id)
            yield writer
            if self.shared and writer.account_id and writer.last_seq:
                message = f"{writer.account_id} {writer.last_seq}"
                conn.execute(sa.select(sa.func.pg_notify(CHANGES_CHANNEL, message)))
        if writer is not None and writer.account_id and writer.last_seq:
            self.on_change(writer.account_id, writer.last_seq)

    # -- accounts and tokens ---------------------------------------------------------------------

    def create_account(
        self, name: str, password: str, mobile: str | None = None, email: str | None = None
    ) -> Account:
        errors = rules.check_name(name)
        if not isinstance(password, str) or not password:
            errors.append(rules.FieldError("password", "is required"))
        # The account contact's fields follow the rules of every contact (mobile optional here).
        if mobile is not None:
            errors += rules.check_mobile(mobile)
        errors += rules.check_email(email)
        if errors:
            raise Validation(errors)
        name, email = rules.normalize_name(name), rules.normalize_email(email)
        return self._insert_account(name, security.hash_password(password), mobile, email)

    @retried
    def _insert_account(
        self, name: str, password_hash: str, mobile: str | None, email: str | None
    ) -> Account:
        account_id = str(uuid.uuid4())
        contact_id = str(uuid.uuid4())
        created = now_ms()
        with self._write() as w:
            exists = w.conn.execute(sa.select(accounts.c.id).where(accounts.c.name == name))
            if exists.first() is not None:
                raise Conflict(f"an account named {name!r} exists")
            w.conn.execute(
                accounts.insert().values(
                    id=account_id,
                    name=name,
                    password_hash=password_hash,
                    last_seq=0,
                    purged_seq=0,
                    account_contact_id=contact_id,
                    primary_contact_id=contact_id,
                    created_ms=created,
                )
            )
            w.account_id = account_id
            w.conn.execute(
                contacts.insert().values(
                    account_id=account_id,
                    id=contact_id,
                    name=name,
                    mobile=mobile,
                    email=email,
                    mobile_verified=True,
                    email_verified=True,
                    is_account=True,
                    created_ms=created,
                )
            )
            w.conn.execute(
                settings.insert(),
                [
                    dict(
                        account_id=account_id,
                        id=t.id,
                        email=True,
                        sms=True,
                        contacts=json.dumps([contact_id]),
                        groups="[]",
                    )
                    for t in catalog.SETTING_TYPES
                ],
            )
            w.touch("contact", [contact_id])
            w.touch("setting", list(catalog.SETTING_IDS))
        return Account(account_id, name)

    def account_by_name(self, name: str) -> Account | None:
        if "\0" in name:
            return None  # no name holds one
        with self._read() as conn:
            row = conn.execute(
                sa.select(accounts.c.id, accounts.c.name).where(accounts.c.name == name)
            ).first()
        return Account(row.id, row.name) if row else None

    def sign_in(
        self, username: str, password: str, device: str | None, address: str = ""
    ) -> tuple[str, Account]:
        """A new token for the account; Unauthorized or RateLimited otherwise.

        Failures count per username and per client address; past either limit, every attempt
        is refused (the right password included) before any password is hashed."""
        # The counts live in the database, so that every server process keeps the same ones.
        limits = (
            ("address", address, LOGIN_MAX_FAILURES_PER_ADDRESS),
            ("name", username, LOGIN_MAX_FAILURES),
        )
        now = now_ms()
        with self._read() as conn:
            for scope, key, limit in limits:
                key = _digest(key)  # bounded, and no username kept in clear
                where = {"scope": scope, "key": key}
                wait = _failure_wait(
                    conn, login_failures, where, limit, LOGIN_FAILURE_WINDOW_MS, now
                )
                if wait is not None:
                    raise RateLimited(wait)
            row = None
            if "\0" not in username:
                row = conn.execute(sa.select(accounts).where(accounts.c.name == username)).first()
        stored = row.password_hash if row else security.DUMMY_PASSWORD_HASH
        if not security.verify_password(password, stored) or row is None:
            failed = [dict(scope=s, key=_digest(k), created_ms=now_ms()) for s, k, _ in limits]
            with self._write() as w:
                w.conn.execute(login_failures.insert(), failed)
            raise Unauthorized("wrong username or password")
        token = security.new_token()
        now = now_ms()
        with self._write() as w:
            w.conn.execute(
                tokens.insert().values(
                    token_hash=security.token_digest(token),
                    account_id=row.id,
                    device=device.replace("\0", "\ufffd") if device else device,
                    created_ms=now,
                    last_used_ms=now,
                )
            )
        return token, Account(row.id, row.name)

    def account_for_token(self, token: str) -> Account | None:
        """The token's account, or None when it is unknown, revoked or idle past its expiry."""
        digest = security.token_digest(token)
        now = now_ms()
        with self._read() as conn:
            row = conn.execute(
                sa.select(accounts.c.id, accounts.c.name, tokens.c.last_used_ms)
                .join(tokens, tokens.c.account_id == accounts.c.id)
                .where(tokens.c.token_hash == digest)
            ).first()
        if row is None or row.last_used_ms <= now - self.token_idle_ms:
            return None
        if row.last_used_ms <= now - self._token_touch_ms:
            with self._write() as w:
                w.conn.execute(
                    tokens.update()
                    .where(tokens.c.token_hash == digest, tokens.c.last_used_ms < now)
                    .values(last_used_ms=now)
                )
        return Account(row.id, row.name)

    def revoke_token(self, token: str) -> None:
        with self._write() as w:
            w.conn.execute(
                tokens.delete().where(tokens.c.token_hash == security.token_digest(token))
            )

    def seq_bounds(self, account_id: str) -> tuple[int, int]:
        """(last sequence number, highest purged one): a cursor must lie between them."""
        with self._read() as conn:
            row = conn.execute(
                sa.select(accounts.c.last_seq, accounts.c.purged_seq).where(
                    accounts.c.id == account_id
                )
            ).one()
        return row.last_seq, row.purged_seq

    # -- messages --------------------------------------------------------------------------------

    def categories(self, account_id: str) -> dict[str, Any]:
        with self._read() as conn:
            rows = conn.execute(
                sa.select(messages.c.category, messages.c.read, sa.func.count())
                .where(messages.c.account_id == account_id)
                .group_by(messages.c.category, messages.c.read)
            ).all()
        unread = dict.fromkeys(catalog.CATEGORY_IDS, 0)
        total = dict.fromkeys(catalog.CATEGORY_IDS, 0)
        for category, read, count in rows:
            total[category] += count
            if not read:
                unread[category] += count
        return {
            "categories": [
                {"id": c.id, "name": c.name_en, "unread": unread[c.id], "total": total[c.id]}
                for c in catalog.CATEGORIES
            ],
            "total_unread": sum(unread.values()),
        }

    def list_messages(
        self,
        account_id: str,
        category: str | None,
        unread: bool | None,
        q: str | None,
        position: tuple[int, str] | None,
        limit: int,
    ) -> tuple[list[dict[str, Any]], tuple[int, str] | None]:
        if q and "\0" in q:
            return [], None  # no stored text holds U+0000
        query = sa.select(messages).where(messages.c.account_id == account_id)
        if category:
            query = query.where(messages.c.category == category)
        if unread is not None:
            query = query.where(messages.c.read == (not unread))
        if q:
            pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            query = query.where(
                sa.or_(
                    messages.c.title.ilike(pattern, escape="\\"),
                    messages.c.body.ilike(pattern, escape="\\"),
                )
            )
        if position is not None:
            created, message_id = position
            query = query.where(
                sa.or_(
                    messages.c.created_ms < created,
                    sa.and_(messages.c.created_ms == created, messages.c.id < message_id),
                )
            )
        query = query.order_by(messages.c.created_ms.desc(), messages.c.id.desc()).limit(limit + 1)
        with self._read() as conn:
            rows = conn.execute(query).all()
        items = [message_dict(r) for r in rows[:limit]]
        after = (rows[limit - 1].created_ms, rows[limit - 1].id) if len(rows) > limit else None
        return items, after

    def get_message(self, account_id: str, message_id: str) -> dict[str, Any]:
        with self._read() as conn:
            row = conn.execute(
                sa.select(messages).where(
                    messages.c.account_id == account_id, messages.c.id == message_id
                )
            ).first()
        if row is None:
            raise NotFound(f"no message {message_id!r}")
        return message_dict(row)

    @retried
    def set_read(self, account_id: str, ids: list[str], read: bool) -> tuple[list[str], list[str]]:
        wanted = list(dict.fromkeys(ids))
        with self._write(account_id) as w:
            rows = w.conn.execute(
                sa.select(messages.c.id, messages.c.read).where(
                    messages.c.account_id == account_id, messages.c.id.in_(wanted)
                )
            ).all()
            state = {r.id: r.read for r in rows}
            changing = [i for i in wanted if i in state and state[i] != read]
            if changing:
                w.conn.execute(
                    messages.update()
                    .where(messages.c.account_id == account_id, messages.c.id.in_(changing))
                    .values(read=read)
                )
                w.touch("message", changing)
        updated = [i for i in wanted if i in state]
        return updated, [i for i in wanted if i not in state]

    @retried
    def mark_read_up_to(self, account_id: str, up_to_ms: int, category: str | None) -> int:
        with self._write(account_id) as w:
            condition = sa.and_(
                messages.c.account_id == account_id,
                messages.c.read == sa.false(),
                messages.c.created_ms <= up_to_ms,
            )
            if category:
                condition = sa.and_(condition, messages.c.category == category)
            ids = list(w.conn.execute(sa.select(messages.c.id).where(condition)).scalars())
            if ids:
                w.conn.execute(messages.update().where(condition).values(read=True))
                w.touch("message", ids)
        return len(ids)

    @retried
    def delete_messages(self, account_id: str, ids: list[str]) -> tuple[list[str], list[str]]:
        wanted = list(dict.fromkeys(ids))
        with self._write(account_id) as w:
            found = set(
                w.conn.execute(
                    sa.select(messages.c.id).where(
                        messages.c.account_id == account_id, messages.c.id.in_(wanted)
                    )
                ).scalars()
            )
            # Deleting twice is not an error: a message already deleted counts as deleted.
            tombstoned = set(
                w.conn.execute(
                    sa.select(changelog.c.id).where(
                        changelog.c.account_id == account_id,
                        changelog.c.kind == "message",
                        changelog.c.id.in_(wanted),
                        changelog.c.deleted_ms.is_not(None),
                    )
                ).scalars()
            )
            if found:
                w.conn.execute(
                    messages.delete().where(
                        messages.c.account_id == account_id, messages.c.id.in_(found)
                    )
                )
                w.touch("message", [i for i in wanted if i in found], deleted=True)
        deleted = [i for i in wanted if i in found or i in tombstoned]
        return deleted, [i for i in wanted if i not in found and i not in tombstoned]

    @retried
    def publish_message(
        self,
        account_id: str,
        category: str,
        type_id: str,
        title: str,
        body: str,
        created_ms: int | None = None,
    ) -> dict[str, Any]:
        check_message_fields(category, type_id, title, body)
        row = dict(
            account_id=account_id,
            id=str(uuid.uuid4()),
            category=category,
            type=type_id,
            title=title,
            body=body,
            created_ms=created_ms if created_ms is not None else now_ms(),
            read=False,
        )
        with self._write(account_id) as w:
            w.conn.execute(messages.insert().values(**row))
            w.touch("message", [row["id"]])
            self._record_deliveries(w.conn, account_id, type_id, title)
        return message_dict(SimpleNamespace(**row))

    def _record_deliveries(
        self, conn: sa.Connection, account_id: str, type_id: str, title: str
    ) -> None:
        """SMS and email of a configurable type reach the verified recipients (delivery log)."""
        message_type = catalog.TYPE_BY_ID[type_id]
        if not message_type.has_setting:
            return
        setting = conn.execute(
            sa.select(settings).where(settings.c.account_id == account_id, settings.c.id == type_id)
        ).one()
        targets = set(json.loads(setting.contacts))
        for group in conn.execute(
            sa.select(groups.c.members).where(
                groups.c.account_id == account_id, groups.c.id.in_(json.loads(setting.groups))
            )
        ).scalars():
            targets.update(json.loads(group))
        people = conn.execute(
            sa.select(contacts).where(
                contacts.c.account_id == account_id, contacts.c.id.in_(targets)
            )
        ).all()
        sent = []
        for person in people:
            if setting.sms and person.mobile and person.mobile_verified:
                sent.append(("sms", person.mobile))
            if setting.email and person.email and person.email_verified:
                sent.append(("email", person.email))
        if sent:
            conn.execute(
                deliveries.insert(),
                [
                    dict(account_id=account_id, channel=c, to=to, text=title, created_ms=now_ms())
                    for c, to in sent
                ],
            )

    def bulk_insert_messages(self, account_id: str, rows: Iterable[dict[str, Any]]) -> int:
        """Seeding: many messages in one transaction, each with its change."""
        count = 0
        with self._write(account_id) as w:
            batch: list[dict[str, Any]] = []
            for row in rows:
                batch.append(dict(row, account_id=account_id, read=bool(row.get("read", False))))
                if len(batch) == 20_000:
                    count += self._insert_message_batch(w, batch)
                    batch = []
            if batch:
                count += self._insert_message_batch(w, batch)
        return count

    @staticmethod
    def _insert_message_batch(w: _Writer, batch: list[dict[str, Any]]) -> int:
        w.conn.execute(messages.insert(), batch)
        w.touch("message", [r["id"] for r in batch], fresh=True)
        return len(batch)

    # -- the change feed -------------------------------------------------------------------------

    def changes(
        self, account_id: str, after: int | None, limit: int
    ) -> tuple[list[Change], int, bool]:
        """Changes after the cursor's sequence (every live entity without one), oldest first."""
        with self._read() as conn:
            account = conn.execute(
                sa.select(accounts.c.last_seq, accounts.c.purged_seq).where(
                    accounts.c.id == account_id
                )
            ).one()
            if after is not None and after > account.last_seq:
                raise BadRequest("cursor", "malformed cursor")  # beyond anything issued
            if after is not None and after < account.purged_seq:
                raise CursorExpired("the cursor is older than the tombstones kept; start again")
            # Messages are nearly every change: they come in the same query, the rest after it.
            # Plain SQL text: the ORM-free rows are twice as fast to build for a page of 500.
            live_only = "AND l.deleted_ms IS NULL" if after is None else "AND l.seq > :after"
            rows = conn.execute(
                sa.text(
                    "SELECT l.seq, l.kind, l.id, l.deleted_ms, m.category AS m_category, "
                    "m.type AS m_type, m.title AS m_title, m.body AS m_body, "
                    "m.created_ms AS m_created_ms, m.read AS m_read "
                    "FROM changelog AS l LEFT OUTER JOIN messages AS m ON l.kind = 'message' "
                    "AND m.account_id = l.account_id AND m.id = l.id "
                    f"WHERE l.account_id = :account_id {live_only} ORDER BY l.seq LIMIT :limit"
                ),
                {"account_id": account_id, "after": after, "limit": limit + 1},
            ).all()
            has_more = len(rows) > limit
            rows = rows[:limit]
            others = [r for r in rows if r.deleted_ms is None and r.kind != "message"]
            data = self._entities(conn, account_id, others)
            result = []
            for r in rows:
                if r.deleted_ms is not None:
                    result.append(Change(r.seq, r.kind, r.id, "delete", None))
                elif r.kind == "message":
                    message = SimpleNamespace(
                        id=r.id,
                        category=r.m_category,
                        type=r.m_type,
                        title=r.m_title,
                        body=r.m_body,
                        created_ms=r.m_created_ms,
                        read=r.m_read,
                    )
                    result.append(Change(r.seq, r.kind, r.id, "upsert", message_dict(message)))
                else:
                    result.append(Change(r.seq, r.kind, r.id, "upsert", data[(r.kind, r.id)]))
        next_seq = rows[-1].seq if has_more else max(account.last_seq, after or 0)
        return result, next_seq, has_more

    def events_after(
        self, account_id: str, after: int, limit: int
    ) -> list[tuple[int, str, str, str]]:
        """(seq, kind, id, op) of each change after `after`: the event stream's hints."""
        with self._read() as conn:
            rows = conn.execute(
                sa.select(changelog.c.seq, changelog.c.kind, changelog.c.id, changelog.c.deleted_ms)
                .where(changelog.c.account_id == account_id, changelog.c.seq > after)
                .order_by(changelog.c.seq)
                .limit(limit)
            ).all()
        return [(r.seq, r.kind, r.id, "upsert" if r.deleted_ms is None else "delete") for r in rows]

    def purge_tombstones(self, now: int | None = None) -> int:
        """Drop tombstones older than the retention (cursors before them then get 410), and what
        else has outlived its use: replayable responses, idle tokens, verification attempts."""
        now = now if now is not None else now_ms()
        cutoff = now - self.tombstone_ms
        with self._read() as conn:
            expired = conn.execute(
                sa.select(changelog.c.account_id)
                .where(changelog.c.deleted_ms.is_not(None), changelog.c.deleted_ms <= cutoff)
                .distinct()
            ).scalars()
            having_expired = list(expired)
        purged = sum(self._purge_account(account_id, cutoff) for account_id in having_expired)
        with self._write() as w:
            w.conn.execute(
                idempotency.delete().where(idempotency.c.created_ms < now - IDEMPOTENCY_KEEP_MS)
            )
            w.conn.execute(tokens.delete().where(tokens.c.last_used_ms <= now - self.token_idle_ms))
            w.conn.execute(
                verification_attempts.delete().where(
                    verification_attempts.c.created_ms <= now - VERIFICATION_WINDOW_MS
                )
            )
            w.conn.execute(
                login_failures.delete().where(
                    login_failures.c.created_ms <= now - LOGIN_FAILURE_WINDOW_MS
                )
            )
        return purged

    @retried
    def _purge_account(self, account_id: str, cutoff: int) -> int:
        """One account's expired tombstones, under its lock like every other write of it."""
        with self._write(account_id) as w:
            max_seq, count = w.conn.execute(
                sa.select(sa.func.max(changelog.c.seq), sa.func.count()).where(
                    changelog.c.account_id == account_id,
                    changelog.c.deleted_ms.is_not(None),
                    changelog.c.deleted_ms <= cutoff,
                )
            ).one()
            if not count:
                return 0
            w.conn.execute(
                changelog.delete().where(
                    changelog.c.account_id == account_id,
                    changelog.c.deleted_ms.is_not(None),
                    changelog.c.seq <= max_seq,
                )
            )
            w.conn.execute(
                accounts.update()
                .where(accounts.c.id == account_id, accounts.c.purged_seq < max_seq)
                .values(purged_seq=max_seq)
            )
            return count

    def _entities(
        self, conn: sa.Connection, account_id: str, rows: list[Any]
    ) -> dict[tuple[str, str], dict[str, Any]]:
        """Settings, contacts and groups named by changelog rows, each with its ETag."""
        wanted: dict[str, list[str]] = {}
        seqs = {(r.kind, r.id): r.seq for r in rows}
        for r in rows:
            wanted.setdefault(r.kind, []).append(r.id)
        found: dict[tuple[str, str], dict[str, Any]] = {}
        if wanted.get("setting"):
            for s in self._settings(conn, account_id, wanted["setting"]):
                found[("setting", s["id"])] = s
        if wanted.get("contact"):
            for c in self._contacts(conn, account_id, wanted["contact"]):
                found[("contact", c["id"])] = c
        if wanted.get("group"):
            for g in self._groups(conn, account_id, wanted["group"]):
                found[("group", g["id"])] = g
        for key, entity in found.items():
            if "etag" in entity:
                entity["etag"] = etag_of(seqs[key])
        return found

    # -- settings --------------------------------------------------------------------------------

    def _settings(
        self, conn: sa.Connection, account_id: str, ids: list[str] | None = None
    ) -> list[dict[str, Any]]:
        query = (
            sa.select(settings, changelog.c.seq)
            .join(
                changelog,
                sa.and_(
                    changelog.c.account_id == settings.c.account_id,
                    changelog.c.kind == "setting",
                    changelog.c.id == settings.c.id,
                ),
            )
            .where(settings.c.account_id == account_id)
        )
        if ids is not None:
            query = query.where(settings.c.id.in_(ids))
        rows = {r.id: r for r in conn.execute(query)}
        return [setting_dict(rows[i]) for i in catalog.SETTING_IDS if i in rows]

    def list_settings(self, account_id: str) -> list[dict[str, Any]]:
        with self._read() as conn:
            return self._settings(conn, account_id)

    def get_setting(self, account_id: str, setting_id: str) -> dict[str, Any]:
        with self._read() as conn:
            found = self._settings(conn, account_id, [setting_id])
        if not found:
            raise NotFound(f"no setting {setting_id!r}")
        return found[0]

    @retried
    def put_setting(
        self,
        account_id: str,
        setting_id: str,
        if_match: str | None,
        channels: dict[str, bool],
        recipients: dict[str, list[str]],
    ) -> dict[str, Any]:
        if if_match is None:
            raise PreconditionRequired("PUT on a setting needs If-Match")
        contact_ids = list(dict.fromkeys(recipients["contacts"]))
        group_ids = list(dict.fromkeys(recipients["groups"]))
        with self._write(account_id) as w:
            found = self._settings(w.conn, account_id, [setting_id])
            if not found:
                raise NotFound(f"no setting {setting_id!r}")
            current = found[0]
            if not etag_matches(if_match, current["etag"]):
                raise PreconditionFailed(current)
            if current["locked"] and channels != {"email": True, "sms": True}:
                raise Locked("the channels of this message type are always on")
            errors = rules.check_recipients(contact_ids, group_ids)
            errors += self._unknown_ids(
                w.conn, account_id, contacts, contact_ids, "recipients.contacts"
            )
            errors += self._unknown_ids(w.conn, account_id, groups, group_ids, "recipients.groups")
            if errors:
                raise Validation(errors)
            w.conn.execute(
                settings.update()
                .where(settings.c.account_id == account_id, settings.c.id == setting_id)
                .values(
                    email=channels["email"],
                    sms=channels["sms"],
                    contacts=json.dumps(contact_ids),
                    groups=json.dumps(group_ids),
                )
            )
            w.touch("setting", [setting_id])
            return self._settings(w.conn, account_id, [setting_id])[0]

    @staticmethod
    def _unknown_ids(
        conn: sa.Connection, account_id: str, table: sa.Table, ids: list[str], field: str
    ) -> list[rules.FieldError]:
        if not ids:
            return []
        known = set(
            conn.execute(
                sa.select(table.c.id).where(table.c.account_id == account_id, table.c.id.in_(ids))
            ).scalars()
        )
        unknown = [i for i in ids if i not in known]
        if unknown:
            return [rules.FieldError(field, "unknown ids: " + ", ".join(unknown))]
        return []

    # -- contacts --------------------------------------------------------------------------------

    def _contacts(
        self, conn: sa.Connection, account_id: str, ids: list[str] | None = None
    ) -> list[dict[str, Any]]:
        primary = conn.execute(
            sa.select(accounts.c.primary_contact_id).where(accounts.c.id == account_id)
        ).scalar_one()
        query = (
            sa.select(contacts, changelog.c.seq)
            .join(
                changelog,
                sa.and_(
                    changelog.c.account_id == contacts.c.account_id,
                    changelog.c.kind == "contact",
                    changelog.c.id == contacts.c.id,
                ),
            )
            .where(contacts.c.account_id == account_id)
            .order_by(contacts.c.is_account.desc(), contacts.c.created_ms, contacts.c.id)
        )
        if ids is not None:
            query = query.where(contacts.c.id.in_(ids))
        rows = conn.execute(query).all()
        membership: dict[str, list[str]] = {}
        for group in conn.execute(
            sa.select(groups.c.id, groups.c.members)
            .where(groups.c.account_id == account_id)
            .order_by(groups.c.created_ms, groups.c.id)
        ):
            for member in json.loads(group.members):
                membership.setdefault(member, []).append(group.id)
        return [contact_dict(r, primary, membership.get(r.id, [])) for r in rows]

    def list_contacts(self, account_id: str) -> list[dict[str, Any]]:
        with self._read() as conn:
            return self._contacts(conn, account_id)

    def get_contact(self, account_id: str, contact_id: str) -> dict[str, Any]:
        with self._read() as conn:
            return self._one_contact(conn, account_id, contact_id)

    def _one_contact(self, conn: sa.Connection, account_id: str, contact_id: str) -> dict[str, Any]:
        found = self._contacts(conn, account_id, [contact_id])
        if not found:
            raise NotFound(f"no contact {contact_id!r}")
        return found[0]

    @retried
    def put_contact(
        self,
        account_id: str,
        contact_id: str,
        if_match: str | None,
        if_none_match: str | None,
        name: str,
        mobile: str,
        email: str | None,
    ) -> tuple[int, dict[str, Any]]:
        """Create (If-None-Match: *) or replace (If-Match); (HTTP status, the contact)."""
        if if_match is None and if_none_match is None:
            raise PreconditionRequired("PUT on a contact needs If-Match or If-None-Match: *")
        errors = rules.check_contact(name, mobile, email)
        if errors:
            raise Validation(errors)
        name, email = rules.normalize_name(name), rules.normalize_email(email)
        with self._write(account_id) as w:
            existing = self._contacts(w.conn, account_id, [contact_id])
            if if_none_match is not None:
                if if_none_match.strip() != "*":
                    raise Validation(
                        [rules.FieldError("If-None-Match", "only * is supported")], status=400
                    )
                if existing:
                    current = existing[0]
                    same = (current["name"], current["mobile"], current["email"]) == (
                        name,
                        mobile,
                        email,
                    )
                    if same:
                        return 200, current
                    raise PreconditionFailed(current, "a contact with this id exists")
                others = w.conn.execute(
                    sa.select(sa.func.count()).where(
                        contacts.c.account_id == account_id, contacts.c.is_account == sa.false()
                    )
                ).scalar_one()
                if rules.check_contact_limit(others + 1):
                    raise LimitExceeded(f"at most {rules.MAX_CONTACTS} contacts besides yourself")
                w.conn.execute(
                    contacts.insert().values(
                        account_id=account_id,
                        id=contact_id,
                        name=name,
                        mobile=mobile,
                        email=email,
                        mobile_verified=False,
                        email_verified=False,
                        is_account=False,
                        created_ms=now_ms(),
                    )
                )
                w.touch("contact", [contact_id])
                return 201, self._one_contact(w.conn, account_id, contact_id)
            if not existing:
                raise NotFound(f"no contact {contact_id!r}")
            current = existing[0]
            if not etag_matches(if_match, current["etag"]):
                raise PreconditionFailed(current)
            if current["is_account"]:
                raise Locked("the account contact is edited in the account settings")
            w.conn.execute(
                contacts.update()
                .where(contacts.c.account_id == account_id, contacts.c.id == contact_id)
                .values(
                    name=name,
                    mobile=mobile,
                    email=email,
                    mobile_verified=current["mobile_verified"] and current["mobile"] == mobile,
                    email_verified=current["email_verified"] and current["email"] == email,
                )
            )
            w.touch("contact", [contact_id])
            return 200, self._one_contact(w.conn, account_id, contact_id)

    @retried
    def delete_contact(self, account_id: str, contact_id: str, if_match: str | None) -> None:
        if if_match is None:
            raise PreconditionRequired("DELETE on a contact needs If-Match")
        with self._write(account_id) as w:
            current = self._one_contact(w.conn, account_id, contact_id)
            if not etag_matches(if_match, current["etag"]):
                raise PreconditionFailed(current)
            if current["is_account"]:
                raise Locked("the account contact cannot be deleted")
            if current["primary"]:
                raise Locked("the primary contact cannot be deleted; make another one primary")
            account_contact = self._account_contact_id(w.conn, account_id)
            w.conn.execute(
                contacts.delete().where(
                    contacts.c.account_id == account_id, contacts.c.id == contact_id
                )
            )
            w.conn.execute(
                verifications.delete().where(
                    verifications.c.account_id == account_id,
                    verifications.c.contact_id == contact_id,
                )
            )
            w.touch("contact", [contact_id], deleted=True)
            changed_groups = []
            for group in w.conn.execute(
                sa.select(groups.c.id, groups.c.members).where(groups.c.account_id == account_id)
            ).all():
                members = json.loads(group.members)
                if contact_id in members:
                    members.remove(contact_id)
                    w.conn.execute(
                        groups.update()
                        .where(groups.c.account_id == account_id, groups.c.id == group.id)
                        .values(members=json.dumps(members))
                    )
                    changed_groups.append(group.id)
            w.touch("group", changed_groups)
            self._rewrite_recipients(
                w,
                account_id,
                lambda cs, gs: rules.remove_contact_from_recipients(
                    cs, gs, contact_id, account_contact
                ),
            )

    def _rewrite_recipients(
        self,
        w: _Writer,
        account_id: str,
        rewrite: Callable[[list[str], list[str]], tuple[list[str], list[str]]],
    ) -> None:
        changed = []
        for row in w.conn.execute(sa.select(settings).where(settings.c.account_id == account_id)):
            before = (json.loads(row.contacts), json.loads(row.groups))
            after = rewrite(*before)
            if after != before:
                w.conn.execute(
                    settings.update()
                    .where(settings.c.account_id == account_id, settings.c.id == row.id)
                    .values(contacts=json.dumps(after[0]), groups=json.dumps(after[1]))
                )
                changed.append(row.id)
        w.touch("setting", changed)

    @staticmethod
    def _account_contact_id(conn: sa.Connection, account_id: str) -> str:
        return conn.execute(
            sa.select(accounts.c.account_contact_id).where(accounts.c.id == account_id)
        ).scalar_one()

    @retried
    def set_primary(self, account_id: str, contact_id: str) -> dict[str, Any]:
        with self._write(account_id) as w:
            self._one_contact(w.conn, account_id, contact_id)
            previous = w.conn.execute(
                sa.select(accounts.c.primary_contact_id).where(accounts.c.id == account_id)
            ).scalar_one()
            if previous != contact_id:
                w.conn.execute(
                    accounts.update()
                    .where(accounts.c.id == account_id)
                    .values(primary_contact_id=contact_id)
                )
                w.touch("contact", [previous, contact_id])
            return self._one_contact(w.conn, account_id, contact_id)

    @retried
    def start_verification(self, account_id: str, contact_id: str, channel: str) -> None:
        """Send a new code, unless the address had its codes or its wrong guesses this hour."""
        with self._write(account_id) as w:
            contact = self._one_contact(w.conn, account_id, contact_id)
            address = contact["mobile"] if channel == "mobile" else contact["email"]
            if not address:
                raise Validation([rules.FieldError("channel", f"the contact has no {channel}")])
            now = now_ms()
            attempts = _VerificationAttempts(w.conn, account_id, channel, address, now)
            wait = attempts.wait("wrong", rules.VERIFICATION_MAX_FAILURES)
            wait = wait or attempts.wait("sent", VERIFICATION_MAX_CODES)
            if wait is not None:
                raise RateLimited(wait)
            code = security.new_verification_code()
            row = dict(
                account_id=account_id,
                contact_id=contact_id,
                channel=channel,
                code_hash=security.code_digest(code),
                sent_to=address,
                expires_ms=now + rules.VERIFICATION_CODE_SECONDS * 1000,
                failures=0,
                blocked_until_ms=0,
            )
            _upsert(w.conn, verifications, [row], ["account_id", "contact_id", "channel"])
            attempts.record("sent")
            w.conn.execute(
                deliveries.insert().values(
                    account_id=account_id,
                    channel="sms" if channel == "mobile" else "email",
                    to=address,
                    text=f"Your Message Center verification code is {code}. "
                    f"It is valid for {rules.VERIFICATION_CODE_SECONDS // 60} minutes.",
                    created_ms=now,
                )
            )

    @retried
    def confirm_verification(
        self, account_id: str, contact_id: str, channel: str, code: str
    ) -> dict[str, Any]:
        with self._write(account_id) as w:
            contact = self._one_contact(w.conn, account_id, contact_id)
            address = contact["mobile"] if channel == "mobile" else contact["email"]
            now = now_ms()
            attempts = _VerificationAttempts(w.conn, account_id, channel, address or "", now)
            wait = attempts.wait("wrong", rules.VERIFICATION_MAX_FAILURES)
            if wait is not None:
                raise RateLimited(wait)
            key = (
                verifications.c.account_id == account_id,
                verifications.c.contact_id == contact_id,
                verifications.c.channel == channel,
            )
            pending = w.conn.execute(sa.select(verifications).where(*key)).first()
            valid = (
                pending is not None
                and pending.expires_ms > now
                and pending.sent_to == address
                and security.code_digest(code) == pending.code_hash
            )
            if valid:
                w.conn.execute(verifications.delete().where(*key))
                flag = "mobile_verified" if channel == "mobile" else "email_verified"
                w.conn.execute(
                    contacts.update()
                    .where(contacts.c.account_id == account_id, contacts.c.id == contact_id)
                    .values({flag: True})
                )
                w.touch("contact", [contact_id])
                return self._one_contact(w.conn, account_id, contact_id)
            attempts.record("wrong")
        # Raised after the commit, so that the wrong guess counts.
        raise Validation([rules.FieldError("code", "wrong or expired code", code=WRONG_CODE)])

    # -- groups ----------------------------------------------------------------------------------

    def _groups(
        self, conn: sa.Connection, account_id: str, ids: list[str] | None = None
    ) -> list[dict[str, Any]]:
        query = (
            sa.select(groups, changelog.c.seq)
            .join(
                changelog,
                sa.and_(
                    changelog.c.account_id == groups.c.account_id,
                    changelog.c.kind == "group",
                    changelog.c.id == groups.c.id,
                ),
            )
            .where(groups.c.account_id == account_id)
            .order_by(groups.c.created_ms, groups.c.id)
        )
        if ids is not None:
            query = query.where(groups.c.id.in_(ids))
        return [group_dict(r) for r in conn.execute(query)]

    def list_groups(self, account_id: str) -> list[dict[str, Any]]:
        with self._read() as conn:
            return self._groups(conn, account_id)

    def get_group(self, account_id: str, group_id: str) -> dict[str, Any]:
        with self._read() as conn:
            return self._one_group(conn, account_id, group_id)

    def _one_group(self, conn: sa.Connection, account_id: str, group_id: str) -> dict[str, Any]:
        found = self._groups(conn, account_id, [group_id])
        if not found:
            raise NotFound(f"no group {group_id!r}")
        return found[0]

    @retried
    def put_group(
        self,
        account_id: str,
        group_id: str,
        if_match: str | None,
        if_none_match: str | None,
        name: str,
        members: list[str],
    ) -> tuple[int, dict[str, Any]]:
        if if_match is None and if_none_match is None:
            raise PreconditionRequired("PUT on a group needs If-Match or If-None-Match: *")
        errors = rules.check_name(name)
        if errors:
            raise Validation(errors)
        name = rules.normalize_name(name)
        members = list(dict.fromkeys(members))
        with self._write(account_id) as w:
            unknown = self._unknown_ids(w.conn, account_id, contacts, members, "members")
            if unknown:
                raise Validation(unknown)
            existing = self._groups(w.conn, account_id, [group_id])
            if if_none_match is not None:
                if if_none_match.strip() != "*":
                    raise Validation(
                        [rules.FieldError("If-None-Match", "only * is supported")], status=400
                    )
                if existing:
                    current = existing[0]
                    if (current["name"], current["members"]) == (name, members):
                        return 200, current
                    raise PreconditionFailed(current, "a group with this id exists")
                count = w.conn.execute(
                    sa.select(sa.func.count()).where(groups.c.account_id == account_id)
                ).scalar_one()
                if rules.check_group_limit(count + 1):
                    raise LimitExceeded(f"at most {rules.MAX_GROUPS} contact groups")
                previous_members: list[str] = []
                self._check_group_name_free(w.conn, account_id, group_id, name)
                w.conn.execute(
                    groups.insert().values(
                        account_id=account_id,
                        id=group_id,
                        name=name,
                        members=json.dumps(members),
                        created_ms=now_ms(),
                    )
                )
                status = 201
            else:
                if not existing:
                    raise NotFound(f"no group {group_id!r}")
                current = existing[0]
                if not etag_matches(if_match, current["etag"]):
                    raise PreconditionFailed(current)
                self._check_group_name_free(w.conn, account_id, group_id, name)
                previous_members = current["members"]
                w.conn.execute(
                    groups.update()
                    .where(groups.c.account_id == account_id, groups.c.id == group_id)
                    .values(name=name, members=json.dumps(members))
                )
                status = 200
            w.touch("group", [group_id])
            # A contact's `groups` field changes with membership: its change goes out too.
            w.touch("contact", sorted(set(previous_members) ^ set(members)))
            return status, self._one_group(w.conn, account_id, group_id)

    @staticmethod
    def _check_group_name_free(conn: sa.Connection, account_id: str, group_id: str, name: str):
        taken = conn.execute(
            sa.select(groups.c.id).where(
                groups.c.account_id == account_id, groups.c.name == name, groups.c.id != group_id
            )
        ).first()
        if taken is not None:
            raise Conflict(f"a group named {name!r} exists")

    @retried
    def delete_group(self, account_id: str, group_id: str, if_match: str | None) -> None:
        if if_match is None:
            raise PreconditionRequired("DELETE on a group needs If-Match")
        with self._write(account_id) as w:
            current = self._one_group(w.conn, account_id, group_id)
            if not etag_matches(if_match, current["etag"]):
                raise PreconditionFailed(current)
            account_contact = self._account_contact_id(w.conn, account_id)
            w.conn.execute(
                groups.delete().where(groups.c.account_id == account_id, groups.c.id == group_id)
            )
            w.touch("group", [group_id], deleted=True)
            w.touch("contact", current["members"])
            self._rewrite_recipients(
                w,
                account_id,
                lambda cs, gs: rules.remove_group_from_recipients(
                    cs, gs, group_id, account_contact
                ),
            )

    # -- administration --------------------------------------------------------------------------

    def deliveries(self, account_id: str) -> list[dict[str, Any]]:
        with self._read() as conn:
            rows = conn.execute(
                sa.select(deliveries)
                .where(deliveries.c.account_id == account_id)
                .order_by(deliveries.c.pk)
            ).all()
        return [
            {
                "channel": r.channel,
                "to": r.to,
                "text": r.text,
                "created_at": format_ms(r.created_ms),
            }
            for r in rows
        ]

    # -- idempotency -----------------------------------------------------------------------------

    @retried
    def reserve_idempotency_key(self, account_id: str, key: str, fingerprint: str) -> Any:
        """None when this request now holds the key and is to run; otherwise the key's row:
        the stored response to replay, or (status IDEMPOTENCY_RUNNING) a request still running.

        A key held past IDEMPOTENCY_RESERVATION_MS (its server died mid-request), or kept past
        IDEMPOTENCY_KEEP_MS, is taken over."""
        now = now_ms()
        t = idempotency.c
        where = (t.account_id == account_id, t.key == key)
        reserved = dict(
            fingerprint=fingerprint,
            status=IDEMPOTENCY_RUNNING,
            headers="[]",
            body=b"",
            created_ms=now,
        )
        with self._write() as w:
            dialect = postgresql if w.conn.dialect.name == "postgresql" else sqlite
            inserted = w.conn.execute(
                dialect.insert(idempotency)
                .values(account_id=account_id, key=key, **reserved)
                .on_conflict_do_nothing()
                .returning(t.key)
            ).first()
            if inserted is not None:
                return None
            row = w.conn.execute(sa.select(idempotency).where(*where).with_for_update()).one()
            stale = row.created_ms <= now - (
                IDEMPOTENCY_RESERVATION_MS
                if row.status == IDEMPOTENCY_RUNNING
                else IDEMPOTENCY_KEEP_MS
            )
            if not stale:
                return row
            w.conn.execute(idempotency.update().where(*where).values(**reserved))
            return None

    @retried
    def finish_idempotency_key(
        self, account_id: str, key: str, status: int | None, headers: list, body: bytes
    ) -> None:
        """Keep the response for replays (`status` given), or free the key (None: the request
        failed, changed nothing, and may simply be sent again)."""
        t = idempotency.c
        where = (t.account_id == account_id, t.key == key, t.status == IDEMPOTENCY_RUNNING)
        with self._write() as w:
            if status is None:
                w.conn.execute(idempotency.delete().where(*where))
                return
            w.conn.execute(
                idempotency.update()
                .where(*where)
                .values(status=status, headers=json.dumps(headers), body=body, created_ms=now_ms())
            )


class _VerificationAttempts:
    """Codes sent and wrong codes entered for one address within the last hour."""

    def __init__(
        self, conn: sa.Connection, account_id: str, channel: str, address: str, now: int
    ) -> None:
        self.conn = conn
        self.key = dict(account_id=account_id, channel=channel, address=address)
        self.now = now

    def wait(self, kind: str, limit: int) -> int | None:
        """Seconds until fewer than `limit` attempts of this kind lie within the hour, or None."""
        key = dict(self.key, kind=kind)
        return _failure_wait(
            self.conn, verification_attempts, key, limit, VERIFICATION_WINDOW_MS, self.now
        )

    def record(self, kind: str) -> None:
        self.conn.execute(
            verification_attempts.insert().values(**self.key, kind=kind, created_ms=self.now)
        )


class _Writer:
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
        last = self.conn.execute(
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
            _upsert(self.conn, changelog, rows, ["account_id", "kind", "id"])
        self.last_seq = last


def etag_matches(header: str, etag: str) -> bool:
    """If-Match: a list of strong ETags, or *."""
    candidates = [c.strip() for c in header.split(",")]
    return "*" in candidates or etag in candidates


def check_message_fields(category: str, type_id: str, title: str, body: str) -> None:
    errors = []
    if category not in catalog.CATEGORY_BY_ID:
        errors.append(rules.FieldError("category", "unknown category"))
    message_type = catalog.TYPE_BY_ID.get(type_id)
    if message_type is None:
        errors.append(rules.FieldError("type", "unknown message type"))
    elif message_type.category != category:
        errors.append(rules.FieldError("type", f"not a type of category {category!r}"))
    if not isinstance(title, str) or not title.strip():
        errors.append(rules.FieldError("title", "is required"))
    if not isinstance(body, str):
        errors.append(rules.FieldError("body", "must be text"))
    for field, text in (("title", title), ("body", body)):
        if isinstance(text, str) and "\0" in text:
            errors.append(rules.FieldError(field, "must not contain U+0000"))
    if errors:
        raise Validation(errors)


def message_dict(row: Any) -> dict[str, Any]:
    """A message as the API shows it, from a row (or anything with the same attributes)."""
    return {
        "id": row.id,
        "category": row.category,
        "type": row.type,
        "title": row.title,
        "body": row.body,
        "created_at": format_ms(row.created_ms),
        "read": bool(row.read),
    }


def setting_dict(row: Any) -> dict[str, Any]:
    message_type = catalog.TYPE_BY_ID[row.id]
    return {
        "id": row.id,
        "category": message_type.category,
        "name": message_type.name_en,
        "locked": message_type.locked,
        "channels": {"email": bool(row.email), "sms": bool(row.sms)},
        "recipients": {"contacts": json.loads(row.contacts), "groups": json.loads(row.groups)},
        "etag": etag_of(row.seq),
    }


def contact_dict(row: Any, primary_id: str, group_ids: list[str]) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "mobile": row.mobile,
        "email": row.email,
        "mobile_verified": bool(row.mobile_verified),
        "email_verified": bool(row.email_verified),
        "primary": row.id == primary_id,
        "is_account": bool(row.is_account),
        "groups": group_ids,
        "etag": etag_of(row.seq),
    }


def group_dict(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "members": json.loads(row.members),
        "etag": etag_of(row.seq),
    }
