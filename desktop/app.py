"""The composition root: builds the services, the windows and the tray, and wires them."""

from __future__ import annotations

import argparse
import logging
import sys

from PySide6.QtCore import QObject
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.cache.store import Cache, CacheError
from desktop.paths import Paths, paths_for
from desktop.resources import resource_path
from desktop.session import NotSignedIn, Session
from desktop.sync.local_edits import LocalEdits
from desktop.sync.qt import SyncSignals
from desktop.tasks import BackgroundTasks
from desktop.views.main_window import MainWindow

log = logging.getLogger(__name__)


class AppController(QObject):
    """Owns the session, the cache, the sync engine and the window for one profile."""

    def __init__(self, args: argparse.Namespace, paths: Paths, app: QApplication) -> None:
        super().__init__()
        self.args = args
        self.paths = paths
        self.app = app
        self.session = Session(paths)
        self.demo = None
        self.engine = None  # the SyncEngine, once signed in
        self.window: MainWindow | None = None
        self.cache: Cache | None = None
        self.signals = SyncSignals(self)
        self.edits: LocalEdits | None = None
        self._tasks = BackgroundTasks("startup", self)
        self._tasks.finished.connect(self._task_done)
        self._client_request = 0
        self._sign_out_request = 0
        self._quitting = False

    def start(self) -> bool:
        if getattr(self.args, "demo", False):
            from desktop.demo import start_demo

            self.demo = start_demo(self.paths, self.session)
        if self.session.account is None:
            return self._ask_sign_in()
        self._open_window()
        return True

    def _ask_sign_in(self) -> bool:
        from desktop.views.sign_in import SignInDialog

        dialog = SignInDialog(self.session, getattr(self.args, "server", None) or "")
        if dialog.exec() != SignInDialog.DialogCode.Accepted:
            return False
        self._open_window()
        return True

    def _connect(self) -> None:
        """Token from the keyring, then the sync engine: on a worker thread (the keyring may
        take a while to answer over D-Bus, and importing the network stack takes 0.2 s)."""
        self._client_request = self._tasks.submit(self.session.client)

    def _open_window(self) -> None:
        """A window over the profile's cache, with its own connections to it (made anew after
        a sign-in: another account's cache has been set aside by then)."""
        cache, rebuilt = Cache.open_or_rebuild(self.paths.cache_file)
        self.cache = cache
        self.edits = LocalEdits(self.paths.cache_file, self._wake_engine, self)
        window = MainWindow(cache, self.edits, str(self.paths.config_dir / "window.ini"))
        window.syncRequested.connect(self._sync_now)
        window.signOutRequested.connect(self._sign_out)
        window.quitRequested.connect(self.quit)
        connect_window(self.signals, window)
        window.update_title(show_count=True)
        self.window = window
        if getattr(self.args, "minimized", False):
            self._connect()
        else:
            window.firstPainted.connect(self._connect)  # the list first, then the rest
        if rebuilt:
            window.show_problem(rebuilt)
        if not getattr(self.args, "minimized", False):
            window.show()

    def _task_done(self, request_id: int, result, error) -> None:
        if request_id == self._client_request:
            self._client_ready(result, error)
        elif request_id == self._sign_out_request:
            if error is not None:
                log.warning("signing out: %s", error)
            if not self._ask_sign_in():
                self.quit()

    def _client_ready(self, client, error) -> None:
        if isinstance(error, NotSignedIn):
            self._close_window()
            if not self._ask_sign_in():
                self.quit()
            return
        if error is not None or client is None:
            if self.window:
                self.window.show_problem(str(error))
            return
        if self.session.tokens.warning and self.window:
            self.window.show_notice(self.session.tokens.warning)
        from desktop.sync.engine import SyncEngine  # after the first paint, like the client

        self.engine = SyncEngine(self.paths.cache_file, client, self.signals)
        self.engine.start()

    def _wake_engine(self) -> None:
        if self.engine is not None:
            self.engine.local_edit()

    def _sync_now(self) -> None:
        if self.engine is not None:
            self.engine.sync_now()

    def _sign_out(self) -> None:
        answer = QMessageBox.question(
            self.window,
            self.tr("Sign out"),
            self.tr("Sign out of Message Center? Edits not yet sent stay in the cache."),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._close_window()
        # The sign-in dialog comes once the token is revoked and the profile forgotten, so that
        # a new sign-in is never undone by the end of this one.
        self._sign_out_request = self._tasks.submit(self.session.sign_out)

    def _close_window(self) -> None:
        """Stop the engine and close the window and its cache connections, in that order (news
        still queued from the engine is ignored by a window that is shut down)."""
        if self.window is not None:
            self.window.save_layout()
            self.window.shut_down()
            # Hidden, not closed: closing the last window would quit the application.
            self.window.hide()
            self.window.deleteLater()
            self.window = None
        if self.engine is not None:
            self.engine.stop()
            self.engine = None
        if self.edits is not None:
            self.edits.close()
            self.edits = None
        if self.cache is not None:
            self.cache.close()
            self.cache = None

    def quit(self) -> None:
        """Stop everything once (Quit, then the application's aboutToQuit, both come here)."""
        if self._quitting:
            return
        self._quitting = True
        self._close_window()
        if self.demo is not None:
            self.demo.shutdown()
        self.app.quit()


def connect_window(signals: SyncSignals, window: MainWindow) -> None:
    """The sync engine's news to the window (queued: they come from the engine's threads)."""
    signals.dataChanged.connect(window.apply_changes)
    signals.countsChanged.connect(window.set_counts)
    signals.stateChanged.connect(window.set_connection)
    signals.outboxChanged.connect(window.set_outbox_size)
    signals.errorRaised.connect(window.show_problem)


def make_application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Message Center")
    app.setOrganizationName("msgcenter")
    app.setDesktopFileName("msgcenter")
    app.setWindowIcon(QIcon(str(resource_path("msgcenter.svg"))))
    return app


def run_app(args: argparse.Namespace, paths: Paths | None = None) -> int:
    if getattr(args, "demo", False) and getattr(args, "profile", None) is None:
        paths = paths_for("demo")  # a demo never touches the default profile's account
    paths = paths or paths_for(getattr(args, "profile", "default"))
    app = make_application()
    controller = AppController(args, paths, app)
    try:
        if not controller.start():
            controller.quit()
            return 0
    except (CacheError, RuntimeError) as error:
        print(f"msgcenter: {error}", file=sys.stderr)
        return 1
    app.aboutToQuit.connect(controller.quit)
    return app.exec()
