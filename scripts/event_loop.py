"""Running the Qt event loop from a screenshot script, which has no `app.exec()` of its own."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication


def wait_for(predicate, seconds: float = 30.0) -> None:
    """Process events until `predicate()` holds; give up after `seconds`."""
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for the app")
        QCoreApplication.processEvents()
        time.sleep(0.02)


def settle(seconds: float) -> None:
    """Process events for `seconds`: repaints land before a screenshot."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.02)
