"""What settings, contacts and groups share: reads by id with an ETag, and writes under a
precondition (If-Match, or If-None-Match: * to create), each recorded in the change log.

An entity's ETag is the sequence number of its last change. One shape serves all three: the
precondition is checked in the write transaction that holds the account's lock, so that the
check and the write it guards are one atomic step.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, ClassVar, NamedTuple

import sqlalchemy as sa

from msgcenter import rules
from msgcenter.server.errors import NotFound, PreconditionFailed, PreconditionRequired, Validation
from msgcenter.server.store.database import Database, Writer
from msgcenter.server.store.tables import changelog

Entity = dict[str, Any]
# (If-Match, If-None-Match) of a PUT that may create: it needs one of them.
Precondition = tuple[str | None, str | None]


def etag_of(seq: int) -> str:
    return f'"{seq}"'


def etag_matches(header: str, etag: str) -> bool:
    """If-Match: a list of strong ETags, or *."""
    candidates = [c.strip() for c in header.split(",")]
    return "*" in candidates or etag in candidates


def unknown_ids(
    conn: sa.Connection, account_id: str, table: sa.Table, ids: list[str], field: str
) -> list[rules.FieldError]:
    """A field error naming the ids of `ids` that the account has no row of in `table`."""
    if not ids:
        return []
    known = set(
        conn.execute(
            sa.select(table.c.id).where(table.c.account_id == account_id, table.c.id.in_(ids))
        ).scalars()
    )
    unknown = [i for i in ids if i not in known]
    if unknown:
        return [rules.FieldError(field, "unknown ids: " + ", ".join(unknown))]
    return []


def with_seq(table: sa.Table, kind: str) -> sa.Select[Any]:
    """A table's rows with the sequence number of their last change (their ETag)."""
    return sa.select(table, changelog.c.seq).join(
        changelog,
        sa.and_(
            changelog.c.account_id == table.c.account_id,
            changelog.c.kind == kind,
            changelog.c.id == table.c.id,
        ),
    )


class Put(NamedTuple):
    """The outcome of a PUT: its HTTP status, the entity now, and the entity before (None when
    the PUT created it)."""

    status: int
    entity: Entity
    before: Entity | None


class Entities(ABC):
    """One kind of entity an account owns, read by id and written under a precondition."""

    kind: ClassVar[str]  # as in the change log: "setting", "contact", "group"

    def __init__(self, db: Database) -> None:
        self.db = db

    @abstractmethod
    def rows(
        self, conn: sa.Connection, account_id: str, ids: list[str] | None = None
    ) -> list[Entity]:
        """The account's entities (those of `ids`, when given) as the API shows them."""

    def all_of(self, account_id: str) -> list[Entity]:
        with self.db.read() as conn:
            return self.rows(conn, account_id)

    def get(self, account_id: str, entity_id: str) -> Entity:
        with self.db.read() as conn:
            return self.one(conn, account_id, entity_id)

    def one(self, conn: sa.Connection, account_id: str, entity_id: str) -> Entity:
        found = self.rows(conn, account_id, [entity_id])
        if not found:
            raise NotFound(f"no {self.kind} {entity_id!r}")
        return found[0]

    def require_if_match(self, if_match: str | None, method: str) -> str:
        """The If-Match header of a `method` ("PUT", "DELETE") that cannot go without one."""
        if if_match is None:
            raise PreconditionRequired(f"{method} on a {self.kind} needs If-Match")
        return if_match

    def require_precondition(self, if_match: str | None, if_none_match: str | None) -> None:
        """A PUT that may create needs If-Match (to replace) or If-None-Match: * (to create)."""
        if if_match is None and if_none_match is None:
            raise PreconditionRequired(f"PUT on a {self.kind} needs If-Match or If-None-Match: *")

    def matching(
        self, conn: sa.Connection, account_id: str, entity_id: str, if_match: str
    ) -> Entity:
        """The entity, if its ETag is one of If-Match's; NotFound or PreconditionFailed else."""
        current = self.one(conn, account_id, entity_id)
        if not etag_matches(if_match, current["etag"]):
            raise PreconditionFailed(current)
        return current

    def replace(
        self,
        w: Writer,
        account_id: str,
        entity_id: str,
        if_match: str,
        write: Callable[[Entity], None],
    ) -> Put:
        """`write(current)` the entity whose ETag If-Match names, and log its change."""
        current = self.matching(w.conn, account_id, entity_id, if_match)
        write(current)
        w.touch(self.kind, [entity_id])
        return Put(200, self.one(w.conn, account_id, entity_id), current)

    def create_or_replace(
        self,
        w: Writer,
        account_id: str,
        entity_id: str,
        precondition: Precondition,
        same: Callable[[Entity], bool],
        create: Callable[[], None],
        write: Callable[[Entity], None],
    ) -> Put:
        """PUT with If-None-Match: * creates the entity (a repeat that would make it the same
        answers 200 with it); with If-Match it replaces it, as `replace` does.

        `precondition` is (If-Match, If-None-Match), checked by `require_precondition` first."""
        if_match, if_none_match = precondition
        if if_none_match is None:
            assert if_match is not None
            return self.replace(w, account_id, entity_id, if_match, write)
        if if_none_match.strip() != "*":
            raise Validation([rules.FieldError("If-None-Match", "only * is supported")], status=400)
        existing = self.rows(w.conn, account_id, [entity_id])
        if existing:
            if same(existing[0]):
                return Put(200, existing[0], existing[0])
            raise PreconditionFailed(existing[0], f"a {self.kind} with this id exists")
        create()
        w.touch(self.kind, [entity_id])
        return Put(201, self.one(w.conn, account_id, entity_id), None)
