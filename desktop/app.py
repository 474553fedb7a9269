"""The composition root: builds the services, the windows and the tray, and wires them."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QObject, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QSystemTrayIcon

from desktop.account.session import NotSignedIn, Session
from desktop.announcing.announcer import Announcer
from desktop.announcing.notifications import DesktopNotifications
from desktop.cache.connection import CacheError
from desktop.cache.removal import remove_cache
from desktop.cache.store import Cache
from desktop.i18n.plural import plural
from desktop.i18n.translators import choose_language, install_translations
from desktop.models.categories import UnreadCounts
from desktop.platform import memory
from desktop.platform.keychain import TokenStore
from desktop.platform.paths import Paths
from desktop.platform.resources import resource_path
from desktop.platform.single_instance import SingleInstance
from desktop.preferences import PAUSED_FOREVER, Preferences, pause_until
from desktop.runtime.local_edits import LocalEdits
from desktop.runtime.sync_signals import SyncSignals
from desktop.runtime.tasks import BackgroundTasks
from desktop.sync.states import OFFLINE, ONLINE, SYNCING
from desktop.views.theme import apply_scheme
from desktop.views.tray import TrayIcon

if TYPE_CHECKING:
    from desktop.views.main_window import MainWindow
    from desktop.views.settings_dialog import SettingsDialog

log = logging.getLogger(__name__)
ONLINE_LOOKING = {ONLINE, SYNCING}


def tray_available() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable()


class AppController(QObject):
    """Owns the session, the cache, the sync engine, the tray and the window of one profile.

    The window is made when first shown: started in the tray, the app never builds it.
    """

    def __init__(self, args: argparse.Namespace, paths: Paths, app: QApplication) -> None:
        super().__init__()
        self.args = args
        self.paths = paths
        self.app = app
        memory.limit_arenas()  # before any worker thread allocates
        # The token is read in a child process: the keyring's backends stay out of the tray.
        self.session = Session(paths, TokenStore(read_apart=True))
        self.preferences = Preferences(paths.preferences_file)
        self.language = choose_language(self.preferences["language"])
        self.demo = None
        self.engine = None  # the SyncEngine, once signed in
        self.window: MainWindow | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.cache: Cache | None = None
        self.edits: LocalEdits | None = None
        self.tray: TrayIcon | None = None
        self.notifications: DesktopNotifications | None = None
        self.announcer: Announcer | None = None
        self.unread: UnreadCounts | None = None  # the one count the tray and window show
        self.signals = SyncSignals(self)
        self.signals.countsChanged.connect(self._counts_changed)
        self.signals.stateChanged.connect(self._state_changed)
        self.signals.messagesArrived.connect(self._messages_arrived)
        self.counts: dict[str, int] = {}
        self.connection = (OFFLINE, "")
        self._notices: list[str] = []  # for the window, when it is made
        self._tasks = BackgroundTasks("startup", self)
        self._tasks.finished.connect(self._task_done)
        self._client_request = 0
        self._sign_out_request = 0
        self._replies: dict[int, Callable[[Exception | None], None]] = {}  # verification calls
        self._quitting = False
        self._pause_timer = QTimer(self, singleShot=True, timeout=self._show_pause_state)

    @property
    def minimized(self) -> bool:
        wanted = getattr(self.args, "minimized", False) or self.preferences["start_minimized"]
        return wanted and tray_available()

    def start(self) -> bool:
        if getattr(self.args, "demo", False):
            from desktop.account.demo import start_demo

            self.demo = start_demo(self.paths, self.session)
        if self.session.account is None:
            return self._ask_sign_in()
        self._open_profile()
        return True

    def _ask_sign_in(self) -> bool:
        from desktop.views.sign_in import SignInDialog

        dialog = SignInDialog(self.session, getattr(self.args, "server", None) or "")
        if dialog.exec() != SignInDialog.DialogCode.Accepted:
            return False
        self._open_profile()
        return True

    # -- the profile: cache, edits, tray, notifications --------------------------------------------

    def _open_profile(self) -> None:
        """The profile's cache with its own connections (made anew after a sign-in: another
        account's cache has been set aside by then), the tray, and the window unless minimized."""
        cache, rebuilt = Cache.open_or_rebuild(self.paths.cache_file)
        self.cache = cache
        self.edits = LocalEdits(self.paths.cache_file, self._wake_engine, self)
        # A local edit changes the count in the turn its save is reported, online or offline:
        # the tray never waits for the sync engine.
        self.unread = UnreadCounts(cache, self)
        self.edits.done.connect(self.unread.refresh)
        self.unread.changed.connect(self._show_counts)
        self.counts = self.unread.counts
        if rebuilt:
            self._notices.append(rebuilt)
        if self.minimized:
            self._start_background()
        else:
            window = self.show_window()
            window.firstPainted.connect(self._start_background)  # the list first, then the rest
            if os.environ.get("MSGCENTER_STARTUP_PROBE"):
                window.firstPainted.connect(self._report_first_paint)

    def _report_first_paint(self) -> None:
        """For start-up benchmarks of the source and the frozen bundle alike: say when the list
        was first painted, then quit."""
        print(f"first-paint {time.time():.4f}", flush=True)
        QTimer.singleShot(0, self.quit)

    def _start_background(self) -> None:
        self._start_tray()
        self._start_announcing()
        self._connect()

    def _start_tray(self) -> None:
        if self.tray is None:
            tray = TrayIcon(self.language, self.paths.profile, parent=self)
            tray.openRequested.connect(self.show_window)
            tray.toggleRequested.connect(self._toggle_window)
            tray.markAllReadRequested.connect(self._mark_all_read)
            tray.syncRequested.connect(self._sync_now)
            tray.preferencesRequested.connect(self.edit_preferences)
            tray.quitRequested.connect(self.quit)
            tray.pauseRequested.connect(self.pause_notifications)
            tray.messageClicked.connect(self.open_from_notification)
            # Shown even without a tray: Qt embeds it when a tray appears later.
            tray.show()
            self.tray = tray
            self._show_pause_state()
        self.tray.set_counts(self.counts)
        self.tray.set_connection(self.connection[0] in ONLINE_LOOKING, self.connection[1])

    def _start_announcing(self) -> None:
        if self.notifications is None:
            assert self.tray is not None
            self.notifications = DesktopNotifications(
                "Message Center", str(resource_path("msgcenter.svg")), self.tray.show_message, self
            )
            self.notifications.activated.connect(self.open_from_notification)
        self.announcer = Announcer(
            self.preferences,
            self.notifications,
            self._record_announced,
            self.language,
            parent=self,
        )

    def _record_announced(self, ids: list[str]) -> None:
        if self.edits is not None:
            self.edits.record_announced(ids)

    def _connect(self) -> None:
        """Token from the keyring, then the sync engine: on a worker thread (the keyring may
        take a while to answer over D-Bus, and importing the network stack takes 0.2 s)."""
        self._client_request = self._tasks.submit(self.session.client)

    def _task_done(self, request_id: int, result, error) -> None:
        if request_id in self._replies:
            self._replies.pop(request_id)(error)  # the dialog says it in the user's words
        elif request_id == self._client_request:
            self._client_ready(result, error)
        elif request_id == self._sign_out_request:
            if error is not None:
                log.warning("signing out: %s", error)
            if not self._ask_sign_in():
                self.quit()

    def _client_ready(self, client, error) -> None:
        if isinstance(error, NotSignedIn):
            self._close_profile()
            if not self._ask_sign_in():
                self.quit()
            return
        if error is not None or client is None:
            self._problem(str(error))
            return
        if self.session.tokens.warning:
            self._notices.append(self.session.tokens.warning)
            if self.window is not None:
                self.window.show_notice(self.session.tokens.warning)
        from desktop.sync.engine import SyncEngine  # after the first paint, like the client

        self.engine = SyncEngine(
            self.paths.cache_file, client, self.signals, log_file=self.paths.log_file
        )
        self.engine.start()

    # -- the engine's news for the tray and the announcer ------------------------------------------

    def _counts_changed(self, _counts: dict[str, int]) -> None:
        """The engine changed the cache: the count is read again from it (the engine's figure
        may be older than an edit saved since)."""
        if self.unread is not None:
            self.unread.refresh()

    def _show_counts(self, counts: dict[str, int]) -> None:
        self.counts = counts
        if self.tray is not None:
            self.tray.set_counts(counts)

    def _state_changed(self, state: str, detail: str) -> None:
        if state == ONLINE and self.connection[0] == SYNCING:  # a sync's garbage, returned
            self._tasks.submit(memory.give_back)
        self.connection = (state, detail)
        if self.tray is not None:
            self.tray.set_connection(state in ONLINE_LOOKING, detail)

    def _messages_arrived(self, arrivals) -> None:
        if self.announcer is not None:
            self.announcer.take(arrivals)

    def _problem(self, text: str) -> None:
        if self.window is not None:
            self.window.show_problem(text)
        else:
            log.warning("%s", text)

    # -- the window --------------------------------------------------------------------------------

    def _ensure_window(self) -> MainWindow:
        if self.window is None:
            # Imported when first needed: an app started in the tray may never show it.
            from desktop.views.main_window import MainWindow

            assert self.cache is not None and self.edits is not None
            window = MainWindow(
                self.cache,
                self.edits,
                str(self.paths.config_dir / "window.ini"),
                self.language,
                counts=self.unread,
            )
            window.syncRequested.connect(self._sync_now)
            window.signOutRequested.connect(self._sign_out)
            window.quitRequested.connect(self.quit)
            window.preferencesRequested.connect(self.edit_preferences)
            window.settingsRequested.connect(self.show_settings)
            window.closed.connect(self.quit)
            window.hides_on_close = self._window_hides_on_close
            window.count_in_title = not tray_available()
            connect_window(self.signals, window)
            window.set_connection(*self.connection)
            for notice in self._notices:
                window.show_notice(notice)
            self.window = window
        return self.window

    def _window_hides_on_close(self) -> bool:
        return (
            self.preferences["close_to_tray"]
            and self.tray is not None
            and self.tray.icon.isVisible()
            and tray_available()
        )

    def show_window(self) -> MainWindow:
        """Show, raise and focus the window (the tray, a notification, a second launch)."""
        window = self._ensure_window()
        window.show()
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.raise_()
        window.activateWindow()
        return window

    def _toggle_window(self) -> None:
        if self.window is not None and self.window.isVisible() and tray_available():
            self.window.save_layout()
            self.window.hide()
        else:
            self.show_window()

    def show_settings(self) -> SettingsDialog:
        """Message settings, contacts and groups (one dialog, kept up to date by the engine)."""
        if self.settings_dialog is None:
            from desktop.views.settings_dialog import SettingsDialog, Verifier

            assert self.cache is not None and self.edits is not None
            verifier = Verifier(self._is_online, self._start_verification, self._confirm_code)
            dialog = SettingsDialog(
                self.cache, self.edits, verifier, self.language, parent=self.window
            )
            self.signals.dataChanged.connect(dialog.refresh_if_entities)
            self.signals.outboxChanged.connect(dialog.refresh)
            self.signals.stateChanged.connect(dialog.set_connection)
            dialog.set_online(self._is_online())
            self.settings_dialog = dialog
        self.settings_dialog.show()
        self.settings_dialog.raise_()
        self.settings_dialog.activateWindow()
        return self.settings_dialog

    def _is_online(self) -> bool:
        return self.engine is not None and self.connection[0] in ONLINE_LOOKING

    def _start_verification(self, contact_id: str, channel: str, done) -> None:
        assert self.engine is not None
        client = self.engine.client
        self._replies[self._tasks.submit(client.start_verification, contact_id, channel)] = done

    def _confirm_code(self, contact_id: str, channel: str, code: str, done) -> None:
        assert self.engine is not None
        client = self.engine.client
        request = self._tasks.submit(client.confirm_verification, contact_id, channel, code)

        def confirmed(error: Exception | None) -> None:
            if error is None:
                self._sync_now()  # the verified flag comes with the next catch-up: now
            done(error)

        self._replies[request] = confirmed

    def open_from_notification(self, key: str) -> None:
        window = self.show_window()
        if key:
            window.open_message(key)

    # -- commands ----------------------------------------------------------------------------------

    def _wake_engine(self) -> None:
        if self.engine is not None:
            self.engine.local_edit()

    def _sync_now(self) -> None:
        if self.engine is not None:
            self.engine.sync_now()

    def _mark_all_read(self) -> None:
        if self.edits is not None:
            self.edits.mark_all_read(None)

    def pause_notifications(self, choice: str) -> None:
        """From the tray: hour, tomorrow, off, or "" to resume."""
        self.preferences["notifications_paused_until"] = pause_until(choice, datetime.now())
        self._save_preferences()
        self._show_pause_state()

    def _show_pause_state(self) -> None:
        if self.tray is None:
            return
        until = self.preferences["notifications_paused_until"]
        now_ms = int(datetime.now().timestamp() * 1000)
        if until == PAUSED_FOREVER:
            self.tray.set_paused("off")
        elif until > now_ms:
            when = QLocale().toString(
                QDateTime.fromMSecsSinceEpoch(until).toLocalTime(), QLocale.FormatType.ShortFormat
            )
            self.tray.set_paused("hour" if until - now_ms <= 3_600_000 else "tomorrow", when)
            self._pause_timer.start(min(until - now_ms + 1000, 2**31 - 1))
        else:
            self.tray.set_paused(None)

    def edit_preferences(self) -> None:
        from desktop.platform.autostart import entry_for, set_start_at_login
        from desktop.views.preferences_dialog import PreferencesDialog

        # What the login entry really is (the user may have removed it by hand).
        self.preferences["start_at_login"] = entry_for(self.paths.profile).exists()
        parent = self.window if self.window is not None and self.window.isVisible() else None
        dialog = PreferencesDialog(self.preferences, self.language, parent=parent)
        if dialog.exec() != PreferencesDialog.DialogCode.Accepted:
            return
        chosen = dialog.values()
        try:
            set_start_at_login(chosen["start_at_login"], self.paths.profile)
        except OSError as error:
            chosen["start_at_login"] = self.preferences["start_at_login"]
            QMessageBox.warning(
                parent,
                self.tr("Start at login"),
                self.tr("Could not change the login entry: {error}").format(error=error),
            )
        for key, value in chosen.items():
            self.preferences[key] = value
        self._save_preferences()
        apply_scheme(self.app, self.preferences["appearance"])

    def _save_preferences(self) -> None:
        try:
            self.preferences.save()
        except OSError as error:
            self._problem(self.tr("Preferences could not be saved: {error}").format(error=error))

    def _sign_out(self) -> None:
        """Asked first; then the profile's cache goes with the sign-in (its messages, and any
        edits not yet sent: the question says how many)."""
        if not self._sign_out_confirmed():
            return
        self._close_profile()
        left = remove_cache(self.paths.cache_file)
        if left:
            log.warning("signing out: could not remove %s", ", ".join(map(str, left)))
        # The sign-in dialog comes once the token is revoked and the profile forgotten, so that
        # a new sign-in is never undone by the end of this one.
        self._sign_out_request = self._tasks.submit(self.session.sign_out)

    def _sign_out_confirmed(self) -> bool:
        assert self.cache is not None
        waiting = self.cache.outbox.size()
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Sign out"))
        if waiting:
            box.setIcon(QMessageBox.Icon.Warning)
            text = self.tr(
                "%n change(s) not yet sent to the server will be lost. Sign out anyway?",
                "",
                waiting,
            )
            box.setText(plural(text, waiting))
            box.setInformativeText(
                self.tr("Sync when the server can be reached, and they are sent first.")
            )
        else:
            box.setText(self.tr("Sign out of Message Center?"))
            box.setInformativeText(
                self.tr(
                    "The messages kept on this computer are removed; they come back at sign-in."
                )
            )
        sign_out = box.addButton(self.tr("Sign &out"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)  # Enter keeps what would be lost
        box.exec()
        return box.clickedButton() is sign_out

    def _close_profile(self) -> None:
        """Stop the engine and close the window and the cache connections, in that order (news
        still queued from the engine is ignored by a window that is shut down)."""
        if self.announcer is not None:
            self.announcer.flush()  # shown and recorded before the cache closes
            self.announcer.deleteLater()  # on this thread (it owns timers)
            self.announcer = None
        if self.settings_dialog is not None:
            self.settings_dialog.shut_down()
            self.settings_dialog.close()
            self.settings_dialog.deleteLater()
            self.settings_dialog = None
        if self.window is not None:
            self.window.save_layout()
            self.window.shut_down()
            self.window.hides_on_close = lambda: False
            self.window.closed.disconnect(self.quit)
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
        self._notices.clear()
        if self.unread is not None:
            self.unread.close()  # every count to 0
            self.unread.deleteLater()
            self.unread = None

    def quit(self) -> None:
        """Stop everything once (Quit, then the application's aboutToQuit, both come here)."""
        if self._quitting:
            return
        self._quitting = True
        self.shut_down()
        self.app.quit()

    def shut_down(self) -> None:
        self._close_profile()
        if self.tray is not None:
            self.tray.hide()
        if self.notifications is not None:
            self.notifications.close()
        if self.demo is not None:
            self.demo.shutdown()


def connect_window(signals: SyncSignals, window: MainWindow) -> None:
    """The sync engine's news to the window (queued: they come from the engine's threads)."""
    signals.dataChanged.connect(window.apply_changes)
    signals.countsChanged.connect(window.counts.refresh)
    signals.stateChanged.connect(window.set_connection)
    signals.outboxChanged.connect(window.set_outbox_size)
    signals.errorRaised.connect(window.show_problem)
    signals.syncProgress.connect(window.set_sync_progress)


def make_application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Message Center")
    app.setOrganizationName("msgcenter")
    app.setDesktopFileName("msgcenter")
    app.setWindowIcon(QIcon(str(resource_path("msgcenter.svg"))))
    app.setQuitOnLastWindowClosed(False)  # the tray keeps running; Quit is explicit
    return app


def display_problem(environ: Mapping[str, str] = os.environ) -> str | None:
    """Why no window can be shown here, or None. On Linux without a display, Qt aborts with a
    misleading message about missing libraries: this says what is really missing instead. A
    platform that needs no display (offscreen, vnc, eglfs…) is taken at its word."""
    if not sys.platform.startswith("linux"):
        return None
    chosen = [name.split(":")[0] for name in environ.get("QT_QPA_PLATFORM", "").split(";")]
    chosen = [name for name in chosen if name] or ["wayland", "xcb"]  # Qt's own choice
    needed = {"xcb": "DISPLAY", "wayland": "WAYLAND_DISPLAY"}
    variables = []
    for name in chosen:
        variable = next((v for p, v in needed.items() if name.startswith(p)), None)
        if variable is None or environ.get(variable):
            return None
        variables.append(variable)
    missing = list(dict.fromkeys(variables))
    unset = (
        f"{missing[0]} is not set"
        if len(missing) == 1
        else f"neither {' nor '.join(missing)} is set"
    )
    return (
        f"no display to show the window on ({unset}); "
        "the commands login, sync, unread and logout work without one"
    )


def run_app(args: argparse.Namespace, paths: Paths) -> int:
    """The window and the tray, until Quit. One line on stderr and a non-zero status when it
    cannot start."""
    problem = display_problem()
    if problem:
        print(f"msgcenter: {problem}", file=sys.stderr)
        return 1
    app = make_application()
    from desktop.views.crash_report import ErrorReporter

    reporter = ErrorReporter(paths.log_file, app)
    reporter.install()
    instance = SingleInstance(paths)
    try:
        if not instance.claim():
            print("Message Center is already running for this profile: showing its window.")
            return 0
    except RuntimeError as error:
        print(f"msgcenter: {error}", file=sys.stderr)
        return 1
    try:
        controller = AppController(args, paths, app)
        # Before any window: widgets take their colours and texts when they are made.
        apply_scheme(app, controller.preferences["appearance"])
        app.translators = install_translations(app, controller.language)  # kept with the app
        instance.showRequested.connect(controller.show_window)
        _quit_on_signals(controller)  # before the first dialog: the sign-in may come at once
        try:
            if not controller.start():
                controller.quit()
                return 0
        except (CacheError, RuntimeError) as error:
            print(f"msgcenter: {error}", file=sys.stderr)
            QMessageBox.critical(None, "Message Center", _start_failed(error))
            controller.quit()
            return 1
        app.aboutToQuit.connect(controller.quit)
        return app.exec()
    finally:
        instance.release()
        reporter.uninstall()


def _start_failed(error: Exception) -> str:
    text = QCoreApplication.translate("AppController", "Message Center cannot start: {error}")
    return text.format(error=error)


def _quit_on_signals(controller: AppController) -> None:
    """SIGTERM and SIGINT quit cleanly (a logout, `kill`, Ctrl+C in a terminal), dialogs open or
    not. Python runs its handlers only between bytecodes, so the signal also writes to a socket
    that Qt watches: that wakes the event loop (a dialog's too) without any polling timer."""
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, controller)

    def drain() -> None:
        with contextlib.suppress(OSError):
            reader.recv(64)

    notifier.activated.connect(drain)
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_args: QTimer.singleShot(0, lambda: _stop(controller)))
    controller._signal_sockets = (reader, writer, notifier)  # kept alive with the controller


def _stop(controller: AppController) -> None:
    """Close the modal dialogs first: while one runs its own event loop (the sign-in at start
    runs before the application's), quitting the application alone would not end it."""
    for _ in range(20):  # dialogs over dialogs; never more than a few
        modal = QApplication.activeModalWidget()
        if modal is None:
            break
        if isinstance(modal, QDialog):
            modal.reject()
        else:
            modal.close()
    controller.quit()
