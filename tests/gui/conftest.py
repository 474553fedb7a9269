from __future__ import annotations

import pytest

from desktop.api.client import ApiClient
from desktop.cache.store import Cache
from desktop.runtime.local_edits import LocalEdits
from desktop.runtime.profile_runtime import connect_window
from desktop.runtime.sync_signals import SyncSignals
from desktop.sync.engine import SyncEngine
from desktop.views.main_window import MainWindow
from tests.faults import NUL_IN_JSON, FaultProxy
from tests.support import require_desktop


@pytest.fixture(autouse=True)
def _headless_desktop():
    """GUI tests run on the X server of scripts/desktop-session.sh; without it they fail."""
    require_desktop("x11")


class Harness:
    """A real window over a real cache, synced from the real server."""

    def __init__(self, server, tmp_path, qtbot, name="gui", password="secret"):
        self.server = server
        self.session = server.create_account(name, password)
        self.name = name
        self.path = tmp_path / f"{name}.sqlite3"
        self.url = server.url  # where the client talks to the server
        self.client = ApiClient(self.url, self.session.token)
        self.engine: SyncEngine | None = None
        self.qtbot = qtbot
        self.tmp_path = tmp_path
        self.window: MainWindow | None = None

    def route_through(self, url: str) -> None:
        """From now on the client talks to the server at `url`: a proxy in front of it."""
        self.url = url
        self.client = ApiClient(url, self.session.token)

    def sync(self):
        engine = SyncEngine(self.path, ApiClient(self.url, self.session.token))
        summary = engine.catch_up()
        engine.flush_outbox()
        engine.stop()
        return summary

    def open(self, wake=None) -> MainWindow:
        self.cache = Cache(self.path)
        self.signals = SyncSignals()
        self.edits = LocalEdits(self.path, wake or (lambda: None), self.signals)
        self.window = MainWindow(self.cache, self.edits, str(self.tmp_path / "window.ini"))
        connect_window(self.signals, self.window)
        self.signals.countsChanged.connect(self.window.counts.refresh)  # the window's own
        self.qtbot.addWidget(self.window)
        self.window.show()
        self.qtbot.waitExposed(self.window)
        # There is no window manager under Xvfb: ask for focus, so shortcuts reach the window.
        self.window.activateWindow()
        self.qtbot.waitUntil(self.window.isActiveWindow, timeout=5000)
        return self.window

    def start_engine(self):
        self.engine = SyncEngine(self.path, self.client, self.signals)
        self.edits.set_wake(self.engine.local_edit)
        self.engine.start()
        return self.engine

    def close(self):
        if self.window is not None:
            self.window.shut_down()
        if self.engine is not None:
            self.engine.stop()
        if self.window is not None:
            self.edits.close()
            self.window.close()
            self.cache.close()


@pytest.fixture
def harness(server, tmp_path, qtbot, request):
    created = Harness(server, tmp_path, qtbot, name=f"gui{abs(hash(request.node.name)) % 10**8}")
    yield created
    created.close()


@pytest.fixture
def nul_proxy(server):
    """A proxy in front of the server that sends its client a real U+0000 wherever a message
    says `tests.faults.NUL` (the server itself refuses U+0000, as PostgreSQL must)."""
    proxy = FaultProxy(server.url, replies=NUL_IN_JSON).start()
    yield proxy
    proxy.stop()
