"""`Idempotency-Key` on POST, PUT and DELETE: a repeat replays the first 2xx response.

The fingerprint covers the method, path, query, body and the If-Match / If-None-Match headers,
so a retry after a 412 merge (a new If-Match) needs a new key. Only 2xx responses are kept: a
request that failed changed nothing and is simply run again. The key is ignored where the
response carries a secret (a new token), so that no secret is ever stored.

The key is reserved in the database before the request runs, so that of several requests with
one key, on any number of server processes, exactly one runs; the others wait for its answer and
replay it (409 `conflict` if it takes longer than IDEMPOTENCY_WAIT_S).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from typing import Any

import sqlalchemy as sa
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from msgcenter.server.errors import ApiError, BadRequest, Conflict, IdempotencyKeyReused
from msgcenter.server.problems import error_response
from msgcenter.server.store import IDEMPOTENCY_RUNNING, Account, Store

# Responses that carry a secret: never stored for an Idempotency-Key replay.
SECRET_PATHS = frozenset({"/v1/auth/token"})
# A request whose Idempotency-Key another request holds waits this long for its answer.
IDEMPOTENCY_WAIT_S = 30.0


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp, store: Store) -> None:
        self.app = app
        self.store = store

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("POST", "PUT", "DELETE")
            or scope["path"] in SECRET_PATHS
        ):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        key = headers.get("idempotency-key")
        if key is None:
            await self.app(scope, receive, send)
            return
        if not 1 <= len(key) <= 255:
            bad = BadRequest("Idempotency-Key", "must be 1 to 255 characters")
            await error_response(bad)(scope, receive, send)
            return
        account = await self._account(headers)
        if account is None:  # the route itself answers 401
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        stored = await self._reserve(account.id, key, _fingerprint(scope, headers, body))
        if isinstance(stored, ApiError):
            await error_response(stored)(scope, receive, send)
        elif stored is not None:
            await _replay(stored, send)
        else:
            await self._run_and_keep(scope, body, send, account.id, key)

    async def _run_and_keep(
        self, scope: Scope, body: bytes, send: Send, account_id: str, key: str
    ) -> None:
        """Run the request (its body read already), keeping its response if it is a 2xx."""
        captured: dict[str, Any] = {"body": b""}

        async def replay_body() -> Message:
            nonlocal body
            chunk, body = body, b""
            return {"type": "http.request", "body": chunk, "more_body": False}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                captured["headers"] = [
                    (k.decode("latin-1"), v.decode("latin-1"))
                    for k, v in message.get("headers", [])
                    if k.lower() not in (b"content-length", b"date", b"server")
                ]
            elif message["type"] == "http.response.body":
                captured["body"] += message.get("body", b"")
            await send(message)

        try:
            await self.app(scope, replay_body, capture)
        finally:
            kept = 200 <= captured.get("status", 500) < 300
            await run_in_threadpool(
                self.store.idempotency.finish,
                account_id,
                key,
                captured["status"] if kept else None,
                captured.get("headers", []),
                captured["body"],
            )

    async def _reserve(
        self, account_id: str, key: str, fingerprint: str
    ) -> sa.Row[Any] | ApiError | None:
        """None: this request holds the key; a stored response to replay; or an ApiError."""
        deadline = time.monotonic() + IDEMPOTENCY_WAIT_S
        pause = 0.01
        while True:
            stored = await run_in_threadpool(
                self.store.idempotency.reserve, account_id, key, fingerprint
            )
            if stored is None:
                return None
            if stored.fingerprint != fingerprint:
                return IdempotencyKeyReused("this Idempotency-Key was used with another request")
            if stored.status != IDEMPOTENCY_RUNNING:
                return stored
            if time.monotonic() > deadline:
                return Conflict("a request with this Idempotency-Key is still running")
            await asyncio.sleep(pause)
            pause = min(0.2, pause * 2)

    async def _account(self, headers: Headers) -> Account | None:
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return await run_in_threadpool(self.store.account_for_token, token.strip())


def _fingerprint(scope: Scope, headers: Headers, body: bytes) -> str:
    return hashlib.sha256(
        json.dumps(
            [
                scope["method"],
                scope["path"],
                scope.get("query_string", b"").decode("latin-1"),
                headers.get("if-match"),
                headers.get("if-none-match"),
                body.decode("utf-8", "replace"),
            ]
        ).encode()
    ).hexdigest()


async def _replay(stored: sa.Row[Any], send: Send) -> None:
    """The stored response again, marked as a replay."""
    replay_headers = [tuple(h) for h in json.loads(stored.headers)]
    replay_headers.append(("idempotent-replayed", "true"))
    await send(
        {
            "type": "http.response.start",
            "status": stored.status,
            "headers": [(k.encode(), v.encode()) for k, v in replay_headers],
        }
    )
    await send({"type": "http.response.body", "body": stored.body})


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)
