"""The HTTP client: one requests session per account, timeouts on every call, TLS verified.

Idempotent calls (GET, PUT, DELETE) and calls carrying an Idempotency-Key are retried on transport
errors, 5xx and 429, with exponential backoff and full jitter; `Retry-After` is obeyed. Every
failure becomes a typed error from :mod:`desktop.api.errors`. Every body is read with a size and
time bound (:mod:`desktop.api.reply`) and every reply the client returns has passed its check in
:mod:`desktop.api.wire`.
"""

from __future__ import annotations

import contextlib
import random
import re
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import requests
from requests.adapters import HTTPAdapter

import msgcenter
from desktop.api import wire
from desktop.api.errors import (
    ApiError,
    BadResponse,
    Offline,
    PreconditionFailed,
    RateLimited,
    Redirected,
    raise_for_reply,
    server_words,
)
from desktop.api.events import EventStream
from desktop.api.reply import REPLY_CAP_BYTES, Reply, read_reply

USER_AGENT = f"msgcenter-desktop/{msgcenter.__version__}"
RETRY_CAP_SECONDS = 8.0
RATE_LIMIT_WAIT_MAX = 5.0  # a longer Retry-After is not waited for here: the caller says so
REPLY_SECONDS = 120.0  # to read one body once it has begun, however slowly it comes
POLL_INTERVAL_RANGE = (1.0, 3600.0)
_SECONDS = re.compile(r"[0-9]{1,7}")
_JSON_TYPES = ("application/json", "application/problem+json")


def new_idempotency_key() -> str:
    return str(uuid.uuid4())


class ApiClient:
    """The message-center API for one account on one server."""

    def __init__(
        self,
        server: str,
        token: str | None = None,
        *,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        retries: int = 3,
    ) -> None:
        self.server = server.rstrip("/")
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.retries = retries
        self.reply_cap = REPLY_CAP_BYTES
        # One request, its retries included, is read within this time, however slowly it comes.
        self.reply_seconds = REPLY_SECONDS
        self._time_limit: tuple[float, float] | None = None  # (seconds, monotonic deadline)
        self.poll_interval = 60.0  # updated from X-Poll-Interval
        self.session = requests.Session()
        self.session.verify = True  # never turned off; REQUESTS_CA_BUNDLE adds a private CA
        self.session.trust_env = True
        adapter = HTTPAdapter(pool_connections=2, pool_maxsize=4)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = USER_AGENT
        self._closing = threading.Event()
        self.set_token(token)

    def set_token(self, token: str | None) -> None:
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        else:
            self.session.headers.pop("Authorization", None)

    def set_time_limit(self, seconds: float) -> None:
        """Every request from now on ends within `seconds` of now (a command's total time)."""
        self._time_limit = (seconds, time.monotonic() + seconds)

    def _time_left(self) -> float:
        return float("inf") if self._time_limit is None else self._time_limit[1] - time.monotonic()

    def _out_of_time(self) -> Offline:
        seconds = self._time_limit[0] if self._time_limit else 0.0
        return Offline(f"no complete answer from the server: gave up after {seconds:.0f} s")

    def close(self) -> None:
        """Stop retries in progress and drop the connections."""
        self._closing.set()
        self.session.close()

    # -- the request loop ------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        idempotency_key: str | None = None,
        read_timeout: float | None = None,
    ) -> Reply:
        headers = dict(headers or {})
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        retryable = method in ("GET", "HEAD", "PUT", "DELETE") or idempotency_key is not None
        attempt = 0
        deadline = time.monotonic() + self.reply_seconds
        while True:
            try:
                if self._time_left() <= 0:
                    raise self._out_of_time()
                reply = self._send(method, path, json, params, headers, read_timeout, deadline)
                if reply.status_code >= 400:
                    raise_for_reply(reply.status_code, reply.headers, reply.content)
                if 300 <= reply.status_code < 400 and reply.status_code != 304:
                    to = server_words(reply.headers.get("Location"), 200)
                    raise Redirected(
                        f"the server answered {reply.status_code} (a redirect"
                        + (f" to {to}" if to else "")
                        + "): check the server's address"
                    )
                return reply
            except ApiError as error:
                attempt += 1
                refused = isinstance(error, Offline) and error.refused
                if self._time_left() <= 0:
                    raise self._out_of_time() from error
                if not retryable or error.definitive or refused or attempt > self.retries:
                    raise
                if isinstance(error, RateLimited) and error.retry_after > RATE_LIMIT_WAIT_MAX:
                    raise
                if time.monotonic() >= deadline:
                    raise  # a reply that took all its time is not worth asking for again
                self._back_off(attempt, error)

    def _send(
        self,
        method: str,
        path: str,
        json: Any,
        params: dict[str, Any] | None,
        headers: dict[str, str],
        read_timeout: float | None,
        deadline: float,
    ) -> Reply:
        if self._closing.is_set():
            raise Offline("the client is closed")
        left = min(deadline - time.monotonic(), self._time_left())
        read_timeout = min(read_timeout or self.read_timeout, max(left, 0.1))
        try:
            response = self.session.request(
                method,
                self.server + path,
                json=json,
                params=params,
                headers=headers,
                timeout=(min(self.connect_timeout, max(left, 0.1)), read_timeout),
                allow_redirects=False,
                stream=True,  # read below, with a bound
            )
        except requests.exceptions.SSLError as error:
            raise Offline(f"the server's certificate was not accepted: {error}") from error
        except requests.exceptions.ConnectTimeout as error:
            raise Offline(f"cannot reach {self.server}: no answer", refused=True) from error
        except requests.exceptions.ConnectionError as error:
            refused = "NewConnectionError" in repr(error) or "Connection refused" in str(error)
            raise Offline(f"cannot reach {self.server}: {type(error).__name__}", refused) from error
        except requests.RequestException as error:
            raise Offline(f"cannot reach {self.server}: {type(error).__name__}") from error
        interval = response.headers.get("X-Poll-Interval", "")
        if _SECONDS.fullmatch(interval):
            low, high = POLL_INTERVAL_RANGE
            self.poll_interval = min(max(low, float(interval)), high)
        seconds = self.reply_seconds
        if self._time_limit is not None and self._time_limit[1] < deadline:
            seconds, deadline = self._time_limit
        return read_reply(response, self.reply_cap, seconds, deadline)

    def _back_off(self, attempt: int, error: ApiError) -> None:
        if isinstance(error, RateLimited):
            delay = min(error.retry_after, 60.0)
        else:
            delay = random.uniform(0, min(RETRY_CAP_SECONDS, 0.25 * 2**attempt))
        delay = min(delay, max(0.0, self._time_left()))
        if self._closing.wait(delay):
            raise Offline("the client is closed") from error

    @staticmethod
    def body(reply: Reply) -> Any:
        """The JSON of a reply that says it is JSON."""
        kind = reply.content_type
        if kind not in _JSON_TYPES and not kind.endswith("+json"):
            said = server_words(kind, 60) or "no content type"
            raise BadResponse(f"the server's reply is not JSON ({said})")
        return wire.loads(reply.content)

    def _get(self, path: str, **params: Any) -> Any:
        clean = {k: v for k, v in params.items() if v is not None}
        return self.body(self.request("GET", path, params=clean or None))

    # -- sessions --------------------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        return wire.check_health(self._get("/v1/health"))

    def sign_in(self, username: str, password: str, device: str | None = None) -> dict[str, Any]:
        """POST /v1/auth/token; sets this client's token. Returns `{token, account}`."""
        body = {"username": username, "password": password}
        if device:
            body["device"] = device
        reply = wire.check_token(self.body(self.request("POST", "/v1/auth/token", json=body)))
        self.set_token(reply["token"])
        return reply

    def sign_out(self) -> None:
        self.request("DELETE", "/v1/auth/token")
        self.set_token(None)

    def me(self) -> dict[str, Any]:
        return wire.check_me(self._get("/v1/me"))

    # -- messages --------------------------------------------------------------------------------

    def categories(self, etag: str | None = None) -> tuple[dict[str, Any] | None, str | None]:
        """(body, ETag); body is None when the server answered 304 to `etag`."""
        headers = {"If-None-Match": etag} if etag else None
        response = self.request("GET", "/v1/categories", headers=headers)
        if response.status_code == 304:
            return None, etag
        tag = response.headers.get("ETag")
        return wire.check_categories(self.body(response)), tag if wire.is_etag(tag) else None

    def messages(self, limit: int = 50, **params: Any) -> dict[str, Any]:
        return wire.check_message_page(self._get("/v1/messages", limit=limit, **params), limit)

    def mark_read(self, ids: list[str], read: bool, key: str | None = None) -> dict[str, Any]:
        body = {"ids": ids, "read": read}
        reply = self.request("POST", "/v1/messages/read", json=body, idempotency_key=key)
        return wire.check_read_reply(self.body(reply))

    def mark_read_up_to(
        self, up_to: str, category: str | None, key: str | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"up_to": up_to, "read": True}
        if category:
            body["category"] = category
        reply = self.request("POST", "/v1/messages/read", json=body, idempotency_key=key)
        return wire.check_read_reply(self.body(reply))

    def delete_messages(self, ids: list[str], key: str | None = None) -> dict[str, Any]:
        reply = self.request("POST", "/v1/messages/delete", json={"ids": ids}, idempotency_key=key)
        return wire.check_delete_reply(self.body(reply))

    # -- the change feed -------------------------------------------------------------------------

    def changes(self, cursor: str | None, limit: int = 1000, wait: float = 0) -> dict[str, Any]:
        return wire.check_changes_page(self.unchecked_changes(cursor, limit, wait), limit)

    def unchecked_changes(self, cursor: str | None, limit: int = 1000, wait: float = 0) -> Any:
        """A change page as JSON, for `wire.check_changes_page` before any use: a catch-up asks
        for the next page first, so the server prepares it while this one is checked."""
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        if wait:
            params["wait"] = wait
        response = self.request(
            "GET", "/v1/changes", params=params, read_timeout=self.read_timeout + wait
        )
        return self.body(response)

    def events(self, last_event_id: str | None, heartbeat_timeout: float) -> EventStream:
        return EventStream(
            self.session,
            self.server + "/v1/events",
            last_event_id,
            self.connect_timeout,
            heartbeat_timeout,
        )

    # -- settings, contacts, groups ------------------------------------------------------------

    def settings(self) -> list[dict[str, Any]]:
        return wire.check_entity_list(self._get("/v1/settings"), "setting")

    def contacts(self) -> list[dict[str, Any]]:
        return wire.check_entity_list(self._get("/v1/contacts"), "contact")

    def groups(self) -> list[dict[str, Any]]:
        return wire.check_entity_list(self._get("/v1/groups"), "group")

    def put_entity(
        self,
        kind: str,
        entity_id: str,
        body: dict[str, Any],
        if_match: str | None,
        key: str | None = None,
    ) -> dict[str, Any]:
        """PUT a setting, contact or group: `if_match` None creates (If-None-Match: *)."""
        headers = {"If-Match": if_match} if if_match else {"If-None-Match": "*"}
        with _checked_current(kind, entity_id):
            response = self.request(
                "PUT", f"/v1/{kind}s/{entity_id}", json=body, headers=headers, idempotency_key=key
            )
        return wire.ENTITY_CHECKS[kind](self.body(response), kind, entity_id)

    def delete_entity(
        self, kind: str, entity_id: str, if_match: str, key: str | None = None
    ) -> None:
        with _checked_current(kind, entity_id):
            self.request(
                "DELETE",
                f"/v1/{kind}s/{entity_id}",
                headers={"If-Match": if_match},
                idempotency_key=key,
            )

    def set_primary(self, contact_id: str, key: str | None = None) -> dict[str, Any]:
        response = self.request("POST", f"/v1/contacts/{contact_id}/primary", idempotency_key=key)
        return wire.check_contact(self.body(response), "contact", contact_id)

    def start_verification(self, contact_id: str, channel: str) -> None:
        self.request("POST", f"/v1/contacts/{contact_id}/verification", json={"channel": channel})

    def confirm_verification(self, contact_id: str, channel: str, code: str) -> dict[str, Any]:
        response = self.request(
            "POST",
            f"/v1/contacts/{contact_id}/verification/confirm",
            json={"channel": channel, "code": code},
        )
        return wire.check_contact(self.body(response), "contact", contact_id)


@contextlib.contextmanager
def _checked_current(kind: str, entity_id: str) -> Iterator[None]:
    """A 412's `current` (the entity as the server now has it) checked like any entity."""
    try:
        yield
    except PreconditionFailed as conflict:
        unchecked = conflict.problem.pop("unchecked_current", None)
        if unchecked is not None:
            conflict.problem["current"] = wire.ENTITY_CHECKS[kind](unchecked, "current", entity_id)
        raise
