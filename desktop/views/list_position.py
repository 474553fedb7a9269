"""Keeping the message list still while rows come and go: the scroll position when new rows
arrive at the top, and the selection, current row and top row across a rebuild."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QObject, Signal
from PySide6.QtWidgets import QAbstractItemView

from desktop.models.messages import IdRole
from desktop.views.message_list import MessageListView


class ListPosition(QObject):
    """Watches the list's model; `select` sets a selection in one step."""

    selectionSet = Signal()  # `select` ran: the detail follows even if nothing changed

    def __init__(self, view: MessageListView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._messages = view.messages
        self._scroll_before = 0
        # Where the list was before it was rebuilt (`_remember`, then `_restore`).
        self._kept_ids: list[str] = []
        self._kept_current: str | None = None
        self._kept_current_row: int | None = None
        self._kept_top: str | None = None
        self._messages.rowsAboutToBeInserted.connect(self._remember_scroll)
        self._messages.rowsInserted.connect(self._keep_scroll)
        self._messages.modelAboutToBeReset.connect(self._remember)
        self._messages.modelReset.connect(self._restore)

    def _remember_scroll(self, *_args) -> None:
        bar = self._view.verticalScrollBar()
        self._scroll_before = bar.value()

    def _keep_scroll(self, _parent: QModelIndex, first: int, last: int) -> None:
        """New rows at the top: a reader scrolled down keeps seeing the same messages."""
        if first == 0 and self._scroll_before > 0:
            # The scroll bar learns of the new rows later (a queued relayout): at the end of
            # the list, the value below would be cut to the old end, and the list would jump.
            self._view.updateGeometries()
            bar = self._view.verticalScrollBar()  # in rows: the list scrolls by item
            bar.setValue(self._scroll_before + (last - first + 1))

    def _remember(self) -> None:
        self._kept_ids = self._view.selected_ids()
        current = self._view.currentIndex()
        self._kept_current = current.data(IdRole) if current.isValid() else None
        self._kept_current_row = current.row() if current.isValid() else None
        top = self._view.indexAt(self._view.viewport().rect().topLeft())
        self._kept_top = top.data(IdRole) if top.isValid() else None

    def _restore(self) -> None:
        """After the list was rebuilt: the same messages selected, the same one current, the
        same one at the top. A current message that is gone (deleted, or read with Unread
        only) leaves the focus on the row that took its place, selecting nothing."""
        rows = [self._messages.row_of(i) for i in self._kept_ids[:200]]
        current = self._kept_current
        row = self._messages.row_of(current) if current else None
        self.select([r for r in rows if r is not None], row, self._kept_current_row)
        top_row = self._messages.row_of(self._kept_top) if self._kept_top else None
        if top_row is not None:
            self._view.scrollTo(
                self._messages.index(top_row), QAbstractItemView.ScrollHint.PositionAtTop
            )

    def select(self, rows: list[int], current: int | None, fallback: int | None = None) -> None:
        """Select `rows` at once (one selectionChanged), with `current` the current row (or,
        failing that, the focus on row `fallback`, kept within the list)."""
        selection_model = self._view.selectionModel()
        selection = QItemSelection()
        for row in rows:
            index = self._messages.index(row)
            selection.select(index, index)
        flags = QItemSelectionModel.SelectionFlag
        selection_model.select(selection, flags.ClearAndSelect | flags.Rows)
        count = self._messages.rowCount()
        if current is None and fallback is not None and count:
            current = min(fallback, count - 1)
        if current is not None:
            selection_model.setCurrentIndex(self._messages.index(current), flags.NoUpdate)
        self.selectionSet.emit()
