"""Settings: per configurable message type, its channels and its recipients (contacts and
groups). Made with the account, never created or deleted by the API, replaced under If-Match."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from msgcenter import catalog, rules
from msgcenter.server.errors import Locked, Validation
from msgcenter.server.store.database import Writer, retried
from msgcenter.server.store.entities import Entities, Entity, etag_of, unknown_ids, with_seq
from msgcenter.server.store.tables import contacts, groups, settings

ALWAYS_ON = {"email": True, "sms": True}


def setting_dict(row: Any) -> Entity:
    message_type = catalog.TYPE_BY_ID[row.id]
    return {
        "id": row.id,
        "category": message_type.category,
        "name": message_type.name_en,
        "locked": message_type.locked,
        "channels": {"email": bool(row.email), "sms": bool(row.sms)},
        "recipients": {"contacts": json.loads(row.contacts), "groups": json.loads(row.groups)},
        "etag": etag_of(row.seq),
    }


def default_settings(account_id: str, contact_id: str) -> list[dict[str, Any]]:
    """A new account's settings: every channel on, to the account's own contact."""
    return [
        dict(
            account_id=account_id,
            id=t.id,
            email=True,
            sms=True,
            contacts=json.dumps([contact_id]),
            groups="[]",
        )
        for t in catalog.SETTING_TYPES
    ]


def rewrite_recipients(
    w: Writer,
    account_id: str,
    rewrite: Callable[[list[str], list[str]], tuple[list[str], list[str]]],
) -> None:
    """Every setting's (contacts, groups) through `rewrite`, logging those that change: after a
    contact or a group is deleted."""
    changed = []
    for row in w.conn.execute(sa.select(settings).where(settings.c.account_id == account_id)):
        before = (json.loads(row.contacts), json.loads(row.groups))
        after = rewrite(*before)
        if after != before:
            w.conn.execute(
                settings.update()
                .where(settings.c.account_id == account_id, settings.c.id == row.id)
                .values(contacts=json.dumps(after[0]), groups=json.dumps(after[1]))
            )
            changed.append(row.id)
    w.touch("setting", changed)


class Settings(Entities):
    kind = "setting"

    def rows(
        self, conn: sa.Connection, account_id: str, ids: list[str] | None = None
    ) -> list[Entity]:
        query = with_seq(settings, self.kind).where(settings.c.account_id == account_id)
        if ids is not None:
            query = query.where(settings.c.id.in_(ids))
        rows = {r.id: r for r in conn.execute(query)}
        return [setting_dict(rows[i]) for i in catalog.SETTING_IDS if i in rows]

    @retried
    def put(
        self,
        account_id: str,
        setting_id: str,
        if_match: str | None,
        channels: dict[str, bool],
        recipients: dict[str, list[str]],
    ) -> Entity:
        if_match = self.require_if_match(if_match, "PUT")
        contact_ids = list(dict.fromkeys(recipients["contacts"]))
        group_ids = list(dict.fromkeys(recipients["groups"]))

        def write(current: Entity) -> None:
            if current["locked"] and channels != ALWAYS_ON:
                raise Locked("the channels of this message type are always on")
            errors = rules.check_recipients(contact_ids, group_ids)
            errors += unknown_ids(w.conn, account_id, contacts, contact_ids, "recipients.contacts")
            errors += unknown_ids(w.conn, account_id, groups, group_ids, "recipients.groups")
            if errors:
                raise Validation(errors)
            w.conn.execute(
                settings.update()
                .where(settings.c.account_id == account_id, settings.c.id == setting_id)
                .values(
                    email=channels["email"],
                    sms=channels["sms"],
                    contacts=json.dumps(contact_ids),
                    groups=json.dumps(group_ids),
                )
            )

        with self.db.write(account_id) as w:
            return self.replace(w, account_id, setting_id, if_match, write).entity
