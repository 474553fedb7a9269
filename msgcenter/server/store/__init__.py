"""The server's storage: SQLAlchemy Core over SQLite (WAL, one host) or PostgreSQL (any number
of server processes on one database), one module per aggregate.

- database: engines, transactions (the account's lock first in every write), retries
- tables: the tables as the queries see them (the migrations make them)
- entities: the read-by-id and write-under-precondition shape of settings, contacts and groups
- accounts (and sessions), messages, feed (the change log), settings, contacts, groups,
  verification, idempotency

:class:`Store` is the one object the server and its commands hold: the accounts, and an object
per aggregate they own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from msgcenter.server.store.accounts import Account, Accounts
from msgcenter.server.store.contacts import Contacts
from msgcenter.server.store.database import Database, engine_for
from msgcenter.server.store.feed import Change, Feed
from msgcenter.server.store.groups import Groups
from msgcenter.server.store.idempotency import IDEMPOTENCY_RUNNING, Idempotency
from msgcenter.server.store.messages import Messages
from msgcenter.server.store.settings import Settings
from msgcenter.server.store.tables import deliveries
from msgcenter.server.store.verification import Verification
from msgcenter.server.timefmt import format_ms, now_ms

__all__ = ["IDEMPOTENCY_RUNNING", "Account", "Change", "Store", "engine_for"]


class Store(Accounts):
    """All the server's data: the accounts (and their sessions), and an object per aggregate an
    account owns. Thread-safe: every call runs in its own transaction."""

    def __init__(
        self,
        engine: sa.Engine,
        on_change: Callable[[str, int], None] | None = None,
        tombstone_days: float = 30.0,
        token_idle_days: float = 30.0,
        upgrade_schema: bool = False,
        sole_server: bool = False,
    ) -> None:
        """Makes the schema on an empty database (upgrades it when `upgrade_schema`); raises
        schema.SchemaError when the database's schema is behind. `sole_server`: see
        Database."""
        self.database = db = Database(engine, on_change, upgrade_schema, sole_server)
        super().__init__(db, token_idle_days)
        self.messages = Messages(db)
        self.settings = Settings(db)
        self.contacts = Contacts(db)
        self.groups = Groups(db)
        self.verification = Verification(db, self.contacts)
        self.feed = Feed(db, tombstone_days, [self.settings, self.contacts, self.groups])
        self.idempotency = Idempotency(db)

    def deliveries(self, account_id: str, skip: int = 0) -> list[dict[str, Any]]:
        """The SMS and email sent for the account (the administrator's view), oldest first;
        without the first `skip` (those already seen)."""
        with self.db.read() as conn:
            rows = conn.execute(
                sa.select(deliveries)
                .where(deliveries.c.account_id == account_id)
                .order_by(deliveries.c.pk)
                .offset(skip)
            ).all()
        return [
            {
                "channel": r.channel,
                "to": r.to,
                "text": r.text,
                "created_at": format_ms(r.created_ms),
            }
            for r in rows
        ]

    def purge_tombstones(self, now: int | None = None) -> int:
        """Drop tombstones older than the retention (cursors before them then get 410), and what
        else has outlived its use: replayable responses, idle tokens, verification attempts."""
        now = now if now is not None else now_ms()
        purged = self.feed.purge_tombstones(now)
        with self.db.write() as w:
            Idempotency.forget_expired(w.conn, now)
            self.forget_expired(w.conn, now)
            Verification.forget_expired(w.conn, now)
        return purged
