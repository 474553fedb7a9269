"""Tokens in the OS keyring (service `msgcenter`, username `<server URL>|<username>`).

Where no keyring backend works, tokens live in memory for this run only and `warning` says so
(a notice, put into the user's words by the views): never in a file.
"""

from __future__ import annotations

import logging
import threading

import keyring
import keyring.errors

from desktop.sync.states import notice

SERVICE = "msgcenter"
NO_KEYRING = notice("no_keyring")
NO_KEYRING_WARNING = (  # for the command line, in English
    "No system keyring is available: you stay signed in only until Message Center quits."
)

log = logging.getLogger(__name__)


class TokenStore:
    """get / set / delete a token; falls back to memory, visibly, when the keyring fails."""

    def __init__(self) -> None:
        self._memory: dict[str, str] = {}
        self._lock = threading.Lock()
        self.warning: str | None = None

    @property
    def persistent(self) -> bool:
        return self.warning is None

    def get(self, key: str) -> str | None:
        with self._lock:
            if key in self._memory:
                return self._memory[key]
        try:
            return keyring.get_password(SERVICE, key)
        except keyring.errors.KeyringError as error:
            self._fall_back(error)
            return None

    def set(self, key: str, token: str) -> None:
        try:
            keyring.set_password(SERVICE, key, token)
            with self._lock:
                self._memory.pop(key, None)
        except keyring.errors.KeyringError as error:
            self._fall_back(error)
            with self._lock:
                self._memory[key] = token

    def delete(self, key: str) -> None:
        with self._lock:
            self._memory.pop(key, None)
        try:
            keyring.delete_password(SERVICE, key)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing stored: already signed out
        except keyring.errors.KeyringError as error:
            self._fall_back(error)

    def _fall_back(self, error: Exception) -> None:
        if self.warning is None:
            log.warning(
                "keyring unavailable (%s); keeping the token in memory", type(error).__name__
            )
        self.warning = NO_KEYRING
