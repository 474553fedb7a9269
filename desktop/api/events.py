"""The `/v1/events` stream: a small Server-Sent Events parser and a reader with a heartbeat timeout.

The server sends a `: ping` comment at least every 15 s. The reader's socket read timeout is three
of those periods, so a stream that silently stalls raises :class:`Offline` and the sync engine
reconnects with `Last-Event-ID` and catches up.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from dataclasses import dataclass

import requests

from desktop.api.errors import Offline, raise_for_reply


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
            self._data.append(value)
        elif field == "event":
            self._event = value
        elif field == "id" and "\0" not in value:
            self.last_event_id = value
        elif field == "retry" and value.isdigit():
            self.retry_ms = int(value)
        return None

    def _dispatch(self) -> ServerEvent | None:
        if not self._data:
            self._event = ""
            return None
        event = ServerEvent(self._event or "message", "\n".join(self._data), self.last_event_id)
        self._data, self._event = [], ""
        return event


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

    def open(self) -> requests.Response:
        """Connect; raises the typed error for a non-200 answer."""
        headers = {"Accept": "text/event-stream", "Cache-Control": "no-store"}
        if self._last_event_id:
            headers["Last-Event-ID"] = self._last_event_id
        try:
            response = self._session.get(
                self._url, headers=headers, stream=True, timeout=self._timeouts
            )
        except requests.RequestException as error:
            raise Offline(f"cannot open the event stream: {type(error).__name__}") from error
        if response.status_code != 200:
            with response:
                raise_for_reply(response)
        self._response = response
        # Kept now: urllib3 may let go of its connection object once the body is being read.
        self._sock = _socket_of(response)
        return response

    def __iter__(self) -> Iterator[ServerEvent]:
        response = self._response or self.open()
        parser = SSEParser()
        try:
            for line in response.iter_lines(chunk_size=None, decode_unicode=True):
                event = parser.feed(line)
                if event is not None:
                    yield event
        except (requests.RequestException, AttributeError, ValueError) as error:
            # AttributeError/ValueError: the response was closed under the reader by close().
            if self._closed:
                return
            raise Offline("the event stream broke or went silent") from error
        if not self._closed:
            raise Offline("the server closed the event stream")

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


def _socket_of(response: requests.Response) -> socket.socket | None:
    """The socket under a streaming response: urllib3's connection while it keeps one, else
    http.client's (a response that closes the connection at its end is detached from urllib3's
    pool at once)."""
    sock = getattr(getattr(response.raw, "connection", None), "sock", None)
    if sock is None:
        reader = getattr(getattr(response.raw, "_fp", None), "fp", None)
        sock = getattr(getattr(reader, "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None
