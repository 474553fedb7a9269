"""Administration, with the admin token: making accounts, publishing messages, and the log of
SMS and email sent (there is no gateway). Without an admin token configured, none of it exists."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from msgcenter import rules
from msgcenter.server import schemas
from msgcenter.server.errors import Validation
from msgcenter.server.openapi import problem_responses
from msgcenter.server.routes.deps import PasswordSlots, StoreDep, require_admin
from msgcenter.server.store import Account, Store

router = APIRouter(tags=["administration"], dependencies=[Depends(require_admin)])


def _account_named(store: Store, name: str) -> Account:
    found = store.account_by_name(name)
    if found is None:
        raise Validation([rules.FieldError("account", "no such account")])
    return found


@router.post(
    "/v1/admin/accounts",
    status_code=201,
    response_model=schemas.AccountOut,
    responses=problem_responses(400, 401, 404, 409, 422),
)
async def admin_create_account(
    body: schemas.AdminAccountIn, store: StoreDep, password_slots: PasswordSlots
) -> JSONResponse:
    async with password_slots:
        account = await run_in_threadpool(
            store.create_account, body.name, body.password, body.mobile, body.email
        )
    return JSONResponse(account.as_dict(), status_code=201)


@router.post(
    "/v1/admin/messages",
    status_code=201,
    response_model=schemas.Message,
    responses=problem_responses(400, 401, 404, 422),
)
def admin_publish(body: schemas.AdminMessageIn, store: StoreDep) -> JSONResponse:
    account = _account_named(store, body.account)
    message = store.messages.publish(account.id, body.category, body.type, body.title, body.body)
    return JSONResponse(message, status_code=201)


@router.get(
    "/v1/admin/deliveries",
    response_model=schemas.DeliveriesOut,
    responses=problem_responses(400, 401, 404, 422),
)
def admin_deliveries(
    account: Annotated[str, Query(min_length=1, max_length=64)], store: StoreDep
) -> dict[str, Any]:
    return {"deliveries": store.deliveries(_account_named(store, account).id)}
