"""One open profile, from `open()` to `close()`: everything that lives only while an account is
signed in on it. The application holds at most one; another account is another runtime.

Every change to the profile's cache, the sync engine's and the local edits' alike, goes out on
one broadcast (`news`, a :class:`SyncSignals`); every view listens there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal

from desktop.account.session import NotSignedIn, Session
from desktop.cache.rows import Arrivals
from desktop.cache.store import Cache
from desktop.models.categories import UnreadCounts
from desktop.platform import memory
from desktop.platform.paths import Paths
from desktop.preferences import Preferences
from desktop.runtime.local_edits import LocalEdits
from desktop.runtime.sync_signals import SyncSignals
from desktop.runtime.tasks import (
    BackgroundTasks,
    set_aside_what_start_made,
    take_back_what_start_made,
)
from desktop.sync.states import ConnectionState

if TYPE_CHECKING:
    from desktop.announcing.announcer import Announcer
    from desktop.announcing.notifications import DesktopNotifications
    from desktop.api.client import ApiClient
    from desktop.sync.engine import SyncEngine
    from desktop.views.main_window import MainWindow
    from desktop.views.settings_dialog import SettingsDialog

log = logging.getLogger(__name__)
ONLINE_LOOKING = {ConnectionState.ONLINE, ConnectionState.SYNCING}

Reply = Callable[[Exception | None], None]  # a verification call's outcome, for the dialog


class ProfileRuntime(QObject):
    """The cache, local edits and unread counts from the start; the announcer and the sync engine
    once `start()` is called (after the window's first paint); the window and the settings
    dialog when first shown. `close()` takes them down in the one safe order."""

    countsChanged = Signal(dict)  # the unread counts, for the tray
    connectionChanged = Signal(bool, str)  # online (or syncing), and why not: for the tray
    signInNeeded = Signal()  # no token for the account: the app asks for a sign-in
    signOutRequested = Signal()
    preferencesRequested = Signal()
    quitRequested = Signal()

    def __init__(
        self,
        paths: Paths,
        session: Session,
        preferences: Preferences,
        cache: Cache,
        *,
        language: str,
        hides_on_close: Callable[[], bool],
        count_in_title: bool,
        parent: QObject | None = None,
    ) -> None:
        """Use :meth:`open`."""
        super().__init__(parent)
        self.paths, self.session, self.preferences = paths, session, preferences
        self.cache = cache
        self.language = language
        self._hides_on_close = hides_on_close
        self._count_in_title = count_in_title
        self.news = SyncSignals(self)
        self.edits = LocalEdits(paths.cache_file, self._wake_engine, self.news, self)
        # The one count the tray and the window show, read again whenever news may change it: a
        # local edit's in the turn it is saved, online or offline; the engine's as it comes.
        self.unread = UnreadCounts(cache, self)
        self.unread.changed.connect(self.countsChanged)
        self.news.countsChanged.connect(self.unread.refresh)
        self.news.stateChanged.connect(self._state_changed)
        self.news.messagesArrived.connect(self._messages_arrived)
        # The state as the engine last said it: text, as it comes through the signal.
        self.connection: tuple[str, str] = (ConnectionState.OFFLINE, "")
        self.engine: SyncEngine | None = None
        self.announcer: Announcer | None = None
        self.window: MainWindow | None = None
        self.settings_dialog: SettingsDialog | None = None
        self._notices: list[str] = []  # for the window, when it is made
        self._tasks = BackgroundTasks("profile", self)  # the API client, verification codes
        self._closed = False

    @classmethod
    def open(
        cls,
        paths: Paths,
        session: Session,
        preferences: Preferences,
        *,
        language: str,
        hides_on_close: Callable[[], bool],
        count_in_title: bool,
        parent: QObject | None = None,
    ) -> ProfileRuntime:
        """The profile's cache with its own connections (made anew after a sign-in: another
        account's cache has been set aside by then). CacheError when it cannot be opened."""
        cache, rebuilt = Cache.open_or_rebuild(paths.cache_file)
        runtime = cls(
            paths,
            session,
            preferences,
            cache,
            language=language,
            hides_on_close=hides_on_close,
            count_in_title=count_in_title,
            parent=parent,
        )
        if rebuilt:
            runtime._notices.append(rebuilt)
        return runtime

    @property
    def counts(self) -> dict[str, int]:
        return self.unread.counts

    @property
    def online(self) -> bool:
        return self.engine is not None and self.connection[0] in ONLINE_LOOKING

    # -- the background: announcer and sync engine -------------------------------------------------

    def start(self, notifications: DesktopNotifications) -> None:
        """Announce new messages through `notifications`, and connect: the token from the
        keyring, then the sync engine, on a worker (the keyring may take a while to answer over
        D-Bus, and importing the network stack takes 0.2 s)."""
        if self._closed or self.announcer is not None:
            return
        from desktop.announcing.announcer import Announcer  # after the first paint

        self.announcer = Announcer(
            self.preferences, notifications, self.edits.record_announced, self.language, parent=self
        )
        self._tasks.submit(
            self.session.client, on_done=self._client_ready, on_error=self._client_failed
        )

    def _client_ready(self, client: ApiClient) -> None:
        warning = self.session.tokens.warning
        if warning:
            self._notices.append(warning)
            if self.window is not None:
                self.window.show_notice(warning)
        from desktop.sync.engine import SyncEngine  # after the first paint, like the client

        self.engine = SyncEngine(
            self.paths.cache_file,
            client,
            self.news,
            log_file=self.paths.log_file,
            beside_a_window=True,
        )
        set_aside_what_start_made()  # the window, the tray, the client and the engine are made
        self.engine.start()

    def _client_failed(self, error: Exception) -> None:
        if isinstance(error, NotSignedIn):
            self.signInNeeded.emit()
        else:
            self.show_problem(str(error))

    def _wake_engine(self) -> None:
        """After a local edit (on the edits' worker): the engine sends it."""
        if self.engine is not None:
            self.engine.local_edit()

    def sync_now(self) -> None:
        if self.engine is not None:
            self.engine.sync_now()

    def mark_all_read(self) -> None:
        self.edits.mark_all_read(None)

    def _state_changed(self, state: str, detail: str) -> None:
        if self._closed:
            return  # news the engine sent before it stopped
        if state == ConnectionState.ONLINE and self.connection[0] == ConnectionState.SYNCING:
            self._tasks.submit(self._give_back_memory)  # a sync's garbage, returned
        self.connection = (state, detail)
        self.connectionChanged.emit(state in ONLINE_LOOKING, detail)

    def _give_back_memory(self) -> None:
        """The page caches of the window's and the engine's connections, then the allocator's
        free memory (a worker thread: SQLite serializes the calls on each connection)."""
        self.cache.database.shrink_memory()
        if self.engine is not None:
            self.engine.cache.database.shrink_memory()
        memory.give_back()

    def _messages_arrived(self, arrivals: Arrivals) -> None:
        if self.announcer is not None:
            self.announcer.take(arrivals)

    def show_problem(self, text: str) -> None:
        if self.window is not None:
            self.window.show_problem(text)
        else:
            log.warning("%s", text)

    # -- the window and the settings dialog --------------------------------------------------------

    def ensure_window(self) -> MainWindow:
        """The window, made when first needed: started in the tray, the app may never show it."""
        if self.window is None:
            from desktop.views.main_window import MainWindow

            window = MainWindow(
                self.cache,
                self.edits,
                str(self.paths.config_dir / "window.ini"),
                self.language,
                counts=self.unread,
            )
            window.syncRequested.connect(self.sync_now)
            window.settingsRequested.connect(self.show_settings)
            window.signOutRequested.connect(self.signOutRequested)
            window.preferencesRequested.connect(self.preferencesRequested)
            window.quitRequested.connect(self.quitRequested)
            window.closed.connect(self.quitRequested)
            window.hides_on_close = self._hides_on_close
            window.count_in_title = self._count_in_title
            connect_window(self.news, window)
            window.set_connection(*self.connection)
            for notice in self._notices:
                window.show_notice(notice)
            self.window = window
        return self.window

    def show_window(self) -> MainWindow:
        """Show, raise and focus the window (the tray, a notification, a second launch)."""
        window = self.ensure_window()
        window.show()
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.raise_()
        window.activateWindow()
        return window

    def open_message(self, key: str) -> None:
        """A notification was clicked: its message (or, for a summary's "", the list)."""
        window = self.show_window()
        if key:
            window.open_message(key)

    def show_settings(self) -> SettingsDialog:
        """Message settings, contacts and groups (one dialog, kept up to date by the news)."""
        if self.settings_dialog is None:
            from desktop.views.contacts_page import Verifier
            from desktop.views.settings_dialog import SettingsDialog

            verifier = Verifier(lambda: self.online, self._start_verification, self._confirm_code)
            dialog = SettingsDialog(
                self.cache, self.edits, verifier, self.language, parent=self.window
            )
            self.news.dataChanged.connect(dialog.refresh_if_entities)
            self.news.outboxChanged.connect(dialog.refresh)
            self.news.stateChanged.connect(dialog.set_connection)
            dialog.set_online(self.online)
            self.settings_dialog = dialog
        self.settings_dialog.show()
        self.settings_dialog.raise_()
        self.settings_dialog.activateWindow()
        return self.settings_dialog

    def _start_verification(self, contact_id: str, channel: str, done: Reply) -> None:
        assert self.engine is not None
        call = self.engine.client.start_verification

        def send() -> None:
            from desktop.account import demo

            with demo.sending_code():  # the demo's server says the code it "sent"
                call(contact_id, channel)

        self._tasks.submit(send, on_done=lambda _reply: done(None), on_error=done)

    def _confirm_code(self, contact_id: str, channel: str, code: str, done: Reply) -> None:
        assert self.engine is not None

        def confirmed(_reply: Any) -> None:
            self.sync_now()  # the verified flag comes with the next catch-up: now
            done(None)

        call = self.engine.client.confirm_verification
        self._tasks.submit(call, contact_id, channel, code, on_done=confirmed, on_error=done)

    # -- the end -----------------------------------------------------------------------------------

    def close(self) -> None:
        """Announce what is gathered, close the views, stop the engine, then close the edits and
        the cache connections, in that order: news still queued from the engine finds views
        that are shut down, and nothing reads a closed cache. Once only."""
        if self._closed:
            return
        self._closed = True
        take_back_what_start_made()  # what the profile made may now become garbage
        self._tasks.close(wait=False)  # a verification code or a token still on its way
        if self.announcer is not None:
            self.announcer.flush()  # shown and recorded before the cache closes
            self.announcer.deleteLater()  # on this thread (it owns timers)
            self.announcer = None
        self._close_views()
        if self.engine is not None:
            self.engine.stop()
            self.engine = None
        self.edits.close()
        self.cache.close()
        self.unread.close()  # every count to 0 (the tray shows it)

    def _close_views(self) -> None:
        if self.settings_dialog is not None:
            self.settings_dialog.shut_down()
            self.settings_dialog.close()
            self.settings_dialog.deleteLater()
            self.settings_dialog = None
        if self.window is not None:
            self.window.save_layout()
            self.window.shut_down()
            self.window.hides_on_close = lambda: False
            self.window.closed.disconnect(self.quitRequested)
            self.window.hide()
            self.window.deleteLater()
            self.window = None


def connect_window(news: SyncSignals, window: MainWindow) -> None:
    """The profile's news to the window: queued from the engine's threads, in the same turn from
    local edits. (Its unread counts are the runtime's, refreshed by the runtime.)"""
    news.dataChanged.connect(window.apply_changes)
    news.stateChanged.connect(window.set_connection)
    news.outboxChanged.connect(window.set_outbox_size)
    news.errorRaised.connect(window.show_problem)
    news.syncProgress.connect(window.set_sync_progress)
