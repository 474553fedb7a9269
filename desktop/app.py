"""The composition root: the application-wide services (session, preferences, tray,
notifications) and the one open profile's runtime; `run_app` starts it all and quits cleanly."""

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

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QSystemTrayIcon, QWidget

from desktop.account.session import Session
from desktop.cache.connection import CacheError
from desktop.cache.removal import remove_cache
from desktop.i18n.plural import plural
from desktop.i18n.translators import choose_language, install_translations
from desktop.platform import memory
from desktop.platform.keychain import TokenStore
from desktop.platform.paths import Paths
from desktop.platform.resources import resource_path
from desktop.platform.single_instance import SingleInstance
from desktop.preferences import PAUSED_FOREVER, Preferences, pause_until
from desktop.runtime.profile_runtime import ONLINE_LOOKING, ProfileRuntime
from desktop.runtime.tasks import BackgroundTasks, favour_the_gui_thread
from desktop.sync.states import ConnectionState
from desktop.views.theme import apply_scheme

if TYPE_CHECKING:
    from desktop.account.demo import Demo
    from desktop.account.profile import Account
    from desktop.announcing.notifications import DesktopNotifications
    from desktop.views.main_window import MainWindow
    from desktop.views.tray import TrayIcon

log = logging.getLogger(__name__)


def tray_available() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable()


class AppController(QObject):
    """The composition root: what lives as long as the application (the session, preferences,
    the tray, desktop notifications) and at most one open profile, a :class:`ProfileRuntime`.
    Another account is another runtime: the old one is closed first.

    The tray and the notifications are made after the window's first paint; started in the tray,
    the app never builds the window.
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
        self.demo: Demo | None = None
        self.runtime: ProfileRuntime | None = None
        self._background_due = False  # the window painted (or none is shown): sync may start
        self._after_first_paint: list[Callable[[], None]] = []
        self._demo_account: str | None = None  # the demo's account when the app started
        self._demo_signed_in = False
        self.tray: TrayIcon | None = None
        self.notifications: DesktopNotifications | None = None
        self._tasks = BackgroundTasks("app", self)  # signing out
        self._quitting = False
        self.exit_status = 0  # what run_app returns once the app has quit
        self._pause_timer = QTimer(self, singleShot=True)
        self._pause_timer.timeout.connect(self._show_pause_state)
        self._signal_sockets: tuple[object, ...] = ()  # see _quit_on_signals

    @property
    def minimized(self) -> bool:
        wanted = getattr(self.args, "minimized", False) or self.preferences["start_minimized"]
        return wanted and tray_available()

    def start(self) -> bool:
        if getattr(self.args, "demo", False):
            self._start_demo()
        elif self.session.account is None:
            return self._ask_sign_in()
        self._open_profile()
        if self.demo is not None and self.runtime is not None:
            # Not "Offline": the demo's server is starting, and the sync follows at once.
            self.runtime.news.state_changed(ConnectionState.SYNCING, "")
        return True

    def _start_demo(self) -> None:
        """The demo's server starts beside the window, which paints from the cache meanwhile;
        the runtime syncs once the app has signed in there (the first demo: an empty list)."""
        from desktop.account.demo import start_demo

        self.demo = start_demo(self.paths, self.session.account)
        self._demo_account = self.session.account.account_id if self.session.account else None
        self._tasks.submit(
            self.demo.sign_in, self.session, on_done=self._demo_ready, on_error=self._demo_failed
        )

    def _demo_ready(self, account: Account) -> None:
        self._demo_signed_in = True
        if self._demo_account not in (None, account.account_id):
            # A new demo database (its account is another): that cache was set aside.
            self._close_profile()
            self._open_profile()
        elif self._background_due:
            self._start_background()

    def _demo_failed(self, error: Exception) -> None:
        if self._quitting:
            return  # quit while the demo's server was starting: that stopped it
        log.error("the demo did not start: %s", error)
        print(f"msgcenter: {error}", file=sys.stderr)
        QMessageBox.critical(self._visible_window(), "Message Center", _start_failed(error))
        self.quit(status=1)

    def _ask_sign_in(self) -> bool:
        from desktop.views.sign_in import SignInDialog

        dialog = SignInDialog(self.session, getattr(self.args, "server", None) or "")
        if dialog.exec() != SignInDialog.DialogCode.Accepted:
            return False
        self._open_profile()
        return True

    # -- the profile -------------------------------------------------------------------------------

    def _open_profile(self) -> None:
        """The signed-in account's runtime; its window unless minimized."""
        runtime = ProfileRuntime.open(
            self.paths,
            self.session,
            self.preferences,
            language=self.language,
            hides_on_close=self._window_hides_on_close,
            count_in_title=not tray_available(),
            parent=self,
        )
        runtime.countsChanged.connect(self._show_counts)
        runtime.connectionChanged.connect(self._show_connection)
        runtime.signInNeeded.connect(self._sign_in_again)
        runtime.signOutRequested.connect(self._sign_out)
        runtime.preferencesRequested.connect(self.edit_preferences)
        runtime.quitRequested.connect(self.quit)
        self.runtime = runtime
        if self.minimized:
            self._start_background()
        else:
            window = runtime.show_window()
            window.firstPainted.connect(self._start_background)  # the list first, then the rest
            if os.environ.get("MSGCENTER_STARTUP_PROBE"):
                window.firstPainted.connect(self._report_first_paint)

    def _close_profile(self) -> None:
        """Close the runtime (its window, engine and cache); the tray stays, its counts at 0."""
        runtime, self.runtime = self.runtime, None
        if runtime is not None:
            runtime.close()
            runtime.deleteLater()

    def _report_first_paint(self) -> None:
        """For start-up benchmarks of the source and the frozen bundle alike: say when the list
        was first painted, then quit."""
        print(f"first-paint {time.time():.4f}", flush=True)
        QTimer.singleShot(0, self.quit)

    def after_first_paint(self, work: Callable[[], None]) -> None:
        """`work` once the window has painted (or at once in the tray): what the first paint
        does not need waits for it."""
        self._after_first_paint.append(work)

    def _start_background(self) -> None:
        if self.runtime is None:
            return
        waiting, self._after_first_paint = self._after_first_paint, []
        for work in waiting:
            work()
        self._start_tray()
        self._background_due = True
        if self.demo is not None and not self._demo_signed_in:
            return  # _demo_ready comes back here
        if self.notifications is None:
            assert self.tray is not None
            from desktop.announcing.notifications import DesktopNotifications

            self.notifications = DesktopNotifications(
                "Message Center", str(resource_path("msgcenter.svg")), self.tray.show_message, self
            )
            self.notifications.activated.connect(self.open_from_notification)
        self.runtime.start(self.notifications)

    def _sign_in_again(self) -> None:
        """The keyring has no token for the account (any more)."""
        self._close_profile()
        if not self._ask_sign_in():
            self.quit()

    # -- the tray ----------------------------------------------------------------------------------

    def _start_tray(self) -> None:
        if self.tray is None:
            from desktop.views.tray import TrayIcon

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
        if self.runtime is not None:
            state, detail = self.runtime.connection
            self.tray.set_counts(self.runtime.counts)
            self.tray.set_connection(state in ONLINE_LOOKING, detail)

    def _show_counts(self, counts: dict[str, int]) -> None:
        if self.tray is not None:
            self.tray.set_counts(counts)

    def _show_connection(self, online: bool, detail: str) -> None:
        if self.tray is not None:
            self.tray.set_connection(online, detail)

    def _mark_all_read(self) -> None:
        if self.runtime is not None:
            self.runtime.mark_all_read()

    def _sync_now(self) -> None:
        if self.runtime is not None:
            self.runtime.sync_now()

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

    # -- the window --------------------------------------------------------------------------------

    def show_window(self) -> MainWindow | None:
        """Show, raise and focus the profile's window (none while no account is signed in)."""
        return self.runtime.show_window() if self.runtime is not None else None

    def _visible_window(self) -> MainWindow | None:
        window = self.runtime.window if self.runtime is not None else None
        return window if window is not None and window.isVisible() else None

    def _toggle_window(self) -> None:
        window = self._visible_window()
        if window is not None and tray_available():
            window.save_layout()
            window.hide()
        else:
            self.show_window()

    def _window_hides_on_close(self) -> bool:
        return (
            self.preferences["close_to_tray"]
            and self.tray is not None
            and self.tray.icon.isVisible()
            and tray_available()
        )

    def open_from_notification(self, key: str) -> None:
        if self.runtime is not None:
            self.runtime.open_message(key)

    # -- preferences -------------------------------------------------------------------------------

    def edit_preferences(self) -> None:
        from desktop.platform.autostart import entry_for, set_start_at_login
        from desktop.views.preferences_dialog import PreferencesDialog

        # What the login entry really is (the user may have removed it by hand).
        self.preferences["start_at_login"] = entry_for(self.paths.profile).exists()
        parent = self._visible_window()
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
                self.tr("Could not change the login entry: {error}").format(error=_said(error)),
            )
        for key, value in chosen.items():
            self.preferences[key] = value
        self._save_preferences()
        apply_scheme(self.app, self.preferences["appearance"])

    def _save_preferences(self) -> None:
        """A failure is said in a box, window or not: the user has just chosen (in the tray's
        menu too), and the choice would silently not outlast the app."""
        try:
            self.preferences.save()
        except OSError as error:
            QMessageBox.warning(
                self._visible_window(),
                self.tr("Preferences"),
                self.tr("Preferences could not be saved: {error}").format(error=_said(error)),
            )

    # -- signing out -------------------------------------------------------------------------------

    def _sign_out(self) -> None:
        """Asked first; then the profile's cache goes with the sign-in (its messages, and any
        edits not yet sent: the question says how many)."""
        runtime = self.runtime
        if runtime is None:
            return
        waiting = runtime.cache.outbox.size()
        # Here, in a method: lupdate finds a text's plural forms only in a `self.tr` call.
        text = self.tr(
            "%n change(s) not yet sent to the server will be lost. Sign out anyway?", "", waiting
        )
        if not sign_out_confirmed(plural(text, waiting) if waiting else "", runtime.window):
            return
        self._close_profile()
        left = remove_cache(self.paths.cache_file)
        if left:
            log.warning("signing out: could not remove %s", ", ".join(map(str, left)))
        # The sign-in dialog comes once the token is revoked and the profile forgotten, so that
        # a new sign-in is never undone by the end of this one.
        self._tasks.submit(
            self.session.sign_out, on_done=self._signed_out, on_error=self._sign_out_failed
        )

    def _sign_out_failed(self, error: Exception) -> None:
        log.warning("signing out: %s", error)
        self._signed_out(None)

    def _signed_out(self, _warning: str | None) -> None:
        if not self._ask_sign_in():
            self.quit()

    # -- quitting ----------------------------------------------------------------------------------

    def quit(self, status: int = 0) -> None:
        """Stop everything once (Quit, then the application's aboutToQuit, both come here);
        `run_app` returns `status`. (Not QApplication.exit: it ends every event loop running,
        nested ones included.)"""
        if self._quitting:
            return
        self._quitting = True
        self.exit_status = status
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


def sign_out_confirmed(edits_lost: str, parent: QWidget | None) -> bool:
    """Ask before signing out; `edits_lost` says how many unsent edits would be lost ("" for
    none). Enter keeps them. (Each text is a literal `QCoreApplication.translate` call, in the
    controller's context: that is what lupdate finds.)"""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("AppController", "Sign out"))
    if edits_lost:
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(edits_lost)
        box.setInformativeText(
            QCoreApplication.translate(
                "AppController", "Sync when the server can be reached, and they are sent first."
            )
        )
    else:
        box.setText(QCoreApplication.translate("AppController", "Sign out of Message Center?"))
        box.setInformativeText(
            QCoreApplication.translate(
                "AppController",
                "The messages kept on this computer are removed; they come back at sign-in.",
            )
        )
    sign_out = box.addButton(
        QCoreApplication.translate("AppController", "Sign &out"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)  # Enter keeps what would be lost
    box.exec()
    return box.clickedButton() is sign_out


def make_application() -> QApplication:
    favour_the_gui_thread()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Message Center")
    app.setOrganizationName("msgcenter")
    app.setDesktopFileName("msgcenter")
    from desktop.views.icons import app_icon

    app.setWindowIcon(app_icon())
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
        install_translations(app, controller.language)  # parented to the app: alive with it
        instance.showRequested.connect(controller.show_window)
        controller.after_first_paint(instance.listen)
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
        return app.exec() or controller.exit_status
    finally:
        instance.release()
        reporter.uninstall()


def _said(error: OSError) -> str:
    """A file's error as the system says it, and which file: without Python's "[Errno 21]" and,
    for a rename, the temporary file's name ("Is a directory: …/preferences.json")."""
    where = error.filename2 or error.filename
    if error.strerror and where:
        return f"{error.strerror}: {where}"
    return str(error)


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
