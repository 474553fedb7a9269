"""Categories and messages: the unread counts, pages of messages, marking read, deleting."""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Response

from msgcenter import rules
from msgcenter.server import cursors, schemas
from msgcenter.server.errors import BadRequest, Validation
from msgcenter.server.openapi import problem_responses
from msgcenter.server.routes.deps import ConfigDep, Me, StoreDep, poll_headers
from msgcenter.server.schemas import PathId
from msgcenter.server.timefmt import parse_rfc3339

router = APIRouter(tags=["messages"])


@router.get(
    "/v1/categories",
    response_model=schemas.CategoriesOut,
    responses={304: {"description": "not modified"}, **problem_responses(401)},
)
def categories(
    account: Me,
    store: StoreDep,
    config: ConfigDep,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    body = json.dumps(store.messages.categories(account.id), separators=(",", ":")).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, **poll_headers(config)}
    if if_none_match is not None and etag in [t.strip() for t in if_none_match.split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


@router.get(
    "/v1/messages",
    response_model=schemas.MessagePage,
    responses=problem_responses(400, 401, 422),
)
def list_messages(
    account: Me,
    store: StoreDep,
    category: schemas.CategoryId | None = None,
    unread: bool | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    position = None
    if cursor is not None:
        try:
            position = cursors.decode_position(cursor)
        except ValueError:
            raise BadRequest("cursor", "malformed cursor") from None
    items, after = store.messages.page(account.id, category, unread, q, position, limit)
    next_cursor = cursors.encode_position(*after) if after else None
    return {"items": items, "next_cursor": next_cursor}


@router.get(
    "/v1/messages/{message_id}",
    response_model=schemas.Message,
    responses=problem_responses(401, 404),
)
def get_message(account: Me, store: StoreDep, message_id: PathId) -> dict[str, Any]:
    return store.messages.get(account.id, message_id)


@router.post(
    "/v1/messages/read",
    response_model=schemas.ReadByIdsOut | schemas.ReadUpToOut,
    responses=problem_responses(400, 401, 422),
)
def mark_read(account: Me, store: StoreDep, body: schemas.ReadRequest) -> dict[str, Any]:
    if (body.ids is None) == (body.up_to is None):
        raise Validation([rules.FieldError("body", "give either ids or up_to")])
    if body.ids is not None:
        if body.category is not None:
            raise Validation([rules.FieldError("category", "goes with up_to, not ids")])
        updated, not_found = store.messages.set_read(account.id, body.ids, body.read)
        return {"updated": updated, "not_found": not_found}
    if not body.read:
        raise Validation([rules.FieldError("read", "up_to marks messages read only")])
    try:
        up_to = parse_rfc3339(body.up_to or "")
    except (ValueError, OverflowError, OSError):
        raise Validation([rules.FieldError("up_to", "must be an RFC 3339 time")]) from None
    return {"updated_count": store.messages.mark_read_up_to(account.id, up_to, body.category)}


@router.post(
    "/v1/messages/delete",
    response_model=schemas.DeleteOut,
    responses=problem_responses(400, 401, 422),
)
def delete_messages(account: Me, store: StoreDep, body: schemas.DeleteRequest) -> dict[str, Any]:
    deleted, not_found = store.messages.delete(account.id, body.ids)
    return {"deleted": deleted, "not_found": not_found}
