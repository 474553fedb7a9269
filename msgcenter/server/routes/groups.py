"""Contact groups: created or replaced under a precondition, deleted."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Response
from fastapi.responses import JSONResponse

from msgcenter.server import schemas
from msgcenter.server.openapi import problem_responses
from msgcenter.server.routes.deps import Me, StoreDep, entity_response
from msgcenter.server.schemas import PathId

router = APIRouter(tags=["groups"])


@router.get("/v1/groups", response_model=schemas.GroupsOut, responses=problem_responses(401))
def list_groups(account: Me, store: StoreDep) -> dict[str, Any]:
    return {"groups": store.groups.all_of(account.id)}


@router.get(
    "/v1/groups/{group_id}",
    response_model=schemas.Group,
    responses=problem_responses(401, 404),
)
def get_group(account: Me, store: StoreDep, group_id: PathId) -> JSONResponse:
    return entity_response(store.groups.get(account.id, group_id))


@router.put(
    "/v1/groups/{group_id}",
    response_model=schemas.Group,
    responses={
        201: {"model": schemas.Group, "description": "created"},
        **problem_responses(400, 401, 404, 409, 412, 422, 428),
    },
)
def put_group(
    account: Me,
    store: StoreDep,
    group_id: PathId,
    body: schemas.GroupIn,
    if_match: Annotated[str | None, Header()] = None,
    if_none_match: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    put = store.groups.put(account.id, group_id, if_match, if_none_match, body.name, body.members)
    return entity_response(put.entity, put.status)


@router.delete(
    "/v1/groups/{group_id}",
    status_code=204,
    responses=problem_responses(401, 404, 412, 428),
)
def delete_group(
    account: Me,
    store: StoreDep,
    group_id: PathId,
    if_match: Annotated[str | None, Header()] = None,
) -> Response:
    store.groups.delete(account.id, group_id, if_match)
    return Response(status_code=204)
