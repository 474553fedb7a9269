"""The server's schema migrations (Alembic), applied by `msgcenter-server migrate`.

Revisions are written by hand in versions/, one file each, never edited once released: a revision
says how to go from the one before it to itself, on SQLite and PostgreSQL alike. The server runs
them through :mod:`msgcenter.server.schema`, inside its own transaction; there is no alembic.ini.
"""
