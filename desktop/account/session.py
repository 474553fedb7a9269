"""Signing in and out: the profile's account, its token in the keyring, and its API client.

Nothing here blocks on its own: callers on the GUI thread run these on a worker.
"""

from __future__ import annotations

import logging
import shutil
import time
from typing import TYPE_CHECKING

from desktop.account.profile import (
    Account,
    forget_account,
    load_account,
    normalize_server,
    save_account,
)
from desktop.api.errors import ApiError
from desktop.platform.paths import Paths

if TYPE_CHECKING:
    from desktop.api.client import ApiClient
    from desktop.platform.keychain import TokenStore

log = logging.getLogger(__name__)


class NotSignedIn(Exception):
    """No account, or no token for it: sign in first."""


class SignInNotKept(Exception):
    """The keyring could not keep the token, and a sign-in that lasts only for this process
    was not wanted (the command line's: its process ends at once). Nothing was stored."""


class Session:
    def __init__(self, paths: Paths, tokens: TokenStore | None = None) -> None:
        self.paths = paths.ensure()
        self._tokens = tokens
        self.account = load_account(paths.profile_file)

    @property
    def tokens(self) -> TokenStore:
        """The keyring, imported on first use: the window paints before it is needed."""
        if self._tokens is None:
            from desktop.platform.keychain import TokenStore

            self._tokens = TokenStore()
        return self._tokens

    def client(self) -> ApiClient:
        """An API client carrying the account's token; NotSignedIn when there is none."""
        if self.account is None:
            raise NotSignedIn("not signed in: run `msgcenter login` or open Message Center")
        from desktop.api.client import ApiClient

        token = self.tokens.get(self.account.keyring_username)
        if not token:
            raise NotSignedIn(f"no sign-in for {self.account.username} at {self.account.server}")
        return ApiClient(self.account.server, token)

    def sign_in(
        self, server: str, username: str, password: str, *, memory_ok: bool = True
    ) -> ApiClient:
        """POST /v1/auth/token, keep the token in the keyring, remember the account.

        Without a keyring the token stays in memory (`tokens.warning` says so); unless
        `memory_ok` is False: then the token is revoked, nothing is stored, and
        :class:`SignInNotKept` is raised.
        """
        from desktop.api.client import ApiClient

        server = normalize_server(server)
        client = ApiClient(server)
        import platform  # only to name the device, at sign-in

        reply = client.sign_in(username, password, device=f"Message Center on {platform.node()}")
        account = Account(server, username, reply["account"]["id"])
        # The token first: where it cannot be kept, nothing else has changed yet.
        self.tokens.set(account.keyring_username, reply["token"])
        if not memory_ok and not self.tokens.persistent:
            self.tokens.delete(account.keyring_username)
            try:
                client.sign_out()
            except ApiError as error:
                log.warning("revoking an unkept token: %s", error.message)
            finally:
                client.close()
            from desktop.platform.keychain import (
                NO_KEYRING_WARNING,  # keyring loads slowly: not at start
            )

            raise SignInNotKept(NO_KEYRING_WARNING)
        # The cache's owner outlives a sign-out, so that the next account never inherits it.
        owner_file = self.paths.data_dir / "cache.owner"
        owner = owner_file.read_text().strip() if owner_file.exists() else None
        if owner is None and self.account is not None:
            owner = self.account.account_id
        if owner is not None and owner != account.account_id:
            self._set_aside_other_accounts_cache()
        owner_file.write_text(account.account_id + "\n")
        save_account(self.paths.profile_file, account)
        self.account = account
        return client

    def _set_aside_other_accounts_cache(self) -> None:
        """Another account on this profile: its cache (and unsent edits) must never be seen or
        sent as this one's. Kept aside, not deleted."""
        cache = self.paths.cache_file
        if cache.exists():
            stamp = time.strftime("%Y%m%d-%H%M%S")
            for suffix in ("", "-wal", "-shm"):
                source = cache.with_name(cache.name + suffix)
                if source.exists():
                    shutil.move(
                        source, cache.with_name(f"{cache.name}.other-account-{stamp}{suffix}")
                    )

    def sign_out(self) -> str | None:
        """Revoke the token on the server (best effort) and forget it; returns a warning if the
        server could not be told."""
        warning = None
        if self.account is None:
            return None
        key = self.account.keyring_username
        token = self.tokens.get(key)
        if token:
            from desktop.api.client import ApiClient

            client = ApiClient(self.account.server, token, retries=1)
            try:
                client.sign_out()
            except ApiError as error:
                warning = f"the server could not be told ({error.message}); the token is forgotten"
            finally:
                client.close()
        self.tokens.delete(key)
        forget_account(self.paths.profile_file)
        self.account = None
        return warning
