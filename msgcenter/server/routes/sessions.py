"""Sessions: signing in (a new bearer token), signing out, and who the token belongs to."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from msgcenter.server import schemas
from msgcenter.server.errors import Unauthorized
from msgcenter.server.openapi import problem_responses
from msgcenter.server.routes.deps import Credentials, Me, PasswordSlots, StoreDep, token_of

router = APIRouter(tags=["sessions"])


@router.post(
    "/v1/auth/token",
    status_code=201,
    response_model=schemas.TokenOut,
    responses=problem_responses(400, 401, 422, 429),
)
async def sign_in(
    body: schemas.TokenRequest, request: Request, store: StoreDep, password_slots: PasswordSlots
) -> JSONResponse:
    address = request.client.host if request.client else ""
    async with password_slots:
        token, account = await run_in_threadpool(
            store.sign_in, body.username, body.password, body.device, address
        )
    return JSONResponse({"token": token, "account": account.as_dict()}, status_code=201)


@router.delete("/v1/auth/token", status_code=204, responses=problem_responses(401))
def sign_out(credentials: Credentials, store: StoreDep) -> Response:
    token = token_of(credentials)
    if store.account_for_token(token) is None:
        raise Unauthorized("the token is not valid")
    store.revoke_token(token)
    return Response(status_code=204)


@router.get("/v1/me", response_model=schemas.MeOut, responses=problem_responses(401))
def me(account: Me) -> dict[str, Any]:
    return {"account": account.as_dict()}
