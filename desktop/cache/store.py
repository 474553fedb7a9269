"""The local SQLite store: one file per profile, mode 0600, WAL.

One :class:`Cache` is one connection: each thread opens its own (the GUI thread for its models,
the sync worker for writes). Every write is one transaction: a page of changes with its cursor; a
local edit with its outbox entry.

Settings, contacts and groups are kept as the server last said (`entities`); what the user sees
(`entity_view`) is that state with the pending outbox replayed over it, recomputed after every
change (a few dozen rows). Messages are too many for that: pending read/unread/delete edits are
re-applied to `messages` after each page from the server instead.
"""

from __future__ import annotations

import contextlib
import copy
import json
import logging
import os
import shutil
import sqlite3
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.cache import replay
from desktop.cache.schema import MIGRATIONS, SCHEMA_VERSION
from desktop.sync.states import notice
from msgcenter import catalog

log = logging.getLogger(__name__)

MAX_IDS_PER_EDIT = 500  # the API's limit for one read / delete call
ANNOUNCE_HORIZON_MS = 7 * 24 * 3600 * 1000  # older than the newest message by this: not news
ARRIVALS_LISTED = 20  # messages of a batch passed on in full (a notification names a few)
ARRIVAL_BODY_CHARS = 300
WATERMARK_KEY = "announce_after_ms"  # in meta: messages at or before it are never announced


class CacheError(Exception):
    """A cache problem, said for people."""


class CacheFull(CacheError):
    pass


class CacheDamaged(CacheError):
    pass


@dataclass
class Arrivals:
    """New messages to announce: every id, the newest few in full, and counts per category."""

    ids: list[str]
    newest: list[dict[str, Any]]
    by_category: dict[str, int]
    at_start: bool = False  # arrived while the app was closed

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class ChangeSummary:
    """What one applied batch changed, for the views (one signal per batch, never per row)."""

    messages_added: list[str] = field(default_factory=list)
    messages_changed: int = 0
    messages_deleted: int = 0
    entities_changed: set[str] = field(default_factory=set)  # kinds: setting, contact, group
    full_resync: bool = False

    def __bool__(self) -> bool:
        return bool(
            self.messages_added
            or self.messages_changed
            or self.messages_deleted
            or self.entities_changed
            or self.full_resync
        )

    def merge(self, other: ChangeSummary) -> None:
        self.messages_added.extend(other.messages_added)
        self.messages_changed += other.messages_changed
        self.messages_deleted += other.messages_deleted
        self.entities_changed |= other.entities_changed
        self.full_resync = self.full_resync or other.full_resync


@dataclass(frozen=True)
class OutboxEntry:
    id: int
    op: str  # read, delete, read_up_to, put, remove, primary
    kind: str  # message, setting, contact, group
    entity_id: str | None
    payload: dict[str, Any]
    base: dict[str, Any] | None
    if_match: str | None
    idempotency_key: str
    state: str  # queued, conflict, rejected
    attempts: int
    reason: str | None
    current: dict[str, Any] | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> OutboxEntry:
        return cls(
            row["id"],
            row["op"],
            row["kind"],
            row["entity_id"],
            json.loads(row["payload"]),
            json.loads(row["base"]) if row["base"] else None,
            row["if_match"],
            row["idempotency_key"],
            row["state"],
            row["attempts"],
            row["reason"],
            json.loads(row["current"]) if row["current"] else None,
        )


def _is_full(error: sqlite3.Error) -> bool:
    return "full" in str(error).lower()


class Cache:
    """One connection to the profile's cache file."""

    def __init__(self, path: Path | str, *, check: bool = True) -> None:
        self.path = Path(path)
        self._connection = self._connect(check)

    # -- opening, migrating, repairing -------------------------------------------------------------

    def _connect(self, check: bool) -> sqlite3.Connection:
        if self.path.exists() and not self.path.is_file():
            # Not damage to repair: something the user put there, which is not ours to move.
            raise CacheError(f"the cache is a folder, not a file: move {self.path} away")
        new = not self.path.exists()
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if new:
            # Created 0600 before SQLite touches it, so there is no moment it is readable by others.
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
        connection = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=30
        )
        connection.row_factory = sqlite3.Row
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA temp_store=MEMORY")
            connection.execute("PRAGMA foreign_keys=ON")
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if check and not new and self._crashed_last_time(connection, version):
                result = connection.execute("PRAGMA quick_check").fetchone()[0]
                if result != "ok":
                    raise CacheDamaged(f"the cache failed its integrity check: {result}")
            self._migrate(connection, version)
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
                os.chmod(str(self.path) + suffix, 0o600)
        return connection

    @staticmethod
    def _crashed_last_time(connection: sqlite3.Connection, version: int) -> bool:
        """Integrity is checked only after an unclean exit: a full check costs time at start."""
        if version == 0:
            return False
        row = connection.execute("SELECT value FROM meta WHERE key = 'open'").fetchone()
        return row is not None and row[0] == "1"

    @staticmethod
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

    @classmethod
    def open_or_rebuild(cls, path: Path | str) -> tuple[Cache, str | None]:
        """Open the cache; a damaged one is moved aside and started anew, its outbox kept.

        Returns the cache and, when it was rebuilt, a notice saying so (views.wording says it).
        """
        path = Path(path)
        try:
            return cls(path), None
        except CacheDamaged as damage:
            aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
            salvaged = _salvage(path)
            for suffix in ("", "-wal", "-shm"):
                source = Path(str(path) + suffix)
                if source.exists():
                    shutil.move(source, Path(str(aside) + suffix))
            cache = cls(path)
            cache._restore(*salvaged)
            log.warning("cache damaged (%s); moved to %s and rebuilt", damage, aside.name)
            return cache, notice("cache_rebuilt", kept=len(salvaged[0]))

    def _restore(
        self,
        outbox: list[dict[str, Any]],
        announced: list[tuple[str, int]],
        watermark: str | None,
    ) -> None:
        with self.transaction() as db:
            for row in outbox:
                columns = ", ".join(row)
                marks = ", ".join("?" for _ in row)
                db.execute(f"INSERT INTO outbox ({columns}) VALUES ({marks})", tuple(row.values()))
            db.executemany("INSERT OR IGNORE INTO announced VALUES (?, ?)", announced)
            if watermark is not None:
                self.set_meta(WATERMARK_KEY, watermark, db)
            self._recompute_view(db)

    def close(self) -> None:
        """A clean close: the next start skips the integrity check."""
        with contextlib.suppress(sqlite3.Error):
            self._connection.execute("UPDATE meta SET value = '0' WHERE key = 'open'")
        self._connection.close()

    # -- transactions ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT; a full disk raises :class:`CacheFull`, nothing half-written."""
        db = self._connection
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise CacheError(f"the cache is busy or unwritable: {error}") from error
        try:
            yield db
            db.execute("COMMIT")
        except BaseException as error:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            if isinstance(error, sqlite3.OperationalError) and _is_full(error):
                raise CacheFull("the disk is full: the change was not saved") from error
            raise

    def execute(self, sql: str, parameters: Iterable[Any] = ()) -> sqlite3.Cursor:
        return self._connection.execute(sql, tuple(parameters))

    # -- meta ------------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str | None, db: sqlite3.Connection | None = None) -> None:
        target = db or self._connection
        if value is None:
            target.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            target.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    @property
    def cursor(self) -> str | None:
        return self.get_meta("cursor")

    # -- applying the server's changes -----------------------------------------------------------

    def start_full_resync(self) -> int:
        """A new generation: rows not seen again by `finish_full_resync` are gone on the server."""
        generation = int(self.get_meta("generation") or "0") + 1
        with self.transaction() as db:
            self.set_meta("generation", str(generation), db)
            self.set_meta("cursor", None, db)
            self.set_meta("resync_generation", str(generation), db)
        return generation

    def finish_full_resync(self, generation: int) -> ChangeSummary:
        summary = ChangeSummary(full_resync=True)
        with self.transaction() as db:
            gone = db.execute("DELETE FROM messages WHERE gen < ?", (generation,)).rowcount
            kinds = {
                r[0] for r in db.execute("SELECT kind FROM entities WHERE gen < ?", (generation,))
            }
            db.execute("DELETE FROM entities WHERE gen < ?", (generation,))
            self.set_meta("resync_generation", None, db)
            self._reapply_message_edits(db)
            self._recompute_view(db)
        summary.messages_deleted = gone
        summary.entities_changed = kinds
        return summary

    def apply_changes(self, changes: list[dict[str, Any]], next_cursor: str) -> ChangeSummary:
        """One page of `/v1/changes` and its cursor, in one transaction."""
        summary = ChangeSummary()
        generation = int(self.get_meta("generation") or "0")
        upserts: list[tuple] = []
        deletes: list[tuple[str]] = []
        with self.transaction() as db:
            for change in changes:
                kind, entity_id, data = change["kind"], change["id"], change.get("data")
                if kind == "message":
                    if change["op"] == "upsert":
                        upserts.append(
                            (
                                entity_id,
                                data["category"],
                                data["type"],
                                data["title"],
                                data["body"],
                                data["created_at"],
                                replay.ms_of(data["created_at"]),
                                1 if data["read"] else 0,
                                generation,
                            )
                        )
                    else:
                        deletes.append((entity_id,))
                else:
                    summary.entities_changed.add(kind)
                    if change["op"] == "upsert":
                        db.execute(
                            "INSERT INTO entities (kind, id, data, gen) VALUES (?, ?, ?, ?) "
                            "ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data, "
                            "gen = excluded.gen",
                            (kind, entity_id, json.dumps(data, ensure_ascii=False), generation),
                        )
                    else:
                        db.execute(
                            "DELETE FROM entities WHERE kind = ? AND id = ?", (kind, entity_id)
                        )
            if upserts:
                last_rowid = db.execute("SELECT COALESCE(MAX(rowid), 0) FROM messages").fetchone()[
                    0
                ]
                known = self._known_ids(db, [u[0] for u in upserts])
                summary.messages_added = [u[0] for u in upserts if u[0] not in known]
                summary.messages_changed = len(upserts) - len(summary.messages_added)
                db.executemany(
                    "INSERT INTO messages (id, category, type, title, body, created_at, "
                    "created_ms, read, gen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (id) DO UPDATE SET read = excluded.read, gen = excluded.gen, "
                    "category = excluded.category, type = excluded.type, title = excluded.title, "
                    "body = excluded.body",
                    upserts,
                )
                if summary.messages_added:
                    index_new_messages(db, last_rowid)
            if deletes:
                summary.messages_deleted = len(self._known_ids(db, [d[0] for d in deletes]))
                db.executemany("DELETE FROM messages WHERE id = ?", deletes)
            if upserts or deletes:
                self._reapply_message_edits(db)
            if summary.entities_changed:
                self._recompute_view(db)
            self.set_meta("cursor", next_cursor, db)
        return summary

    @staticmethod
    def _known_ids(db: sqlite3.Connection, ids: list[str]) -> set[str]:
        return {r[0] for r in rows_with_ids(db, "SELECT id FROM messages", ids)}

    def _reapply_message_edits(self, db: sqlite3.Connection) -> None:
        """Unsent read/unread/delete edits win over the server's older word until they are sent."""
        for row in db.execute(
            "SELECT op, payload FROM outbox WHERE kind = 'message' AND state = 'queued' ORDER BY id"
        ).fetchall():
            replay.apply_message_edit(db, row["op"], json.loads(row["payload"]))

    # -- reading ---------------------------------------------------------------------------------

    def unread_counts(self) -> dict[str, int]:
        """Unread per category (every category id present) and "all"."""
        counts = dict.fromkeys(catalog.CATEGORY_IDS, 0)
        for row in self.execute("SELECT category, unread FROM unread_counts"):
            if row[0] in counts:
                counts[row[0]] = row[1]
        counts["all"] = sum(counts[c] for c in catalog.CATEGORY_IDS)
        return counts

    def message(self, message_id: str) -> dict[str, Any] | None:
        row = self.execute("SELECT * FROM messages WHERE id = ?", (message_id,)).fetchone()
        return message_row(row) if row else None

    def message_count(self) -> int:
        return self.execute("SELECT COALESCE(SUM(total), 0) FROM unread_counts").fetchone()[0]

    def entities(self, kind: str) -> list[dict[str, Any]]:
        """What the user sees of settings, contacts or groups: server state + pending edits.

        Each has `_pending` (edits waiting) and `_problem` (why an edit is held, or None).
        """
        rows = self.execute(
            "SELECT data, pending, problem FROM entity_view WHERE kind = ? ORDER BY position",
            (kind,),
        )
        result = []
        for row in rows:
            entity = json.loads(row["data"])
            entity["_pending"] = row["pending"]
            entity["_problem"] = row["problem"]
            result.append(entity)
        return result

    def server_entity(self, kind: str, entity_id: str) -> dict[str, Any] | None:
        row = self.execute(
            "SELECT data FROM entities WHERE kind = ? AND id = ?", (kind, entity_id)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def viewed_entity(self, kind: str, entity_id: str) -> dict[str, Any] | None:
        row = self.execute(
            "SELECT data FROM entity_view WHERE kind = ? AND id = ?", (kind, entity_id)
        ).fetchone()
        return json.loads(row[0]) if row else None

    # -- local edits: applied at once, queued in the same transaction ----------------------------

    def _enqueue(
        self,
        db: sqlite3.Connection,
        op: str,
        kind: str,
        entity_id: str | None,
        payload: dict[str, Any],
        base: dict[str, Any] | None = None,
        if_match: str | None = None,
    ) -> int:
        cursor = db.execute(
            "INSERT INTO outbox (op, kind, entity_id, payload, base, if_match, idempotency_key, "
            "created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                op,
                kind,
                entity_id,
                json.dumps(payload, ensure_ascii=False),
                json.dumps(base, ensure_ascii=False) if base is not None else None,
                if_match,
                str(uuid.uuid4()),
                int(time.time() * 1000),
            ),
        )
        return int(cursor.lastrowid or 0)

    def mark_read(self, ids: list[str], read: bool) -> None:
        ids = list(dict.fromkeys(ids))
        with self.transaction() as db:
            for start in range(0, len(ids), MAX_IDS_PER_EDIT):
                payload = {"ids": ids[start : start + MAX_IDS_PER_EDIT], "read": read}
                replay.apply_message_edit(db, "read", payload)
                self._enqueue(db, "read", "message", None, payload)

    def delete_messages(self, ids: list[str], hold_ms: int = 0) -> list[dict[str, Any]]:
        """Delete locally and queue, held back `hold_ms` so that it can be undone; returns the
        deleted rows (without their search index entries), for `undo_delete`."""
        ids = list(dict.fromkeys(ids))
        not_before = int(time.time() * 1000) + hold_ms if hold_ms else 0
        with self.transaction() as db:
            removed = [message_row(r) for r in rows_with_ids(db, "SELECT * FROM messages", ids)]
            for start in range(0, len(ids), MAX_IDS_PER_EDIT):
                payload = {"ids": ids[start : start + MAX_IDS_PER_EDIT]}
                replay.apply_message_edit(db, "delete", payload)
                entry = self._enqueue(db, "delete", "message", None, payload)
                if not_before:
                    db.execute(
                        "UPDATE outbox SET not_before_ms = ? WHERE id = ?", (not_before, entry)
                    )
        return removed

    def undo_delete(self, rows: list[dict[str, Any]]) -> bool:
        """Take back a delete that has not been sent yet; False when it is too late."""
        ids = {r["id"] for r in rows}
        with self.transaction() as db:
            last_rowid = db.execute("SELECT COALESCE(MAX(rowid), 0) FROM messages").fetchone()[0]
            entries = db.execute(
                "SELECT id, payload FROM outbox WHERE op = 'delete' AND attempts = 0 "
                "AND state = 'queued'"
            ).fetchall()
            mine = [e for e in entries if set(json.loads(e["payload"])["ids"]) <= ids]
            covered = set().union(*(set(json.loads(e["payload"])["ids"]) for e in mine))
            if covered != ids:
                return False
            db.executemany("DELETE FROM outbox WHERE id = ?", [(e["id"],) for e in mine])
            db.executemany(
                "INSERT OR IGNORE INTO messages (id, category, type, title, body, created_at, "
                "created_ms, read, gen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (r["id"], r["category"], r["type"], r["title"], r["body"], r["created_at"],
                     r["created_ms"], 1 if r["read"] else 0, r["gen"])
                    for r in rows
                ],
            )  # fmt: skip
            index_new_messages(db, last_rowid)
            self._reapply_message_edits(db)
        return True

    def mark_all_read(self, category: str | None) -> str | None:
        """Mark read every message up to the newest one cached (the `up_to` form)."""
        where, args = ("WHERE category = ?", (category,)) if category else ("", ())
        newest = self.execute(
            f"SELECT created_at FROM messages {where} ORDER BY created_ms DESC LIMIT 1", args
        ).fetchone()
        if newest is None:
            return None
        payload = {"up_to": newest[0], "category": category}
        with self.transaction() as db:
            replay.apply_message_edit(db, "read_up_to", payload)
            self._enqueue(db, "read_up_to", "message", None, payload)
        return newest[0]

    def edit_entity(
        self, op: str, kind: str, entity_id: str, payload: dict[str, Any] | None = None
    ) -> None:
        """Queue a put / remove / primary of a setting, contact or group, seen at once.

        `base` is what the user saw when editing (for the three-way merge); `if_match` is the
        server's ETag of it, or None while an earlier edit of the same entity is unsent (it is
        filled in when that one succeeds).
        """
        payload = payload or {}
        with self.transaction() as db:
            shown = db.execute(
                "SELECT data FROM entity_view WHERE kind = ? AND id = ?", (kind, entity_id)
            ).fetchone()
            base = json.loads(shown[0]) if shown else None
            earlier = db.execute(
                "SELECT id, op, attempts, state FROM outbox WHERE kind = ? AND entity_id = ? "
                "ORDER BY id DESC LIMIT 1",
                (kind, entity_id),
            ).fetchone()
            unsent = earlier is not None and earlier["attempts"] == 0
            unsent = unsent and earlier["state"] == "queued"
            if op == "put" and unsent and earlier["op"] == "put":
                # Coalesce: the unsent edit now carries the newest values.
                db.execute(
                    "UPDATE outbox SET payload = ? WHERE id = ?",
                    (json.dumps(payload, ensure_ascii=False), earlier["id"]),
                )
            elif (
                op == "remove"
                and unsent
                and earlier["op"] == "put"
                and self._never_sent(db, kind, entity_id)
            ):
                # Made and deleted offline: the server never needs to hear of it.
                db.execute("DELETE FROM outbox WHERE kind = ? AND entity_id = ?", (kind, entity_id))
            else:
                server = db.execute(
                    "SELECT data FROM entities WHERE kind = ? AND id = ?", (kind, entity_id)
                ).fetchone()
                if_match = None
                if earlier is None and server is not None:
                    if_match = json.loads(server[0])["etag"]
                self._enqueue(db, op, kind, entity_id, payload, base, if_match)
            self._recompute_view(db)

    @staticmethod
    def _never_sent(db: sqlite3.Connection, kind: str, entity_id: str) -> bool:
        on_server = db.execute(
            "SELECT 1 FROM entities WHERE kind = ? AND id = ?", (kind, entity_id)
        ).fetchone()
        tried = db.execute(
            "SELECT 1 FROM outbox WHERE kind = ? AND entity_id = ? AND attempts > 0",
            (kind, entity_id),
        ).fetchone()
        return on_server is None and tried is None

    def revert_entity(self, kind: str, entity_id: str) -> int:
        """Drop the unsent edits of one entity (none of them tried yet); returns how many."""
        with self.transaction() as db:
            dropped = db.execute(
                "DELETE FROM outbox WHERE kind = ? AND entity_id = ? AND "
                "(attempts = 0 OR state != 'queued')",
                (kind, entity_id),
            ).rowcount
            self._recompute_view(db)
        return dropped

    @staticmethod
    def _server_state(db: sqlite3.Connection) -> dict[str, dict[str, dict[str, Any]]]:
        """The known server state of settings, contacts and groups, by kind and id."""
        server: dict[str, dict[str, dict[str, Any]]] = {"setting": {}, "contact": {}, "group": {}}
        for row in db.execute("SELECT kind, id, data FROM entities ORDER BY rowid"):
            server[row["kind"]][row["id"]] = json.loads(row["data"])
        return server

    def _recompute_view(self, db: sqlite3.Connection) -> None:
        server = self._server_state(db)
        entries = [
            OutboxEntry.from_row(r)
            for r in db.execute("SELECT * FROM outbox WHERE kind != 'message' ORDER BY id")
        ]
        view = replay.replay_entities(server, entries)
        db.execute("DELETE FROM entity_view")
        db.executemany(
            "INSERT INTO entity_view (kind, id, position, data, pending, problem) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (v.kind, v.id, v.position, json.dumps(v.data, ensure_ascii=False), v.pending,
                 v.problem)
                for v in view
            ],
        )  # fmt: skip

    # -- the outbox ------------------------------------------------------------------------------

    def outbox_size(self) -> int:
        """Edits not yet accepted by the server (waiting, or held for the user)."""
        return self.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]

    def outbox_entries(self, states: tuple[str, ...] = ("queued", "conflict", "rejected")):
        marks = ",".join("?" * len(states))
        return [
            OutboxEntry.from_row(r)
            for r in self.execute(
                f"SELECT * FROM outbox WHERE state IN ({marks}) ORDER BY id", states
            )
        ]

    def next_to_send(self) -> OutboxEntry | None:
        """The oldest queued entry that is due (not in its undo time) and not held behind a
        parked edit of the same entity."""
        row = self.execute(
            "SELECT * FROM outbox AS o WHERE state = 'queued' AND not_before_ms <= ? "
            "AND NOT EXISTS (SELECT 1 FROM outbox AS p WHERE p.kind = o.kind "
            "AND p.entity_id = o.entity_id AND p.id < o.id AND p.state != 'queued') "
            "ORDER BY id LIMIT 1",
            (int(time.time() * 1000),),
        ).fetchone()
        return OutboxEntry.from_row(row) if row else None

    def seconds_until_due(self) -> float | None:
        """When the next held-back entry may go, or None when nothing is held back."""
        row = self.execute(
            "SELECT MIN(not_before_ms) FROM outbox WHERE state = 'queued' AND not_before_ms > ?",
            (int(time.time() * 1000),),
        ).fetchone()
        return None if row[0] is None else max(0.0, (row[0] - time.time() * 1000) / 1000)

    def mark_attempt(self, entry: OutboxEntry) -> None:
        """Recorded before each send: a crash after this knows the entry may have reached."""
        with self.transaction() as db:
            db.execute("UPDATE outbox SET attempts = attempts + 1 WHERE id = ?", (entry.id,))

    def finish_entry(self, entry: OutboxEntry, result: dict[str, Any] | None = None) -> None:
        """The server accepted the entry (or it no longer matters): drop it.

        `result`, the entity the server returned, becomes the known server state when the cache
        still held the state the edit was made on (a newer one from the feed is never replaced);
        later edits of the same entity (up to its next delete) take its ETag as their If-Match.
        """
        with self.transaction() as db:
            db.execute("DELETE FROM outbox WHERE id = ?", (entry.id,))
            if result is not None and entry.kind != "message" and entry.entity_id:
                known = db.execute(
                    "SELECT data FROM entities WHERE kind = ? AND id = ?",
                    (entry.kind, entry.entity_id),
                ).fetchone()
                known_etag = json.loads(known[0]).get("etag") if known else None
                if known_etag is None or known_etag == entry.if_match:
                    db.execute(
                        "INSERT INTO entities (kind, id, data, gen) VALUES (?, ?, ?, "
                        "(SELECT COALESCE(MAX(gen), 0) FROM entities)) "
                        "ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data",
                        (entry.kind, entry.entity_id, json.dumps(result, ensure_ascii=False)),
                    )
                # Up to its next delete: an edit after that one makes the entity anew, and a
                # create must carry no If-Match (a stale one would meet a 404 and be held).
                db.execute(
                    "UPDATE outbox SET if_match = ?, base = ? WHERE kind = ? AND entity_id = ? "
                    "AND id > ? AND state = 'queued' AND id <= COALESCE((SELECT MIN(id) FROM "
                    "outbox WHERE kind = ? AND entity_id = ? AND op = 'remove' AND id > ?), id)",
                    (
                        result.get("etag"),
                        json.dumps(result, ensure_ascii=False),
                        *(entry.kind, entry.entity_id, entry.id) * 2,
                    ),
                )
            elif entry.op == "remove" and entry.entity_id:
                self._apply_to_server_state(db, entry)
            self._recompute_view(db)

    def _apply_to_server_state(self, db: sqlite3.Connection, entry: OutboxEntry) -> None:
        """A delete the server took: it also applied the fallback to settings and groups, so
        the known server state does too (the feed will say the same a moment later)."""
        before = self._server_state(db)
        after = copy.deepcopy(before)
        replay.apply_entity_edit(after, "remove", entry.kind, entry.entity_id or "", {})
        db.execute("DELETE FROM entities WHERE kind = ? AND id = ?", (entry.kind, entry.entity_id))
        db.executemany(
            "UPDATE entities SET data = ? WHERE kind = ? AND id = ?",
            [
                (json.dumps(entity, ensure_ascii=False), kind, entity_id)
                for kind, entities in after.items()
                for entity_id, entity in entities.items()
                if entity != before[kind].get(entity_id)
            ],
        )

    def requeue(
        self,
        entry: OutboxEntry,
        payload: dict[str, Any],
        if_match: str | None,
        base: dict[str, Any] | None,
    ) -> None:
        """After a merge: the entry goes again with the merged values, a new ETag and a new key
        (a key belongs to one request: the If-Match is part of it)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE outbox SET payload = ?, if_match = ?, base = ?, idempotency_key = ?, "
                "state = 'queued', reason = NULL, current = NULL WHERE id = ?",
                (
                    json.dumps(payload, ensure_ascii=False),
                    if_match,
                    json.dumps(base, ensure_ascii=False) if base is not None else None,
                    str(uuid.uuid4()),
                    entry.id,
                ),
            )
            if base is not None and entry.kind != "message" and entry.entity_id:
                db.execute(
                    "INSERT INTO entities (kind, id, data) VALUES (?, ?, ?) "
                    "ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data",
                    (entry.kind, entry.entity_id, json.dumps(base, ensure_ascii=False)),
                )
            self._recompute_view(db)

    def park(
        self, entry: OutboxEntry, state: str, reason: str, current: dict[str, Any] | None = None
    ) -> None:
        """Hold an entry for the user: `conflict` (both sides changed a field) or `rejected`."""
        with self.transaction() as db:
            db.execute(
                "UPDATE outbox SET state = ?, reason = ?, current = ? WHERE id = ?",
                (
                    state,
                    reason,
                    json.dumps(current, ensure_ascii=False) if current is not None else None,
                    entry.id,
                ),
            )
            if current is not None and entry.entity_id:
                db.execute(
                    "INSERT INTO entities (kind, id, data) VALUES (?, ?, ?) "
                    "ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data",
                    (entry.kind, entry.entity_id, json.dumps(current, ensure_ascii=False)),
                )
            if entry.kind == "message":
                self._reapply_message_edits(db)
            self._recompute_view(db)

    def held_entry(self, kind: str, entity_id: str) -> OutboxEntry | None:
        """The edit of this entity held for the user (a conflict, or rejected), if any."""
        row = self.execute(
            "SELECT * FROM outbox WHERE kind = ? AND entity_id = ? AND state != 'queued' "
            "ORDER BY id LIMIT 1",
            (kind, entity_id),
        ).fetchone()
        return OutboxEntry.from_row(row) if row else None

    def entry(self, entry_id: int) -> OutboxEntry | None:
        row = self.execute("SELECT * FROM outbox WHERE id = ?", (entry_id,)).fetchone()
        return OutboxEntry.from_row(row) if row else None

    def fix_rejected(self, entry_id: int, payload: dict[str, Any]) -> None:
        """The user corrected an edit the server refused: it goes again as corrected."""
        entry = self.entry(entry_id)
        if entry is not None:
            self.requeue(entry, payload, entry.if_match, entry.base)

    def discard(self, entry_id: int) -> None:
        """The user drops a held (or unsent) edit; the server's version shows again."""
        with self.transaction() as db:
            db.execute("DELETE FROM outbox WHERE id = ?", (entry_id,))
            self._recompute_view(db)

    # -- notifications ---------------------------------------------------------------------------

    # -- announcing new messages (notifications) -------------------------------------------------

    def arrivals(self, offered: set[str]) -> Arrivals | None:
        """Unread messages not yet announced, newest first; None when there are none.

        `offered`: ids passed on before and not yet recorded. They are left out, and the set is
        trimmed to those still waiting (recorded or read since: no longer needed there).

        The first call after a profile's first sync sets the watermark: what that sync brought is
        history, never announced. Later, the watermark trails the newest message by a week, so
        the scan stays short and announced ids older than it can be forgotten.
        """
        newest = self.execute("SELECT MAX(created_ms) FROM messages").fetchone()[0] or 0
        stored = self.get_meta(WATERMARK_KEY)
        if stored is None:
            with self.transaction() as db:
                self.set_meta(WATERMARK_KEY, str(newest), db)
            return None
        watermark = max(int(stored), newest - ANNOUNCE_HORIZON_MS)
        rows = self.execute(
            "SELECT id, category FROM messages m "
            "WHERE created_ms > ? AND read = 0 "
            "AND NOT EXISTS (SELECT 1 FROM announced a WHERE a.id = m.id) "
            "ORDER BY created_ms DESC, id DESC",
            (watermark,),
        ).fetchall()
        offered &= {r["id"] for r in rows}
        rows = [r for r in rows if r["id"] not in offered]
        if not rows:
            return None
        by_category: dict[str, int] = {}
        for row in rows:
            by_category[row["category"]] = by_category.get(row["category"], 0) + 1
        newest_ids = [r["id"] for r in rows[:ARRIVALS_LISTED]]
        listed = {
            row["id"]: {k: row[k] for k in ("id", "category", "type", "title", "created_ms")}
            | {"body": row["body"][:ARRIVAL_BODY_CHARS]}
            for row in rows_with_ids(self._connection, "SELECT * FROM messages", newest_ids)
        }
        return Arrivals([r["id"] for r in rows], [listed[i] for i in newest_ids], by_category)

    def record_announced(self, ids: list[str]) -> None:
        """Never announce these again; forget records older than the announcing horizon."""
        now = int(time.time() * 1000)
        with self.transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO announced (id, announced_ms) VALUES (?, ?)",
                [(i, now) for i in ids],
            )
            db.execute(
                "DELETE FROM announced WHERE announced_ms < ?", (now - 4 * ANNOUNCE_HORIZON_MS,)
            )


def index_new_messages(db: sqlite3.Connection, after_rowid: int) -> None:
    """Add messages inserted after `after_rowid` to the search index, in one statement."""
    db.execute(
        "INSERT INTO messages_fts (rowid, title, body) "
        "SELECT rowid, title, body FROM messages WHERE rowid > ?",
        (after_rowid,),
    )


def message_row(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "category": row["category"],
        "type": row["type"],
        "title": row["title"],
        "body": row["body"],
        "created_at": row["created_at"],
        "created_ms": row["created_ms"],
        "read": bool(row["read"]),
        "gen": row["gen"],
    }


def rows_with_ids(db: sqlite3.Connection, select: str, ids: list[str]) -> list[sqlite3.Row]:
    """`select` + `WHERE id IN (…)`, in chunks under SQLite's limit on bound parameters."""
    rows: list[sqlite3.Row] = []
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        marks = ",".join("?" * len(chunk))
        rows.extend(db.execute(f"{select} WHERE id IN ({marks})", chunk))
    return rows


def _salvage(path: Path) -> tuple[list[dict[str, Any]], list[tuple[str, int]], str | None]:
    """Whatever of the outbox and the announced record can still be read from a damaged file."""
    outbox: list[dict[str, Any]] = []
    announced: list[tuple[str, int]] = []
    watermark: str | None = None
    try:
        damaged = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        damaged.row_factory = sqlite3.Row
    except sqlite3.Error:
        return outbox, announced, watermark
    with contextlib.closing(damaged):
        with contextlib.suppress(sqlite3.Error):
            outbox = [dict(r) for r in damaged.execute("SELECT * FROM outbox ORDER BY id")]
        with contextlib.suppress(sqlite3.Error):
            announced = [
                tuple(r) for r in damaged.execute("SELECT id, announced_ms FROM announced")
            ]
        with contextlib.suppress(sqlite3.Error):
            # Kept so that messages that came while the app was closed are still announced.
            row = damaged.execute(
                "SELECT value FROM meta WHERE key = ?", (WATERMARK_KEY,)
            ).fetchone()
            if row is not None:
                watermark = row[0]
    return outbox, announced, watermark
