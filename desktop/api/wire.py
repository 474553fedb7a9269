"""Checks that a reply has the shape the contract promises, so bad data never reaches the cache."""

from __future__ import annotations

from typing import Any

from desktop.api.errors import BadResponse

KINDS = ("message", "setting", "contact", "group")


def _need(condition: bool, what: str) -> None:
    if not condition:
        raise BadResponse(f"the server's reply is malformed: {what}")


def _is_str(value: Any) -> bool:
    return isinstance(value, str)


def check_message(message: Any) -> dict[str, Any]:
    _need(isinstance(message, dict), "a message is not an object")
    for key in ("id", "category", "type", "title", "body", "created_at"):
        _need(_is_str(message.get(key)), f"message.{key} is not text")
    _need(isinstance(message.get("read"), bool), "message.read is not a boolean")
    return message


def check_setting(setting: Any) -> dict[str, Any]:
    _need(isinstance(setting, dict), "a setting is not an object")
    _need(_is_str(setting.get("id")) and _is_str(setting.get("etag")), "setting id / etag")
    channels, recipients = setting.get("channels"), setting.get("recipients")
    _need(isinstance(channels, dict), "setting.channels")
    _need(all(isinstance(channels.get(k), bool) for k in ("email", "sms")), "setting.channels")
    _need(isinstance(recipients, dict), "setting.recipients")
    for key in ("contacts", "groups"):
        ids = recipients.get(key)
        _need(isinstance(ids, list) and all(_is_str(i) for i in ids), f"recipients.{key}")
    return setting


def check_contact(contact: Any) -> dict[str, Any]:
    _need(isinstance(contact, dict), "a contact is not an object")
    for key in ("id", "name", "etag"):
        _need(_is_str(contact.get(key)), f"contact.{key}")
    _need(contact.get("mobile") is None or _is_str(contact.get("mobile")), "contact.mobile")
    _need(contact.get("email") is None or _is_str(contact.get("email")), "contact.email")
    for key in ("mobile_verified", "email_verified", "primary", "is_account"):
        _need(isinstance(contact.get(key), bool), f"contact.{key}")
    groups = contact.get("groups")
    _need(isinstance(groups, list) and all(_is_str(g) for g in groups), "contact.groups")
    return contact


def check_group(group: Any) -> dict[str, Any]:
    _need(isinstance(group, dict), "a group is not an object")
    for key in ("id", "name", "etag"):
        _need(_is_str(group.get(key)), f"group.{key}")
    members = group.get("members")
    _need(isinstance(members, list) and all(_is_str(m) for m in members), "group.members")
    return group


ENTITY_CHECKS = {
    "message": check_message,
    "setting": check_setting,
    "contact": check_contact,
    "group": check_group,
}


def check_changes_page(page: Any) -> dict[str, Any]:
    _need(isinstance(page, dict), "the change page is not an object")
    _need(isinstance(page.get("changes"), list), "changes is not a list")
    _need(_is_str(page.get("next_cursor")), "next_cursor is not text")
    _need(isinstance(page.get("has_more"), bool), "has_more is not a boolean")
    for change in page["changes"]:
        _need(isinstance(change, dict), "a change is not an object")
        _need(isinstance(change.get("seq"), int), "change.seq")
        _need(change.get("kind") in KINDS, "change.kind")
        _need(_is_str(change.get("id")), "change.id")
        _need(change.get("op") in ("upsert", "delete"), "change.op")
        if change["op"] == "upsert":
            ENTITY_CHECKS[change["kind"]](change.get("data"))
            _need(change["data"]["id"] == change["id"], "change.data.id differs from change.id")
    return page


def check_categories(body: Any) -> dict[str, Any]:
    _need(isinstance(body, dict) and isinstance(body.get("categories"), list), "categories")
    for category in body["categories"]:
        _need(isinstance(category, dict) and _is_str(category.get("id")), "category.id")
        _need(isinstance(category.get("unread"), int), "category.unread")
    _need(isinstance(body.get("total_unread"), int), "total_unread")
    return body


def check_token(body: Any) -> dict[str, Any]:
    _need(isinstance(body, dict) and _is_str(body.get("token")), "token")
    account = body.get("account")
    _need(isinstance(account, dict) and _is_str(account.get("id")), "account")
    return body
