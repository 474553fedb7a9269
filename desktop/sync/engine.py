"""The sync engine: keeps the cache current and sends the outbox, off the GUI thread.

Two threads when running: the worker (catch-up through `/v1/changes`, outbox, merges) and the
follower (the `/v1/events` stream, or long polls when the stream keeps failing), which only posts
hints to the worker's queue. `catch_up()` and `flush_outbox()` also work synchronously, for the
command line. Everything the views need comes out through a :class:`SyncListener`.

Both threads are supervised: no exception ends them. One that nothing else handles (a bug, or
server data the checks let through) is logged with its traceback, told to the user once in plain
words, and the work is tried again later, waiting longer each time.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from desktop.api import errors, wire
from desktop.cache.connection import CacheError
from desktop.cache.kinds import EntityKind, Operation, OutboxState
from desktop.cache.rows import Arrivals, ChangeSummary, OutboxEntry
from desktop.cache.store import Cache
from desktop.platform.logs import redact
from desktop.sync import merge
from desktop.sync.states import (
    OFFLINE,
    ONLINE,
    SIGNED_OUT,
    SYNCING,
    FollowMode,
    notice,
)

if TYPE_CHECKING:
    from desktop.api.client import ApiClient

log = logging.getLogger(__name__)

PAGE_SIZE = 1000
# One catch-up takes at most this many pages (a million changes at full pages). Each page's cursor
# is kept as it is applied, so a sync that stops here loses nothing: the next one goes on from it.
MAX_PAGES = 1000
SENDS_PER_FLUSH = 5  # one edit sent again (after a merge, a reused key) at most this often a flush
UNEXPECTED_RETRY = (30.0, 600.0)  # seconds: the first wait after an unexpected error, the longest
DEFAULT_HEARTBEAT_TIMEOUT = 45.0  # three of the server's 15 s pings
STREAM_FAILURES_BEFORE_POLLING = 3
POLLS_BEFORE_RETRYING_STREAM = 20
# Seconds at least between the end of a catch-up and one that a hint starts: a flood of hints
# costs at most a few catch-ups a second. Shorter than the announcer's quiet spell (0.4 s), so
# the messages of one burst still arrive close enough together to share one notification.
HINT_GAP = 0.25


class SyncListener(Protocol):
    """What the engine tells the outside world; called on the engine's threads."""

    def data_changed(self, summary: ChangeSummary) -> None: ...
    def counts_changed(self, counts: dict[str, int]) -> None: ...
    # `detail`, `reason` and `message` are notices (desktop.sync.states.notice): codes, said in
    # the user's words by desktop.views.wording.
    def state_changed(self, state: str, detail: str) -> None: ...
    def outbox_changed(self, size: int) -> None: ...
    def entry_held(self, entry_id: int, reason: str) -> None: ...
    def error(self, message: str) -> None: ...
    def arrived(self, arrivals: Arrivals) -> None: ...
    def sync_progress(self, received: int, expected: int) -> None: ...


class QuietListener:
    """A listener that ignores everything (the command line asks the cache directly)."""

    def __getattr__(self, name: str) -> Callable[..., None]:
        return lambda *args, **kwargs: None


@dataclass
class FlushResult:
    sent: int = 0
    held: int = 0


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


class _PageAhead:
    """One change page asked for ahead, on a thread of its own; `take()` returns it (or raises
    what asking for it raised) when it is the page wanted, else asks now."""

    def __init__(self, client: ApiClient) -> None:
        self.client = client
        self._pool: ThreadPoolExecutor | None = None
        self._ahead: tuple[str | None, int, Future[dict[str, Any]]] | None = None

    def ask(self, cursor: str | None, limit: int) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="sync-page")
        self._ahead = (cursor, limit, self._pool.submit(self.client.changes, cursor, limit=limit))

    def take(self, cursor: str | None, limit: int) -> dict[str, Any]:
        ahead, self._ahead = self._ahead, None
        if ahead is not None:
            if ahead[:2] == (cursor, limit):
                return ahead[2].result()
            _quietly_wait(ahead[2])
        return self.client.changes(cursor, limit=limit)

    def close(self) -> None:
        if self._ahead is not None:
            _quietly_wait(self._ahead[2])  # never two requests at once on one client
            self._ahead = None
        if self._pool is not None:
            self._pool.shutdown(wait=True)


def _quietly_wait(future: Future[dict[str, Any]]) -> None:
    """Wait for a page no longer wanted; whatever asking for it raised does not matter."""
    with contextlib.suppress(Exception):
        future.result()


class FeedProgress:
    """Guards one catch-up against a change feed that makes no progress.

    api.md orders the feed by each entity's latest sequence number, so across the pages of one
    catch-up `seq` only grows; a page that says `has_more` carries something; a cursor never
    comes back; and the pages end. A server that breaks any of these is a BadResponse.
    """

    def __init__(self, cursor: str | None) -> None:
        self.pages = 0
        self.last_seq = -1
        self.cursors = {cursor}
        self.received = 0  # messages so far
        self.expected = 0  # messages the server said it holds (0: it did not say)

    @property
    def estimate(self) -> int:
        """How many messages this catch-up brings, as best known now (0: unknown)."""
        return max(self.expected, self.received) if self.expected else 0

    def check(self, page: dict[str, Any]) -> None:
        self.pages += 1
        changes = page["changes"]
        self.received += sum(1 for change in changes if change["kind"] == EntityKind.MESSAGE)
        if changes and changes[0]["seq"] <= self.last_seq:
            raise _feed_error("goes back to a change it already sent")
        if changes:
            self.last_seq = changes[-1]["seq"]
        if not page["has_more"]:
            return
        if not changes:
            raise _feed_error("says there is more but sends nothing")
        if page["next_cursor"] in self.cursors:
            raise _feed_error("sends the same cursor twice")
        if self.pages >= MAX_PAGES:
            raise _feed_error(f"did not end within {MAX_PAGES} pages (what came is kept)")
        self.cursors.add(page["next_cursor"])


def _feed_error(what: str) -> errors.BadResponse:
    return errors.BadResponse(f"the server's change feed {what}")


def describe(error: errors.ApiError) -> str:
    """The server's refusal as a notice: its words, and its field errors (with their codes when
    it sends them, for the views to say in the user's words)."""
    fields = error.errors if isinstance(error, errors.ValidationFailed) else []
    return notice("refused", detail=error.message, errors=fields)


def offline_reason(error: errors.ApiError, server: str) -> str:
    """Why the server cannot be used now, as a notice."""
    if isinstance(error, errors.Offline):
        return notice("offline", why=error.why, server=server)
    if isinstance(error, errors.RateLimited):
        return notice("busy", seconds=round(error.retry_after))
    if isinstance(error, errors.ServerError):
        return notice("server_error", status=error.status)
    if isinstance(error, errors.BadResponse):
        return notice("bad_response")  # the details are in the log
    return describe(error)


class SyncEngine:
    def __init__(
        self,
        cache_path: Path,
        client: ApiClient,
        listener: SyncListener | None = None,
        *,
        heartbeat_timeout: float = DEFAULT_HEARTBEAT_TIMEOUT,
        long_poll_wait: float = 25.0,
        log_file: Path | None = None,
    ) -> None:
        """`log_file`: where the log goes, named when an unexpected error is reported."""
        self.cache_path = cache_path
        self.log_file = log_file
        self.client = client
        self.listener: Any = listener or QuietListener()
        self.heartbeat_timeout = heartbeat_timeout
        self.long_poll_wait = long_poll_wait
        self.state = OFFLINE
        self.mode = FollowMode.EVENTS
        self._cache: Cache | None = None
        self._inbox: queue.Queue[str] = queue.Queue()
        self._stopping = threading.Event()
        self._caught_up = threading.Event()
        self._cursor: str | None = None
        self._seq = -1  # the newest change applied (hints not newer are already in the cache)
        self._hints_from = 0.0  # time.monotonic() before which a hint waits (HINT_GAP)
        self._stream: Any = None
        self._worker: threading.Thread | None = None
        self._follower: threading.Thread | None = None
        # Passed on to be announced, not yet recorded as announced (the GUI records them once
        # shown: a crash in between repeats an announcement rather than losing it).
        self._offered: set[str] = set()
        self._caught_up_once = False
        self._reported: str | None = None  # the last problem told, not told again until it clears
        self._report_lock = threading.Lock()

    # -- the synchronous API (the command line, and the worker) ----------------------------------

    @property
    def cache(self) -> Cache:
        if self._cache is None:
            self._cache = Cache(self.cache_path)
        return self._cache

    def catch_up(self) -> ChangeSummary:
        """Pull every change after the cache's cursor; from scratch on first run or after 410."""
        cache = self.cache
        total = ChangeSummary()
        cursor = cache.cursor
        pending_resync = cache.database.get_meta("resync_generation")
        generation = int(pending_resync) if pending_resync else None
        if cursor is None and generation is None:
            generation = cache.start_full_resync()
        progress, limit = FeedProgress(cursor), PAGE_SIZE
        if generation is not None:
            progress.expected = self._expected_messages()
        # The next page is asked for while this one is written: the server and the wire checks
        # work while SQLite does (it lets go of the GIL), as one request at a time still.
        ahead = _PageAhead(self.client)
        try:
            total = self._catch_up_pages(cursor, generation, progress, limit, ahead, total)
        finally:
            ahead.close()
        cache.database.set_meta("last_sync_ms", str(int(time.time() * 1000)))
        return total

    def _catch_up_pages(
        self,
        cursor: str | None,
        generation: int | None,
        progress: FeedProgress,
        limit: int,
        ahead: _PageAhead,
        total: ChangeSummary,
    ) -> ChangeSummary:
        cache = self.cache
        while not self._stopping.is_set():
            try:
                page = ahead.take(cursor, limit)
            except errors.CursorExpired:
                if cursor is None:  # a full resync sends none: nothing could have expired
                    raise _feed_error("says a cursor expired when none was sent") from None
                log.info("cursor expired: starting a full resync")
                generation, cursor = cache.start_full_resync(), None
                progress = FeedProgress(cursor)
                progress.expected = self._expected_messages()
                continue
            except errors.ReplyTooLarge:
                if limit == 1:
                    raise
                limit = max(1, limit // 10)  # big messages: fewer of them per page
                log.info("a change page was too large: asking for %d changes a page", limit)
                continue
            progress.check(page)
            if page["has_more"]:
                ahead.ask(page["next_cursor"], limit)
            summary = cache.apply_changes(page["changes"], page["next_cursor"])
            cursor = self._cursor = page["next_cursor"]
            if page["changes"]:
                self._seq = max(self._seq, page["changes"][-1]["seq"])
            total.merge(summary)
            if generation is not None:  # a full sync: how far it is, for the status bar
                self.listener.sync_progress(progress.received, progress.estimate)
            if summary:
                self.listener.data_changed(summary)
                self.listener.counts_changed(cache.messages.unread_counts())
            if not page["has_more"]:
                break
        if generation is not None and not self._stopping.is_set():
            summary = cache.finish_full_resync(generation)
            total.merge(summary)
            self.listener.data_changed(summary)
            self.listener.counts_changed(cache.messages.unread_counts())
        return total

    def _expected_messages(self) -> int:
        """How many messages a full sync brings: the server's count per category, or 0 when it
        does not say (the sync goes on without an estimate)."""
        try:
            body, _tag = self.client.categories()
        except errors.ApiError as error:
            log.info("no estimate of the sync's size: %s", error)
            return 0
        return sum(category["total"] for category in (body or {}).get("categories", []))

    def flush_outbox(self) -> FlushResult:
        """Send queued edits in order until none is left or the server cannot be reached."""
        cache = self.cache
        result = FlushResult()
        sends: dict[int, int] = {}
        while not self._stopping.is_set():
            entry = cache.outbox.next_to_send()
            if entry is None:
                break
            sends[entry.id] = sends.get(entry.id, 0) + 1
            if sends[entry.id] > SENDS_PER_FLUSH:
                self._hold(entry, OutboxState.REJECTED, notice("kept_refusing"))
                result.held += 1
                continue
            cache.outbox.mark_attempt(entry)
            try:
                answer = self._send(entry)
            except errors.PreconditionFailed as conflict:
                if self._merge(entry, conflict.current):
                    result.held += 1
                continue
            except errors.NotFound as gone:
                if entry.op == Operation.REMOVE:
                    cache.finish_entry(entry)  # already deleted: what we wanted
                else:
                    self._hold(entry, OutboxState.REJECTED, notice("deleted", detail=gone.message))
                    result.held += 1
                continue
            except (
                errors.ValidationFailed,
                errors.Locked,
                errors.LimitExceeded,
                errors.Conflict,
                errors.PreconditionRequired,
            ) as rejected:
                self._hold(entry, OutboxState.REJECTED, describe(rejected))
                result.held += 1
                continue
            except errors.IdempotencyKeyReused:
                cache.requeue(entry, entry.payload, entry.if_match, entry.base)
                continue
            cache.finish_entry(entry, answer)
            result.sent += 1
            self.listener.outbox_changed(cache.outbox.size())
            if entry.kind != EntityKind.MESSAGE:
                self.listener.data_changed(ChangeSummary(entities_changed={entry.kind}))
        return result

    def _send(self, entry: OutboxEntry) -> dict[str, Any] | None:
        client, key, payload = self.client, entry.idempotency_key, entry.payload
        if entry.op == Operation.READ:
            client.mark_read(payload["ids"], payload["read"], key)
            return None
        if entry.op == Operation.DELETE:
            client.delete_messages(payload["ids"], key)
            return None
        if entry.op == Operation.READ_UP_TO:
            client.mark_read_up_to(payload["up_to"], payload.get("category"), key)
            return None
        assert entry.entity_id is not None
        if_match = entry.if_match
        if if_match is None:
            known = self.cache.entities.server_entity(entry.kind, entry.entity_id)
            if_match = known["etag"] if known else None
        if entry.op == Operation.PUT:
            return client.put_entity(entry.kind, entry.entity_id, payload, if_match, key)
        if entry.op == Operation.REMOVE:
            if if_match is None:
                return None  # never reached the server: nothing to delete there
            client.delete_entity(entry.kind, entry.entity_id, if_match, key)
            return None
        if entry.op == Operation.PRIMARY:
            return client.set_primary(entry.entity_id, key)
        raise ValueError(f"unknown outbox operation {entry.op!r}")

    def _merge(self, entry: OutboxEntry, current: dict[str, Any] | None) -> bool:
        """A 412: merge and send again, or hold the entry for the user. True when held."""
        if current is None:
            self._hold(entry, OutboxState.REJECTED, notice("changed_unknown"))
            return True
        if entry.op != Operation.PUT:
            self._hold(entry, OutboxState.CONFLICT, notice("changed"), current)
            return True
        result = merge.merge(entry.kind, entry.base, entry.payload, current)
        if result.conflicts:
            reason = notice("both_changed", kind=entry.kind, fields=result.conflicts)
            self._hold(entry, OutboxState.CONFLICT, reason, current)
            return True
        self.cache.requeue(entry, result.payload, current["etag"], current)
        self.listener.data_changed(ChangeSummary(entities_changed={entry.kind}))
        return False

    def _hold(
        self,
        entry: OutboxEntry,
        state: OutboxState,
        reason: str,
        current: dict[str, Any] | None = None,
    ) -> None:
        log.info("outbox entry %s held (%s): %s", entry.id, state, reason)
        self.cache.park(entry, state, reason, current)
        self.listener.entry_held(entry.id, reason)
        self.listener.data_changed(
            ChangeSummary(
                entities_changed={entry.kind} if entry.kind != EntityKind.MESSAGE else set()
            )
        )
        if entry.kind == EntityKind.MESSAGE:
            self.listener.counts_changed(self.cache.messages.unread_counts())

    # -- running on threads ----------------------------------------------------------------------

    def start(self) -> None:
        self._stopping.clear()
        self._worker = threading.Thread(target=self._work, name="sync-worker", daemon=True)
        self._worker.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        self._inbox.put("stop")
        self.client.close()
        stream = self._stream
        if stream is not None:
            stream.close()
        for thread in (self._worker, self._follower):
            if thread is not None and thread is not threading.current_thread():
                thread.join(timeout)
        if self._cache is not None and (self._worker is None or not self._worker.is_alive()):
            self._cache.close()
            self._cache = None

    def sync_now(self) -> None:
        self._inbox.put("sync_now")

    def local_edit(self) -> None:
        """Call after a local edit was queued in the cache: the worker sends it."""
        self._inbox.put("local_edit")

    def _set_state(self, state: str, detail: str = "") -> None:
        if state != self.state or detail:
            self.state = state
            self.listener.state_changed(state, detail)

    def _work(self) -> None:
        backoff, unexpected, unusable = Backoff(), 0, 0
        prepared = False
        while not self._stopping.is_set():
            try:
                if not prepared:
                    self._cursor = self.cache.cursor
                    self.listener.counts_changed(self.cache.messages.unread_counts())
                    self.listener.outbox_changed(self.cache.outbox.size())
                    prepared = True
                self._set_state(SYNCING)
                self._caught_up.clear()
                self.flush_outbox()
                self.catch_up()
                self._pass_on_arrivals()
                self.flush_outbox()
                self._caught_up.set()
                self._set_state(ONLINE)
                self.listener.outbox_changed(self.cache.outbox.size())
                backoff.reset()
                unexpected = unusable = 0
                self._clear_report()
                self._start_follower()
                # Held-back deletes (their undo time) go out when due, without another wake-up.
                self._hints_from = time.monotonic() + HINT_GAP
                self._wait_for_reason(timeout=self.cache.outbox.seconds_until_due())
            except errors.Unauthorized:
                self._set_state(SIGNED_OUT, notice("signed_out"))
                return
            except errors.BadResponse as error:  # it answers, but not with what the contract says
                unusable += 1
                delay = min(UNEXPECTED_RETRY[0] * 2 ** (unusable - 1), UNEXPECTED_RETRY[1])
                log.warning("unusable data from the server: %s", redact(error.message))
                said = notice("bad_response", seconds=round(delay))
                self._report(said)  # again only when it says something new (a longer wait)
                self._go_offline(said, delay)
            except (errors.Offline, errors.ServerError) as error:
                self._go_offline(error, backoff.next_delay())
            except errors.RateLimited as error:
                self._go_offline(error, max(error.retry_after, backoff.next_delay()))
            except CacheError as error:
                reason = notice("cache", detail=str(error))
                self._report(reason)
                self._go_offline(reason, backoff.next_delay())
            except errors.ApiError as error:  # an unexpected answer: say it, try again later
                self._report(describe(error))
                self._go_offline(error, backoff.next_delay())
            except Exception as error:  # a bug, or data the checks let through: never the end
                unexpected += 1
                delay = min(UNEXPECTED_RETRY[0] * 2 ** (unexpected - 1), UNEXPECTED_RETRY[1])
                self._go_offline(self._unexpected(error, "sync", delay), delay)

    def _unexpected(self, error: Exception, what: str, delay: float) -> str:
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
        self._report(said)  # again only when it says something new (a longer wait)
        return said

    def _report(self, message: str, key: str | None = None) -> None:
        """Tell the listener of a problem, unless it was the last one told and has not cleared."""
        with self._report_lock:
            if self._reported == (key or message):
                return
            self._reported = key or message
        self.listener.error(message)

    def _clear_report(self) -> None:
        with self._report_lock:
            self._reported = None

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
        self._set_state(OFFLINE, why)
        self._wait_for_reason(timeout=delay, wake_on=("sync_now", "stop", "connected"))

    def _wait_for_reason(self, timeout: float | None, wake_on: tuple[str, ...] = ()) -> None:
        """Block until the follower or the GUI gives a reason to work; coalesce a burst of them."""
        deadline = None if timeout is None else time.monotonic() + timeout
        reason = None
        while not self._stopping.is_set():
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                reason = self._inbox.get(timeout=remaining)
            except queue.Empty:
                return
            if not wake_on or reason in wake_on:
                break
        if reason == "hint":  # a server that hints without end gets a catch-up a second at most
            self._stopping.wait(max(0.0, self._hints_from - time.monotonic()))
        while True:  # drain: one catch-up answers every hint that came meanwhile
            try:
                self._inbox.get_nowait()
            except queue.Empty:
                return

    # -- the follower: push hints from the event stream, or long polls ---------------------------

    def _start_follower(self) -> None:
        if self._follower is None or not self._follower.is_alive():
            self._follower = threading.Thread(target=self._follow, name="sync-events", daemon=True)
            self._follower.start()

    def _follow(self) -> None:
        backoff = Backoff(base=0.5, cap=30.0)
        stream_failures = 0
        polls = 0
        while not self._stopping.is_set():
            if (
                stream_failures >= STREAM_FAILURES_BEFORE_POLLING
                and polls < POLLS_BEFORE_RETRYING_STREAM
            ):
                self.mode = FollowMode.POLLING
                polls += 1
                try:
                    self._long_poll()
                    backoff.reset()
                except errors.Unauthorized:
                    self._inbox.put("unauthorized")
                    return
                except errors.ApiError:
                    self._stopping.wait(backoff.next_delay())
                except Exception as error:  # never the end of the follower
                    delay = backoff.next_delay()
                    self._unexpected(error, "live", delay)
                    self._stopping.wait(delay)
                continue
            self.mode, polls = FollowMode.EVENTS, 0
            delay = backoff.next_delay()  # before the next connection, however this one ends
            try:
                self._read_stream()
            except errors.Unauthorized:
                self._inbox.put("unauthorized")
                return
            except errors.ApiError as error:
                log.info("event stream down: %s", error.message)
            except Exception as error:  # never the end of the follower
                self._unexpected(error, "live", delay)
            if self._stopping.is_set():
                return
            stream_failures += 1
            self._inbox.put("stream_down")  # the worker checks the server and catches up
            self._stopping.wait(delay)

    def _read_stream(self) -> None:
        stream = self.client.events(self._cursor, self.heartbeat_timeout)
        self._stream = stream
        try:
            stream.open()
            self._inbox.put("connected")  # every (re)connect is followed by a catch-up
            for event in stream:
                if event.event == "resync":
                    self._inbox.put("resync")
                    return
                if event.event == "change":
                    hint = wire.check_event(event.data)  # a malformed hint ends the stream
                    if hint["seq"] > self._seq:  # else the cache has it already
                        self._inbox.put("hint")
        finally:
            self._stream = None
            stream.release()

    def _long_poll(self) -> None:
        """Ask for changes after the cursor, held up to `long_poll_wait` by the server."""
        self._caught_up.wait(timeout=self.long_poll_wait)
        started = time.monotonic()
        page = self.client.changes(self._cursor, limit=1, wait=self.long_poll_wait)
        if page["changes"]:
            self._caught_up.clear()
            self._inbox.put("hint")
            return
        # Answered empty at once (no long polling there): respect the server's poll interval.
        elapsed = time.monotonic() - started
        if elapsed < self.long_poll_wait / 2:
            self._stopping.wait(max(0.0, self.client.poll_interval - elapsed))
