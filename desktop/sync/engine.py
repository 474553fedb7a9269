"""The sync engine: keeps the cache current and sends the outbox, off the GUI thread.

Two threads when running: the worker (catch-up through `/v1/changes`, outbox, merges), here, and
the follower (the `/v1/events` stream, or long polls when the stream keeps failing:
`desktop.sync.events`), which only posts hints to the worker's inbox (`desktop.sync.waiting`).
`catch_up()` (`desktop.sync.changes`) and `flush_outbox()` (`desktop.sync.outbox`) also work
synchronously, for the command line. Everything the views need comes out through a
:class:`~desktop.sync.listener.SyncListener`.

Both threads are supervised: no exception ends them. One that nothing else handles (a bug, or
server data the checks let through) is logged with its traceback, told to the user once in plain
words, and the work is tried again later, waiting longer each time.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.api import errors
from desktop.cache.connection import CacheError
from desktop.cache.rows import ChangeSummary
from desktop.cache.store import Cache
from desktop.platform.logs import redact
from desktop.platform.priority import lower_this_thread
from desktop.sync.changes import ChangeFeed
from desktop.sync.events import DEFAULT_HEARTBEAT_TIMEOUT, Follower
from desktop.sync.listener import QuietListener, Reporter, SyncListener
from desktop.sync.outbox import FlushResult, OutboxSender
from desktop.sync.states import ConnectionState, FollowMode, describe, notice, offline_reason
from desktop.sync.waiting import Backoff, Inbox, Wake

if TYPE_CHECKING:
    from desktop.api.client import ApiClient

log = logging.getLogger(__name__)

# Messages added to the search index per transaction between syncs: about 0.3 s of work, so an
# edit or a new message waits no longer than that for the worker.
INDEX_CHUNK = 10_000
UNEXPECTED_RETRY = (30.0, 600.0)  # seconds: the first wait after an unexpected error, the longest


class SyncEngine:
    """One profile's sync: its cache, the server's client, the worker and the follower."""

    def __init__(
        self,
        cache_path: Path,
        client: ApiClient,
        listener: SyncListener | None = None,
        *,
        heartbeat_timeout: float = DEFAULT_HEARTBEAT_TIMEOUT,
        long_poll_wait: float = 25.0,
        log_file: Path | None = None,
        beside_a_window: bool = False,
    ) -> None:
        """`log_file`: where the log goes, named when an unexpected error is reported.
        `beside_a_window`: the engine's threads yield the CPU to the window's."""
        self.cache_path = cache_path
        self.client = client
        self.listener: SyncListener = listener or QuietListener()
        self.state = ConnectionState.OFFLINE
        self._cache: Cache | None = None
        self._stopping = threading.Event()
        self._caught_up = threading.Event()  # set while the worker is not syncing
        self._inbox = Inbox(self._stopping)
        self._reporter = Reporter(self.listener, log_file)
        self._feed = ChangeFeed(client, self.listener, self._stopping)
        self._outbox = OutboxSender(client, self.listener, self._stopping)
        self._follower = Follower(
            client,
            self._feed,
            self._inbox,
            self._reporter,
            self._stopping,
            self._caught_up,
            heartbeat_timeout=heartbeat_timeout,
            long_poll_wait=long_poll_wait,
        )
        self._worker: threading.Thread | None = None
        # Passed on to be announced, not yet recorded as announced (the GUI records them once
        # shown: a crash in between repeats an announcement rather than losing it).
        self._offered: set[str] = set()
        self._caught_up_once = False
        self._beside_a_window = beside_a_window

    # -- the synchronous API (the command line, and the worker) ----------------------------------

    @property
    def cache(self) -> Cache:
        if self._cache is None:
            self._cache = Cache(self.cache_path)
        return self._cache

    @property
    def mode(self) -> FollowMode:
        """How the follower hears of new changes now."""
        return self._follower.mode

    def catch_up(self) -> ChangeSummary:
        """Pull every change after the cache's cursor; from scratch on first run or after 410."""
        return self._feed.catch_up(self.cache)

    def flush_outbox(self) -> FlushResult:
        """Send queued edits in order until none is left or the server cannot be reached."""
        return self._outbox.flush(self.cache)

    # -- running on threads ----------------------------------------------------------------------

    def start(self) -> None:
        self._stopping.clear()
        self._worker = threading.Thread(target=self._work, name="sync-worker", daemon=True)
        self._worker.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        self._inbox.put(Wake.STOP)
        self.client.close()
        self._follower.close_stream()
        if self._worker is not None and self._worker is not threading.current_thread():
            self._worker.join(timeout)
        self._follower.join(timeout)
        if self._cache is not None and (self._worker is None or not self._worker.is_alive()):
            self._cache.close()
            self._cache = None

    def sync_now(self) -> None:
        self._inbox.put(Wake.SYNC_NOW)

    def local_edit(self) -> None:
        """Call after a local edit was queued in the cache: the worker sends it."""
        self._inbox.put(Wake.LOCAL_EDIT)

    def _set_state(self, state: ConnectionState, detail: str = "") -> None:
        if state != self.state or detail:
            self.state = state
            self.listener.state_changed(state, detail)

    def _work(self) -> None:
        """The worker thread: sync, wait for a reason to sync again; offline, try again later."""
        if self._beside_a_window:
            lower_this_thread()  # and so the follower's and page fetcher's, started from here
        backoff, unexpected, unusable = Backoff(), 0, 0
        prepared = False
        while not self._stopping.is_set():
            try:
                if not prepared:
                    self._prepare()
                    prepared = True
                self._sync()
                backoff.reset()
                unexpected = unusable = 0
                self._reporter.clear()
                self._follower.start()
                self._inbox.caught_up()
                self.index_backlog()
                # Held-back deletes (their undo time) go out when due, without another wake-up.
                self._inbox.wait(timeout=self.cache.outbox.seconds_until_due())
            except errors.Unauthorized:
                self._set_state(ConnectionState.SIGNED_OUT, notice("signed_out"))
                return
            except errors.BadResponse as error:  # it answers, but not with what the contract says
                unusable += 1
                delay = _doubling_wait(unusable)
                log.warning("unusable data from the server: %s", redact(error.message))
                said = notice("bad_response", seconds=round(delay))
                self._reporter.report(said)  # again only when it says something new
                self._go_offline(said, delay)
            except (errors.Offline, errors.ServerError) as error:
                self._go_offline(error, backoff.next_delay())
            except errors.RateLimited as error:
                self._go_offline(error, max(error.retry_after, backoff.next_delay()))
            except CacheError as error:
                reason = notice("cache", detail=str(error))
                self._reporter.report(reason)
                self._go_offline(reason, backoff.next_delay())
            except errors.ApiError as error:  # an unexpected answer: say it, try again later
                self._reporter.report(describe(error))
                self._go_offline(error, backoff.next_delay())
            except Exception as error:  # a bug, or data the checks let through: never the end
                unexpected += 1
                delay = _doubling_wait(unexpected)
                self._go_offline(self._reporter.unexpected(error, "sync", delay), delay)

    def _prepare(self) -> None:
        """What the views show before the first sync: from the cache as it is."""
        self._feed.cursor = self.cache.cursor
        self.listener.counts_changed(self.cache.messages.unread_counts())
        self.listener.outbox_changed(self.cache.outbox.size())

    def _sync(self) -> None:
        """One sync: the outbox out, the changes in, then what they made of the outbox."""
        self._set_state(ConnectionState.SYNCING)
        self._caught_up.clear()
        self.flush_outbox()
        self.catch_up()
        self._pass_on_arrivals()
        self.flush_outbox()
        self._caught_up.set()
        self._set_state(ConnectionState.ONLINE)
        self.listener.outbox_changed(self.cache.outbox.size())

    def index_backlog(self) -> None:
        """The messages catch-ups left out of the search index go into it, a chunk at a time
        (between syncs, on the worker: a reason to sync, such as a new change, comes first)."""
        while self._inbox.empty() and not self._stopping.is_set():
            if not self.cache.messages.index_backlog(INDEX_CHUNK):
                return

    def _pass_on_arrivals(self) -> None:
        """New unread messages to announce; the first batch after start came while closed."""
        arrivals = self.cache.announcing.arrivals(self._offered)
        at_start, self._caught_up_once = not self._caught_up_once, True
        if arrivals is not None:
            arrivals.at_start = at_start
            self._offered.update(arrivals.ids)
            self.listener.arrived(arrivals)

    def _go_offline(self, why: errors.ApiError | str, delay: float) -> None:
        """`why`: the error, or a notice."""
        if isinstance(why, errors.ApiError):
            log.info("offline (%s); trying again in %.1f s", why.message, delay)
            why = offline_reason(why, self.client.server)
        else:
            log.info("offline (%s); trying again in %.1f s", why, delay)
        self._caught_up.set()
        self._set_state(ConnectionState.OFFLINE, why)
        self._inbox.wait(timeout=delay, wake_on=(Wake.SYNC_NOW, Wake.STOP, Wake.CONNECTED))


def _doubling_wait(failures: int) -> float:
    """Seconds to wait after this many unexpected failures in a row: doubling, up to a limit."""
    first, longest = UNEXPECTED_RETRY
    return min(first * 2.0 ** (failures - 1), longest)
