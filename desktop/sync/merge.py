"""The three-way merge of desktop.md, for a 412 on a setting, contact or group.

`base` is what the user's edit started from, `ours` the edit (a request body), `theirs` the
server's current entity. A field changed on one side only takes that side; recipient and member
sets merge as additions and removals; a field changed differently on both sides is a conflict for
the user to settle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.cache.kinds import EntityKind
from msgcenter import rules


@dataclass
class MergeResult:
    payload: dict[str, Any]  # a request body: the merged values (ours where in conflict)
    conflicts: list[str] = field(default_factory=list)  # field names, e.g. "name", "recipients"


def fields_of(kind: EntityKind, entity: dict[str, Any] | None) -> dict[str, Any]:
    """The editable fields of an entity, or of a request body, flattened."""
    if entity is None:
        return {}
    if kind == EntityKind.SETTING:
        return {
            "channels.email": entity["channels"]["email"],
            "channels.sms": entity["channels"]["sms"],
            "recipients.contacts": list(entity["recipients"]["contacts"]),
            "recipients.groups": list(entity["recipients"]["groups"]),
        }
    if kind == EntityKind.CONTACT:
        return {
            "name": entity.get("name"),
            "mobile": entity.get("mobile"),
            "email": rules.normalize_email(entity.get("email")),
        }
    return {"name": entity.get("name"), "members": list(entity.get("members", []))}


def body_of(kind: EntityKind, values: dict[str, Any]) -> dict[str, Any]:
    """A request body from flattened fields."""
    if kind == EntityKind.SETTING:
        return {
            "channels": {"email": values["channels.email"], "sms": values["channels.sms"]},
            "recipients": {
                "contacts": values["recipients.contacts"],
                "groups": values["recipients.groups"],
            },
        }
    if kind == EntityKind.CONTACT:
        return {"name": values["name"], "mobile": values["mobile"], "email": values["email"]}
    return {"name": values["name"], "members": values["members"]}


SET_FIELDS = {"recipients.contacts", "recipients.groups", "members"}


def merge_sets(base: list[str], ours: list[str], theirs: list[str]) -> list[str]:
    """Theirs, minus what we removed, plus what we added."""
    removed = set(base) - set(ours)
    added = [x for x in ours if x not in base and x not in theirs]
    return [x for x in theirs if x not in removed] + added


def merge(
    kind: EntityKind, base: dict[str, Any] | None, ours: dict[str, Any], theirs: dict[str, Any]
) -> MergeResult:
    b, o, t = fields_of(kind, base), fields_of(kind, ours), fields_of(kind, theirs)
    merged: dict[str, Any] = {}
    conflicts: list[str] = []
    for name, mine in o.items():
        server = t.get(name)
        if base is None:  # no common ancestor (a create met an existing id): any difference
            merged[name] = mine
            if mine != server:
                conflicts.append(name)
        elif name in SET_FIELDS:
            merged[name] = merge_sets(b.get(name, []), mine, server or [])
        elif mine == b.get(name):
            merged[name] = server
        elif server == b.get(name) or server == mine:
            merged[name] = mine
        else:
            merged[name] = mine
            conflicts.append(name)
    if kind == EntityKind.SETTING:
        contacts, groups = merged["recipients.contacts"], merged["recipients.groups"]
        if rules.check_recipients(contacts, groups):
            # The sets merged into both or neither: the person has to choose.
            merged["recipients.contacts"] = o["recipients.contacts"]
            merged["recipients.groups"] = o["recipients.groups"]
            conflicts += ["recipients.contacts", "recipients.groups"]
    return MergeResult(body_of(kind, merged), list(dict.fromkeys(conflicts)))


def resolve(
    kind: EntityKind,
    ours: dict[str, Any],
    theirs: dict[str, Any],
    base: dict[str, Any] | None,
    take_theirs: set[str],
) -> dict[str, Any]:
    """The body to send once the user chose, per conflicting field, theirs or ours."""
    merged = fields_of(kind, merge(kind, base, ours, theirs).payload)
    server = fields_of(kind, theirs)
    for name in take_theirs:
        merged[name] = server[name]
    return body_of(kind, merged)
