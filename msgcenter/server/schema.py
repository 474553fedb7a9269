"""The database's schema revision: made on an empty database, upgraded by `migrate`, checked
by everything else.

Every step runs in one transaction under a lock (PostgreSQL: an advisory lock; SQLite: the write
lock of `BEGIN IMMEDIATE`), so that servers started together on an empty database make the schema
exactly once and the others find it made.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

# pg_advisory_xact_lock's key: "msgc" in ASCII, the same in every server process.
SCHEMA_LOCK = 0x6D736763


class SchemaError(Exception):
    """The database's schema is not the one this server needs (one line for the operator)."""


def _config(conn: sa.Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    config.attributes["connection"] = conn
    return config


def head() -> str:
    """The revision this server's code needs."""
    revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert revision is not None
    return revision


def _locked(engine: sa.Engine) -> tuple[sa.Connection, sa.RootTransaction]:
    """A write transaction that holds the schema lock until it ends."""
    conn = engine.connect().execution_options(write=True)
    transaction = conn.begin()
    if conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(SCHEMA_LOCK)))
    return conn, transaction


def _current(conn: sa.Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def prepare(engine: sa.Engine, upgrade: bool = False) -> None:
    """Make the schema on an empty database (or upgrade it when `upgrade`); otherwise check that
    it is at the head revision, raising SchemaError with what to do when it is not."""
    conn, transaction = _locked(engine)
    with conn, transaction:
        current, wanted = _current(conn), head()
        if current == wanted:
            return
        empty = not sa.inspect(conn).get_table_names()
        if empty or upgrade:
            command.upgrade(_config(conn), wanted)
            return
        if current is None:
            raise SchemaError(
                "the database was made before schema migrations: "
                "run `msgcenter-server migrate` once (it keeps every row)"
            )
        raise SchemaError(
            f"the database schema is at revision {current}, this server needs {wanted}: "
            "run `msgcenter-server migrate` first"
        )


def migrate(engine: sa.Engine, target: str | None = None) -> tuple[str | None, str]:
    """Upgrade the schema to `target` (default: the head); (revision before, revision after)."""
    conn, transaction = _locked(engine)
    with conn, transaction:
        before = _current(conn)
        command.upgrade(_config(conn), target or head())
        return before, _current(conn) or ""
