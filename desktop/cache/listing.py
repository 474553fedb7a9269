"""The message list's queries: a page of one filter's rows, the position of a message in it, its
exact size. The list model (`desktop.models.messages`) asks; every statement is here.

A page starts from an anchor (the time and id of a row already fetched) when the model has one,
so the next window is an indexed range scan instead of an OFFSET from the top.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, NamedTuple

from desktop.cache.connection import Database
from desktop.cache.rows import ListedMessage
from desktop.cache.schema import INDEXED_UPTO

TITLE_LIMIT = 300  # a hostile 1 MB title is cut in SQL, never loaded whole into the list
INDEX_WORTHWHILE_BELOW = 5000  # candidates; above this, matches are dense enough for LIKE
# The title as bytes: SQLite's text functions stop at a NUL, and a title with one would be cut
# there in the list but not in the detail. Four bytes a character at most.
_COLUMNS = (
    "id, category, type, "
    f"substr(CAST(title AS BLOB), 1, {TITLE_LIMIT * 4}) AS cut_title, created_ms, read"
)

Anchor = tuple[int, str]  # (created_ms, id) of a row: the list is ordered by both, descending


# A NamedTuple, not a dataclass: quicker to import (desktop.cache.rows says why).
class MessageFilter(NamedTuple):
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
                # The index's candidates, and the messages it does not have yet (schema step 3).
                clauses.append(
                    "rowid IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? "
                    f"UNION ALL SELECT rowid FROM messages WHERE rowid > {INDEXED_UPTO})"
                )
                args.append(fts_query(text))
            pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            clauses.append("(title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\')")
            args += [pattern, pattern]
        return (" AND ".join(clauses) or "1"), args


def fts_query(text: str) -> str:
    """The trigrams of `text`, ANDed (the index keeps no positions); LIKE then confirms."""
    grams = list(dict.fromkeys(text[i : i + 3] for i in range(len(text) - 2)))
    if len(grams) > 8:  # enough to narrow; more only costs time
        step = len(grams) / 8
        grams = [grams[int(i * step)] for i in range(8)]
    return " AND ".join('"' + g.replace('"', '""') + '"' for g in grams)


def _listed(row: Any) -> ListedMessage:
    # "ignore": the last character may be cut in two bytes-wise; it goes.
    title = bytes.fromhex(row[3]).decode("utf-8", "ignore")[:TITLE_LIMIT]
    return ListedMessage(row[0], row[1], row[2], title, row[4], bool(row[5]))


def _window(db: sqlite3.Connection, select: str, args: list[Any]) -> list[ListedMessage]:
    """The rows of `select` (`_COLUMNS`), newest first, read in one step of SQLite as one JSON
    array. The GUI thread reads the list's windows, and the sqlite3 module lets go of the GIL
    for each row it steps: while the sync's threads were busy, getting it back 200 times made
    one window take 65 ms instead of 2 (one step: 0.3 ms more when nothing else runs)."""
    (found,) = db.execute(
        "SELECT json_group_array(json_array(id, category, type, hex(cut_title), created_ms, read)) "
        f"FROM ({select})",
        args,
    ).fetchone()
    rows = [_listed(r) for r in json.loads(found)]
    rows.sort(key=lambda r: (r.created_ms, r.id), reverse=True)  # an aggregate keeps no order
    return rows


class MessageList:
    """Read-only queries over the messages, for a list of one :class:`MessageFilter`."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def is_read(self, message_id: str) -> bool:
        row = self._db.connection.execute(
            "SELECT read FROM messages WHERE id = ?", (message_id,)
        ).fetchone()
        return bool(row and row[0])

    def exact_count(self, message_filter: MessageFilter) -> int:
        """The rows of a filter without a search, from the counts the triggers keep: six rows
        read, whatever the size."""
        counts = self._db.connection.execute(
            "SELECT category, unread, total FROM unread_counts"
        ).fetchall()
        wanted = [r for r in counts if message_filter.category in (None, r[0])]
        column = 1 if message_filter.unread_only else 2
        count = sum(int(r[column]) for r in wanted)
        keep = message_filter.keep
        if message_filter.unread_only and keep:  # the open message, read but kept in the list
            where, args = MessageFilter(message_filter.category).where()
            kept = self._db.connection.execute(
                f"SELECT 1 FROM messages WHERE id = ? AND read = 1 AND {where}", [keep, *args]
            ).fetchone()
            count += 1 if kept else 0
        return count

    def position(
        self, message_filter: MessageFilter, message_id: str, use_index: bool = True
    ) -> int | None:
        """How many rows of the filter come before the message (an indexed count); None when
        the message is not in it."""
        db = self._db.connection
        found = db.execute("SELECT created_ms FROM messages WHERE id = ?", (message_id,))
        created = found.fetchone()
        if created is None:
            return None
        where, args = message_filter.where(use_index)
        matches = db.execute(
            f"SELECT 1 FROM messages WHERE id = ? AND {where}", [message_id, *args]
        ).fetchone()
        if matches is None:
            return None
        return int(
            db.execute(
                f"SELECT COUNT(*) FROM messages WHERE {where} AND (created_ms, id) > (?, ?)",
                [*args, created[0], message_id],
            ).fetchone()[0]
        )

    def search_index_pays(self, text: str) -> bool:
        """Counting the index's candidates is cheap (it keeps no positions); many of them mean
        the newest matches are near the top, where a LIKE scan in time order meets them first."""
        if len(text) < 3:
            return False
        candidates = self._db.connection.execute(
            "SELECT (SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH ?) + "
            f"(SELECT COUNT(*) FROM messages WHERE rowid > {INDEXED_UPTO})",  # not indexed yet
            (fts_query(text),),
        ).fetchone()[0]
        return int(candidates) < INDEX_WORTHWHILE_BELOW

    def page(
        self,
        message_filter: MessageFilter,
        count: int,
        *,
        after: Anchor | None = None,
        skip: int = 0,
        use_index: bool = True,
    ) -> list[ListedMessage]:
        """`count` rows, newest first: those after `after` (or from the top), less `skip`."""
        where, args = message_filter.where(use_index)
        if after is not None:
            # A row value, not an OR: SQLite seeks the index to it instead of scanning from the top.
            where += " AND (created_ms, id) < (?, ?)"
            args = [*args, *after]
        return _window(
            self._db.connection,
            f"SELECT {_COLUMNS} FROM messages WHERE {where} "
            "ORDER BY created_ms DESC, id DESC LIMIT ? OFFSET ?",
            [*args, count, skip],
        )

    def page_from_end(
        self, message_filter: MessageFilter, count: int, skip: int, *, use_index: bool = True
    ) -> list[ListedMessage]:
        """`count` rows ending `skip` rows above the last one, newest first: a jump to the bottom
        of a long list reads upwards from there instead of skipping down from the top."""
        where, args = message_filter.where(use_index)
        return _window(
            self._db.connection,
            f"SELECT {_COLUMNS} FROM messages WHERE {where} "
            "ORDER BY created_ms ASC, id ASC LIMIT ? OFFSET ?",
            [*args, count, skip],
        )
