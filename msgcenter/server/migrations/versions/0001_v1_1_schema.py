"""The schema of v1.1, the first revision.

A database made before migrations existed (by `create_all`) is adopted as it is: each table is
made only if it is missing, and `tokens.last_used_ms` (added in v1.1) is added if it is missing,
set to the token's creation time.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    present = set(sa.inspect(op.get_bind()).get_table_names())

    def table(name: str, *columns: sa.Column | sa.Index | sa.UniqueConstraint) -> None:
        if name not in present:
            op.create_table(name, *columns)

    table(
        "accounts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("last_seq", sa.BigInteger, nullable=False),
        sa.Column("purged_seq", sa.BigInteger, nullable=False),
        sa.Column("account_contact_id", sa.String(64), nullable=False),
        sa.Column("primary_contact_id", sa.String(64), nullable=False),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
    )
    table(
        "tokens",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("account_id", sa.String(36), nullable=False, index=True),
        sa.Column("device", sa.String(200)),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("last_used_ms", sa.BigInteger),
    )
    table(
        "messages",
        sa.Column("account_id", sa.String(36), primary_key=True),
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("read", sa.Boolean, nullable=False),
        sa.Index("messages_by_time", "account_id", "created_ms", "id"),
        sa.Index("messages_by_category", "account_id", "category", "created_ms", "id"),
        sa.Index("messages_unread", "account_id", "read", "category"),
    )
    table(
        "settings",
        sa.Column("account_id", sa.String(36), primary_key=True),
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("email", sa.Boolean, nullable=False),
        sa.Column("sms", sa.Boolean, nullable=False),
        sa.Column("contacts", sa.Text, nullable=False),
        sa.Column("groups", sa.Text, nullable=False),
    )
    table(
        "contacts",
        sa.Column("account_id", sa.String(36), primary_key=True),
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("mobile", sa.String(32)),
        sa.Column("email", sa.String(320)),
        sa.Column("mobile_verified", sa.Boolean, nullable=False),
        sa.Column("email_verified", sa.Boolean, nullable=False),
        sa.Column("is_account", sa.Boolean, nullable=False),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
    )
    table(
        "groups",
        sa.Column("account_id", sa.String(36), primary_key=True),
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("members", sa.Text, nullable=False),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.UniqueConstraint("account_id", "name"),
    )
    table(
        "changelog",
        sa.Column("account_id", sa.String(36), primary_key=True),
        sa.Column("kind", sa.String(8), primary_key=True),
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("deleted_ms", sa.BigInteger),
        sa.Index("changelog_by_seq", "account_id", "seq"),
    )
    table(
        "idempotency",
        sa.Column("account_id", sa.String(36), primary_key=True),
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("status", sa.Integer, nullable=False),
        sa.Column("headers", sa.Text, nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
    )
    table(
        "deliveries",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("account_id", sa.String(36), nullable=False, index=True),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("to", sa.String(320), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
    )
    table(
        "verifications",
        sa.Column("account_id", sa.String(36), primary_key=True),
        sa.Column("contact_id", sa.String(64), primary_key=True),
        sa.Column("channel", sa.String(8), primary_key=True),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("sent_to", sa.String(320), nullable=False),
        sa.Column("expires_ms", sa.BigInteger, nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("blocked_until_ms", sa.BigInteger, nullable=False),
    )
    table(
        "verification_attempts",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("account_id", sa.String(36), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("address", sa.String(320), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Index("verification_attempts_by_address", "account_id", "channel", "address", "kind"),
    )
    if "tokens" in present:
        columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("tokens")}
        if "last_used_ms" not in columns:
            op.add_column("tokens", sa.Column("last_used_ms", sa.BigInteger))
            op.execute("UPDATE tokens SET last_used_ms = created_ms")


def downgrade() -> None:
    raise NotImplementedError("the first revision has nothing before it")
