"""Reading a reply's body with bounds: at most so many bytes, within so much time.

`requests` reads whatever a server sends, for as long as it keeps sending. Every body the client
reads goes through :func:`read_reply` instead: past `cap` bytes it stops and raises
:class:`ReplyTooLarge`; past the deadline (a server that trickles a byte at a time) it stops and
raises :class:`Offline`. Either way the connection is closed, not returned to the pool.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

import requests

from desktop.api.errors import Offline, ReplyTooLarge

# The biggest legitimate reply is a change page. One change is at most ~6 MB (a 1,000,000-character
# body, every character escaped as \uXXXX, and a 1,000-character title); the engine asks for fewer
# changes per page when a page is larger than this, down to one.
REPLY_CAP_BYTES = 16 * 1024 * 1024
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Reply:
    """A reply read whole: status, headers and (bounded) body."""

    status_code: int
    headers: Mapping[str, str]
    content: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()


def read_reply(response: requests.Response, cap: int, seconds: float) -> Reply:
    """The body of a streamed `response`, at most `cap` bytes, read within `seconds`."""
    deadline = time.monotonic() + seconds
    declared = response.headers.get("Content-Length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > cap:
        response.close()
        raise ReplyTooLarge(f"the server's reply is larger than {cap // 1024 // 1024} MiB")
    parts: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(CHUNK):
            size += len(chunk)
            if size > cap:
                raise ReplyTooLarge(f"the server's reply is larger than {cap // 1024 // 1024} MiB")
            if time.monotonic() > deadline:
                raise Offline(f"the server's reply took more than {seconds:.0f} s")
            parts.append(chunk)
    except requests.RequestException as error:
        raise Offline(f"the server's reply broke off: {type(error).__name__}") from error
    finally:
        response.close()
    return Reply(response.status_code, response.headers, b"".join(parts))
