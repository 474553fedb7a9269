"""The client core against the real server: CLI, sync engine, outbox, and faults (issue 3)."""

import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests

from desktop.api import errors
from desktop.api.client import ApiClient
from desktop.cache.listing import MessageFilter
from desktop.cache.store import Cache
from desktop.sync.engine import SyncEngine
from desktop.sync.states import ConnectionState, read_notice
from tests.faults import FaultProxy
from tests.hostile_server import FailingListener
from tests.support import Recorder, ServerProcess, require_desktop, wait_until

PASSWORD = "secret"


def client_for(url, name):
    client = ApiClient(url, retries=2)
    client.sign_in(name, PASSWORD)
    return client


def msgcenter(home, *args, stdin=None, env=None):
    environment = {**os.environ, "MSGCENTER_HOME": str(home), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        input=stdin, capture_output=True, text=True, env=environment, timeout=120,
    )  # fmt: skip


@pytest.fixture
def account(server):
    session = server.create_account(password=PASSWORD)
    return session


def test_cli_login_sync_unread_agree_with_the_server_and_work_offline(tmp_path):
    require_desktop("keyring")
    server = ServerProcess(tmp_path / "server.db").start()
    try:
        session = server.create_account("cli", PASSWORD)
        for n in range(30):
            category, type_id = [("fault", "fault.incident"), ("event", "event.promotion"),
                                 ("product", "product.expiry")][n % 3]  # fmt: skip
            server.publish("cli", category, type_id, f"m{n}")
        home = tmp_path / "home"
        login = msgcenter(home, "login", "--server", server.url, "--username", "cli",
                          "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
        assert login.returncode == 0, login.stderr
        assert "Warning" not in login.stderr  # the Secret Service keyring is there
        token = subprocess.run(
            ["secret-tool", "lookup", "service", "msgcenter", "username", f"{server.url}|cli"],
            capture_output=True, text=True,
        ).stdout  # fmt: skip
        assert len(token) > 40
        for path in home.rglob("*"):
            if path.is_file():
                assert token.encode() not in path.read_bytes(), path
        synced = msgcenter(home, "sync")
        assert synced.returncode == 0, synced.stderr
        assert "30 new messages" in synced.stdout
        unread = json.loads(msgcenter(home, "unread", "--json").stdout)
        truth = session.get("/v1/categories").json()
        assert unread["total"] == truth["total_unread"] == 30
        assert unread["categories"] == {c["id"]: c["unread"] for c in truth["categories"]}
    finally:
        server.stop()
    # The server is gone: unread still answers from the cache; sync says why it failed.
    offline = msgcenter(home, "unread", "--json")
    assert offline.returncode == 0 and json.loads(offline.stdout)["total"] == 30
    failed = msgcenter(home, "sync")
    assert failed.returncode != 0
    assert failed.stderr.startswith("msgcenter: cannot reach")
    assert "Traceback" not in failed.stderr and len(failed.stderr.splitlines()) == 1
    logout = msgcenter(home, "logout")
    assert logout.returncode == 0 and "Signed out" in logout.stdout


def test_no_keyring_login_stores_nothing_and_says_so(tmp_path, server, account):
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    home = tmp_path / "home"
    login = msgcenter(home, "login", "--server", server.url, "--username", account.name,
                      "--password-stdin", stdin=PASSWORD + "\n", env=env)  # fmt: skip
    # A sign-in the next command cannot use is no sign-in: scripts must see that it failed.
    assert login.returncode == 1
    assert "no system keyring" in login.stderr and "nothing was stored" in login.stderr
    for path in home.rglob("*"):
        if path.is_file():
            assert b"token" not in path.read_bytes().lower() or b"Bearer" not in path.read_bytes()
    # A later run has no token: it says so plainly.
    later = msgcenter(home, "sync", env=env)
    assert later.returncode == 1 and "not signed in" in later.stderr


def test_engine_follows_events_and_applies_them(tmp_path, server, account):
    recorder = Recorder()
    engine = SyncEngine(tmp_path / "c.sqlite3", client_for(server.url, account.name), recorder)
    engine.start()
    try:
        assert recorder.wait_for(
            lambda: ConnectionState.ONLINE in [a[0] for a in recorder.of("state_changed")]
        )
        message = server.publish(account.name, title="live")
        assert recorder.wait_for(
            lambda: any(message["id"] in a[0].messages_added for a in recorder.of("data_changed"))
        )
        assert engine.mode == "events"
    finally:
        engine.stop()
    cache = Cache(tmp_path / "c.sqlite3")
    assert cache.messages.get(message["id"]).title == "live"
    cache.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="thread priorities: Linux only")
def test_an_engine_beside_a_window_yields_the_cpu_to_it(tmp_path, server, account):
    """Its worker and the threads the worker starts run at a lower priority (a higher nice
    value), so that a long sync does not keep the window's thread waiting for a core; an
    engine without a window (`msgcenter sync`) and the caller's thread keep theirs."""
    own = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    engines = {
        beside: SyncEngine(
            tmp_path / f"{beside}.sqlite3",
            client_for(server.url, account.name),
            beside_a_window=beside,
        )
        for beside in (True, False)
    }
    for engine in engines.values():
        engine.start()
    try:
        for beside, engine in engines.items():
            assert wait_until(lambda e=engine: e._follower.is_alive())
            for thread in (engine._worker, engine._follower._thread):
                nice = os.getpriority(os.PRIO_PROCESS, thread.native_id)
                assert nice == (min(19, own + 10) if beside else own), (thread.name, beside)
        assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == own
    finally:
        for engine in engines.values():
            engine.stop()


def test_the_search_index_catches_up_between_syncs(tmp_path, server, account, monkeypatch):
    """A catch-up leaves its messages out of the search index; the worker adds them once it is
    done, a chunk at a time, and a search finds them before and after."""
    monkeypatch.setattr("desktop.sync.engine.INDEX_CHUNK", 7)
    for n in range(25):
        server.publish(account.name, title=f"indexed later {n}")
    path = tmp_path / "c.sqlite3"
    engine = SyncEngine(path, client_for(server.url, account.name), Recorder())
    search = MessageFilter(search="later 1")
    try:
        engine.catch_up()
        reader = Cache(path)  # as the window reads: its own connection
        assert len(reader.listing.page(search, 100)) == 11  # 1, 10–19, by LIKE alone
        assert indexed(reader) == 0
        engine.start()
        assert wait_until(lambda: indexed(reader) == 25)
        assert len(reader.listing.page(search, 100)) == 11
        reader.close()
    finally:
        engine.stop()


def indexed(cache: Cache) -> int:
    query = "SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH '\"lat\"'"
    return int(cache.database.connection.execute(query).fetchone()[0])


def test_offline_edits_are_sent_once_when_the_server_comes_back(tmp_path):
    server = ServerProcess(tmp_path / "s.db").start()
    session = server.create_account("off", PASSWORD)
    messages = [server.publish("off") for _ in range(3)]
    cache_path = tmp_path / "c.sqlite3"
    engine = SyncEngine(cache_path, client_for(server.url, "off"))
    engine.catch_up()
    engine.stop()
    port = server.port
    server.stop()
    cache = Cache(cache_path)
    cache.messages.mark_read([messages[0]["id"]], True)
    cache.messages.delete([messages[1]["id"]])
    me = next(c.data for c in cache.entities.shown("contact") if c.data["is_account"])
    contact_id = str(uuid.uuid4())
    cache.entities.edit("put", "contact", contact_id, {"name": "离线", "mobile": "13012345678"})
    cache.entities.edit("put", "setting", "security.ddos", {
        "channels": {"email": True, "sms": False},
        "recipients": {"contacts": [me["id"], contact_id], "groups": []}})  # fmt: skip
    assert cache.outbox.size() == 4
    cache.close()
    server = ServerProcess(tmp_path / "s.db").start(port=port)
    try:
        recorder = Recorder()
        engine = SyncEngine(cache_path, ApiClient(server.url, session.token), recorder)
        engine.start()
        assert recorder.wait_for(lambda: recorder.of("outbox_changed")
                                 and recorder.of("outbox_changed")[-1][0] == 0)  # fmt: skip
        engine.stop()
        assert session.get(f"/v1/messages/{messages[0]['id']}").json()["read"] is True
        assert session.get(f"/v1/messages/{messages[1]['id']}").status_code == 404
        assert session.get(f"/v1/contacts/{contact_id}").json()["name"] == "离线"
        ddos = session.get("/v1/settings/security.ddos").json()
        assert ddos["channels"]["sms"] is False
        assert ddos["recipients"]["contacts"] == [me["id"], contact_id]
    finally:
        server.stop()


def test_412_merges_a_change_to_another_field_by_itself(tmp_path, server, account):
    engine = SyncEngine(tmp_path / "c.sqlite3", client_for(server.url, account.name))
    contact_id = str(uuid.uuid4())
    account.put(f"/v1/contacts/{contact_id}", json={"name": "Li", "mobile": "13012345158"},
                headers={"If-None-Match": "*"})  # fmt: skip
    engine.catch_up()
    engine.cache.entities.edit("put", "contact", contact_id,
                             {"name": "Li Na", "mobile": "13012345158", "email": None})  # fmt: skip
    current = account.get(f"/v1/contacts/{contact_id}").json()
    account.put(
        f"/v1/contacts/{contact_id}",
        json={"name": "Li", "mobile": "13900000000"},
        headers={"If-Match": current["etag"]},
    )
    result = engine.flush_outbox()
    assert result.sent == 1 and result.held == 0
    merged = account.get(f"/v1/contacts/{contact_id}").json()
    assert (merged["name"], merged["mobile"]) == ("Li Na", "13900000000")
    engine.stop()


def test_412_on_the_same_field_holds_only_that_entry(tmp_path, server, account):
    recorder = Recorder()
    engine = SyncEngine(tmp_path / "c.sqlite3", client_for(server.url, account.name), recorder)
    contact_id = str(uuid.uuid4())
    account.put(f"/v1/contacts/{contact_id}", json={"name": "Li", "mobile": "13012345158"},
                headers={"If-None-Match": "*"})  # fmt: skip
    message = server.publish(account.name)
    engine.catch_up()
    engine.cache.entities.edit("put", "contact", contact_id,
                             {"name": "Mine", "mobile": "13012345158"})  # fmt: skip
    engine.cache.messages.mark_read([message["id"]], True)
    current = account.get(f"/v1/contacts/{contact_id}").json()
    account.put(f"/v1/contacts/{contact_id}", json={"name": "Theirs", "mobile": "13012345158"},
                headers={"If-Match": current["etag"]})  # fmt: skip
    result = engine.flush_outbox()
    assert (result.sent, result.held) == (1, 1)
    assert account.get(f"/v1/messages/{message['id']}").json()["read"] is True
    [held] = engine.cache.outbox.entries()
    assert held.state == "conflict" and "name" in held.reason
    assert held.current["name"] == "Theirs"
    assert recorder.of("entry_held")[0][0] == held.id
    shown = next(c for c in engine.cache.entities.shown("contact") if c.id == contact_id)
    assert shown.data["name"] == "Mine" and shown.problem
    engine.stop()


def test_a_422_is_held_with_the_servers_reason(tmp_path, server, account):
    engine = SyncEngine(tmp_path / "c.sqlite3", client_for(server.url, account.name))
    engine.catch_up()
    engine.cache.entities.edit("put", "contact", str(uuid.uuid4()), {"name": "x", "mobile": "123"})
    result = engine.flush_outbox()
    assert result.held == 1
    [held] = engine.cache.outbox.entries()
    assert held.state == "rejected" and "mobile" in held.reason
    engine.stop()


# -- faults --------------------------------------------------------------------------------------


@pytest.fixture
def proxy(server):
    fault_proxy = FaultProxy(server.url).start()
    yield fault_proxy
    fault_proxy.stop()


def fill(server, account, count):
    return [server.publish(account.name, title=f"m{n}") for n in range(count)]


def test_server_down_at_start_the_cache_still_answers(tmp_path, server, account):
    fill(server, account, 5)
    path = tmp_path / "c.sqlite3"
    SyncEngine(path, client_for(server.url, account.name)).catch_up()
    dead = ApiClient("http://127.0.0.1:9", account.token, retries=0)
    recorder = Recorder()
    engine = SyncEngine(path, dead, recorder)
    engine.start()
    assert recorder.wait_for(
        lambda: ConnectionState.OFFLINE in [a[0] for a in recorder.of("state_changed")]
    )
    assert recorder.of("counts_changed")[0][0]["all"] == 5
    engine.stop()


def test_dropped_connections_500s_and_malformed_replies_are_retried_without_damage(
    tmp_path, server, account, proxy
):
    fill(server, account, 1200)
    client = ApiClient(proxy.url, account.token, retries=3)
    proxy.inject("/v1/changes", "drop")
    proxy.inject("/v1/changes", "status:500", times=2)
    engine = SyncEngine(tmp_path / "c.sqlite3", client)
    engine.catch_up()  # the client's own retries ride over these
    assert engine.cache.messages.count() == 1200
    proxy.inject("/v1/changes", "garbage", times=10)
    with pytest.raises(errors.BadResponse):
        engine.catch_up()
    assert engine.cache.messages.count() == 1200  # nothing half-applied
    engine.stop()


def test_429_retry_after_is_obeyed(tmp_path, server, account, proxy):
    client = ApiClient(proxy.url, account.token, retries=2)
    proxy.inject("/v1/changes", "status:429:1")
    started = time.monotonic()
    SyncEngine(tmp_path / "c.sqlite3", client).catch_up()
    assert time.monotonic() - started >= 1.0
    assert proxy.count("/v1/changes") == 2


def test_a_read_timeout_is_offline_not_a_hang(tmp_path, server, account, proxy):
    client = ApiClient(proxy.url, account.token, retries=0, read_timeout=0.5)
    proxy.inject("/v1/changes", "stall:3")
    with pytest.raises(errors.Offline):
        SyncEngine(tmp_path / "c.sqlite3", client).catch_up()


def test_a_first_sync_says_how_far_it_is_page_by_page(tmp_path, server, account, monkeypatch):
    """Each commit of a full sync (here one a page) reports the messages so far against the
    server's count (what the status bar and `msgcenter sync` show); a later catch-up is no full
    sync and says nothing. Pages are asked for ahead: every message arrives once."""
    monkeypatch.setattr("desktop.sync.changes.PAGE_SIZE", 10)
    monkeypatch.setattr("desktop.sync.changes.GROUP_SECONDS", 0.0)
    for n in range(25):
        server.publish(account.name, title=f"paged {n}")
    recorder = Recorder()
    engine = SyncEngine(tmp_path / "c.sqlite3", client_for(server.url, account.name), recorder)
    try:
        summary = engine.catch_up()
        assert len(summary.messages_added) == engine.cache.messages.count() == 25
        progress = recorder.of("sync_progress")
        assert len(progress) >= 3 and progress[-1] == (25, 25)
        assert all(expected == 25 for _received, expected in progress)
        assert [received for received, _ in progress] == sorted(
            received for received, _ in progress
        )
        server.publish(account.name, title="one more")
        engine.catch_up()
        assert len(recorder.of("sync_progress")) == len(progress)
        assert engine.cache.messages.count() == 26
    finally:
        engine.stop()


class ReadingListener(Recorder):
    """Checks, when told of new messages, that a connection of its own can read them all (as
    the views read theirs): a catch-up tells only what it has committed."""

    def __init__(self, cache_path: Path) -> None:
        super().__init__()
        self.cache_path = cache_path
        self.unreadable: list[str] = []

    def data_changed(self, summary) -> None:
        with sqlite3.connect(self.cache_path) as db:
            for message_id in summary.messages_added:
                if not db.execute("SELECT 1 FROM messages WHERE id = ?", (message_id,)).fetchone():
                    self.unreadable.append(message_id)
        self.calls.append(("data_changed", (summary,)))


def test_pages_are_told_once_committed(tmp_path, server, account, monkeypatch):
    monkeypatch.setattr("desktop.sync.changes.PAGE_SIZE", 10)
    fill(server, account, 95)
    path = tmp_path / "c.sqlite3"
    listener = ReadingListener(path)
    engine = SyncEngine(path, client_for(server.url, account.name), listener)
    try:
        engine.catch_up()
        told = [m for (summary,) in listener.of("data_changed") for m in summary.messages_added]
        assert not listener.unreadable
        assert len(told) == len(set(told)) == engine.cache.messages.count() == 95
    finally:
        engine.stop()


def test_cursor_expiry_leads_to_a_full_resync_that_drops_what_is_gone(tmp_path):
    server = ServerProcess(tmp_path / "s.db", "--tombstone-days", "0.00001").start()
    try:
        session = server.create_account("exp", PASSWORD)
        messages = [server.publish("exp") for _ in range(3)]
        engine = SyncEngine(tmp_path / "c.sqlite3", client_for(server.url, "exp"))
        engine.catch_up()
        session.post("/v1/messages/delete", json={"ids": [messages[0]["id"]]})
        old_cursor = engine.cache.cursor
        assert wait_until(
            lambda: session.get("/v1/changes", params={"cursor": old_cursor}).status_code == 410
        )
        summary = engine.catch_up()
        assert summary.full_resync
        assert engine.cache.messages.get(messages[0]["id"]) is None
        assert engine.cache.messages.count() == 2
        engine.stop()
    finally:
        server.stop()


def test_a_silently_stalled_event_stream_is_noticed_and_caught_up(tmp_path):
    server = ServerProcess(tmp_path / "s.db", "--heartbeat", "0.3").start()
    proxy = FaultProxy(server.url).start()
    try:
        server.create_account("stall", PASSWORD)
        client = ApiClient(proxy.url, retries=1)
        client.sign_in("stall", PASSWORD)
        proxy.inject("/v1/events", "silent")
        recorder = Recorder()
        engine = SyncEngine(tmp_path / "c.sqlite3", client, recorder, heartbeat_timeout=1.0)
        engine.start()
        # Online twice: after the first catch-up, and after the one that follows the stream's
        # connection. From then on only the (silent) stream would tell of a change.
        assert recorder.wait_for(
            lambda: [a[0] for a in recorder.of("state_changed")].count(ConnectionState.ONLINE) >= 2
        )
        message = server.publish("stall", title="during the stall")
        # No event comes through the silent stream; three missed pings later the engine
        # reconnects and catches up.
        assert recorder.wait_for(
            lambda: any(message["id"] in a[0].messages_added for a in recorder.of("data_changed")),
            timeout=20,
        )
        assert wait_until(lambda: proxy.count("/v1/events") >= 2)  # and it reconnects
        engine.stop()
    finally:
        proxy.stop()
        server.stop()


KILL_SCRIPT = """
import sys
from pathlib import Path
from desktop.api.client import ApiClient
from desktop.sync.engine import SyncEngine
engine = SyncEngine(Path(sys.argv[1]), ApiClient(sys.argv[2], sys.argv[3]))
print("flushing", flush=True)
engine.flush_outbox()
print("done", flush=True)
"""


def test_sigkill_during_the_outbox_loses_nothing_and_applies_nothing_twice(
    tmp_path, server, account, proxy
):
    messages = fill(server, account, 60)
    path = tmp_path / "c.sqlite3"
    engine = SyncEngine(path, client_for(server.url, account.name))
    engine.catch_up()
    start_cursor = engine.cache.cursor
    cache = engine.cache
    contact_ids = [str(uuid.uuid4()) for _ in range(15)]
    for n, contact_id in enumerate(contact_ids):
        cache.entities.edit("put", "contact", contact_id,
                          {"name": f"c{n}", "mobile": f"130000000{n:02d}"})  # fmt: skip
    for message in messages:
        cache.messages.mark_read([message["id"]], True)
    engine.stop()
    proxy.delay = 0.03  # slow enough to be killed mid-way
    script = tmp_path / "flush.py"
    script.write_text(KILL_SCRIPT)
    child = subprocess.Popen(
        [sys.executable, str(script), str(path), proxy.url, account.token],
        stdout=subprocess.PIPE, text=True, cwd=str(Path(__file__).resolve().parents[2]),
    )  # fmt: skip
    assert child.stdout.readline().strip() == "flushing"
    assert wait_until(lambda: proxy.count("/v1/") >= 20, timeout=30)
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    left = Cache(path)
    assert 0 < left.outbox.size() < 75
    left.close()
    proxy.delay = 0
    engine = SyncEngine(path, ApiClient(server.url, account.token))
    assert engine.flush_outbox().held == 0
    assert engine.cache.outbox.size() == 0
    engine.stop()
    contacts = account.get("/v1/contacts").json()["contacts"]
    assert sorted(c["id"] for c in contacts if not c["is_account"]) == sorted(contact_ids)
    unread = account.get("/v1/messages", params={"unread": "true", "limit": 200}).json()
    assert unread["items"] == []
    # Applied once each: every contact changed exactly once after the starting cursor.
    changes, cursor = [], start_cursor
    while True:
        page = account.get("/v1/changes", params={"cursor": cursor}).json()
        changes += page["changes"]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    created = [c for c in changes if c["kind"] == "contact" and c["id"] in contact_ids]
    assert len(created) == len(contact_ids)
    assert requests.get(server.url + "/v1/health", timeout=5).status_code == 200


def test_an_unexpected_error_goes_to_the_log_file_and_the_worker_syncs_on(
    tmp_path, server, account
):
    server.publish(account.name, title="before")
    log_file = tmp_path / "msgcenter.log"
    handler = logging.FileHandler(log_file)
    logging.getLogger("desktop").addHandler(handler)
    recorder = FailingListener(1, ValueError("day is out of range for month"))
    engine = SyncEngine(tmp_path / "c.sqlite3", client_for(server.url, account.name), recorder,
                        log_file=log_file)  # fmt: skip
    engine.start()
    try:
        assert recorder.wait_for(lambda: recorder.of("error"))
        [(said,)] = recorder.of("error")
        assert read_notice(said) == {
            "code": "unexpected", "what": "sync", "seconds": 30, "log": str(log_file)
        }  # fmt: skip
        assert recorder.wait_for(
            lambda: recorder.of("state_changed")[-1][0] == ConnectionState.OFFLINE
        )
        engine.sync_now()
        assert recorder.wait_for(
            lambda: ConnectionState.ONLINE in [a[0] for a in recorder.of("state_changed")]
        )
        message = server.publish(account.name, title="after")
        assert recorder.wait_for(
            lambda: any(message["id"] in a[0].messages_added for a in recorder.of("data_changed"))
        )
        assert engine._worker.is_alive()
    finally:
        engine.stop()
        logging.getLogger("desktop").removeHandler(handler)
        handler.close()
    logged = log_file.read_text()
    assert "Traceback" in logged and "ValueError: day is out of range for month" in logged
