"""Health and sessions (api.md), over real HTTP against the reference server."""

import requests


def test_health(server):
    reply = requests.get(server.url + "/v1/health", timeout=10)
    assert reply.status_code == 200
    assert reply.json()["status"] == "ok"
    assert reply.json()["version"]


def test_sign_in_me_and_sign_out(server):
    session = server.create_account("alice", "pw-alice")
    me = session.get("/v1/me")
    assert me.status_code == 200
    assert me.json()["account"]["name"] == "alice"
    assert len(session.token) >= 43  # 32 random bytes, base64url
    assert session.delete("/v1/auth/token").status_code == 204
    after = session.get("/v1/me")
    assert after.status_code == 401
    assert after.headers["WWW-Authenticate"] == "Bearer"
    assert after.headers["Content-Type"] == "application/problem+json"
    assert after.json()["type"] == "/problems/unauthorized"


def test_missing_or_bad_token_gets_401_with_www_authenticate(server):
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}):
        reply = requests.get(server.url + "/v1/categories", headers=headers, timeout=10)
        assert reply.status_code == 401
        assert reply.headers["WWW-Authenticate"] == "Bearer"


def test_bad_credentials_get_401(server):
    server.create_account("bob", "right")
    reply = requests.post(
        server.url + "/v1/auth/token", json={"username": "bob", "password": "wrong"}, timeout=10
    )
    assert reply.status_code == 401
    assert reply.json()["type"] == "/problems/unauthorized"
    unknown = requests.post(
        server.url + "/v1/auth/token", json={"username": "nobody", "password": "x"}, timeout=10
    )
    assert unknown.status_code == 401


def test_five_failures_in_a_minute_lock_the_username_even_for_the_right_password(server):
    server.create_account("carol", "right")
    url = server.url + "/v1/auth/token"
    for _ in range(5):
        reply = requests.post(url, json={"username": "carol", "password": "wrong"}, timeout=10)
        assert reply.status_code == 401
    locked = requests.post(url, json={"username": "carol", "password": "right"}, timeout=10)
    assert locked.status_code == 429
    assert locked.json()["type"] == "/problems/rate-limited"
    assert 1 <= int(locked.headers["Retry-After"]) <= 60
    # Another username is not affected.
    server.create_account("dave", "right")
    assert (
        requests.post(url, json={"username": "dave", "password": "right"}, timeout=10).status_code
        == 201
    )


def test_malformed_sign_in_bodies_get_problems_not_500(server):
    url = server.url + "/v1/auth/token"
    not_json = requests.post(
        url, data=b"{nope", headers={"Content-Type": "application/json"}, timeout=10
    )
    assert not_json.status_code == 400
    assert not_json.headers["Content-Type"] == "application/problem+json"
    for body in (
        [],
        {"username": "x"},
        {"username": 1, "password": "x"},
        {"username": "x", "password": "y", "extra": 1},
    ):
        reply = requests.post(url, json=body, timeout=10)
        assert reply.status_code == 422, body
        assert reply.json()["errors"], body


def test_tokens_and_passwords_are_not_stored_in_clear(server):
    session = server.create_account("erin", "a-password-to-find")
    raw = server.stored_bytes()  # the database's files, or a pg_dump on PostgreSQL
    assert session.token.encode() not in raw
    assert b"a-password-to-find" not in raw
