"""Shared state for several server processes: sign-in failures in a table, not in memory.

(An `idempotency` row with status 0 is a key reserved by a request still running: no column
changes for that.)
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("scope", sa.String(8), nullable=False),  # "name" or "address"
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Index("login_failures_by_key", "scope", "key", "created_ms"),
    )


def downgrade() -> None:
    op.drop_table("login_failures")
