"""Request and response models: they validate requests and describe the contract in OpenAPI."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from fastapi import Path
from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from msgcenter import catalog, rules
from msgcenter.server.errors import WRONG_CODE

CategoryId = Literal["account", "product", "security", "fault", "event", "other"]
assert set(CategoryId.__args__) == set(catalog.CATEGORY_IDS)  # type: ignore[attr-defined]

# Ids in paths and bodies (api.md, Limits): 1-64 characters of A-Z a-z 0-9 . _ -
ID_PATTERN = r"^[A-Za-z0-9._-]{1,64}$"
ID_RE = re.compile(r"[A-Za-z0-9._-]{1,64}")
EntityId = Annotated[str, Field(pattern=ID_PATTERN)]
# A path id of another shape names nothing: the app answers 404 for it, not 422.
PathId = Annotated[str, Path(pattern=ID_PATTERN, description="1-64 of A-Z a-z 0-9 . _ -")]
# The same in the routes settings, contacts and groups share: FastAPI names it as the route's
# path does ({setting_id}, {contact_id}, {group_id}).
EntityPathId = Annotated[
    str,
    Path(
        pattern=ID_PATTERN,
        description="1-64 of A-Z a-z 0-9 . _ -",
        validation_alias=AliasChoices("setting_id", "contact_id", "group_id"),
    ),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class FieldErrorOut(BaseModel):
    """One field's problem: `message` in English, and for the rules clients check too a `code`
    with its parameters, for clients to say it in their own words."""

    field: str
    message: str
    code: str | None = Field(
        default=None,
        description="one of "
        + ", ".join([*rules.MESSAGES, WRONG_CODE])
        + "; absent for a check without one",
    )
    limit: int | None = Field(default=None, description="with too_long and too_many_*")
    digits: int | None = Field(default=None, description="with bad_code")


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(examples=["/problems/validation"])
    title: str
    status: int
    detail: str
    errors: list[FieldErrorOut] | None = None
    current: dict[str, Any] | None = Field(
        default=None, description="With 412: the entity as it now is (null if it was deleted)."
    )


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    database: Literal["ok"] = Field(description="the database answers (else 503)")


class TokenRequest(Strict):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)
    device: str | None = Field(default=None, max_length=200)


class AccountOut(BaseModel):
    id: str
    name: str


class TokenOut(BaseModel):
    token: str
    account: AccountOut


class MeOut(BaseModel):
    account: AccountOut


class CategoryOut(BaseModel):
    id: CategoryId
    name: str
    unread: int
    total: int


class CategoriesOut(BaseModel):
    categories: list[CategoryOut]
    total_unread: int


class Message(BaseModel):
    id: str
    category: CategoryId
    type: str
    title: str
    body: str
    created_at: str = Field(description="RFC 3339, UTC, with Z")
    read: bool


class MessagePage(BaseModel):
    items: list[Message]
    next_cursor: str | None


class ReadRequest(Strict):
    """Either `ids` and `read`, or `up_to` (with an optional `category`) and `read: true`."""

    ids: list[EntityId] | None = Field(default=None, min_length=1, max_length=500)
    read: bool
    up_to: str | None = Field(default=None, description="RFC 3339")
    category: CategoryId | None = None


class ReadByIdsOut(BaseModel):
    updated: list[str]
    not_found: list[str]


class ReadUpToOut(BaseModel):
    updated_count: int


class DeleteRequest(Strict):
    ids: list[EntityId] = Field(min_length=1, max_length=500)


class DeleteOut(BaseModel):
    deleted: list[str]
    not_found: list[str]


class ChangeOut(BaseModel):
    seq: int
    kind: Literal["message", "setting", "contact", "group"]
    id: str
    op: Literal["upsert", "delete"]
    data: dict[str, Any] | None


class ChangesOut(BaseModel):
    changes: list[ChangeOut]
    next_cursor: str
    has_more: bool


class Channels(Strict):
    email: bool
    sms: bool


class Recipients(Strict):
    contacts: list[EntityId] = Field(max_length=100)
    groups: list[EntityId] = Field(max_length=100)


class Setting(BaseModel):
    id: str
    category: CategoryId
    name: str
    locked: bool
    channels: Channels
    recipients: Recipients
    etag: str


class SettingsOut(BaseModel):
    settings: list[Setting]


class SettingIn(Strict):
    channels: Channels
    recipients: Recipients


class Contact(BaseModel):
    id: str
    name: str
    mobile: str | None = Field(description="null only for an account contact without one")
    email: str | None
    mobile_verified: bool
    email_verified: bool
    primary: bool
    is_account: bool
    groups: list[str]
    etag: str


class ContactsOut(BaseModel):
    contacts: list[Contact]


class ContactIn(Strict):
    name: str = Field(max_length=200)
    mobile: str = Field(max_length=32)
    email: str | None = Field(default=None, max_length=320)


class VerificationIn(Strict):
    channel: Literal["mobile", "email"]


class VerificationConfirmIn(Strict):
    channel: Literal["mobile", "email"]
    code: str = Field(max_length=16)


class Group(BaseModel):
    id: str
    name: str
    members: list[str]
    etag: str


class GroupsOut(BaseModel):
    groups: list[Group]


class GroupIn(Strict):
    name: str = Field(max_length=200)
    members: list[EntityId] = Field(max_length=100)


class AdminAccountIn(Strict):
    name: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)
    mobile: str | None = Field(default=None, max_length=32)
    email: str | None = Field(default=None, max_length=320)


class AdminMessageIn(Strict):
    account: str = Field(min_length=1, max_length=64)
    category: CategoryId
    type: str = Field(min_length=1, max_length=64)
    title: str = Field(min_length=1, max_length=1000)
    body: str = Field(max_length=1_000_000)


class Delivery(BaseModel):
    channel: Literal["sms", "email"]
    to: str
    text: str
    created_at: str


class DeliveriesOut(BaseModel):
    deliveries: list[Delivery]
