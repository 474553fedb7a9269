"""The main window: categories, the message list, the selected message; actions and status.

The window is the composition: its parts live beside it (`message_list`, `filters`, `panes`,
`reading`, `list_position`, `undo_delete`, `status_bar`, `window_actions`) and it wires them
together.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QByteArray, QEvent, QModelIndex, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QMainWindow,
    QPushButton,
    QWidget,
)

from desktop.cache.rows import ChangeSummary
from desktop.cache.store import Cache
from desktop.i18n.plural import plural
from desktop.models.categories import CategoryListModel, UnreadCounts
from desktop.models.messages import MessageFilter, MessageListModel
from desktop.runtime.local_edits import LocalEdits
from desktop.views.detail import MessageDetail
from desktop.views.elided import ElidedLabel
from desktop.views.filters import SearchField, category_list, empty_text, unread_only_box
from desktop.views.list_position import ListPosition
from desktop.views.message_list import MessageListView
from desktop.views.panes import PaneSplitter
from desktop.views.reading import Reading
from desktop.views.status_bar import WindowStatusBar
from desktop.views.undo_delete import UndoBar
from desktop.views.window_actions import WindowActions


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
        self._total_unread = 0
        self._shut_down = False
        self._awaiting_first_paint = True
        self.count_in_title = False  # where there is no tray to carry the count
        self.hides_on_close = lambda: False  # closing only hides it (the app stays in the tray)
        self.title = self.tr("Message Center")  # "Message Center" in English: scripts find it
        self.setWindowTitle(self.title)
        self.setAccessibleName(self.tr("Message Center"))
        self._owns_counts = counts is None
        # A window of its own (tests) makes its counts, refreshed by whoever made it.
        self.counts = UnreadCounts(cache, self) if counts is None else counts
        self.categories = CategoryListModel(language, self)
        self.messages = MessageListModel(cache, language, self)

        self.status_bar = WindowStatusBar()
        self.category_view = category_list(self.categories)
        self.search = SearchField()
        self.unread_only = unread_only_box()
        self.message_view = MessageListView(self.messages, self.font())
        self.detail = MessageDetail(language)
        self.position = ListPosition(self.message_view, self)
        self.reading = Reading(
            cache, edits, self.message_view, self.detail, self._selected_text, self
        )
        self.undo_bar = UndoBar(edits, self.message_view, self.position, self._deleted_text)
        self.splitter = PaneSplitter(
            self.category_view,
            self.search,
            self.unread_only,
            self.message_view,
            self.undo_bar,
            self.detail,
        )
        self.setCentralWidget(self.splitter)
        self.window_actions = WindowActions(self)
        self.window_actions.fill_menus()
        self.window_actions.fill_toolbar()
        self.setStatusBar(self.status_bar)
        self._connect_parts()
        self._build_focus_chain()
        self._restore_layout()
        self._show_first_state()

    # -- building ---------------------------------------------------------------------------------

    def _connect_parts(self) -> None:
        self.category_view.selectionModel().currentChanged.connect(self._category_changed)
        self.search.searchChanged.connect(self._apply_filter)
        self.search.leaveRequested.connect(
            lambda: self.message_view.setFocus(Qt.FocusReason.OtherFocusReason)
        )
        self.unread_only.toggled.connect(self._apply_filter)
        selection = self.message_view.selectionModel()
        selection.currentChanged.connect(self._sync_detail)
        selection.selectionChanged.connect(self._sync_detail)
        self.message_view.activated.connect(self._open_current)
        # Enter opens the current message, from the list (activated) or anywhere else.
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.message_view, self._open_current)
        self.position.selectionSet.connect(self._sync_detail)
        self.undo_bar.changed.connect(self._update_actions)
        self.undo_bar.problem.connect(self.show_problem)
        self.detail.previousRequested.connect(lambda: self.message_view.move_selection(-1))
        self.detail.nextRequested.connect(lambda: self.message_view.move_selection(1))
        self.detail.leaveRequested.connect(self.message_view.setFocus)
        self.edits.failed.connect(self.show_problem)
        self.message_view.viewport().installEventFilter(self)
        self.counts.changed.connect(self.set_counts)

    def _build_focus_chain(self) -> None:
        """Categories, search, Unread only, the list (one stop), Undo when shown, the body."""
        chain = [
            self.category_view,
            self.search,
            self.unread_only,
            self.message_view,
            self.undo_bar.undo_button,
            self.detail.previous_button,
            self.detail.next_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _show_first_state(self) -> None:
        """The counts, All, the outbox and the last sync as the cache has them; focus in the
        list, so that j, k and Enter work at once."""
        self._update_actions()
        self.set_counts(self.counts.counts)
        self.category_view.setCurrentIndex(self.categories.index(0))
        self.set_outbox_size(self.cache.outbox.size())
        last = self.cache.database.get_meta("last_sync_ms")
        if last:
            self.status_bar.set_last_sync(int(last))
        self.message_view.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The list's first paint: `firstPainted`, once."""
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
        self.undo_bar.stop()
        self.search.stop()
        self.reading.stop()

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
        self.status_bar.set_connection(state, detail)

    def set_sync_progress(self, received: int, expected: int) -> None:
        if not self._shut_down:
            self.status_bar.set_sync_progress(received, expected)

    def set_outbox_size(self, size: int) -> None:
        if self._shut_down:
            return
        text = plural(self.tr("%n change(s) waiting to be sent", "", size), size) if size else ""
        self.status_bar.show_outbox(text)

    def show_problem(self, text: str) -> None:
        """A passing problem: cleared once the server answers again."""
        self.status_bar.show_problem(text)

    def show_notice(self, text: str) -> None:
        """Something true for the whole run, such as a token kept in memory only."""
        self.status_bar.show_notice(text)

    # -- texts with a plural: lupdate reads the plural forms only from `self.tr`, so these stay
    # -- here rather than in the parts that show them

    def _selected_text(self, count: int) -> str:
        return plural(self.tr("%n message(s) selected.", "", count), count)

    def _deleted_text(self, count: int) -> str:
        return plural(self.tr("%n message(s) deleted.", "", count), count)

    # -- selection and reading --------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        return self.message_view.selected_ids()

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
        self.message_view.empty_text = empty_text(message_filter)
        self.message_view.viewport().update()
        self._sync_detail()

    def _sync_detail(self, *_args, force: bool = False) -> None:
        """The actions and the detail follow the selection. `force`: read the message shown
        again from the cache (the sync changed it)."""
        self._update_actions()
        self.reading.follow(force)

    def _open_current(self, *_args) -> None:
        """Enter: open the current message at once (and mark it read); focus stays in the list,
        so that J and K go on working (Tab goes into the body)."""
        current = self.message_view.currentIndex()
        if not current.isValid():
            return
        if not self.message_view.selectionModel().isSelected(current):
            self.message_view.select_only(current)  # it is what opens
        self._sync_detail()
        self.reading.mark_read_now()

    def open_message(self, message_id: str) -> bool:
        """Show one message (a notification was clicked): in All, unfiltered, opened at once.
        False if it is no longer there (deleted meanwhile)."""
        self.search.clear_now()
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

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _update_actions(self, *_args) -> None:
        has_selection = self.message_view.selectionModel().hasSelection()
        self.window_actions.update(has_selection, self.undo_bar.can_undo())

    # -- actions ---------------------------------------------------------------------------------

    def mark(self, read: bool) -> None:
        ids = self.selected_ids()
        if ids:
            self.edits.mark_read(ids, read)

    def mark_all_read(self) -> None:
        self.edits.mark_all_read(self.current_category())

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

    # -- the parts' widgets and actions, by the names scripts and tests know ---------------------

    @property
    def state_label(self) -> QLabel:
        return self.status_bar.state_label

    @property
    def outbox_label(self) -> QLabel:
        return self.status_bar.outbox_label

    @property
    def problem_label(self) -> ElidedLabel:
        return self.status_bar.problem_label

    @property
    def undo_label(self) -> QLabel:
        return self.undo_bar.undo_label

    @property
    def undo_button(self) -> QPushButton:
        return self.undo_bar.undo_button

    @property
    def action_read(self) -> QAction:
        return self.window_actions.read

    @property
    def action_unread(self) -> QAction:
        return self.window_actions.unread

    @property
    def action_delete(self) -> QAction:
        return self.window_actions.delete

    @property
    def action_undo(self) -> QAction:
        return self.window_actions.undo

    @property
    def action_read_all(self) -> QAction:
        return self.window_actions.read_all

    @property
    def action_sign_out(self) -> QAction:
        return self.window_actions.sign_out
