"""What the routes depend on (FastAPI's `Depends`): the store, the caller's account, the admin
token, and the server's shared parts, all kept on `app.state` by `create_app`.

The getters of shared parts are coroutines: FastAPI runs them on the event loop, not on the
thread pool (they only read an attribute).
"""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from msgcenter.server.config import ServerConfig
from msgcenter.server.errors import NotFound, Unauthorized
from msgcenter.server.notifier import ChangeNotifier
from msgcenter.server.store import Account, Store
from msgcenter.server.streams import SharedReads

bearer = HTTPBearer(auto_error=False, description="A token from POST /v1/auth/token")
T = TypeVar("T")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def _from_state(name: str, kind: type[T]) -> Callable[[Request], Awaitable[T]]:
    """A dependency on what `create_app` keeps on app.state under `name`."""

    async def get(request: Request) -> T:
        value = getattr(request.app.state, name)
        assert isinstance(value, kind)
        return value

    return get


StoreDep = Annotated[Store, Depends(_from_state("store", Store))]
ConfigDep = Annotated[ServerConfig, Depends(_from_state("config", ServerConfig))]
NotifierDep = Annotated[ChangeNotifier, Depends(_from_state("notifier", ChangeNotifier))]
ReadsDep = Annotated[SharedReads, Depends(_from_state("reads", SharedReads))]
# Admission to password hashing (scrypt takes 16 MB a hash).
PasswordSlots = Annotated[
    asyncio.Semaphore, Depends(_from_state("password_slots", asyncio.Semaphore))
]


def token_of(credentials: HTTPAuthorizationCredentials | None) -> str:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("a bearer token is required")
    return credentials.credentials


def current_account(credentials: Credentials, store: StoreDep) -> Account:
    """The caller's account, from its bearer token; 401 without a valid one."""
    account = store.account_for_token(token_of(credentials))
    if account is None:
        raise Unauthorized("the token is not valid")
    return account


Me = Annotated[Account, Depends(current_account)]


def require_admin(credentials: Credentials, config: ConfigDep) -> None:
    """The admin token, or 401; 404 when the server has none (no admin API at all)."""
    if not config.admin_token:
        raise NotFound("no such resource")
    if credentials is None or not hmac.compare_digest(
        credentials.credentials.encode(), config.admin_token.encode()
    ):
        raise Unauthorized("the admin token is required")


def poll_headers(config: ServerConfig) -> dict[str, str]:
    """How often a client that polls should ask again."""
    return {"X-Poll-Interval": str(config.poll_interval)}


def entity_response(entity: dict[str, Any], status: int = 200) -> JSONResponse:
    """An entity with its ETag."""
    return JSONResponse(entity, status_code=status, headers={"ETag": entity["etag"]})
