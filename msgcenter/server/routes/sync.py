"""The change feed (GET /v1/changes, with long polling) and the event stream (GET /v1/events).

Both are coroutines that wait on the :class:`ChangeNotifier`, woken by the commit that records a
change; their queries run on the thread pool.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from msgcenter.server import cursors, schemas
from msgcenter.server.errors import BadRequest
from msgcenter.server.openapi import problem_responses
from msgcenter.server.routes.deps import (
    ConfigDep,
    Me,
    NotifierDep,
    ReadsDep,
    StoreDep,
    poll_headers,
)
from msgcenter.server.streams import event_stream

router = APIRouter(tags=["sync"])


def parse_seq_cursor(cursor: str | None, field: str = "cursor") -> int | None:
    if cursor is None:
        return None
    try:
        return cursors.decode_seq(cursor)
    except ValueError:
        raise BadRequest(field, "malformed cursor") from None


@router.get(
    "/v1/changes",
    response_model=schemas.ChangesOut,
    responses=problem_responses(400, 401, 410, 422),
)
async def changes(
    account: Me,
    store: StoreDep,
    notifier: NotifierDep,
    config: ConfigDep,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
    wait: Annotated[float, Query(ge=0, le=30)] = 0,
) -> JSONResponse:
    after = parse_seq_cursor(cursor)
    found, next_seq, has_more = await run_in_threadpool(
        store.feed.changes, account.id, after, limit
    )
    nothing_yet = not found and wait > 0
    if nothing_yet and after is not None and await notifier.wait(account.id, after, wait):
        found, next_seq, has_more = await run_in_threadpool(
            store.feed.changes, account.id, after, limit
        )
    body = {
        "changes": [c.as_dict() for c in found],
        "next_cursor": cursors.encode_seq(next_seq),
        "has_more": has_more,
    }
    return JSONResponse(body, headers=poll_headers(config))


@router.get(
    "/v1/events",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "Server-Sent Events: `change` events, `: ping` comments, `resync`",
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
        },
        **problem_responses(400, 401, 422),
    },
)
async def events(
    account: Me,
    store: StoreDep,
    notifier: NotifierDep,
    reads: ReadsDep,
    config: ConfigDep,
    cursor: str | None = None,
    last_event_id: Annotated[str | None, Header()] = None,
) -> StreamingResponse:
    field = "Last-Event-ID" if last_event_id is not None else "cursor"
    after = parse_seq_cursor(last_event_id if last_event_id is not None else cursor, field)
    last, purged = await run_in_threadpool(store.feed.seq_bounds, account.id)
    if after is None:
        after = last
    elif after > last:
        raise BadRequest(field, "malformed cursor")  # beyond anything issued
    return StreamingResponse(
        event_stream(reads, notifier, account.id, after, after < purged, config.heartbeat),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
