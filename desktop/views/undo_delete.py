"""Delete with undo: the deleted messages can be put back for a while, from the bar under the
list or with Ctrl+Z."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.cache.rows import Message
from desktop.runtime.local_edits import UNDO_SECONDS, LocalEdits
from desktop.views.a11y import describe
from desktop.views.list_position import ListPosition
from desktop.views.message_list import MessageListView


class UndoBar(QWidget):
    """Says how many messages went, with its Undo button, for UNDO_SECONDS after a delete; then
    the delete stands. After a delete the next message is selected; after an undo, the messages
    put back are."""

    changed = Signal()  # whether there is something to undo
    problem = Signal(str)  # too late to undo

    def __init__(
        self,
        edits: LocalEdits,
        view: MessageListView,
        position: ListPosition,
        deleted_text: Callable[[int], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._edits = edits
        self._view = view
        self._messages = view.messages
        self._position = position
        self._deleted_text = deleted_text  # "3 messages deleted."
        self._last_deleted: list[Message] = []
        self._undoing: list[str] = []  # ids being put back, selected once they are
        self._delete_row: int | None = None  # where the deleted rows were: the next is selected
        self.undo_label = QLabel()
        self.undo_button = QPushButton(QCoreApplication.translate("MainWindow", "Undo"))
        self.undo_button.setAccessibleName(QCoreApplication.translate("MainWindow", "Undo delete"))
        describe(
            self.undo_button,
            QCoreApplication.translate("MainWindow", "Puts the deleted messages back (Ctrl+Z)"),
        )
        self.undo_button.clicked.connect(self.undo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.undo_label, 1)
        layout.addWidget(self.undo_button)
        self.hide()
        self._timer = QTimer(self, singleShot=True, interval=UNDO_SECONDS * 1000)
        self._timer.timeout.connect(self._expired)

    def can_undo(self) -> bool:
        return bool(self._last_deleted)

    def stop(self) -> None:
        self._timer.stop()

    def delete(self) -> None:
        """Delete the selected messages."""
        rows = self._view.selected_rows()
        ids = self._view.selected_ids()
        if ids:
            self._delete_row = rows[0]
            self._edits.delete(ids, on_done=self.deleted)

    def deleted(self, rows: list[Message]) -> None:
        """The rows are gone from the cache (and from the list, with the news): the undo bar,
        and the next one selected."""
        row, self._delete_row = self._delete_row, None
        if not rows:  # deleted already (Delete pressed twice): the undo of the first stays
            return
        self._last_deleted = rows
        self.undo_label.setText(self._deleted_text(len(rows)))
        self.show()
        self._timer.start()
        if row is not None and not self._view.selectionModel().hasSelection():
            left = self._messages.rowCount()
            if left:
                self._view.select_only(self._messages.index(min(row, left - 1)))
        self.changed.emit()

    def undo(self) -> None:
        """Undo (its button or Ctrl+Z): the messages go back where they were, selected."""
        if self._last_deleted:
            self._undoing = [r.id for r in self._last_deleted]
            self._edits.undo_delete(self._last_deleted, on_done=self._undone)
            self._last_deleted = []
        self._timer.stop()
        self.hide()
        self.changed.emit()

    def _expired(self) -> None:
        self._last_deleted = []
        self.hide()
        self.changed.emit()

    def _undone(self, restored: bool) -> None:
        ids, self._undoing = self._undoing, []
        if not restored:
            self.problem.emit(
                QCoreApplication.translate(
                    "MainWindow", "Too late to undo: the delete was already sent."
                )
            )
            return
        rows = sorted(r for r in (self._messages.row_of(i) for i in ids) if r is not None)
        if rows:
            self._position.select(rows, rows[0])
            self._view.scrollTo(self._messages.index(rows[0]))
