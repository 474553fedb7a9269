"""The HTTP API of ../shared/spec/api.md on FastAPI.

Request handlers are plain functions (FastAPI runs them on its thread pool, where the blocking
store calls belong); the event stream and long polling are coroutines that wait on the
:class:`ChangeNotifier`, woken by the commit that records a change.
"""

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import msgcenter
from msgcenter import rules
from msgcenter.server import cursors, schemas
from msgcenter.server.errors import (
    ApiError,
    BadRequest,
    Conflict,
    IdempotencyKeyReused,
    NotFound,
    Unauthorized,
    Validation,
)
from msgcenter.server.limits import HttpConventions, RequestGuard
from msgcenter.server.notifier import ChangeNotifier
from msgcenter.server.problems import PROBLEM_TYPE, error_response, problem_response
from msgcenter.server.schemas import PathId
from msgcenter.server.storage import IDEMPOTENCY_RUNNING, Account, Store, engine_for
from msgcenter.server.timefmt import parse_rfc3339

log = logging.getLogger("msgcenter.server")

EVENT_BATCH = 500
# Responses that carry a secret: never stored for an Idempotency-Key replay.
SECRET_PATHS = frozenset({"/v1/auth/token"})
# A request whose Idempotency-Key another request holds waits this long for its answer.
IDEMPOTENCY_WAIT_S = 30.0
HEALTH_TIMEOUT_S = 5.0
# How long a server on PostgreSQL waits at start for its listener before it serves anyway.
LISTENER_START_S = 10.0


@dataclass
class ServerConfig:
    db: str = "msgcenter-server.db"
    admin_token: str | None = None
    heartbeat: float = 15.0
    tombstone_days: float = 30.0
    poll_interval: int = 60
    header_timeout: float = 10.0  # seconds for a request's headers to arrive
    keep_alive_timeout: float = 30.0  # seconds a kept-alive connection may sit idle
    token_idle_days: float = 30.0  # a token unused this long expires
    # scrypt takes 16 MB a hash: at most this many at a time, the rest wait their turn.
    password_hashing_slots: int = 4
    pool_size: int = 20  # database connections kept open
    max_overflow: int = 20  # and made besides when all are busy
    # Upgrade an older schema at start (the embedded demo); `serve` refuses one instead.
    upgrade_schema: bool = False


class IdempotencyMiddleware:
    """`Idempotency-Key` on POST, PUT and DELETE: a repeat replays the first 2xx response.

    The fingerprint covers the method, path, query, body and the If-Match / If-None-Match headers,
    so a retry after a 412 merge (a new If-Match) needs a new key. Only 2xx responses are kept: a
    request that failed changed nothing and is simply run again. The key is ignored where the
    response carries a secret (a new token), so that no secret is ever stored.

    The key is reserved in the database before the request runs, so that of several requests
    with one key, on any number of server processes, exactly one runs; the others wait for its
    answer and replay it (409 `conflict` if it takes longer than IDEMPOTENCY_WAIT_S).
    """

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
        fingerprint = hashlib.sha256(
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
        stored = await self._reserve(account.id, key, fingerprint)
        if isinstance(stored, ApiError):
            await error_response(stored)(scope, receive, send)
            return
        if stored is not None:
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
            return
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
                self.store.finish_idempotency_key,
                account.id,
                key,
                captured["status"] if kept else None,
                captured.get("headers", []),
                captured["body"],
            )

    async def _reserve(self, account_id: str, key: str, fingerprint: str) -> Any:
        """None: this request holds the key; a stored response to replay; or an ApiError."""
        deadline = time.monotonic() + IDEMPOTENCY_WAIT_S
        pause = 0.01
        while True:
            stored = await run_in_threadpool(
                self.store.reserve_idempotency_key, account_id, key, fingerprint
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


def _field_error(problem: dict[str, Any]) -> rules.FieldError:
    """A pydantic validation error as a field error: with the code of `msgcenter.rules` that
    means the same, when there is one, else with pydantic's words and no code."""
    field = ".".join(str(p) for p in problem.get("loc", ()) if p != "body") or "body"
    kind, context = problem.get("type"), problem.get("ctx") or {}
    if kind == "missing":
        return rules.FieldError(field, code="required")
    if kind == "string_type":
        return rules.FieldError(field, code="not_text")
    if kind == "string_too_long" and isinstance(context.get("max_length"), int):
        return rules.FieldError(field, code="too_long", limit=context["max_length"])
    return rules.FieldError(field, str(problem.get("msg", "invalid")))


def _problem_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": schemas.Problem, "description": "problem details"} for code in codes}


AUTH_PROBLEMS = (400, 401, 422, 429)


def create_app(config: ServerConfig, store: Store | None = None) -> FastAPI:
    """The app over `store` (default: one on `config.db`, which on SQLite this process then
    serves alone; raises OSError when another server serves it, SchemaError when its schema is
    behind)."""
    notifier = ChangeNotifier()
    if store is None:
        store = Store(
            engine_for(config.db, config.pool_size, config.max_overflow),
            on_change=notifier.notify,
            tombstone_days=config.tombstone_days,
            token_idle_days=config.token_idle_days,
            upgrade_schema=config.upgrade_schema,
        )
        store.claim_sole_server()
    else:
        store.on_change = notifier.notify

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        notifier.attach(asyncio.get_running_loop())
        janitor = asyncio.create_task(_purge_tombstones_periodically(store, config))
        listener = None
        if store.shared:  # other servers may write to this database: hear their changes
            from msgcenter.server.fanout import ChangeListener  # needs psycopg

            listener = ChangeListener(store.engine.url, notifier).start()
            if not await asyncio.to_thread(listener.listening.wait, LISTENER_START_S):
                log.warning("not yet listening for other servers' changes; trying on")
        yield
        janitor.cancel()
        if listener is not None:
            await asyncio.to_thread(listener.stop)

    app = FastAPI(
        title="Message Center API",
        version=msgcenter.__version__,
        description="The contract between the Message Center desktop client and its server.",
        lifespan=lifespan,
        responses=_problem_responses(500),
    )
    app.state.store = store
    reads = SharedReads(store)
    app.state.notifier = notifier
    app.state.config = config
    # The last added runs first: conventions, then the body guard, then idempotency.
    app.add_middleware(IdempotencyMiddleware, store=store)
    app.add_middleware(RequestGuard)
    app.add_middleware(HttpConventions)
    password_slots = asyncio.Semaphore(config.password_hashing_slots)

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, error: ApiError) -> JSONResponse:
        return error_response(error)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, error: RequestValidationError) -> JSONResponse:
        problems = error.errors()
        if any(e.get("loc", ("",))[0] == "path" for e in problems):
            return error_response(NotFound("no such resource"))  # an id of another shape
        errors = [_field_error(e) for e in problems]
        not_json = any(e.get("type") == "json_invalid" for e in problems)
        return error_response(Validation(errors, status=400 if not_json else 422))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code == 404:
            return error_response(NotFound("no such resource"))
        if error.status_code == 405:
            allow = ", ".join(sorted(allowed_methods(app, request.scope)))
            return problem_response(
                405,
                "method-not-allowed",
                "Method not allowed",
                f"{request.method} is not allowed here; allowed: {allow}",
                {"Allow": allow},
            )
        detail = str(error.detail)
        return problem_response(error.status_code, "http-error", detail, detail)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=error)
        return problem_response(500, "server-error", "Server error", "an unexpected error")

    bearer = HTTPBearer(auto_error=False, description="A token from POST /v1/auth/token")

    def token_of(credentials: HTTPAuthorizationCredentials | None) -> str:
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise Unauthorized("a bearer token is required")
        return credentials.credentials

    def current_account(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Account:
        account = store.account_for_token(token_of(credentials))
        if account is None:
            raise Unauthorized("the token is not valid")
        return account

    Me = Annotated[Account, Depends(current_account)]

    def require_admin(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> None:
        if not config.admin_token:
            raise NotFound("no such resource")
        if credentials is None or not hmac.compare_digest(
            credentials.credentials.encode(), config.admin_token.encode()
        ):
            raise Unauthorized("the admin token is required")

    poll_headers = {"X-Poll-Interval": str(config.poll_interval)}

    # -- health and sessions ---------------------------------------------------------------------

    @app.get(
        "/v1/health",
        response_model=schemas.Health,
        responses=_problem_responses(503),
        tags=["sessions"],
    )
    async def health() -> Any:
        """200 while the database answers (within HEALTH_TIMEOUT_S); 503 otherwise, for a load
        balancer to send the traffic elsewhere."""
        try:
            await asyncio.wait_for(run_in_threadpool(store.ping), HEALTH_TIMEOUT_S)
        except Exception as error:
            log.warning("health: the database does not answer: %s", _first_line(error))
            return problem_response(
                503,
                "unavailable",
                "Service unavailable",
                "the database does not answer",
                {"Retry-After": "5"},
            )
        return {"status": "ok", "version": msgcenter.__version__, "database": "ok"}

    @app.post(
        "/v1/auth/token",
        status_code=201,
        response_model=schemas.TokenOut,
        responses=_problem_responses(400, 401, 422, 429),
        tags=["sessions"],
    )
    async def sign_in(body: schemas.TokenRequest, request: Request) -> JSONResponse:
        address = request.client.host if request.client else ""
        async with password_slots:
            token, account = await run_in_threadpool(
                store.sign_in, body.username, body.password, body.device, address
            )
        return JSONResponse({"token": token, "account": account.as_dict()}, status_code=201)

    @app.delete(
        "/v1/auth/token",
        status_code=204,
        responses=_problem_responses(401),
        tags=["sessions"],
    )
    def sign_out(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Response:
        token = token_of(credentials)
        if store.account_for_token(token) is None:
            raise Unauthorized("the token is not valid")
        store.revoke_token(token)
        return Response(status_code=204)

    @app.get(
        "/v1/me",
        response_model=schemas.MeOut,
        responses=_problem_responses(401),
        tags=["sessions"],
    )
    def me(account: Me) -> dict[str, Any]:
        return {"account": account.as_dict()}

    # -- categories and messages -----------------------------------------------------------------

    @app.get(
        "/v1/categories",
        response_model=schemas.CategoriesOut,
        responses={304: {"description": "not modified"}, **_problem_responses(401)},
        tags=["messages"],
    )
    def categories(account: Me, if_none_match: Annotated[str | None, Header()] = None) -> Response:
        body = json.dumps(store.categories(account.id), separators=(",", ":")).encode()
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        headers = {"ETag": etag, **poll_headers}
        if if_none_match is not None and etag in [t.strip() for t in if_none_match.split(",")]:
            return Response(status_code=304, headers=headers)
        return Response(body, media_type="application/json", headers=headers)

    @app.get(
        "/v1/messages",
        response_model=schemas.MessagePage,
        responses=_problem_responses(400, 401, 422),
        tags=["messages"],
    )
    def list_messages(
        account: Me,
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
        items, after = store.list_messages(account.id, category, unread, q, position, limit)
        next_cursor = cursors.encode_position(*after) if after else None
        return {"items": items, "next_cursor": next_cursor}

    @app.get(
        "/v1/messages/{message_id}",
        response_model=schemas.Message,
        responses=_problem_responses(401, 404),
        tags=["messages"],
    )
    def get_message(account: Me, message_id: PathId) -> dict[str, Any]:
        return store.get_message(account.id, message_id)

    @app.post(
        "/v1/messages/read",
        response_model=schemas.ReadByIdsOut | schemas.ReadUpToOut,
        responses=_problem_responses(400, 401, 422),
        tags=["messages"],
    )
    def mark_read(account: Me, body: schemas.ReadRequest) -> dict[str, Any]:
        if (body.ids is None) == (body.up_to is None):
            raise Validation([rules.FieldError("body", "give either ids or up_to")])
        if body.ids is not None:
            if body.category is not None:
                raise Validation([rules.FieldError("category", "goes with up_to, not ids")])
            updated, not_found = store.set_read(account.id, body.ids, body.read)
            return {"updated": updated, "not_found": not_found}
        if not body.read:
            raise Validation([rules.FieldError("read", "up_to marks messages read only")])
        try:
            up_to = parse_rfc3339(body.up_to or "")
        except (ValueError, OverflowError, OSError):
            raise Validation([rules.FieldError("up_to", "must be an RFC 3339 time")]) from None
        return {"updated_count": store.mark_read_up_to(account.id, up_to, body.category)}

    @app.post(
        "/v1/messages/delete",
        response_model=schemas.DeleteOut,
        responses=_problem_responses(400, 401, 422),
        tags=["messages"],
    )
    def delete_messages(account: Me, body: schemas.DeleteRequest) -> dict[str, Any]:
        deleted, not_found = store.delete_messages(account.id, body.ids)
        return {"deleted": deleted, "not_found": not_found}

    # -- the change feed and events --------------------------------------------------------------

    def parse_seq_cursor(cursor: str | None, field: str = "cursor") -> int | None:
        if cursor is None:
            return None
        try:
            return cursors.decode_seq(cursor)
        except ValueError:
            raise BadRequest(field, "malformed cursor") from None

    @app.get(
        "/v1/changes",
        response_model=schemas.ChangesOut,
        responses=_problem_responses(400, 401, 410, 422),
        tags=["sync"],
    )
    async def changes(
        account: Me,
        cursor: str | None = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 500,
        wait: Annotated[float, Query(ge=0, le=30)] = 0,
    ) -> JSONResponse:
        after = parse_seq_cursor(cursor)
        found, next_seq, has_more = await run_in_threadpool(store.changes, account.id, after, limit)
        nothing_yet = not found and after is not None and wait > 0
        if nothing_yet and await notifier.wait(account.id, after, wait):
            found, next_seq, has_more = await run_in_threadpool(
                store.changes, account.id, after, limit
            )
        body = {
            "changes": [c.as_dict() for c in found],
            "next_cursor": cursors.encode_seq(next_seq),
            "has_more": has_more,
        }
        return JSONResponse(body, headers=poll_headers)

    @app.get(
        "/v1/events",
        response_class=StreamingResponse,
        responses={
            200: {
                "description": "Server-Sent Events: `change` events, `: ping` comments, `resync`",
                "content": {"text/event-stream": {"schema": {"type": "string"}}},
            },
            **_problem_responses(400, 401, 422),
        },
        tags=["sync"],
    )
    async def events(
        account: Me,
        cursor: str | None = None,
        last_event_id: Annotated[str | None, Header()] = None,
    ) -> StreamingResponse:
        field = "Last-Event-ID" if last_event_id is not None else "cursor"
        after = parse_seq_cursor(last_event_id if last_event_id is not None else cursor, field)
        last, purged = await run_in_threadpool(store.seq_bounds, account.id)
        if after is None:
            after = last
        elif after > last:
            raise BadRequest(field, "malformed cursor")  # beyond anything issued
        return StreamingResponse(
            _event_stream(reads, notifier, account.id, after, after < purged, config.heartbeat),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    # -- settings --------------------------------------------------------------------------------

    def entity_response(entity: dict[str, Any], status: int = 200) -> JSONResponse:
        return JSONResponse(entity, status_code=status, headers={"ETag": entity["etag"]})

    @app.get(
        "/v1/settings",
        response_model=schemas.SettingsOut,
        responses=_problem_responses(401),
        tags=["settings"],
    )
    def list_settings(account: Me) -> dict[str, Any]:
        return {"settings": store.list_settings(account.id)}

    @app.get(
        "/v1/settings/{setting_id}",
        response_model=schemas.Setting,
        responses=_problem_responses(401, 404),
        tags=["settings"],
    )
    def get_setting(account: Me, setting_id: PathId) -> JSONResponse:
        return entity_response(store.get_setting(account.id, setting_id))

    @app.put(
        "/v1/settings/{setting_id}",
        response_model=schemas.Setting,
        responses=_problem_responses(400, 401, 404, 412, 422, 428),
        tags=["settings"],
    )
    def put_setting(
        account: Me,
        setting_id: PathId,
        body: schemas.SettingIn,
        if_match: Annotated[str | None, Header()] = None,
    ) -> JSONResponse:
        setting = store.put_setting(
            account.id,
            setting_id,
            if_match,
            body.channels.model_dump(),
            body.recipients.model_dump(),
        )
        return entity_response(setting)

    # -- contacts --------------------------------------------------------------------------------

    @app.get(
        "/v1/contacts",
        response_model=schemas.ContactsOut,
        responses=_problem_responses(401),
        tags=["contacts"],
    )
    def list_contacts(account: Me) -> dict[str, Any]:
        return {"contacts": store.list_contacts(account.id)}

    @app.get(
        "/v1/contacts/{contact_id}",
        response_model=schemas.Contact,
        responses=_problem_responses(401, 404),
        tags=["contacts"],
    )
    def get_contact(account: Me, contact_id: PathId) -> JSONResponse:
        return entity_response(store.get_contact(account.id, contact_id))

    @app.put(
        "/v1/contacts/{contact_id}",
        response_model=schemas.Contact,
        responses={
            201: {"model": schemas.Contact, "description": "created"},
            **_problem_responses(400, 401, 404, 409, 412, 422, 428),
        },
        tags=["contacts"],
    )
    def put_contact(
        account: Me,
        contact_id: PathId,
        body: schemas.ContactIn,
        if_match: Annotated[str | None, Header()] = None,
        if_none_match: Annotated[str | None, Header()] = None,
    ) -> JSONResponse:
        status, contact = store.put_contact(
            account.id, contact_id, if_match, if_none_match, body.name, body.mobile, body.email
        )
        return entity_response(contact, status)

    @app.delete(
        "/v1/contacts/{contact_id}",
        status_code=204,
        responses=_problem_responses(401, 404, 412, 422, 428),
        tags=["contacts"],
    )
    def delete_contact(
        account: Me, contact_id: PathId, if_match: Annotated[str | None, Header()] = None
    ) -> Response:
        store.delete_contact(account.id, contact_id, if_match)
        return Response(status_code=204)

    @app.post(
        "/v1/contacts/{contact_id}/primary",
        response_model=schemas.Contact,
        responses=_problem_responses(401, 404),
        tags=["contacts"],
    )
    def set_primary(account: Me, contact_id: PathId) -> JSONResponse:
        return entity_response(store.set_primary(account.id, contact_id))

    @app.post(
        "/v1/contacts/{contact_id}/verification",
        status_code=202,
        responses={
            202: {"description": "a code was sent"},
            **_problem_responses(400, 401, 404, 422, 429),
        },
        tags=["contacts"],
    )
    def start_verification(
        account: Me, contact_id: PathId, body: schemas.VerificationIn
    ) -> JSONResponse:
        store.start_verification(account.id, contact_id, body.channel)
        return JSONResponse({"sent": True}, status_code=202)

    @app.post(
        "/v1/contacts/{contact_id}/verification/confirm",
        response_model=schemas.Contact,
        responses=_problem_responses(400, 401, 404, 422, 429),
        tags=["contacts"],
    )
    def confirm_verification(
        account: Me, contact_id: PathId, body: schemas.VerificationConfirmIn
    ) -> JSONResponse:
        errors = rules.check_verification_code(body.code)
        if errors:
            raise Validation(errors)
        contact = store.confirm_verification(account.id, contact_id, body.channel, body.code)
        return entity_response(contact)

    # -- groups ----------------------------------------------------------------------------------

    @app.get(
        "/v1/groups",
        response_model=schemas.GroupsOut,
        responses=_problem_responses(401),
        tags=["groups"],
    )
    def list_groups(account: Me) -> dict[str, Any]:
        return {"groups": store.list_groups(account.id)}

    @app.get(
        "/v1/groups/{group_id}",
        response_model=schemas.Group,
        responses=_problem_responses(401, 404),
        tags=["groups"],
    )
    def get_group(account: Me, group_id: PathId) -> JSONResponse:
        return entity_response(store.get_group(account.id, group_id))

    @app.put(
        "/v1/groups/{group_id}",
        response_model=schemas.Group,
        responses={
            201: {"model": schemas.Group, "description": "created"},
            **_problem_responses(400, 401, 404, 409, 412, 422, 428),
        },
        tags=["groups"],
    )
    def put_group(
        account: Me,
        group_id: PathId,
        body: schemas.GroupIn,
        if_match: Annotated[str | None, Header()] = None,
        if_none_match: Annotated[str | None, Header()] = None,
    ) -> JSONResponse:
        status, group = store.put_group(
            account.id, group_id, if_match, if_none_match, body.name, body.members
        )
        return entity_response(group, status)

    @app.delete(
        "/v1/groups/{group_id}",
        status_code=204,
        responses=_problem_responses(401, 404, 412, 428),
        tags=["groups"],
    )
    def delete_group(
        account: Me, group_id: PathId, if_match: Annotated[str | None, Header()] = None
    ) -> Response:
        store.delete_group(account.id, group_id, if_match)
        return Response(status_code=204)

    # -- administration --------------------------------------------------------------------------

    Admin = Depends(require_admin)

    @app.post(
        "/v1/admin/accounts",
        status_code=201,
        response_model=schemas.AccountOut,
        responses=_problem_responses(400, 401, 404, 409, 422),
        dependencies=[Admin],
        tags=["administration"],
    )
    async def admin_create_account(body: schemas.AdminAccountIn) -> JSONResponse:
        async with password_slots:
            account = await run_in_threadpool(
                store.create_account, body.name, body.password, body.mobile, body.email
            )
        return JSONResponse(account.as_dict(), status_code=201)

    @app.post(
        "/v1/admin/messages",
        status_code=201,
        response_model=schemas.Message,
        responses=_problem_responses(400, 401, 404, 422),
        dependencies=[Admin],
        tags=["administration"],
    )
    def admin_publish(body: schemas.AdminMessageIn) -> JSONResponse:
        account = store.account_by_name(body.account)
        if account is None:
            raise Validation([rules.FieldError("account", "no such account")])
        message = store.publish_message(account.id, body.category, body.type, body.title, body.body)
        return JSONResponse(message, status_code=201)

    @app.get(
        "/v1/admin/deliveries",
        response_model=schemas.DeliveriesOut,
        responses=_problem_responses(400, 401, 404, 422),
        dependencies=[Admin],
        tags=["administration"],
    )
    def admin_deliveries(account: Annotated[str, Query(min_length=1, max_length=64)]) -> dict:
        found = store.account_by_name(account)
        if found is None:
            raise Validation([rules.FieldError("account", "no such account")])
        return {"deliveries": store.deliveries(found.id)}

    app.openapi = lambda: _openapi_with_problems(app)  # type: ignore[method-assign]
    return app


def allowed_methods(app: FastAPI, scope: Scope) -> set[str]:
    """The methods this path takes (for `Allow`), HEAD wherever GET is.

    Of the routes that match the path, the most literal ones name the resource: the methods of
    /v1/messages/{message_id} are not those of /v1/messages/read."""
    matching = [r for r in app.router.routes if r.matches(scope)[0] != Match.NONE]
    fewest = min((len(getattr(r, "param_convertors", {})) for r in matching), default=0)
    methods: set[str] = set()
    for route in matching:
        if len(getattr(route, "param_convertors", {})) == fewest:
            methods |= getattr(route, "methods", None) or set()
    if "GET" in methods:
        methods.add("HEAD")
    return methods


class SharedReads:
    """The event streams of one account, woken by one change, all ask "what came after seq n?"
    at once: one query answers every stream that asks the same question while it runs."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._running: dict[tuple[str, int], asyncio.Future[Any]] = {}

    async def events_after(self, account_id: str, after: int) -> list[tuple[int, str, str, str]]:
        key = (account_id, after)
        future = self._running.get(key)
        if future is None:
            future = asyncio.ensure_future(
                run_in_threadpool(self.store.events_after, account_id, after, EVENT_BATCH)
            )
            self._running[key] = future
            future.add_done_callback(lambda done: self._forget(key, done))
        # Shielded: a stream that goes away does not cancel the others' answer.
        return await asyncio.shield(future)

    def _forget(self, key: tuple[str, int], done: asyncio.Future[Any]) -> None:
        self._running.pop(key, None)
        if not done.cancelled():
            done.exception()  # retrieved: a failure nobody awaited any more is not logged twice


async def _event_stream(
    reads: SharedReads,
    notifier: ChangeNotifier,
    account_id: str,
    after: int,
    too_old: bool,
    heartbeat: float,
) -> AsyncIterator[str]:
    """`change` events from `after` on, a `: ping` comment every `heartbeat` seconds of silence."""
    yield "retry: 2000\n: connected\n\n"
    if too_old:
        yield 'event: resync\ndata: {"reason": "cursor-expired"}\n\n'
        return
    while True:
        batch = await reads.events_after(account_id, after)
        if batch:
            lines = []
            for seq, kind, entity_id, op in batch:
                data = json.dumps({"seq": seq, "kind": kind, "id": entity_id, "op": op})
                lines.append(f"id: {cursors.encode_seq(seq)}\nevent: change\ndata: {data}\n\n")
            after = batch[-1][0]
            yield "".join(lines)
            if len(batch) == EVENT_BATCH:
                continue
        if not await notifier.wait(account_id, after, heartbeat):
            yield ": ping\n\n"


def _first_line(error: BaseException) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0]


async def _purge_tombstones_periodically(store: Store, config: ServerConfig) -> None:
    period = min(3600.0, max(0.5, config.tombstone_days * 86400 / 4))
    while True:
        try:
            await run_in_threadpool(store.purge_tombstones)
        except Exception:  # a failed purge is retried next time; the server goes on
            log.exception("purging tombstones failed")
        await asyncio.sleep(period)


def _openapi_with_problems(app: FastAPI) -> dict[str, Any]:
    """The generated schema, with every error response as application/problem+json."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    schema.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schema["components"]["schemas"].pop(name, None)
    if "Problem" not in schema["components"]["schemas"]:
        schema["components"]["schemas"]["Problem"] = schemas.Problem.model_json_schema(
            ref_template="#/components/schemas/{model}"
        )
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            for code, response in operation.get("responses", {}).items():
                if code.startswith(("4", "5")):
                    response["content"] = {PROBLEM_TYPE: {"schema": problem_ref}}
                    response.setdefault("description", "problem details")
                    if code == "429":
                        response["headers"] = {
                            "Retry-After": {"schema": {"type": "integer"}, "required": True}
                        }
                    if code == "401":
                        response["headers"] = {
                            "WWW-Authenticate": {"schema": {"type": "string"}, "required": True}
                        }
            for code in ("400", "422"):
                if code not in operation.get("responses", {}) and operation.get("parameters"):
                    operation["responses"][code] = {
                        "description": "problem details",
                        "content": {PROBLEM_TYPE: {"schema": problem_ref}},
                    }
            if "requestBody" in operation:
                operation["responses"]["413"] = {
                    "description": "the body is larger than 1 MiB",
                    "content": {PROBLEM_TYPE: {"schema": problem_ref}},
                }
    app.openapi_schema = schema
    return schema
