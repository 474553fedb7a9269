"""Domain errors raised by the store; the HTTP layer turns each into a problem+json response."""

from __future__ import annotations

from typing import Any

from msgcenter.rules import FieldError

# The code of a verification code that is wrong, or right but expired: the client cannot check
# this one itself, so it is not among msgcenter.rules' codes.
WRONG_CODE = "wrong_code"


class ApiError(Exception):
    """An error the API answers with a problem: its HTTP status, the slug of its problem type,
    and its title. A subclass names its own in its class line
    (`class NotFound(ApiError, status=404, slug="not-found", title="Not found"): ...`), or keeps
    its parent's."""

    status = 400
    slug = "validation"
    title = "Bad request"

    def __init_subclass__(
        cls, *, status: int = 0, slug: str = "", title: str = "", **kwargs: Any
    ) -> None:
        super().__init_subclass__(**kwargs)
        if status:
            cls.status, cls.slug, cls.title = status, slug, title

    def __init__(self, detail: str = "", **extra: Any) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.extra = extra


class Unauthorized(ApiError, status=401, slug="unauthorized", title="Unauthorized"): ...


class NotFound(ApiError, status=404, slug="not-found", title="Not found"): ...


class Locked(ApiError, status=422, slug="locked", title="Locked"): ...


class LimitExceeded(ApiError, status=409, slug="limit-exceeded", title="Limit exceeded"): ...


class Conflict(ApiError, status=409, slug="conflict", title="Conflict"): ...


class PreconditionRequired(
    ApiError, status=428, slug="precondition-required", title="Precondition required"
): ...


class CursorExpired(ApiError, status=410, slug="cursor-expired", title="Cursor expired"): ...


class IdempotencyKeyReused(
    ApiError, status=422, slug="idempotency-key-reused", title="Idempotency key reused"
): ...


class PayloadTooLarge(
    ApiError, status=413, slug="payload-too-large", title="Payload too large"
): ...


class Validation(ApiError, status=422, slug="validation", title="Validation failed"):
    def __init__(self, errors: list[FieldError], detail: str = "", status: int = 422) -> None:
        super().__init__(detail or "; ".join(f"{e.field} {e.message}" for e in errors))
        self.status = status
        # The code and its parameters let a client say the error in its user's language.
        self.extra = {"errors": [e.as_coded_dict() for e in errors]}


class BadRequest(Validation):
    def __init__(self, field: str, message: str) -> None:
        super().__init__([FieldError(field, message)], status=400)


class PreconditionFailed(
    ApiError, status=412, slug="precondition-failed", title="Precondition failed"
):
    def __init__(self, current: dict[str, Any] | None, detail: str = "") -> None:
        super().__init__(detail or "the entity has changed since the ETag given")
        self.extra = {"current": current}


class RateLimited(ApiError, status=429, slug="rate-limited", title="Too many requests"):
    def __init__(self, retry_after: int, detail: str = "") -> None:
        super().__init__(detail or f"try again in {retry_after} s")
        self.retry_after = max(1, int(retry_after))
