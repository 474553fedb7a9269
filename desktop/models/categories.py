"""The category list: All and the six categories of the catalog, with live unread counts; and
the one unread count of a profile that the list, the tray and the title all show."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desktop.cache.store import Cache
from msgcenter import catalog

CategoryIdRole = Qt.ItemDataRole.UserRole + 1
UnreadRole = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


class CategoryListModel(QAbstractListModel):
    """All, then the catalogue's categories, each with its unread count (`UnreadRole`)."""

    def __init__(self, language: str = "en", parent: QObject | None = None) -> None:
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
            return (
                self.tr("{name}, {count} unread").format(name=name, count=unread)
                if unread
                else name
            )
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
            self.dataChanged.emit(self.index(min(changed)), self.index(max(changed)))

    def unread(self, category_id: str) -> int:
        return self._unread.get(category_id, 0)


class UnreadCounts(QObject):
    """The unread counts of one profile, read from its cache whenever anything may have changed
    them: a local edit (the moment it is saved, online or offline) or the sync engine's news.
    Everything that shows a count listens to `changed`, so the tray, the categories and the
    title never disagree, not even for one event-loop turn. Always read from the cache, never
    taken from a signal's payload, which may be older than an edit saved since."""

    changed = Signal(dict)  # category id (and "all") → unread

    def __init__(self, cache: Cache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cache: Cache | None = cache
        self.counts: dict[str, int] = cache.messages.unread_counts()

    def refresh(self, *_news: object) -> None:
        """Read them again; `changed` if they differ. Takes (and ignores) any signal's news."""
        if self._cache is None:
            return
        counts = self._cache.messages.unread_counts()
        if counts != self.counts:
            self.counts = counts
            self.changed.emit(dict(counts))

    def close(self) -> None:
        """The cache is closing: nothing is read from it again; every count shows 0."""
        self._cache = None
        if any(self.counts.values()):
            self.counts = dict.fromkeys(self.counts, 0)
            self.changed.emit(dict(self.counts))
