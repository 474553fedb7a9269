"""Problem details (RFC 9457) as responses: the one place an error becomes bytes on the wire."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from msgcenter.server.errors import ApiError

PROBLEM_TYPE = "application/problem+json"


def problem_response(
    status: int,
    slug: str,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = {"type": f"/problems/{slug}", "title": title, "status": status, "detail": detail}
    body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_TYPE)


def error_response(error: ApiError, headers: dict[str, str] | None = None) -> JSONResponse:
    headers = dict(headers or {})
    if error.status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if error.status == 429:
        headers["Retry-After"] = str(getattr(error, "retry_after", 60))
    return problem_response(
        error.status, error.slug, error.title, error.detail, headers, **error.extra
    )
