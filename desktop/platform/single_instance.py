"""One running app per profile. The first to start holds a lock file and listens on a local socket;
a later start asks it to show its window, then exits.

The first listens only after its window's first paint: a start in between waits for it, as it
waits for any first instance still starting.

Where the system has Unix sockets, the first listens with Python's own socket, at the path where
`QLocalServer` would (the later start asks through `QLocalSocket`, as everywhere): QtNetwork and
the Kerberos libraries it links would stay resident in an app that sits in the tray for days
(2.9 MiB, a fifth of what the tray adds to a bare PySide6 tray icon). Elsewhere (Windows' named
pipes), `QLocalServer` listens.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import stat
import tempfile
import time
import zlib
from collections.abc import Callable

from PySide6.QtCore import QDir, QLockFile, QObject, QSocketNotifier, QTimer, Signal

from desktop.platform.paths import Paths

log = logging.getLogger(__name__)

SHOW = b"show\n"
ANSWER_WAIT_S = 3.0  # the first instance may still be starting when the second asks
SOCKET_PATH_MAX = 100  # bytes; Linux takes 107 in a Unix socket's address
# Connections the first holds open at once, waiting for their request: a later start writes at
# once, so one still silent when more come is dropped, the oldest first. Unbounded, a program
# that connects and says nothing, again and again, would take every descriptor of the app.
CONNECTIONS_HELD = 8
ACCEPT_PAUSE_MS = 1000  # after an accept that failed (no descriptor left): tried again then


def server_name(paths: Paths) -> str:
    """Per user and per profile folder (so test homes and profiles never meet), short enough for
    a Unix socket path. In the user's runtime folder (XDG_RUNTIME_DIR) when there is a private
    one: in the shared temporary folder, where QLocalServer puts a bare name, another local user
    could take the name first, and a later start would then ask that user's socket."""
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    folder = zlib.crc32(str(paths.data_dir).encode())  # not hashlib: OpenSSL loads in 8 ms
    name = f"msgcenter-{user}-{paths.profile}-{folder:08x}"
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    path = os.path.join(runtime, name)  # a full path: QLocalSocket connects to it as it is
    return path if _private_folder(runtime) and len(path) < SOCKET_PATH_MAX else name


def _private_folder(path: str) -> bool:
    """An absolute path to a folder of this user's that no one else may enter."""
    if not path or not os.path.isabs(path) or not hasattr(os, "getuid"):
        return False
    try:
        found = os.stat(path)
    except OSError:
        return False
    return stat.S_ISDIR(found.st_mode) and found.st_uid == os.getuid() and not found.st_mode & 0o077


class SingleInstance(QObject):
    showRequested = Signal()

    def __init__(self, paths: Paths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        paths.ensure()
        self.name = server_name(paths)
        self._lock = QLockFile(str(paths.config_dir / "instance.lock"))
        self._server: _UnixServer | _LocalServer | None = None

    def claim(self) -> bool:
        """True when this is the first instance: it holds the lock (and listens once
        :meth:`listen` is called). Otherwise the first one has been asked to show its window,
        and this one should exit."""
        if self._lock.tryLock(0):
            return True
        from PySide6.QtNetwork import QLocalSocket

        deadline = time.monotonic() + ANSWER_WAIT_S
        while time.monotonic() < deadline:
            socket = QLocalSocket()
            socket.connectToServer(self.name)
            if socket.waitForConnected(200):
                socket.write(SHOW)
                socket.waitForBytesWritten(1000)
                socket.disconnectFromServer()
                return False
            time.sleep(0.1)
        pid, _host, _app = self._lock.getLockInfo()
        raise RuntimeError(f"another Message Center (process {pid}) holds this profile")

    def listen(self) -> None:
        """Take requests from later starts (the lock is held). Without the socket the app still
        runs; a later start then says that another one holds the profile."""
        if self._server is not None:
            return
        kind = _UnixServer if hasattr(socket, "AF_UNIX") else _LocalServer
        try:
            self._server = kind(self.name, self._request, self)
        except OSError as error:
            log.warning("cannot listen on %s: %s", self.name, error)

    def _request(self, data: bytes) -> None:
        if data.startswith(SHOW.strip()):
            self.showRequested.emit()

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()


class _UnixServer(QObject):
    """A Unix socket where `QLocalServer` would make it (`name` in the temporary folder, or as
    it is when it is a full path), open to this user only; each connection's first bytes go to
    `on_request`."""

    def __init__(self, name: str, on_request: Callable[[bytes], None], parent: QObject) -> None:
        super().__init__(parent)
        self.path = os.path.join(QDir.tempPath(), name)
        self._on_request = on_request
        self._connections: dict[socket.socket, QSocketNotifier] = {}
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            _bind_privately(listener, self.path)
            listener.listen(8)
            listener.setblocking(False)
        except OSError:
            listener.close()
            raise
        self._listener = listener
        self._notifier = QSocketNotifier(listener.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._accept)

    def _accept(self) -> None:
        while True:
            try:
                connection, _address = self._listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as error:
                # Out of descriptors, say: the connection still waits, and would wake this at
                # once, again and again (thousands of log lines a second); it waits a while.
                log.warning("single instance: %s", error)
                self._notifier.setEnabled(False)
                QTimer.singleShot(ACCEPT_PAUSE_MS, self, self._resume)
                return
            if len(self._connections) >= CONNECTIONS_HELD:
                self._drop(next(iter(self._connections)))
            connection.setblocking(False)
            notifier = QSocketNotifier(connection.fileno(), QSocketNotifier.Type.Read, self)
            notifier.activated.connect(lambda *_args, c=connection: self._read(c))
            self._connections[connection] = notifier

    def _resume(self) -> None:
        if self._listener.fileno() != -1:  # not closed meanwhile
            self._notifier.setEnabled(True)

    def _read(self, connection: socket.socket) -> None:
        """One request a connection (a later start writes it, then hangs up)."""
        try:
            data = connection.recv(64)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        self._drop(connection)
        if data:
            self._on_request(data)

    def _drop(self, connection: socket.socket) -> None:
        notifier = self._connections.pop(connection)
        notifier.setEnabled(False)
        notifier.deleteLater()
        connection.close()

    def close(self) -> None:
        for connection in list(self._connections):
            self._drop(connection)
        self._notifier.setEnabled(False)
        self._listener.close()
        with contextlib.suppress(OSError):  # already gone
            os.unlink(self.path)


def _bind_privately(listener: socket.socket, path: str) -> None:
    """Bind at `path`, connectable by this user only from the first moment (as QLocalServer's
    UserAccessOption does): bound in a private folder beside it, then moved into place, over
    any socket a crashed instance left there."""
    folder = tempfile.mkdtemp(prefix=".msgcenter-", dir=os.path.dirname(path))  # mode 0700
    inside = os.path.join(folder, "socket")
    try:
        listener.bind(inside)
        os.chmod(inside, 0o600)
        os.replace(inside, path)
    finally:
        if os.path.exists(inside):
            os.unlink(inside)
        os.rmdir(folder)


class _LocalServer(QObject):
    """`QLocalServer`: where there are no Unix sockets (Windows' named pipes)."""

    def __init__(self, name: str, on_request: Callable[[bytes], None], parent: QObject) -> None:
        super().__init__(parent)
        from PySide6.QtNetwork import QLocalServer

        QLocalServer.removeServer(name)  # left by a crash: the lock was free
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._on_request = on_request
        if not self._server.listen(name):
            raise OSError(self._server.errorString())

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            connection.readyRead.connect(
                lambda c=connection: self._on_request(bytes(c.readAll().data()))
            )
            connection.disconnected.connect(connection.deleteLater)

    def close(self) -> None:
        self._server.close()
