"""Catching up on the server's change feed (`/v1/changes`): page after page into the cache, the
next page asked for while this one is written, the feed checked for progress, a full resync on
first run or when the cursor expired, and how far a full one is, for the status bar."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from desktop.api import errors
from desktop.cache.kinds import EntityKind
from desktop.cache.rows import ChangeSummary
from desktop.sync.listener import SyncListener

if TYPE_CHECKING:
    from desktop.api.client import ApiClient
    from desktop.cache.store import Cache

log = logging.getLogger(__name__)

PAGE_SIZE = 1000
# One catch-up takes at most this many pages (a million changes at full pages). Each page's cursor
# is kept as it is applied, so a sync that stops here loses nothing: the next one goes on from it.
MAX_PAGES = 1000


class ChangeFeed:
    """Brings the cache up to date with the change feed; knows the newest change applied, for the
    follower to ask from there and to tell a new change's hint from one the cache has."""

    def __init__(
        self, client: ApiClient, listener: SyncListener, stopping: threading.Event
    ) -> None:
        self.client = client
        self.listener = listener
        self._stopping = stopping
        self.cursor: str | None = None  # the feed's cursor after the last page applied
        self.seq = -1  # the newest change applied (hints not newer are already in the cache)

    def catch_up(self, cache: Cache) -> ChangeSummary:
        """Pull every change after the cache's cursor; from scratch on first run or after 410."""
        cursor = cache.cursor
        pending_resync = cache.database.get_meta("resync_generation")
        generation = int(pending_resync) if pending_resync else None
        if cursor is None and generation is None:
            generation = cache.start_full_resync()
        progress = self._progress(cursor, full=generation is not None)
        # The next page is asked for while this one is written: the server and the wire checks
        # work while SQLite does (it lets go of the GIL), as one request at a time still.
        ahead = _PageAhead(self.client)
        try:
            with cache.database.many_writes():
                total = self._pages(cache, cursor, generation, progress, ahead)
        finally:
            ahead.close()
        cache.database.set_meta("last_sync_ms", str(int(time.time() * 1000)))
        return total

    def _pages(
        self,
        cache: Cache,
        cursor: str | None,
        generation: int | None,
        progress: FeedProgress,
        ahead: _PageAhead,
    ) -> ChangeSummary:
        """Apply pages from `cursor` until the feed ends; `generation`: a full resync's."""
        total, limit = ChangeSummary(), PAGE_SIZE
        while not self._stopping.is_set():
            try:
                page = ahead.take(cursor, limit)
            except errors.CursorExpired:
                if cursor is None:  # a full resync sends none: nothing could have expired
                    raise _feed_error("says a cursor expired when none was sent") from None
                log.info("cursor expired: starting a full resync")
                generation, cursor = cache.start_full_resync(), None
                progress = self._progress(cursor, full=True)
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
            total.merge(self._apply(cache, page, progress if generation is not None else None))
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
        if generation is not None and not self._stopping.is_set():
            summary = cache.finish_full_resync(generation)
            total.merge(summary)
            self.listener.data_changed(summary)
            self.listener.counts_changed(cache.messages.unread_counts())
        return total

    def _apply(
        self, cache: Cache, page: dict[str, Any], full: FeedProgress | None
    ) -> ChangeSummary:
        """Write one page and say what changed; `full`: a full sync's progress, to report."""
        # The search index is left to the time between syncs (SyncEngine): it was a third of
        # the time of a first sync of 100,000, and a search finds what it lacks all the same.
        summary = cache.apply_changes(page["changes"], page["next_cursor"], index=False)
        self.cursor = page["next_cursor"]
        if page["changes"]:
            self.seq = max(self.seq, page["changes"][-1]["seq"])
        if full is not None:  # a full sync: how far it is, for the status bar
            self.listener.sync_progress(full.received, full.estimate)
        if summary:
            self.listener.data_changed(summary)
            self.listener.counts_changed(cache.messages.unread_counts())
        return summary

    def _progress(self, cursor: str | None, full: bool) -> FeedProgress:
        progress = FeedProgress(cursor)
        if full:
            progress.expected = self._expected_messages()
        return progress

    def _expected_messages(self) -> int:
        """How many messages a full sync brings: the server's count per category, or 0 when it
        does not say (the sync goes on without an estimate)."""
        try:
            body, _tag = self.client.categories()
        except errors.ApiError as error:
            log.info("no estimate of the sync's size: %s", error)
            return 0
        return sum(category["total"] for category in (body or {}).get("categories", []))


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
