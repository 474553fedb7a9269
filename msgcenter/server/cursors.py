"""Opaque cursors: base64url text the client hands back unchanged.

Decoding is strict: only text the server could have issued is accepted (the exact encoding
`_encode` produces, integers in range, an id of the id shape). Anything else is a ValueError,
which the routes answer with 400 before a value reaches SQL.
"""

from __future__ import annotations

import base64
import binascii
import json
import re

from msgcenter.server.schemas import ID_RE

MAX_CURSOR_LENGTH = 200
MAX_INT = 2**63 - 1  # a signed BIGINT column
_ALPHABET = re.compile(r"[A-Za-z0-9_-]+")


def _encode(payload: object) -> str:
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> dict[str, object]:
    if not (0 < len(cursor) <= MAX_CURSOR_LENGTH and _ALPHABET.fullmatch(cursor)):
        raise ValueError("malformed cursor")
    padded = cursor + "=" * (-len(cursor) % 4)
    try:
        payload = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (binascii.Error, ValueError, UnicodeError, RecursionError) as exc:
        raise ValueError("malformed cursor") from exc
    # Only the server's own spelling round-trips: no spaces, no reordered or extra keys.
    if not isinstance(payload, dict) or _encode(payload) != cursor:
        raise ValueError("malformed cursor")
    return payload


def _count(value: object) -> int:
    # bool is an int in Python: `true` where a number belongs is malformed too.
    if type(value) is not int or not 0 <= value <= MAX_INT:
        raise ValueError("malformed cursor")
    return value


def encode_seq(seq: int) -> str:
    return _encode({"s": seq})


def decode_seq(cursor: str) -> int:
    payload = _decode(cursor)
    if payload.keys() != {"s"}:
        raise ValueError("malformed cursor")
    return _count(payload["s"])


def encode_position(created_ms: int, message_id: str) -> str:
    return _encode({"t": created_ms, "i": message_id})


def decode_position(cursor: str) -> tuple[int, str]:
    payload = _decode(cursor)
    message_id = payload.get("i")
    if payload.keys() != {"t", "i"} or not isinstance(message_id, str):
        raise ValueError("malformed cursor")
    if not ID_RE.fullmatch(message_id):  # a lone surrogate, or anything else no id holds
        raise ValueError("malformed cursor")
    return _count(payload["t"]), message_id
