"""Settings, contacts and groups: the server's state (`entities`) and what the user sees
(`entity_view`), that state with the outbox's edits replayed over it, recomputed after every
change (a few dozen rows). Methods taking `db` run inside the caller's transaction.
"""

from __future__ import annotations

import copy
import json
import sqlite3
from typing import Any

from desktop.cache import replay
from desktop.cache.connection import Database
from desktop.cache.kinds import VIEWED_KINDS, ChangeOp, EntityKind, Operation, OutboxState
from desktop.cache.outbox import Outbox
from desktop.cache.rows import OutboxEntry, ShownEntity

ServerState = dict[EntityKind, dict[str, dict[str, Any]]]


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False)


class EntityStore:
    """The known server state of settings, contacts and groups, and the user's view of them."""

    def __init__(self, database: Database) -> None:
        self._db = database

    # -- reading ---------------------------------------------------------------------------------

    def shown(self, kind: EntityKind) -> list[ShownEntity]:
        """What the user sees of one kind, in order: server state + pending edits."""
        rows = self._db.connection.execute(
            "SELECT id, data, pending, problem FROM entity_view WHERE kind = ? ORDER BY position",
            (kind,),
        )
        return [
            ShownEntity(kind, r["id"], json.loads(r["data"]), r["pending"], r["problem"])
            for r in rows
        ]

    def server_entity(self, kind: EntityKind, entity_id: str) -> dict[str, Any] | None:
        """As the server last said."""
        return self._data("entities", kind, entity_id, self._db.connection)

    def viewed_entity(self, kind: EntityKind, entity_id: str) -> dict[str, Any] | None:
        """As the user sees it."""
        return self._data("entity_view", kind, entity_id, self._db.connection)

    @staticmethod
    def _data(
        table: str, kind: EntityKind, entity_id: str, db: sqlite3.Connection
    ) -> dict[str, Any] | None:
        row = db.execute(
            f"SELECT data FROM {table} WHERE kind = ? AND id = ?", (kind, entity_id)
        ).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    # -- the server's changes --------------------------------------------------------------------

    @staticmethod
    def apply(
        db: sqlite3.Connection, changes: list[dict[str, Any]], generation: int
    ) -> set[EntityKind]:
        """The entity changes of one page (messages are skipped); returns the kinds changed.
        The view is the caller's to recompute, once for the page."""
        kinds: set[EntityKind] = set()
        for change in changes:
            kind = EntityKind(change["kind"])
            if kind == EntityKind.MESSAGE:
                continue
            kinds.add(kind)
            if change["op"] == ChangeOp.UPSERT:
                db.execute(
                    "INSERT INTO entities (kind, id, data, gen) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data, "
                    "gen = excluded.gen",
                    (kind, change["id"], _json(change["data"]), generation),
                )
            else:
                db.execute("DELETE FROM entities WHERE kind = ? AND id = ?", (kind, change["id"]))
        return kinds

    @staticmethod
    def drop_older(db: sqlite3.Connection, generation: int) -> set[EntityKind]:
        """After a full resync: what it did not see again is gone on the server."""
        older = db.execute("SELECT kind FROM entities WHERE gen < ?", (generation,))
        kinds = {EntityKind(r[0]) for r in older}
        db.execute("DELETE FROM entities WHERE gen < ?", (generation,))
        return kinds

    @staticmethod
    def remember(
        db: sqlite3.Connection, kind: EntityKind, entity_id: str, data: dict[str, Any]
    ) -> None:
        """The server's current state of one entity, as a 412 or a hold brought it."""
        db.execute(
            "INSERT INTO entities (kind, id, data) VALUES (?, ?, ?) "
            "ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data",
            (kind, entity_id, _json(data)),
        )

    @classmethod
    def take_result(
        cls, db: sqlite3.Connection, entry: OutboxEntry, result: dict[str, Any]
    ) -> None:
        """The entity the server returned for `entry` becomes the known server state when the
        cache still held the state the edit was made on (a newer one from the feed is never
        replaced)."""
        assert entry.entity_id is not None
        known = cls._data("entities", entry.kind, entry.entity_id, db)
        known_etag = known.get("etag") if known else None
        if known_etag is None or known_etag == entry.if_match:
            db.execute(
                "INSERT INTO entities (kind, id, data, gen) VALUES (?, ?, ?, "
                "(SELECT COALESCE(MAX(gen), 0) FROM entities)) "
                "ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data",
                (entry.kind, entry.entity_id, _json(result)),
            )

    @classmethod
    def take_removal(cls, db: sqlite3.Connection, entry: OutboxEntry) -> None:
        """A delete the server took: it also applied the fallback to settings and groups, so
        the known server state does too (the feed will say the same a moment later)."""
        before = cls._server_state(db)
        after = copy.deepcopy(before)
        replay.apply_entity_edit(after, Operation.REMOVE, entry.kind, entry.entity_id or "", {})
        db.execute("DELETE FROM entities WHERE kind = ? AND id = ?", (entry.kind, entry.entity_id))
        db.executemany(
            "UPDATE entities SET data = ? WHERE kind = ? AND id = ?",
            [
                (_json(entity), kind, entity_id)
                for kind, entities in after.items()
                for entity_id, entity in entities.items()
                if entity != before[kind].get(entity_id)
            ],
        )

    # -- the user's edits: seen at once, queued in the same transaction --------------------------

    def edit(
        self,
        op: Operation,
        kind: EntityKind,
        entity_id: str,
        payload: dict[str, Any] | None = None,
    ) -> None:
        """Queue a put / remove / primary of a setting, contact or group, seen at once.

        `base` is what the user saw when editing (for the three-way merge); `if_match` is the
        server's ETag of it, or None while an earlier edit of the same entity is unsent (it is
        filled in when that one succeeds).
        """
        payload = payload or {}
        with self._db.transaction() as db:
            base = self._data("entity_view", kind, entity_id, db)
            earlier = Outbox.latest_of(db, kind, entity_id)
            unsent = (
                earlier is not None
                and earlier.attempts == 0
                and earlier.state == OutboxState.QUEUED
            )
            if op == Operation.PUT and unsent and earlier and earlier.op == Operation.PUT:
                # Coalesce: the unsent edit now carries the newest values.
                Outbox.replace_payload(db, earlier.id, payload)
            elif (
                op == Operation.REMOVE
                and unsent
                and earlier
                and earlier.op == Operation.PUT
                and self._never_sent(db, kind, entity_id)
            ):
                # Made and deleted offline: the server never needs to hear of it.
                Outbox.drop_entity(db, kind, entity_id)
            else:
                server = self._data("entities", kind, entity_id, db)
                if_match = server["etag"] if earlier is None and server is not None else None
                Outbox.add(db, op, kind, entity_id, payload, base, if_match)
            self.recompute_view(db)

    @classmethod
    def _never_sent(cls, db: sqlite3.Connection, kind: EntityKind, entity_id: str) -> bool:
        on_server = cls._data("entities", kind, entity_id, db) is not None
        return not on_server and not Outbox.ever_tried(db, kind, entity_id)

    def revert(self, kind: EntityKind, entity_id: str) -> int:
        """Drop the unsent edits of one entity (none of them tried yet); returns how many."""
        with self._db.transaction() as db:
            dropped = Outbox.drop_unsent(db, kind, entity_id)
            self.recompute_view(db)
        return dropped

    # -- the view --------------------------------------------------------------------------------

    @staticmethod
    def _server_state(db: sqlite3.Connection) -> ServerState:
        """The known server state of settings, contacts and groups, by kind and id."""
        server: ServerState = {kind: {} for kind in VIEWED_KINDS}
        for row in db.execute("SELECT kind, id, data FROM entities ORDER BY rowid"):
            server[EntityKind(row["kind"])][row["id"]] = json.loads(row["data"])
        return server

    @classmethod
    def recompute_view(cls, db: sqlite3.Connection) -> None:
        """`entity_view` anew: the server's state with every outbox entry replayed in order."""
        view = replay.replay_entities(cls._server_state(db), Outbox.entity_entries(db))
        db.execute("DELETE FROM entity_view")
        db.executemany(
            "INSERT INTO entity_view (kind, id, position, data, pending, problem) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(v.kind, v.id, v.position, _json(v.data), v.pending, v.problem) for v in view],
        )
