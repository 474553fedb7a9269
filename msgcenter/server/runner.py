"""Running the server: in the foreground (the CLI) or on a thread (the client's demo, tests)."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading

import uvicorn

from msgcenter.server.app import ServerConfig, create_app


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


def uvicorn_server(config: ServerConfig, app=None) -> uvicorn.Server:
    app = app or create_app(config)
    return uvicorn.Server(
        uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=2,
            lifespan="on",
        )
    )


class ServerThread:
    """The server on a daemon thread with its own event loop: `start()`, `url`, `stop()`."""

    def __init__(self, config: ServerConfig, host: str = "127.0.0.1", port: int = 0) -> None:
        self.config = config
        self.app = create_app(config)
        self._sock = bind(host, port)
        self.url = url_of(self._sock)
        self._server = uvicorn_server(config, self.app)
        self._thread = threading.Thread(target=self._run, name="msgcenter-server", daemon=True)

    @property
    def store(self):
        return self.app.state.store

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
        self.store.engine.dispose()


logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
