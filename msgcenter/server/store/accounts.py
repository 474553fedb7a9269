"""Accounts and their sessions: an account is made with its own contact and its settings; a
sign-in gives a bearer token (stored as a digest), which expires when unused for a while.

Failed sign-ins count per username and per client address, in the database, so that every
server process keeps the same counts. Names refuse control characters, so a name looked up with
U+0000 finds nothing, without asking the database.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

import sqlalchemy as sa

from msgcenter import catalog, rules
from msgcenter.server import security
from msgcenter.server.errors import Conflict, RateLimited, Unauthorized, Validation
from msgcenter.server.store.contacts import insert_contact
from msgcenter.server.store.database import Database, failure_wait, retried
from msgcenter.server.store.settings import default_settings
from msgcenter.server.store.tables import accounts, login_failures, settings, tokens
from msgcenter.server.timefmt import now_ms

LOGIN_FAILURE_WINDOW_MS = 60 * 1000
LOGIN_MAX_FAILURES = 5  # per username
LOGIN_MAX_FAILURES_PER_ADDRESS = 20


@dataclass(frozen=True)
class Account:
    id: str
    name: str

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class Accounts:
    def __init__(self, db: Database, token_idle_days: float) -> None:
        self.db = db
        self.token_idle_ms = max(1, int(token_idle_days * 24 * 3600 * 1000))
        # A token's last use is written at most this often, so that reads stay reads.
        self._token_touch_ms = min(3600 * 1000, self.token_idle_ms // 10)

    def create_account(
        self, name: str, password: str, mobile: str | None = None, email: str | None = None
    ) -> Account:
        errors = rules.check_name(name)
        if not isinstance(password, str) or not password:
            errors.append(rules.FieldError("password", "is required"))
        # The account contact's fields follow the rules of every contact (mobile optional here).
        if mobile is not None:
            errors += rules.check_mobile(mobile)
        errors += rules.check_email(email)
        if errors:
            raise Validation(errors)
        name, email = rules.normalize_name(name), rules.normalize_email(email)
        return self._insert_account(name, security.hash_password(password), mobile, email)

    @retried
    def _insert_account(
        self, name: str, password_hash: str, mobile: str | None, email: str | None
    ) -> Account:
        account_id = str(uuid.uuid4())
        contact_id = str(uuid.uuid4())
        created = now_ms()
        with self.db.write() as w:
            exists = w.conn.execute(sa.select(accounts.c.id).where(accounts.c.name == name))
            if exists.first() is not None:
                raise Conflict(f"an account named {name!r} exists")
            w.conn.execute(
                accounts.insert().values(
                    id=account_id,
                    name=name,
                    password_hash=password_hash,
                    last_seq=0,
                    purged_seq=0,
                    account_contact_id=contact_id,
                    primary_contact_id=contact_id,
                    created_ms=created,
                )
            )
            w.account_id = account_id
            own = {"name": name, "mobile": mobile, "email": email}
            insert_contact(w.conn, account_id, contact_id, own, created, own=True)
            w.conn.execute(settings.insert(), default_settings(account_id, contact_id))
            w.touch("contact", [contact_id])
            w.touch("setting", list(catalog.SETTING_IDS))
        return Account(account_id, name)

    def account_by_name(self, name: str) -> Account | None:
        if "\0" in name:
            return None  # no name holds one
        with self.db.read() as conn:
            row = conn.execute(
                sa.select(accounts.c.id, accounts.c.name).where(accounts.c.name == name)
            ).first()
        return Account(row.id, row.name) if row else None

    def sign_in(
        self, username: str, password: str, device: str | None, address: str = ""
    ) -> tuple[str, Account]:
        """A new token for the account; Unauthorized or RateLimited otherwise.

        Failures count per username and per client address; past either limit, every attempt
        is refused (the right password included) before any password is hashed."""
        limits = (
            ("address", address, LOGIN_MAX_FAILURES_PER_ADDRESS),
            ("name", username, LOGIN_MAX_FAILURES),
        )
        now = now_ms()
        with self.db.read() as conn:
            for scope, key, limit in limits:
                where = {"scope": scope, "key": _digest(key)}  # bounded, no username in clear
                wait = failure_wait(
                    conn, login_failures, where, limit, LOGIN_FAILURE_WINDOW_MS, now
                )
                if wait is not None:
                    raise RateLimited(wait)
            row = None
            if "\0" not in username:
                row = conn.execute(sa.select(accounts).where(accounts.c.name == username)).first()
        stored = row.password_hash if row else security.DUMMY_PASSWORD_HASH
        if not security.verify_password(password, stored) or row is None:
            failed = [dict(scope=s, key=_digest(k), created_ms=now_ms()) for s, k, _ in limits]
            with self.db.write() as w:
                w.conn.execute(login_failures.insert(), failed)
            raise Unauthorized("wrong username or password")
        return self._new_token(row.id, device), Account(row.id, row.name)

    def _new_token(self, account_id: str, device: str | None) -> str:
        token = security.new_token()
        now = now_ms()
        with self.db.write() as w:
            w.conn.execute(
                tokens.insert().values(
                    token_hash=security.token_digest(token),
                    account_id=account_id,
                    device=device.replace("\0", "\ufffd") if device else device,
                    created_ms=now,
                    last_used_ms=now,
                )
            )
        return token

    def account_for_token(self, token: str) -> Account | None:
        """The token's account, or None when it is unknown, revoked or idle past its expiry."""
        digest = security.token_digest(token)
        now = now_ms()
        with self.db.read() as conn:
            row = conn.execute(
                sa.select(accounts.c.id, accounts.c.name, tokens.c.last_used_ms)
                .join(tokens, tokens.c.account_id == accounts.c.id)
                .where(tokens.c.token_hash == digest)
            ).first()
        if row is None or row.last_used_ms <= now - self.token_idle_ms:
            return None
        if row.last_used_ms <= now - self._token_touch_ms:
            with self.db.write() as w:
                w.conn.execute(
                    tokens.update()
                    .where(tokens.c.token_hash == digest, tokens.c.last_used_ms < now)
                    .values(last_used_ms=now)
                )
        return Account(row.id, row.name)

    def revoke_token(self, token: str) -> None:
        with self.db.write() as w:
            w.conn.execute(
                tokens.delete().where(tokens.c.token_hash == security.token_digest(token))
            )

    def forget_expired(self, conn: sa.Connection, now: int) -> None:
        """Idle tokens, and sign-in failures that no longer count."""
        conn.execute(tokens.delete().where(tokens.c.last_used_ms <= now - self.token_idle_ms))
        conn.execute(
            login_failures.delete().where(
                login_failures.c.created_ms <= now - LOGIN_FAILURE_WINDOW_MS
            )
        )
