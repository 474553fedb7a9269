"""Several server processes on one database, raced by many clients at once.

On PostgreSQL (the suite's second pass) `instances` are two server processes on one database, and
each test sends its requests through both. SQLite serves one process per file by design (a second
one refuses to start: `test_servers_started_together...`), so there the "two instances" are one
server reached twice, and the races are those of one process.
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests

from tests import support
from tests.support import ApiSession, ServerProcess

ON_POSTGRES = support.BACKEND == "postgresql"
RACERS = 8


@pytest.fixture(scope="module")
def instances(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[ServerProcess]]:
    """Two servers on one database (one server twice on SQLite). The default 15 s heartbeat:
    nothing here may be woken by a ping."""
    db = tmp_path_factory.mktemp("shared") / "shared.db"
    first = ServerProcess(db).start()
    second = ServerProcess(db).start() if ON_POSTGRES else first
    yield [first, second]
    for server in {id(s): s for s in (first, second)}.values():
        server.stop()
        assert "Traceback" not in server.output(), server.output()


def signed_in(instances: list[ServerProcess]) -> list[ApiSession]:
    """A new account, signed in through each instance."""
    name = "user-" + uuid.uuid4().hex[:8]
    reply = instances[0].admin("POST", "/v1/admin/accounts", json={"name": name, "password": "pw"})
    assert reply.status_code == 201, reply.text
    return [ApiSession.sign_in(server.url, name, "pw") for server in instances]


def race(calls: list[Callable[[], requests.Response]]) -> list[requests.Response]:
    """Run the calls at once (released together by a barrier); their replies in order."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], requests.Response]) -> requests.Response:
        barrier.wait(timeout=30)
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def statuses(replies: list[requests.Response]) -> list[int]:
    return sorted(r.status_code for r in replies)


def new_contact(session: ApiSession, name: str = "李娜") -> dict[str, Any]:
    reply = session.put(
        f"/v1/contacts/{uuid.uuid4()}",
        json={"name": name, "mobile": "13012345158", "email": None},
        headers={"If-None-Match": "*"},
    )
    assert reply.status_code == 201, reply.text
    return reply.json()


# -- fan-out -------------------------------------------------------------------------------------


def test_a_change_through_one_instance_wakes_streams_and_polls_on_the_other(instances):
    on_a, on_b = signed_in(instances)
    cursor = on_a.get("/v1/changes").json()["next_cursor"]
    stream = on_a.get("/v1/events", stream=True)
    lines = stream.iter_lines(decode_unicode=True)
    assert next(lines).startswith("retry:")  # the stream is open and waiting
    poll: dict[str, Any] = {}

    def long_poll() -> None:
        reply = on_a.get("/v1/changes", params={"cursor": cursor, "wait": 10}, timeout=15)
        poll.update(reply=reply, at=time.monotonic())

    poller = threading.Thread(target=long_poll)
    poller.start()
    time.sleep(0.3)  # let the poll reach its wait (a poll that has not yet asked sees it anyway)
    published_at = time.monotonic()
    message = instances[1].publish(on_b.name)
    data = next(line for line in lines if line.startswith("data:"))
    stream_delay = time.monotonic() - published_at
    stream.close()
    poller.join(timeout=15)
    assert json.loads(data[5:])["id"] == message["id"]
    assert stream_delay < 1.0, f"the event stream heard of it after {stream_delay:.1f} s"
    assert [c["id"] for c in poll["reply"].json()["changes"]] == [message["id"]]
    assert poll["at"] - published_at < 1.0, "the long poll was not woken"


# -- preconditions and their writes, atomic ----------------------------------------------------


def test_racing_if_match_puts_have_exactly_one_winner(instances):
    sessions = signed_in(instances)
    for round_ in range(5):
        contact = new_contact(sessions[0])
        path = f"/v1/contacts/{contact['id']}"
        calls = [
            functools.partial(
                sessions[n % 2].put,
                path,
                json={"name": f"name {n}", "mobile": "13012345158", "email": None},
                headers={"If-Match": contact["etag"]},
            )
            for n in range(RACERS)
        ]
        replies = race(calls)
        assert statuses(replies) == [200] + [412] * (RACERS - 1), (round_, statuses(replies))
        winner = next(r.json() for r in replies if r.status_code == 200)
        assert sessions[1].get(path).json() == winner


def test_concurrent_creates_get_the_contracts_answers(instances):
    name = "same-" + uuid.uuid4().hex[:8]
    body = {"name": name, "password": "pw"}
    replies = race(
        [
            lambda n=n: instances[n % 2].admin("POST", "/v1/admin/accounts", json=body)
            for n in range(RACERS)
        ]
    )
    assert statuses(replies) == [201] + [409] * (RACERS - 1)
    sessions = [ApiSession.sign_in(s.url, name, "pw") for s in instances]
    contact_id = str(uuid.uuid4())
    fields = {"name": "王伟", "mobile": "13012345158", "email": None}
    replies = race(
        [
            lambda n=n: sessions[n % 2].put(
                f"/v1/contacts/{contact_id}", json=fields, headers={"If-None-Match": "*"}
            )
            for n in range(RACERS)
        ]
    )
    # One creates it; the others are retried creates of the same content: harmless, 200.
    assert statuses(replies) == [200] * (RACERS - 1) + [201]
    group_id = str(uuid.uuid4())
    replies = race(
        [
            lambda n=n: sessions[n % 2].put(
                f"/v1/groups/{group_id}",
                json={"name": "运维", "members": []},
                headers={"If-None-Match": "*"},
            )
            for n in range(RACERS)
        ]
    )
    assert statuses(replies) == [200] * (RACERS - 1) + [201]


def test_deleting_a_contact_while_its_group_and_setting_change_is_never_a_500(instances):
    sessions = signed_in(instances)
    for round_ in range(10):  # at most 12 groups an account
        contact = new_contact(sessions[0], name=f"round {round_}")
        me = sessions[0].get("/v1/contacts").json()["contacts"][0]
        group = (
            sessions[0]
            .put(
                f"/v1/groups/{uuid.uuid4()}",
                json={"name": f"group {round_}", "members": [contact["id"]]},
                headers={"If-None-Match": "*"},
            )
            .json()
        )
        setting = sessions[0].get("/v1/settings/product.expiry").json()
        recipients = {"contacts": [me["id"], contact["id"]], "groups": []}
        put = sessions[0].put(
            "/v1/settings/product.expiry",
            json={"channels": setting["channels"], "recipients": recipients},
            headers={"If-Match": setting["etag"]},
        )
        setting = put.json()
        contact = sessions[0].get(f"/v1/contacts/{contact['id']}").json()  # now in a group
        replies = race(
            [
                functools.partial(
                    sessions[0].delete,
                    f"/v1/contacts/{contact['id']}",
                    headers={"If-Match": contact["etag"]},
                ),
                functools.partial(
                    sessions[1].put,
                    f"/v1/groups/{group['id']}",
                    json={"name": f"renamed {round_}", "members": [contact["id"]]},
                    headers={"If-Match": group["etag"]},
                ),
                functools.partial(
                    sessions[1].put,
                    "/v1/settings/product.expiry",
                    json={"channels": {"email": False, "sms": True}, "recipients": recipients},
                    headers={"If-Match": setting["etag"]},
                ),
            ]
        )
        codes = [r.status_code for r in replies]
        assert 500 not in codes, (round_, codes, [r.text for r in replies])
        assert codes[0] == 204
        assert codes[1] in (200, 412, 422) and codes[2] in (200, 412, 422), codes
        group_now = sessions[1].get(f"/v1/groups/{group['id']}").json()
        assert contact["id"] not in group_now["members"]  # the deletion reached every row


def test_an_idempotency_key_sent_at_once_through_both_instances_runs_once(instances):
    sessions = signed_in(instances)
    contact = new_contact(sessions[0])
    path = f"/v1/contacts/{contact['id']}/verification"
    key = {"Idempotency-Key": "one-code-" + uuid.uuid4().hex}
    replies = race(
        [
            lambda n=n: sessions[n % 2].post(path, json={"channel": "mobile"}, headers=key)
            for n in range(4)
        ]
    )
    assert statuses(replies) == [202] * 4
    assert sum(r.headers.get("Idempotent-Replayed") == "true" for r in replies) == 3
    log = instances[1].admin("GET", "/v1/admin/deliveries", params={"account": sessions[0].name})
    assert len(log.json()["deliveries"]) == 1  # one code sent, not one per request


def test_the_sign_in_limit_holds_across_instances(instances):
    [session, _] = signed_in(instances)
    for n in range(5):
        wrong = {"username": session.name, "password": "wrong"}
        reply = requests.post(instances[n % 2].url + "/v1/auth/token", json=wrong, timeout=30)
        assert reply.status_code == 401, n
    for server in instances:
        right = {"username": session.name, "password": "pw"}
        reply = requests.post(server.url + "/v1/auth/token", json=right, timeout=30)
        assert reply.status_code == 429
        assert 1 <= int(reply.headers["Retry-After"]) <= 60


# -- the change feed under concurrent writers ----------------------------------------------------


def test_a_live_reader_sees_every_change_once_in_gap_free_order(instances):
    sessions = signed_in(instances)
    name = sessions[0].name
    first = sessions[0].get("/v1/changes").json()["next_cursor"]
    start_seq = sessions[0].get("/v1/changes", params={"cursor": first}).json()
    assert start_seq["changes"] == []
    writers, per_writer = 4, 25
    done = threading.Event()
    seen: list[int] = []
    ids: list[str] = []

    def read_live() -> None:
        cursor, n = first, 0
        while True:
            page = sessions[n % 2].get("/v1/changes", params={"cursor": cursor, "wait": 1})
            n += 1
            body = page.json()
            seen.extend(c["seq"] for c in body["changes"])
            ids.extend(c["id"] for c in body["changes"])
            cursor = body["next_cursor"]
            if done.is_set() and not body["changes"] and not body["has_more"]:
                return

    reader = threading.Thread(target=read_live)
    reader.start()

    def write(n: int) -> None:
        for _ in range(per_writer):
            instances[n % 2].publish(name)

    with ThreadPoolExecutor(writers) as pool:
        list(pool.map(write, range(writers)))
    done.set()
    reader.join(timeout=60)
    total = writers * per_writer
    assert len(ids) == len(set(ids)) == total, f"{len(ids)} deliveries of {len(set(ids))} changes"
    assert seen == list(range(seen[0], seen[0] + total)), "not gap-free and increasing"


# -- start-up ------------------------------------------------------------------------------------


def test_servers_started_together_on_an_empty_database_all_serve(tmp_path: Path):
    """On PostgreSQL every one makes or finds the schema and serves; on SQLite one serves and the
    others refuse in one clear line."""
    for trial in range(4):
        servers = [ServerProcess(tmp_path / f"empty-{trial}.db").launch() for _ in range(4)]
        started, refused = [], []
        try:
            for server in servers:
                try:
                    started.append(server.wait_started())
                except RuntimeError as error:
                    refused.append(str(error))
            if ON_POSTGRES:
                assert refused == [], refused
            else:
                assert len(started) == 1 and len(refused) == 3, refused
                for text in refused:
                    assert "another server is serving" in text and "Traceback" not in text
            for server in started:
                health = requests.get(server.url + "/v1/health", timeout=10)
                assert health.json()["database"] == "ok"
            [session, *_] = signed_in(started)
            for server in started:
                assert ApiSession.sign_in(server.url, session.name, "pw").get("/v1/me").ok
        finally:
            with ThreadPoolExecutor(len(servers)) as pool:
                list(pool.map(ServerProcess.stop, servers))


def test_a_server_refused_an_sqlite_file_leaves_it_untouched(tmp_path: Path):
    """The claim comes before the schema: a server that finds the file served refuses before it
    writes anything, so servers started together never race to make the schema ("database is
    locked" instead of the clear line)."""
    from msgcenter.server.store import Store, engine_for

    path = tmp_path / "served.db"
    held = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(OSError, match="another server is serving"):
            Store(engine_for(str(path)), sole_server=True)
        assert not path.exists() or path.stat().st_size == 0
    finally:
        os.close(held)
    store = Store(engine_for(str(path)), sole_server=True)  # once free, it is claimed and made
    try:
        with pytest.raises(OSError, match="another server is serving"):
            Store(engine_for(str(path)), sole_server=True)
    finally:
        store.database.close()
