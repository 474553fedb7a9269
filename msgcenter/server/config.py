"""The server's settings, from the command line (cli.py) or from whoever embeds it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ServerConfig:
    db: str = "msgcenter-server.db"
    admin_token: str | None = None
    heartbeat: float = 15.0
    tombstone_days: float = 30.0
    poll_interval: int = 60
    header_timeout: float = 10.0  # seconds for a request's headers to arrive
    keep_alive_timeout: float = 30.0  # seconds a kept-alive connection may sit idle
    token_idle_days: float = 30.0  # a token unused this long expires
    # scrypt takes 16 MB a hash: at most this many at a time, the rest wait their turn.
    password_hashing_slots: int = 4
    pool_size: int = 20  # database connections kept open
    max_overflow: int = 20  # and made besides when all are busy
    # Upgrade an older schema at start (the embedded demo); `serve` refuses one instead.
    upgrade_schema: bool = False
