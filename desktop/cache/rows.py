"""The rows the cache hands out: typed, so a reader sees every field and what it means.

Settings, contacts and groups stay JSON objects inside their row (`ShownEntity.data`): they are
the server's own shapes, edited, merged and sent as they are.

No dataclasses: a dataclass compiles its methods from source when its module is imported,
~1.3 ms each, and a dozen of them stood on the way to the window's first paint. The rows that
never change are NamedTuples (~0.3 ms), the two that do plain classes; so are the other records
the start-up reads (the catalogue's, `Paths`, `Account`, `Preference`, `MessageFilter`,
`Salvaged`).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, NamedTuple

from desktop.cache.kinds import EntityKind, Operation, OutboxState


class Message(NamedTuple):
    """One message as cached: the server's, with the unsent local edits applied."""

    id: str
    category: str
    type: str
    title: str
    body: str
    created_at: str  # RFC 3339, as the server said it
    created_ms: int
    read: bool
    gen: int  # the full resync that last saw it

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Message:
        return cls(
            row["id"],
            row["category"],
            row["type"],
            row["title"],
            row["body"],
            row["created_at"],
            row["created_ms"],
            bool(row["read"]),
            row["gen"],
        )


class ListedMessage(NamedTuple):
    """A row of the message list: no body, the title cut (see `listing.TITLE_LIMIT`)."""

    id: str
    category: str
    type: str
    title: str
    created_ms: int
    read: bool


class ArrivedMessage(NamedTuple):
    """A new message to announce, its body cut to what a notification shows."""

    id: str
    category: str
    type: str
    title: str
    body: str
    created_ms: int


class ShownEntity(NamedTuple):
    """A setting, contact or group as the user sees it: the server's state with the unsent
    edits replayed over it."""

    kind: EntityKind
    id: str
    data: dict[str, Any]  # the entity's JSON object, as the server shapes it
    pending: int = 0  # edits of it waiting to be sent (or held)
    problem: str | None = None  # why an edit of it is held for the user (a notice), if one is


class OutboxEntry(NamedTuple):
    """A local edit waiting for the server (or held for the user)."""

    id: int
    op: Operation
    kind: EntityKind
    entity_id: str | None  # None for message edits (their ids are in the payload)
    payload: dict[str, Any]  # the request body
    base: dict[str, Any] | None  # what the user saw when editing, for the three-way merge
    if_match: str | None
    idempotency_key: str
    state: OutboxState
    attempts: int
    reason: str | None  # why it is held (a notice)
    current: dict[str, Any] | None  # the server's entity when it was held

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> OutboxEntry:
        return cls(
            row["id"],
            Operation(row["op"]),
            EntityKind(row["kind"]),
            row["entity_id"],
            json.loads(row["payload"]),
            json.loads(row["base"]) if row["base"] else None,
            row["if_match"],
            row["idempotency_key"],
            OutboxState(row["state"]),
            row["attempts"],
            row["reason"],
            json.loads(row["current"]) if row["current"] else None,
        )


class Arrivals:
    """New messages to announce: every id, the newest few in full, and counts per category."""

    __slots__ = ("at_start", "by_category", "ids", "newest")

    def __init__(
        self,
        ids: list[str],
        newest: list[ArrivedMessage],
        by_category: dict[str, int],
        at_start: bool = False,  # arrived while the app was closed
    ) -> None:
        self.ids = ids
        self.newest = newest
        self.by_category = by_category
        self.at_start = at_start

    def __len__(self) -> int:
        return len(self.ids)


class ChangeSummary:
    """What one applied batch changed, for the views (one signal per batch, never per row)."""

    __slots__ = (
        "entities_changed",
        "full_resync",
        "messages_added",
        "messages_changed",
        "messages_deleted",
    )

    def __init__(
        self,
        messages_added: list[str] | None = None,
        messages_changed: int = 0,
        messages_deleted: int = 0,
        entities_changed: set[EntityKind] | None = None,
        full_resync: bool = False,
    ) -> None:
        self.messages_added = [] if messages_added is None else messages_added
        self.messages_changed = messages_changed
        self.messages_deleted = messages_deleted
        self.entities_changed = set() if entities_changed is None else entities_changed
        self.full_resync = full_resync

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
