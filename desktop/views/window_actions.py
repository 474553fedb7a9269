"""The main window's actions with their shortcuts, in its menus and its toolbar. Their texts
keep the main window's translation context."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar

if TYPE_CHECKING:
    from desktop.views.main_window import MainWindow

_Shortcut = QKeySequence | QKeySequence.StandardKey | str | None


class WindowActions:
    """Every action belongs to the window (its shortcut works wherever the focus is) and acts
    on the list's selection or on the whole profile."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self.read = self._add(
            QCoreApplication.translate("MainWindow", "Mark as &read"),
            "Ctrl+M",
            lambda: window.mark(True),
        )
        self.unread = self._add(
            QCoreApplication.translate("MainWindow", "Mark as &unread"),
            "Ctrl+U",
            lambda: window.mark(False),
        )
        self.delete = self._add(
            QCoreApplication.translate("MainWindow", "&Delete"),
            QKeySequence.StandardKey.Delete,
            window.undo_bar.delete,
        )
        self.undo = self._add(
            QCoreApplication.translate("MainWindow", "&Undo delete"),
            QKeySequence.StandardKey.Undo,
            window.undo_bar.undo,
        )
        self.read_all = self._add(
            QCoreApplication.translate("MainWindow", "Mark &all as read"),
            "Ctrl+Shift+M",
            window.mark_all_read,
        )
        self.sync = self._add(
            QCoreApplication.translate("MainWindow", "&Sync now"),
            "Ctrl+R",
            window.syncRequested.emit,
        )
        self.find = self._add(
            QCoreApplication.translate("MainWindow", "&Find"), "Ctrl+F", window.focus_search
        )
        # j / k belong to the list (MessageListView); the menu names them without owning them.
        self.next = self._add(
            QCoreApplication.translate("MainWindow", "&Next message") + "\tJ",
            None,
            lambda: window.message_view.move_selection(1),
        )
        self.previous = self._add(
            QCoreApplication.translate("MainWindow", "&Previous message") + "\tK",
            None,
            lambda: window.message_view.move_selection(-1),
        )
        self.settings = self._add(
            QCoreApplication.translate("MainWindow", "&Message settings…"),
            "Ctrl+,",
            window.settingsRequested.emit,
        )
        self.preferences = self._add(
            QCoreApplication.translate("MainWindow", "&Preferences…"),
            None,
            window.preferencesRequested.emit,
        )
        self.sign_out = self._add(
            QCoreApplication.translate("MainWindow", "Sign &out…"),
            None,
            window.signOutRequested.emit,
        )
        self.quit = self._add(
            QCoreApplication.translate("MainWindow", "&Quit"),
            QKeySequence.StandardKey.Quit,
            window.quitRequested.emit,
        )

    def _add(self, text: str, shortcut: _Shortcut, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self._window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self._window.addAction(action)
        return action

    def fill_menus(self) -> None:
        bar = self._window.menuBar()
        file_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&File"))
        file_menu.addAction(self.sync)
        file_menu.addAction(self.settings)
        file_menu.addAction(self.preferences)
        file_menu.addSeparator()
        file_menu.addAction(self.sign_out)
        file_menu.addAction(self.quit)
        edit_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Edit"))
        edit_menu.addAction(self.undo)
        edit_menu.addAction(self.find)
        message_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Message"))
        for action in (
            self.read,
            self.unread,
            self.read_all,
            self.delete,
            self.next,
            self.previous,
        ):
            message_menu.addAction(action)

    def fill_toolbar(self) -> None:
        toolbar = QToolBar(QCoreApplication.translate("MainWindow", "Actions"))
        toolbar.setObjectName("actions")
        toolbar.setMovable(False)
        toolbar.setAccessibleName(QCoreApplication.translate("MainWindow", "Actions"))
        for action in (self.read, self.unread, self.delete, self.read_all, self.sync):
            toolbar.addAction(action)
        self._window.addToolBar(toolbar)

    def update(self, has_selection: bool, can_undo: bool) -> None:
        """What acts on the selection needs one; Undo needs a delete to undo."""
        for action in (self.read, self.unread, self.delete):
            action.setEnabled(has_selection)
        self.undo.setEnabled(can_undo)
