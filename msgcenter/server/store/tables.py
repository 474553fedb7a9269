"""The tables as SQLAlchemy Core sees them, for the queries. The schema itself is made by the
migrations (../migrations/versions): this mirrors their head revision."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

metadata = sa.MetaData()

_Part = sa.Column[Any] | sa.Index | sa.UniqueConstraint


def _owned(name: str, *parts: _Part) -> sa.Table:
    """The table of an entity an account owns: keyed by (account_id, id), like its change-log
    row, and stamped with its creation time."""
    return sa.Table(
        name,
        metadata,
        sa.Column("account_id", sa.String(36), primary_key=True),
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        *parts,
    )


def _log(name: str, *parts: _Part) -> sa.Table:
    """An append-only log of one account's events, oldest first, stamped with their time."""
    return sa.Table(
        name,
        metadata,
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        *parts,
    )


def _flag(name: str) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean, nullable=False, default=False)


def _count(name: str) -> sa.Column[int]:
    """A counter or a sequence number, from 0."""
    return sa.Column(name, sa.BigInteger, nullable=False, default=0)


def _ids(name: str) -> sa.Column[str]:
    """A JSON list of ids."""
    return sa.Column(name, sa.Text, nullable=False)


accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(64), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(200), nullable=False),
    _count("last_seq"),
    # Highest sequence number of a purged tombstone: a cursor below it has missed a deletion.
    _count("purged_seq"),
    sa.Column("account_contact_id", sa.String(64), nullable=False),
    sa.Column("primary_contact_id", sa.String(64), nullable=False),
    sa.Column("created_ms", sa.BigInteger, nullable=False),
)

tokens = sa.Table(
    "tokens",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("account_id", sa.String(36), nullable=False, index=True),
    sa.Column("device", sa.String(200)),
    sa.Column("created_ms", sa.BigInteger, nullable=False),
    # Added in v1.1 (migration 0001); a token unused for the idle period expires.
    sa.Column("last_used_ms", sa.BigInteger),
)

messages = _owned(
    "messages",
    sa.Column("category", sa.String(16), nullable=False),
    sa.Column("type", sa.String(64), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    _flag("read"),
    sa.Index("messages_by_time", "account_id", "created_ms", "id"),
    sa.Index("messages_by_category", "account_id", "category", "created_ms", "id"),
    sa.Index("messages_unread", "account_id", "read", "category"),
)

# No creation time: an account's settings are made with it, one per configurable message type.
settings = sa.Table(
    "settings",
    metadata,
    sa.Column("account_id", sa.String(36), primary_key=True),
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("email", sa.Boolean, nullable=False),
    sa.Column("sms", sa.Boolean, nullable=False),
    _ids("contacts"),
    _ids("groups"),
)

contacts = _owned(
    "contacts",
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("mobile", sa.String(32)),
    sa.Column("email", sa.String(320)),
    _flag("mobile_verified"),
    _flag("email_verified"),
    _flag("is_account"),
)

groups = _owned(
    "groups",
    sa.Column("name", sa.String(64), nullable=False),
    _ids("members"),  # contact ids
    sa.UniqueConstraint("account_id", "name"),
)

# One row per entity an account owns, with the sequence number of its last change; a deletion
# makes the row a tombstone (deleted_ms set).
changelog = sa.Table(
    "changelog",
    metadata,
    sa.Column("account_id", sa.String(36), primary_key=True),
    sa.Column("kind", sa.String(8), primary_key=True),
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("deleted_ms", sa.BigInteger),
    sa.Index("changelog_by_seq", "account_id", "seq"),
)

idempotency = sa.Table(
    "idempotency",
    metadata,
    sa.Column("account_id", sa.String(36), primary_key=True),
    sa.Column("key", sa.String(255), primary_key=True),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("headers", sa.Text, nullable=False),  # JSON list of [name, value]
    sa.Column("body", sa.LargeBinary, nullable=False),
    sa.Column("created_ms", sa.BigInteger, nullable=False),
)

# The SMS and email the server would have sent (there is no gateway): messages and codes.
deliveries = _log(
    "deliveries",
    sa.Column("account_id", sa.String(36), nullable=False, index=True),
    sa.Column("channel", sa.String(8), nullable=False),
    sa.Column("to", sa.String(320), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
)

verifications = sa.Table(
    "verifications",
    metadata,
    sa.Column("account_id", sa.String(36), primary_key=True),
    sa.Column("contact_id", sa.String(64), primary_key=True),
    sa.Column("channel", sa.String(8), primary_key=True),
    sa.Column("code_hash", sa.String(64), nullable=False),
    sa.Column("sent_to", sa.String(320), nullable=False),
    sa.Column("expires_ms", sa.BigInteger, nullable=False),
    sa.Column("failures", sa.Integer, nullable=False, default=0),
    sa.Column("blocked_until_ms", sa.BigInteger, nullable=False, default=0),
)

# Verification codes sent and wrong codes entered, per account, channel and address: the limits
# hold across new codes, and across deleting and re-creating the contact.
verification_attempts = _log(
    "verification_attempts",
    sa.Column("account_id", sa.String(36), nullable=False),
    sa.Column("channel", sa.String(8), nullable=False),
    sa.Column("address", sa.String(320), nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),  # "sent" or "wrong"
    sa.Index("verification_attempts_by_address", "account_id", "channel", "address", "kind"),
)

# Failed sign-ins, per username ("name") and per client address ("address"), for every server.
login_failures = _log(
    "login_failures",
    sa.Column("scope", sa.String(8), nullable=False),
    sa.Column("key", sa.String(255), nullable=False),
    sa.Index("login_failures_by_key", "scope", "key", "created_ms"),
)
