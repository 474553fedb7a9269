"""`msgcenter --demo`: the reference server in-process, with the demo account, signed in.

The one place the client imports the server: a demo needs one, and `msgcenter.server` is only
imported here, lazily, when --demo is given (the packaged client does not ship it).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from desktop.account.session import Session
from desktop.platform.paths import Paths

DEMO_USER = "demo"
DEMO_PASSWORD = "demo"
_CODE = re.compile(r"verification code is ([0-9]{6})\b")
_running: Demo | None = None  # the demo of this process, when --demo was given


@dataclass
class Demo:
    url: str
    stop: threading.Event
    server: object

    def shutdown(self) -> None:
        global _running
        if _running is self:
            _running = None
        self.stop.set()
        self.server.stop()  # type: ignore[attr-defined]

    def code_sent(self, channel: str, address: str) -> str | None:
        """The last verification code "sent" to `address` by "mobile" or "email": the demo's
        server writes it in its delivery log instead of sending an SMS or a mail."""
        store = self.server.store  # type: ignore[attr-defined]
        account = store.account_by_name(DEMO_USER)
        if account is None:
            return None
        wanted = "sms" if channel == "mobile" else "email"
        for delivery in reversed(store.deliveries(account.id)):
            if delivery["channel"] == wanted and delivery["to"] == address:
                found = _CODE.search(delivery["text"])
                if found:
                    return found.group(1)
        return None


def code_sent(channel: str, address: str) -> str | None:
    """The code the demo running in this process just "sent", or None (no demo runs)."""
    return _running.code_sent(channel, address) if _running is not None else None


def start_demo(paths: Paths, session: Session, publish_interval=(20.0, 60.0)) -> Demo:
    """Serve the demo database of this profile on a free loopback port and sign in to it."""
    try:
        from msgcenter.server.app import ServerConfig
        from msgcenter.server.cli import prepare_demo, start_demo_publisher
        from msgcenter.server.runner import ServerThread
    except ImportError as error:  # the server's extras are not installed
        raise RuntimeError(
            'the demo needs the reference server: pip install -e ".[server]"'
        ) from error
    server = ServerThread(ServerConfig(db=str(paths.data_dir / "demo-server.db"))).start()
    prepare_demo(server.store, messages=3000)
    stop = threading.Event()
    start_demo_publisher(server.store, publish_interval, stop, first_after=8.0)
    session.sign_in(server.url, DEMO_USER, DEMO_PASSWORD).close()
    global _running
    _running = Demo(server.url, stop, server)
    return _running
