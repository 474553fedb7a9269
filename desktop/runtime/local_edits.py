"""Local edits on a worker thread with its own cache connection, so that a large one (mark all
read over 100,000 messages) never stalls the window. Each edit then wakes the sync engine."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.cache.connection import CacheError
from desktop.cache.kinds import EntityKind, Operation, OutboxState
from desktop.cache.rows import Message
from desktop.cache.store import Cache
from desktop.runtime.tasks import BackgroundTasks
from desktop.sync import merge

UNDO_SECONDS = 10


class LocalEdits(QObject):
    done = Signal(str, object)  # what was done ("read", "delete", "undo", ...), its result
    failed = Signal(str)  # a sentence for the status bar

    def __init__(self, cache_path: Path, wake: Callable[[], None], parent=None) -> None:
        super().__init__(parent)
        self._cache_path = cache_path
        self._cache: Cache | None = None
        self._wake = wake
        self._tasks = BackgroundTasks("local-edits", self)
        self._tasks.finished.connect(self._finished)
        self._kinds: dict[int, str] = {}

    def set_wake(self, wake: Callable[[], None]) -> None:
        self._wake = wake

    def _run(self, kind: str, function: Callable[..., Any], *args: Any, wake: bool = True) -> None:
        def work() -> Any:
            if self._cache is None:
                self._cache = Cache(self._cache_path, check=False)
            result = function(self._cache, *args)
            if wake:  # something for the server
                self._wake()
            return result

        self._kinds[self._tasks.submit(work)] = kind

    def _finished(self, request_id: int, result: Any, error: Exception | None) -> None:
        kind = self._kinds.pop(request_id, "edit")
        if isinstance(error, CacheError):
            self.failed.emit(str(error))
        elif error is not None:
            self.failed.emit(self.tr("The change could not be saved: {error}").format(error=error))
        else:
            self.done.emit(kind, result)

    def mark_read(self, ids: list[str], read: bool) -> None:
        self._run("read", lambda cache: cache.messages.mark_read(ids, read))

    def delete(self, ids: list[str]) -> None:
        self._run("delete", lambda cache: cache.messages.delete(ids, UNDO_SECONDS * 1000))

    def undo_delete(self, rows: list[Message]) -> None:
        self._run("undo", lambda cache: cache.messages.undo_delete(rows))

    def mark_all_read(self, category: str | None) -> None:
        self._run("read_all", lambda cache: cache.messages.mark_all_read(category))

    def edit_entity(self, op: str, kind: str, entity_id: str, payload=None) -> None:
        edit = Operation(op), EntityKind(kind), entity_id, payload
        self._run(kind, lambda cache: cache.entities.edit(*edit))

    def revert(self, kind: str, entity_id: str) -> None:
        """Drop the unsent edits of one entity: the server's version shows again."""
        self._run(
            kind, lambda cache: cache.entities.revert(EntityKind(kind), entity_id), wake=False
        )

    def discard(self, kind: str, entry_id: int) -> None:
        self._run(kind, lambda cache: cache.discard(entry_id))

    def fix(self, kind: str, entry_id: int, payload: dict[str, Any]) -> None:
        """A refused edit, corrected by the user: it goes again."""
        self._run(kind, lambda cache: cache.fix_rejected(entry_id, payload))

    def resolve(self, kind: str, entry_id: int, take_theirs: set[str]) -> None:
        """A conflict settled field by field (the server's value for `take_theirs`, ours for
        the rest): the edit goes again over the server's current state."""
        self._run(kind, _resolve_conflict, entry_id, take_theirs)

    def record_announced(self, ids: list[str]) -> None:
        self._run("announced", lambda cache: cache.announcing.record(ids), wake=False)

    def close(self) -> None:
        self._tasks.shutdown()
        if self._cache is not None:
            self._cache.close()
            self._cache = None


def _resolve_conflict(cache: Cache, entry_id: int, take_theirs: set[str]) -> None:
    entry = cache.outbox.get(entry_id)
    if entry is None or entry.state != OutboxState.CONFLICT or entry.current is None:
        return  # settled meanwhile
    body = merge.resolve(entry.kind, entry.payload, entry.current, entry.base, take_theirs)
    cache.requeue(entry, body, entry.current.get("etag"), entry.current)
