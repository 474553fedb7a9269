"""The tables as SQLAlchemy Core sees them, for the queries. The schema itself is made by the
migrations (../migrations/versions): this mirrors their head revision."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

metadata = sa.MetaData()

_Part = sa.Column[Any] | sa.Index | sa.UniqueConstraint
_Type = sa.types.TypeEngine[Any] | type[sa.types.TypeEngine[Any]]
S, TEXT, BIG, INT, BOOL = sa.String, sa.Text, sa.BigInteger, sa.Integer, sa.Boolean


def _columns(
    *, primary_key: bool = False, nullable: bool = False, default: Any = None, **types: _Type
) -> list[sa.Column[Any]]:
    """Columns of these types, in the order given: NOT NULL unless `nullable`; `default` is
    what an insert that leaves them out puts in them."""
    return [
        sa.Column(name, kind, primary_key=primary_key, nullable=nullable, default=default)
        for name, kind in types.items()
    ]


def _owner(index: bool = False) -> sa.Column[str]:
    """The account a row belongs to, where that is not part of the row's key."""
    return sa.Column("account_id", S(36), nullable=False, index=index)


# Tables, by how they are keyed.


def _table(name: str, *parts: _Part) -> sa.Table:
    return sa.Table(name, metadata, *parts)


def _owned(name: str, *parts: _Part) -> sa.Table:
    """The table of an entity an account owns: keyed by (account_id, id), like its change-log
    row, and stamped with its creation time."""
    return _table(
        name,
        *_columns(primary_key=True, account_id=S(36), id=S(64)),
        *_columns(created_ms=BIG),
        *parts,
    )


def _log(name: str, *parts: _Part) -> sa.Table:
    """An append-only log of events, oldest first, stamped with their time."""
    return _table(
        name,
        sa.Column("pk", INT, primary_key=True, autoincrement=True),
        *_columns(created_ms=BIG),
        *parts,
    )


accounts = _table(
    "accounts",
    *_columns(primary_key=True, id=S(36)),
    sa.Column("name", S(64), nullable=False, unique=True),
    *_columns(password_hash=S(200)),
    # purged_seq: the highest sequence number of a purged tombstone; a cursor below it has
    # missed a deletion.
    *_columns(last_seq=BIG, purged_seq=BIG, default=0),
    *_columns(account_contact_id=S(64), primary_contact_id=S(64), created_ms=BIG),
)

tokens = _table(
    "tokens",
    *_columns(primary_key=True, token_hash=S(64)),
    _owner(index=True),
    *_columns(nullable=True, device=S(200)),
    *_columns(created_ms=BIG),
    # Added in v1.1 (migration 0001); a token unused for the idle period expires.
    *_columns(nullable=True, last_used_ms=BIG),
)

messages = _owned(
    "messages",
    *_columns(category=S(16), type=S(64), title=TEXT, body=TEXT),
    *_columns(read=BOOL, default=False),
    sa.Index("messages_by_time", "account_id", "created_ms", "id"),
    sa.Index("messages_by_category", "account_id", "category", "created_ms", "id"),
    sa.Index("messages_unread", "account_id", "read", "category"),
)

# No creation time: an account's settings are made with it, one per configurable message type.
# contacts and groups: JSON lists of ids.
settings = _table(
    "settings",
    *_columns(primary_key=True, account_id=S(36), id=S(64)),
    *_columns(email=BOOL, sms=BOOL, contacts=TEXT, groups=TEXT),
)

contacts = _owned(
    "contacts",
    *_columns(name=S(64)),
    *_columns(nullable=True, mobile=S(32), email=S(320)),
    *_columns(mobile_verified=BOOL, email_verified=BOOL, is_account=BOOL, default=False),
)

groups = _owned(
    "groups",
    *_columns(name=S(64), members=TEXT),  # members: a JSON list of contact ids
    sa.UniqueConstraint("account_id", "name"),
)

# One row per entity an account owns, with the sequence number of its last change; a deletion
# makes the row a tombstone (deleted_ms set).
changelog = _table(
    "changelog",
    *_columns(primary_key=True, account_id=S(36), kind=S(8), id=S(64)),
    *_columns(seq=BIG),
    *_columns(nullable=True, deleted_ms=BIG),
    sa.Index("changelog_by_seq", "account_id", "seq"),
)

idempotency = _table(
    "idempotency",
    *_columns(primary_key=True, account_id=S(36), key=S(255)),
    # headers: a JSON list of [name, value]
    *_columns(fingerprint=S(64), status=INT, headers=TEXT, body=sa.LargeBinary, created_ms=BIG),
)

# The SMS and email the server would have sent (there is no gateway): messages and codes.
deliveries = _log(
    "deliveries",
    _owner(index=True),
    *_columns(channel=S(8), to=S(320), text=TEXT),
)

verifications = _table(
    "verifications",
    *_columns(primary_key=True, account_id=S(36), contact_id=S(64), channel=S(8)),
    *_columns(code_hash=S(64), sent_to=S(320), expires_ms=BIG),
    *_columns(failures=INT, blocked_until_ms=BIG, default=0),
)

# Verification codes sent and wrong codes entered, per account, channel and address: the limits
# hold across new codes, and across deleting and re-creating the contact.
verification_attempts = _log(
    "verification_attempts",
    _owner(),
    *_columns(channel=S(8), address=S(320), kind=S(8)),  # kind: "sent" or "wrong"
    sa.Index("verification_attempts_by_address", "account_id", "channel", "address", "kind"),
)

# Failed sign-ins, per username ("name") and per client address ("address"), for every server.
login_failures = _log(
    "login_failures",
    *_columns(scope=S(8), key=S(255)),
    sa.Index("login_failures_by_key", "scope", "key", "created_ms"),
)
