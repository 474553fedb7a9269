"""Local edits on a worker thread with its own cache connection, so that a large one (mark all
read over 100,000 messages) never stalls the window. Each edit then wakes the sync engine, and
is reported as the engine reports its own changes: to the profile's one broadcast of news."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from desktop.cache.connection import CacheError
from desktop.cache.kinds import EntityKind, Operation, OutboxState
from desktop.cache.rows import ChangeSummary, Message
from desktop.cache.store import Cache
from desktop.runtime.tasks import BackgroundTasks

if TYPE_CHECKING:
    from desktop.sync.listener import SyncListener

UNDO_SECONDS = 10

Summarize = Callable[[Any], ChangeSummary]  # an edit's result → what it changed, for the views


class LocalEdits(QObject):
    """Each edit runs on the worker; then, on the GUI thread, its change goes to `news` (the views
    update), the caller's own `on_done(result)` runs (the window's undo bar), and `done`."""

    done = Signal(str, object)  # an edit is saved: what was done ("read", "delete", ...), result
    failed = Signal(str)  # a sentence for the status bar

    def __init__(
        self,
        cache_path: Path,
        wake: Callable[[], None],
        news: SyncListener,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._cache_path = cache_path
        self._cache: Cache | None = None
        self._wake = wake
        self._news = news
        self._tasks = BackgroundTasks("local-edits", self)

    def set_wake(self, wake: Callable[[], None]) -> None:
        self._wake = wake

    def _run(
        self,
        kind: str,
        summarize: Summarize,
        function: Callable[..., Any],
        *args: Any,
        wake: bool = True,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        def work() -> tuple[Any, ChangeSummary, dict[str, int] | None, int]:
            if self._cache is None:
                self._cache = Cache(self._cache_path, check=False)
            result = function(self._cache, *args)
            if wake:  # something for the server
                self._wake()
            summary = summarize(result)
            touches_messages = bool(
                summary.messages_added or summary.messages_changed or summary.messages_deleted
            )
            counts = self._cache.messages.unread_counts() if touches_messages else None
            return result, summary, counts, self._cache.outbox.size()

        def saved(outcome: tuple[Any, ChangeSummary, dict[str, int] | None, int]) -> None:
            result, summary, counts, outbox = outcome
            if summary:
                self._news.data_changed(summary)
            if counts is not None:
                self._news.counts_changed(counts)
            self._news.outbox_changed(outbox)
            if on_done is not None:
                on_done(result)
            self.done.emit(kind, result)

        self._tasks.submit(work, on_done=saved, on_error=self._failed)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, CacheError):
            self.failed.emit(str(error))
        else:
            self.failed.emit(self.tr("The change could not be saved: {error}").format(error=error))

    def mark_read(self, ids: list[str], read: bool) -> None:
        changed = ChangeSummary(messages_changed=len(ids))
        self._run("read", lambda _none: changed, lambda cache: cache.messages.mark_read(ids, read))

    def delete(
        self, ids: list[str], on_done: Callable[[list[Message]], None] | None = None
    ) -> None:
        """`on_done(rows)`: the rows deleted (none when they were already), for `undo_delete`."""
        self._run(
            "delete",
            lambda rows: ChangeSummary(messages_deleted=len(rows)),
            lambda cache: cache.messages.delete(ids, UNDO_SECONDS * 1000),
            on_done=on_done,
        )

    def undo_delete(
        self, rows: list[Message], on_done: Callable[[bool], None] | None = None
    ) -> None:
        """`on_done(restored)`: False when it was too late (the delete was sent)."""
        ids = [row.id for row in rows]
        self._run(
            "undo",
            lambda restored: ChangeSummary(messages_added=ids if restored else []),
            lambda cache: cache.messages.undo_delete(rows),
            on_done=on_done,
        )

    def mark_all_read(self, category: str | None) -> None:
        # How many is not counted: any number repaints the rows (the newest read, or none).
        self._run(
            "read_all",
            lambda newest: ChangeSummary(messages_changed=1 if newest else 0),
            lambda cache: cache.messages.mark_all_read(category),
        )

    def edit_entity(
        self, op: str, kind: str, entity_id: str, payload: dict[str, Any] | None = None
    ) -> None:
        edit = Operation(op), EntityKind(kind), entity_id, payload
        self._run(kind, _entities(kind), lambda cache: cache.entities.edit(*edit))

    def revert(self, kind: str, entity_id: str) -> None:
        """Drop the unsent edits of one entity: the server's version shows again."""
        revert = EntityKind(kind), entity_id
        self._run(kind, _entities(kind), lambda cache: cache.entities.revert(*revert), wake=False)

    def discard(self, kind: str, entry_id: int) -> None:
        self._run(kind, _entities(kind), lambda cache: cache.discard(entry_id))

    def fix(self, kind: str, entry_id: int, payload: dict[str, Any]) -> None:
        """A refused edit, corrected by the user: it goes again."""
        self._run(kind, _entities(kind), lambda cache: cache.fix_rejected(entry_id, payload))

    def resolve(self, kind: str, entry_id: int, take_theirs: set[str]) -> None:
        """A conflict settled field by field (the server's value for `take_theirs`, ours for
        the rest): the edit goes again over the server's current state."""
        self._run(kind, _entities(kind), _resolve_conflict, entry_id, take_theirs)

    def record_announced(self, ids: list[str]) -> None:
        self._run(
            "announced",
            lambda _none: ChangeSummary(),
            lambda cache: cache.announcing.record(ids),
            wake=False,
        )

    def close(self) -> None:
        """Wait for the edits already asked for; nothing is reported from now on."""
        self._tasks.close(wait=True)
        if self._cache is not None:
            self._cache.close()
            self._cache = None


def _entities(kind: str) -> Summarize:
    """A setting, contact or group changed (a message's held edit changes no list)."""
    changed = {EntityKind(kind)} if kind != EntityKind.MESSAGE else set()
    return lambda _result: ChangeSummary(entities_changed=changed)


def _resolve_conflict(cache: Cache, entry_id: int, take_theirs: set[str]) -> None:
    entry = cache.outbox.get(entry_id)
    if entry is None or entry.state != OutboxState.CONFLICT or entry.current is None:
        return  # settled meanwhile
    from desktop.sync import merge  # a conflict settled: rare, and not on the start path

    body = merge.resolve(entry.kind, entry.payload, entry.current, entry.base, take_theirs)
    cache.requeue(entry, body, entry.current.get("etag"), entry.current)
