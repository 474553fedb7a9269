"""Tokens in the OS keyring (service `msgcenter`, username `<server URL>|<username>`).

Where no keyring backend works, tokens live in memory for this run only and `warning` says so
(a notice, put into the user's words by the views): never in a file.

The app, which stays in the tray for days, can read its token in a short-lived child process
(`read_apart`): the keyring's backends (on Linux the Secret Service with SecretStorage, jeepney
and cryptography, about 9 MiB resident) then never enter the long-lived process. keyring is
imported only when used here, in whichever process reads.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading

from desktop.sync.states import notice

SERVICE = "msgcenter"
NO_KEYRING = notice("no_keyring")
NO_KEYRING_WARNING = (  # for the command line, in English
    "No system keyring is available: you stay signed in only until Message Center quits."
)

log = logging.getLogger(__name__)

# The child's whole program: the token, or the keyring's error, as one line of JSON on stdout
# (a pipe: the token never touches a file). Nothing of the app is imported in it.
READ_TOKEN = """
import json, sys
import keyring, keyring.errors
try:
    reply = {"token": keyring.get_password(sys.argv[1], sys.argv[2])}
except keyring.errors.KeyringError as error:
    reply = {"error": type(error).__name__, "message": str(error)}
print(json.dumps(reply))
"""
READ_TIMEOUT_S = 120  # the keyring may ask the user to unlock it


class _KeyringFailed(Exception):
    """The child's keyring raised: the same fall-back as when it raises here."""


def _backend_chosen() -> bool:
    """Whether this process already uses a keyring backend (chosen or set): then it is asked."""
    core = sys.modules.get("keyring.core")
    return core is not None and getattr(core, "_keyring_backend", None) is not None


def _read_in_child(key: str) -> str | None:
    """The token as a child process reads it. OSError, TimeoutExpired or ValueError when the
    child cannot say (the caller then asks the keyring here)."""
    done = subprocess.run(
        [sys.executable, "-P", "-c", READ_TOKEN, SERVICE, key],
        capture_output=True,
        text=True,
        timeout=READ_TIMEOUT_S,
        stdin=subprocess.DEVNULL,
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise ValueError(f"status {done.returncode}: {done.stderr.strip()[-300:]}")
    reply = json.loads(lines[-1])
    if "error" in reply:
        raise _KeyringFailed(f"{reply['error']}: {reply.get('message', '')}")
    token = reply["token"]
    if token is not None and not isinstance(token, str):
        raise ValueError("not a token")
    return token


class TokenStore:
    """get / set / delete a token; falls back to memory, visibly, when the keyring fails."""

    def __init__(self, *, read_apart: bool = False) -> None:
        self.read_apart = read_apart
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
        if self.read_apart and not getattr(sys, "frozen", False) and not _backend_chosen():
            try:
                return _read_in_child(key)
            except _KeyringFailed as error:
                self._fall_back(error)
                return None
            except (OSError, subprocess.SubprocessError, ValueError, KeyError) as error:
                log.info("reading the token in a child process failed (%s): reading it here", error)
        import keyring
        import keyring.errors

        try:
            return keyring.get_password(SERVICE, key)
        except keyring.errors.KeyringError as error:
            self._fall_back(error)
            return None

    def set(self, key: str, token: str) -> None:
        import keyring
        import keyring.errors

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
        import keyring
        import keyring.errors

        try:
            keyring.delete_password(SERVICE, key)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing stored: already signed out
        except keyring.errors.KeyringError as error:
            self._fall_back(error)

    def _fall_back(self, error: Exception) -> None:
        if self.warning is None:
            kind = str(error) if isinstance(error, _KeyringFailed) else type(error).__name__
            log.warning("keyring unavailable (%s); keeping the token in memory", kind)
        self.warning = NO_KEYRING
