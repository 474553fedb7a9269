"""One running app per profile. The first to start holds a lock file and listens on a local socket;
a later start asks it to show its window, then exits.

The first listens only after its window's first paint (QtNetwork loads in ~20 ms): a start in
between waits for it, as it waits for any first instance still starting.
"""

from __future__ import annotations

import logging
import os
import time
import zlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, Signal

from desktop.platform.paths import Paths

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

SHOW = b"show\n"
ANSWER_WAIT_S = 3.0  # the first instance may still be starting when the second asks


def server_name(paths: Paths) -> str:
    """Per user and per profile folder (so test homes and profiles never meet), short enough for
    a Unix socket path."""
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    folder = zlib.crc32(str(paths.data_dir).encode())  # not hashlib: OpenSSL loads in 8 ms
    return f"msgcenter-{user}-{paths.profile}-{folder:08x}"


class SingleInstance(QObject):
    showRequested = Signal()

    def __init__(self, paths: Paths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        paths.ensure()
        self.name = server_name(paths)
        self._lock = QLockFile(str(paths.config_dir / "instance.lock"))
        self._server: QLocalServer | None = None

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
        from PySide6.QtNetwork import QLocalServer

        QLocalServer.removeServer(self.name)  # left by a crash: the lock was free
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(self._accept)
        if not server.listen(self.name):
            log.warning("cannot listen on %s: %s", self.name, server.errorString())
            return
        self._server = server

    def _accept(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            connection.readyRead.connect(lambda c=connection: self._read(c))
            connection.disconnected.connect(connection.deleteLater)

    def _read(self, connection: QLocalSocket) -> None:
        if bytes(connection.readAll().data()).startswith(SHOW.strip()):
            self.showRequested.emit()

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()
