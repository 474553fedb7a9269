"""The message center's rules: field checks, recipient rules and limits.

Written once, used by the reference server, by the desktop client's forms and by the tests. Every
check returns a list of :class:`FieldError` (empty when the value is fine) rather than raising, so
a form can show them as the user types and the server can return them all at once.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

MAX_CONTACTS = 20  # not counting the account contact
MAX_GROUPS = 12
NAME_MAX_LENGTH = 32
EMAIL_MAX_LENGTH = 254
VERIFICATION_CODE_SECONDS = 5 * 60
VERIFICATION_MAX_FAILURES = 5

_MAINLAND_MOBILE = re.compile(r"1[0-9]{10}")
_INTERNATIONAL_MOBILE = re.compile(r"\+[0-9]{8,15}")
# Deliberately plain: one @, a dot in the domain, no spaces or control characters. Whether an
# address really receives mail is what verification is for.
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+")


# What each code says in English: the server's `message` and problem `detail` for any client.
# Parameters (`limit`, `digits`) fill the braces; the desktop client translates codes itself.
MESSAGES = {
    "not_text": "must be text",
    "required": "is required",
    "too_long": "must be at most {limit} characters",
    "control_characters": "must not contain control characters",
    "bad_mobile": "must be 11 digits starting with 1, or + followed by 8 to 15 digits",
    "bad_email": "must be a valid email address",
    "contacts_and_groups": "choose contacts or contact groups, not both",
    "no_recipients": "choose at least one contact or contact group",
    "too_many_contacts": "at most {limit} contacts besides yourself",
    "too_many_groups": "at most {limit} contact groups",
    "bad_code": "must be {digits} digits",
}


class FieldError:
    """One field's problem: a `code` (a key of MESSAGES) with its parameters, and the English
    `message` they make. The server's own one-off checks give a message and no code."""

    __slots__ = ("code", "field", "message", "params")

    def __init__(
        self, field: str, message: str | None = None, *, code: str = "", **params: int | str
    ) -> None:
        if message is None:
            message = MESSAGES[code].format(**params)
        self.field, self.message, self.code, self.params = field, message, code, params

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FieldError) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"FieldError({self.field!r}, {self.message!r}, code={self.code!r}, {self.params})"

    def _key(self) -> tuple[object, ...]:
        return self.field, self.message, self.code, tuple(sorted(self.params.items()))

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}

    def as_coded_dict(self) -> dict[str, Any]:
        """`as_dict` with the code (when there is one) and its parameters, for clients that
        say it in their own words."""
        coded: dict[str, Any] = self.as_dict()
        if self.code:
            coded.update(code=self.code, **self.params)
        return coded


def _has_control_characters(value: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf") for ch in value)


def normalize_name(value: str) -> str:
    """Names are stored without surrounding white space; the client and server both strip."""
    return value.strip()


def normalize_email(value: str | None) -> str | None:
    """An empty email means none."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def check_name(value: Any, field: str = "name") -> list[FieldError]:
    if not isinstance(value, str):
        return [FieldError(field, code="not_text")]
    name = normalize_name(value)
    if not name:
        return [FieldError(field, code="required")]
    if len(name) > NAME_MAX_LENGTH:
        return [FieldError(field, code="too_long", limit=NAME_MAX_LENGTH)]
    if _has_control_characters(name):
        return [FieldError(field, code="control_characters")]
    return []


def check_mobile(value: Any, field: str = "mobile") -> list[FieldError]:
    if not isinstance(value, str) or not value:
        return [FieldError(field, code="required")]
    if _MAINLAND_MOBILE.fullmatch(value) or _INTERNATIONAL_MOBILE.fullmatch(value):
        return []
    return [FieldError(field, code="bad_mobile")]


def check_email(value: Any, field: str = "email") -> list[FieldError]:
    """Email is optional: None or empty is fine."""
    if value is None:
        return []
    if not isinstance(value, str):
        return [FieldError(field, code="not_text")]
    email = normalize_email(value)
    if email is None:
        return []
    if len(email) > EMAIL_MAX_LENGTH or not _EMAIL.fullmatch(email):
        return [FieldError(field, code="bad_email")]
    return []


def check_contact(name: Any, mobile: Any, email: Any) -> list[FieldError]:
    return check_name(name) + check_mobile(mobile) + check_email(email)


def check_recipients(contacts: list[str], groups: list[str]) -> list[FieldError]:
    """A setting's recipients are contacts or groups, never both, never none."""
    if contacts and groups:
        return [FieldError("recipients", code="contacts_and_groups")]
    if not contacts and not groups:
        return [FieldError("recipients", code="no_recipients")]
    return []


def check_contact_limit(other_contacts: int) -> list[FieldError]:
    """`other_contacts`: how many contacts besides the account contact there would be."""
    if other_contacts > MAX_CONTACTS:
        return [FieldError("contacts", code="too_many_contacts", limit=MAX_CONTACTS)]
    return []


def check_group_limit(groups: int) -> list[FieldError]:
    if groups > MAX_GROUPS:
        return [FieldError("groups", code="too_many_groups", limit=MAX_GROUPS)]
    return []


def check_verification_code(value: Any, field: str = "code") -> list[FieldError]:
    if isinstance(value, str) and re.fullmatch(r"[0-9]{6}", value):
        return []
    return [FieldError(field, code="bad_code", digits=6)]


def mask_mobile(mobile: str | None) -> str:
    """`13012345158` → `130*****158`."""
    if not mobile:
        return ""
    if len(mobile) <= 6:
        return mobile[:1] + "*" * (len(mobile) - 1)
    return f"{mobile[:3]}*****{mobile[-3:]}"


def mask_email(email: str | None) -> str:
    """`lin@jd.com` → `l*****n@jd.com`."""
    if not email or "@" not in email:
        return email or ""
    local, domain = email.rsplit("@", 1)
    tail = local[-1] if len(local) > 1 else ""
    return f"{local[:1]}*****{tail}@{domain}"


def fallback_recipients(
    contacts: list[str], groups: list[str], account_contact_id: str
) -> tuple[list[str], list[str]]:
    """A row left with no recipients falls back to the account contact (domain.md, Recipients)."""
    if not contacts and not groups:
        return [account_contact_id], []
    return contacts, groups


def remove_contact_from_recipients(
    contacts: list[str], groups: list[str], contact_id: str, account_contact_id: str
) -> tuple[list[str], list[str]]:
    return fallback_recipients([c for c in contacts if c != contact_id], groups, account_contact_id)


def remove_group_from_recipients(
    contacts: list[str], groups: list[str], group_id: str, account_contact_id: str
) -> tuple[list[str], list[str]]:
    return fallback_recipients(contacts, [g for g in groups if g != group_id], account_contact_id)
