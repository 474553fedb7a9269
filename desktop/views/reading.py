"""What the detail pane shows: the selected current message, read once it was shown a while."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, QTimer

from desktop.cache.store import Cache
from desktop.models.messages import IdRole
from desktop.runtime.local_edits import LocalEdits
from desktop.views.detail import MessageDetail
from desktop.views.message_list import MessageListView

# A message shown this long counts as read: moving through the list with j/k, or a list that
# takes focus and shows its first row, does not mark everything read on the way.
READ_AFTER_MS = 600


class Reading(QObject):
    """The detail shows the current message when it is selected, and otherwise says that none
    is (or how many are); an unread message shown READ_AFTER_MS is marked read, and one opened
    with Enter at once."""

    def __init__(
        self,
        cache: Cache,
        edits: LocalEdits,
        view: MessageListView,
        detail: MessageDetail,
        selected_text: Callable[[int], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._cache = cache
        self._edits = edits
        self._view = view
        self._detail = detail
        self._selected_text = selected_text  # "3 messages selected." when none is shown
        self._read_id: str | None = None  # the unread message shown, read after READ_AFTER_MS
        self._read_timer = QTimer(self, singleShot=True, interval=READ_AFTER_MS)
        self._read_timer.timeout.connect(self._mark_shown_read)

    def read_pending(self) -> bool:
        """A message shown is waiting its time to count as read."""
        return self._read_timer.isActive()

    def stop(self) -> None:
        self._read_timer.stop()

    def _shown_index(self) -> QModelIndex:
        """The current row if it is selected (what the detail shows), else an invalid index."""
        current = self._view.currentIndex()
        if current.isValid() and self._view.selectionModel().isSelected(current):
            return current
        return QModelIndex()

    def follow(self, force: bool = False) -> None:
        """Show what the list selects. `force`: read it again from the cache (the sync
        changed it)."""
        shown = self._shown_index()
        message_id = shown.data(IdRole) if shown.isValid() else None
        if message_id and (force or message_id != self._detail.message_id):
            message = self._cache.messages.get(message_id)
            if message is not None:
                opened = message_id != self._detail.message_id
                self._detail.show_message(message)
                self._view.messages.keep(message_id)
                if opened:
                    self._read_id = None if message.read else message_id
                    if self._read_id:
                        self._read_timer.start()
                return
            message_id = None
        if message_id is None:
            self._read_timer.stop()
            self._read_id = None
            count = len(self._view.selectionModel().selectedRows())
            if count:
                text = self._selected_text(count)
            else:
                text = QCoreApplication.translate("MainWindow", "No message selected.")
            self._detail.show_nothing(text)

    def _mark_shown_read(self) -> None:
        if self._read_id and self._read_id == self._detail.message_id:
            self._edits.mark_read([self._read_id], True)  # shown long enough: read
        self._read_id = None

    def mark_read_now(self) -> None:
        """Opened on purpose (Enter): read at once."""
        self._read_timer.stop()
        self._mark_shown_read()
