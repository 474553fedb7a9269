"""Idempotency keys: the response to a request that carried one, kept for its repeats.

A key is reserved (status IDEMPOTENCY_RUNNING) before its request runs, so that of several
requests with one key, on any number of server processes, exactly one runs."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from msgcenter.server.store.database import Database, insert_if_absent, retried
from msgcenter.server.store.tables import idempotency
from msgcenter.server.timefmt import now_ms

IDEMPOTENCY_KEEP_MS = 24 * 3600 * 1000
# An Idempotency-Key whose request has run this long without an answer (its server died) is free.
IDEMPOTENCY_RESERVATION_MS = 120 * 1000
IDEMPOTENCY_RUNNING = 0  # the status of a key reserved by a request still running


class Idempotency:
    def __init__(self, db: Database) -> None:
        self.db = db

    @retried
    def reserve(self, account_id: str, key: str, fingerprint: str) -> sa.Row[Any] | None:
        """None when this request now holds the key and is to run; otherwise the key's row:
        the stored response to replay, or (status IDEMPOTENCY_RUNNING) a request still running.

        A key held past IDEMPOTENCY_RESERVATION_MS (its server died mid-request), or kept past
        IDEMPOTENCY_KEEP_MS, is taken over."""
        now = now_ms()
        t = idempotency.c
        where = (t.account_id == account_id, t.key == key)
        reserved = dict(
            fingerprint=fingerprint,
            status=IDEMPOTENCY_RUNNING,
            headers="[]",
            body=b"",
            created_ms=now,
        )
        with self.db.write() as w:
            row = dict(account_id=account_id, key=key, **reserved)
            if insert_if_absent(w.conn, idempotency, row, returning=t.key):
                return None
            held = w.conn.execute(sa.select(idempotency).where(*where).with_for_update()).one()
            stale = held.created_ms <= now - (
                IDEMPOTENCY_RESERVATION_MS
                if held.status == IDEMPOTENCY_RUNNING
                else IDEMPOTENCY_KEEP_MS
            )
            if not stale:
                return held
            w.conn.execute(idempotency.update().where(*where).values(**reserved))
            return None

    @retried
    def finish(
        self,
        account_id: str,
        key: str,
        status: int | None,
        headers: list[tuple[str, str]],
        body: bytes,
    ) -> None:
        """Keep the response for replays (`status` given), or free the key (None: the request
        failed, changed nothing, and may simply be sent again)."""
        t = idempotency.c
        where = (t.account_id == account_id, t.key == key, t.status == IDEMPOTENCY_RUNNING)
        with self.db.write() as w:
            if status is None:
                w.conn.execute(idempotency.delete().where(*where))
                return
            w.conn.execute(
                idempotency.update()
                .where(*where)
                .values(status=status, headers=json.dumps(headers), body=body, created_ms=now_ms())
            )

    @staticmethod
    def forget_expired(conn: sa.Connection, now: int) -> None:
        """Responses kept past their replay period."""
        conn.execute(
            idempotency.delete().where(idempotency.c.created_ms < now - IDEMPOTENCY_KEEP_MS)
        )
