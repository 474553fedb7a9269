"""The change page's quick check of message upserts: the same verdict as the full check, always."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.api import errors, wire
from tests import hostile_server as hostile


def full_check(change: Any) -> dict[str, Any] | None:
    try:
        return wire.check_change(change, "changes[0]")
    except errors.BadResponse:
        return None


def test_a_plain_message_upsert_takes_the_quick_path_with_the_full_checks_result():
    change = hostile.change(1, "message", hostile.message(1, title="标题 \u202e", read=True))
    assert wire._plain_message_upsert(change) == full_check(change) is not None


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"title": "a\ud800b"}, "changes[0].data.title is not valid Unicode"),
        ({"body": "\udfff"}, "changes[0].data.body is not valid Unicode"),
        ({"title": "x" * 1001}, "changes[0].data.title is not 0 to 1000 characters long"),
        ({"created_at": "2026-02-30T00:00:00Z"}, "changes[0].data.created_at is not an RFC 3339"),
        ({"created_at": "2026-11-28T08:23:15+08:00"}, None),  # an offset: the full check's
        ({"type": "security.ddos"}, "changes[0].data.type does not belong to its category"),
        ({"category": "zzz", "type": "zzz.new"}, None),  # a newer server's: under "other"
        ({"read": 1}, "changes[0].data.read is not true or false"),
        ({"id": "m-2"}, "changes[0].data.id differs from the id asked for"),
    ],
)
def test_what_the_quick_path_does_not_take_the_full_check_names(fields, named):
    change = hostile.change(1, "message", hostile.message(1))
    change["data"].update(fields)
    assert wire._plain_message_upsert(change) is None
    if named is None:
        assert wire.check_changes_page(hostile.page([change]), 10)["changes"][0]["data"]
    else:
        with pytest.raises(errors.BadResponse, match=re.escape(named)):
            wire.check_changes_page(hostile.page([change]), 10)


@st.composite
def message_changes(draw: st.DrawFn) -> Any:
    data = draw(st.one_of(st.just(hostile.message(1)), hostile.mutated(hostile.message(1))))
    built = hostile.change(1, "message", data)
    return draw(st.one_of(st.just(built), hostile.mutated(built)))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.data_too_large])
@given(message_changes())
def test_the_quick_path_accepts_only_what_the_full_check_accepts_and_returns_the_same(change):
    quick = wire._plain_message_upsert(change)
    assert quick is None or quick == full_check(change)
