"""The change feed, long polling and the event stream (api.md, Changes and Events)."""

import json
import threading
import time

import pytest
import requests

from msgcenter.server.app import ServerConfig
from msgcenter.server.runner import ServerThread
from tests.support import ServerProcess, database_for


def walk(session, cursor=None, limit=500):
    """Every change from `cursor` to the end, and the final cursor."""
    changes = []
    while True:
        params = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        page = session.get("/v1/changes", params=params).json()
        changes.extend(page["changes"])
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return changes, cursor


def test_first_sync_has_every_live_entity_including_account_contact_and_settings(server):
    session = server.create_account()
    message = server.publish(session.name)
    changes, cursor = walk(session)
    kinds = [c["kind"] for c in changes]
    assert kinds.count("setting") == 7
    assert kinds.count("contact") == 1
    assert kinds.count("message") == 1
    assert all(c["op"] == "upsert" for c in changes)
    seqs = [c["seq"] for c in changes]
    assert seqs == sorted(seqs)
    by_id = {c["id"]: c for c in changes}
    assert by_id[message["id"]]["data"] == message
    assert session.get("/v1/changes", params={"cursor": cursor}).json()["changes"] == []
    assert session.get("/v1/changes").headers["X-Poll-Interval"] == "60"


def test_changes_after_a_cursor_carry_tombstones(server):
    session = server.create_account()
    message = server.publish(session.name)
    _, cursor = walk(session)
    session.post("/v1/messages/read", json={"ids": [message["id"]], "read": True})
    session.post("/v1/messages/delete", json={"ids": [message["id"]]})
    changes, _ = walk(session, cursor)
    # The entity's latest state only: it was read, then deleted.
    assert [(c["kind"], c["id"], c["op"], c["data"]) for c in changes] == [
        ("message", message["id"], "delete", None)
    ]
    # A fresh sync (no cursor) lists live entities only.
    fresh, _ = walk(session)
    assert message["id"] not in {c["id"] for c in fresh}


def test_an_entity_changed_while_paging_comes_again_later_in_its_new_state(server):
    session = server.create_account()
    messages = [server.publish(session.name, title=f"m{n}") for n in range(6)]
    first = session.get("/v1/changes", params={"limit": 10}).json()
    assert first["has_more"]
    seen_first = {c["id"] for c in first["changes"]}
    moved = next(m for m in messages if m["id"] in seen_first)
    session.post("/v1/messages/read", json={"ids": [moved["id"]], "read": True})
    rest, _ = walk(session, first["next_cursor"], limit=10)
    again = [c for c in rest if c["id"] == moved["id"]]
    assert len(again) == 1
    assert again[0]["data"]["read"] is True
    assert {m["id"] for m in messages} <= seen_first | {c["id"] for c in rest}


@pytest.mark.parametrize(
    "params", [{"cursor": "@@@"}, {"limit": 0}, {"limit": 1001}, {"wait": 31}, {"wait": "soon"}]
)
def test_bad_feed_parameters(server, params):
    session = server.create_account()
    reply = session.get("/v1/changes", params=params)
    assert reply.status_code in (400, 422)
    assert reply.headers["Content-Type"] == "application/problem+json"


def test_long_polling_returns_when_a_change_arrives(server):
    session = server.create_account()
    _, cursor = walk(session)
    timer = threading.Timer(0.5, server.publish, args=(session.name,))
    started = time.monotonic()
    timer.start()
    page = session.get("/v1/changes", params={"cursor": cursor, "wait": 10}).json()
    elapsed = time.monotonic() - started
    timer.join()
    assert [c["kind"] for c in page["changes"]] == ["message"]
    assert 0.4 < elapsed < 5


def test_long_polling_times_out_empty(server):
    session = server.create_account()
    _, cursor = walk(session)
    started = time.monotonic()
    page = session.get("/v1/changes", params={"cursor": cursor, "wait": 1}).json()
    assert page["changes"] == []
    assert page["next_cursor"] == cursor
    assert 0.9 < time.monotonic() - started < 5


def test_cursor_expiry_after_tombstones_are_purged(tmp_path):
    # Tombstones kept for about a second: the server purges them a quarter-period later.
    server = ServerProcess(tmp_path / "expiry.db", "--tombstone-days", "0.00001").start()
    try:
        session = server.create_account()
        message = server.publish(session.name)
        _, cursor = walk(session)
        session.post("/v1/messages/delete", json={"ids": [message["id"]]})
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            reply = session.get("/v1/changes", params={"cursor": cursor})
            if reply.status_code == 410:
                break
            time.sleep(0.2)
        assert reply.status_code == 410
        assert reply.json()["type"] == "/problems/cursor-expired"
        # Starting again without a cursor works.
        assert session.get("/v1/changes").status_code == 200
        events = session.get("/v1/events", params={"cursor": cursor}, stream=True)
        lines = read_events(events, 1)
        assert lines[0]["event"] == "resync"
    finally:
        server.stop()


def read_events(response, count, timeout=10.0, keep_comments=False):
    """Parse `count` SSE events (or comments, when asked) off a streaming response."""
    events = []
    event: dict[str, str] = {}
    deadline = time.monotonic() + timeout
    for raw in response.iter_lines(decode_unicode=True):
        if time.monotonic() > deadline:
            break
        if raw == "":
            if event:
                events.append(event)
                event = {}
            if len(events) >= count:
                break
            continue
        if raw.startswith(":"):
            if keep_comments:
                events.append({"comment": raw[1:].strip()})
                if len(events) >= count:
                    break
            continue
        field, _, value = raw.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field in ("id", "event", "data"):
            event[field] = value
    response.close()
    return events


def test_events_deliver_each_change_with_its_cursor(server):
    session = server.create_account()
    stream = session.get("/v1/events", stream=True)
    assert stream.headers["Content-Type"].startswith("text/event-stream")
    message = server.publish(session.name)
    [event] = read_events(stream, 1)
    assert event["event"] == "change"
    assert json.loads(event["data"]) == {
        "seq": json.loads(event["data"])["seq"],
        "kind": "message",
        "id": message["id"],
        "op": "upsert",
    }
    # The event id is a cursor for /v1/changes.
    after = session.get("/v1/changes", params={"cursor": event["id"]}).json()
    assert after["changes"] == []


def test_events_resume_after_last_event_id(server):
    session = server.create_account()
    stream = session.get("/v1/events", stream=True)
    first = server.publish(session.name, title="first")
    [event] = read_events(stream, 1)
    second = server.publish(session.name, title="second")
    third = server.publish(session.name, title="third")
    resumed = session.get("/v1/events", headers={"Last-Event-ID": event["id"]}, stream=True)
    ids = [json.loads(e["data"])["id"] for e in read_events(resumed, 2)]
    assert ids == [second["id"], third["id"]]
    assert first["id"] not in ids
    by_query = session.get("/v1/events", params={"cursor": event["id"]}, stream=True)
    assert [json.loads(e["data"])["id"] for e in read_events(by_query, 2)] == ids


def test_heartbeat_comments_keep_a_quiet_stream_alive(tmp_path):
    server = ServerProcess(tmp_path / "hb.db", "--heartbeat", "0.3").start()
    try:
        session = server.create_account()
        stream = session.get("/v1/events", stream=True)
        comments = read_events(stream, 3, keep_comments=True)
        assert [c["comment"] for c in comments] == ["connected", "ping", "ping"]
    finally:
        server.stop()


def test_disconnected_streams_and_polls_leak_no_waiters(tmp_path):
    config = ServerConfig(db=database_for(tmp_path / "leak.db"), heartbeat=0.2)
    server = ServerThread(config).start()
    try:
        server.store.create_account("leak", "pw")
        token = requests.post(
            server.url + "/v1/auth/token", json={"username": "leak", "password": "pw"}, timeout=5
        ).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        streams = [
            requests.get(server.url + "/v1/events", headers=headers, stream=True, timeout=5)
            for _ in range(20)
        ]
        notifier = server.app.state.notifier
        deadline = time.monotonic() + 5
        while notifier.waiting() < 20 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert notifier.waiting() == 20
        for stream in streams:
            stream.close()  # unread: urllib3 drops the connection, as a crashed client does
        deadline = time.monotonic() + 5
        while notifier.waiting() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert notifier.waiting() == 0
    finally:
        server.stop()


def test_an_unknown_id_is_not_a_crash_for_the_stream(server):
    session = server.create_account()
    reply = session.get("/v1/events", headers={"Last-Event-ID": "garbage"})
    assert reply.status_code == 400
