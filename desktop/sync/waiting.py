"""How the engine's threads wait: the worker's inbox of reasons to work, which coalesces a burst of
them into one sync, and the backoff both threads wait by after a failure."""

from __future__ import annotations

import queue
import random
import threading
import time
from enum import StrEnum

# Seconds at least between the end of a catch-up and one that a hint starts: a flood of hints
# costs at most a few catch-ups a second. Shorter than the announcer's quiet spell (0.4 s), so
# the messages of one burst still arrive close enough together to share one notification.
HINT_GAP = 0.25


class Wake(StrEnum):
    """A reason for the worker to work, posted by the GUI, the follower or `stop()`."""

    SYNC_NOW = "sync_now"  # the user asked
    LOCAL_EDIT = "local_edit"  # an edit was queued in the outbox
    HINT = "hint"  # the server has a change the cache has not
    CONNECTED = "connected"  # the event stream (re)connected: catch up on what it missed
    RESYNC = "resync"  # the event stream says the cursor is too old
    STREAM_DOWN = "stream_down"  # the event stream ended: check the server, catch up
    UNAUTHORIZED = "unauthorized"  # the follower was refused: the next sync says signed out
    STOP = "stop"


class Inbox:
    """The worker's reasons to work, posted from any thread."""

    def __init__(self, stopping: threading.Event) -> None:
        self._queue: queue.Queue[Wake] = queue.Queue()
        self._stopping = stopping
        self._hints_from = 0.0  # time.monotonic() before which a hint waits (HINT_GAP)

    def put(self, reason: Wake) -> None:
        self._queue.put(reason)

    def empty(self) -> bool:
        """No reason to work is waiting."""
        return self._queue.empty()

    def caught_up(self) -> None:
        """A catch-up just ended: a hint that comes now waits HINT_GAP before starting another."""
        self._hints_from = time.monotonic() + HINT_GAP

    def wait(self, timeout: float | None, wake_on: tuple[Wake, ...] = ()) -> None:
        """Block until a reason to work (one of `wake_on`, if given) or `timeout` seconds;
        coalesce a burst of them."""
        deadline = None if timeout is None else time.monotonic() + timeout
        reason = None
        while not self._stopping.is_set():
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                reason = self._queue.get(timeout=remaining)
            except queue.Empty:
                return
            if not wake_on or reason in wake_on:
                break
        if reason == Wake.HINT:  # a server that hints without end gets a catch-up a second at most
            self._stopping.wait(max(0.0, self._hints_from - time.monotonic()))
        while True:  # drain: one catch-up answers every hint that came meanwhile
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return


class Backoff:
    """Exponential backoff with full jitter, and a floor so that offline is never a busy loop."""

    def __init__(self, base: float = 1.0, cap: float = 60.0, floor: float = 0.5) -> None:
        self.base, self.cap, self.floor = base, cap, floor
        self.failures = 0

    def next_delay(self) -> float:
        self.failures += 1
        return max(self.floor, random.uniform(0, min(self.cap, self.base * 2**self.failures)))

    def reset(self) -> None:
        self.failures = 0
