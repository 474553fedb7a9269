"""Settings: per configurable message type, its channels and recipients."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse

from msgcenter.server import schemas
from msgcenter.server.openapi import problem_responses
from msgcenter.server.routes.deps import Me, StoreDep, entity_response
from msgcenter.server.routes.entities import EntityKind, add_read_routes
from msgcenter.server.schemas import PathId

router = APIRouter(tags=["settings"])


SETTINGS = EntityKind("setting", lambda store: store.settings, schemas.Setting, schemas.SettingsOut)
add_read_routes(router, SETTINGS)


# Settings are made with the account and never deleted: PUT only replaces them.
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
