"""What the client stores and passes on is a code with parameters, never an English sentence."""

from __future__ import annotations

import requests

from desktop.api import errors
from desktop.sync import states
from desktop.sync.states import notice, read_notice


def offline(cause: Exception | None, refused: bool = False) -> errors.Offline:
    try:
        try:
            if cause is not None:
                raise cause
            raise errors.Offline("the client is closed", refused)
        except requests.RequestException as error:
            raise errors.Offline("cannot reach …", refused) from error
    except errors.Offline as error:
        return error


def test_why_the_server_cannot_be_reached_is_a_code_never_a_class_name():
    assert offline(requests.exceptions.ConnectTimeout()).why == "no_answer"
    assert offline(requests.exceptions.SSLError()).why == "certificate"
    assert offline(requests.exceptions.ConnectionError(), refused=True).why == "refused"
    assert offline(requests.exceptions.ConnectionError()).why == "no_connection"
    assert offline(requests.exceptions.ReadTimeout()).why == "timed_out"
    assert offline(requests.exceptions.ChunkedEncodingError()).why == "connection_lost"
    assert offline(None).why == "connection_lost"
    assert errors.Offline("x", code="closed").why == "closed"
    reason = read_notice(states.offline_reason(offline(requests.exceptions.ConnectTimeout()), "S"))
    assert reason == {"code": "offline", "why": "no_answer", "server": "S"}


def test_a_refusal_keeps_the_servers_codes_and_their_numbers_when_it_sends_them():
    body = (
        b'{"type": "/problems/validation", "detail": "name must be at most 32 characters",'
        b' "errors": [{"field": "name", "message": "must be at most 32 characters",'
        b' "code": "too_long", "limit": 32, "extra": "x"},'
        b' {"field": "email", "message": "taken", "limit": "many"}]}'
    )
    try:
        errors.raise_for_reply(422, {}, body)
    except errors.ValidationFailed as error:
        refused = read_notice(states.describe(error))
    assert refused == {
        "code": "refused",
        "detail": "name must be at most 32 characters",
        "errors": [
            {
                "field": "name",
                "message": "must be at most 32 characters",
                "code": "too_long",
                "limit": 32,
            },
            {"field": "email", "message": "taken", "code": ""},
        ],
    }


def test_notices_round_trip_and_other_text_is_not_one():
    text = notice("both_changed", kind="contact", fields=["name", "email"])
    assert read_notice(text) == {
        "code": "both_changed",
        "kind": "contact",
        "fields": ["name", "email"],
    }
    for other in ("Changed on both sides: name.", '{"code": 1}', '{"code":', "", None, "{}"):
        assert read_notice(other) is None
