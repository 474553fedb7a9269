"""Sending the outbox: the edits made here go to the server in order. A 412 is merged and sent
again (`desktop.sync.merge`), or held for the user when both sides changed a field; a refusal is
held with the server's words; an edit the server keeps turning back is held rather than sent
without end."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from enum import Enum, auto
from typing import TYPE_CHECKING, Any

from desktop.api import errors
from desktop.cache.kinds import EntityKind, Operation, OutboxState
from desktop.cache.rows import ChangeSummary, OutboxEntry
from desktop.sync import merge
from desktop.sync.listener import SyncListener
from desktop.sync.states import describe, notice

if TYPE_CHECKING:
    from desktop.api.client import ApiClient
    from desktop.cache.store import Cache

log = logging.getLogger(__name__)

SENDS_PER_FLUSH = 5  # one edit sent again (after a merge, a reused key) at most this often a flush


@dataclass
class FlushResult:
    sent: int = 0
    held: int = 0


class _Outcome(Enum):
    """What became of one entry sent."""

    SENT = auto()
    HELD = auto()  # for the user: a conflict, or a refusal
    AGAIN = auto()  # queued to be sent again: merged, or its key was reused
    DONE = auto()  # nothing left to send: a remove of what is already gone


class OutboxSender:
    """Sends the queued edits and settles what the server says to each."""

    def __init__(
        self, client: ApiClient, listener: SyncListener, stopping: threading.Event
    ) -> None:
        self.client = client
        self.listener = listener
        self._stopping = stopping

    def flush(self, cache: Cache) -> FlushResult:
        """Send queued edits in order until none is left or the server cannot be reached."""
        result = FlushResult()
        sends: dict[int, int] = {}
        while not self._stopping.is_set():
            entry = cache.outbox.next_to_send()
            if entry is None:
                break
            sends[entry.id] = sends.get(entry.id, 0) + 1
            if sends[entry.id] > SENDS_PER_FLUSH:
                self._hold(cache, entry, OutboxState.REJECTED, notice("kept_refusing"))
                result.held += 1
                continue
            outcome = self._deliver(cache, entry)
            if outcome is _Outcome.SENT:
                result.sent += 1
            elif outcome is _Outcome.HELD:
                result.held += 1
        return result

    def _deliver(self, cache: Cache, entry: OutboxEntry) -> _Outcome:
        """Send one entry and settle the answer (an error that is not about it goes up)."""
        cache.outbox.mark_attempt(entry)
        try:
            answer = self._send(cache, entry)
        except errors.PreconditionFailed as conflict:
            return self._merge(cache, entry, conflict.current)
        except errors.NotFound as gone:
            if entry.op == Operation.REMOVE:
                cache.finish_entry(entry)  # already deleted: what we wanted
                return _Outcome.DONE
            self._hold(cache, entry, OutboxState.REJECTED, notice("deleted", detail=gone.message))
            return _Outcome.HELD
        except (
            errors.ValidationFailed,
            errors.Locked,
            errors.LimitExceeded,
            errors.Conflict,
            errors.PreconditionRequired,
        ) as rejected:
            self._hold(cache, entry, OutboxState.REJECTED, describe(rejected))
            return _Outcome.HELD
        except errors.IdempotencyKeyReused:
            cache.requeue(entry, entry.payload, entry.if_match, entry.base)
            return _Outcome.AGAIN
        cache.finish_entry(entry, answer)
        self.listener.outbox_changed(cache.outbox.size())
        if entry.kind != EntityKind.MESSAGE:
            self.listener.data_changed(ChangeSummary(entities_changed={entry.kind}))
        return _Outcome.SENT

    def _send(self, cache: Cache, entry: OutboxEntry) -> dict[str, Any] | None:
        """The request for one entry; the server's entity, when it answers with one."""
        client, key, payload = self.client, entry.idempotency_key, entry.payload
        if entry.op == Operation.READ:
            client.mark_read(payload["ids"], payload["read"], key)
            return None
        if entry.op == Operation.DELETE:
            client.delete_messages(payload["ids"], key)
            return None
        if entry.op == Operation.READ_UP_TO:
            client.mark_read_up_to(payload["up_to"], payload.get("category"), key)
            return None
        assert entry.entity_id is not None
        if_match = entry.if_match
        if if_match is None:
            known = cache.entities.server_entity(entry.kind, entry.entity_id)
            if_match = known["etag"] if known else None
        if entry.op == Operation.PUT:
            return client.put_entity(entry.kind, entry.entity_id, payload, if_match, key)
        if entry.op == Operation.REMOVE:
            if if_match is None:
                return None  # never reached the server: nothing to delete there
            client.delete_entity(entry.kind, entry.entity_id, if_match, key)
            return None
        if entry.op == Operation.PRIMARY:
            return client.set_primary(entry.entity_id, key)
        raise ValueError(f"unknown outbox operation {entry.op!r}")

    def _merge(self, cache: Cache, entry: OutboxEntry, current: dict[str, Any] | None) -> _Outcome:
        """A 412: merge and send again, or hold the entry for the user."""
        if current is None:
            self._hold(cache, entry, OutboxState.REJECTED, notice("changed_unknown"))
            return _Outcome.HELD
        if entry.op != Operation.PUT:
            self._hold(cache, entry, OutboxState.CONFLICT, notice("changed"), current)
            return _Outcome.HELD
        result = merge.merge(entry.kind, entry.base, entry.payload, current)
        if result.conflicts:
            reason = notice("both_changed", kind=entry.kind, fields=result.conflicts)
            self._hold(cache, entry, OutboxState.CONFLICT, reason, current)
            return _Outcome.HELD
        cache.requeue(entry, result.payload, current["etag"], current)
        self.listener.data_changed(ChangeSummary(entities_changed={entry.kind}))
        return _Outcome.AGAIN

    def _hold(
        self,
        cache: Cache,
        entry: OutboxEntry,
        state: OutboxState,
        reason: str,
        current: dict[str, Any] | None = None,
    ) -> None:
        """Park the entry for the user, with why; tell the views."""
        log.info("outbox entry %s held (%s): %s", entry.id, state, reason)
        cache.park(entry, state, reason, current)
        self.listener.entry_held(entry.id, reason)
        self.listener.data_changed(
            ChangeSummary(
                entities_changed={entry.kind} if entry.kind != EntityKind.MESSAGE else set()
            )
        )
        if entry.kind == EntityKind.MESSAGE:
            self.listener.counts_changed(cache.messages.unread_counts())
