"""Verifying a contact's mobile or email: a code sent (recorded in the delivery log), confirmed
within its lifetime. Codes sent and wrong codes entered are limited per address and hour."""

from __future__ import annotations

import sqlalchemy as sa

from msgcenter import rules
from msgcenter.server import security
from msgcenter.server.errors import WRONG_CODE, RateLimited, Validation
from msgcenter.server.store.contacts import Contacts
from msgcenter.server.store.database import Database, failure_wait, retried, upsert
from msgcenter.server.store.entities import Entity
from msgcenter.server.store.tables import (
    contacts,
    deliveries,
    verification_attempts,
    verifications,
)
from msgcenter.server.timefmt import now_ms

VERIFICATION_WINDOW_MS = 3600 * 1000
VERIFICATION_MAX_CODES = 5  # per contact and channel within the window


class _Attempts:
    """Codes sent and wrong codes entered for one address within the last hour."""

    def __init__(
        self, conn: sa.Connection, account_id: str, channel: str, address: str, now: int
    ) -> None:
        self.conn = conn
        self.key = dict(account_id=account_id, channel=channel, address=address)
        self.now = now

    def wait(self, kind: str, limit: int) -> int | None:
        """Seconds until fewer than `limit` attempts of this kind lie within the hour, or None."""
        key = dict(self.key, kind=kind)
        return failure_wait(
            self.conn, verification_attempts, key, limit, VERIFICATION_WINDOW_MS, self.now
        )

    def record(self, kind: str) -> None:
        self.conn.execute(
            verification_attempts.insert().values(**self.key, kind=kind, created_ms=self.now)
        )


def _address(contact: Entity, channel: str) -> str | None:
    address: str | None = contact["mobile"] if channel == "mobile" else contact["email"]
    return address


class Verification:
    def __init__(self, db: Database, contacts: Contacts) -> None:
        self.db = db
        self.contacts = contacts

    @retried
    def start(self, account_id: str, contact_id: str, channel: str) -> None:
        """Send a new code, unless the address had its codes or its wrong guesses this hour."""
        with self.db.write(account_id) as w:
            contact = self.contacts.one(w.conn, account_id, contact_id)
            address = _address(contact, channel)
            if not address:
                raise Validation([rules.FieldError("channel", f"the contact has no {channel}")])
            now = now_ms()
            attempts = _Attempts(w.conn, account_id, channel, address, now)
            wait = attempts.wait("wrong", rules.VERIFICATION_MAX_FAILURES)
            wait = wait or attempts.wait("sent", VERIFICATION_MAX_CODES)
            if wait is not None:
                raise RateLimited(wait)
            code = security.new_verification_code()
            row = dict(
                account_id=account_id,
                contact_id=contact_id,
                channel=channel,
                code_hash=security.code_digest(code),
                sent_to=address,
                expires_ms=now + rules.VERIFICATION_CODE_SECONDS * 1000,
                failures=0,
                blocked_until_ms=0,
            )
            upsert(w.conn, verifications, [row], ["account_id", "contact_id", "channel"])
            attempts.record("sent")
            w.conn.execute(
                deliveries.insert().values(
                    account_id=account_id,
                    channel="sms" if channel == "mobile" else "email",
                    to=address,
                    text=f"Your Message Center verification code is {code}. "
                    f"It is valid for {rules.VERIFICATION_CODE_SECONDS // 60} minutes.",
                    created_ms=now,
                )
            )

    @retried
    def confirm(self, account_id: str, contact_id: str, channel: str, code: str) -> Entity:
        """The contact, its address now verified; 422 `wrong_code` (counted) otherwise."""
        with self.db.write(account_id) as w:
            contact = self.contacts.one(w.conn, account_id, contact_id)
            address = _address(contact, channel)
            now = now_ms()
            attempts = _Attempts(w.conn, account_id, channel, address or "", now)
            wait = attempts.wait("wrong", rules.VERIFICATION_MAX_FAILURES)
            if wait is not None:
                raise RateLimited(wait)
            key = (
                verifications.c.account_id == account_id,
                verifications.c.contact_id == contact_id,
                verifications.c.channel == channel,
            )
            pending = w.conn.execute(sa.select(verifications).where(*key)).first()
            valid = (
                pending is not None
                and pending.expires_ms > now
                and pending.sent_to == address
                and security.code_digest(code) == pending.code_hash
            )
            if valid:
                w.conn.execute(verifications.delete().where(*key))
                flag = "mobile_verified" if channel == "mobile" else "email_verified"
                w.conn.execute(
                    contacts.update()
                    .where(contacts.c.account_id == account_id, contacts.c.id == contact_id)
                    .values({flag: True})
                )
                w.touch("contact", [contact_id])
                return self.contacts.one(w.conn, account_id, contact_id)
            attempts.record("wrong")
        # Raised after the commit, so that the wrong guess counts.
        raise Validation([rules.FieldError("code", "wrong or expired code", code=WRONG_CODE)])

    @staticmethod
    def forget_expired(conn: sa.Connection, now: int) -> None:
        """Attempts that no longer count against a limit."""
        conn.execute(
            verification_attempts.delete().where(
                verification_attempts.c.created_ms <= now - VERIFICATION_WINDOW_MS
            )
        )
