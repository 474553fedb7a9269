"""Domain errors raised by the store; the HTTP layer turns each into a problem+json response."""

from __future__ import annotations

from typing import Any

from msgcenter.rules import FieldError

# The code of a verification code that is wrong, or right but expired: the client cannot check
# this one itself, so it is not among msgcenter.rules' codes.
WRONG_CODE = "wrong_code"


class ApiError(Exception):
    status = 400
    slug = "validation"
    title = "Bad request"

    def __init__(self, detail: str = "", **extra: Any) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.extra = extra


class Unauthorized(ApiError):
    status, slug, title = 401, "unauthorized", "Unauthorized"


class NotFound(ApiError):
    status, slug, title = 404, "not-found", "Not found"


class Validation(ApiError):
    status, slug, title = 422, "validation", "Validation failed"

    def __init__(self, errors: list[FieldError], detail: str = "", status: int = 422) -> None:
        super().__init__(detail or "; ".join(f"{e.field} {e.message}" for e in errors))
        self.status = status
        # The code and its parameters let a client say the error in its user's language.
        self.extra = {"errors": [e.as_coded_dict() for e in errors]}


class BadRequest(Validation):
    def __init__(self, field: str, message: str) -> None:
        super().__init__([FieldError(field, message)], status=400)


class Locked(ApiError):
    status, slug, title = 422, "locked", "Locked"


class LimitExceeded(ApiError):
    status, slug, title = 409, "limit-exceeded", "Limit exceeded"


class Conflict(ApiError):
    status, slug, title = 409, "conflict", "Conflict"


class PreconditionFailed(ApiError):
    status, slug, title = 412, "precondition-failed", "Precondition failed"

    def __init__(self, current: dict[str, Any] | None, detail: str = "") -> None:
        super().__init__(detail or "the entity has changed since the ETag given")
        self.extra = {"current": current}


class PreconditionRequired(ApiError):
    status, slug, title = 428, "precondition-required", "Precondition required"


class CursorExpired(ApiError):
    status, slug, title = 410, "cursor-expired", "Cursor expired"


class IdempotencyKeyReused(ApiError):
    status, slug, title = 422, "idempotency-key-reused", "Idempotency key reused"


class RateLimited(ApiError):
    status, slug, title = 429, "rate-limited", "Too many requests"

    def __init__(self, retry_after: int, detail: str = "") -> None:
        super().__init__(detail or f"try again in {retry_after} s")
        self.retry_after = max(1, int(retry_after))


class PayloadTooLarge(ApiError):
    status, slug, title = 413, "payload-too-large", "Payload too large"
