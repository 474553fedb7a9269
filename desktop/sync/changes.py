"""Catching up on the server's change feed (`/v1/changes`): page after page into the cache, the
next page asked for while this one is written, the feed checked for progress, a full resync on
first run or when the cursor expired, and how far a full one is, for the status bar."""

from __future__ import annotations

import logging
import queue
import threading
import time
from typing import TYPE_CHECKING, Any

from desktop.api import errors, wire
from desktop.cache.kinds import EntityKind
from desktop.cache.rows import ChangeSummary
from desktop.sync.listener import SyncListener

if TYPE_CHECKING:
    from desktop.api.client import ApiClient
    from desktop.cache.connection import WriteGroup
    from desktop.cache.store import Cache

log = logging.getLogger(__name__)

PAGE_SIZE = 1000
# One catch-up takes at most this many pages (a million changes at full pages). Each page's cursor
# is kept as it is applied, so a sync that stops here loses nothing: the next one goes on from it.
MAX_PAGES = 1000
# Pages written in one transaction for at most this long while the next is already here: a
# commit per page was a third of the writes of a first sync, and the list still fills as it goes.
GROUP_SECONDS = 0.5
AHEAD = 2  # pages fetched before the writer takes them (about 3 MB of parsed JSON each, at most)


class ChangeFeed:
    """Brings the cache up to date with the change feed; knows the newest change applied, for the
    follower to ask from there and to tell a new change's hint from one the cache has."""

    def __init__(
        self, client: ApiClient, listener: SyncListener, stopping: threading.Event
    ) -> None:
        self.client = client
        self.listener = listener
        self._stopping = stopping
        self.cursor: str | None = None  # the feed's cursor after the last page committed
        self.seq = -1  # the newest change committed (hints not newer are already in the cache)

    def catch_up(self, cache: Cache) -> ChangeSummary:
        """Pull every change after the cache's cursor; from scratch on first run or after 410."""
        cursor = cache.cursor
        pending_resync = cache.database.get_meta("resync_generation")
        generation = int(pending_resync) if pending_resync else None
        if cursor is None and generation is None:
            generation = cache.start_full_resync()
        progress = self._progress(cursor, full=generation is not None)
        # The next pages are asked for while this one is checked and written: the server works
        # while the client does, and SQLite lets go of the GIL while it writes.
        ahead = _PageAhead(self.client, MAX_PAGES)
        try:
            with cache.database.many_writes(), cache.database.grouped_writes() as group:
                written = _Written(cache, self, group)
                try:
                    self._pages(cache, cursor, generation, progress, ahead, written)
                finally:
                    written.commit()  # what came before an error is kept, and told
        finally:
            ahead.close()
        cache.database.set_meta("last_sync_ms", str(int(time.time() * 1000)))
        return written.total

    def _pages(
        self,
        cache: Cache,
        cursor: str | None,
        generation: int | None,
        progress: FeedProgress,
        ahead: _PageAhead,
        written: _Written,
    ) -> None:
        """Apply pages from `cursor` until the feed ends; `generation`: a full resync's."""
        limit = PAGE_SIZE
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
            written.page(page, progress if generation is not None else None)
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
            # Committed (and shown) when the next page is not there yet, else twice a second.
            if not ahead.ready() or written.group.age >= GROUP_SECONDS:
                written.commit()
        if generation is not None and not self._stopping.is_set():
            written.finish_full_resync(generation)

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


class _Written:
    """The pages of one catch-up, written in groups (a `WriteGroup`): what a group changed is
    told to the listener once it is committed, never before (the views read their own
    connection, which sees only what is committed)."""

    def __init__(self, cache: Cache, feed: ChangeFeed, group: WriteGroup) -> None:
        self.cache = cache
        self.feed = feed  # its cursor and newest change: as committed
        self.listener = feed.listener
        self.group = group
        self.total = ChangeSummary()  # everything committed
        self._pending = ChangeSummary()
        self._pending_cursor: str | None = None
        self._pending_seq = -1  # the newest change written and not committed yet
        self._progress: FeedProgress | None = None  # a full sync's, to report at commit

    def page(self, page: dict[str, Any], full: FeedProgress | None) -> None:
        """Write one page into the open group; `full`: a full sync's progress."""
        # The search index is left to the time between syncs (SyncEngine): it was a third of
        # the time of a first sync of 100,000, and a search finds what it lacks all the same.
        self._pending.merge(
            self.cache.apply_changes(page["changes"], page["next_cursor"], index=False)
        )
        self._pending_cursor = page["next_cursor"]
        if page["changes"]:
            self._pending_seq = max(self._pending_seq, page["changes"][-1]["seq"])
        self._progress = full

    def finish_full_resync(self, generation: int) -> None:
        self._pending.merge(self.cache.finish_full_resync(generation))
        self.commit()

    def commit(self) -> None:
        """Commit the group, then tell what it changed."""
        if not self.group.is_open:  # nothing written since, or undone by an error
            return
        self.group.commit()
        summary, self._pending = self._pending, ChangeSummary()
        self.total.merge(summary)
        if self._pending_cursor is not None:
            self.feed.cursor, self._pending_cursor = self._pending_cursor, None
        self.feed.seq, self._pending_seq = max(self.feed.seq, self._pending_seq), -1
        if self._progress is not None:  # a full sync: how far it is, for the status bar
            self.listener.sync_progress(self._progress.received, self._progress.estimate)
        if summary:
            self.listener.data_changed(summary)
            self.listener.counts_changed(self.cache.messages.unread_counts())


def _feed_error(what: str) -> errors.BadResponse:
    return errors.BadResponse(f"the server's change feed {what}")


class _PageAhead:
    """Follows the feed's cursor on a thread of its own, up to `AHEAD` pages before the writer:
    the server prepares the next page while this one is checked and written (still one request
    at a time). `take()` returns the page for a cursor, checked, or raises what asking for it
    raised; a cursor the thread is not following starts it again from there."""

    def __init__(self, client: ApiClient, most: int) -> None:
        """`most`: pages to fetch at most from one cursor on (`MAX_PAGES`)."""
        self.client = client
        self._most = most
        self._following: tuple[str | None, int] | None = None  # the next page's (cursor, limit)
        self._pages: queue.Queue[Any] = queue.Queue(AHEAD)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def ready(self) -> bool:
        """The next page is here (or asking for it failed)."""
        return not self._pages.empty()

    def take(self, cursor: str | None, limit: int) -> dict[str, Any]:
        if self._following != (cursor, limit):
            self._follow(cursor, limit)
        reply = self._next_reply()
        if isinstance(reply, BaseException):
            self._following = None  # the thread has ended
            try:
                raise reply
            finally:  # else this frame, in the error's traceback, would keep it (and its reply)
                del reply
        page = wire.check_changes_page(reply, limit)
        self._following = (page["next_cursor"], limit) if page["has_more"] else None
        return page

    def _next_reply(self) -> Any:
        """The next page or error; never waits on a thread that has ended."""
        while True:
            try:
                return self._pages.get(timeout=1.0)
            except queue.Empty:
                alive = self._thread is not None and self._thread.is_alive()
                if not alive and self._pages.empty():
                    return RuntimeError("the change pages' thread ended without a reply")

    def close(self) -> None:
        """Stop following; returns when no request is left on the way."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _follow(self, cursor: str | None, limit: int) -> None:
        self.close()
        self._following = (cursor, limit)
        self._pages, self._stop = queue.Queue(AHEAD), threading.Event()
        self._thread = threading.Thread(
            target=self._fetch, args=(cursor, limit, self._pages, self._stop),
            name="sync-pages", daemon=True,
        )  # fmt: skip
        self._thread.start()

    def _fetch(
        self, cursor: str | None, limit: int, pages: queue.Queue[Any], stop: threading.Event
    ) -> None:
        """The thread: pages after `cursor` into `pages` until the last, an error or `stop`. An
        error (any: none ends the thread unsaid) goes to the writer, which raises it. A cursor
        is followed once: a feed that sends it again is refused by the writer's check."""
        followed = {cursor}
        for _page in range(self._most):
            if stop.is_set():
                return
            try:
                reply = self.client.unchecked_changes(cursor, limit)
            except Exception as error:
                _put(pages, error, stop)
                return
            more, cursor = _continuation(reply)
            _put(pages, reply, stop)
            if not more or cursor in followed:
                return
            followed.add(cursor)


def _continuation(reply: Any) -> tuple[bool, str | None]:
    """Whether an unchecked page says more follow, and from which cursor: the check on the
    writer's side says what is wrong with a page that does not say it plainly."""
    if isinstance(reply, dict) and reply.get("has_more") is True:
        cursor = reply.get("next_cursor")
        if isinstance(cursor, str):
            return True, cursor
    return False, None


def _put(pages: queue.Queue[Any], item: Any, stop: threading.Event) -> None:
    """Into the bounded queue, unless the writer stops following first."""
    while not stop.is_set():
        try:
            pages.put(item, timeout=0.1)
            return
        except queue.Full:
            continue
