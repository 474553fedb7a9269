"""The routes settings, contacts and groups share: the account's entities of a kind, one by id
with its ETag and, for contacts and groups, PUT (create or replace under a precondition) and
DELETE. A kind's module describes the kind as an `EntityKind` and adds these routes to its
router beside its own.

The routes keep the names hand-written functions had (list_contacts, get_contact, put_contact,
delete_contact), which FastAPI makes their OpenAPI operation ids and summaries of.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Generic, Protocol, TypeVar

from fastapi import APIRouter, Header, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from msgcenter.server.openapi import problem_responses
from msgcenter.server.routes.deps import Me, StoreDep, entity_response
from msgcenter.server.schemas import EntityPathId
from msgcenter.server.store import Store
from msgcenter.server.store.entities import Entities, Precondition, Put


class Removable(Protocol):
    """The store's object of a kind that DELETE removes (contacts, groups)."""

    def delete(self, account_id: str, entity_id: str, if_match: str | None, /) -> None: ...


Body = TypeVar("Body", bound=BaseModel)
T = TypeVar("T")
E = TypeVar("E", bound=Entities)
R = TypeVar("R", bound=Removable)


@dataclass(frozen=True)
class EntityKind(Generic[T]):
    """A kind's name, its object in the store, and its response models."""

    singular: str  # "contact": the path /v1/contacts/{contact_id}, the routes' names
    entities: Callable[[Store], T]  # the store's object for the kind
    model: type[BaseModel]  # one entity
    list_model: type[BaseModel]  # the list, under the kind's plural ("contacts")

    @property
    def plural(self) -> str:
        return f"{self.singular}s"

    @property
    def path(self) -> str:
        return f"/v1/{self.plural}/{{{self.singular}_id}}"


def add_read_routes(router: APIRouter, kind: EntityKind[E]) -> None:
    """GET the list of the account's entities of the kind, and GET one by id."""

    def list_all(account: Me, store: StoreDep) -> dict[str, Any]:
        return {kind.plural: kind.entities(store).all_of(account.id)}

    def get_one(account: Me, store: StoreDep, entity_id: EntityPathId) -> JSONResponse:
        return entity_response(kind.entities(store).get(account.id, entity_id))

    router.add_api_route(
        f"/v1/{kind.plural}",
        list_all,
        name=f"list_{kind.plural}",
        response_model=kind.list_model,
        responses=problem_responses(401),
    )
    router.add_api_route(
        kind.path,
        get_one,
        name=f"get_{kind.singular}",
        response_model=kind.model,
        responses=problem_responses(401, 404),
    )


def add_write_routes(
    router: APIRouter,
    kind: EntityKind[R],
    body_model: type[Body],
    put: Callable[[Store, str, str, Body, Precondition], Put],
    delete_problems: tuple[int, ...],
) -> None:
    """PUT an entity of the kind (If-None-Match: * creates it, If-Match replaces it) through
    `put(store, account_id, entity_id, body, precondition)`, and DELETE one (If-Match)."""

    def put_one(
        account: Me,
        store: StoreDep,
        entity_id: EntityPathId,
        body: Body,
        if_match: Annotated[str | None, Header()] = None,
        if_none_match: Annotated[str | None, Header()] = None,
    ) -> JSONResponse:
        done = put(store, account.id, entity_id, body, (if_match, if_none_match))
        return entity_response(done.entity, done.status)

    # FastAPI validates and documents the body by this annotation, which a function made for
    # every kind cannot spell: it is the kind's model.
    put_one.__annotations__["body"] = body_model

    def delete_one(
        account: Me,
        store: StoreDep,
        entity_id: EntityPathId,
        if_match: Annotated[str | None, Header()] = None,
    ) -> Response:
        kind.entities(store).delete(account.id, entity_id, if_match)
        return Response(status_code=204)

    router.add_api_route(
        kind.path,
        put_one,
        methods=["PUT"],
        name=f"put_{kind.singular}",
        response_model=kind.model,
        responses={
            201: {"model": kind.model, "description": "created"},
            **problem_responses(400, 401, 404, 409, 412, 422, 428),
        },
    )
    router.add_api_route(
        kind.path,
        delete_one,
        methods=["DELETE"],
        name=f"delete_{kind.singular}",
        status_code=204,
        responses=problem_responses(*delete_problems),
    )
