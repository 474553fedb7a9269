"""The main window's three panes side by side: categories, the message list, the message."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QListView, QSplitter, QVBoxLayout, QWidget

from desktop.views.detail import MessageDetail


class PaneSplitter(QSplitter):
    """Categories | the filters above the list, the undo bar below it | the message. The list
    and the message take the room; no pane collapses."""

    def __init__(
        self,
        categories: QListView,
        search: QWidget,
        unread_only: QWidget,
        messages: QWidget,
        undo_bar: QWidget,
        detail: MessageDetail,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        middle = QWidget()
        filter_row = QHBoxLayout()
        filter_row.addWidget(search, 1)
        filter_row.addWidget(unread_only)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addLayout(filter_row)
        middle_layout.addWidget(messages, 1)
        middle_layout.addWidget(undo_bar)
        self.setChildrenCollapsible(False)
        self.addWidget(categories)
        self.addWidget(middle)
        self.addWidget(detail)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 2)
        self.setStretchFactor(2, 3)
        self.setSizes([190, 430, 560])
