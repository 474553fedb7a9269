"""What has been announced: each new message pops up once, ever (across restarts and resyncs).

The first call after a profile's first sync sets a watermark: what that sync brought is history,
never announced. Later, the watermark trails the newest message by a week, so the scan stays
short and announced ids older than it can be forgotten.
"""

from __future__ import annotations

import sqlite3
import time

from desktop.cache.connection import Database
from desktop.cache.messages import rows_with_ids
from desktop.cache.rows import Arrivals, ArrivedMessage

ANNOUNCE_HORIZON_MS = 7 * 24 * 3600 * 1000  # older than the newest message by this: not news
ARRIVALS_LISTED = 20  # messages of a batch passed on in full (a notification names a few)
ARRIVAL_BODY_CHARS = 300
WATERMARK_KEY = "announce_after_ms"  # in meta: messages at or before it are never announced


class Announcing:
    """The `announced` table and the watermark."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def arrivals(self, offered: set[str]) -> Arrivals | None:
        """Unread messages not yet announced, newest first; None when there are none.

        `offered`: ids passed on before and not yet recorded. They are left out, and the set is
        trimmed to those still waiting (recorded or read since: no longer needed there).
        """
        db = self._db.connection
        newest = int(db.execute("SELECT MAX(created_ms) FROM messages").fetchone()[0] or 0)
        stored = self._db.get_meta(WATERMARK_KEY)
        if stored is None:
            with self._db.transaction() as write:
                self._db.set_meta(WATERMARK_KEY, str(newest), write)
            return None
        watermark = max(int(stored), newest - ANNOUNCE_HORIZON_MS)
        rows = db.execute(
            "SELECT id, category FROM messages m "
            "WHERE created_ms > ? AND read = 0 "
            "AND NOT EXISTS (SELECT 1 FROM announced a WHERE a.id = m.id) "
            "ORDER BY created_ms DESC, id DESC",
            (watermark,),
        ).fetchall()
        offered &= {r["id"] for r in rows}
        rows = [r for r in rows if r["id"] not in offered]
        if not rows:
            return None
        by_category: dict[str, int] = {}
        for row in rows:
            by_category[row["category"]] = by_category.get(row["category"], 0) + 1
        newest_ids = [r["id"] for r in rows[:ARRIVALS_LISTED]]
        select = "SELECT id, category, type, title, body, created_ms FROM messages"
        listed = {
            row["id"]: ArrivedMessage(
                row["id"],
                row["category"],
                row["type"],
                row["title"],
                row["body"][:ARRIVAL_BODY_CHARS],
                row["created_ms"],
            )
            for row in rows_with_ids(db, select, newest_ids)
        }
        return Arrivals([r["id"] for r in rows], [listed[i] for i in newest_ids], by_category)

    def record(self, ids: list[str]) -> None:
        """Never announce these again; forget records older than the announcing horizon."""
        now = int(time.time() * 1000)
        with self._db.transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO announced (id, announced_ms) VALUES (?, ?)",
                [(i, now) for i in ids],
            )
            db.execute(
                "DELETE FROM announced WHERE announced_ms < ?", (now - 4 * ANNOUNCE_HORIZON_MS,)
            )

    @staticmethod
    def restore(db: sqlite3.Connection, announced: list[tuple[str, int]]) -> None:
        """Records salvaged from a damaged cache."""
        db.executemany("INSERT OR IGNORE INTO announced VALUES (?, ?)", announced)
