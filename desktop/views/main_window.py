"""The main window: categories, the message list, the selected message; actions and status."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QObject,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.cache.rows import ChangeSummary, Message
from desktop.cache.store import Cache
from desktop.i18n.plural import plural
from desktop.models.categories import CategoryListModel, UnreadCounts
from desktop.models.messages import IdRole, MessageFilter, MessageListModel
from desktop.runtime.local_edits import UNDO_SECONDS, LocalEdits
from desktop.sync.states import ConnectionState, notice, read_notice
from desktop.views import theme
from desktop.views.a11y import describe
from desktop.views.delegates import CategoryDelegate, MessageDelegate, local_time
from desktop.views.detail import MessageDetail
from desktop.views.elided import ElidedLabel
from desktop.views.text import clean, one_line, tooltip_html
from desktop.views.wording import render

SEARCH_DELAY_MS = 150
_SHIFT = Qt.KeyboardModifier.ShiftModifier
# A message shown this long counts as read: moving through the list with j/k, or a list that
# takes focus and shows its first row, does not mark everything read on the way.
READ_AFTER_MS = 600


def status_tooltip(text: str) -> str:
    """What the engine or the server said, for the connection's tooltip."""
    return tooltip_html(clean(render(text))) if text else ""


_Key = Qt.Key
MOVING_KEYS = {
    _Key.Key_Up, _Key.Key_Down, _Key.Key_Home, _Key.Key_End, _Key.Key_PageUp, _Key.Key_PageDown
}  # fmt: skip


def _plain(event: QKeyEvent) -> Qt.KeyboardModifier:
    return event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier


class MessageListView(QTableView):
    """The message list: one column of delegate-painted rows, one stop in the focus chain.

    As in mail clients, the selection follows the keyboard: the arrows, J and K, Home and End,
    Page Up and Down, with Ctrl or without, move it (Qt moves only the focus with Ctrl, and
    Delete then hit a message the user no longer saw); Shift extends it; Ctrl+Space and
    Ctrl+click toggle one row. Tab leaves the list.

    A table rather than a QListView: a list view lays out every row before it shows (0.3 s for
    100,000 rows, seconds for a million); a table with fixed row heights does not.
    """

    def __init__(self, row_height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabKeyNavigation(False)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.horizontalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(row_height)

    empty_text = ""

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.model() is not None and self.model().rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                self.viewport().rect().adjusted(16, 16, -16, -16),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.empty_text,
            )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if key in (Qt.Key.Key_J, Qt.Key.Key_K) and not _plain(event) & ~_SHIFT:
            arrow = Qt.Key.Key_Down if key == Qt.Key.Key_J else Qt.Key.Key_Up
            event = QKeyEvent(event.type(), arrow, event.modifiers())  # Shift+J extends
            key = arrow
        current = self.currentIndex()
        selection = self.selectionModel()
        if (
            key in (Qt.Key.Key_Up, Qt.Key.Key_Down)
            and not _plain(event)
            and current.isValid()
            and not selection.hasSelection()
        ):
            # The row with the focus (Tab put it there) is not selected: the first step selects
            # it rather than skipping past it.
            self.select_only(current)
            return
        super().keyPressEvent(event)

    def select_only(self, index: QModelIndex) -> None:
        """Make `index` the current row and the whole selection. For moves the program makes
        (Next, J in the body, the next message after a delete): `setCurrentIndex` would read the
        keys held at that moment, and Shift or Ctrl would extend or toggle instead."""
        flags = QItemSelectionModel.SelectionFlag
        self.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self.scrollTo(index)

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Home and End go to the first and last message (in a table, without Ctrl, they go to
        the first and last column: nothing, in one column)."""
        count = self.model().rowCount() if self.model() is not None else 0
        if count and action == QAbstractItemView.CursorAction.MoveHome:
            return self.model().index(0, 0)
        if count and action == QAbstractItemView.CursorAction.MoveEnd:
            return self.model().index(count - 1, 0)
        return super().moveCursor(action, modifiers)

    def selectionCommand(self, index, event=None) -> QItemSelectionModel.SelectionFlag:
        """Ctrl with a moving key moves the selection too; Ctrl+Space still toggles."""
        if (
            isinstance(event, QKeyEvent)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and Qt.Key(event.key()) in MOVING_KEYS
        ):
            event = QKeyEvent(
                event.type(), event.key(), event.modifiers() & ~Qt.KeyboardModifier.ControlModifier
            )
        return super().selectionCommand(index, event)


class MainWindow(QMainWindow):
    """Shows the cache; every change goes through `LocalEdits` (and so the outbox).

    The detail pane shows the current message when it is selected, and otherwise says that none
    is; every action acts on the selection. Focus starts in the list; Tab goes categories,
    search, Unread only, list, body.
    """

    firstPainted = Signal()  # the list is on screen: slower work may start
    syncRequested = Signal()
    signOutRequested = Signal()
    quitRequested = Signal()
    settingsRequested = Signal()
    preferencesRequested = Signal()
    closed = Signal()  # closed for good (not hidden to the tray)

    def __init__(
        self,
        cache: Cache,
        edits: LocalEdits,
        settings_file: str,
        language: str = "en",
        parent: QWidget | None = None,
        counts: UnreadCounts | None = None,
    ) -> None:
        super().__init__(parent)
        self.cache = cache
        self.edits = edits
        self.language = language
        self._settings = QSettings(settings_file, QSettings.Format.IniFormat)
        self._last_deleted: list[Message] = []
        self._undoing: list[str] = []  # ids being put back, selected once they are
        self._delete_row: int | None = None  # where the deleted rows were: the next is selected
        self._read_id: str | None = None  # the unread message shown, read after READ_AFTER_MS
        self._total_unread = 0
        self._shut_down = False
        self._awaiting_first_paint = True
        self._syncing = False  # a full sync's progress replaces "Syncing…" only while it runs
        # Where the list was before rows came or went (`_remember_position`, `_remember_scroll`).
        self._scroll_before = 0
        self._kept_ids: list[str] = []
        self._kept_current: str | None = None
        self._kept_current_row: int | None = None
        self._kept_top: str | None = None
        # First: a palette change while the rest is built recolours it (`changeEvent`).
        self.problem_label = ElidedLabel()
        self.count_in_title = False  # where there is no tray to carry the count
        self.hides_on_close = lambda: False  # closing only hides it (the app stays in the tray)
        self.title = self.tr("Message Center")  # "Message Center" in English: scripts find it
        self.setWindowTitle(self.title)
        self.setAccessibleName(self.tr("Message Center"))

        self._owns_counts = counts is None
        if counts is None:  # a window of its own (tests), refreshed by whoever made it
            counts = UnreadCounts(cache, self)
        self.counts = counts
        self.categories = CategoryListModel(language, self)
        self.messages = MessageListModel(cache, language, self)
        self._build_lists()
        self._build_actions()
        self._build_status_bar()
        self._build_focus_chain()
        self._restore_layout()

        self.edits.failed.connect(self.show_problem)
        self.message_view.viewport().installEventFilter(self)
        counts.changed.connect(self.set_counts)
        self.set_counts(counts.counts)
        self.category_view.setCurrentIndex(self.categories.index(0))
        waiting = cache.outbox.size()
        self.set_outbox_size(waiting)
        last = cache.database.get_meta("last_sync_ms")
        if last:
            self._set_last_sync(int(last))
        self.message_view.setFocus()  # j, k and Enter work at once

    # -- building ---------------------------------------------------------------------------------

    def _build_lists(self) -> None:
        self.category_view = QListView()
        self.category_view.setModel(self.categories)
        self.category_view.setItemDelegate(CategoryDelegate(self.category_view))
        self.category_view.setAccessibleName(self.tr("Categories"))
        describe(self.category_view, self.tr("Each category with its unread count"))
        self.category_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.category_view.selectionModel().currentChanged.connect(self._category_changed)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search titles and bodies"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search messages"))
        describe(
            self.search,
            self.tr(
                "Finds messages by title or body as you type (Ctrl+F); Escape goes to the list"
            ),
        )
        self.search.installEventFilter(self)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.unread_only = QCheckBox(self.tr("&Unread only"))
        self.unread_only.setAccessibleName(self.tr("Show unread messages only"))
        describe(self.unread_only, self.tr("Hides messages you have read"))
        self.unread_only.toggled.connect(self._apply_filter)

        delegate = MessageDelegate()
        self.message_view = MessageListView(delegate.row_height(self.font()))
        self.message_view.setModel(self.messages)
        self.message_view.setItemDelegate(delegate)
        self.message_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.message_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.message_view.setAccessibleName(self.tr("Messages"))
        describe(
            self.message_view,
            self.tr(
                "Newest first; arrows, J and K move, Enter opens, Delete deletes, "
                "Ctrl+Z undoes, Tab goes to the message"
            ),
        )
        selection = self.message_view.selectionModel()
        selection.currentChanged.connect(self._sync_detail)
        selection.selectionChanged.connect(self._sync_detail)
        self.message_view.activated.connect(self._open_current)
        self.messages.rowsAboutToBeInserted.connect(self._remember_scroll)
        self.messages.rowsInserted.connect(self._keep_scroll)
        self.messages.modelAboutToBeReset.connect(self._remember_position)
        self.messages.modelReset.connect(self._restore_position)

        self.undo_bar = QWidget()
        self.undo_label = QLabel()
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setAccessibleName(self.tr("Undo delete"))
        describe(self.undo_button, self.tr("Puts the deleted messages back (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.undo_delete)
        undo_layout = QHBoxLayout(self.undo_bar)
        undo_layout.setContentsMargins(8, 4, 8, 4)
        undo_layout.addWidget(self.undo_label, 1)
        undo_layout.addWidget(self.undo_button)
        self.undo_bar.hide()
        self._read_timer = QTimer(self, singleShot=True, interval=READ_AFTER_MS)
        self._read_timer.timeout.connect(self._mark_shown_read)
        self._undo_timer = QTimer(self, singleShot=True, interval=UNDO_SECONDS * 1000)
        self._undo_timer.timeout.connect(self._undo_expired)

        middle = QWidget()
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.unread_only)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addLayout(filters)
        middle_layout.addWidget(self.message_view, 1)
        middle_layout.addWidget(self.undo_bar)

        self.detail = MessageDetail(self.language)
        self.detail.previousRequested.connect(lambda: self.move_selection(-1))
        self.detail.nextRequested.connect(lambda: self.move_selection(1))
        self.detail.leaveRequested.connect(self.message_view.setFocus)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.category_view)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([190, 430, 560])
        self.setCentralWidget(self.splitter)

    def _build_focus_chain(self) -> None:
        """Categories, search, Unread only, the list (one stop), Undo when shown, the body."""
        chain = [
            self.category_view,
            self.search,
            self.unread_only,
            self.message_view,
            self.undo_button,
            self.detail.previous_button,
            self.detail.next_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _action(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
        slot: Callable[[], object],
    ) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.action_read = self._action(self.tr("Mark as &read"), "Ctrl+M", lambda: self.mark(True))
        self.action_unread = self._action(
            self.tr("Mark as &unread"), "Ctrl+U", lambda: self.mark(False)
        )
        self.action_delete = self._action(
            self.tr("&Delete"), QKeySequence.StandardKey.Delete, self.delete_selected
        )
        self.action_undo = self._action(
            self.tr("&Undo delete"), QKeySequence.StandardKey.Undo, self.undo_delete
        )
        self.action_read_all = self._action(
            self.tr("Mark &all as read"), "Ctrl+Shift+M", self.mark_all_read
        )
        self.action_sync = self._action(self.tr("&Sync now"), "Ctrl+R", self.syncRequested.emit)
        self.action_find = self._action(self.tr("&Find"), "Ctrl+F", self._focus_search)
        # j / k belong to the list (MessageListView); the menu names them without owning them.
        self.action_next = self._action(
            self.tr("&Next message") + "\tJ", None, lambda: self.move_selection(1)
        )
        self.action_previous = self._action(
            self.tr("&Previous message") + "\tK", None, lambda: self.move_selection(-1)
        )
        self.action_settings = self._action(
            self.tr("&Message settings…"), "Ctrl+,", self.settingsRequested.emit
        )
        self.action_preferences = self._action(
            self.tr("&Preferences…"), None, self.preferencesRequested.emit
        )
        self.action_sign_out = self._action(self.tr("Sign &out…"), None, self.signOutRequested.emit)
        self.action_quit = self._action(
            self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.quitRequested.emit
        )
        # Enter opens the current message, from the list (activated) or anywhere else.
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.message_view, self._open_current)

        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(self.action_sync)
        file_menu.addAction(self.action_settings)
        file_menu.addAction(self.action_preferences)
        file_menu.addSeparator()
        file_menu.addAction(self.action_sign_out)
        file_menu.addAction(self.action_quit)
        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        edit_menu.addAction(self.action_undo)
        edit_menu.addAction(self.action_find)
        message_menu = self.menuBar().addMenu(self.tr("&Message"))
        for action in (
            self.action_read,
            self.action_unread,
            self.action_read_all,
            self.action_delete,
            self.action_next,
            self.action_previous,
        ):
            message_menu.addAction(action)

        toolbar = QToolBar(self.tr("Actions"))
        toolbar.setObjectName("actions")
        toolbar.setMovable(False)
        toolbar.setAccessibleName(self.tr("Actions"))
        for action in (
            self.action_read,
            self.action_unread,
            self.action_delete,
            self.action_read_all,
            self.action_sync,
        ):
            toolbar.addAction(action)
        self.addToolBar(toolbar)
        self._update_actions()

    def _build_status_bar(self) -> None:
        # A label's text is its accessible name: none is set here, so that a screen reader reads
        # "Offline" or the count; what each one is goes in its description.
        self.state_label = QLabel(self.tr("Offline"))
        self.state_label.setAccessibleDescription(self.tr("Connection"))
        self.last_sync_label = QLabel()
        self.last_sync_label.setAccessibleDescription(self.tr("Last sync"))
        self.outbox_label = QLabel()
        self.outbox_label.setAccessibleDescription(self.tr("Changes waiting to be sent"))
        # The next two may carry the server's words: elided (whole in their tooltip), they never
        # widen the window.
        self.problem_label.setAccessibleDescription(self.tr("Problem"))
        self._colour_problem()
        # Lasting facts (no keyring), not cleared when online; room for a sentence.
        self.notice_label = ElidedLabel(hint_characters=120)
        self.notice_label.setAccessibleDescription(self.tr("Notice"))
        bar = self.statusBar()
        bar.addWidget(self.state_label)
        bar.addWidget(self.last_sync_label)
        bar.addWidget(self.problem_label, 1)
        bar.addPermanentWidget(self.notice_label)
        bar.addPermanentWidget(self.outbox_label)
        for label in (self.last_sync_label, self.problem_label, self.notice_label):
            label.hide()  # shown with a text: an empty label is nothing to read
        self.outbox_label.hide()

    def _colour_problem(self) -> None:
        self.problem_label.setStyleSheet(theme.problem_style())

    def changeEvent(self, event: QEvent) -> None:
        """Light and dark switched: the colours of our own follow at once."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._colour_problem()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if Qt.Key(event.key()) in (Qt.Key.Key_Escape, Qt.Key.Key_Down) and not _plain(event):
                self.message_view.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        if (
            self._awaiting_first_paint
            and event.type() == QEvent.Type.Paint
            and watched is self.message_view.viewport()
        ):
            self._awaiting_first_paint = False
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.firstPainted.emit)
        return super().eventFilter(watched, event)

    # -- the sync engine's news --------------------------------------------------------------------

    def shut_down(self) -> None:
        """Before the cache closes: news still queued from the engine's threads is ignored."""
        if self._shut_down:
            return
        self._shut_down = True
        self.counts.changed.disconnect(self.set_counts)
        if self._owns_counts:
            self.counts.close()  # news still queued for it reads nothing from a closed cache
        self._undo_timer.stop()
        self._search_timer.stop()
        self._read_timer.stop()

    def set_counts(self, counts: dict[str, int]) -> None:
        if self._shut_down:
            return
        self.categories.set_counts(counts)
        self._total_unread = counts.get("all", 0)
        self.update_title()

    def update_title(self) -> None:
        """The count goes in the title where there is no tray to carry it."""
        if self.count_in_title and self._total_unread:
            self.setWindowTitle(f"({self._total_unread}) {self.title}")
        else:
            self.setWindowTitle(self.title)

    def apply_changes(self, summary: ChangeSummary) -> None:
        """What changed in the cache (a batch from the sync engine, or a local edit): insert new
        rows at the top, repaint the rest."""
        if self._shut_down:
            return
        if summary.full_resync or summary.messages_deleted:
            self.messages.refresh()
        elif summary.messages_added:
            self.messages.refresh_after_insert()
        elif summary.messages_changed:
            self.messages.refresh_in_place()
        self._sync_detail(force=True)

    def set_connection(self, state: str, detail: str) -> None:
        words: dict[str, str] = {  # `state` comes through a signal as text
            ConnectionState.ONLINE: self.tr("Online"),
            ConnectionState.OFFLINE: self.tr("Offline"),
            ConnectionState.SYNCING: self.tr("Syncing…"),
            ConnectionState.SIGNED_OUT: self.tr("Signed out"),
        }
        text = words.get(state, state)
        self._syncing = state == ConnectionState.SYNCING
        self.state_label.setText(text)
        self.state_label.setToolTip(status_tooltip(detail))
        if state == ConnectionState.ONLINE:
            self._set_last_sync(int(time.time() * 1000))
            self._set_status(self.problem_label, "")
        elif state == ConnectionState.SIGNED_OUT and detail:
            self.show_problem(detail)

    def set_sync_progress(self, received: int, expected: int) -> None:
        """How far a full sync is ("Syncing… 40,000 / 100,000"), while it is under way. Built
        from the words already translated and the locale's numbers."""
        if self._shut_down or not self._syncing or not expected:
            return
        locale = QLocale()
        numbers = f"{locale.toString(received)} / {locale.toString(expected)}"
        self.state_label.setText(f"{self.tr('Syncing…')} {numbers}")

    def _set_last_sync(self, ms: int) -> None:
        moment = local_time(ms)
        self._set_status(self.last_sync_label, self.tr("Last sync {time}").format(time=moment))

    def set_outbox_size(self, size: int) -> None:
        if self._shut_down:
            return
        text = plural(self.tr("%n change(s) waiting to be sent", "", size), size) if size else ""
        self._set_status(self.outbox_label, text)

    def show_problem(self, text: str) -> None:
        """A passing problem: cleared once the server answers again. The log's path (a long
        one would push the rest out of the line) goes to the tooltip and the accessible
        description; the line says where the details are in words."""
        found = read_notice(text) or {}
        log = found.get("log")
        shown = render(notice(**{**found, "log": ""}) if log else text)
        if log:
            shown += " " + self.tr("Details are in the log.")
        self._set_status(self.problem_label, one_line(shown))
        self.problem_label.setToolTip(status_tooltip(text))  # the whole sentence, always
        about = self.tr("Problem")
        if log:
            about = self.tr("Problem; the details are in the log, {path}").format(path=log)
        self.problem_label.setAccessibleDescription(about)

    def show_notice(self, text: str) -> None:
        """Something true for the whole run, such as a token kept in memory only."""
        self._set_status(self.notice_label, one_line(render(text)))

    @staticmethod
    def _set_status(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    # -- selection and reading --------------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        return sorted(i.row() for i in self.message_view.selectionModel().selectedRows())

    def selected_ids(self) -> list[str]:
        return [i for i in (self.messages.id_at(r) for r in self.selected_rows()) if i]

    def _category_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._apply_filter()

    def current_category(self) -> str | None:
        index = self.category_view.currentIndex()
        category = self.categories.category_at(index.row()) if index.isValid() else "all"
        return None if category == "all" else category

    def _apply_filter(self) -> None:
        """The list for the category, Unread only and the search; the open message stays open
        (and selected) if it belongs, even when read and Unread only is on."""
        message_filter = MessageFilter(
            self.current_category(),
            self.unread_only.isChecked(),
            self.search.text(),
            keep=self.detail.message_id,
        )
        self.messages.set_filter(message_filter)
        if message_filter.search.strip():
            self.message_view.empty_text = self.tr("No message matches “{text}”.").format(
                text=message_filter.search.strip()
            )
        elif message_filter.unread_only:
            self.message_view.empty_text = self.tr("No unread messages.")
        else:
            self.message_view.empty_text = self.tr("No messages here yet.")
        self.message_view.viewport().update()
        self._sync_detail()

    def _shown_index(self) -> QModelIndex:
        """The current row if it is selected (what the detail shows), else an invalid index."""
        current = self.message_view.currentIndex()
        if current.isValid() and self.message_view.selectionModel().isSelected(current):
            return current
        return QModelIndex()

    def _sync_detail(self, *_args, force: bool = False) -> None:
        """The detail shows the current message when it is selected; otherwise it says that
        none is (or how many are). `force`: read it again from the cache (the sync changed it)."""
        self._update_actions()
        shown = self._shown_index()
        message_id = shown.data(IdRole) if shown.isValid() else None
        if message_id and (force or message_id != self.detail.message_id):
            message = self.cache.messages.get(message_id)
            if message is not None:
                opened = message_id != self.detail.message_id
                self.detail.show_message(message)
                self.messages.keep(message_id)
                if opened:
                    self._read_id = None if message.read else message_id
                    if self._read_id:
                        self._read_timer.start()
                return
            message_id = None
        if message_id is None:
            self._read_timer.stop()
            self._read_id = None
            count = len(self.message_view.selectionModel().selectedRows())
            if count:
                text = plural(self.tr("%n message(s) selected.", "", count), count)
            else:
                text = self.tr("No message selected.")
            self.detail.show_nothing(text)

    def _mark_shown_read(self) -> None:
        if self._read_id and self._read_id == self.detail.message_id:
            self.edits.mark_read([self._read_id], True)  # shown long enough: read
        self._read_id = None

    def _open_current(self, *_args) -> None:
        """Enter: open the current message at once (and mark it read); focus stays in the list,
        so that J and K go on working (Tab goes into the body)."""
        current = self.message_view.currentIndex()
        if not current.isValid():
            return
        if not self.message_view.selectionModel().isSelected(current):
            self.message_view.select_only(current)  # it is what opens
        self._sync_detail()
        self._read_timer.stop()
        self._mark_shown_read()

    def open_message(self, message_id: str) -> bool:
        """Show one message (a notification was clicked): in All, unfiltered, opened at once.
        False if it is no longer there (deleted meanwhile)."""
        self.search.clear()
        self._search_timer.stop()
        self.unread_only.setChecked(False)
        self.category_view.setCurrentIndex(self.categories.index(0))
        self._apply_filter()
        row = self.messages.row_of(message_id)
        if row is None:
            self.show_problem(self.tr("That message is no longer here."))
            return False
        index = self.messages.index(row)
        self.message_view.select_only(index)
        self.message_view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self._open_current()
        self.message_view.setFocus()
        return True

    def select_row(self, row: int) -> None:
        """Select one row (and show it), as a click on it does."""
        self.message_view.select_only(self.messages.index(row))

    def move_selection(self, step: int) -> None:
        count = self.messages.rowCount()
        if not count:
            return
        current = self.message_view.currentIndex()
        row = current.row() + step if current.isValid() else 0
        row = max(0, min(count - 1, row))
        self.message_view.select_only(self.messages.index(row))

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _update_actions(self, *_args) -> None:
        has_selection = self.message_view.selectionModel().hasSelection()
        for action in (self.action_read, self.action_unread, self.action_delete):
            action.setEnabled(has_selection)
        self.action_undo.setEnabled(bool(self._last_deleted))

    # -- keeping the view still while rows come and go -------------------------------------------

    def _remember_scroll(self, *_args) -> None:
        bar = self.message_view.verticalScrollBar()
        self._scroll_before = bar.value()

    def _keep_scroll(self, _parent: QModelIndex, first: int, last: int) -> None:
        """New rows at the top: a reader scrolled down keeps seeing the same messages."""
        if first == 0 and self._scroll_before > 0:
            # The scroll bar learns of the new rows later (a queued relayout): at the end of
            # the list, the value below would be cut to the old end, and the list would jump.
            self.message_view.updateGeometries()
            bar = self.message_view.verticalScrollBar()  # in rows: the list scrolls by item
            bar.setValue(self._scroll_before + (last - first + 1))

    def _remember_position(self) -> None:
        self._kept_ids = self.selected_ids()
        current = self.message_view.currentIndex()
        self._kept_current = current.data(IdRole) if current.isValid() else None
        self._kept_current_row = current.row() if current.isValid() else None
        top = self.message_view.indexAt(self.message_view.viewport().rect().topLeft())
        self._kept_top = top.data(IdRole) if top.isValid() else None

    def _restore_position(self) -> None:
        """After the list was rebuilt: the same messages selected, the same one current, the
        same one at the top. A current message that is gone (deleted, or read with Unread
        only) leaves the focus on the row that took its place, selecting nothing."""
        rows = [self.messages.row_of(i) for i in self._kept_ids[:200]]
        current = self._kept_current
        row = self.messages.row_of(current) if current else None
        self._select([r for r in rows if r is not None], row, self._kept_current_row)
        top_row = self.messages.row_of(self._kept_top) if self._kept_top else None
        if top_row is not None:
            self.message_view.scrollTo(
                self.messages.index(top_row), QAbstractItemView.ScrollHint.PositionAtTop
            )

    def _select(self, rows: list[int], current: int | None, fallback: int | None = None) -> None:
        """Select `rows` at once (one selectionChanged), with `current` the current row (or,
        failing that, the focus on row `fallback`, kept within the list)."""
        selection_model = self.message_view.selectionModel()
        selection = QItemSelection()
        for row in rows:
            index = self.messages.index(row)
            selection.select(index, index)
        flags = QItemSelectionModel.SelectionFlag
        selection_model.select(selection, flags.ClearAndSelect | flags.Rows)
        count = self.messages.rowCount()
        if current is None and fallback is not None and count:
            current = min(fallback, count - 1)
        if current is not None:
            selection_model.setCurrentIndex(self.messages.index(current), flags.NoUpdate)
        self._sync_detail()

    # -- actions ---------------------------------------------------------------------------------

    def mark(self, read: bool) -> None:
        ids = self.selected_ids()
        if ids:
            self.edits.mark_read(ids, read)

    def delete_selected(self) -> None:
        rows = self.selected_rows()
        ids = self.selected_ids()
        if ids:
            self._delete_row = rows[0]
            self.edits.delete(ids, on_done=self._deleted)

    def undo_delete(self) -> None:
        """Undo (its button or Ctrl+Z): the messages go back where they were, selected."""
        if self._last_deleted:
            self._undoing = [r.id for r in self._last_deleted]
            self.edits.undo_delete(self._last_deleted, on_done=self._undone)
            self._last_deleted = []
        self._undo_timer.stop()
        self.undo_bar.hide()
        self._update_actions()

    def _undo_expired(self) -> None:
        self._last_deleted = []
        self.undo_bar.hide()
        self._update_actions()

    def mark_all_read(self) -> None:
        self.edits.mark_all_read(self.current_category())

    def _deleted(self, rows: list[Message]) -> None:
        """The rows are gone from the cache (and from the list, with the news): the undo bar,
        and the next one selected."""
        row, self._delete_row = self._delete_row, None
        if not rows:  # deleted already (Delete pressed twice): the undo of the first stays
            return
        self._last_deleted = rows
        count = len(rows)
        self.undo_label.setText(plural(self.tr("%n message(s) deleted.", "", count), count))
        self.undo_bar.show()
        self._undo_timer.start()
        if row is not None and not self.message_view.selectionModel().hasSelection():
            left = self.messages.rowCount()
            if left:
                self.message_view.select_only(self.messages.index(min(row, left - 1)))
        self._update_actions()

    def _undone(self, restored: bool) -> None:
        ids, self._undoing = self._undoing, []
        if not restored:
            self.show_problem(self.tr("Too late to undo: the delete was already sent."))
            return
        rows = sorted(r for r in (self.messages.row_of(i) for i in ids) if r is not None)
        if rows:
            self._select(rows, rows[0])
            self.message_view.scrollTo(self.messages.index(rows[0]))

    # -- layout, remembered per profile ----------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self._settings.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1180, 720)
        splitter = self._settings.value("splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def save_layout(self) -> None:
        self._settings.setValue("geometry", self.saveGeometry())
        self._settings.setValue("splitter", self.splitter.saveState())
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        if self.hides_on_close():
            event.ignore()
            self.hide()
            return
        super().closeEvent(event)
        self.closed.emit()
