"""The HTTP API of ../shared/spec/api.md on FastAPI: the app, composed of its middleware, its
error handlers and one router per resource (routes/).

What the routes share lives on `app.state` (the store, the config, the change notifier, the
event streams' shared reads, the password-hashing slots), and reaches them through `Depends`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute, Match, Route
from starlette.types import Scope

import msgcenter
from msgcenter import rules
from msgcenter.server.config import ServerConfig
from msgcenter.server.errors import ApiError, NotFound, Validation
from msgcenter.server.idempotency import IdempotencyMiddleware
from msgcenter.server.limits import HttpConventions, RequestGuard
from msgcenter.server.notifier import ChangeNotifier
from msgcenter.server.openapi import openapi_with_problems, problem_responses
from msgcenter.server.problems import error_response, problem_response
from msgcenter.server.routes import ROUTERS
from msgcenter.server.store import Store, engine_for
from msgcenter.server.streams import SharedReads

__all__ = ["ServerConfig", "create_app"]

log = logging.getLogger("msgcenter.server")

# How long a server on PostgreSQL waits at start for its listener before it serves anyway.
LISTENER_START_S = 10.0


def create_app(config: ServerConfig, store: Store | None = None) -> FastAPI:
    """The app over `store` (default: one on `config.db`, which on SQLite this process then
    serves alone; raises OSError when another server serves it, SchemaError when its schema is
    behind)."""
    notifier = ChangeNotifier()
    if store is None:
        store = Store(
            engine_for(config.db, config.pool_size, config.max_overflow),
            tombstone_days=config.tombstone_days,
            token_idle_days=config.token_idle_days,
            upgrade_schema=config.upgrade_schema,
            sole_server=True,
        )
    store.database.on_change = notifier.notify
    app = FastAPI(
        title="Message Center API",
        version=msgcenter.__version__,
        description="The contract between the Message Center desktop client and its server.",
        lifespan=_lifespan,
        responses=problem_responses(500),
    )
    app.state.store = store
    app.state.config = config
    app.state.notifier = notifier
    app.state.reads = SharedReads(store)
    app.state.password_slots = asyncio.Semaphore(config.password_hashing_slots)
    # The last added runs first: conventions, then the body guard, then idempotency.
    app.add_middleware(IdempotencyMiddleware, store=store)
    app.add_middleware(RequestGuard)
    app.add_middleware(HttpConventions)
    # Starlette types a handler as taking any Exception; each of these takes the one it handles.
    app.add_exception_handler(ApiError, _api_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)
    for router in ROUTERS:
        app.include_router(router)
    app.openapi = lambda: openapi_with_problems(app)  # type: ignore[method-assign]
    return app


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """The notifier on the server's loop, the janitor, and on PostgreSQL the listener for
    other servers' changes."""
    store: Store = app.state.store
    config: ServerConfig = app.state.config
    notifier: ChangeNotifier = app.state.notifier
    notifier.attach(asyncio.get_running_loop())
    janitor = asyncio.create_task(_purge_tombstones_periodically(store, config))
    listener = None
    if store.database.shared:  # other servers may write to this database: hear their changes
        from msgcenter.server.fanout import ChangeListener  # needs psycopg

        listener = ChangeListener(store.database.engine.url, notifier).start()
        if not await asyncio.to_thread(listener.listening.wait, LISTENER_START_S):
            log.warning("not yet listening for other servers' changes; trying on")
    yield
    janitor.cancel()
    if listener is not None:
        await asyncio.to_thread(listener.stop)


async def _purge_tombstones_periodically(store: Store, config: ServerConfig) -> None:
    period = min(3600.0, max(0.5, config.tombstone_days * 86400 / 4))
    while True:
        try:
            await run_in_threadpool(store.purge_tombstones)
        except Exception:  # a failed purge is retried next time; the server goes on
            log.exception("purging tombstones failed")
        await asyncio.sleep(period)


# -- errors as problem details ------------------------------------------------------------------


async def _api_error(_request: Request, error: ApiError) -> JSONResponse:
    return error_response(error)


async def _validation_error(_request: Request, error: RequestValidationError) -> JSONResponse:
    problems = error.errors()
    if any(e.get("loc", ("",))[0] == "path" for e in problems):
        return error_response(NotFound("no such resource"))  # an id of another shape
    errors = [_field_error(e) for e in problems]
    not_json = any(e.get("type") == "json_invalid" for e in problems)
    return error_response(Validation(errors, status=400 if not_json else 422))


async def _http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
    if error.status_code == 404:
        return error_response(NotFound("no such resource"))
    if error.status_code == 405:
        allow = ", ".join(sorted(allowed_methods(request.app, request.scope)))
        return problem_response(
            405,
            "method-not-allowed",
            "Method not allowed",
            f"{request.method} is not allowed here; allowed: {allow}",
            {"Allow": allow},
        )
    detail = str(error.detail)
    return problem_response(error.status_code, "http-error", detail, detail)


async def _unexpected(_request: Request, error: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=error)
    return problem_response(500, "server-error", "Server error", "an unexpected error")


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


def allowed_methods(app: FastAPI, scope: Scope) -> set[str]:
    """The methods this path takes (for `Allow`), HEAD wherever GET is.

    Of the routes that match the path, the most literal ones name the resource: the methods of
    /v1/messages/{message_id} are not those of /v1/messages/read."""
    # The app's own routes (the schema, the docs) and its routers' (FastAPI keeps an included
    # router as one entry of app.router.routes).
    routes: list[BaseRoute] = [r for r in app.router.routes if isinstance(r, Route)]
    routes += [r for router in ROUTERS for r in router.routes]
    matching = [r for r in routes if r.matches(scope)[0] != Match.NONE]
    fewest = min((len(getattr(r, "param_convertors", {})) for r in matching), default=0)
    methods: set[str] = set()
    for route in matching:
        if len(getattr(route, "param_convertors", {})) == fewest:
            methods |= getattr(route, "methods", None) or set()
    if "GET" in methods:
        methods.add("HEAD")
    return methods
