"""Running the server: in the foreground (the CLI) or on a thread (the client's demo, tests)."""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import socket
import threading
from collections.abc import Callable
from typing import Any

import h11
import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.h11_impl import H11Protocol

from msgcenter.server.app import create_app
from msgcenter.server.config import ServerConfig
from msgcenter.server.store import Store

# Request headers larger than this get 400 (h11's default, stated here because it is a limit).
MAX_HEADER_BYTES = 16 * 1024


class HeaderDeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol, plus a deadline for the request headers.

    uvicorn times out only a keep-alive connection idle after a response; a client that connects
    and sends half its headers would hold the connection forever. Here every request's headers
    must be complete within `header_timeout` seconds of the connection (or of the request's first
    byte on a kept-alive connection), or the connection is closed.
    """

    def __init__(self, *args: Any, header_timeout: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_timeout = header_timeout
        self._header_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        self._arm_header_deadline()

    def data_received(self, data: bytes) -> None:
        if self._header_deadline is None and self._awaiting_headers():
            self._arm_header_deadline()
        super().data_received(data)
        if not self._awaiting_headers():
            self._disarm_header_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_deadline()
        super().connection_lost(exc)

    def _awaiting_headers(self) -> bool:
        return self.conn.their_state is h11.IDLE

    def _arm_header_deadline(self) -> None:
        self._header_deadline = self.loop.call_later(self.header_timeout, self._on_header_deadline)

    def _disarm_header_deadline(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _on_header_deadline(self) -> None:
        self._header_deadline = None
        if self._awaiting_headers() and not self.transport.is_closing():
            self.transport.close()


def bind(host: str, port: int) -> socket.socket:
    """A listening socket; port 0 picks a free one (read it back from the socket)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted sockets inherit this. Without it, a keep-alive client waits ~40 ms per request:
    # the response goes out in two writes and Nagle holds the second for a delayed ACK.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(512)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class AnnouncingServer(uvicorn.Server):
    """uvicorn's server, calling `on_started` once it answers: the app's start-up (the store,
    the listener for other servers' changes) has run and its sockets accept."""

    def __init__(self, config: uvicorn.Config, on_started: Callable[[], None] | None) -> None:
        super().__init__(config)
        self.on_started = on_started

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started and self.on_started is not None:
            self.on_started()


def uvicorn_server(
    config: ServerConfig, app: FastAPI | None = None, on_started: Callable[[], None] | None = None
) -> uvicorn.Server:
    app = app or create_app(config)
    protocol = functools.partial(HeaderDeadlineProtocol, header_timeout=config.header_timeout)
    return AnnouncingServer(
        uvicorn.Config(
            app,
            # uvicorn calls `http` as a protocol factory; its stubs ask for a class.
            http=protocol,  # type: ignore[arg-type]
            h11_max_incomplete_event_size=MAX_HEADER_BYTES,
            timeout_keep_alive=config.keep_alive_timeout,  # type: ignore[arg-type]
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=2,
            lifespan="on",
        ),
        on_started,
    )


class ServerThread:
    """The server on a daemon thread with its own event loop: `start()`, `url`, `stop()`."""

    def __init__(self, config: ServerConfig, host: str = "127.0.0.1", port: int = 0) -> None:
        # Embedded (the client's demo, tests): an older schema of its own file is brought up to
        # date rather than refused.
        self.config = config = dataclasses.replace(config, upgrade_schema=True)
        self.app = create_app(config)
        self._sock = bind(host, port)
        self.url = url_of(self._sock)
        self._server = uvicorn_server(config, self.app)
        self._thread = threading.Thread(target=self._run, name="msgcenter-server", daemon=True)

    @property
    def store(self) -> Store:
        store: Store = self.app.state.store
        return store

    def _run(self) -> None:
        asyncio.run(self._server.serve(sockets=[self._sock]))

    def start(self) -> ServerThread:
        self._thread.start()
        while not self._server.started and self._thread.is_alive():
            threading.Event().wait(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()
        self.store.database.close()


logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
