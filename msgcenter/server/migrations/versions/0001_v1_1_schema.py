"""The schema of v1.1, the first revision.

A database made before migrations existed (by `create_all`) is adopted as it is: each table is
made only if it is missing, and `tokens.last_used_ms` (added in v1.1) is added if it is missing,
set to the token's creation time.

Written compactly with the helpers below (keys, required, optional columns), in the order of the
columns in each table.
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None

S, TEXT, BIG, INT, BOOL = sa.String, sa.Text, sa.BigInteger, sa.Integer, sa.Boolean
Type = sa.types.TypeEngine[Any] | type[sa.types.TypeEngine[Any]]


def keys(**lengths: int) -> list[sa.Column[Any]]:
    """Primary-key columns of strings of these lengths."""
    return [sa.Column(name, S(n), primary_key=True) for name, n in lengths.items()]


def required(**types: Type) -> list[sa.Column[Any]]:
    return [sa.Column(name, kind, nullable=False) for name, kind in types.items()]


def optional(**types: Type) -> list[sa.Column[Any]]:
    return [sa.Column(name, kind) for name, kind in types.items()]


def serial() -> sa.Column[int]:
    return sa.Column("pk", INT, primary_key=True, autoincrement=True)


def owner(index: bool = False) -> sa.Column[str]:
    return sa.Column("account_id", S(36), nullable=False, index=index)


def upgrade() -> None:
    present = set(sa.inspect(op.get_bind()).get_table_names())

    def table(name: str, *columns: sa.Column[Any] | sa.Index | sa.UniqueConstraint) -> None:
        if name not in present:
            op.create_table(name, *columns)

    table(
        "accounts",
        *keys(id=36),
        sa.Column("name", S(64), nullable=False, unique=True),
        *required(password_hash=S(200), last_seq=BIG, purged_seq=BIG),
        *required(account_contact_id=S(64), primary_contact_id=S(64), created_ms=BIG),
    )
    table(
        "tokens",
        *keys(token_hash=64),
        owner(index=True),
        *optional(device=S(200)),
        *required(created_ms=BIG),
        *optional(last_used_ms=BIG),
    )
    table(
        "messages",
        *keys(account_id=36, id=64),
        *required(category=S(16), type=S(64), title=TEXT, body=TEXT, created_ms=BIG, read=BOOL),
        sa.Index("messages_by_time", "account_id", "created_ms", "id"),
        sa.Index("messages_by_category", "account_id", "category", "created_ms", "id"),
        sa.Index("messages_unread", "account_id", "read", "category"),
    )
    table(
        "settings",
        *keys(account_id=36, id=64),
        *required(email=BOOL, sms=BOOL, contacts=TEXT, groups=TEXT),
    )
    table(
        "contacts",
        *keys(account_id=36, id=64),
        *required(name=S(64)),
        *optional(mobile=S(32), email=S(320)),
        *required(mobile_verified=BOOL, email_verified=BOOL, is_account=BOOL, created_ms=BIG),
    )
    table(
        "groups",
        *keys(account_id=36, id=64),
        *required(name=S(64), members=TEXT, created_ms=BIG),
        sa.UniqueConstraint("account_id", "name"),
    )
    table(
        "changelog",
        *keys(account_id=36, kind=8, id=64),
        *required(seq=BIG),
        *optional(deleted_ms=BIG),
        sa.Index("changelog_by_seq", "account_id", "seq"),
    )
    table(
        "idempotency",
        *keys(account_id=36, key=255),
        *required(fingerprint=S(64), status=INT, headers=TEXT),
        *required(body=sa.LargeBinary, created_ms=BIG),
    )
    table(
        "deliveries",
        serial(),
        owner(index=True),
        *required(channel=S(8), to=S(320), text=TEXT, created_ms=BIG),
    )
    table(
        "verifications",
        *keys(account_id=36, contact_id=64, channel=8),
        *required(code_hash=S(64), sent_to=S(320), expires_ms=BIG),
        *required(failures=INT, blocked_until_ms=BIG),
    )
    table(
        "verification_attempts",
        serial(),
        owner(),
        *required(channel=S(8), address=S(320), kind=S(8), created_ms=BIG),
        sa.Index("verification_attempts_by_address", "account_id", "channel", "address", "kind"),
    )
    if "tokens" in present:
        columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("tokens")}
        if "last_used_ms" not in columns:
            op.add_column("tokens", sa.Column("last_used_ms", sa.BigInteger))
            op.execute("UPDATE tokens SET last_used_ms = created_ms")


def downgrade() -> None:
    raise NotImplementedError("the first revision has nothing before it")
