"""Reading a reply's body with bounds: at most so many bytes, within so much time.

`requests` reads whatever a server sends, for as long as it keeps sending. Every body the client
reads goes through :func:`read_reply` instead: past `cap` bytes it stops and raises
:class:`ReplyTooLarge`; past the deadline (a server that trickles a byte at a time) it stops and
raises :class:`Offline`. Either way the connection is closed, not returned to the pool.

The deadline holds however the bytes come: the body is read with short reads (whatever has
arrived, up to a chunk), the deadline checked after each, and the socket's timeout shortened to
the time left, so that neither a full chunk awaited nor a byte every few seconds (each one
resetting the read timeout) carries a read past it.
"""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass

import requests
from urllib3.exceptions import HTTPError

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


def read_reply(
    response: requests.Response, cap: int, seconds: float, deadline: float | None = None
) -> Reply:
    """The body of a streamed `response`, at most `cap` bytes, read within `seconds` (or by
    `deadline`, a `time.monotonic()` that `seconds` describes)."""
    if deadline is None:
        deadline = time.monotonic() + seconds
    declared = response.headers.get("Content-Length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > cap:
        response.close()
        raise ReplyTooLarge(f"the server's reply is larger than {cap // 1024 // 1024} MiB")
    parts: list[bytes] = []
    size = 0
    sock = socket_of(response)
    late = f"the server's reply took more than {seconds:.0f} s"
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Offline(late)
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.settimeout(min(left, sock.gettimeout() or left))
            try:
                chunk = response.raw.read1(CHUNK, decode_content=True)
            except (HTTPError, OSError) as error:
                if time.monotonic() >= deadline:
                    raise Offline(late) from error
                raise Offline(f"the server's reply broke off: {type(error).__name__}") from error
            if not chunk:
                break
            size += len(chunk)
            if size > cap:
                raise ReplyTooLarge(f"the server's reply is larger than {cap // 1024 // 1024} MiB")
            parts.append(chunk)
    except requests.RequestException as error:
        raise Offline(f"the server's reply broke off: {type(error).__name__}") from error
    finally:
        response.close()
    return Reply(response.status_code, response.headers, b"".join(parts))


def socket_of(response: requests.Response) -> socket.socket | None:
    """The socket under a streaming response: urllib3's connection while it keeps one, else
    http.client's (a response that closes the connection at its end is detached from urllib3's
    pool at once)."""
    sock = getattr(getattr(response.raw, "connection", None), "sock", None)
    if sock is None:
        reader = getattr(getattr(response.raw, "_fp", None), "fp", None)
        sock = getattr(getattr(reader, "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None
