"""Typed errors for every way a call can fail; each has a one-line `message` for people."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from desktop.i18n.safe_text import one_line

CODE_PARAMETERS = ("limit", "digits")  # the numbers a field error's code may come with
MESSAGE_MAX = 300  # characters of the server's words in an error's message
FIELD_ERRORS_MAX = 50
RETRY_AFTER_MAX = 3600.0


class ApiError(Exception):
    """Base class. `definitive`: the same request will fail the same way (do not retry it)."""

    definitive = True

    def __init__(
        self, message: str, status: int | None = None, problem: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.problem = problem or {}


class Offline(ApiError):
    """The server could not be reached, or the connection broke or timed out.

    `refused`: nothing answers at that address (worth no immediate retry: the sync engine's
    own backoff tries again later, and the status bar says Offline at once)."""

    definitive = False

    def __init__(self, message: str, refused: bool = False, code: str = "") -> None:
        super().__init__(message)
        self.refused = refused
        self.code = code

    @property
    def why(self) -> str:
        """Why, as a code the views put into words: `code` when given, else read from the
        exception that caused this one (its class, never shown)."""
        cause = self.__cause__
        if self.code:
            return self.code
        import requests  # loaded by then (the cause came from it); not at start for this module

        if isinstance(cause, requests.exceptions.SSLError):
            return "certificate"
        if isinstance(cause, requests.exceptions.ConnectTimeout):
            return "no_answer"
        if self.refused:
            return "refused"
        if isinstance(cause, requests.exceptions.Timeout):
            return "timed_out"
        if isinstance(cause, requests.exceptions.ConnectionError):
            return "no_connection"
        return "connection_lost"


class ServerError(ApiError):
    """5xx: the server failed; worth trying again later."""

    definitive = False


class BadResponse(ApiError):
    """The reply was not what the contract says (not JSON, wrong shape, too big)."""

    definitive = False


class Redirected(BadResponse):
    """A redirect: the client follows none (a token must not go elsewhere); asking again
    gets the same one."""

    definitive = True


class ReplyTooLarge(BadResponse):
    """The reply was longer than the client reads (it stopped reading there)."""

    definitive = True  # the same request gets the same reply: ask for less instead


class Unauthorized(ApiError):
    pass


class NotFound(ApiError):
    pass


class ValidationFailed(ApiError):
    @property
    def errors(self) -> list[dict[str, Any]]:
        """The field errors: `field`, `message`, and `code` with its parameters when the server
        sends one (the client says coded ones in the user's words)."""
        errors = self.problem.get("errors")
        return [e for e in errors if isinstance(e, dict)] if isinstance(errors, list) else []


class Locked(ApiError):
    pass


class LimitExceeded(ApiError):
    pass


class Conflict(ApiError):
    pass


class PreconditionFailed(ApiError):
    @property
    def current(self) -> dict[str, Any] | None:
        """The entity as the server now has it, once checked by the call that knows its kind;
        None for a 412 whose `current` nobody checked (it never reaches the cache)."""
        current = self.problem.get("current")
        return current if isinstance(current, dict) else None


class PreconditionRequired(ApiError):
    pass


class CursorExpired(ApiError):
    pass


class IdempotencyKeyReused(ApiError):
    pass


class RateLimited(ApiError):
    definitive = False

    def __init__(
        self,
        message: str,
        retry_after: float,
        status: int = 429,
        problem: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message, status, problem)
        self.retry_after = retry_after


_BY_SLUG: dict[str, type[ApiError]] = {
    "unauthorized": Unauthorized,
    "not-found": NotFound,
    "validation": ValidationFailed,
    "locked": Locked,
    "limit-exceeded": LimitExceeded,
    "conflict": Conflict,
    "precondition-failed": PreconditionFailed,
    "precondition-required": PreconditionRequired,
    "cursor-expired": CursorExpired,
    "idempotency-key-reused": IdempotencyKeyReused,
}
_BY_STATUS: dict[int, type[ApiError]] = {
    400: ValidationFailed,
    401: Unauthorized,
    404: NotFound,
    409: Conflict,
    410: CursorExpired,
    412: PreconditionFailed,
    422: ValidationFailed,
    428: PreconditionRequired,
}


def server_words(value: Any, most: int = MESSAGE_MAX) -> str:
    """The server's text made safe to show in one line: no controls, escapes or bidi tricks."""
    if not isinstance(value, str):
        return ""
    words = one_line(value[: most * 4])  # cleaning only shortens; no need to clean megabytes
    return words if len(words) <= most else words[: most - 1] + "…"


def _small_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10**6


def clean_problem(body: Any) -> dict[str, Any]:
    """A problem+json body as far as the client reads it, every text made safe and short.

    `current` (a 412's entity) is kept aside as it came, as `unchecked_current`: the caller that
    knows its kind checks it and only then makes it the problem's `current`."""
    if not isinstance(body, dict):
        return {}
    problem: dict[str, Any] = {
        key: server_words(body.get(key)) for key in ("type", "title", "detail") if key in body
    }
    found = body.get("errors")
    if isinstance(found, list):
        problem["errors"] = [
            {key: server_words(e.get(key), 100) for key in ("field", "message", "code")}
            | {key: e[key] for key in CODE_PARAMETERS if _small_number(e.get(key))}
            for e in found[:FIELD_ERRORS_MAX]
            if isinstance(e, dict)
        ]
    if isinstance(body.get("current"), dict):
        problem["unchecked_current"] = body["current"]
    return problem


def error_for(status: int, problem: dict[str, Any], retry_after: float | None) -> ApiError:
    """The typed error for a non-2xx reply and its cleaned problem body (possibly empty)."""
    message = problem.get("detail") or problem.get("title") or f"the server answered {status}"
    if status == 429:
        return RateLimited(message, retry_after or 1.0, status, problem)
    if status >= 500:
        return ServerError(f"server error ({status})", status, problem)
    slug = str(problem.get("type", "")).rsplit("/", 1)[-1]
    kind = _BY_SLUG.get(slug) or _BY_STATUS.get(status, ApiError)
    return kind(message, status, problem)


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Retry-After in seconds (dates are not used by the API), within an hour."""
    try:
        value = float(headers.get("Retry-After", ""))
    except ValueError:
        return None
    return min(max(0.0, value), RETRY_AFTER_MAX) if math.isfinite(value) else None


def raise_for_reply(status: int, headers: Mapping[str, str], content: bytes) -> None:
    """Raise the typed error for a non-2xx reply whose body (already read, bounded) is `content`."""
    try:
        problem = json.loads(content) if content else {}
    except (ValueError, RecursionError):
        problem = {}
    raise error_for(status, clean_problem(problem), retry_after(headers))
