"""Work off the GUI thread; each call carries its own callbacks, run back on the GUI thread."""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal

log = logging.getLogger(__name__)
# How long a Python thread keeps the GIL while another waits for it (CPython's default: 5 ms).
# The GUI thread lets go of it at each call into Qt or SQLite and waits to get it back, behind
# the sync's threads when they are busy: during a burst of 100,000 messages the window stalled
# 130 ms at worst at 5 ms, 74 ms at 0.5 ms (medians of 4 alternating runs).
GIL_SWITCH_SECONDS = 0.0005


def favour_the_gui_thread() -> None:
    """For a process with a window: the GUI thread gets the GIL back sooner."""
    sys.setswitchinterval(GIL_SWITCH_SECONDS)


def set_aside_what_start_made() -> None:
    """Once a profile has started: what start-up made (modules, classes, Qt's wrappers, the
    window, the client, the engine) lives as long as the profile, so the cycle collector stops
    walking it. Each full collection walked all of it again, holding the GIL 30-55 ms; a sync's
    pages set one off every few seconds, and the window waited that long for the GIL."""
    gc.collect()  # what start-up left as garbage is freed, not kept for good
    gc.freeze()


def take_back_what_start_made() -> None:
    """When the profile closes: what it made becomes garbage, which the collector must see."""
    gc.unfreeze()


Done = Callable[[Any], None]  # given what the work returned
Failed = Callable[[Exception], None]  # given what the work raised


class BackgroundTasks(QObject):
    """One worker thread. `submit(fn, *args, on_done=..., on_error=...)` runs `fn(*args)` there;
    then, on the GUI thread and always after `submit` has returned, `on_done(result)` or
    `on_error(exception)`.

    A callback is dropped, never called, once these tasks are closed (the profile that owns them
    is closing) or when the QObject it is a method of has been destroyed (a dialog closed while
    its call ran). An error without an `on_error` is unexpected: it is logged with its traceback.
    A callback that raises reaches `sys.excepthook`, and so the crash report, like any slot.
    """

    _finished = Signal(object)  # the Future and its two callbacks, from the worker

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._closed = False
        # Queued even when a task finishes before add_done_callback runs (which then calls back
        # on the submitting thread): the caller has always returned from submit() first.
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def submit(
        self,
        function: Callable[..., Any],
        /,
        *args: Any,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        future = self._executor.submit(function, *args)
        future.add_done_callback(lambda finished: self._report(finished, on_done, on_error))

    def _report(self, future: Future[Any], on_done: Done | None, on_error: Failed | None) -> None:
        """On the worker: hand the outcome to the GUI thread."""
        error = future.exception()
        if error is not None and not isinstance(error, Exception):
            raise error  # KeyboardInterrupt, SystemExit: not the caller's to handle
        try:
            self._finished.emit((future, on_done, on_error))
        except RuntimeError:  # this object is gone with its owner: nobody is left to tell
            log.info("a background task finished after its owner was destroyed")

    def _deliver(self, outcome: tuple[Future[Any], Done | None, Failed | None]) -> None:
        future, on_done, on_error = outcome
        if self._closed:
            return
        error = future.exception()
        if error is None:
            if on_done is not None and _owner_alive(on_done):
                on_done(future.result())
            return
        assert isinstance(error, Exception)  # see _report
        if on_error is None:
            log.error("background task failed", exc_info=error)
        else:
            log.info("background task failed: %s", error)
            if _owner_alive(on_error):
                on_error(error)

    def close(self, wait: bool = True) -> None:
        """No callback runs from now on. `wait`: until the work already submitted is done (a
        cache's writes before it closes); else it finishes on its own, unheard."""
        self._closed = True
        self._executor.shutdown(wait=wait, cancel_futures=not wait)


def _owner_alive(callback: Callable[..., None]) -> bool:
    """False for a method of a QObject whose C++ side was destroyed (calling it would raise)."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)
