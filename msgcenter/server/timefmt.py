"""Times on the wire: RFC 3339 in UTC with `Z`, millisecond precision.

Stored as integer milliseconds since the epoch so that ordering and `up_to` comparisons are exact:
a client that sends back a `created_at` it received selects exactly that message.
"""

from __future__ import annotations

import time
from datetime import datetime


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def format_ms(ms: int) -> str:
    # time.gmtime is several times faster than datetime here, and the change feed formats a lot.
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + f".{ms % 1000:03d}Z"


def parse_rfc3339(value: str) -> int:
    """Milliseconds since the epoch; ValueError for anything but an RFC 3339 time with offset."""
    if not isinstance(value, str) or "T" not in value.upper():
        raise ValueError("not an RFC 3339 time")
    text = value.strip()
    if text[-1] in "zZ":
        text = text[:-1] + "+00:00"
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("an RFC 3339 time needs Z or an offset")
    micros = int(moment.timestamp() * 1_000_000)
    return micros // 1000
