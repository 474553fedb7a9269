"""Contacts: the account's own (made with it, never deleted) and up to rules.MAX_CONTACTS more,
one of them primary. A contact's `groups` are those that list it as a member."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from msgcenter import rules
from msgcenter.server.errors import LimitExceeded, Locked, Validation
from msgcenter.server.store.database import retried
from msgcenter.server.store.entities import Entities, Entity, Put, etag_of, with_seq
from msgcenter.server.store.settings import rewrite_recipients
from msgcenter.server.store.tables import accounts, contacts, groups, verifications
from msgcenter.server.timefmt import now_ms


def contact_dict(row: Any, primary_id: str, group_ids: list[str]) -> Entity:
    return {
        "id": row.id,
        "name": row.name,
        "mobile": row.mobile,
        "email": row.email,
        "mobile_verified": bool(row.mobile_verified),
        "email_verified": bool(row.email_verified),
        "primary": row.id == primary_id,
        "is_account": bool(row.is_account),
        "groups": group_ids,
        "etag": etag_of(row.seq),
    }


def insert_contact(
    conn: sa.Connection,
    account_id: str,
    contact_id: str,
    fields: dict[str, str | None],
    created: int,
    own: bool = False,
) -> None:
    """A new contact with `fields` (name, mobile, email): unverified, unless it is the account's
    `own`, verified as its owner gave it."""
    conn.execute(
        contacts.insert().values(
            account_id=account_id,
            id=contact_id,
            **fields,
            mobile_verified=own,
            email_verified=own,
            is_account=own,
            created_ms=created,
        )
    )


def account_contact_id(conn: sa.Connection, account_id: str) -> str:
    found: str = conn.execute(
        sa.select(accounts.c.account_contact_id).where(accounts.c.id == account_id)
    ).scalar_one()
    return found


def _primary_contact_id(conn: sa.Connection, account_id: str) -> str:
    found: str = conn.execute(
        sa.select(accounts.c.primary_contact_id).where(accounts.c.id == account_id)
    ).scalar_one()
    return found


def _membership(conn: sa.Connection, account_id: str) -> dict[str, list[str]]:
    """The groups of each contact, by contact id, in the groups' order."""
    membership: dict[str, list[str]] = {}
    for group in conn.execute(
        sa.select(groups.c.id, groups.c.members)
        .where(groups.c.account_id == account_id)
        .order_by(groups.c.created_ms, groups.c.id)
    ):
        for member in json.loads(group.members):
            membership.setdefault(member, []).append(group.id)
    return membership


class Contacts(Entities):
    kind = "contact"

    def rows(
        self, conn: sa.Connection, account_id: str, ids: list[str] | None = None
    ) -> list[Entity]:
        primary = _primary_contact_id(conn, account_id)
        query = (
            with_seq(contacts, self.kind)
            .where(contacts.c.account_id == account_id)
            .order_by(contacts.c.is_account.desc(), contacts.c.created_ms, contacts.c.id)
        )
        if ids is not None:
            query = query.where(contacts.c.id.in_(ids))
        rows = conn.execute(query).all()
        membership = _membership(conn, account_id)
        return [contact_dict(r, primary, membership.get(r.id, [])) for r in rows]

    @retried
    def put(
        self,
        account_id: str,
        contact_id: str,
        if_match: str | None,
        if_none_match: str | None,
        name: str,
        mobile: str,
        email: str | None,
    ) -> Put:
        """Create (If-None-Match: *) or replace (If-Match)."""
        self.require_precondition(if_match, if_none_match)
        errors = rules.check_contact(name, mobile, email)
        if errors:
            raise Validation(errors)
        name, email = rules.normalize_name(name), rules.normalize_email(email)
        fields: dict[str, str | None] = {"name": name, "mobile": mobile, "email": email}

        def create() -> None:
            others = w.conn.execute(
                sa.select(sa.func.count()).where(
                    contacts.c.account_id == account_id, contacts.c.is_account == sa.false()
                )
            ).scalar_one()
            if rules.check_contact_limit(others + 1):
                raise LimitExceeded(f"at most {rules.MAX_CONTACTS} contacts besides yourself")
            insert_contact(w.conn, account_id, contact_id, fields, now_ms())

        def write(current: Entity) -> None:
            if current["is_account"]:
                raise Locked("the account contact is edited in the account settings")
            w.conn.execute(
                contacts.update()
                .where(contacts.c.account_id == account_id, contacts.c.id == contact_id)
                .values(
                    **fields,
                    # A verification holds for the address verified, not for its successor.
                    mobile_verified=current["mobile_verified"] and current["mobile"] == mobile,
                    email_verified=current["email_verified"] and current["email"] == email,
                )
            )

        def same(current: Entity) -> bool:
            return (current["name"], current["mobile"], current["email"]) == (name, mobile, email)

        with self.db.write(account_id) as w:
            return self.create_or_replace(
                w, account_id, contact_id, (if_match, if_none_match), same, create, write
            )

    @retried
    def delete(self, account_id: str, contact_id: str, if_match: str | None) -> None:
        """Delete the contact, and take it out of every group and every setting's recipients."""
        if_match = self.require_if_match(if_match, "DELETE")
        with self.db.write(account_id) as w:
            current = self.matching(w.conn, account_id, contact_id, if_match)
            if current["is_account"]:
                raise Locked("the account contact cannot be deleted")
            if current["primary"]:
                raise Locked("the primary contact cannot be deleted; make another one primary")
            account_contact = account_contact_id(w.conn, account_id)
            w.conn.execute(
                contacts.delete().where(
                    contacts.c.account_id == account_id, contacts.c.id == contact_id
                )
            )
            w.conn.execute(
                verifications.delete().where(
                    verifications.c.account_id == account_id,
                    verifications.c.contact_id == contact_id,
                )
            )
            w.touch("contact", [contact_id], deleted=True)
            w.touch("group", self._leave_groups(w.conn, account_id, contact_id))
            rewrite_recipients(
                w,
                account_id,
                lambda cs, gs: rules.remove_contact_from_recipients(
                    cs, gs, contact_id, account_contact
                ),
            )

    @staticmethod
    def _leave_groups(conn: sa.Connection, account_id: str, contact_id: str) -> list[str]:
        """Take the contact out of every group; the ids of the groups it was in."""
        changed = []
        for group in conn.execute(
            sa.select(groups.c.id, groups.c.members).where(groups.c.account_id == account_id)
        ).all():
            members = json.loads(group.members)
            if contact_id in members:
                members.remove(contact_id)
                conn.execute(
                    groups.update()
                    .where(groups.c.account_id == account_id, groups.c.id == group.id)
                    .values(members=json.dumps(members))
                )
                changed.append(group.id)
        return changed

    @retried
    def set_primary(self, account_id: str, contact_id: str) -> Entity:
        with self.db.write(account_id) as w:
            self.one(w.conn, account_id, contact_id)
            previous = _primary_contact_id(w.conn, account_id)
            if previous != contact_id:
                w.conn.execute(
                    accounts.update()
                    .where(accounts.c.id == account_id)
                    .values(primary_contact_id=contact_id)
                )
                w.touch("contact", [previous, contact_id])
            return self.one(w.conn, account_id, contact_id)
