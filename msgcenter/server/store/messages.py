"""Messages: published by the administrator (or seeded), read, marked read and deleted by the
account. Publishing one of a configurable type records the SMS and email its setting sends.

U+0000 is never stored (PostgreSQL's text cannot hold it): a title or body with it gets 422, and
a search with it finds nothing, without asking the database.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa

from msgcenter import catalog, rules
from msgcenter.server.errors import NotFound, Validation
from msgcenter.server.store.database import Database, Writer, retried
from msgcenter.server.store.tables import (
    changelog,
    contacts,
    deliveries,
    groups,
    messages,
    settings,
)
from msgcenter.server.timefmt import format_ms, now_ms

BULK_BATCH = 20_000

Position = tuple[int, str]  # (created_ms, id) of the last message of a page


def message_dict(row: Any) -> dict[str, Any]:
    """A message as the API shows it, from a row (or anything with the same attributes)."""
    return message_of(row.id, row.category, row.type, row.title, row.body, row.created_ms, row.read)


def message_of(
    message_id: str, category: str, type_id: str, title: str, body: str, created_ms: int, read: Any
) -> dict[str, Any]:
    """A message as the API shows it, from its columns."""
    return {
        "id": message_id,
        "category": category,
        "type": type_id,
        "title": title,
        "body": body,
        "created_at": format_ms(created_ms),
        "read": bool(read),
    }


def check_message_fields(category: str, type_id: str, title: str, body: str) -> None:
    errors = []
    if category not in catalog.CATEGORY_BY_ID:
        errors.append(rules.FieldError("category", "unknown category"))
    message_type = catalog.TYPE_BY_ID.get(type_id)
    if message_type is None:
        errors.append(rules.FieldError("type", "unknown message type"))
    elif message_type.category != category:
        errors.append(rules.FieldError("type", f"not a type of category {category!r}"))
    if not isinstance(title, str) or not title.strip():
        errors.append(rules.FieldError("title", "is required"))
    if not isinstance(body, str):
        errors.append(rules.FieldError("body", "must be text"))
    for field, text in (("title", title), ("body", body)):
        if isinstance(text, str) and "\0" in text:
            errors.append(rules.FieldError(field, "must not contain U+0000"))
    if errors:
        raise Validation(errors)


def _page_query(
    account_id: str,
    category: str | None,
    unread: bool | None,
    q: str | None,
    position: Position | None,
) -> sa.Select[Any]:
    """The account's messages that match, newest first, after `position` when given."""
    query = sa.select(messages).where(messages.c.account_id == account_id)
    if category:
        query = query.where(messages.c.category == category)
    if unread is not None:
        query = query.where(messages.c.read == (not unread))
    if q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            sa.or_(
                messages.c.title.ilike(pattern, escape="\\"),
                messages.c.body.ilike(pattern, escape="\\"),
            )
        )
    if position is not None:
        created, message_id = position
        query = query.where(
            sa.or_(
                messages.c.created_ms < created,
                sa.and_(messages.c.created_ms == created, messages.c.id < message_id),
            )
        )
    return query.order_by(messages.c.created_ms.desc(), messages.c.id.desc())


def _record_deliveries(conn: sa.Connection, account_id: str, type_id: str, title: str) -> None:
    """SMS and email of a configurable type reach the verified recipients (delivery log)."""
    message_type = catalog.TYPE_BY_ID[type_id]
    if not message_type.has_setting:
        return
    setting = conn.execute(
        sa.select(settings).where(settings.c.account_id == account_id, settings.c.id == type_id)
    ).one()
    targets = set(json.loads(setting.contacts))
    for group in conn.execute(
        sa.select(groups.c.members).where(
            groups.c.account_id == account_id, groups.c.id.in_(json.loads(setting.groups))
        )
    ).scalars():
        targets.update(json.loads(group))
    people = conn.execute(
        sa.select(contacts).where(contacts.c.account_id == account_id, contacts.c.id.in_(targets))
    ).all()
    sent = []
    for person in people:
        if setting.sms and person.mobile and person.mobile_verified:
            sent.append(("sms", person.mobile))
        if setting.email and person.email and person.email_verified:
            sent.append(("email", person.email))
    if sent:
        conn.execute(
            deliveries.insert(),
            [
                dict(account_id=account_id, channel=c, to=to, text=title, created_ms=now_ms())
                for c, to in sent
            ],
        )


def _insert_batch(w: Writer, batch: list[dict[str, Any]]) -> int:
    w.conn.execute(messages.insert(), batch)
    w.touch("message", [r["id"] for r in batch], fresh=True)
    return len(batch)


class Messages:
    def __init__(self, db: Database) -> None:
        self.db = db

    def categories(self, account_id: str) -> dict[str, Any]:
        """Per category, its unread and total counts; and the unread count of them all."""
        with self.db.read() as conn:
            rows = conn.execute(
                sa.select(messages.c.category, messages.c.read, sa.func.count())
                .where(messages.c.account_id == account_id)
                .group_by(messages.c.category, messages.c.read)
            ).all()
        unread = dict.fromkeys(catalog.CATEGORY_IDS, 0)
        total = dict.fromkeys(catalog.CATEGORY_IDS, 0)
        for category, read, count in rows:
            total[category] += count
            if not read:
                unread[category] += count
        return {
            "categories": [
                {"id": c.id, "name": c.name_en, "unread": unread[c.id], "total": total[c.id]}
                for c in catalog.CATEGORIES
            ],
            "total_unread": sum(unread.values()),
        }

    def page(
        self,
        account_id: str,
        category: str | None,
        unread: bool | None,
        q: str | None,
        position: Position | None,
        limit: int,
    ) -> tuple[list[dict[str, Any]], Position | None]:
        """Up to `limit` messages after `position`, and the position after them when more
        follow."""
        if q and "\0" in q:
            return [], None  # no stored text holds U+0000
        query = _page_query(account_id, category, unread, q, position).limit(limit + 1)
        with self.db.read() as conn:
            rows = conn.execute(query).all()
        items = [message_dict(r) for r in rows[:limit]]
        after = (rows[limit - 1].created_ms, rows[limit - 1].id) if len(rows) > limit else None
        return items, after

    def get(self, account_id: str, message_id: str) -> dict[str, Any]:
        with self.db.read() as conn:
            row = conn.execute(
                sa.select(messages).where(
                    messages.c.account_id == account_id, messages.c.id == message_id
                )
            ).first()
        if row is None:
            raise NotFound(f"no message {message_id!r}")
        return message_dict(row)

    @retried
    def set_read(self, account_id: str, ids: list[str], read: bool) -> tuple[list[str], list[str]]:
        """(ids updated, ids not found)."""
        wanted = list(dict.fromkeys(ids))
        with self.db.write(account_id) as w:
            rows = w.conn.execute(
                sa.select(messages.c.id, messages.c.read).where(
                    messages.c.account_id == account_id, messages.c.id.in_(wanted)
                )
            ).all()
            state = {r.id: r.read for r in rows}
            changing = [i for i in wanted if i in state and state[i] != read]
            if changing:
                w.conn.execute(
                    messages.update()
                    .where(messages.c.account_id == account_id, messages.c.id.in_(changing))
                    .values(read=read)
                )
                w.touch("message", changing)
        updated = [i for i in wanted if i in state]
        return updated, [i for i in wanted if i not in state]

    @retried
    def mark_read_up_to(self, account_id: str, up_to_ms: int, category: str | None) -> int:
        with self.db.write(account_id) as w:
            condition = sa.and_(
                messages.c.account_id == account_id,
                messages.c.read == sa.false(),
                messages.c.created_ms <= up_to_ms,
            )
            if category:
                condition = sa.and_(condition, messages.c.category == category)
            ids = list(w.conn.execute(sa.select(messages.c.id).where(condition)).scalars())
            if ids:
                w.conn.execute(messages.update().where(condition).values(read=True))
                w.touch("message", ids)
        return len(ids)

    @retried
    def delete(self, account_id: str, ids: list[str]) -> tuple[list[str], list[str]]:
        """(ids deleted, ids not found)."""
        wanted = list(dict.fromkeys(ids))
        with self.db.write(account_id) as w:
            found = set(
                w.conn.execute(
                    sa.select(messages.c.id).where(
                        messages.c.account_id == account_id, messages.c.id.in_(wanted)
                    )
                ).scalars()
            )
            # Deleting twice is not an error: a message already deleted counts as deleted.
            tombstoned = set(
                w.conn.execute(
                    sa.select(changelog.c.id).where(
                        changelog.c.account_id == account_id,
                        changelog.c.kind == "message",
                        changelog.c.id.in_(wanted),
                        changelog.c.deleted_ms.is_not(None),
                    )
                ).scalars()
            )
            if found:
                w.conn.execute(
                    messages.delete().where(
                        messages.c.account_id == account_id, messages.c.id.in_(found)
                    )
                )
                w.touch("message", [i for i in wanted if i in found], deleted=True)
        deleted = [i for i in wanted if i in found or i in tombstoned]
        return deleted, [i for i in wanted if i not in found and i not in tombstoned]

    @retried
    def publish(
        self,
        account_id: str,
        category: str,
        type_id: str,
        title: str,
        body: str,
        created_ms: int | None = None,
    ) -> dict[str, Any]:
        check_message_fields(category, type_id, title, body)
        row = dict(
            account_id=account_id,
            id=str(uuid.uuid4()),
            category=category,
            type=type_id,
            title=title,
            body=body,
            created_ms=created_ms if created_ms is not None else now_ms(),
            read=False,
        )
        with self.db.write(account_id) as w:
            w.conn.execute(messages.insert().values(**row))
            w.touch("message", [str(row["id"])])
            _record_deliveries(w.conn, account_id, type_id, title)
        return message_dict(SimpleNamespace(**row))

    def bulk_insert(self, account_id: str, rows: Iterable[dict[str, Any]]) -> int:
        """Seeding: many messages in one transaction, each with its change."""
        count = 0
        with self.db.write(account_id) as w:
            batch: list[dict[str, Any]] = []
            for row in rows:
                batch.append(dict(row, account_id=account_id, read=bool(row.get("read", False))))
                if len(batch) == BULK_BATCH:
                    count += _insert_batch(w, batch)
                    batch = []
            if batch:
                count += _insert_batch(w, batch)
        return count
