"""Opaque cursors: base64url text the client hands back unchanged."""

from __future__ import annotations

import base64
import binascii
import json


def _encode(payload: object) -> str:
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> object:
    padded = cursor + "=" * (-len(cursor) % 4)
    try:
        return json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (binascii.Error, ValueError, UnicodeError) as exc:
        raise ValueError("malformed cursor") from exc


def encode_seq(seq: int) -> str:
    return _encode({"s": seq})


def decode_seq(cursor: str) -> int:
    payload = _decode(cursor)
    if isinstance(payload, dict) and isinstance(payload.get("s"), int) and payload["s"] >= 0:
        return payload["s"]
    raise ValueError("malformed cursor")


def encode_position(created_ms: int, message_id: str) -> str:
    return _encode({"t": created_ms, "i": message_id})


def decode_position(cursor: str) -> tuple[int, str]:
    payload = _decode(cursor)
    if (
        isinstance(payload, dict)
        and isinstance(payload.get("t"), int)
        and isinstance(payload.get("i"), str)
    ):
        return payload["t"], payload["i"]
    raise ValueError("malformed cursor")
