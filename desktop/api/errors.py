"""Typed errors for every way a call can fail; each has a one-line `message` for people."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import requests


class ApiError(Exception):
    """Base class. `definitive`: the same request will fail the same way (do not retry it)."""

    definitive = True

    def __init__(self, message: str, status: int | None = None, problem: dict | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.problem = problem or {}


class Offline(ApiError):
    """The server could not be reached, or the connection broke or timed out.

    `refused`: nothing answers at that address (worth no immediate retry: the sync engine's
    own backoff tries again later, and the status bar says Offline at once)."""

    definitive = False

    def __init__(self, message: str, refused: bool = False) -> None:
        super().__init__(message)
        self.refused = refused


class ServerError(ApiError):
    """5xx: the server failed; worth trying again later."""

    definitive = False


class BadResponse(ApiError):
    """The reply was not what the contract says (not JSON, wrong shape)."""

    definitive = False


class Unauthorized(ApiError):
    pass


class NotFound(ApiError):
    pass


class ValidationFailed(ApiError):
    @property
    def errors(self) -> list[dict[str, str]]:
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

    def __init__(self, message: str, retry_after: float, status: int = 429, problem=None):
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


def error_for(status: int, problem: dict[str, Any], retry_after: float | None) -> ApiError:
    """The typed error for a non-2xx reply and its problem+json body (possibly empty)."""
    detail = problem.get("detail") if isinstance(problem.get("detail"), str) else None
    message = detail or problem.get("title") or f"the server answered {status}"
    if status == 429:
        return RateLimited(str(message), retry_after or 1.0, status, problem)
    if status >= 500:
        return ServerError(f"server error ({status})", status, problem)
    slug = str(problem.get("type", "")).rsplit("/", 1)[-1]
    kind = _BY_SLUG.get(slug) or _BY_STATUS.get(status, ApiError)
    return kind(str(message), status, problem)


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def raise_for_reply(response: requests.Response) -> None:
    """Raise the typed error for a non-2xx reply."""
    try:
        problem = response.json()
    except ValueError:
        problem = {}
    if not isinstance(problem, dict):
        problem = {}
    raise error_for(response.status_code, problem, _retry_after(response))
