"""Local edits of settings, contacts and groups applied to local state: what the user sees before
the server has answered.

The same functions serve when an edit is made and when the view is recomputed, so an edit looks
the same before and after a restart. Deleting a contact or group applies the server's own fallback
rule (`msgcenter.rules`), so cache and server agree after sync.
"""

from __future__ import annotations

import copy
from typing import Any, NamedTuple

from desktop.cache.kinds import EntityKind, Operation, OutboxState
from desktop.cache.rows import OutboxEntry
from msgcenter import catalog, rules

State = dict[EntityKind, dict[str, dict[str, Any]]]  # entities by kind and id


# A NamedTuple, not a dataclass: quicker to import (desktop.cache.rows says why).
class ViewRow(NamedTuple):
    """A row of `entity_view`."""

    kind: EntityKind
    id: str
    position: int
    data: dict[str, Any]
    pending: int
    problem: str | None


def replay_entities(server: State, entries: list[OutboxEntry]) -> list[ViewRow]:
    """The server's settings, contacts and groups with `entries` applied in order."""
    state = copy.deepcopy(server)
    pending: dict[tuple[EntityKind, str], int] = {}
    problems: dict[tuple[EntityKind, str], str] = {}
    for entry in entries:
        key = (entry.kind, entry.entity_id or "")
        pending[key] = pending.get(key, 0) + 1
        if entry.state != OutboxState.QUEUED and entry.reason:
            problems.setdefault(key, entry.reason)
        apply_entity_edit(state, entry.op, entry.kind, entry.entity_id or "", entry.payload)
    _derive_contact_groups(state)
    rows: list[ViewRow] = []
    setting_order = {sid: n for n, sid in enumerate(catalog.SETTING_IDS)}
    for kind, entities in state.items():
        ordered = list(entities.values())
        if kind == EntityKind.CONTACT:
            ordered.sort(key=lambda c: not c.get("is_account"))  # stable: account contact first
        for position, entity in enumerate(ordered):
            if kind == EntityKind.SETTING:
                position = setting_order.get(entity["id"], position)
            key = (kind, entity["id"])
            rows.append(
                ViewRow(
                    kind, entity["id"], position, entity, pending.get(key, 0), problems.get(key)
                )
            )
    return rows


def apply_entity_edit(
    state: State, op: Operation, kind: EntityKind, entity_id: str, payload: dict[str, Any]
) -> None:
    """One put / remove / primary over `state`, as the server would apply it."""
    entities = state[kind]
    if op == Operation.PUT:
        current = entities.get(entity_id)
        if kind == EntityKind.SETTING:
            if current is not None:
                current["channels"] = dict(payload["channels"])
                current["recipients"] = {
                    "contacts": list(payload["recipients"]["contacts"]),
                    "groups": list(payload["recipients"]["groups"]),
                }
        elif kind == EntityKind.CONTACT:
            entities[entity_id] = _put_contact(current, entity_id, payload)
        elif kind == EntityKind.GROUP:
            group = current or {"id": entity_id, "etag": ""}
            group["name"] = rules.normalize_name(payload["name"])
            group["members"] = list(dict.fromkeys(payload["members"]))
            entities[entity_id] = group
    elif op == Operation.REMOVE:
        entities.pop(entity_id, None)
        account = _account_contact_id(state)
        for setting in state[EntityKind.SETTING].values():
            recipients = setting["recipients"]
            if kind == EntityKind.CONTACT:
                contacts, groups = rules.remove_contact_from_recipients(
                    recipients["contacts"], recipients["groups"], entity_id, account
                )
            else:
                contacts, groups = rules.remove_group_from_recipients(
                    recipients["contacts"], recipients["groups"], entity_id, account
                )
            setting["recipients"] = {"contacts": contacts, "groups": groups}
        if kind == EntityKind.CONTACT:
            for group in state[EntityKind.GROUP].values():
                group["members"] = [m for m in group["members"] if m != entity_id]
    elif op == Operation.PRIMARY and entity_id in entities:
        for contact in entities.values():
            contact["primary"] = contact["id"] == entity_id


def _put_contact(
    current: dict[str, Any] | None, entity_id: str, payload: dict[str, Any]
) -> dict[str, Any]:
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


def _account_contact_id(state: State) -> str:
    for contact in state[EntityKind.CONTACT].values():
        if contact.get("is_account"):
            return str(contact["id"])
    return ""


def _derive_contact_groups(state: State) -> None:
    for contact in state[EntityKind.CONTACT].values():
        contact["groups"] = [
            g["id"] for g in state[EntityKind.GROUP].values() if contact["id"] in g["members"]
        ]
