"""The message list: a model over the cache that loads rows lazily, a window at a time.

Never the whole table in Python: rows come in windows of 200 (without bodies), a few windows are
kept, and the position of each window's last row is remembered as an anchor, so that the next
window is an indexed range scan from the nearest anchor instead of an OFFSET from the top.

Without a search, the row count is exact and costs nothing (the cache's unread counts). With a
search, rows are fetched as the list is scrolled (`fetchMore`): counting every match of a short
word in a million messages first would stall the window.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.cache.store import Cache
from desktop.i18n.safe_text import one_line, shortened
from msgcenter import catalog

WINDOW = 200
KEPT_WINDOWS = 8
TITLE_LIMIT = 300  # a hostile 1 MB title is cut in SQL, never loaded whole into the list
TYPE_LIMIT = 64  # an unknown type is shown as it came, cleaned, up to this

IdRole = Qt.ItemDataRole.UserRole + 1
ReadRole = Qt.ItemDataRole.UserRole + 2
TypeLabelRole = Qt.ItemDataRole.UserRole + 3
CreatedMsRole = Qt.ItemDataRole.UserRole + 4
CategoryRole = Qt.ItemDataRole.UserRole + 5

_Index = QModelIndex | QPersistentModelIndex
# The title as bytes: SQLite's text functions stop at a NUL, and a title with one would be cut
# there in the list but not in the detail. Four bytes a character at most.
_COLUMNS = (
    f"id, category, type, substr(CAST(title AS BLOB), 1, {TITLE_LIMIT * 4}), created_ms, read"
)


@dataclass(frozen=True)
class MessageFilter:
    category: str | None = None  # None: all
    unread_only: bool = False
    search: str = ""
    # Unread only: the message open in the detail stays in the list once read, until the user
    # moves away from it (as mail clients do), so the list never shifts under the reader.
    keep: str | None = None

    def where(self, use_index: bool = True) -> tuple[str, list[Any]]:
        """SQL and arguments. `use_index`: narrow a search through the trigram index first
        (right for rare words; a common one is found faster by LIKE down the time index)."""
        clauses: list[str] = []
        args: list[Any] = []
        if self.category:
            clauses.append("category = ?")
            args.append(self.category)
        if self.unread_only and self.keep:
            clauses.append("(read = 0 OR id = ?)")
            args.append(self.keep)
        elif self.unread_only:
            clauses.append("read = 0")
        text = self.search.strip()
        if text:
            if len(text) >= 3 and use_index:
                clauses.append(
                    "rowid IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)"
                )
                args.append(fts_query(text))
            pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            clauses.append("(title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\')")
            args += [pattern, pattern]
        return (" AND ".join(clauses) or "1"), args


INDEX_WORTHWHILE_BELOW = 5000  # candidates; above this, matches are dense enough for LIKE


def fts_query(text: str) -> str:
    """The trigrams of `text`, ANDed (the index keeps no positions); LIKE then confirms."""
    grams = list(dict.fromkeys(text[i : i + 3] for i in range(len(text) - 2)))
    if len(grams) > 8:  # enough to narrow; more only costs time
        step = len(grams) / 8
        grams = [grams[int(i * step)] for i in range(8)]
    return " AND ".join('"' + g.replace('"', '""') + '"' for g in grams)


@dataclass(frozen=True)
class Row:
    """One row of the list; its title already on one line and cleaned for every role."""

    id: str
    category: str
    type: str
    title: str
    created_ms: int
    read: bool


class MessageListModel(QAbstractListModel):
    """Messages of one filter, newest first. `refresh_*` follow the sync engine's batches."""

    def __init__(self, cache: Cache, language: str = "en", parent=None) -> None:
        super().__init__(parent)
        self._cache = cache
        self._language = language
        self._filter = MessageFilter()
        self._use_index = True
        self._count = 0
        self._exhausted = True  # search mode: no more rows to fetch
        self._windows: OrderedDict[int, list[Row]] = OrderedDict()
        self._anchors: dict[int, tuple[int, str]] = {}  # row → (created_ms, id) of that row
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
        self._use_index = self._search_index_pays(message_filter.search.strip())
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
        self._filter = replace(self._filter, keep=message_id)
        if self._filter.unread_only and before and self._read(before):
            self.refresh()

    def _read(self, message_id: str) -> bool:
        row = self._cache.execute(
            "SELECT read FROM messages WHERE id = ?", (message_id,)
        ).fetchone()
        return bool(row and row[0])

    def refresh_after_insert(self) -> int:
        """New messages arrived (the newest, normally): rows go in at the top in one batch,
        so that the view keeps its selection. Returns how many rows were inserted."""
        if self._filter.search.strip():
            self.refresh()  # a search's rows are fetched as scrolled: fetch them again
            return 0
        new_count = self._exact_count()
        added = new_count - self._count
        self._forget_rows()
        if added > 0:
            self.beginInsertRows(QModelIndex(), 0, added - 1)
            self._count = new_count
            self.endInsertRows()
        elif added < 0:
            self.refresh()
            return 0
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

    def row_at(self, row: int) -> Row | None:
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
        position = self._cache.execute(
            "SELECT created_ms FROM messages WHERE id = ?", (message_id,)
        ).fetchone()
        if position is None:
            return None
        where, args = self._filter.where(self._use_index)
        matches = self._cache.execute(
            f"SELECT 1 FROM messages WHERE id = ? AND {where}", [message_id, *args]
        ).fetchone()
        if matches is None:
            return None
        before = self._cache.execute(
            f"SELECT COUNT(*) FROM messages WHERE {where} AND (created_ms, id) > (?, ?)",
            [*args, position[0], message_id],
        ).fetchone()[0]
        return before if before < self._count else None

    def _search_index_pays(self, text: str) -> bool:
        """Counting the index's candidates is cheap (it keeps no positions); many of them mean
        the newest matches are near the top, where a LIKE scan in time order meets them first."""
        if len(text) < 3:
            return False
        candidates = self._cache.execute(
            "SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH ?", (fts_query(text),)
        ).fetchone()[0]
        return candidates < INDEX_WORTHWHILE_BELOW

    def _exact_count(self) -> int:
        counts = self._cache.execute("SELECT category, unread, total FROM unread_counts").fetchall()
        wanted = [r for r in counts if self._filter.category in (None, r[0])]
        column = 1 if self._filter.unread_only else 2
        count = sum(r[column] for r in wanted)
        keep = self._filter.keep
        if self._filter.unread_only and keep:  # the open message, read but kept in the list
            where, args = MessageFilter(self._filter.category).where()
            kept = self._cache.execute(
                f"SELECT 1 FROM messages WHERE id = ? AND read = 1 AND {where}", [keep, *args]
            ).fetchone()
            count += 1 if kept else 0
        return count

    def _forget_rows(self) -> None:
        self._windows.clear()
        self._anchors.clear()

    def _store_window(self, start: int, rows: list[Row]) -> None:
        self._windows[start] = rows
        self._windows.move_to_end(start)
        while len(self._windows) > KEPT_WINDOWS:
            self._windows.popitem(last=False)
        if rows:
            last = start + len(rows) - 1
            self._anchors[last] = (rows[-1].created_ms, rows[-1].id)

    def _store_rows(self, start: int, rows: list[Row]) -> None:
        for offset in range(0, len(rows), WINDOW):
            self._store_window(start + offset, rows[offset : offset + WINDOW])

    def _fetch(self, start: int, count: int) -> list[Row]:
        """Rows start … start+count-1: from the nearest anchor above, or backwards from the end
        when that is closer (a jump to the bottom of a long list)."""
        where, args = self._filter.where(self._use_index)
        anchor_row = max((r for r in self._anchors if r < start), default=-1)
        distance_from_anchor = start - anchor_row - 1
        known_total = self._count if not self._filter.search.strip() else None
        if known_total is not None and known_total - start < distance_from_anchor:
            return self._fetch_backwards(start, count, known_total, where, args)
        if anchor_row >= 0:
            created, message_id = self._anchors[anchor_row]
            # A row value, not an OR: SQLite seeks the index to it instead of scanning from the top.
            where += " AND (created_ms, id) < (?, ?)"
            args = [*args, created, message_id]
        rows = self._cache.execute(
            f"SELECT {_COLUMNS} FROM messages WHERE {where} "
            "ORDER BY created_ms DESC, id DESC LIMIT ? OFFSET ?",
            [*args, count, distance_from_anchor],
        ).fetchall()
        return [_row(r) for r in rows]

    def _fetch_backwards(self, start, count, total, where, args) -> list[Row]:
        end = min(total, start + count)
        rows = self._cache.execute(
            f"SELECT {_COLUMNS} FROM messages WHERE {where} "
            "ORDER BY created_ms ASC, id ASC LIMIT ? OFFSET ?",
            [*args, end - start, total - end],
        ).fetchall()
        return [_row(r) for r in reversed(rows)]


def _row(r: Any) -> Row:
    # "ignore": the last character may be cut in two bytes-wise; it goes.
    title = bytes(r[3]).decode("utf-8", "ignore")[:TITLE_LIMIT]
    return Row(r[0], r[1], r[2], one_line(title), r[4], bool(r[5]))


def type_label(type_id: str, language: str) -> str:
    """ "Category-Type name", or the name alone where both are the same ("Other", not
    "Other-Other"); an unknown type (a newer server) shows as it came, cleaned."""
    if type_id in catalog.TYPE_BY_ID:
        category = catalog.category_name(catalog.TYPE_BY_ID[type_id].category, language)
        if catalog.type_name(type_id, language) == category:
            return category
        return catalog.type_label(type_id, language)
    return shortened(one_line(type_id[: TYPE_LIMIT * 2]), TYPE_LIMIT)
