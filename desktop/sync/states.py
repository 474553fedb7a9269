"""Connection states, as the status bar shows them, and notices: what the engine, the keyring and
the outbox say, as a code and its parameters that the views put into the user's words
(`desktop.views.wording`); the server's errors among them. A module of its own: importing the
engine costs start-up time the window does not need.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from desktop.api import errors


class ConnectionState(StrEnum):
    """What the status bar says of the connection to the server.

    Sent to the views through Qt signals as text (the value): what a view receives is a plain
    `str`, equal to the member, so it compares with (and looks up by) the members as they are.
    """

    ONLINE = "online"
    OFFLINE = "offline"
    SYNCING = "syncing"
    SIGNED_OUT = "signed_out"


class FollowMode(StrEnum):
    """How the engine hears of new changes: the event stream, or long polls while it fails."""

    EVENTS = "events"
    POLLING = "polling"


def notice(code: str, **params: Any) -> str:
    """A notice as text, to pass through signals and store in the cache: `{"code": …, …}`."""
    # ASCII: a lone surrogate from a hostile reply is escaped, so the cache can always store it.
    return json.dumps({"code": code, **params}, separators=(",", ":"))


def read_notice(text: str | None) -> dict[str, Any] | None:
    """The code and parameters of a notice; None for any other text (the server's words, or a
    reason stored in English by an older version), which is shown as it is."""
    if not text or not text.startswith('{"code":'):
        return None
    try:
        found = json.loads(text)
    except ValueError:
        return None
    return found if isinstance(found, dict) and isinstance(found.get("code"), str) else None


def describe(error: errors.ApiError) -> str:
    """The server's refusal as a notice: its words, and its field errors (with their codes when
    it sends them, for the views to say in the user's words)."""
    fields = error.errors if isinstance(error, errors.ValidationFailed) else []
    return notice("refused", detail=error.message, errors=fields)


def offline_reason(error: errors.ApiError, server: str) -> str:
    """Why the server cannot be used now, as a notice."""
    if isinstance(error, errors.Offline):
        return notice("offline", why=error.why, server=server)
    if isinstance(error, errors.RateLimited):
        return notice("busy", seconds=round(error.retry_after))
    if isinstance(error, errors.ServerError):
        return notice("server_error", status=error.status)
    if isinstance(error, errors.BadResponse):
        return notice("bad_response")  # the details are in the log
    return describe(error)
