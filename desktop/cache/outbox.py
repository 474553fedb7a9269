"""The outbox: local edits waiting for the server, in the order they were made.

An entry is `queued` until it is sent and accepted (then it goes), or held for the user as a
`conflict` or `rejected` (see :class:`~desktop.cache.kinds.OutboxState`). What an answer does to
the rest of the cache (the known server state, what the user sees) is `desktop.cache.store`'s
part; here are the queue's own rows. Methods taking `db` run inside the caller's transaction.
"""

from __future__ import annotations

import json
import sqlite3
import time
from typing import Any

from desktop.cache.connection import Database
from desktop.cache.kinds import EntityKind, Operation, OutboxState
from desktop.cache.rows import OutboxEntry

QUEUED = OutboxState.QUEUED


def _json(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _now_ms() -> int:
    return int(time.time() * 1000)


def _new_key() -> str:
    """A new idempotency key. uuid is imported here, at the first edit: it imports `platform`,
    ~5 ms that the start-up does without."""
    import uuid

    return str(uuid.uuid4())


class Outbox:
    """The queue of local edits (the `outbox` table)."""

    def __init__(self, database: Database) -> None:
        self._db = database

    # -- reading ---------------------------------------------------------------------------------

    def size(self) -> int:
        """Edits not yet accepted by the server (waiting, or held for the user)."""
        return int(self._db.connection.execute("SELECT COUNT(*) FROM outbox").fetchone()[0])

    def entries(self, states: tuple[OutboxState, ...] = tuple(OutboxState)) -> list[OutboxEntry]:
        marks = ",".join("?" * len(states))
        rows = self._db.connection.execute(
            f"SELECT * FROM outbox WHERE state IN ({marks}) ORDER BY id", states
        )
        return [OutboxEntry.from_row(r) for r in rows]

    def get(self, entry_id: int) -> OutboxEntry | None:
        row = self._db.connection.execute(
            "SELECT * FROM outbox WHERE id = ?", (entry_id,)
        ).fetchone()
        return OutboxEntry.from_row(row) if row else None

    def next_to_send(self) -> OutboxEntry | None:
        """The oldest queued entry that is due (not in its undo time) and not held behind a
        parked edit of the same entity."""
        row = self._db.connection.execute(
            "SELECT * FROM outbox AS o WHERE state = ? AND not_before_ms <= ? "
            "AND NOT EXISTS (SELECT 1 FROM outbox AS p WHERE p.kind = o.kind "
            "AND p.entity_id = o.entity_id AND p.id < o.id AND p.state != ?) "
            "ORDER BY id LIMIT 1",
            (QUEUED, _now_ms(), QUEUED),
        ).fetchone()
        return OutboxEntry.from_row(row) if row else None

    def seconds_until_due(self) -> float | None:
        """When the next held-back entry may go, or None when nothing is held back."""
        row = self._db.connection.execute(
            "SELECT MIN(not_before_ms) FROM outbox WHERE state = ? AND not_before_ms > ?",
            (QUEUED, _now_ms()),
        ).fetchone()
        return None if row[0] is None else max(0.0, (row[0] - time.time() * 1000) / 1000)

    def held_entry(self, kind: EntityKind, entity_id: str) -> OutboxEntry | None:
        """The edit of this entity held for the user (a conflict, or rejected), if any."""
        row = self._db.connection.execute(
            "SELECT * FROM outbox WHERE kind = ? AND entity_id = ? AND state != ? "
            "ORDER BY id LIMIT 1",
            (kind, entity_id, QUEUED),
        ).fetchone()
        return OutboxEntry.from_row(row) if row else None

    @staticmethod
    def queued_message_edits(db: sqlite3.Connection) -> list[tuple[Operation, dict[str, Any]]]:
        """The unsent read / unread / delete edits, oldest first."""
        rows = db.execute(
            "SELECT op, payload FROM outbox WHERE kind = ? AND state = ? ORDER BY id",
            (EntityKind.MESSAGE, QUEUED),
        ).fetchall()
        return [(Operation(r["op"]), json.loads(r["payload"])) for r in rows]

    @staticmethod
    def entity_entries(db: sqlite3.Connection) -> list[OutboxEntry]:
        """Every entry about a setting, contact or group, oldest first (queued or held)."""
        rows = db.execute("SELECT * FROM outbox WHERE kind != ? ORDER BY id", (EntityKind.MESSAGE,))
        return [OutboxEntry.from_row(r) for r in rows]

    @staticmethod
    def latest_of(db: sqlite3.Connection, kind: EntityKind, entity_id: str) -> OutboxEntry | None:
        row = db.execute(
            "SELECT * FROM outbox WHERE kind = ? AND entity_id = ? ORDER BY id DESC LIMIT 1",
            (kind, entity_id),
        ).fetchone()
        return OutboxEntry.from_row(row) if row else None

    @staticmethod
    def ever_tried(db: sqlite3.Connection, kind: EntityKind, entity_id: str) -> bool:
        """Whether an edit of this entity may have reached the server."""
        row = db.execute(
            "SELECT 1 FROM outbox WHERE kind = ? AND entity_id = ? AND attempts > 0",
            (kind, entity_id),
        ).fetchone()
        return row is not None

    @staticmethod
    def untried_deletes(db: sqlite3.Connection) -> list[tuple[int, list[str]]]:
        """Message deletes not sent yet: entry id and message ids of each."""
        rows = db.execute(
            "SELECT id, payload FROM outbox WHERE op = ? AND attempts = 0 AND state = ?",
            (Operation.DELETE, QUEUED),
        ).fetchall()
        return [(r["id"], json.loads(r["payload"])["ids"]) for r in rows]

    # -- writing ---------------------------------------------------------------------------------

    @staticmethod
    def add(
        db: sqlite3.Connection,
        op: Operation,
        kind: EntityKind,
        entity_id: str | None,
        payload: dict[str, Any],
        base: dict[str, Any] | None = None,
        if_match: str | None = None,
        not_before_ms: int = 0,
    ) -> int:
        """Queue an edit; its idempotency key is made now, before any send."""
        cursor = db.execute(
            "INSERT INTO outbox (op, kind, entity_id, payload, base, if_match, idempotency_key, "
            "state, created_ms, not_before_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                op,
                kind,
                entity_id,
                _json(payload),
                _json(base),
                if_match,
                _new_key(),
                QUEUED,
                _now_ms(),
                not_before_ms,
            ),
        )
        return int(cursor.lastrowid or 0)

    @staticmethod
    def restore(db: sqlite3.Connection, rows: list[dict[str, Any]]) -> None:
        """Entries salvaged from a damaged cache, column by column as they were."""
        for row in rows:
            columns = ", ".join(row)
            marks = ", ".join("?" for _ in row)
            db.execute(f"INSERT INTO outbox ({columns}) VALUES ({marks})", tuple(row.values()))

    def mark_attempt(self, entry: OutboxEntry) -> None:
        """Recorded before each send: a crash after this knows the entry may have reached."""
        with self._db.transaction() as db:
            db.execute("UPDATE outbox SET attempts = attempts + 1 WHERE id = ?", (entry.id,))

    @staticmethod
    def replace_payload(db: sqlite3.Connection, entry_id: int, payload: dict[str, Any]) -> None:
        """An unsent edit now carries the newest values (coalescing)."""
        db.execute("UPDATE outbox SET payload = ? WHERE id = ?", (_json(payload), entry_id))

    @staticmethod
    def drop(db: sqlite3.Connection, entry_ids: list[int]) -> None:
        db.executemany("DELETE FROM outbox WHERE id = ?", [(i,) for i in entry_ids])

    @staticmethod
    def drop_entity(db: sqlite3.Connection, kind: EntityKind, entity_id: str) -> None:
        db.execute("DELETE FROM outbox WHERE kind = ? AND entity_id = ?", (kind, entity_id))

    @staticmethod
    def drop_unsent(db: sqlite3.Connection, kind: EntityKind, entity_id: str) -> int:
        """The edits of one entity that never went (or are held); returns how many."""
        return db.execute(
            "DELETE FROM outbox WHERE kind = ? AND entity_id = ? AND (attempts = 0 OR state != ?)",
            (kind, entity_id, QUEUED),
        ).rowcount

    @staticmethod
    def queue_again(
        db: sqlite3.Connection,
        entry: OutboxEntry,
        payload: dict[str, Any],
        if_match: str | None,
        base: dict[str, Any] | None,
    ) -> None:
        """Queued anew with these values and a new key (a key belongs to one request: the
        If-Match is part of it)."""
        db.execute(
            "UPDATE outbox SET payload = ?, if_match = ?, base = ?, idempotency_key = ?, "
            "state = ?, reason = NULL, current = NULL WHERE id = ?",
            (_json(payload), if_match, _json(base), _new_key(), QUEUED, entry.id),
        )

    @staticmethod
    def hold(
        db: sqlite3.Connection,
        entry: OutboxEntry,
        state: OutboxState,
        reason: str,
        current: dict[str, Any] | None,
    ) -> None:
        db.execute(
            "UPDATE outbox SET state = ?, reason = ?, current = ? WHERE id = ?",
            (state, reason, _json(current), entry.id),
        )

    @staticmethod
    def pass_on_etag(db: sqlite3.Connection, entry: OutboxEntry, result: dict[str, Any]) -> None:
        """Later queued edits of the same entity, up to its next delete, go over `result` (the
        entity the server returned for `entry`): its ETag as their If-Match.

        Only up to the delete: an edit after that one makes the entity anew, and a create must
        carry no If-Match (a stale one would meet a 404 and be held)."""
        db.execute(
            "UPDATE outbox SET if_match = ?, base = ? WHERE kind = ? AND entity_id = ? "
            "AND id > ? AND state = ? AND id <= COALESCE((SELECT MIN(id) FROM "
            "outbox WHERE kind = ? AND entity_id = ? AND op = ? AND id > ?), id)",
            (
                result.get("etag"),
                _json(result),
                *(entry.kind, entry.entity_id, entry.id),
                QUEUED,
                *(entry.kind, entry.entity_id),
                Operation.REMOVE,
                entry.id,
            ),
        )
