"""A profile's news as Qt signals: what the sync engine and the local edits changed, delivered on
the GUI thread (queued from the engine's threads; in the same turn from the local edits, which
report on the GUI thread). The one broadcast every view listens to."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.cache.rows import Arrivals, ChangeSummary


class SyncSignals(QObject):
    """A :class:`~desktop.sync.listener.SyncListener` that emits; create it on the GUI thread.
    :class:`~desktop.runtime.local_edits.LocalEdits` reports through the same methods."""

    dataChanged = Signal(object)  # ChangeSummary: one per applied batch or local edit
    countsChanged = Signal(dict)  # category id (and "all") → unread
    stateChanged = Signal(str, str)  # online / offline / syncing / signed_out, and why
    outboxChanged = Signal(int)  # edits waiting (or held)
    entryHeld = Signal(int, str)  # outbox entry id, reason
    errorRaised = Signal(str)
    messagesArrived = Signal(object)  # Arrivals: new unread messages to announce
    syncProgress = Signal(int, int)  # messages received so far in a full sync, and expected

    def data_changed(self, summary: ChangeSummary) -> None:
        self.dataChanged.emit(summary)

    def counts_changed(self, counts: dict[str, int]) -> None:
        self.countsChanged.emit(dict(counts))

    def state_changed(self, state: str, detail: str) -> None:
        self.stateChanged.emit(state, detail)

    def outbox_changed(self, size: int) -> None:
        self.outboxChanged.emit(size)

    def entry_held(self, entry_id: int, reason: str) -> None:
        self.entryHeld.emit(entry_id, reason)

    def error(self, message: str) -> None:
        self.errorRaised.emit(message)

    def arrived(self, arrivals: Arrivals) -> None:
        self.messagesArrived.emit(arrivals)

    def sync_progress(self, received: int, expected: int) -> None:
        self.syncProgress.emit(received, expected)
