"""Following the server's changes as they happen: the `/v1/events` stream, or long polls on
`/v1/changes` while the stream keeps failing (a network that breaks streams), with a return to
the stream now and then. The follower syncs nothing itself: it posts hints to the worker's inbox.
No exception ends it; one that nothing else handles is reported and the follower goes on.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING

from desktop.api import errors, wire
from desktop.sync.changes import ChangeFeed
from desktop.sync.listener import Reporter
from desktop.sync.states import FollowMode
from desktop.sync.waiting import Backoff, Inbox, Wake

if TYPE_CHECKING:
    from desktop.api.client import ApiClient
    from desktop.api.events import EventStream

log = logging.getLogger(__name__)

DEFAULT_HEARTBEAT_TIMEOUT = 45.0  # three of the server's 15 s pings
STREAM_FAILURES_BEFORE_POLLING = 3
POLLS_BEFORE_RETRYING_STREAM = 20


class Follower:
    """The follower thread: hears of new changes and wakes the worker for them."""

    def __init__(
        self,
        client: ApiClient,
        feed: ChangeFeed,
        inbox: Inbox,
        reporter: Reporter,
        stopping: threading.Event,
        caught_up: threading.Event,
        *,
        heartbeat_timeout: float,
        long_poll_wait: float,
    ) -> None:
        """`feed`: where to follow from; `caught_up`: set by the worker while it is not syncing
        (a long poll waits for it: asking for what a catch-up under way brings is no use)."""
        self.client = client
        self.feed = feed
        self.heartbeat_timeout = heartbeat_timeout
        self.long_poll_wait = long_poll_wait
        self.mode = FollowMode.EVENTS
        self._stream_failures = 0  # streams in a row not pinged past the heartbeat timeout
        self._served_until = 0.0  # when the last stream last sent bytes (time.monotonic())
        self._inbox = inbox
        self._reporter = reporter
        self._stopping = stopping
        self._caught_up = caught_up
        self._thread: threading.Thread | None = None
        self._stream: EventStream | None = None  # the event stream open now, for stop() to close

    def start(self) -> None:
        """Start following, unless the follower already runs."""
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._follow, name="sync-events", daemon=True)
            self._thread.start()

    def is_alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def close_stream(self) -> None:
        """End the stream being read (from another thread, when stopping)."""
        stream = self._stream
        if stream is not None:
            stream.close()

    def join(self, timeout: float) -> None:
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def _follow(self) -> None:
        backoff = Backoff(base=0.5, cap=30.0)
        polls = 0
        while not self._stopping.is_set():
            if (
                self._stream_failures >= STREAM_FAILURES_BEFORE_POLLING
                and polls < POLLS_BEFORE_RETRYING_STREAM
            ):
                self.mode = FollowMode.POLLING
                polls += 1
                if not self._poll(backoff):
                    return
                continue
            self.mode, polls = FollowMode.EVENTS, 0
            if not self._listen(backoff):
                return

    def _poll(self, backoff: Backoff) -> bool:
        """One long poll; False when the follower ends (signed out)."""
        try:
            self._long_poll()
            backoff.reset()
        except errors.Unauthorized:
            self._inbox.put(Wake.UNAUTHORIZED)
            return False
        except errors.ApiError:
            self._stopping.wait(backoff.next_delay())
        except Exception as error:  # never the end of the follower
            delay = backoff.next_delay()
            self._reporter.unexpected(error, "live", delay)
            self._stopping.wait(delay)
        return True

    def _listen(self, backoff: Backoff) -> bool:
        """One event stream, until it ends; False when the follower ends (signed out, stopped).
        A stream that was pinged for longer than the heartbeat timeout worked: its end (a server
        restart, a proxy's time limit) counts as no failure and waits no longer than the first of
        a series would. Only being open that long is no sign: a stream that sends nothing (a
        proxy that buffers it) also ends just past the timeout, by the read timeout."""
        opened = self._served_until = time.monotonic()
        unexpected: Exception | None = None
        try:
            self._read_stream()
        except errors.Unauthorized:
            self._inbox.put(Wake.UNAUTHORIZED)
            return False
        except errors.ApiError as error:
            log.info("event stream down: %s", error.message)
        except Exception as error:  # never the end of the follower
            unexpected = error
        if self._served_until - opened > self.heartbeat_timeout:
            self._stream_failures = 0
            backoff.reset()
        else:
            self._stream_failures += 1
        delay = backoff.next_delay()  # before the next connection
        if unexpected is not None:
            self._reporter.unexpected(unexpected, "live", delay)
        if self._stopping.is_set():
            return False
        self._inbox.put(Wake.STREAM_DOWN)  # the worker checks the server and catches up
        self._stopping.wait(delay)
        return True

    def _read_stream(self) -> None:
        stream = self.client.events(self.feed.cursor, self.heartbeat_timeout)
        self._stream = stream
        try:
            stream.open()
            self._inbox.put(Wake.CONNECTED)  # every (re)connect is followed by a catch-up
            for batch in stream.batches():
                if any(event.event == "resync" for event in batch):
                    self._inbox.put(Wake.RESYNC)
                    return
                hints = [event for event in batch if event.event == "change"]
                if not hints:
                    continue
                # Hints that came together are one: the newest stands for those before it (the
                # catch-up reads them all from /v1/changes), and only it is checked. Checking
                # each of a burst's 100,000 hints took a second of the GIL from the window and
                # the writer.
                hint = wire.check_event(hints[-1].data)  # malformed, it ends the stream
                if hint["seq"] > self.feed.seq:  # else the cache has it already
                    self._inbox.put(Wake.HINT)
        finally:
            self._served_until = stream.last_data
            self._stream = None
            stream.release()

    def _long_poll(self) -> None:
        """Ask for changes after the cursor, held up to `long_poll_wait` by the server."""
        self._caught_up.wait(timeout=self.long_poll_wait)
        started = time.monotonic()
        page = self.client.changes(self.feed.cursor, limit=1, wait=self.long_poll_wait)
        if page["changes"]:
            self._caught_up.clear()
            self._inbox.put(Wake.HINT)
            return
        # Answered empty at once (no long polling there): respect the server's poll interval.
        elapsed = time.monotonic() - started
        if elapsed < self.long_poll_wait / 2:
            self._stopping.wait(max(0.0, self.client.poll_interval - elapsed))
