"""Alembic's entry point: the migrations run on the connection (and in the transaction) that
:func:`msgcenter.server.schema.upgrade` hands over, so that they happen under its lock."""

from alembic import context

context.configure(connection=context.config.attributes["connection"], target_metadata=None)
with context.begin_transaction():
    context.run_migrations()
