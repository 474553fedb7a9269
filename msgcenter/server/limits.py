"""The limits of api.md ("Limits (v1.1)") that stand in front of the routes.

`RequestGuard` bounds and checks every request body before anything parses it into models;
`HttpConventions` answers HEAD for every GET and keeps authenticated answers out of caches.
(The sign-in failure counts live in the database, shared by every server: store/accounts.py.)
"""

from __future__ import annotations

import json
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from msgcenter.rules import FieldError
from msgcenter.server.errors import ApiError, BadRequest, PayloadTooLarge, Validation
from msgcenter.server.problems import error_response

MAX_BODY_BYTES = 1 << 20
MAX_JSON_DEPTH = 32


class RequestGuard:
    """Every body at most `max_bytes` (413, decided from Content-Length or while reading, so a
    larger body is never held in memory), UTF-8 JSON (400), nested at most `max_depth` deep and
    free of lone surrogates (422). The checked body is then handed on to the app unchanged."""

    def __init__(
        self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES, max_depth: int = MAX_JSON_DEPTH
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_depth = max_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        too_large = PayloadTooLarge(f"a request body holds at most {self.max_bytes} bytes")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(too_large, scope, receive, send)
            return
        body = await _read_at_most(receive, self.max_bytes)
        if body is None:
            await self._refuse(too_large, scope, receive, send)
            return
        problem = json_problem(body, self.max_depth) if body else None
        if problem is not None:
            await error_response(problem)(scope, receive, send)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:  # after the body: disconnects, which streaming responses listen for
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    @staticmethod
    async def _refuse(error: ApiError, scope: Scope, receive: Receive, send: Send) -> None:
        # The rest of the body stays unread: close the connection rather than drain it.
        await error_response(error, {"Connection": "close"})(scope, receive, send)


async def _read_at_most(receive: Receive, limit: int) -> bytes | None:
    """The request body, or None as soon as it passes `limit` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def json_problem(body: bytes, max_depth: int = MAX_JSON_DEPTH) -> ApiError | None:
    """What is wrong with a request body as JSON, or None when it is fine to parse."""
    try:
        # surrogatepass: surrogates spelled as raw bytes reach the check below, as escaped ones do.
        value = json.loads(body.decode("utf-8", "surrogatepass"), parse_constant=_not_json)
    except RecursionError:
        return _too_deep("body", max_depth)
    except ValueError:  # UnicodeDecodeError and JSONDecodeError alike
        return BadRequest("body", "is not JSON")
    stack: list[tuple[Any, tuple[str, ...]]] = [(value, ())]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            if not _is_valid_unicode(item):
                return Validation([FieldError(_field(path), "is not valid Unicode")])
            continue
        if not isinstance(item, (dict, list)):
            continue
        if len(path) >= max_depth:
            return _too_deep(_field(path), max_depth)
        if isinstance(item, list):
            stack.extend((v, (*path, str(n))) for n, v in enumerate(item))
            continue
        for key, v in item.items():
            if not _is_valid_unicode(key):
                return Validation([FieldError(_field(path), "has a key that is not valid Unicode")])
            stack.append((v, (*path, key)))
    return None


def _not_json(constant: str) -> None:
    raise ValueError(f"{constant} is not JSON")  # Python's json takes NaN and Infinity


def _is_valid_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return True


def _field(path: tuple[str, ...]) -> str:
    return ".".join(path) or "body"


def _too_deep(field: str, max_depth: int) -> Validation:
    return Validation([FieldError(field, f"nests deeper than {max_depth} levels")])


class HttpConventions:
    """HEAD is answered for every GET (the GET's headers, no body); every answer under /v1 but
    the health check carries `Cache-Control: no-store` (they are personal, or carry a token)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = dict(scope, method="GET")
        path = scope["path"]
        no_store = path.startswith("/v1/") and path != "/v1/health"
        done = False

        async def send_head_or_get(message: Message) -> None:
            nonlocal done
            if done:  # HEAD: the rest of the GET's body goes nowhere
                return
            if message["type"] == "http.response.start":
                if no_store:
                    MutableHeaders(scope=message).setdefault("Cache-Control", "no-store")
                await send(message)
                if head:
                    done = True
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await send(message)

        await self.app(scope, receive, send_head_or_get)
