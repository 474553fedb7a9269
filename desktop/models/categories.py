"""The category list: All and the six categories of the catalog, with live unread counts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from msgcenter import catalog

CategoryIdRole = Qt.ItemDataRole.UserRole + 1
UnreadRole = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


class CategoryListModel(QAbstractListModel):
    def __init__(self, language: str = "en", parent=None) -> None:
        super().__init__(parent)
        self._ids = ["all", *catalog.CATEGORY_IDS]
        self._language = language
        self._unread = dict.fromkeys(self._ids, 0)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        category_id = self._ids[index.row()]
        unread = self._unread.get(category_id, 0)
        name = catalog.category_name(category_id, self._language)
        if role == Qt.ItemDataRole.DisplayRole:
            return name
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{name}, {unread} unread" if unread else name
        if role == CategoryIdRole:
            return category_id
        if role == UnreadRole:
            return unread
        return None

    def category_at(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, category_id: str) -> int:
        return self._ids.index(category_id)

    def set_counts(self, counts: dict[str, int]) -> None:
        changed = [i for i, c in enumerate(self._ids) if self._unread.get(c) != counts.get(c, 0)]
        self._unread = {c: counts.get(c, 0) for c in self._ids}
        if changed:
            self.dataChanged.emit(self.index(min(changed)), self.index(max(changed)), [UnreadRole])

    def unread(self, category_id: str) -> int:
        return self._unread.get(category_id, 0)
