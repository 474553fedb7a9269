"""Message settings, contacts, groups, idempotency and account isolation (api.md)."""

import threading
import uuid

import pytest
import requests

from msgcenter import catalog, rules


def new_id():
    return str(uuid.uuid4())


def create_contact(session, name="李娜", mobile="13012345158", email="lina@example.com"):
    contact_id = new_id()
    reply = session.put(
        f"/v1/contacts/{contact_id}",
        json={"name": name, "mobile": mobile, "email": email},
        headers={"If-None-Match": "*"},
    )
    assert reply.status_code == 201, reply.text
    return reply.json()


def create_group(session, name="运维", members=()):
    group_id = new_id()
    reply = session.put(
        f"/v1/groups/{group_id}",
        json={"name": name, "members": list(members)},
        headers={"If-None-Match": "*"},
    )
    assert reply.status_code == 201, reply.text
    return reply.json()


def account_contact(session):
    return session.get("/v1/contacts").json()["contacts"][0]


# -- settings ------------------------------------------------------------------------------------


def test_new_account_defaults(server):
    session = server.create_account()
    settings = session.get("/v1/settings").json()["settings"]
    me = account_contact(session)
    assert [s["id"] for s in settings] == list(catalog.SETTING_IDS)
    for setting in settings:
        assert setting["channels"] == {"email": True, "sms": True}
        assert setting["recipients"] == {"contacts": [me["id"]], "groups": []}
    assert [s["locked"] for s in settings] == [True, True, False, False, False, False, False]
    assert me["is_account"] and me["primary"] and me["mobile_verified"]


def test_setting_get_has_etag_and_put_needs_if_match(server):
    session = server.create_account()
    got = session.get("/v1/settings/product.expiry")
    etag = got.headers["ETag"]
    assert got.json()["etag"] == etag
    body = {"channels": {"email": True, "sms": False}, "recipients": got.json()["recipients"]}
    missing = session.put("/v1/settings/product.expiry", json=body)
    assert missing.status_code == 428
    assert missing.json()["type"] == "/problems/precondition-required"
    ok = session.put("/v1/settings/product.expiry", json=body, headers={"If-Match": etag})
    assert ok.status_code == 200
    assert ok.json()["channels"] == {"email": True, "sms": False}
    assert ok.headers["ETag"] != etag
    stale = session.put("/v1/settings/product.expiry", json=body, headers={"If-Match": etag})
    assert stale.status_code == 412
    assert stale.json()["type"] == "/problems/precondition-failed"
    assert stale.json()["current"] == ok.json()
    assert session.get("/v1/settings/nope").status_code == 404


@pytest.mark.parametrize(
    "recipients",
    [{"contacts": [], "groups": []}, "both", {"contacts": ["ghost"], "groups": []}],
)
def test_setting_recipient_rules(server, recipients):
    session = server.create_account()
    me = account_contact(session)
    if recipients == "both":
        group = create_group(session, members=[me["id"]])
        recipients = {"contacts": [me["id"]], "groups": [group["id"]]}
    etag = session.get("/v1/settings/security.ddos").headers["ETag"]
    reply = session.put(
        "/v1/settings/security.ddos",
        json={"channels": {"email": True, "sms": True}, "recipients": recipients},
        headers={"If-Match": etag},
    )
    assert reply.status_code == 422
    assert reply.json()["type"] == "/problems/validation"
    assert reply.json()["errors"]


def test_locked_rows_keep_their_channels_but_recipients_may_change(server):
    session = server.create_account()
    group = create_group(session, members=[account_contact(session)["id"]])
    etag = session.get("/v1/settings/account.overdue").headers["ETag"]
    off = session.put(
        "/v1/settings/account.overdue",
        json={
            "channels": {"email": False, "sms": True},
            "recipients": {"contacts": [], "groups": [group["id"]]},
        },
        headers={"If-Match": etag},
    )
    assert off.status_code == 422
    assert off.json()["type"] == "/problems/locked"
    ok = session.put(
        "/v1/settings/account.overdue",
        json={
            "channels": {"email": True, "sms": True},
            "recipients": {"contacts": [], "groups": [group["id"]]},
        },
        headers={"If-Match": etag},
    )
    assert ok.status_code == 200
    assert ok.json()["recipients"]["groups"] == [group["id"]]


def test_unknown_fields_and_wrong_types_in_a_setting_are_422(server):
    session = server.create_account()
    etag = session.get("/v1/settings/security.ddos").headers["ETag"]
    for body in (
        {"channels": {"email": True, "sms": True}},
        {"channels": {"email": "yes", "sms": True}, "recipients": {"contacts": [], "groups": []}},
        {
            "channels": {"email": True, "sms": True, "fax": True},
            "recipients": {"contacts": ["x"], "groups": []},
        },
    ):
        reply = session.put("/v1/settings/security.ddos", json=body, headers={"If-Match": etag})
        assert reply.status_code == 422, body


# -- contacts ------------------------------------------------------------------------------------


def test_contact_create_replace_and_retry(server):
    session = server.create_account()
    contact = create_contact(session)
    assert contact["mobile_verified"] is False and contact["primary"] is False
    body = {"name": "李娜", "mobile": "13012345158", "email": "lina@example.com"}
    retried = session.put(
        f"/v1/contacts/{contact['id']}", json=body, headers={"If-None-Match": "*"}
    )
    assert retried.status_code == 200
    other = session.put(
        f"/v1/contacts/{contact['id']}",
        json={**body, "name": "Other"},
        headers={"If-None-Match": "*"},
    )
    assert other.status_code == 412
    replaced = session.put(
        f"/v1/contacts/{contact['id']}",
        json={**body, "name": "  Li Na  "},
        headers={"If-Match": contact["etag"]},
    )
    assert replaced.status_code == 200
    assert replaced.json()["name"] == "Li Na"
    assert session.put(f"/v1/contacts/{contact['id']}", json=body).status_code == 428
    listed = session.get("/v1/contacts").json()["contacts"]
    assert listed[0]["is_account"] and listed[1]["id"] == contact["id"]


def test_contact_field_rules(server):
    session = server.create_account()
    for body in (
        {"name": "", "mobile": "13012345158"},
        {"name": "x" * 33, "mobile": "13012345158"},
        {"name": "ok", "mobile": "12345"},
        {"name": "ok", "mobile": "13012345158", "email": "not-an-email"},
        {"name": "ok", "mobile": "13012345158", "nickname": "x"},
    ):
        reply = session.put(f"/v1/contacts/{new_id()}", json=body, headers={"If-None-Match": "*"})
        assert reply.status_code == 422, body
        assert reply.json()["errors"], body


def test_changing_mobile_or_email_clears_its_verified_flag(server):
    session = server.create_account()
    contact = create_contact(session)
    session.post(f"/v1/contacts/{contact['id']}/verification", json={"channel": "mobile"})
    code = last_code(server, session.name)
    verified = session.post(
        f"/v1/contacts/{contact['id']}/verification/confirm",
        json={"channel": "mobile", "code": code},
    ).json()
    assert verified["mobile_verified"] is True
    email_only = session.put(
        f"/v1/contacts/{contact['id']}",
        json={"name": "李娜", "mobile": "13012345158", "email": "new@example.com"},
        headers={"If-Match": verified["etag"]},
    ).json()
    assert email_only["mobile_verified"] is True
    mobile_too = session.put(
        f"/v1/contacts/{contact['id']}",
        json={"name": "李娜", "mobile": "13900000000", "email": "new@example.com"},
        headers={"If-Match": email_only["etag"]},
    ).json()
    assert mobile_too["mobile_verified"] is False


def last_code(server, account):
    deliveries = server.admin("GET", "/v1/admin/deliveries", params={"account": account}).json()
    return deliveries["deliveries"][-1]["text"].split("code is ")[1][:6]


def test_verification_codes_wrong_codes_and_rate_limit(server):
    session = server.create_account()
    contact = create_contact(session)
    path = f"/v1/contacts/{contact['id']}/verification"
    assert session.post(path, json={"channel": "email"}).status_code == 202
    log = server.admin("GET", "/v1/admin/deliveries", params={"account": session.name}).json()
    assert log["deliveries"][-1]["channel"] == "email"
    assert log["deliveries"][-1]["to"] == "lina@example.com"
    code = last_code(server, session.name)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        reply = session.post(path + "/confirm", json={"channel": "email", "code": wrong})
        assert reply.status_code == 422
    limited = session.post(path + "/confirm", json={"channel": "email", "code": code})
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) >= 1
    not_digits = session.post(path + "/confirm", json={"channel": "mobile", "code": "abc"})
    assert not_digits.status_code == 422


def test_contact_limit_is_20_besides_the_account_contact(server):
    session = server.create_account()
    for n in range(20):
        create_contact(session, name=f"c{n}", mobile=f"130000000{n:02d}")
    reply = session.put(
        f"/v1/contacts/{new_id()}",
        json={"name": "c21", "mobile": "13100000000"},
        headers={"If-None-Match": "*"},
    )
    assert reply.status_code == 409
    assert reply.json()["type"] == "/problems/limit-exceeded"


def test_account_and_primary_contacts_are_locked(server):
    session = server.create_account()
    me = account_contact(session)
    edit = session.put(
        f"/v1/contacts/{me['id']}",
        json={"name": "x", "mobile": "13012345678"},
        headers={"If-Match": me["etag"]},
    )
    assert edit.status_code == 422 and edit.json()["type"] == "/problems/locked"
    gone = session.delete(f"/v1/contacts/{me['id']}", headers={"If-Match": me["etag"]})
    assert gone.status_code == 422 and gone.json()["type"] == "/problems/locked"
    other = create_contact(session)
    primary = session.post(f"/v1/contacts/{other['id']}/primary")
    assert primary.status_code == 200 and primary.json()["primary"] is True
    assert account_contact(session)["primary"] is False
    locked = session.delete(
        f"/v1/contacts/{other['id']}", headers={"If-Match": primary.json()["etag"]}
    )
    assert locked.status_code == 422


def test_deleting_a_contact_updates_groups_and_falls_back_to_the_account_contact(server):
    session = server.create_account()
    me = account_contact(session)
    contact = create_contact(session)
    group = create_group(session, members=[contact["id"], me["id"]])
    etag = session.get("/v1/settings/security.ddos").headers["ETag"]
    session.put(
        "/v1/settings/security.ddos",
        json={
            "channels": {"email": True, "sms": True},
            "recipients": {"contacts": [contact["id"]], "groups": []},
        },
        headers={"If-Match": etag},
    )
    current = session.get(f"/v1/contacts/{contact['id']}").json()
    assert current["groups"] == [group["id"]]
    assert session.delete(f"/v1/contacts/{contact['id']}").status_code == 428
    assert (
        session.delete(f"/v1/contacts/{contact['id']}", headers={"If-Match": '"1"'}).status_code
        == 412
    )
    assert (
        session.delete(
            f"/v1/contacts/{contact['id']}", headers={"If-Match": current["etag"]}
        ).status_code
        == 204
    )
    assert session.get(f"/v1/contacts/{contact['id']}").status_code == 404
    assert session.get(f"/v1/groups/{group['id']}").json()["members"] == [me["id"]]
    ddos = session.get("/v1/settings/security.ddos").json()
    assert ddos["recipients"] == {"contacts": [me["id"]], "groups": []}


# -- groups --------------------------------------------------------------------------------------


def test_groups_create_rename_members_delete(server):
    session = server.create_account()
    me = account_contact(session)
    group = create_group(session, "值班", [me["id"]])
    assert group["members"] == [me["id"]]
    assert account_contact(session)["groups"] == [group["id"]]
    renamed = session.put(
        f"/v1/groups/{group['id']}",
        json={"name": "On call", "members": []},
        headers={"If-Match": group["etag"]},
    )
    assert renamed.status_code == 200 and renamed.json()["name"] == "On call"
    assert account_contact(session)["groups"] == []
    duplicate = session.put(
        f"/v1/groups/{new_id()}",
        json={"name": "On call", "members": []},
        headers={"If-None-Match": "*"},
    )
    assert duplicate.status_code == 409 and duplicate.json()["type"] == "/problems/conflict"
    ghost = session.put(
        f"/v1/groups/{new_id()}",
        json={"name": "G", "members": ["ghost"]},
        headers={"If-None-Match": "*"},
    )
    assert ghost.status_code == 422
    etag = renamed.json()["etag"]
    assert session.delete(f"/v1/groups/{group['id']}").status_code == 428
    assert (
        session.delete(f"/v1/groups/{group['id']}", headers={"If-Match": etag}).status_code == 204
    )
    assert (
        session.delete(f"/v1/groups/{group['id']}", headers={"If-Match": etag}).status_code == 404
    )


def test_group_limit_is_12(server):
    session = server.create_account()
    for n in range(12):
        create_group(session, f"g{n}")
    reply = session.put(
        f"/v1/groups/{new_id()}",
        json={"name": "g13", "members": []},
        headers={"If-None-Match": "*"},
    )
    assert reply.status_code == 409
    assert reply.json()["type"] == "/problems/limit-exceeded"


def test_deleting_a_group_falls_back_to_the_account_contact(server):
    session = server.create_account()
    me = account_contact(session)
    group = create_group(session, members=[me["id"]])
    etag = session.get("/v1/settings/product.expiry").headers["ETag"]
    session.put(
        "/v1/settings/product.expiry",
        json={
            "channels": {"email": True, "sms": True},
            "recipients": {"contacts": [], "groups": [group["id"]]},
        },
        headers={"If-Match": etag},
    )
    session.delete(f"/v1/groups/{group['id']}", headers={"If-Match": group["etag"]})
    expiry = session.get("/v1/settings/product.expiry").json()
    assert expiry["recipients"] == {"contacts": [me["id"]], "groups": []}


def test_racing_writers_never_lose_an_update(server):
    """Two writers with the same If-Match: exactly one wins, the other gets 412."""
    session = server.create_account()
    contact = create_contact(session)
    results = []

    def write(name):
        other = type(session)(session.base_url, session.token, session.name)
        reply = other.put(
            f"/v1/contacts/{contact['id']}",
            json={"name": name, "mobile": "13012345158"},
            headers={"If-Match": contact["etag"]},
        )
        results.append(reply.status_code)

    threads = [threading.Thread(target=write, args=(f"writer{n}",)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200] + [412] * 7


# -- idempotency ---------------------------------------------------------------------------------


def test_idempotency_key_replays_the_first_response(server):
    session = server.create_account()
    messages = [server.publish(session.name) for _ in range(2)]
    key = {"Idempotency-Key": "k-" + new_id()}
    body = {"ids": [messages[0]["id"]], "read": True}
    first = session.post("/v1/messages/read", json=body, headers=key)
    again = session.post("/v1/messages/read", json=body, headers=key)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    reused = session.post(
        "/v1/messages/read", json={"ids": [messages[1]["id"]], "read": True}, headers=key
    )
    assert reused.status_code == 422
    assert reused.json()["type"] == "/problems/idempotency-key-reused"
    too_long = session.post("/v1/messages/read", json=body, headers={"Idempotency-Key": "x" * 256})
    assert too_long.status_code == 400


def test_an_idempotent_put_retried_after_success_is_not_a_conflict(server):
    session = server.create_account()
    contact = create_contact(session)
    headers = {"If-Match": contact["etag"], "Idempotency-Key": new_id()}
    body = {"name": "New", "mobile": "13012345158"}
    first = session.put(f"/v1/contacts/{contact['id']}", json=body, headers=headers)
    retry = session.put(f"/v1/contacts/{contact['id']}", json=body, headers=headers)
    assert first.status_code == retry.status_code == 200
    assert retry.json() == first.json()
    assert retry.headers["ETag"] == first.headers["ETag"]


def test_idempotency_keys_are_per_account(server):
    alice, bob = server.create_account(), server.create_account()
    key = {"Idempotency-Key": "same-key"}
    a = server.publish(alice.name)
    b = server.publish(bob.name)
    assert alice.post(
        "/v1/messages/read", json={"ids": [a["id"]], "read": True}, headers=key
    ).json()["updated"] == [a["id"]]
    assert bob.post("/v1/messages/read", json={"ids": [b["id"]], "read": True}, headers=key).json()[
        "updated"
    ] == [b["id"]]


# -- isolation -----------------------------------------------------------------------------------


def test_one_account_never_sees_another_accounts_data(server):
    alice, mallory = server.create_account(), server.create_account()
    message = server.publish(alice.name)
    contact = create_contact(alice)
    group = create_group(alice, members=[contact["id"]])
    paths = [
        f"/v1/messages/{message['id']}",
        f"/v1/contacts/{contact['id']}",
        f"/v1/groups/{group['id']}",
    ]
    for path in paths:
        assert mallory.get(path).status_code == 404
        assert mallory.get(path).json() == mallory.get(path + "-missing").json() | {
            "detail": mallory.get(path).json()["detail"]
        }
    assert mallory.post(
        "/v1/messages/read", json={"ids": [message["id"]], "read": True}
    ).json() == {"updated": [], "not_found": [message["id"]]}
    assert mallory.post("/v1/messages/delete", json={"ids": [message["id"]]}).json()[
        "not_found"
    ] == [message["id"]]
    for verb, path, body in [
        ("put", f"/v1/contacts/{contact['id']}", {"name": "x", "mobile": "13012345158"}),
        ("put", f"/v1/groups/{group['id']}", {"name": "x", "members": []}),
    ]:
        reply = getattr(mallory, verb)(path, json=body, headers={"If-Match": contact["etag"]})
        assert reply.status_code == 404
    assert (
        mallory.delete(
            f"/v1/contacts/{contact['id']}", headers={"If-Match": contact["etag"]}
        ).status_code
        == 404
    )
    assert mallory.post(f"/v1/contacts/{contact['id']}/primary").status_code == 404
    mine = create_contact(mallory)
    etag = mallory.get("/v1/settings/security.ddos").headers["ETag"]
    borrowed = mallory.put(
        "/v1/settings/security.ddos",
        json={
            "channels": {"email": True, "sms": True},
            "recipients": {"contacts": [contact["id"]], "groups": []},
        },
        headers={"If-Match": etag},
    )
    assert borrowed.status_code == 422
    assert (
        mallory.put(
            f"/v1/groups/{new_id()}",
            json={"name": "g", "members": [contact["id"]]},
            headers={"If-None-Match": "*"},
        ).status_code
        == 422
    )
    ids = set()
    cursor = None
    while True:
        page = mallory.get("/v1/changes", params={"cursor": cursor} if cursor else {}).json()
        ids |= {c["id"] for c in page["changes"]}
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    assert not ids & {message["id"], contact["id"], group["id"]}
    assert mine["id"] in ids
    assert mallory.get("/v1/categories").json()["total_unread"] == 0


def test_admin_api_needs_the_admin_token(server):
    session = server.create_account()
    assert (
        session.post("/v1/admin/accounts", json={"name": "x", "password": "y"}).status_code == 401
    )
    dup = server.admin("POST", "/v1/admin/accounts", json={"name": session.name, "password": "p"})
    assert dup.status_code == 409


# -- coded field errors ----------------------------------------------------------------------------


def field_errors(reply) -> dict[str, dict]:
    assert reply.status_code == 422, reply.text
    return {e["field"]: e for e in reply.json()["errors"]}


def test_each_rule_comes_back_with_its_english_message_and_its_code(server):
    session = server.create_account()

    def put_contact(body: dict) -> dict[str, dict]:
        path = f"/v1/contacts/{new_id()}"
        return field_errors(session.put(path, json=body, headers={"If-None-Match": "*"}))

    found = put_contact({"name": "x" * 33, "mobile": "12345", "email": "not-an-email"})
    assert found == {
        "name": {
            "field": "name",
            "message": "must be at most 32 characters",
            "code": "too_long",
            "limit": 32,
        },
        "mobile": {
            "field": "mobile",
            "message": "must be 11 digits starting with 1, or + followed by 8 to 15 digits",
            "code": "bad_mobile",
        },
        "email": {
            "field": "email",
            "message": "must be a valid email address",
            "code": "bad_email",
        },
    }
    assert put_contact({"name": " ", "mobile": "13012345158"})["name"]["code"] == "required"
    control = put_contact({"name": "a\x07b", "mobile": "13012345158"})["name"]
    assert (control["code"], control["message"]) == (
        "control_characters",
        "must not contain control characters",
    )
    # pydantic's own checks of a body say the same with the same codes.
    assert put_contact({"name": "ok"})["mobile"] == {
        "field": "mobile",
        "message": "is required",
        "code": "required",
    }
    assert put_contact({"name": "x" * 201, "mobile": "13012345158"})["name"] == {
        "field": "name",
        "message": "must be at most 200 characters",
        "code": "too_long",
        "limit": 200,
    }
    assert put_contact({"name": 7, "mobile": "13012345158"})["name"]["code"] == "not_text"
    # A check without a code keeps pydantic's words.
    unknown = put_contact({"name": "ok", "mobile": "13012345158", "nickname": "x"})["nickname"]
    assert "code" not in unknown and unknown["message"]

    me = account_contact(session)
    group = create_group(session, members=[me["id"]])
    etag = session.get("/v1/settings/security.ddos").headers["ETag"]
    for recipients, code in (
        ({"contacts": [], "groups": []}, "no_recipients"),
        ({"contacts": [me["id"]], "groups": [group["id"]]}, "contacts_and_groups"),
    ):
        reply = session.put(
            "/v1/settings/security.ddos",
            json={"channels": {"email": True, "sms": True}, "recipients": recipients},
            headers={"If-Match": etag},
        )
        assert field_errors(reply)["recipients"]["code"] == code

    path = f"/v1/contacts/{me['id']}/verification/confirm"
    digits = session.post(path, json={"channel": "mobile", "code": "12"})
    assert field_errors(digits)["code"] == {
        "field": "code",
        "message": "must be 6 digits",
        "code": "bad_code",
        "digits": 6,
    }
    wrong = session.post(path, json={"channel": "mobile", "code": "123456"})  # none was sent
    assert field_errors(wrong)["code"] == {
        "field": "code",
        "message": "wrong or expired code",
        "code": "wrong_code",
    }


def test_the_openapi_schema_documents_the_code_and_its_parameters(server):
    schema = requests.get(server.url + "/openapi.json", timeout=10).json()
    field_error = schema["components"]["schemas"]["FieldErrorOut"]
    assert field_error["required"] == ["field", "message"]
    assert set(field_error["properties"]) == {"field", "message", "code", "limit", "digits"}
    described = field_error["properties"]["code"]["description"]
    for code in (*rules.MESSAGES, "wrong_code"):
        assert code in described
