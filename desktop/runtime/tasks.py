"""Work off the GUI thread, results back on it through one signal, tagged with the request."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

log = logging.getLogger(__name__)


class BackgroundTasks(QObject):
    """One worker thread; `finished(request_id, result, error)` arrives on the GUI thread,
    always after `submit` has returned its request id."""

    finished = Signal(int, object, object)
    _completed = Signal(int, object, object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._ids = itertools.count(1)
        # Queued even when a task finishes before add_done_callback runs (which then calls back
        # on the submitting thread): a direct call would arrive before the caller knows the id.
        self._completed.connect(self.finished, Qt.ConnectionType.QueuedConnection)

    def submit(self, function: Callable[..., Any], *args: Any) -> int:
        request_id = next(self._ids)
        future = self._executor.submit(function, *args)
        future.add_done_callback(lambda done: self._deliver(request_id, done))
        return request_id

    def _deliver(self, request_id: int, future: Future) -> None:
        error = future.exception()
        if error is not None and not isinstance(error, Exception):
            raise error
        if error is not None:
            log.info("background task failed: %s", error)
        self._completed.emit(request_id, None if error else future.result(), error)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=False)
