"""The names the cache, the outbox and the sync engine share: kinds of entity, operations of a
local edit, states of an outbox entry, operations of the server's change feed.

`StrEnum`s: each is its wire and column value, so it goes into SQL parameters and JSON as it is.
"""

from __future__ import annotations

from enum import StrEnum


class EntityKind(StrEnum):
    """What a change, an edit or an outbox entry is about."""

    MESSAGE = "message"
    SETTING = "setting"
    CONTACT = "contact"
    GROUP = "group"


# Kept as the server last said, with the unsent edits replayed over them (`entity_view`).
VIEWED_KINDS = (EntityKind.SETTING, EntityKind.CONTACT, EntityKind.GROUP)


class Operation(StrEnum):
    """A local edit, as queued in the outbox and sent to the server."""

    READ = "read"  # messages read or unread, by id
    DELETE = "delete"  # messages, by id
    READ_UP_TO = "read_up_to"  # every message up to a time, in a category or all
    PUT = "put"  # create or replace a setting, contact or group
    REMOVE = "remove"  # a contact or group
    PRIMARY = "primary"  # a contact becomes the primary one


class OutboxState(StrEnum):
    """Where an outbox entry stands: waiting to be sent, or held for the user."""

    QUEUED = "queued"
    CONFLICT = "conflict"  # both sides changed a field: the user chooses
    REJECTED = "rejected"  # the server refused it: the user corrects or drops it


HELD_STATES = (OutboxState.CONFLICT, OutboxState.REJECTED)


class ChangeOp(StrEnum):
    """An entry of the server's change feed (`/v1/changes`)."""

    UPSERT = "upsert"
    DELETE = "delete"
