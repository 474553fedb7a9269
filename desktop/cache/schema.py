"""The cache's schema, versioned in `PRAGMA user_version`, with one migration per version step.

A migration is a list of statements run in one transaction; a cache at version N runs N+1, N+2, …
in order. Never edit a released step: add the next one.
"""

from __future__ import annotations

INDEXED_UPTO_KEY = "search_indexed_upto"  # meta: the last rowid in the search index (step 3)
INDEXED_UPTO = f"(SELECT CAST(value AS INTEGER) FROM meta WHERE key = '{INDEXED_UPTO_KEY}')"

MIGRATIONS: dict[int, list[str]] = {
    1: [
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
        # Messages as the server last said, with pending local edits re-applied on top.
        """CREATE TABLE messages (
            id TEXT PRIMARY KEY,
            category TEXT NOT NULL,
            type TEXT NOT NULL,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            read INTEGER NOT NULL,
            gen INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX messages_by_time ON messages (created_ms DESC, id DESC)",
        "CREATE INDEX messages_by_category ON messages (category, created_ms DESC, id DESC)",
        "CREATE INDEX messages_unread ON messages (read, created_ms DESC, id DESC)",
        "CREATE INDEX messages_unread_by_category "
        "ON messages (category, read, created_ms DESC, id DESC)",
        # Exact unread counts, kept by triggers: reading them costs six rows, whatever the size.
        """CREATE TABLE unread_counts (
            category TEXT PRIMARY KEY,
            unread INTEGER NOT NULL DEFAULT 0,
            total INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TRIGGER messages_counted_in AFTER INSERT ON messages BEGIN
            INSERT INTO unread_counts (category, unread, total) VALUES (new.category, 0, 0)
                ON CONFLICT (category) DO NOTHING;
            UPDATE unread_counts SET total = total + 1, unread = unread + (new.read = 0)
                WHERE category = new.category;
        END""",
        """CREATE TRIGGER messages_counted_out AFTER DELETE ON messages BEGIN
            UPDATE unread_counts SET total = total - 1, unread = unread - (old.read = 0)
                WHERE category = old.category;
        END""",
        """CREATE TRIGGER messages_recounted AFTER UPDATE OF read, category ON messages
        WHEN old.read != new.read OR old.category != new.category BEGIN
            UPDATE unread_counts SET total = total - 1, unread = unread - (old.read = 0)
                WHERE category = old.category;
            INSERT INTO unread_counts (category, unread, total) VALUES (new.category, 0, 0)
                ON CONFLICT (category) DO NOTHING;
            UPDATE unread_counts SET total = total + 1, unread = unread + (new.read = 0)
                WHERE category = new.category;
        END""",
        # Settings, contacts and groups exactly as the server last said (JSON, with etag).
        """CREATE TABLE entities (
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            data TEXT NOT NULL,
            gen INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (kind, id)
        )""",
        # What the user sees: the server's state with the pending outbox replayed over it.
        """CREATE TABLE entity_view (
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            position INTEGER NOT NULL,
            data TEXT NOT NULL,
            pending INTEGER NOT NULL DEFAULT 0,
            problem TEXT,
            PRIMARY KEY (kind, id)
        )""",
        # Local edits waiting to be sent, in order. `idempotency_key` is stored before the first
        # send; `attempts` is raised before each send, so a crash mid-send is known;
        # `not_before_ms` holds a delete back while it can still be undone.
        """CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            op TEXT NOT NULL,
            kind TEXT NOT NULL,
            entity_id TEXT,
            payload TEXT NOT NULL,
            base TEXT,
            if_match TEXT,
            idempotency_key TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'queued',
            attempts INTEGER NOT NULL DEFAULT 0,
            reason TEXT,
            current TEXT,
            created_ms INTEGER NOT NULL,
            not_before_ms INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX outbox_by_entity ON outbox (kind, entity_id, id)",
    ],
    2: [
        # Search as you type: a trigram index finds any substring of 3+ characters (Chinese
        # included) without scanning; shorter queries fall back to LIKE. detail='none' halves
        # the cost of indexing (a query ANDs its trigrams, then confirms with instr). New rows
        # are indexed by the code that inserts them, one statement per page: a per-row trigger
        # made the first sync of 100,000 messages three times slower.
        "CREATE VIRTUAL TABLE messages_fts USING fts5(title, body, content='messages', "
        "content_rowid='rowid', tokenize='trigram', detail='none')",
        "INSERT INTO messages_fts (rowid, title, body) SELECT rowid, title, body FROM messages",
        """CREATE TRIGGER messages_fts_out AFTER DELETE ON messages BEGIN
            INSERT INTO messages_fts (messages_fts, rowid, title, body)
                VALUES ('delete', old.rowid, old.title, old.body);
        END""",
        """CREATE TRIGGER messages_fts_changed AFTER UPDATE OF title, body ON messages
        WHEN old.title != new.title OR old.body != new.body BEGIN
            INSERT INTO messages_fts (messages_fts, rowid, title, body)
                VALUES ('delete', old.rowid, old.title, old.body);
            INSERT INTO messages_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
        END""",
        # Notifications: each message is announced once, ever (across restarts and resyncs).
        "CREATE TABLE announced (id TEXT PRIMARY KEY, announced_ms INTEGER NOT NULL)",
    ],
    3: [
        # The search index may trail the messages: indexing was a third of a first sync of
        # 100,000, so a catch-up leaves it to the time between syncs (`messages.index_backlog`;
        # a search finds the messages not yet indexed by LIKE meanwhile). Every message up to
        # this rowid is in the index; the triggers take out of it only what is in it.
        "INSERT OR REPLACE INTO meta (key, value) "
        "SELECT 'search_indexed_upto', COALESCE(MAX(rowid), 0) FROM messages",
        "DROP TRIGGER messages_fts_out",
        "DROP TRIGGER messages_fts_changed",
        f"""CREATE TRIGGER messages_fts_out AFTER DELETE ON messages
        WHEN old.rowid <= {INDEXED_UPTO} BEGIN
            INSERT INTO messages_fts (messages_fts, rowid, title, body)
                VALUES ('delete', old.rowid, old.title, old.body);
        END""",
        f"""CREATE TRIGGER messages_fts_changed AFTER UPDATE OF title, body ON messages
        WHEN (old.title != new.title OR old.body != new.body) AND old.rowid <= {INDEXED_UPTO}
        BEGIN
            INSERT INTO messages_fts (messages_fts, rowid, title, body)
                VALUES ('delete', old.rowid, old.title, old.body);
            INSERT INTO messages_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
        END""",
    ],
    4: [
        # New rows are counted by the code that inserts them, a page at a time
        # (`messages._count_new`): two statements per row in a trigger were a third of the
        # writes of a first sync of 100,000 (1.8 of 5 CPU seconds).
        "DROP TRIGGER messages_counted_in",
    ],
}

SCHEMA_VERSION = max(MIGRATIONS)
