"""Contacts: created or replaced under a precondition, deleted, made primary, verified."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Response
from fastapi.responses import JSONResponse

from msgcenter import rules
from msgcenter.server import schemas
from msgcenter.server.errors import Validation
from msgcenter.server.openapi import problem_responses
from msgcenter.server.routes.deps import Me, StoreDep, entity_response
from msgcenter.server.schemas import PathId

router = APIRouter(tags=["contacts"])


@router.get("/v1/contacts", response_model=schemas.ContactsOut, responses=problem_responses(401))
def list_contacts(account: Me, store: StoreDep) -> dict[str, Any]:
    return {"contacts": store.contacts.all_of(account.id)}


@router.get(
    "/v1/contacts/{contact_id}",
    response_model=schemas.Contact,
    responses=problem_responses(401, 404),
)
def get_contact(account: Me, store: StoreDep, contact_id: PathId) -> JSONResponse:
    return entity_response(store.contacts.get(account.id, contact_id))


@router.put(
    "/v1/contacts/{contact_id}",
    response_model=schemas.Contact,
    responses={
        201: {"model": schemas.Contact, "description": "created"},
        **problem_responses(400, 401, 404, 409, 412, 422, 428),
    },
)
def put_contact(
    account: Me,
    store: StoreDep,
    contact_id: PathId,
    body: schemas.ContactIn,
    if_match: Annotated[str | None, Header()] = None,
    if_none_match: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    put = store.contacts.put(
        account.id, contact_id, if_match, if_none_match, body.name, body.mobile, body.email
    )
    return entity_response(put.entity, put.status)


@router.delete(
    "/v1/contacts/{contact_id}",
    status_code=204,
    responses=problem_responses(401, 404, 412, 422, 428),
)
def delete_contact(
    account: Me,
    store: StoreDep,
    contact_id: PathId,
    if_match: Annotated[str | None, Header()] = None,
) -> Response:
    store.contacts.delete(account.id, contact_id, if_match)
    return Response(status_code=204)


@router.post(
    "/v1/contacts/{contact_id}/primary",
    response_model=schemas.Contact,
    responses=problem_responses(401, 404),
)
def set_primary(account: Me, store: StoreDep, contact_id: PathId) -> JSONResponse:
    return entity_response(store.contacts.set_primary(account.id, contact_id))


@router.post(
    "/v1/contacts/{contact_id}/verification",
    status_code=202,
    responses={
        202: {"description": "a code was sent"},
        **problem_responses(400, 401, 404, 422, 429),
    },
)
def start_verification(
    account: Me, store: StoreDep, contact_id: PathId, body: schemas.VerificationIn
) -> JSONResponse:
    store.verification.start(account.id, contact_id, body.channel)
    return JSONResponse({"sent": True}, status_code=202)


@router.post(
    "/v1/contacts/{contact_id}/verification/confirm",
    response_model=schemas.Contact,
    responses=problem_responses(400, 401, 404, 422, 429),
)
def confirm_verification(
    account: Me, store: StoreDep, contact_id: PathId, body: schemas.VerificationConfirmIn
) -> JSONResponse:
    errors = rules.check_verification_code(body.code)
    if errors:
        raise Validation(errors)
    contact = store.verification.confirm(account.id, contact_id, body.channel, body.code)
    return entity_response(contact)
