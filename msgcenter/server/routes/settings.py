"""Settings: per configurable message type, its channels and recipients."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse

from msgcenter.server import schemas
from msgcenter.server.openapi import problem_responses
from msgcenter.server.routes.deps import Me, StoreDep, entity_response
from msgcenter.server.schemas import PathId

router = APIRouter(tags=["settings"])


@router.get("/v1/settings", response_model=schemas.SettingsOut, responses=problem_responses(401))
def list_settings(account: Me, store: StoreDep) -> dict[str, Any]:
    return {"settings": store.settings.all_of(account.id)}


@router.get(
    "/v1/settings/{setting_id}",
    response_model=schemas.Setting,
    responses=problem_responses(401, 404),
)
def get_setting(account: Me, store: StoreDep, setting_id: PathId) -> JSONResponse:
    return entity_response(store.settings.get(account.id, setting_id))


@router.put(
    "/v1/settings/{setting_id}",
    response_model=schemas.Setting,
    responses=problem_responses(400, 401, 404, 412, 422, 428),
)
def put_setting(
    account: Me,
    store: StoreDep,
    setting_id: PathId,
    body: schemas.SettingIn,
    if_match: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    setting = store.settings.put(
        account.id,
        setting_id,
        if_match,
        body.channels.model_dump(),
        body.recipients.model_dump(),
    )
    return entity_response(setting)
