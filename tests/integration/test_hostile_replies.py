"""The client against a hostile server: every sync ends with success or a clear error, in bounded
time and memory, and the running engine outlives whatever the server sends (issue 12)."""

from __future__ import annotations

import itertools
import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.api import errors
from desktop.api.client import ApiClient
from desktop.api.events import EventStream
from desktop.cache.connection import CacheError
from desktop.sync.changes import MAX_PAGES
from desktop.sync.engine import SyncEngine
from desktop.sync.outbox import SENDS_PER_FLUSH
from desktop.sync.states import ConnectionState, read_notice
from desktop.sync.waiting import HINT_GAP
from msgcenter.server import cursors
from tests import hostile_server as hostile
from tests.hostile_server import Answer, FailingListener, HostileServer, json_answer, page
from tests.support import Recorder, require_desktop, wait_until

SSE = "text/event-stream"
SYNC_SECONDS = 20.0  # one catch-up against the worst of them, with room for a busy machine
BAD = ("\x1b", "\x00", "\x07", "\x9b", "\u202e", "\r", "\n")
HOSTILE = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)


@pytest.fixture(scope="module")
def server():
    running = HostileServer().start()
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def behaving(server):
    server.behave()
    yield
    server.behave()


def new_client(server: HostileServer, **options) -> ApiClient:
    options = {"retries": 0, "read_timeout": 3.0, **options}
    return ApiClient(server.url, hostile.TOKEN, **options)


def assert_clear(error: errors.ApiError) -> None:
    """One short line for people: no escapes, controls or bidi tricks from the server."""
    assert error.message and len(error.message) <= 400, error.message
    assert not any(c in error.message for c in BAD), repr(error.message)


def bounded(call, seconds: float = SYNC_SECONDS, client: ApiClient | None = None):
    """Run `call` on a thread: its result, or the exception it raised; fails if it hangs (after
    closing `client`, so that the thread ends before its cache is closed)."""
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(("ok", call()))
        except BaseException as error:  # handed to the test thread, which judges it
            outcome.append(("raised", error))

    worker = threading.Thread(target=run, daemon=True)
    started = time.monotonic()
    worker.start()
    worker.join(seconds)
    hung = worker.is_alive()
    if hung and client is not None:
        client.close()
        worker.join(seconds)
    assert not hung, f"still running after {seconds} s"
    return outcome[0], time.monotonic() - started


def catch_up_once(server: HostileServer) -> tuple:
    with tempfile.TemporaryDirectory() as folder:
        engine = SyncEngine(Path(folder) / "c.sqlite3", new_client(server))
        try:
            return bounded(engine.catch_up, client=engine.client)
        finally:
            engine.stop()


def assert_success_or_clear_error(outcome) -> None:
    kind, value = outcome
    if kind == "raised":
        if not isinstance(value, errors.ApiError | CacheError):
            raise AssertionError(f"not an ApiError: {type(value).__name__}: {value}") from value
        if isinstance(value, errors.ApiError):
            assert_clear(value)


# -- catch-up against hypothesis' replies ----------------------------------------------------------

pages = hostile.hostile_page()


@HOSTILE
@given(st.lists(hostile.hostile_answer(pages), min_size=1, max_size=4))
def test_every_catch_up_ends_in_success_or_a_clear_error(server, answers):
    server.script("/v1/changes", *answers)
    outcome, _ = catch_up_once(server)
    assert_success_or_clear_error(outcome)


@HOSTILE
@given(hostile.hostile_problem())
def test_problem_bodies_become_one_clean_line(server, answer):
    server.script("/v1/changes", answer)
    outcome, _ = catch_up_once(server)
    kind, error = outcome
    assert kind == "raised" and isinstance(error, errors.ApiError), outcome
    assert_clear(error)
    if isinstance(error, errors.ValidationFailed):
        for entry in error.errors:
            assert not any(c in str(v) for v in entry.values() for c in BAD)


def test_a_created_at_that_is_not_a_time_is_a_bad_response_naming_the_field(server):
    noon = hostile.message(1, created_at="noon")
    server.script("/v1/changes", json_answer(page([hostile.change(1, "message", noon)])))
    (kind, error), _ = catch_up_once(server)
    assert kind == "raised" and isinstance(error, errors.BadResponse)
    assert "changes[0].data.created_at is not an RFC 3339 time" in error.message


def test_a_newer_servers_category_is_listed_under_other_and_counted(server):
    """Not dropped, not counted nowhere: under Other, its type shown as it came."""
    newer = hostile.message(1, category="zzz", type="T" * 64)
    server.script("/v1/changes", json_answer(page([hostile.change(1, "message", newer)])))
    with tempfile.TemporaryDirectory() as folder:
        engine = SyncEngine(Path(folder) / "c.sqlite3", new_client(server))
        (kind, summary), _ = bounded(engine.catch_up)
        assert kind == "ok", summary
        stored = engine.cache.messages.get("m-1")
        assert (stored.category, stored.type) == ("other", "T" * 64)
        counts = engine.cache.messages.unread_counts()
        assert counts["other"] == counts["all"] == 1
        engine.stop()


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"category": "fault", "type": "security.ddos"}, "type does not belong to its category"),
        ({"created_at": "9999-12-31T23:59:59.999999999-23:59"}, "created_at is not an RFC 3339"),
        ({"created_at": "0001-01-01T00:00:00+00:01"}, "created_at is not an RFC 3339"),
    ],
    ids=["type-of-another-category", "after-year-9999-in-utc", "before-year-1-in-utc"],
)
def test_a_message_the_catalogue_or_the_calendar_contradicts_is_a_bad_response(
    server, fields, named
):
    wrong = hostile.message(1, **fields)
    server.script("/v1/changes", json_answer(page([hostile.change(1, "message", wrong)])))
    (kind, error), _ = catch_up_once(server)
    assert kind == "raised" and isinstance(error, errors.BadResponse), error
    assert named in error.message


def test_a_setting_this_app_does_not_know_is_skipped_and_the_feed_goes_on(server):
    unknown = hostile.setting("zzz.unknown", category="zzz")
    ddos = hostile.setting("security.ddos", category="security")
    changes = [
        hostile.change(1, "setting", unknown),
        hostile.change(2, "setting", ddos),
    ]
    server.script("/v1/changes", json_answer(page(changes, "c2")))
    with tempfile.TemporaryDirectory() as folder:
        engine = SyncEngine(Path(folder) / "c.sqlite3", new_client(server))
        (kind, summary), _ = bounded(engine.catch_up)
        assert kind == "ok", summary
        assert [s.id for s in engine.cache.entities.shown("setting")] == ["security.ddos"]
        assert engine.cache.cursor == "c2"
        engine.stop()
    server.script("/v1/settings", json_answer({"settings": [unknown, ddos]}))
    client = new_client(server)
    try:
        assert [s["id"] for s in client.settings()] == ["security.ddos"]
    finally:
        client.close()


def test_valid_pages_are_applied_without_fields_the_contract_does_not_name(server):
    valid = hostile.good_page()
    valid["changes"][2]["data"]["extra"] = "x" * 100_000  # the contact
    server.script("/v1/changes", json_answer(valid))
    with tempfile.TemporaryDirectory() as folder:
        engine = SyncEngine(Path(folder) / "c.sqlite3", new_client(server))
        (kind, summary), _ = bounded(engine.catch_up)
        assert kind == "ok", summary
        assert summary.messages_added == ["m-1"]
        assert engine.cache.messages.get("m-1").created_at == "2026-11-28T08:23:15.123Z"
        [known] = engine.cache.entities.shown("contact")
        assert known.id == "k-1" and "extra" not in known.data
        engine.stop()


# -- every other call ------------------------------------------------------------------------------

RENAME = {"name": "Li Na", "mobile": "13012345678", "email": None}
CALLS = {
    "sign_in": ("/v1/auth/token", {"token": hostile.TOKEN, "account": hostile.ACCOUNT},
                lambda c: c.sign_in("u", "p")),
    "health": ("/v1/health", {"status": "ok", "version": "1.1"}, lambda c: c.health()),
    "me": ("/v1/me", {"account": hostile.ACCOUNT}, lambda c: c.me()),
    "categories": ("/v1/categories", {"categories": [{"id": "fault", "name": "Fault", "unread": 1,
                                                      "total": 2}], "total_unread": 1},
                   lambda c: c.categories()),
    "messages": ("/v1/messages", {"items": [hostile.message(1)], "next_cursor": None},
                 lambda c: c.messages(limit=50)),
    "mark_read": ("/v1/messages/read", {"updated": ["m-1"], "not_found": []},
                  lambda c: c.mark_read(["m-1"], True)),
    "read_up_to": ("/v1/messages/read", {"updated_count": 3},
                   lambda c: c.mark_read_up_to("2026-11-28T08:23:15.123Z", None)),
    "delete": ("/v1/messages/delete", {"deleted": ["m-1"], "not_found": []},
               lambda c: c.delete_messages(["m-1"])),
    "settings": ("/v1/settings", {"settings": [hostile.setting()]}, lambda c: c.settings()),
    "contacts": ("/v1/contacts", {"contacts": [hostile.contact()]}, lambda c: c.contacts()),
    "groups": ("/v1/groups", {"groups": [hostile.group()]}, lambda c: c.groups()),
    "put": ("/v1/contacts/k-1", hostile.contact(name="Li Na"),
            lambda c: c.put_entity("contact", "k-1", RENAME, '"7"')),
    "remove": ("/v1/groups/g-1", {}, lambda c: c.delete_entity("group", "g-1", '"5"')),
    "primary": ("/v1/contacts/k-1/primary", hostile.contact(primary=True),
                lambda c: c.set_primary("k-1")),
    "confirm": ("/v1/contacts/k-1/verification/confirm", hostile.contact(mobile_verified=True),
                lambda c: c.confirm_verification("k-1", "mobile", "123456")),
}  # fmt: skip


@st.composite
def call_and_answers(draw: st.DrawFn):
    name = draw(st.sampled_from(sorted(CALLS)))
    _, good, _ = CALLS[name]
    bodies = st.one_of(st.just(good), hostile.mutated(good), hostile.JSON)
    return name, draw(st.lists(hostile.hostile_answer(bodies), min_size=1, max_size=2))


@HOSTILE
@given(call_and_answers())
def test_every_call_returns_checked_data_or_a_clear_error(server, drawn):
    name, answers = drawn
    path, _, call = CALLS[name]
    server.behave()
    server.script(path, *answers)
    client = new_client(server)
    try:
        outcome, _ = bounded(lambda: call(client), client=client)
    finally:
        client.close()
    assert_success_or_clear_error(outcome)


# -- sending the outbox ----------------------------------------------------------------------------


def seeded(server: HostileServer, folder: str) -> SyncEngine:
    """An engine whose cache knows m-1 and k-1 and holds two edits: m-1 read, k-1 renamed."""
    server.script("/v1/changes", json_answer(hostile.good_page()))
    engine = SyncEngine(Path(folder) / "c.sqlite3", new_client(server))
    engine.catch_up()
    engine.cache.messages.mark_read(["m-1"], True)
    renamed = {"name": "Li Na", "mobile": "13012345678", "email": None}
    engine.cache.entities.edit("put", "contact", "k-1", renamed)
    return engine


read_bodies = st.one_of(
    st.just({"updated": ["m-1"], "not_found": []}),
    hostile.mutated({"updated": ["m-1"], "not_found": []}),
    hostile.JSON,
)
contact_bodies = st.one_of(
    st.just(hostile.contact(name="Li Na")), hostile.mutated(hostile.contact())
)
answers = st.one_of(hostile.hostile_problem(412), hostile.hostile_problem())


@HOSTILE
@given(
    st.lists(hostile.hostile_answer(read_bodies) | answers, min_size=1, max_size=3),
    st.lists(hostile.hostile_answer(contact_bodies) | answers, min_size=1, max_size=3),
)
def test_every_outbox_flush_ends_in_success_or_a_clear_error(server, reads, puts):
    with tempfile.TemporaryDirectory() as folder:
        engine = seeded(server, folder)
        server.script("/v1/messages/read", *reads)
        server.script("/v1/contacts/", *puts)
        try:
            outcome, _ = bounded(engine.flush_outbox, client=engine.client)
            assert_success_or_clear_error(outcome)
            for entry in engine.cache.outbox.entries():
                assert not any(c in (entry.reason or "") for c in BAD), entry.reason
        finally:
            engine.stop()


def test_a_412_that_merges_forever_is_held_not_sent_forever(server, tmp_path):
    engine = seeded(server, str(tmp_path))
    newer = hostile.contact(mobile="13900000000", etag='"9"')
    server.script("/v1/contacts/", hostile.problem(412, "changed", current=newer))
    server.script("/v1/messages/read", json_answer({"updated": ["m-1"], "not_found": []}))
    before = server.count("/v1/contacts/")
    (kind, result), _ = bounded(engine.flush_outbox, client=engine.client)
    assert kind == "ok" and (result.sent, result.held) == (1, 1), result
    [held] = engine.cache.outbox.entries()
    assert held.state == "rejected" and read_notice(held.reason) == {"code": "kept_refusing"}
    assert server.count("/v1/contacts/") - before == SENDS_PER_FLUSH
    engine.stop()


def test_pages_before_a_failure_are_kept_and_told(server):
    """Pages are committed in groups: what came before the server failed is still kept (up to
    its cursor, for the next sync to go on from) and told to the views."""
    server.script(
        "/v1/changes",
        json_answer(page([hostile.change(1, "message", hostile.message(1))], "c1", True)),
        json_answer(page([hostile.change(2, "message", hostile.message(2))], "c2", True)),
        hostile.problem(503, "down for a moment"),
    )
    recorder = Recorder()
    with tempfile.TemporaryDirectory() as folder:
        engine = SyncEngine(Path(folder) / "c.sqlite3", new_client(server), recorder)
        try:
            (kind, error), _ = bounded(engine.catch_up, client=engine.client)
            assert kind == "raised" and isinstance(error, errors.ServerError), error
            assert engine.cache.cursor == "c2" and engine.cache.messages.count() == 2
            told = {m for (summary,) in recorder.of("data_changed") for m in summary.messages_added}
            assert told == {"m-1", "m-2"}
        finally:
            engine.stop()


def test_410_forever_ends(server):
    server.script("/v1/changes", hostile.problem(410, "gone", "Cursor expired"))
    (kind, error), _ = catch_up_once(server)
    assert kind == "raised" and "expired when none was sent" in error.message


# -- paging that makes no progress -----------------------------------------------------------------


def same_cursor_forever() -> Callable[[], Answer]:
    """Pages of one new change each, all with the same cursor, `has_more` forever."""
    seq = itertools.count(1)
    return lambda: json_answer(
        page([hostile.change(n := next(seq), "message", hostile.message(n))], "same", True)
    )


def test_has_more_forever_with_the_same_cursor_ends(server):
    server.script("/v1/changes", same_cursor_forever())
    before = server.count("/v1/changes")
    (kind, error), _ = catch_up_once(server)
    assert kind == "raised" and isinstance(error, errors.BadResponse), error
    assert "the same cursor twice" in error.message
    assert server.count("/v1/changes") - before == 2


def test_has_more_forever_with_the_same_page_ends(server):
    one = page([hostile.change(1, "message", hostile.message(1))], "same", has_more=True)
    server.script("/v1/changes", json_answer(one))
    (kind, error), _ = catch_up_once(server)
    assert kind == "raised" and "goes back to a change it already sent" in error.message


def test_has_more_forever_with_nothing_in_it_ends(server):
    server.script("/v1/changes", lambda: json_answer(page([], f"c{time.monotonic_ns()}", True)))
    (kind, error), _ = catch_up_once(server)
    assert kind == "raised" and "says there is more but sends nothing" in error.message


def test_has_more_forever_with_new_cursors_and_changes_ends_within_the_page_bound(server):
    seq = iter(range(1, 10**9))

    def next_page() -> Answer:
        n = next(seq)
        return json_answer(
            page([hostile.change(n, "message", hostile.message(n % 5))], f"c{n}", True)
        )

    server.script("/v1/changes", next_page)
    before = server.count("/v1/changes")
    (kind, error), took = catch_up_once(server)
    assert kind == "raised" and isinstance(error, errors.BadResponse), error
    assert "did not end within" in error.message
    assert server.count("/v1/changes") - before == MAX_PAGES
    assert took < 60


def test_a_feed_that_goes_back_ends(server):
    first = page([hostile.change(5, "message", hostile.message(5))], "c1", True)
    second = page([hostile.change(3, "message", hostile.message(3))], "c2", True)
    server.script("/v1/changes", json_answer(first), json_answer(second))
    (kind, error), _ = catch_up_once(server)
    assert kind == "raised" and "goes back" in error.message


# -- bounded reading -------------------------------------------------------------------------------


def test_an_endless_body_stops_at_the_cap_with_bounded_memory(server):
    server.script("/v1/changes", lambda: Answer(body=hostile.endless(b'{"changes": ["')))
    tracemalloc.start()
    try:
        (kind, error), _ = catch_up_once(server)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert kind == "raised" and isinstance(error, errors.ReplyTooLarge), error
    assert peak < 48 * 1024 * 1024, peak
    # It asked for fewer changes a page each time before giving up: 1000, 100, 10, 1.
    limits = [q["limit"][0] for m, p, q in server.requests[-4:] if p == "/v1/changes"]
    assert limits == ["1000", "100", "10", "1"]


def test_a_declared_huge_body_is_not_read(server):
    server.script("/v1/changes", Answer(body=b"{}", declared_length=10**12))
    (kind, error), took = catch_up_once(server)
    assert kind == "raised" and isinstance(error, errors.ReplyTooLarge)
    assert took < 5


@pytest.mark.parametrize("declared", [None, 600, 10_000_000], ids=["chunked", "cl", "big-cl"])
def test_a_body_that_trickles_in_ends_at_the_reply_deadline(server, declared):
    """A byte now and then, with or without a Content-Length: every read returns within the
    socket's timeout, so only the reply's own deadline ends it."""
    server.script(
        "/v1/changes", lambda: Answer(body=hostile.drip(server.stopping), declared_length=declared)
    )
    client = new_client(server)
    client.reply_seconds = 1.0
    try:
        (kind, error), took = bounded(lambda: client.changes(None), client=client)
    finally:
        client.close()
    assert kind == "raised" and isinstance(error, errors.Offline), error
    assert "took more than 1 s" in error.message
    assert took < 5


def test_retries_of_a_trickling_reply_share_its_deadline(server):
    server.script("/v1/changes", lambda: Answer(body=hostile.drip(server.stopping)))
    client = new_client(server, retries=3)
    client.reply_seconds = 1.0
    before = server.count("/v1/changes")
    try:
        (kind, error), took = bounded(lambda: client.changes(None), client=client)
    finally:
        client.close()
    assert kind == "raised" and isinstance(error, errors.Offline), error
    assert server.count("/v1/changes") - before == 1  # no second attempt: the time is spent
    assert took < 5


def test_a_time_limit_bounds_every_request_of_a_command(server):
    """The command line gives each command a total time; a slow reply ends there."""
    server.script("/v1/changes", lambda: Answer(body=hostile.drip(server.stopping)))
    client = new_client(server, retries=3)
    client.set_time_limit(1.0)
    try:
        (kind, error), took = bounded(lambda: client.changes(None), client=client)
        assert kind == "raised" and isinstance(error, errors.Offline), error
        assert "gave up after 1 s" in error.message
        assert took < 5
        (kind, error), took = bounded(client.health, client=client)  # none left for another
        assert kind == "raised" and "gave up after 1 s" in error.message
        assert took < 1
    finally:
        client.close()


def test_an_endless_event_line_drops_the_stream_with_bounded_memory(server):
    server.script(
        "/v1/events",
        lambda: Answer(body=hostile.endless(b"data: "), content_type="text/event-stream"),
    )
    stream = EventStream(new_client(server).session, server.url + "/v1/events", None, 3.0, 3.0)
    tracemalloc.start()
    try:
        (kind, error), _ = bounded(lambda: list(stream))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        stream.release()
    assert kind == "raised" and isinstance(error, errors.BadResponse), error
    assert "over 1 MiB" in error.message
    assert peak < 8 * 1024 * 1024, peak


def test_endless_event_data_lines_drop_the_stream(server):
    def lines():
        yield b"event: change\n"
        for _ in range(100_000):
            yield b"data: " + b"x" * 1000 + b"\n"

    server.script("/v1/events", lambda: Answer(body=lines(), content_type="text/event-stream"))
    stream = EventStream(new_client(server).session, server.url + "/v1/events", None, 3.0, 3.0)
    (kind, error), _ = bounded(lambda: list(stream))
    stream.release()
    assert kind == "raised" and "an event over 1 MiB" in error.message


def test_a_compressed_event_stream_is_refused_not_read_as_silence(server):
    """The stream is asked for uncompressed; one compressed anyway is a BadResponse (the engine
    reconnects, then falls back to long polls), never a stream that says nothing forever."""
    hint = b'event: change\ndata: {"seq": 1, "kind": "message", "id": "m-1", "op": "delete"}\n\n'
    squeezer = zlib.compressobj(9, zlib.DEFLATED, 31)
    body = squeezer.compress(hint) + squeezer.flush(zlib.Z_SYNC_FLUSH)

    def gzipped() -> Answer:
        return Answer(body=[body], content_type=SSE, headers={"Content-Encoding": "gzip"})

    server.script("/v1/events", gzipped)
    stream = EventStream(new_client(server).session, server.url + "/v1/events", None, 3.0, 3.0)
    (kind, error), _ = bounded(lambda: list(stream))
    stream.release()
    assert kind == "raised" and isinstance(error, errors.BadResponse), error
    assert "compressed" in error.message and "gzip" in error.message
    assert server.headers[-1].get("Accept-Encoding") == "identity"


# -- the running engine ----------------------------------------------------------------------------


def states(recorder: Recorder) -> list[str]:
    return [args[0] for args in recorder.of("state_changed")]


def test_the_worker_survives_an_unexpected_error_says_it_once_and_syncs_later(
    server, tmp_path, caplog
):
    server.script("/v1/changes", json_answer(hostile.good_page()))
    recorder = FailingListener(3, KeyError("category"))
    log_file = tmp_path / "msgcenter.log"
    engine = SyncEngine(tmp_path / "c.sqlite3", new_client(server), recorder, log_file=log_file)
    with caplog.at_level(logging.ERROR, logger="desktop.sync"):
        engine.start()
        try:
            assert recorder.wait_for(lambda: recorder.of("error"))
            [(said,)] = recorder.of("error")
            assert read_notice(said) == {
                "code": "unexpected", "what": "sync", "seconds": 30, "log": str(log_file)
            }  # fmt: skip
            assert "KeyError: 'category'" in caplog.text  # the error itself: in the log only
            assert recorder.wait_for(lambda: states(recorder)[-1:] == [ConnectionState.OFFLINE])
            # The same error twice more (sync now, sync now): said again only because the wait
            # it announces doubles each time, never a sentence that is no longer true.
            for failures_left in (1, 0):
                engine.sync_now()
                assert recorder.wait_for(lambda n=failures_left: recorder.failures == n)
            engine.sync_now()
            assert recorder.wait_for(lambda: ConnectionState.ONLINE in states(recorder))
            waits = [read_notice(args[0])["seconds"] for args in recorder.of("error")]
            assert waits == [30, 60, 120]
            offline = [
                args[1]
                for args in recorder.of("state_changed")
                if args[0] == ConnectionState.OFFLINE
            ]
            assert [d for d in offline if (read_notice(d) or {}).get("seconds") == 60]
            assert engine._worker.is_alive()
            assert engine.cache.messages.get("m-1") is not None
        finally:
            engine.stop()
    assert "Traceback" in caplog.text and "KeyError: 'category'" in caplog.text


def test_the_sentence_on_screen_is_redacted_as_the_log_is(server, tmp_path):
    server.script("/v1/changes", json_answer(hostile.good_page()))
    recorder = FailingListener(1, RuntimeError("sent Authorization: Bearer abcdef123456"))
    engine = SyncEngine(tmp_path / "c.sqlite3", new_client(server), recorder)
    engine.start()
    try:
        assert recorder.wait_for(lambda: recorder.of("error"))
        [(said,)] = recorder.of("error")
        assert "abcdef123456" not in said
        assert recorder.wait_for(lambda: ConnectionState.OFFLINE in states(recorder))
        details = [args[1] for args in recorder.of("state_changed")]
        assert not any("abcdef123456" in d for d in details)
    finally:
        engine.stop()


def test_a_server_that_sends_unusable_data_is_said_in_words(server, tmp_path, caplog):
    """Not just "Offline": the server answers, but with data the app cannot use; said with
    when it tries again (told again only when that wait changes, as for an unexpected error)."""
    bad = page([hostile.change(1, "message", hostile.message(1, created_at="noon"))])
    server.script("/v1/changes", json_answer(bad))
    recorder = Recorder()
    engine = SyncEngine(tmp_path / "c.sqlite3", new_client(server), recorder)
    caplog.set_level(logging.WARNING, logger="desktop.sync")
    engine.start()
    try:
        assert recorder.wait_for(lambda: recorder.of("error"))
        [(said,)] = recorder.of("error")
        assert read_notice(said) == {"code": "bad_response", "seconds": 30}
        assert "created_at is not an RFC 3339 time" in caplog.text  # the field, in the log
        assert recorder.wait_for(lambda: states(recorder)[-1:] == [ConnectionState.OFFLINE])
        assert recorder.of("state_changed")[-1][1] == said
    finally:
        engine.stop()


def test_a_bad_created_at_leaves_the_worker_running_until_the_server_behaves(
    server, tmp_path, caplog
):
    bad = page([hostile.change(1, "message", hostile.message(1, created_at="noon"))])
    server.script("/v1/changes", json_answer(bad))
    recorder = Recorder()
    engine = SyncEngine(tmp_path / "c.sqlite3", new_client(server), recorder)
    caplog.set_level(logging.INFO, logger="desktop.sync")
    engine.start()
    try:
        assert recorder.wait_for(lambda: ConnectionState.OFFLINE in states(recorder))
        detail = recorder.of("state_changed")[-1][1]
        assert read_notice(detail) == {"code": "bad_response", "seconds": 30}  # in words
        assert "created_at is not an RFC 3339 time" in caplog.text  # the field, in the log
        server.script("/v1/changes", json_answer(hostile.good_page()))
        engine.sync_now()
        assert recorder.wait_for(lambda: ConnectionState.ONLINE in states(recorder))
        assert engine.cache.messages.get("m-1") is not None
    finally:
        engine.stop()


def test_the_follower_outlives_hostile_event_streams(server, tmp_path):
    server.script(
        "/v1/events",
        lambda: Answer(body=hostile.endless(b"data: "), content_type="text/event-stream"),
        lambda: Answer(body=[b'event: change\ndata: {"seq": 1}\n\n'], content_type=SSE),
        lambda: json_answer({"not": "a stream"}),
    )
    recorder = Recorder()
    engine = SyncEngine(tmp_path / "c.sqlite3", new_client(server), recorder)
    before = server.count("/v1/events")
    tracemalloc.start()
    engine.start()
    try:
        # Three broken streams, then long polls instead, as when a network breaks streams.
        assert wait_until(lambda: engine.mode == "polling", timeout=30)
        _, peak = tracemalloc.get_traced_memory()
        assert peak < 32 * 1024 * 1024, peak  # the endless line was never held whole
        assert server.count("/v1/events") - before == 3
        assert wait_until(lambda: any("wait" in q for m, p, q in server.requests[-3:]))
        assert engine._follower.is_alive() and engine._worker.is_alive()
        assert recorder.of("error") == []  # a broken stream is the network's weather, not news
    finally:
        tracemalloc.stop()
        engine.stop()


def test_streams_that_served_a_while_are_no_failures(server, tmp_path):
    """Streams that each stayed up, pinged, past the heartbeat timeout and then ended (a server
    restarting, a proxy's time limit): the follower goes back to the stream each time, never to
    long polls, however many of them end."""

    def served_a_while() -> Answer:
        def chunks():
            for _ in range(5):  # 0.8 s of pings, past the 0.5 s heartbeat timeout
                yield b": ping\n\n"
                if server.stopping.wait(0.16):
                    return

        return Answer(body=chunks(), content_type=SSE)

    server.script("/v1/events", served_a_while)
    engine = SyncEngine(
        tmp_path / "c.sqlite3", new_client(server), Recorder(), heartbeat_timeout=0.5
    )
    before, asked_before = server.count("/v1/events"), len(server.requests)
    engine.start()
    try:
        # Three short-lived streams in a row would have sent it to long polls.
        assert wait_until(lambda: server.count("/v1/events") - before >= 5, timeout=30)
        assert engine.mode == "events"
        assert not any("wait" in q for m, p, q in list(server.requests)[asked_before:])
    finally:
        engine.stop()


def test_streams_that_stay_silent_past_the_heartbeat_timeout_are_failures(server, tmp_path):
    """Streams that open and then send nothing (a proxy that buffers them): each ends when the
    heartbeat timeout runs out, after it, yet served nothing, so three of them are failures and
    the follower turns to long polls."""

    def silent() -> Answer:
        def chunks():
            server.stopping.wait(3.0)  # longer than the client waits
            yield b""

        return Answer(body=chunks(), content_type=SSE)

    server.script("/v1/events", silent)
    engine = SyncEngine(
        tmp_path / "c.sqlite3", new_client(server), Recorder(), heartbeat_timeout=0.5
    )
    before = server.count("/v1/events")
    engine.start()
    try:
        assert wait_until(lambda: engine.mode == "polling", timeout=30)
        assert server.count("/v1/events") - before == 3
    finally:
        engine.stop()


def hints(seqs, stopping: threading.Event, every: float = 0.0, per_chunk: int = 1):
    """An event stream of `event: change` hints with these `seq`s, then its end."""

    def chunks():
        yield b": connected\n\n"
        batch = []
        for seq in seqs:
            data = f'{{"seq": {seq}, "kind": "message", "id": "m-1", "op": "delete"}}'
            batch.append(f"event: change\ndata: {data}\n\n".encode())
            if len(batch) == per_chunk:
                yield b"".join(batch)
                batch = []
                if every and stopping.wait(every):
                    return
        yield b"".join(batch)

    return lambda: Answer(body=chunks(), content_type=SSE)


def catch_ups(server: HostileServer) -> int:
    """Catch-ups asked for so far (long polls, which carry `wait`, not counted)."""
    return sum(1 for m, p, q in list(server.requests) if p == "/v1/changes" and "wait" not in q)


def started_with_seqs_up_to_5(server: HostileServer, tmp_path: Path) -> SyncEngine:
    five = page([hostile.change(n, "message", hostile.message(n)) for n in range(1, 6)], "c5")
    server.script("/v1/changes", json_answer(five), json_answer(page([], "c5")))
    engine = SyncEngine(tmp_path / "c.sqlite3", new_client(server), Recorder())
    engine.start()
    return engine


def test_hints_the_cache_already_has_start_no_catch_up(server, tmp_path):
    """20,000 hints of changes already applied, as fast as the server can send them."""
    server.script("/v1/events", hints([3] * 20_000, server.stopping, per_chunk=200))
    before_changes, before_events = catch_ups(server), server.count("/v1/events")
    engine = started_with_seqs_up_to_5(server, tmp_path)
    try:
        # The stream ended and the engine came back: connect, catch up, down, catch up, connect.
        assert wait_until(lambda: server.count("/v1/events") - before_events >= 2, timeout=30)
        assert catch_ups(server) - before_changes <= 5
    finally:
        engine.stop()


def test_new_hints_without_end_start_a_catch_up_a_second_at_most(server, tmp_path):
    """A hint of a newer change every 50 ms: answered, but not by a catch-up each."""
    server.script("/v1/events", hints(range(6, 66), server.stopping, every=0.05))
    before_changes, before_events = catch_ups(server), server.count("/v1/events")
    engine = started_with_seqs_up_to_5(server, tmp_path)
    started = time.monotonic()
    try:
        assert wait_until(lambda: server.count("/v1/events") - before_events >= 2, timeout=30)
        took = time.monotonic() - started
        assert catch_ups(server) - before_changes <= took / HINT_GAP + 5
        assert catch_ups(server) - before_changes >= 3  # the hints were heard
    finally:
        engine.stop()


@pytest.mark.parametrize(
    "filler",
    [b":\n" * 10_000, b"id: " + b"9" * 1_000_000 + b"\n"],
    ids=["endless-comments", "endless-huge-ids"],
)
def test_a_stream_that_sends_far_too_much_is_dropped(server, filler):
    """Lines the parser accepts one by one, but without end: a core kept busy for nothing."""
    server.script("/v1/events", lambda: Answer(body=hostile.endless(b"", filler), content_type=SSE))
    stream = EventStream(new_client(server).session, server.url + "/v1/events", None, 3.0, 3.0)
    (kind, error), took = bounded(lambda: list(stream))
    stream.release()
    assert kind == "raised" and isinstance(error, errors.BadResponse), error
    assert "far more than it needs to" in error.message
    assert took < 10


def test_a_burst_of_100000_hints_is_read_whole_hundreds_a_read(server):
    """A legal burst, as the server sends it when 100,000 changes land at once (500 hints a
    write, each with its cursor), of entities with the longest ids and seven-digit sequence
    numbers: not taken for a flood, and read in batches of hundreds (the follower checks and
    answers the newest of each)."""
    longest_id = "i" * 64

    def burst() -> Answer:
        def chunks():
            for first in range(1_000_001, 1_100_001, 500):
                yield "".join(
                    f"id: {cursors.encode_seq(seq)}\nevent: change\ndata: "
                    + json.dumps({"seq": seq, "kind": "contact", "id": longest_id, "op": "upsert"})
                    + "\n\n"
                    for seq in range(first, first + 500)
                ).encode()

        return Answer(body=chunks(), content_type=SSE)

    server.script("/v1/events", burst)
    stream = EventStream(new_client(server).session, server.url + "/v1/events", None, 3.0, 3.0)
    batches: list = []
    (kind, error), _ = bounded(lambda: batches.extend(stream.batches()))
    stream.release()
    assert kind == "raised" and isinstance(error, errors.Offline), error  # its end, not a drop
    assert [e.event for batch in batches for e in batch] == ["change"] * 100_000
    assert json.loads(batches[-1][-1].data)["seq"] == 1_100_000
    assert len(batches) < 100_000 / 100  # read hundreds at a time


# -- the command line ------------------------------------------------------------------------------


def msgcenter(home: Path, *args: str, stdin: str | None = None, timeout: float = 60):
    environment = {**os.environ, "MSGCENTER_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        input=stdin, capture_output=True, text=True, env=environment, timeout=timeout,
    )  # fmt: skip


@pytest.fixture
def signed_in(server, tmp_path):
    require_desktop("keyring")
    home = tmp_path / "home"
    login = msgcenter(home, "login", "--server", server.url, "--username", f"u{time.time_ns()}",
                      "--password-stdin", stdin="secret\n")  # fmt: skip
    assert login.returncode == 0, login.stderr
    yield home
    msgcenter(home, "logout")


def assert_one_line_failure(result, *words: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("msgcenter: ")
    for word in words:
        assert word in result.stderr, result.stderr


def test_cli_sync_against_has_more_forever_ends_with_one_line(server, signed_in):
    server.script("/v1/changes", same_cursor_forever())
    started = time.monotonic()
    result = msgcenter(signed_in, "sync")
    assert time.monotonic() - started < 30
    assert_one_line_failure(result, "change feed")


def test_cli_sync_against_a_bad_created_at_prints_one_line(server, signed_in):
    bad = page(
        [hostile.change(1, "message", hostile.message(1, created_at="2026-13-01T00:00:00Z"))]
    )
    server.script("/v1/changes", json_answer(bad))
    result = msgcenter(signed_in, "sync")
    assert_one_line_failure(result, "created_at")
