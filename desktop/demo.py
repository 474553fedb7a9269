"""`msgcenter --demo`: the reference server in-process, with the demo account, signed in.

The one place the client imports the server: a demo needs one, and `msgcenter.server` is only
imported here, lazily, when --demo is given (the packaged client does not ship it).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from desktop.paths import Paths
from desktop.session import Session

DEMO_USER = "demo"
DEMO_PASSWORD = "demo"


@dataclass
class Demo:
    url: str
    stop: threading.Event
    server: object

    def shutdown(self) -> None:
        self.stop.set()
        self.server.stop()  # type: ignore[attr-defined]


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
    return Demo(server.url, stop, server)
