"""What narrows the message list: the categories, the search and Unread only, and what the list
says when nothing is left. Their texts keep the main window's translation context."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QLineEdit, QListView, QWidget

from desktop.models.categories import CategoryListModel
from desktop.models.messages import MessageFilter
from desktop.views.a11y import describe
from desktop.views.delegates import CategoryDelegate
from desktop.views.message_list import plain_modifiers

SEARCH_DELAY_MS = 150


def category_list(categories: CategoryListModel) -> QListView:
    """The categories, each with its unread count."""
    view = QListView()
    view.setModel(categories)
    view.setItemDelegate(CategoryDelegate(view))
    view.setAccessibleName(QCoreApplication.translate("MainWindow", "Categories"))
    describe(view, QCoreApplication.translate("MainWindow", "Each category with its unread count"))
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return view


def unread_only_box() -> QCheckBox:
    box = QCheckBox(QCoreApplication.translate("MainWindow", "&Unread only"))
    box.setAccessibleName(QCoreApplication.translate("MainWindow", "Show unread messages only"))
    describe(box, QCoreApplication.translate("MainWindow", "Hides messages you have read"))
    return box


class SearchField(QLineEdit):
    """The search, applied a moment after the last key (`searchChanged`); Escape or Down goes
    to the list (`leaveRequested`)."""

    searchChanged = Signal()
    leaveRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(
            QCoreApplication.translate("MainWindow", "Search titles and bodies")
        )
        self.setClearButtonEnabled(True)
        self.setAccessibleName(QCoreApplication.translate("MainWindow", "Search messages"))
        describe(
            self,
            QCoreApplication.translate(
                "MainWindow",
                "Finds messages by title or body as you type (Ctrl+F); Escape goes to the list",
            ),
        )
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.searchChanged.emit)
        self.textChanged.connect(lambda _text: self._timer.start())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if key in (Qt.Key.Key_Escape, Qt.Key.Key_Down) and not plain_modifiers(event):
            self.leaveRequested.emit()
            return
        super().keyPressEvent(event)

    def clear_now(self) -> None:
        """Empty, with no search left to apply later."""
        self.clear()
        self._timer.stop()

    def stop(self) -> None:
        self._timer.stop()


def empty_text(message_filter: MessageFilter) -> str:
    """What the list says when the filter leaves nothing."""
    search = message_filter.search.strip()
    if search:
        return QCoreApplication.translate("MainWindow", "No message matches “{text}”.").format(
            text=search
        )
    if message_filter.unread_only:
        return QCoreApplication.translate("MainWindow", "No unread messages.")
    return QCoreApplication.translate("MainWindow", "No messages here yet.")
