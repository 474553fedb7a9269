"""The local SQLite store of one profile: one file, mode 0600, WAL.

:class:`Cache` is one connection with the cache's parts over it, one per concern:
`messages` (the list's rows and the user's read / delete edits), `listing` (the list model's
queries), `entities` (settings, contacts, groups), `outbox` (the edits waiting for the server) and
`announcing` (what has popped up). Each thread opens its own (the GUI thread for its models, the
sync worker for writes). Every write is one transaction: a page of changes with its cursor; a
local edit with its outbox entry.

Here are the writes that span several parts: a page from the server, a full resync, and what
the server's answer (or the user's choice) does to an outbox entry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.cache import connection
from desktop.cache.announcing import WATERMARK_KEY, Announcing
from desktop.cache.connection import Database, Salvaged
from desktop.cache.entities import EntityStore
from desktop.cache.kinds import EntityKind, Operation, OutboxState
from desktop.cache.listing import MessageList
from desktop.cache.messages import MessageStore
from desktop.cache.outbox import Outbox
from desktop.cache.rows import ChangeSummary, OutboxEntry
from desktop.sync.states import notice


class Cache:
    """One connection to the profile's cache file, and its parts."""

    def __init__(self, path: Path | str | Database, *, check: bool = True) -> None:
        """Open the file at `path` (`check`: its integrity, after a crash), or use `database`."""
        self.database = path if isinstance(path, Database) else Database(path, check=check)
        self.path = self.database.path
        self.outbox = Outbox(self.database)
        self.messages = MessageStore(self.database)
        self.listing = MessageList(self.database)
        self.entities = EntityStore(self.database)
        self.announcing = Announcing(self.database)

    @classmethod
    def open_or_rebuild(cls, path: Path | str) -> tuple[Cache, str | None]:
        """Open the cache; a damaged one is moved aside and started anew, its outbox kept.

        Returns the cache and, when it was rebuilt, a notice saying so (views.wording says it).
        """
        database, salvaged = connection.open_or_rebuild(path, keep_meta=(WATERMARK_KEY,))
        cache = cls(database)
        if salvaged is None:
            return cache, None
        cache._restore(salvaged)
        return cache, notice("cache_rebuilt", kept=len(salvaged.outbox))

    def _restore(self, salvaged: Salvaged) -> None:
        with self.database.transaction() as db:
            Outbox.restore(db, salvaged.outbox)
            Announcing.restore(db, salvaged.announced)
            for key, value in salvaged.meta.items():
                self.database.set_meta(key, value, db)
            EntityStore.recompute_view(db)

    def close(self) -> None:
        """A clean close: the next start skips the integrity check."""
        self.database.close()

    @property
    def cursor(self) -> str | None:
        """Where the change feed goes on from (None: from scratch)."""
        return self.database.get_meta("cursor")

    # -- the server's changes --------------------------------------------------------------------

    def apply_changes(
        self, changes: list[dict[str, Any]], next_cursor: str, *, index: bool = True
    ) -> ChangeSummary:
        """One page of `/v1/changes` and its cursor, in one transaction. `index`: new messages
        go into the search index now (else `messages.index_backlog` adds them later)."""
        summary = ChangeSummary()
        generation = int(self.database.get_meta("generation") or "0")
        with self.database.transaction() as db:
            MessageStore.apply(db, changes, generation, summary, index)
            summary.entities_changed = EntityStore.apply(db, changes, generation)
            if summary.entities_changed:
                EntityStore.recompute_view(db)
            self.database.set_meta("cursor", next_cursor, db)
        return summary

    def start_full_resync(self) -> int:
        """A new generation: rows not seen again by `finish_full_resync` are gone on the server."""
        generation = int(self.database.get_meta("generation") or "0") + 1
        with self.database.transaction() as db:
            self.database.set_meta("generation", str(generation), db)
            self.database.set_meta("cursor", None, db)
            self.database.set_meta("resync_generation", str(generation), db)
        return generation

    def finish_full_resync(self, generation: int) -> ChangeSummary:
        summary = ChangeSummary(full_resync=True)
        with self.database.transaction() as db:
            summary.messages_deleted = MessageStore.drop_older(db, generation)
            summary.entities_changed = EntityStore.drop_older(db, generation)
            self.database.set_meta("resync_generation", None, db)
            MessageStore.reapply_edits(db)
            EntityStore.recompute_view(db)
        return summary

    # -- what becomes of an outbox entry ---------------------------------------------------------

    def finish_entry(self, entry: OutboxEntry, result: dict[str, Any] | None = None) -> None:
        """The server accepted the entry (or it no longer matters): drop it.

        `result`, the entity the server returned, becomes the known server state when the cache
        still held the state the edit was made on; later edits of the same entity (up to its
        next delete) take its ETag as their If-Match.
        """
        with self.database.transaction() as db:
            Outbox.drop(db, [entry.id])
            if result is not None and entry.kind != EntityKind.MESSAGE and entry.entity_id:
                EntityStore.take_result(db, entry, result)
                Outbox.pass_on_etag(db, entry, result)
            elif entry.op == Operation.REMOVE and entry.entity_id:
                EntityStore.take_removal(db, entry)
            EntityStore.recompute_view(db)

    def requeue(
        self,
        entry: OutboxEntry,
        payload: dict[str, Any],
        if_match: str | None,
        base: dict[str, Any] | None,
    ) -> None:
        """After a merge: the entry goes again with the merged values over `base`, the
        server's entity whose ETag is `if_match`."""
        with self.database.transaction() as db:
            Outbox.queue_again(db, entry, payload, if_match, base)
            if base is not None and entry.kind != EntityKind.MESSAGE and entry.entity_id:
                EntityStore.remember(db, entry.kind, entry.entity_id, base)
            EntityStore.recompute_view(db)

    def park(
        self,
        entry: OutboxEntry,
        state: OutboxState,
        reason: str,
        current: dict[str, Any] | None = None,
    ) -> None:
        """Hold an entry for the user: a conflict (both sides changed a field) or rejected."""
        with self.database.transaction() as db:
            Outbox.hold(db, entry, state, reason, current)
            if current is not None and entry.entity_id:
                EntityStore.remember(db, entry.kind, entry.entity_id, current)
            if entry.kind == EntityKind.MESSAGE:
                MessageStore.reapply_edits(db)
            EntityStore.recompute_view(db)

    def fix_rejected(self, entry_id: int, payload: dict[str, Any]) -> None:
        """The user corrected an edit the server refused: it goes again as corrected."""
        entry = self.outbox.get(entry_id)
        if entry is not None:
            self.requeue(entry, payload, entry.if_match, entry.base)

    def discard(self, entry_id: int) -> None:
        """The user drops a held (or unsent) edit; the server's version shows again."""
        with self.database.transaction() as db:
            Outbox.drop(db, [entry_id])
            EntityStore.recompute_view(db)
