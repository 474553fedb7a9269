"""The message list: one column, its selection following the keyboard as in mail clients."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QFont, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.models.messages import MessageListModel
from desktop.views.a11y import describe
from desktop.views.delegates import MessageDelegate

_SHIFT = Qt.KeyboardModifier.ShiftModifier
_Key = Qt.Key
MOVING_KEYS = {
    _Key.Key_Up, _Key.Key_Down, _Key.Key_Home, _Key.Key_End, _Key.Key_PageUp, _Key.Key_PageDown
}  # fmt: skip


def plain_modifiers(event: QKeyEvent) -> Qt.KeyboardModifier:
    """The modifiers held, Keypad aside (the keypad's arrows are arrows)."""
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

    def __init__(
        self, messages: MessageListModel, font: QFont, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        # A viewport made here, so that Python knows its type: the first `viewport()` of Qt's own
        # made PySide6 test the widget against every QWidget class, creating their enum classes
        # (~30 ms at start-up).
        viewport = QWidget()
        viewport.setObjectName("qt_scrollarea_viewport")  # as Qt names its own
        self.setViewport(viewport)
        self.messages = messages
        self.empty_text = ""  # what the list says when it shows nothing
        delegate = MessageDelegate()
        self.setTabKeyNavigation(False)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.horizontalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(delegate.row_height(font))
        self.setModel(messages)
        self.setItemDelegate(delegate)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAccessibleName(QCoreApplication.translate("MainWindow", "Messages"))
        describe(
            self,
            QCoreApplication.translate(
                "MainWindow",
                "Newest first; arrows, J and K move, Enter opens, Delete deletes, "
                "Ctrl+Z undoes, Tab goes to the message",
            ),
        )

    def selected_rows(self) -> list[int]:
        return sorted(i.row() for i in self.selectionModel().selectedRows())

    def selected_ids(self) -> list[str]:
        return [i for i in (self.messages.id_at(r) for r in self.selected_rows()) if i]

    def move_selection(self, step: int) -> None:
        """Select the row `step` rows from the current one (the first if none is), within the
        list: Next and Previous."""
        count = self.messages.rowCount()
        if not count:
            return
        current = self.currentIndex()
        row = current.row() + step if current.isValid() else 0
        row = max(0, min(count - 1, row))
        self.select_only(self.messages.index(row))

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
        if key in (Qt.Key.Key_J, Qt.Key.Key_K) and not plain_modifiers(event) & ~_SHIFT:
            arrow = Qt.Key.Key_Down if key == Qt.Key.Key_J else Qt.Key.Key_Up
            event = QKeyEvent(event.type(), arrow, event.modifiers())  # Shift+J extends
            key = arrow
        current = self.currentIndex()
        selection = self.selectionModel()
        if (
            key in (Qt.Key.Key_Up, Qt.Key.Key_Down)
            and not plain_modifiers(event)
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
