"""Contact groups: a unique name and a list of member contacts, up to rules.MAX_GROUPS."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from msgcenter import rules
from msgcenter.server.errors import Conflict, LimitExceeded, Validation
from msgcenter.server.store.contacts import account_contact_id
from msgcenter.server.store.database import retried
from msgcenter.server.store.entities import Entities, Entity, Put, etag_of, unknown_ids, with_seq
from msgcenter.server.store.settings import rewrite_recipients
from msgcenter.server.store.tables import contacts, groups
from msgcenter.server.timefmt import now_ms


def group_dict(row: Any) -> Entity:
    return {
        "id": row.id,
        "name": row.name,
        "members": json.loads(row.members),
        "etag": etag_of(row.seq),
    }


def _check_name_free(conn: sa.Connection, account_id: str, group_id: str, name: str) -> None:
    taken = conn.execute(
        sa.select(groups.c.id).where(
            groups.c.account_id == account_id, groups.c.name == name, groups.c.id != group_id
        )
    ).first()
    if taken is not None:
        raise Conflict(f"a group named {name!r} exists")


class Groups(Entities):
    kind = "group"

    def rows(
        self, conn: sa.Connection, account_id: str, ids: list[str] | None = None
    ) -> list[Entity]:
        query = (
            with_seq(groups, self.kind)
            .where(groups.c.account_id == account_id)
            .order_by(groups.c.created_ms, groups.c.id)
        )
        if ids is not None:
            query = query.where(groups.c.id.in_(ids))
        return [group_dict(r) for r in conn.execute(query)]

    @retried
    def put(
        self,
        account_id: str,
        group_id: str,
        if_match: str | None,
        if_none_match: str | None,
        name: str,
        members: list[str],
    ) -> Put:
        """Create (If-None-Match: *) or replace (If-Match)."""
        self.require_precondition(if_match, if_none_match)
        errors = rules.check_name(name)
        if errors:
            raise Validation(errors)
        name = rules.normalize_name(name)
        members = list(dict.fromkeys(members))

        def create() -> None:
            count = w.conn.execute(
                sa.select(sa.func.count()).where(groups.c.account_id == account_id)
            ).scalar_one()
            if rules.check_group_limit(count + 1):
                raise LimitExceeded(f"at most {rules.MAX_GROUPS} contact groups")
            _check_name_free(w.conn, account_id, group_id, name)
            w.conn.execute(
                groups.insert().values(
                    account_id=account_id,
                    id=group_id,
                    name=name,
                    members=json.dumps(members),
                    created_ms=now_ms(),
                )
            )

        def write(_current: Entity) -> None:
            _check_name_free(w.conn, account_id, group_id, name)
            w.conn.execute(
                groups.update()
                .where(groups.c.account_id == account_id, groups.c.id == group_id)
                .values(name=name, members=json.dumps(members))
            )

        def same(current: Entity) -> bool:
            return (current["name"], current["members"]) == (name, members)

        with self.db.write(account_id) as w:
            unknown = unknown_ids(w.conn, account_id, contacts, members, "members")
            if unknown:
                raise Validation(unknown)
            put = self.create_or_replace(
                w, account_id, group_id, (if_match, if_none_match), same, create, write
            )
            # A contact's `groups` field changes with membership: its change goes out too.
            before = put.before["members"] if put.before else []
            w.touch("contact", sorted(set(before) ^ set(members)))
            return put

    @retried
    def delete(self, account_id: str, group_id: str, if_match: str | None) -> None:
        """Delete the group, and take it out of every setting's recipients."""
        if_match = self.require_if_match(if_match, "DELETE")
        with self.db.write(account_id) as w:
            current = self.matching(w.conn, account_id, group_id, if_match)
            account_contact = account_contact_id(w.conn, account_id)
            w.conn.execute(
                groups.delete().where(groups.c.account_id == account_id, groups.c.id == group_id)
            )
            w.touch("group", [group_id], deleted=True)
            w.touch("contact", current["members"])
            rewrite_recipients(
                w,
                account_id,
                lambda cs, gs: rules.remove_group_from_recipients(
                    cs, gs, group_id, account_contact
                ),
            )
