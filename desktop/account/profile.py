"""The profile's account: which server and username it signs in to. Never a secret."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit


# A NamedTuple, not a dataclass: quicker to import (desktop.cache.rows says why).
class Account(NamedTuple):
    server: str
    username: str
    account_id: str = ""

    @property
    def keyring_username(self) -> str:
        """The keyring entry's username: `<server URL>|<username>`."""
        return f"{self.server}|{self.username}"


LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}


class BadServerAddress(ValueError):
    """A server address that cannot be one, said in words."""


def normalize_server(url: str) -> str:
    """`scheme://host:port` without a trailing slash. Without a scheme: http:// for this
    machine (localhost, 127.0.0.1, [::1]: what a server run locally speaks, and nothing
    leaves the machine), https:// for any other host. The API's own `/v1` at the end is
    dropped (the client adds it). Raises :class:`BadServerAddress` for an address that is
    empty, not HTTP(S) or names no host."""
    url = url.strip()
    if not url.rstrip("/"):
        raise BadServerAddress("no server address was given")
    if "://" in url:
        scheme, _, rest = url.partition("://")
        url = f"{scheme}://{rest.rstrip('/')}"
    else:
        url = url.rstrip("/")
        try:
            host = urlsplit("//" + url).hostname
        except ValueError:  # "[::1": the request says what is wrong with it
            host = None
        url = f"{'http' if host in LOOPBACK_HOSTS else 'https'}://{url}"
    scheme = url.split("://", 1)[0].lower()
    if scheme not in ("http", "https"):
        raise BadServerAddress(
            f"the server's address must start with https:// or http://, not {scheme[:20]}://"
        )
    try:
        host = urlsplit(url).hostname
    except ValueError:
        host = None
    if not host:
        raise BadServerAddress(f"the server's address names no host: {url[:200]}")
    if url.lower().endswith("/v1"):
        url = url[:-3].rstrip("/")
    return url


def load_account(path: Path) -> Account | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Account(str(data["server"]), str(data["username"]), str(data.get("account_id", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_account(path: Path, account: Account) -> None:
    write_private_json(path, account._asdict())


def forget_account(path: Path) -> None:
    path.unlink(missing_ok=True)


def write_private_json(path: Path, data: object) -> None:
    """Write JSON atomically (a temporary file, then rename), mode 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
