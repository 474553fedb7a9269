"""Contacts: created or replaced under a precondition, deleted, made primary, verified."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from msgcenter import rules
from msgcenter.server import schemas
from msgcenter.server.errors import Validation
from msgcenter.server.openapi import problem_responses
from msgcenter.server.routes.deps import Me, StoreDep, entity_response
from msgcenter.server.routes.entities import EntityKind, add_read_routes, add_write_routes
from msgcenter.server.schemas import PathId
from msgcenter.server.store import Store
from msgcenter.server.store.entities import Precondition, Put

router = APIRouter(tags=["contacts"])


CONTACTS = EntityKind("contact", lambda store: store.contacts, schemas.Contact, schemas.ContactsOut)


def _put(
    store: Store, account_id: str, contact_id: str, body: schemas.ContactIn, pre: Precondition
) -> Put:
    return store.contacts.put(account_id, contact_id, *pre, body.name, body.mobile, body.email)


add_read_routes(router, CONTACTS)
# Deleting the account's own contact is refused (422).
add_write_routes(
    router, CONTACTS, schemas.ContactIn, _put, delete_problems=(401, 404, 412, 422, 428)
)


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
