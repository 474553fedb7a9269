"""Connection states, as the status bar shows them, and notices: what the engine, the keyring and
the outbox say, as a code and its parameters that the views put into the user's words
(`desktop.views.wording`). A module of its own: importing the engine costs start-up time the
window does not need.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

# Connection states: sent to the views through Qt signals as text.
ONLINE, OFFLINE, SYNCING, SIGNED_OUT = "online", "offline", "syncing", "signed_out"


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
