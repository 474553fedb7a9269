"""Messages: the server's, with the unsent read / unread / delete edits applied over them.

Messages are too many to recompute from the server's state after every change (as settings,
contacts and groups are): the unsent edits are applied once when made, and again after each page
from the server. Every statement that writes the `messages` table is here.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from desktop.cache.connection import Database
from desktop.cache.kinds import ChangeOp, EntityKind, Operation
from desktop.cache.outbox import Outbox
from desktop.cache.rows import ChangeSummary, Message
from desktop.cache.schema import INDEXED_UPTO_KEY
from msgcenter import catalog

MAX_IDS_PER_EDIT = 500  # the API's limit for one read / delete call
_COLUMNS = "id, category, type, title, body, created_at, created_ms, read, gen"


def ms_of(created_at: str) -> int:
    """Milliseconds since the epoch of an RFC 3339 time from the server."""
    text = created_at[:-1] + "+00:00" if created_at.endswith("Z") else created_at
    return int(datetime.fromisoformat(text).timestamp() * 1000)


def rows_with_ids(db: sqlite3.Connection, select: str, ids: Sequence[str]) -> list[sqlite3.Row]:
    """`select` + `WHERE id IN (…)`, in chunks under SQLite's limit on bound parameters."""
    rows: list[sqlite3.Row] = []
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        marks = ",".join("?" * len(chunk))
        rows.extend(db.execute(f"{select} WHERE id IN ({marks})", chunk))
    return rows


def index_backlog(db: sqlite3.Connection, most: int | None = None) -> int:
    """Add up to `most` (or all) of the messages not yet in the search index to it, oldest
    first, in one statement; returns how many were added."""
    after = _indexed_upto(db)
    end = db.execute(
        "SELECT MAX(rowid), COUNT(*) FROM "
        "(SELECT rowid FROM messages WHERE rowid > ? ORDER BY rowid LIMIT ?)",
        (after, -1 if most is None else most),
    ).fetchone()
    if not end[1]:
        return 0
    db.execute(
        "INSERT INTO messages_fts (rowid, title, body) "
        "SELECT rowid, title, body FROM messages WHERE rowid > ? AND rowid <= ?",
        (after, end[0]),
    )
    db.execute("UPDATE meta SET value = ? WHERE key = ?", (str(end[0]), INDEXED_UPTO_KEY))
    return int(end[1])


def _indexed_upto(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (INDEXED_UPTO_KEY,)).fetchone()
    return int(row[0])


def _before_inserting(db: sqlite3.Connection) -> None:
    """New rows take the rowids after the largest one left, which deletes may have brought below
    the index's mark: the mark comes down to it first, so that new rows count as not indexed."""
    db.execute(
        "UPDATE meta SET value = MIN(CAST(value AS INTEGER), "
        "(SELECT COALESCE(MAX(rowid), 0) FROM messages)) WHERE key = ?",
        (INDEXED_UPTO_KEY,),
    )


def _known_ids(db: sqlite3.Connection, ids: list[str]) -> set[str]:
    return {r[0] for r in rows_with_ids(db, "SELECT id FROM messages", ids)}


def recount(db: sqlite3.Connection) -> None:
    """`unread_counts` from the messages as they are (for rows written by other means)."""
    db.execute("DELETE FROM unread_counts")
    db.execute(
        "INSERT INTO unread_counts (category, unread, total) "
        "SELECT category, SUM(read = 0), COUNT(*) FROM messages GROUP BY category"
    )


def _count_new(db: sqlite3.Connection, rows: list[tuple[Any, ...]], known: set[str]) -> list[str]:
    """Count into `unread_counts` the rows (in `_COLUMNS` order) about to be inserted that are
    not `known`, and return their ids. Only an id's first row is an insert: a later one in the
    same statement updates it, and the update trigger (`messages_recounted`) counts that."""
    added: list[str] = []
    counts: dict[str, list[int]] = {}
    seen = set(known)
    for row in rows:
        if row[0] in seen:
            continue
        seen.add(row[0])
        added.append(row[0])
        unread_total = counts.setdefault(row[1], [0, 0])
        unread_total[0] += row[7] == 0
        unread_total[1] += 1
    db.executemany(
        "INSERT INTO unread_counts (category, unread, total) VALUES (?, ?, ?) "
        "ON CONFLICT (category) DO UPDATE "
        "SET unread = unread + excluded.unread, total = total + excluded.total",
        [(category, unread, total) for category, (unread, total) in counts.items()],
    )
    return added


def apply_edit(db: sqlite3.Connection, op: Operation, payload: dict[str, Any]) -> None:
    """A local read / unread / delete edit, applied to the cached messages."""
    if op == Operation.READ:
        ids = payload["ids"]
        marks = ",".join("?" * len(ids))
        read = 1 if payload["read"] else 0
        db.execute(
            f"UPDATE messages SET read = ? WHERE id IN ({marks}) AND read != ?", (read, *ids, read)
        )
    elif op == Operation.DELETE:
        ids = payload["ids"]
        db.execute(f"DELETE FROM messages WHERE id IN ({','.join('?' * len(ids))})", ids)
    elif op == Operation.READ_UP_TO:
        condition = "read = 0 AND created_ms <= ?"
        args: list[Any] = [ms_of(payload["up_to"])]
        if payload.get("category"):
            condition += " AND category = ?"
            args.append(payload["category"])
        db.execute(f"UPDATE messages SET read = 1 WHERE {condition}", args)


class MessageStore:
    """The `messages` table: what the server sends, what the user does, and what is read."""

    def __init__(self, database: Database) -> None:
        self._db = database

    # -- reading ---------------------------------------------------------------------------------

    def get(self, message_id: str) -> Message | None:
        row = self._db.connection.execute(
            f"SELECT {_COLUMNS} FROM messages WHERE id = ?", (message_id,)
        ).fetchone()
        return Message.from_row(row) if row else None

    def unread_counts(self) -> dict[str, int]:
        """Unread per category (every category id present) and "all"."""
        counts = dict.fromkeys(catalog.CATEGORY_IDS, 0)
        for row in self._db.connection.execute("SELECT category, unread FROM unread_counts"):
            if row[0] in counts:
                counts[row[0]] = row[1]
        counts["all"] = sum(counts[c] for c in catalog.CATEGORY_IDS)
        return counts

    def count(self) -> int:
        """Every cached message."""
        row = self._db.connection.execute("SELECT COALESCE(SUM(total), 0) FROM unread_counts")
        return int(row.fetchone()[0])

    def index_backlog(self, most: int) -> int:
        """Add up to `most` messages that a catch-up left out of the search index to it, in a
        transaction of their own; returns how many (0: the index is complete)."""
        with self._db.transaction() as db:
            return index_backlog(db, most)

    # -- the server's changes --------------------------------------------------------------------

    @staticmethod
    def apply(
        db: sqlite3.Connection,
        changes: list[dict[str, Any]],
        generation: int,
        summary: ChangeSummary,
        index: bool = True,
    ) -> None:
        """The message changes of one page (others are skipped), counted into `summary`.
        `index`: add new messages to the search index now (else `index_backlog` does, later)."""
        upserts: list[tuple[Any, ...]] = []
        deletes: list[tuple[str]] = []
        for change in changes:
            if change["kind"] != EntityKind.MESSAGE:
                continue
            if change["op"] != ChangeOp.UPSERT:
                deletes.append((change["id"],))
                continue
            data = change["data"]
            upserts.append(
                (
                    change["id"],
                    data["category"],
                    data["type"],
                    data["title"],
                    data["body"],
                    data["created_at"],
                    ms_of(data["created_at"]),
                    1 if data["read"] else 0,
                    generation,
                )
            )
        if upserts:
            _before_inserting(db)
            known = _known_ids(db, [u[0] for u in upserts])
            summary.messages_added = _count_new(db, upserts, known)
            summary.messages_changed = len(upserts) - len(summary.messages_added)
            db.executemany(
                f"INSERT INTO messages ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET read = excluded.read, gen = excluded.gen, "
                "category = excluded.category, type = excluded.type, title = excluded.title, "
                "body = excluded.body",
                upserts,
            )
            if summary.messages_added and index:
                index_backlog(db)
        if deletes:
            summary.messages_deleted = len(_known_ids(db, [d[0] for d in deletes]))
            db.executemany("DELETE FROM messages WHERE id = ?", deletes)
        if upserts or deletes:
            MessageStore.reapply_edits(db)

    @staticmethod
    def drop_older(db: sqlite3.Connection, generation: int) -> int:
        """After a full resync: what it did not see again is gone on the server."""
        return db.execute("DELETE FROM messages WHERE gen < ?", (generation,)).rowcount

    @staticmethod
    def reapply_edits(db: sqlite3.Connection) -> None:
        """Unsent read/unread/delete edits win over the server's older word until they are sent."""
        for op, payload in Outbox.queued_message_edits(db):
            apply_edit(db, op, payload)

    # -- the user's edits: applied at once, queued in the same transaction -----------------------

    def mark_read(self, ids: list[str], read: bool) -> None:
        ids = list(dict.fromkeys(ids))
        with self._db.transaction() as db:
            for start in range(0, len(ids), MAX_IDS_PER_EDIT):
                payload = {"ids": ids[start : start + MAX_IDS_PER_EDIT], "read": read}
                apply_edit(db, Operation.READ, payload)
                Outbox.add(db, Operation.READ, EntityKind.MESSAGE, None, payload)

    def delete(self, ids: list[str], hold_ms: int = 0) -> list[Message]:
        """Delete locally and queue, held back `hold_ms` so that it can be undone; returns the
        deleted rows (without their search index entries), for `undo_delete`."""
        ids = list(dict.fromkeys(ids))
        not_before = int(time.time() * 1000) + hold_ms if hold_ms else 0
        with self._db.transaction() as db:
            select = f"SELECT {_COLUMNS} FROM messages"
            removed = [Message.from_row(r) for r in rows_with_ids(db, select, ids)]
            for start in range(0, len(ids), MAX_IDS_PER_EDIT):
                payload = {"ids": ids[start : start + MAX_IDS_PER_EDIT]}
                apply_edit(db, Operation.DELETE, payload)
                Outbox.add(
                    db,
                    Operation.DELETE,
                    EntityKind.MESSAGE,
                    None,
                    payload,
                    not_before_ms=not_before,
                )
        return removed

    def undo_delete(self, rows: list[Message]) -> bool:
        """Take back a delete that has not been sent yet; False when it is too late."""
        ids = {r.id for r in rows}
        with self._db.transaction() as db:
            mine = [(entry, set(deleted)) for entry, deleted in Outbox.untried_deletes(db)]
            mine = [(entry, deleted) for entry, deleted in mine if deleted <= ids]
            covered = set().union(*(deleted for _entry, deleted in mine))
            if covered != ids:
                return False
            Outbox.drop(db, [entry for entry, _deleted in mine])
            _before_inserting(db)
            restored = [
                (r.id, r.category, r.type, r.title, r.body, r.created_at, r.created_ms,
                 1 if r.read else 0, r.gen)
                for r in rows
            ]  # fmt: skip
            _count_new(db, restored, _known_ids(db, list(ids)))
            db.executemany(
                f"INSERT OR IGNORE INTO messages ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                restored,
            )
            index_backlog(db)
            self.reapply_edits(db)
        return True

    def mark_all_read(self, category: str | None) -> str | None:
        """Mark read every message up to the newest one cached (the `up_to` form)."""
        where, args = ("WHERE category = ?", (category,)) if category else ("", ())
        newest = self._db.connection.execute(
            f"SELECT created_at FROM messages {where} ORDER BY created_ms DESC LIMIT 1", args
        ).fetchone()
        if newest is None:
            return None
        up_to = str(newest[0])
        payload = {"up_to": up_to, "category": category}
        with self._db.transaction() as db:
            apply_edit(db, Operation.READ_UP_TO, payload)
            Outbox.add(db, Operation.READ_UP_TO, EntityKind.MESSAGE, None, payload)
        return up_to
