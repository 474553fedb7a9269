"""Contact groups: created or replaced under a precondition, deleted."""

from __future__ import annotations

from fastapi import APIRouter

from msgcenter.server import schemas
from msgcenter.server.routes.entities import EntityKind, add_read_routes, add_write_routes
from msgcenter.server.store import Store
from msgcenter.server.store.entities import Precondition, Put

router = APIRouter(tags=["groups"])


GROUPS = EntityKind("group", lambda store: store.groups, schemas.Group, schemas.GroupsOut)


def _put(
    store: Store, account_id: str, group_id: str, body: schemas.GroupIn, pre: Precondition
) -> Put:
    return store.groups.put(account_id, group_id, *pre, body.name, body.members)


add_read_routes(router, GROUPS)
add_write_routes(router, GROUPS, schemas.GroupIn, _put, delete_problems=(401, 404, 412, 428))
