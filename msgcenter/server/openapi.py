"""The OpenAPI document: the problem responses each route declares, and every error response
as application/problem+json (FastAPI's own validation error schemas left out)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from msgcenter.server import schemas
from msgcenter.server.problems import PROBLEM_TYPE

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
REQUIRED_HEADERS = {
    "429": {"Retry-After": {"schema": {"type": "integer"}, "required": True}},
    "401": {"WWW-Authenticate": {"schema": {"type": "string"}, "required": True}},
}


def problem_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """A route's `responses` for these error statuses."""
    return {code: {"model": schemas.Problem, "description": "problem details"} for code in codes}


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM_TYPE: {"schema": PROBLEM_REF}}}


def _document_problems(operation: dict[str, Any]) -> None:
    """Every 4xx and 5xx of the operation as a problem; 400 and 422 wherever it takes
    parameters; 413 wherever it takes a body."""
    for code, response in operation.get("responses", {}).items():
        if code.startswith(("4", "5")):
            response["content"] = {PROBLEM_TYPE: {"schema": PROBLEM_REF}}
            response.setdefault("description", "problem details")
            if code in REQUIRED_HEADERS:
                response["headers"] = REQUIRED_HEADERS[code]
    for code in ("400", "422"):
        if code not in operation.get("responses", {}) and operation.get("parameters"):
            operation["responses"][code] = _problem("problem details")
    if "requestBody" in operation:
        operation["responses"]["413"] = _problem("the body is larger than 1 MiB")


def openapi_with_problems(app: FastAPI) -> dict[str, Any]:
    """The generated schema, with every error response as application/problem+json."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    if "Problem" not in components:
        components["Problem"] = schemas.Problem.model_json_schema(
            ref_template="#/components/schemas/{model}"
        )
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            _document_problems(operation)
    app.openapi_schema = schema
    return schema
