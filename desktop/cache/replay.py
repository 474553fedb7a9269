"""Local edits applied to local state: what the user sees before the server has answered.

The same functions serve when an edit is made and when the view is recomputed, so an edit looks
the same before and after a restart. Deleting a contact or group applies the server's own fallback
rule (`msgcenter.rules`), so cache and server agree after sync.
"""

from __future__ import annotations

import copy
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from msgcenter import catalog, rules

if TYPE_CHECKING:
    from desktop.cache.store import OutboxEntry


def ms_of(created_at: str) -> int:
    """Milliseconds since the epoch of an RFC 3339 time from the server."""
    text = created_at[:-1] + "+00:00" if created_at.endswith("Z") else created_at
    return int(datetime.fromisoformat(text).timestamp() * 1000)


def apply_message_edit(db: sqlite3.Connection, op: str, payload: dict[str, Any]) -> None:
    if op == "read":
        ids = payload["ids"]
        marks = ",".join("?" * len(ids))
        db.execute(
            f"UPDATE messages SET read = ? WHERE id IN ({marks}) AND read != ?",
            (1 if payload["read"] else 0, *ids, 1 if payload["read"] else 0),
        )
    elif op == "delete":
        ids = payload["ids"]
        db.execute(f"DELETE FROM messages WHERE id IN ({','.join('?' * len(ids))})", ids)
    elif op == "read_up_to":
        condition = "read = 0 AND created_ms <= ?"
        args: list[Any] = [ms_of(payload["up_to"])]
        if payload.get("category"):
            condition += " AND category = ?"
            args.append(payload["category"])
        db.execute(f"UPDATE messages SET read = 1 WHERE {condition}", args)


@dataclass
class ViewRow:
    kind: str
    id: str
    position: int
    data: dict[str, Any]
    pending: int
    problem: str | None


def replay_entities(
    server: dict[str, dict[str, dict[str, Any]]], entries: list[OutboxEntry]
) -> list[ViewRow]:
    """The server's settings, contacts and groups with `entries` applied in order."""
    state = copy.deepcopy(server)
    pending: dict[tuple[str, str], int] = {}
    problems: dict[tuple[str, str], str] = {}
    for entry in entries:
        key = (entry.kind, entry.entity_id or "")
        pending[key] = pending.get(key, 0) + 1
        if entry.state != "queued" and entry.reason:
            problems.setdefault(key, entry.reason)
        apply_entity_edit(state, entry.op, entry.kind, entry.entity_id or "", entry.payload)
    _derive_contact_groups(state)
    rows = []
    setting_order = {sid: n for n, sid in enumerate(catalog.SETTING_IDS)}
    for kind, entities in state.items():
        ordered = list(entities.values())
        if kind == "contact":
            ordered.sort(key=lambda c: not c.get("is_account"))  # stable: account contact first
        for position, entity in enumerate(ordered):
            if kind == "setting":
                position = setting_order.get(entity["id"], position)
            key = (kind, entity["id"])
            rows.append(
                ViewRow(
                    kind, entity["id"], position, entity, pending.get(key, 0), problems.get(key)
                )
            )
    return rows


def apply_entity_edit(
    state: dict[str, dict[str, dict[str, Any]]],
    op: str,
    kind: str,
    entity_id: str,
    payload: dict[str, Any],
) -> None:
    entities = state[kind]
    if op == "put":
        current = entities.get(entity_id)
        if kind == "setting":
            if current is not None:
                current["channels"] = dict(payload["channels"])
                current["recipients"] = {
                    "contacts": list(payload["recipients"]["contacts"]),
                    "groups": list(payload["recipients"]["groups"]),
                }
        elif kind == "contact":
            entities[entity_id] = _put_contact(current, entity_id, payload)
        elif kind == "group":
            group = current or {"id": entity_id, "etag": ""}
            group["name"] = rules.normalize_name(payload["name"])
            group["members"] = list(dict.fromkeys(payload["members"]))
            entities[entity_id] = group
    elif op == "remove":
        entities.pop(entity_id, None)
        account = _account_contact_id(state)
        for setting in state["setting"].values():
            recipients = setting["recipients"]
            if kind == "contact":
                contacts, groups = rules.remove_contact_from_recipients(
                    recipients["contacts"], recipients["groups"], entity_id, account
                )
            else:
                contacts, groups = rules.remove_group_from_recipients(
                    recipients["contacts"], recipients["groups"], entity_id, account
                )
            setting["recipients"] = {"contacts": contacts, "groups": groups}
        if kind == "contact":
            for group in state["group"].values():
                group["members"] = [m for m in group["members"] if m != entity_id]
    elif op == "primary" and entity_id in entities:
        for contact in entities.values():
            contact["primary"] = contact["id"] == entity_id


def _put_contact(current: dict[str, Any] | None, entity_id: str, payload: dict[str, Any]):
    contact = current or {
        "id": entity_id,
        "mobile_verified": False,
        "email_verified": False,
        "primary": False,
        "is_account": False,
        "groups": [],
        "etag": "",
    }
    mobile, email = payload["mobile"], rules.normalize_email(payload.get("email"))
    if contact.get("mobile") != mobile:
        contact["mobile_verified"] = False
    if contact.get("email") != email:
        contact["email_verified"] = False
    contact.update(name=rules.normalize_name(payload["name"]), mobile=mobile, email=email)
    return contact


def _account_contact_id(state: dict[str, dict[str, dict[str, Any]]]) -> str:
    for contact in state["contact"].values():
        if contact.get("is_account"):
            return contact["id"]
    return ""


def _derive_contact_groups(state: dict[str, dict[str, dict[str, Any]]]) -> None:
    for contact in state["contact"].values():
        contact["groups"] = [
            g["id"] for g in state["group"].values() if contact["id"] in g["members"]
        ]
