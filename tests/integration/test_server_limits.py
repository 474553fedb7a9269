"""The server's limits (api.md, "Limits (v1.1)"), tried as an attacker would, over real HTTP."""

from __future__ import annotations

import base64
import json
import socket
import stat
import threading
import time
import uuid

import pytest
import requests

from tests import support
from tests.support import ADMIN_TOKEN, ApiSession, ServerProcess, wait_until

MiB = 1 << 20


def cursor_of(payload: object) -> str:
    """A cursor spelled exactly as the server spells its own, with any payload."""
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def raw_request(server: ServerProcess, head: bytes, body: bytes = b"", timeout: float = 10):
    """Send bytes on a fresh connection; (status, headers, body) of the answer."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        sock.sendall(head + body)
        return read_response(sock)


def read_response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed before a response: {data!r}")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (h.split(":", 1) for h in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    return int(lines[0].split()[1]), headers, rest


def assert_problem(reply: requests.Response, status: int, slug: str = "validation") -> None:
    assert reply.status_code == status, (reply.request.url, reply.text)
    assert reply.headers["Content-Type"] == "application/problem+json"
    assert reply.json()["type"] == f"/problems/{slug}", reply.text


def assert_no_traceback(server: ServerProcess) -> None:
    assert "Traceback" not in server.output(), server.output()[-3000:]


@pytest.fixture(scope="module")
def session(server):
    session = server.create_account()
    server.publish(session.name)
    return session


def new_contact(session, mobile="13012345158", email="lin@example.com") -> dict:
    reply = session.put(
        f"/v1/contacts/{uuid.uuid4()}",
        json={"name": "Lin", "mobile": mobile, "email": email},
        headers={"If-None-Match": "*"},
    )
    assert reply.status_code == 201, reply.text
    return reply.json()


# -- cursors ---------------------------------------------------------------------------------------

FORGED_SEQ_CURSORS = [
    cursor_of({"s": 2**63}),
    cursor_of({"s": 2**64 + 5}),
    cursor_of({"s": True}),
    cursor_of({"s": -1}),
    cursor_of({"s": 1.0}),
    cursor_of({"s": "1"}),
    cursor_of({"s": None}),
    cursor_of({"s": 1, "x": 2}),
    cursor_of({"s": 10**6}),  # in range, but beyond anything the server has issued
    cursor_of({"t": 1, "i": "a"}),
    cursor_of([1]),
    base64.urlsafe_b64encode(b'{"s": 1}').decode().rstrip("="),  # not the server's spelling
    base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    "!!!",
    "a" * 5000,
]
FORGED_POSITION_CURSORS = [
    cursor_of({"t": 2**63, "i": "x"}),
    cursor_of({"t": True, "i": "x"}),
    cursor_of({"t": -1, "i": "x"}),
    cursor_of({"t": 1, "i": "\ud800"}),
    cursor_of({"t": 1, "i": "x" * 65}),
    cursor_of({"t": 1, "i": 5}),
    cursor_of({"t": 1}),
    cursor_of({"s": 1}),
    "%%%",
    "a" * 5000,
]


def test_forged_message_cursors_get_400(server, session):
    for cursor in FORGED_POSITION_CURSORS:
        assert_problem(session.get("/v1/messages", params={"cursor": cursor}), 400)
    assert_no_traceback(server)


def test_forged_change_cursors_get_400(server, session):
    for cursor in FORGED_SEQ_CURSORS:
        assert_problem(session.get("/v1/changes", params={"cursor": cursor}), 400)
    assert_no_traceback(server)
    # What the server issued still works, as a query parameter and as Last-Event-ID.
    issued = session.get("/v1/changes").json()["next_cursor"]
    assert session.get("/v1/changes", params={"cursor": issued}).status_code == 200
    with session.get("/v1/events", headers={"Last-Event-ID": issued}, stream=True) as reply:
        assert reply.status_code == 200


def test_forged_event_cursors_and_last_event_ids_get_400_not_a_stream(server, session):
    for cursor in FORGED_SEQ_CURSORS:
        for how in ({"params": {"cursor": cursor}}, {"headers": {"Last-Event-ID": cursor}}):
            with session.get("/v1/events", stream=True, timeout=10, **how) as reply:
                assert_problem(reply, 400)
    assert_no_traceback(server)


# -- bodies: size, depth, Unicode, ids -------------------------------------------------------------


def post_head(server, path: str, token: str, extra: str) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n{extra}\r\n"
    ).encode()


def test_a_body_declared_too_large_gets_413_before_it_is_sent(server, session):
    head = post_head(server, "/v1/messages/read", session.token, f"Content-Length: {100 * MiB}\r\n")
    status, headers, body = raw_request(server, head)  # no body sent: the answer comes anyway
    assert status == 413
    assert json.loads(body)["type"] == "/problems/payload-too-large"
    assert headers["connection"] == "close"


def test_a_chunked_body_is_cut_off_past_one_mib(server, session):
    head = post_head(server, "/v1/messages/read", session.token, "Transfer-Encoding: chunked\r\n")
    chunk = b"[" + b" " * MiB
    status, _, body = raw_request(server, head, b"%x\r\n%s\r\n" % (len(chunk), chunk))
    assert status == 413
    assert json.loads(body)["type"] == "/problems/payload-too-large"
    # One MiB exactly is still read and judged on its content.
    payload = json.dumps({"ids": ["x"], "read": True}).encode()
    padded = payload + b" " * (MiB - len(payload))
    reply = session.post(
        "/v1/messages/read", data=padded, headers={"Content-Type": "application/json"}
    )
    assert reply.status_code == 200, reply.text


def test_a_100_mb_body_is_never_held_in_memory(tmp_path):
    server = ServerProcess(tmp_path / "big.db").start()
    try:
        before = server.rss_kib(peak=True)
        head = (
            f"POST /v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {100 * MiB}\r\n\r\n"
        ).encode()
        block = b" " * MiB
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(head)
            try:
                for _ in range(100):
                    sock.sendall(block)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server answered 413 and closed: the rest is never read
        grown_mib = (server.rss_kib(peak=True) - before) / 1024
        assert grown_mib < 30, f"the server's peak memory grew by {grown_mib:.0f} MiB"
        assert requests.get(server.url + "/v1/health", timeout=10).status_code == 200
    finally:
        server.stop()


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_deep_json_gets_422_validation_and_not_json_gets_400(server, session):
    headers = {"Content-Type": "application/json"}
    for depth in (33, 5000, 200_000):
        body = '{"ids": ' + nested(depth - 1) + ', "read": true}'
        reply = session.post("/v1/messages/read", data=body, headers=headers)
        assert_problem(reply, 422)
        assert "deeper than 32" in reply.text
    reply = session.post("/v1/messages/read", data='{"ids": ' + nested(31) + "}", headers=headers)
    assert_problem(reply, 422)
    assert "deeper" not in reply.text  # 32 levels are allowed: this one fails for its shape
    for body in (b"{nope", b"\xff\xfe{}", b'{"read": NaN}'):
        assert_problem(session.post("/v1/messages/read", data=body, headers=headers), 400)
    assert_no_traceback(server)


def surrogate_cases(contact_id: str, group_id: str) -> list[tuple[str, str, str, dict]]:
    """(method, path, a body spelled with "\\ud800", extra headers) for every string and list."""
    bad = "\ud800"
    create = {"If-None-Match": "*"}
    return [
        ("POST", "/v1/auth/token", {"username": bad, "password": "x"}, {}),
        ("POST", "/v1/auth/token", {"username": "x", "password": bad}, {}),
        ("POST", "/v1/auth/token", {"username": "x", "password": "y", "device": bad}, {}),
        ("POST", "/v1/messages/read", {"ids": ["ok", bad], "read": True}, {}),
        ("POST", "/v1/messages/read", {"up_to": bad, "read": True}, {}),
        ("POST", "/v1/messages/delete", {"ids": [bad]}, {}),
        ("PUT", f"/v1/contacts/{uuid.uuid4()}", {"name": bad, "mobile": "13012345158"}, create),
        ("PUT", f"/v1/contacts/{uuid.uuid4()}", {"name": "x", "mobile": bad}, create),
        ("PUT", f"/v1/contacts/{uuid.uuid4()}", {"name": "x", "mobile": "1", "email": bad}, create),
        ("POST", f"/v1/contacts/{contact_id}/verification", {"channel": bad}, {}),
        (
            "POST",
            f"/v1/contacts/{contact_id}/verification/confirm",
            {"channel": "mobile", "code": bad},
            {},
        ),
        ("PUT", f"/v1/groups/{uuid.uuid4()}", {"name": bad, "members": []}, create),
        ("PUT", f"/v1/groups/{uuid.uuid4()}", {"name": "g", "members": [contact_id, bad]}, create),
        ("PUT", f"/v1/groups/{group_id}", {"name": "g", "members": [bad]}, {"If-Match": "*"}),
        (
            "PUT",
            "/v1/settings/product.expiry",
            {
                "channels": {"email": True, "sms": True},
                "recipients": {"contacts": [bad], "groups": []},
            },
            {"If-Match": "*"},
        ),
        (
            "PUT",
            "/v1/settings/product.expiry",
            {
                "channels": {"email": True, "sms": True},
                "recipients": {"contacts": [], "groups": [bad]},
            },
            {"If-Match": "*"},
        ),
        ("POST", "/v1/messages/read", {bad: 1, "read": True}, {}),
    ]


ADMIN_SURROGATES = [
    {"name": "\ud800", "password": "x"},
    {"name": "x", "password": "\udfff"},
    {"name": "x", "password": "y", "mobile": "\ud800"},
    {"name": "x", "password": "y", "email": "\ud800@x.com"},
]


def test_lone_surrogates_anywhere_get_422(server, session):
    contact = new_contact(session)
    group_id = str(uuid.uuid4())
    made = session.put(
        f"/v1/groups/{group_id}", json={"name": "g", "members": []}, headers={"If-None-Match": "*"}
    )
    assert made.status_code == 201
    failures = []
    for method, path, body, headers in surrogate_cases(contact["id"], group_id):
        reply = session.request(
            method,
            path,
            data=json.dumps(body),  # ensure_ascii: the surrogate travels as the escape \ud800
            headers={"Content-Type": "application/json", **headers},
        )
        if reply.status_code != 422 or reply.json()["type"] != "/problems/validation":
            failures.append((method, path, body, reply.status_code, reply.text[:200]))
    for body in ADMIN_SURROGATES:
        reply = server.admin("POST", "/v1/admin/accounts", data=json.dumps(body))
        if reply.status_code != 422:
            failures.append(("admin", body, reply.status_code, reply.text[:200]))
    # A surrogate spelled as raw bytes (CESU-8) is no better than an escaped one.
    raw = b'{"ids": ["\xed\xa0\x80"], "read": true}'
    reply = session.post(
        "/v1/messages/read", data=raw, headers={"Content-Type": "application/json"}
    )
    if reply.status_code != 422:
        failures.append(("raw bytes", reply.status_code, reply.text[:200]))
    assert not failures, failures
    assert_no_traceback(server)


def test_ids_of_another_shape_are_404_in_paths_and_422_in_bodies(server, session):
    for bad in ("x" * 65, "a b", "ä", "a%00b", "a;b"):
        quoted = requests.utils.quote(bad, safe="")
        for path in (f"/v1/messages/{quoted}", f"/v1/contacts/{quoted}", f"/v1/groups/{quoted}"):
            assert_problem(session.get(path), 404, "not-found")
        created = session.put(
            f"/v1/contacts/{quoted}",
            json={"name": "x", "mobile": "13012345158"},
            headers={"If-None-Match": "*"},
        )
        assert_problem(created, 404, "not-found")
        assert_problem(session.post("/v1/messages/read", json={"ids": [bad], "read": True}), 422)
        assert_problem(session.post("/v1/messages/delete", json={"ids": [bad]}), 422)
    # The shape allows dots (message type ids are setting ids): not every odd id is refused.
    assert session.get("/v1/settings/product.expiry").status_code == 200
    assert session.post("/v1/messages/delete", json={"ids": ["a.b_c-9"]}).status_code == 200


# -- connections -----------------------------------------------------------------------------------


def closed_within(sock: socket.socket, seconds: float) -> float:
    """Seconds until the server closed the connection (recv gives b""), failing past `seconds`."""
    started = time.monotonic()
    sock.settimeout(seconds)
    while True:
        try:
            if sock.recv(65536) == b"":
                return time.monotonic() - started
        except TimeoutError:
            pytest.fail(f"the connection was still open after {seconds} s")
        except ConnectionResetError:
            return time.monotonic() - started


def test_half_sent_headers_and_idle_connections_are_closed(tmp_path):
    server = ServerProcess(
        tmp_path / "slow.db", "--header-timeout", "1", "--keep-alive-timeout", "2"
    ).start()
    try:
        with socket.create_connection(("127.0.0.1", server.port)) as half:
            half.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            assert 0.8 < closed_within(half, 8) < 5
        with socket.create_connection(("127.0.0.1", server.port)) as silent:
            assert 0.8 < closed_within(silent, 8) < 5
        with socket.create_connection(("127.0.0.1", server.port)) as kept:
            kept.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
            assert read_response(kept)[0] == 200
            # A trickle that never completes the next request's headers does not keep it open.
            kept.sendall(b"GET /v1/health HTTP/1.1\r\n")
            assert 0.8 < closed_within(kept, 8) < 5
        with socket.create_connection(("127.0.0.1", server.port)) as idle:
            idle.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
            assert read_response(idle)[0] == 200
            assert 1.5 < closed_within(idle, 10) < 6
        assert requests.get(server.url + "/v1/health", timeout=10).status_code == 200
    finally:
        server.stop()


# -- sign-in ---------------------------------------------------------------------------------------


def sign_in(server, username: str, password: str, **kwargs) -> requests.Response:
    return requests.post(
        server.url + "/v1/auth/token",
        json={"username": username, "password": password},
        timeout=60,
        **kwargs,
    )


def test_parallel_sign_ins_hash_a_few_at_a_time(tmp_path):
    server = ServerProcess(tmp_path / "logins.db").start()
    try:
        before = server.rss_kib(peak=True)
        statuses: list[int] = []
        threads = [
            threading.Thread(
                target=lambda n=n: statuses.append(sign_in(server, f"nobody-{n}", "x").status_code)
            )
            for n in range(40)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        # Past 20 failures the address is refused without hashing (the next test's rule).
        assert len(statuses) == 40 and set(statuses) <= {401, 429}, statuses
        assert statuses.count(401) >= 20, statuses
        grown_mib = (server.rss_kib(peak=True) - before) / 1024
        # scrypt takes 16 MiB a hash: 40 at once were 640 MiB; a few at a time stay near 64.
        assert grown_mib < 110, f"the server's peak memory grew by {grown_mib:.0f} MiB"
        assert_no_traceback(server)
    finally:
        server.stop()


def test_twenty_failures_from_one_address_lock_that_address_out(tmp_path):
    server = ServerProcess(tmp_path / "address.db").start()
    try:
        server.create_account("olga", "right")
        for n in range(20):  # twenty usernames: the per-username rule never comes into play
            assert sign_in(server, f"guess-{n}", "wrong").status_code == 401
        for username, password in (("guess-99", "wrong"), ("olga", "right")):
            reply = sign_in(server, username, password)
            assert_problem(reply, 429, "rate-limited")
            assert 1 <= int(reply.headers["Retry-After"]) <= 60
    finally:
        server.stop()


def test_sign_in_ignores_idempotency_key_and_stores_no_token(tmp_path):
    server = ServerProcess(tmp_path / "secret.db").start()
    try:
        first = server.create_account("pia", "right")
        tokens = []
        for _ in range(2):
            reply = sign_in(
                server,
                "pia",
                "right",
                headers={"Authorization": f"Bearer {first.token}", "Idempotency-Key": "k1"},
            )
            assert reply.status_code == 201
            assert "Idempotent-Replayed" not in reply.headers
            tokens.append(reply.json()["token"])
        assert tokens[0] != tokens[1]  # each attempt signs in anew: nothing was replayed
        raw = server.stored_bytes()
        for token in tokens:
            assert token.encode() not in raw
    finally:
        server.stop()


# -- verification ----------------------------------------------------------------------------------


def codes_sent(server, session, to: str) -> list[str]:
    reply = server.admin("GET", "/v1/admin/deliveries", params={"account": session.name})
    texts = [d["text"] for d in reply.json()["deliveries"] if d["to"] == to]
    return [t.split("code is ")[1][:6] for t in texts if "code is" in t]


def test_at_most_five_codes_an_hour_for_a_contact_and_channel(server, session):
    contact = new_contact(session, mobile="13900000001")
    path = f"/v1/contacts/{contact['id']}/verification"
    for _ in range(5):
        assert session.post(path, json={"channel": "mobile"}).status_code == 202
    reply = session.post(path, json={"channel": "mobile"})
    assert_problem(reply, 429, "rate-limited")
    assert 3000 < int(reply.headers["Retry-After"]) <= 3600
    assert len(codes_sent(server, session, "13900000001")) == 5
    # The other channel has its own count.
    assert session.post(path, json={"channel": "email"}).status_code == 202


def test_wrong_guesses_count_across_new_codes(server, session):
    contact = new_contact(session, mobile="13900000002")
    path = f"/v1/contacts/{contact['id']}/verification"
    guess = {"channel": "mobile", "code": "000000"}
    assert session.post(path, json={"channel": "mobile"}).status_code == 202
    for _ in range(4):
        assert session.post(path + "/confirm", json=guess).status_code == 422
    assert session.post(path, json={"channel": "mobile"}).status_code == 202  # a new code...
    assert session.post(path + "/confirm", json=guess).status_code == 422  # ...the fifth guess
    right = {"channel": "mobile", "code": codes_sent(server, session, "13900000002")[-1]}
    for reply in (
        session.post(path + "/confirm", json=right),
        session.post(path, json={"channel": "mobile"}),
    ):
        assert_problem(reply, 429, "rate-limited")
        assert 3000 < int(reply.headers["Retry-After"]) <= 3600
    # Deleting the contact and making it again does not start the count afresh.
    current = session.get(f"/v1/contacts/{contact['id']}")
    session.delete(f"/v1/contacts/{contact['id']}", headers={"If-Match": current.headers["ETag"]})
    again = new_contact(session, mobile="13900000002")
    retry = session.post(f"/v1/contacts/{again['id']}/verification", json={"channel": "mobile"})
    assert_problem(retry, 429, "rate-limited")


# -- tokens ----------------------------------------------------------------------------------------


def test_a_token_unused_for_the_idle_period_expires(tmp_path):
    idle_days = 2 / 86400  # two seconds
    server = ServerProcess(tmp_path / "idle.db", "--token-idle-days", str(idle_days)).start()
    try:
        busy = server.create_account("quinn", "pw")
        idle = ApiSession.sign_in(server.url, "quinn", "pw")
        expires_at = time.monotonic() + 3

        def busy_one_still_works() -> bool:
            assert busy.get("/v1/me").status_code == 200  # use keeps a token alive
            return time.monotonic() > expires_at

        assert wait_until(busy_one_still_works, timeout=15, interval=0.3)
        reply = idle.get("/v1/me")
        assert_problem(reply, 401, "unauthorized")
        assert reply.headers["WWW-Authenticate"] == "Bearer"
        assert busy.get("/v1/me").status_code == 200
    finally:
        server.stop()


# -- HTTP ------------------------------------------------------------------------------------------


def test_head_for_every_get_allow_on_405_and_no_store(server, session):
    for path in ("/v1/categories", "/v1/me", "/v1/settings", "/v1/settings/product.expiry"):
        got, head = session.get(path), session.head(path)
        assert head.status_code == got.status_code == 200, path
        assert head.content == b""
        assert head.headers["Content-Length"] == got.headers["Content-Length"]
        assert head.headers.get("ETag") == got.headers.get("ETag")
    assert requests.head(server.url + "/v1/health", timeout=10).status_code == 200
    with session.head("/v1/events", stream=True, timeout=10) as reply:
        assert reply.status_code == 200
    for method, path, allowed in (
        ("DELETE", "/v1/settings/product.expiry", "GET, HEAD, PUT"),
        ("PATCH", "/v1/contacts/abc", "DELETE, GET, HEAD, PUT"),
        ("GET", "/v1/auth/token", "DELETE, POST"),
        ("OPTIONS", "/v1/messages/read", "POST"),  # not the methods of /v1/messages/{id}
        ("POST", "/v1/health", "GET, HEAD"),
    ):
        reply = session.request(method, path)
        assert_problem(reply, 405, "method-not-allowed")
        assert reply.headers["Allow"] == allowed, (method, path)
    for reply in (
        session.get("/v1/me"),
        session.get("/v1/messages"),
        session.get("/v1/contacts/nosuch"),
        sign_in(server, session.name, "secret"),
    ):
        assert reply.headers["Cache-Control"] == "no-store", reply.request.url


def test_database_files_are_readable_by_their_owner_alone(server, session):
    files = list(server.db.parent.glob(server.db.name + "*"))
    if support.BACKEND == "postgresql":  # the data lives in PostgreSQL's own (0700) folder
        assert files == [], "a server on PostgreSQL writes no database file of its own"
        return
    assert {p.name for p in files} >= {"server.db", "server.db-wal", "server.db-shm"}
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


# -- administration --------------------------------------------------------------------------------


def test_admin_account_fields_follow_the_contact_rules(server):
    for body in (
        {"name": "rosa", "password": "pw", "extra": 1},
        {"name": "rosa", "password": "pw", "mobile": "12"},
        {"name": "rosa", "password": "pw", "email": "not-an-address"},
        {"name": "ro\u202esa", "password": "pw"},
        {"name": "x" * 33, "password": "pw"},
    ):
        assert_problem(server.admin("POST", "/v1/admin/accounts", json=body), 422)
    body = {"name": "rosa", "password": "pw", "mobile": "13012345158", "email": " r@x.com "}
    assert server.admin("POST", "/v1/admin/accounts", json=body).status_code == 201


def test_the_admin_token_can_come_from_a_file_and_the_command_line_warns(tmp_path):
    token_file = tmp_path / "admin-token"
    token_file.write_text("from-a-file\n")
    token_file.chmod(0o600)
    server = ServerProcess(tmp_path / "a.db", "--admin-token-file", str(token_file)).start()
    try:
        url = server.url + "/v1/admin/deliveries?account=x"
        with_file = requests.get(url, headers={"Authorization": "Bearer from-a-file"}, timeout=10)
        assert with_file.status_code == 422  # authorised; there is no account x
        from_env = requests.get(url, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, timeout=10)
        assert from_env.status_code == 401  # the file wins over the environment
    finally:
        server.stop()
    server = ServerProcess(tmp_path / "b.db", "--admin-token", "on-the-command-line").start()
    try:
        assert "warning: --admin-token" in server.output()
    finally:
        server.stop()


# -- U+0000 ----------------------------------------------------------------------------------------


def test_nul_is_never_stored_and_answers_alike_on_every_database(server, session):
    """PostgreSQL's text cannot hold U+0000: the server never stores it, on SQLite neither."""
    publish = {"account": session.name, "category": "fault", "type": "fault.incident"}
    for fields in ({"title": "a\x00b", "body": ""}, {"title": "t", "body": "x\x00"}):
        reply = server.admin("POST", "/v1/admin/messages", json={**publish, **fields})
        assert_problem(reply, 422)
    search = session.get("/v1/messages", params={"q": "\x00"})
    assert search.status_code == 200 and search.json()["items"] == []
    wrong = {"username": session.name + "\x00", "password": "secret"}
    reply = requests.post(server.url + "/v1/auth/token", json=wrong, timeout=30)
    assert_problem(reply, 401, "unauthorized")
    labelled = {"username": session.name, "password": "secret", "device": "pc\x00"}
    assert requests.post(server.url + "/v1/auth/token", json=labelled, timeout=30).ok
    nobody = server.admin("GET", "/v1/admin/deliveries", params={"account": "x\x00"})
    assert_problem(nobody, 422)
    contact = {"name": "n\x00", "mobile": "13012345158", "email": None}
    put = session.put(f"/v1/contacts/{uuid.uuid4()}", json=contact, headers={"If-None-Match": "*"})
    assert_problem(put, 422)
    assert_no_traceback(server)
