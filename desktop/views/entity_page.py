"""One page of the settings dialog: a table of one kind of entity with its buttons above and a
line about its limits below. Texts keep the settings dialog's translation context."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.cache.rows import ShownEntity
from desktop.models.entities import EntityTableModel
from desktop.views.a11y import describe
from desktop.views.cells import CellDelegate


def _named_button(text: str, name: str, description: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    if description:
        describe(button, description)
    return button


class EntityPage(QWidget):
    """A table and its buttons: the page's own, then Revert and Settle (`end_buttons`), which
    the dialog connects: settling an edit may need the other pages' tables."""

    def __init__(
        self, model: EntityTableModel, stretch_column: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setItemDelegate(CellDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
        self.buttons = QHBoxLayout()
        self.limit_label = QLabel()
        self.revert_button = _named_button(
            QCoreApplication.translate("SettingsDialog", "Re&vert"),
            "revert",
            QCoreApplication.translate(
                "SettingsDialog", "Drops the selected row's edits that have not been sent yet"
            ),
        )
        self.settle_button = _named_button(
            QCoreApplication.translate("SettingsDialog", "&Settle…"),
            "settle",
            QCoreApplication.translate(
                "SettingsDialog",
                "Shows why the server did not take the selected row's edit, to settle it",
            ),
        )
        layout = QVBoxLayout(self)
        layout.addLayout(self.buttons)
        layout.addWidget(self.table)
        layout.addWidget(self.limit_label)

    def button(self, text: str, slot, name: str, description: str = "") -> QPushButton:
        button = _named_button(text, name, description)
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        return button

    def end_buttons(self) -> None:
        """After the page's own buttons: Revert, Settle and the room left; the buttons follow
        the selection from then on."""
        self.buttons.addWidget(self.revert_button)
        self.buttons.addWidget(self.settle_button)
        self.table.selectionModel().currentChanged.connect(self.update_buttons)
        self.table.selectionModel().selectionChanged.connect(self.update_buttons)
        self.buttons.addStretch(1)

    def on_enter(self, slot) -> None:
        """Enter (or Return) on the table, while it has the focus, calls `slot`."""
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.table, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

    def selected(self) -> ShownEntity | None:
        """The row shown as selected (a screen reader may select one without moving the
        keyboard's current cell); else the current row."""
        rows = self.table.selectionModel().selectedRows()
        index = rows[0] if rows else self.table.currentIndex()
        return self.model.entity_at(index.row()) if index.isValid() else None

    def selected_entity(self) -> dict[str, Any] | None:
        """The selected row's entity, as the server shapes it."""
        shown = self.selected()
        return shown.data if shown else None

    def select(self, entity_id: str | None) -> None:
        row = self.model.row_of(entity_id) if entity_id else None
        if row is not None:
            self.table.selectRow(row)

    def refresh(self) -> None:
        """Read the table again from the cache, keeping the selection."""
        chosen = self.selected()
        self.model.refresh()
        self.select(chosen.id if chosen else None)

    def update_buttons(self, *_args) -> None:
        chosen = self.selected()
        self.revert_button.setEnabled(bool(chosen and chosen.pending))
        self.settle_button.setEnabled(bool(chosen and chosen.problem))

    def correct(self, shown: dict[str, Any], payload: dict[str, Any]) -> dict[str, Any] | None:
        """The page's editor, filled with refused values (`payload` over `shown`); the
        corrected body, or None if the user gave up."""
        raise NotImplementedError
