"""The message list: a model over the cache that loads rows lazily, a window at a time.

Never the whole table in Python: rows come in windows of 200 (without bodies), a few windows are
kept, and the position of each window's last row is remembered as an anchor, so that the next
window is an indexed range scan from the nearest anchor instead of an OFFSET from the top.

Without a search, the row count is exact and costs nothing (the cache's unread counts). With a
search, rows are fetched as the list is scrolled (`fetchMore`): counting every match of a short
word in a million messages first would stall the window.

The queries are the cache's (`desktop.cache.listing`): the model writes no SQL.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop.cache.listing import Anchor, MessageFilter
from desktop.cache.rows import ListedMessage
from desktop.cache.store import Cache
from desktop.i18n.safe_text import one_line, shortened
from msgcenter import catalog

WINDOW = 200
KEPT_WINDOWS = 8
TYPE_LIMIT = 64  # an unknown type is shown as it came, cleaned, up to this

IdRole = Qt.ItemDataRole.UserRole + 1
ReadRole = Qt.ItemDataRole.UserRole + 2
TypeLabelRole = Qt.ItemDataRole.UserRole + 3
CreatedMsRole = Qt.ItemDataRole.UserRole + 4
CategoryRole = Qt.ItemDataRole.UserRole + 5

_Index = QModelIndex | QPersistentModelIndex


class MessageListModel(QAbstractListModel):
    """Messages of one filter, newest first. `refresh_*` follow the sync engine's batches."""

    def __init__(self, cache: Cache, language: str = "en", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queries = cache.listing
        self._language = language
        self._filter = MessageFilter()
        self._use_index = True
        self._count = 0
        self._exhausted = True  # search mode: no more rows to fetch
        self._windows: OrderedDict[int, list[ListedMessage]] = OrderedDict()
        self._anchors: dict[int, Anchor] = {}  # row → (created_ms, id) of that row
        self._count = self._exact_count()

    # -- Qt's interface --------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._count:
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return row.title
        if role == IdRole:
            return row.id
        if role == ReadRole:
            return row.read
        if role == TypeLabelRole:
            return type_label(row.type, self._language)
        if role == CreatedMsRole:
            return row.created_ms
        if role == CategoryRole:
            return row.category
        if role == Qt.ItemDataRole.AccessibleTextRole:
            kind = type_label(row.type, self._language)
            if row.read:
                return f"{row.title}. {kind}"
            return self.tr("Unread: {title}. {type}").format(title=row.title, type=kind)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.title
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and bool(self._filter.search.strip()) and not self._exhausted

    def fetchMore(self, parent: _Index) -> None:
        if not self.canFetchMore(parent):
            return
        rows = self._fetch(self._count, WINDOW)
        self._exhausted = len(rows) < WINDOW
        if rows:
            self.beginInsertRows(QModelIndex(), self._count, self._count + len(rows) - 1)
            self._store_window(self._count, rows)
            self._count += len(rows)
            self.endInsertRows()

    # -- filter and refresh ----------------------------------------------------------------------

    @property
    def filter(self) -> MessageFilter:
        return self._filter

    def set_filter(self, message_filter: MessageFilter) -> None:
        if message_filter == self._filter:
            return
        self.beginResetModel()
        self._filter = message_filter
        self._use_index = self._queries.search_index_pays(message_filter.search.strip())
        self._forget_rows()
        if message_filter.search.strip():
            # The first rows within the reset, so that the view finds the rows it had selected
            # (and the open message) when the reset ends.
            rows = self._fetch(0, WINDOW)
            self._store_rows(0, rows)
            self._count = len(rows)
            self._exhausted = len(rows) < WINDOW
        else:
            self._count = self._exact_count()
            self._exhausted = True
        self.endResetModel()

    def keep(self, message_id: str | None) -> None:
        """The message the user has open: in an unread-only list it stays once read. The one
        kept before goes, if it has been read meanwhile (the view restores its place by id)."""
        if message_id == self._filter.keep:
            return
        before = self._filter.keep
        self._filter = self._filter._replace(keep=message_id)
        if self._filter.unread_only and before and self._queries.is_read(before):
            self.refresh()

    def refresh_after_insert(self) -> int:
        """New messages arrived (the newest, normally): rows go in at the top in one batch,
        so that the view keeps its selection. Returns how many rows were inserted."""
        if self._filter.search.strip():
            self.refresh()  # a search's rows are fetched as scrolled: fetch them again
            return 0
        new_count = self._exact_count()
        added = new_count - self._count
        if added > 0:
            # Rows are forgotten inside the insert: until it is announced, row 0 is the old one.
            self.beginInsertRows(QModelIndex(), 0, added - 1)
            self._forget_rows()
            self._count = new_count
            self.endInsertRows()
        elif added < 0:
            self.refresh()
            return 0
        else:
            self._forget_rows()  # the same rows, read again: their state may have changed
        if self._count:
            self.dataChanged.emit(self.index(0), self.index(self._count - 1))
        return max(added, 0)

    def refresh_in_place(self) -> None:
        """Rows changed state (read / unread) without moving: repaint them."""
        if not self._filter.search.strip() and self._exact_count() != self._count:
            self.refresh()
            return
        self._forget_rows()
        if self._count:
            self.dataChanged.emit(self.index(0), self.index(self._count - 1))

    def refresh(self) -> None:
        """Everything may have changed: rebuild (the view restores selection by id)."""
        self.beginResetModel()
        self._forget_rows()
        if self._filter.search.strip():
            loaded = max(self._count, WINDOW)
            rows = self._fetch(0, loaded)
            self._store_rows(0, rows)
            self._count = len(rows)
            self._exhausted = len(rows) < loaded
        else:
            self._count = self._exact_count()
        self.endResetModel()

    # -- rows ------------------------------------------------------------------------------------

    def row_at(self, row: int) -> ListedMessage | None:
        start = row - row % WINDOW
        window = self._windows.get(start)
        if window is None:
            window = self._fetch(start, WINDOW)
            self._store_window(start, window)
        else:
            self._windows.move_to_end(start)
        offset = row - start
        return window[offset] if offset < len(window) else None

    def id_at(self, row: int) -> str | None:
        found = self.row_at(row)
        return found.id if found else None

    def row_of(self, message_id: str) -> int | None:
        """The row of a message in this list (an indexed count of the rows before it)."""
        before = self._queries.position(self._filter, message_id, self._use_index)
        return before if before is not None and before < self._count else None

    def _exact_count(self) -> int:
        return self._queries.exact_count(self._filter)

    def _forget_rows(self) -> None:
        self._windows.clear()
        self._anchors.clear()

    def _store_window(self, start: int, rows: list[ListedMessage]) -> None:
        self._windows[start] = rows
        self._windows.move_to_end(start)
        while len(self._windows) > KEPT_WINDOWS:
            self._windows.popitem(last=False)
        if rows:
            last = start + len(rows) - 1
            self._anchors[last] = (rows[-1].created_ms, rows[-1].id)

    def _store_rows(self, start: int, rows: list[ListedMessage]) -> None:
        for offset in range(0, len(rows), WINDOW):
            self._store_window(start + offset, rows[offset : offset + WINDOW])

    def _fetch(self, start: int, count: int) -> list[ListedMessage]:
        """Rows start … start+count-1: from the nearest anchor above, or backwards from the end
        when that is closer (a jump to the bottom of a long list)."""
        anchor_row = max((r for r in self._anchors if r < start), default=-1)
        distance_from_anchor = start - anchor_row - 1
        known_total = self._count if not self._filter.search.strip() else None
        if known_total is not None and known_total - start < distance_from_anchor:
            end = min(known_total, start + count)
            rows = self._queries.page_from_end(
                self._filter, end - start, known_total - end, use_index=self._use_index
            )
        else:
            rows = self._queries.page(
                self._filter,
                count,
                after=self._anchors[anchor_row] if anchor_row >= 0 else None,
                skip=distance_from_anchor,
                use_index=self._use_index,
            )
        return [r._replace(title=one_line(r.title)) for r in rows]


def type_label(type_id: str, language: str) -> str:
    """ "Category-Type name", or the name alone where both are the same ("Other", not
    "Other-Other"); an unknown type (a newer server) shows as it came, cleaned."""
    if type_id in catalog.TYPE_BY_ID:
        category = catalog.category_name(catalog.TYPE_BY_ID[type_id].category, language)
        if catalog.type_name(type_id, language) == category:
            return category
        return catalog.type_label(type_id, language)
    return shortened(one_line(type_id[: TYPE_LIMIT * 2]), TYPE_LIMIT)
