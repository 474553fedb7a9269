"""Categories and messages (api.md)."""

import time

import pytest

from msgcenter import catalog


@pytest.fixture(scope="module")
def inbox(server):
    """An account with a known set of messages, newest last."""
    session = server.create_account("inbox")
    published = []
    for n in range(7):
        published.append(
            server.publish("inbox", "fault", "fault.incident", f"Fault {n}", f"body {n} 50% off")
        )
    published.append(
        server.publish(
            "inbox",
            "product",
            "product.expiry",
            "京东云资源到期预警提醒",
            "云主机 i-abc 将于 7 天后到期",
        )
    )
    return session, published


def test_categories_in_domain_order_with_counts_etag_and_poll_interval(server, inbox):
    session, _ = inbox
    reply = session.get("/v1/categories")
    assert reply.status_code == 200
    body = reply.json()
    assert [c["id"] for c in body["categories"]] == list(catalog.CATEGORY_IDS)
    counts = {c["id"]: (c["unread"], c["total"]) for c in body["categories"]}
    assert counts["fault"] == (7, 7)
    assert counts["product"] == (1, 1)
    assert body["total_unread"] == 8
    assert reply.headers["X-Poll-Interval"] == "60"
    etag = reply.headers["ETag"]
    assert etag.startswith('"')
    again = session.get("/v1/categories", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_the_categories_etag_changes_with_the_counts(server, inbox):
    session, _ = inbox
    etag = session.get("/v1/categories").headers["ETag"]
    server.publish("inbox", "event", "event.promotion", "Promo", "x")
    changed = session.get("/v1/categories", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_messages_newest_first_with_cursor_paging(server, inbox):
    session, published = inbox
    seen = []
    cursor = None
    while True:
        params = {"category": "fault", "limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = session.get("/v1/messages", params=params).json()
        seen.extend(m["id"] for m in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    faults = [m for m in published if m["category"] == "fault"]
    expected = sorted(faults, key=lambda m: (m["created_at"], m["id"]), reverse=True)
    assert seen == [m["id"] for m in expected]


def test_message_shape_and_time_format(server, inbox):
    session, published = inbox
    message = session.get(f"/v1/messages/{published[0]['id']}").json()
    assert set(message) == {"id", "category", "type", "title", "body", "created_at", "read"}
    assert message["created_at"].endswith("Z")
    assert message["read"] is False


def test_search_matches_title_or_body_case_insensitively_and_literally(server, inbox):
    session, _ = inbox
    by_title = session.get("/v1/messages", params={"q": "FAULT 3"}).json()["items"]
    assert [m["title"] for m in by_title] == ["Fault 3"]
    by_body = session.get("/v1/messages", params={"q": "i-abc"}).json()["items"]
    assert [m["type"] for m in by_body] == ["product.expiry"]
    # % and _ are literal characters, not wildcards.
    percent = session.get("/v1/messages", params={"q": "50%"}).json()["items"]
    assert len(percent) == 7
    assert session.get("/v1/messages", params={"q": "5_%"}).json()["items"] == []


def test_unknown_message_is_404(server, inbox):
    session, _ = inbox
    reply = session.get("/v1/messages/does-not-exist")
    assert reply.status_code == 404
    assert reply.json()["type"] == "/problems/not-found"


@pytest.mark.parametrize(
    "params",
    [
        {"category": "nope"},
        {"limit": 0},
        {"limit": 201},
        {"limit": "ten"},
        {"unread": "perhaps"},
    ],
)
def test_query_parameters_outside_their_domain_get_a_problem(server, inbox, params):
    session, _ = inbox
    reply = session.get("/v1/messages", params=params)
    assert reply.status_code in (400, 422)
    assert reply.headers["Content-Type"] == "application/problem+json"


def test_malformed_cursor_is_400(server, inbox):
    session, _ = inbox
    for cursor in ("garbage!", "eyJ4IjoxfQ", "%%%"):
        reply = session.get("/v1/messages", params={"cursor": cursor})
        assert reply.status_code == 400, cursor


def test_mark_read_and_unread_by_ids(server, inbox):
    session, published = inbox
    ids = [published[0]["id"], published[1]["id"]]
    reply = session.post("/v1/messages/read", json={"ids": [*ids, "missing"], "read": True})
    assert reply.status_code == 200
    assert reply.json() == {"updated": ids, "not_found": ["missing"]}
    unread = session.get("/v1/messages", params={"category": "fault", "unread": "true"}).json()
    assert not {m["id"] for m in unread["items"]} & set(ids)
    back = session.post("/v1/messages/read", json={"ids": ids, "read": False}).json()
    assert back["updated"] == ids
    assert session.get(f"/v1/messages/{ids[0]}").json()["read"] is False


def test_mark_read_up_to_leaves_newer_messages_unread(server):
    session = server.create_account("upto")
    older = [server.publish("upto", "fault", "fault.incident", f"old {n}") for n in range(3)]
    time.sleep(0.01)
    newer = server.publish("upto", "fault", "fault.incident", "new")
    other = server.publish("upto", "event", "event.promotion", "promo")
    reply = session.post(
        "/v1/messages/read",
        json={"up_to": older[-1]["created_at"], "category": "fault", "read": True},
    )
    assert reply.status_code == 200
    assert reply.json() == {"updated_count": 3}
    assert session.get(f"/v1/messages/{newer['id']}").json()["read"] is False
    assert session.get(f"/v1/messages/{other['id']}").json()["read"] is False
    everything = session.post(
        "/v1/messages/read", json={"up_to": other["created_at"], "read": True}
    ).json()
    assert everything == {"updated_count": 2}


@pytest.mark.parametrize(
    "body",
    [
        {"ids": [], "read": True},
        {"ids": ["x"] * 501, "read": True},
        {"ids": ["x"]},
        {"ids": ["x"], "read": "yes"},
        {"ids": ["x"], "read": True, "colour": "red"},
        {"up_to": "yesterday", "read": True},
        {"up_to": "2026-01-01T00:00:00Z", "read": False},
        {"up_to": "2026-01-01T00:00:00Z", "ids": ["x"], "read": True},
        {"ids": ["x"], "category": "fault", "read": True},
        {"read": True},
    ],
)
def test_bad_read_bodies_get_422(server, inbox, body):
    session, _ = inbox
    reply = session.post("/v1/messages/read", json=body)
    assert reply.status_code == 422, reply.text
    assert reply.json()["type"] == "/problems/validation"


def test_delete_twice_is_not_an_error(server):
    session = server.create_account("deleter")
    message = server.publish(session.name)
    first = session.post("/v1/messages/delete", json={"ids": [message["id"], "nope"]}).json()
    assert first == {"deleted": [message["id"]], "not_found": ["nope"]}
    second = session.post("/v1/messages/delete", json={"ids": [message["id"]]}).json()
    assert second == {"deleted": [message["id"]], "not_found": []}
    assert session.get(f"/v1/messages/{message['id']}").status_code == 404
    assert session.post("/v1/messages/delete", json={"ids": []}).status_code == 422
