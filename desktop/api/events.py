"""The `/v1/events` stream: a small Server-Sent Events parser and a reader with a heartbeat timeout.

The server sends a `: ping` comment at least every 15 s. The reader's socket read timeout is three
of those periods, so a stream that silently stalls raises :class:`Offline` and the sync engine
reconnects with `Last-Event-ID` and catches up.

Reading is bounded: a line longer than :data:`LINE_MAX` without its line break, or an event whose
data grows past :data:`EVENT_MAX`, ends the stream with :class:`BadResponse` (the engine
reconnects) rather than buffering whatever the server sends; so does a stream that sends more
bytes or lines a minute than any server needs (:data:`BYTES_PER_MINUTE`, :data:`LINES_PER_MINUTE`),
rather than keeping a core busy parsing them.
"""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass

import requests
from urllib3.exceptions import HTTPError

from desktop.api.errors import BadResponse, Offline, raise_for_reply, server_words
from desktop.api.reply import read_reply, socket_of

LINE_MAX = 1024 * 1024  # one line of the stream, without its line break
EVENT_MAX = 1024 * 1024  # the data of one event (a hint of about 100 bytes in practice)
READ_SIZE = 64 * 1024
# What one connection may send in a minute. The server sends a ping every 15 s and a hint of 4
# lines per change, 140 bytes with a UUID and up to 180 with a 64-character id; a burst of 100,000
# changes stays below these. Past them the stream is dropped (BadResponse), and the engine
# reconnects later, waiting longer each time. Reading what they allow costs about a second of a
# core a minute.
BYTES_PER_MINUTE = 24 * 1024 * 1024
LINES_PER_MINUTE = 500_000
PROBLEM_CAP = 64 * 1024  # the problem body of a stream that did not open


@dataclass(frozen=True)
class ServerEvent:
    event: str
    data: str
    id: str | None


class SSEParser:
    """Feeds on lines, dispatches on blank lines (WHATWG HTML, "Interpreting an event stream")."""

    def __init__(self) -> None:
        self.last_event_id: str | None = None
        self.retry_ms: int | None = None
        self._data: list[str] = []
        self._size = 0
        self._event = ""

    def feed(self, line: str) -> ServerEvent | None:
        if line == "":
            return self._dispatch()
        if line.startswith(":"):
            return None  # a comment: the heartbeat
        field, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if field == "data":
            self._size += len(value) + 1
            if self._size > EVENT_MAX:
                raise BadResponse("the event stream sent an event over 1 MiB")
            self._data.append(value)
        elif field == "event":
            self._event = value
        elif field == "id" and "\0" not in value:
            self.last_event_id = value
        elif field == "retry" and value.isascii() and value.isdigit():
            self.retry_ms = int(value)
        return None

    def _dispatch(self) -> ServerEvent | None:
        if not self._data:
            self._event = ""
            return None
        event = ServerEvent(self._event or "message", "\n".join(self._data), self.last_event_id)
        self._data, self._size, self._event = [], 0, ""
        return event


class LineSplitter:
    """Bytes in, lines out (LF, CRLF or CR ends a line, as the SSE format says), never buffering
    more than :data:`LINE_MAX` bytes of an unfinished line."""

    def __init__(self, line_max: int = LINE_MAX) -> None:
        self.line_max = line_max
        self._pending = bytearray()
        self._after_cr = False  # a CR ended the last line: a LF right after it belongs to it

    def feed(self, data: bytes) -> list[str]:
        if self._after_cr and data.startswith(b"\n"):
            data = data[1:]
        self._after_cr = False
        self._pending += data
        lines = self._pending.splitlines(keepends=True)
        unfinished = lines and not lines[-1].endswith((b"\n", b"\r"))
        rest = lines.pop() if unfinished else b""
        if lines:
            self._after_cr = lines[-1].endswith(b"\r")
        if len(rest) > self.line_max or any(len(x) > self.line_max + 2 for x in lines):
            raise BadResponse("the event stream sent a line over 1 MiB without a line break")
        self._pending = bytearray(rest)
        return [line.rstrip(b"\r\n").decode("utf-8", "replace") for line in lines]


class StreamBudget:
    """Counts what a stream sends per minute; raises BadResponse past the bounds."""

    def __init__(self) -> None:
        self._window_end = time.monotonic() + 60.0
        self._bytes = self._lines = 0

    def spend(self, size: int, lines: int) -> None:
        now = time.monotonic()
        if now >= self._window_end:
            self._window_end, self._bytes, self._lines = now + 60.0, 0, 0
        self._bytes += size
        self._lines += lines
        if self._bytes > BYTES_PER_MINUTE or self._lines > LINES_PER_MINUTE:
            raise BadResponse("the event stream sent far more than it needs to in a minute")


class EventStream:
    """One connection to `/v1/events`; iterate for events, `close()` from any thread to stop."""

    def __init__(
        self,
        session: requests.Session,
        url: str,
        last_event_id: str | None,
        connect_timeout: float,
        heartbeat_timeout: float,
    ) -> None:
        self._session = session
        self._url = url
        self._last_event_id = last_event_id
        self._timeouts = (connect_timeout, heartbeat_timeout)
        self._response: requests.Response | None = None
        self._sock: socket.socket | None = None
        self._closed = False
        self.last_data = 0.0  # when the body last sent bytes (time.monotonic()), pings included

    def open(self) -> requests.Response:
        """Connect; raises the typed error for a non-200 answer."""
        # Identity: the stream is read as it comes (a compressed one would stall in the decoder,
        # and its bytes are not what the line bounds below count).
        headers = {
            "Accept": "text/event-stream",
            "Accept-Encoding": "identity",
            "Cache-Control": "no-store",
        }
        if self._last_event_id:
            headers["Last-Event-ID"] = self._last_event_id
        try:
            response = self._session.get(
                self._url, headers=headers, stream=True, timeout=self._timeouts
            )
        except requests.RequestException as error:
            raise Offline(f"cannot open the event stream: {type(error).__name__}") from error
        if response.status_code != 200:
            reply = read_reply(response, PROBLEM_CAP, self._timeouts[1])
            raise_for_reply(reply.status_code, reply.headers, reply.content)
        kind = response.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if kind != "text/event-stream":
            response.close()
            raise BadResponse("the event stream's reply is not text/event-stream")
        encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
        if encoding not in ("", "identity"):
            response.close()
            raise BadResponse(
                "the event stream came compressed, though it was asked for uncompressed "
                f"({server_words(encoding, 40)})"
            )
        self._response = response
        # Kept now: urllib3 may let go of its connection object once the body is being read.
        self._sock = socket_of(response)
        return response

    def __iter__(self) -> Iterator[ServerEvent]:
        for batch in self.batches():
            yield from batch

    def batches(self) -> Iterator[list[ServerEvent]]:
        """The events completed by each read, in order: what the server sent together (a burst
        of changes comes as hundreds of events a read)."""
        response = self._response or self.open()
        parser, lines, budget = SSEParser(), LineSplitter(), StreamBudget()
        while True:
            data = self._read(response)
            if not data:
                break
            found = lines.feed(data)
            budget.spend(len(data), len(found))
            batch = [event for event in map(parser.feed, found) if event is not None]
            if batch:
                yield batch
        if not self._closed:
            raise Offline("the server closed the event stream")

    def _read(self, response: requests.Response) -> bytes:
        """What has come, up to READ_SIZE bytes; b"" at the end or once closed."""
        try:
            data = response.raw.read1(READ_SIZE)
        except (HTTPError, requests.RequestException, OSError, AttributeError, ValueError) as error:
            # AttributeError/ValueError/OSError: the response was closed under the reader.
            if self._closed:
                return b""
            raise Offline("the event stream broke or went silent") from error
        if data:
            self.last_data = time.monotonic()
        return data

    def close(self) -> None:
        """Stop the stream, from any thread.

        The socket is shut down rather than the response closed: closing a response that another
        thread is reading waits for that read (up to the heartbeat timeout); a shutdown makes
        the read return at once, and the reading thread then closes the response itself.
        """
        self._closed = True
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.shutdown(socket.SHUT_RDWR)
        elif self._response is not None:
            self._response.close()

    def release(self) -> None:
        """Close the response; called by the thread that read it."""
        if self._response is not None:
            self._response.close()
