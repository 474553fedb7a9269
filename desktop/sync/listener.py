"""What the engine tells the outside world: the listener it calls (on its own threads), one that
ignores everything, and the reporter that tells each problem once until it clears."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Protocol

from desktop.cache.rows import Arrivals, ChangeSummary
from desktop.sync.states import notice

log = logging.getLogger(__name__)


class SyncListener(Protocol):
    """What the engine tells the outside world; called on the engine's threads."""

    def data_changed(self, summary: ChangeSummary) -> None: ...
    def counts_changed(self, counts: dict[str, int]) -> None: ...
    # `detail`, `reason` and `message` are notices (desktop.sync.states.notice): codes, said in
    # the user's words by desktop.views.wording. `state` is a ConnectionState.
    def state_changed(self, state: str, detail: str) -> None: ...
    def outbox_changed(self, size: int) -> None: ...
    def entry_held(self, entry_id: int, reason: str) -> None: ...
    def error(self, message: str) -> None: ...
    def arrived(self, arrivals: Arrivals) -> None: ...
    def sync_progress(self, received: int, expected: int) -> None: ...


class QuietListener:
    """A listener that ignores everything (the command line asks the cache directly)."""

    def data_changed(self, summary: ChangeSummary) -> None:
        pass

    def counts_changed(self, counts: dict[str, int]) -> None:
        pass

    def state_changed(self, state: str, detail: str) -> None:
        pass

    def outbox_changed(self, size: int) -> None:
        pass

    def entry_held(self, entry_id: int, reason: str) -> None:
        pass

    def error(self, message: str) -> None:
        pass

    def arrived(self, arrivals: Arrivals) -> None:
        pass

    def sync_progress(self, received: int, expected: int) -> None:
        pass


class Reporter:
    """Tells the listener of problems, from either thread: each once, until a sync succeeds."""

    def __init__(self, listener: SyncListener, log_file: Path | None) -> None:
        """`log_file`: where the log goes, named when an unexpected error is reported."""
        self.listener = listener
        self.log_file = log_file
        self._reported: str | None = None  # the last problem told, not told again until cleared
        self._lock = threading.Lock()

    def report(self, message: str) -> None:
        """Tell the listener of a problem, unless it was the last one told and has not cleared."""
        with self._lock:
            if self._reported == message:
                return
            self._reported = message
        self.listener.error(message)

    def clear(self) -> None:
        with self._lock:
            self._reported = None

    def unexpected(self, error: Exception, what: str, delay: float) -> str:
        """Log `error` with its traceback; tell the user once; the notice that says it.

        `what` stopped: "sync" or "live" (updates). The error itself (a class name and a
        programmer's words) goes to the log only."""
        log.error("%s stopped by an unexpected error", what, exc_info=error)
        said = notice(
            "unexpected",
            what=what,
            seconds=round(delay),
            log=str(self.log_file) if self.log_file is not None else "",
        )
        self.report(said)  # again only when it says something new (a longer wait)
        return said
