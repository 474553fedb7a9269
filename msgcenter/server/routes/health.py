"""GET /v1/health: whether this server and its database answer, for a load balancer."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

import msgcenter
from msgcenter.server import schemas
from msgcenter.server.openapi import problem_responses
from msgcenter.server.problems import problem_response
from msgcenter.server.routes.deps import StoreDep

log = logging.getLogger("msgcenter.server")

HEALTH_TIMEOUT_S = 5.0

router = APIRouter(tags=["sessions"])


def _first_line(error: BaseException) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0]


@router.get("/v1/health", response_model=schemas.Health, responses=problem_responses(503))
async def health(store: StoreDep) -> Any:
    """200 while the database answers (within HEALTH_TIMEOUT_S); 503 otherwise, for a load
    balancer to send the traffic elsewhere."""
    try:
        await asyncio.wait_for(run_in_threadpool(store.database.ping), HEALTH_TIMEOUT_S)
    except Exception as error:
        log.warning("health: the database does not answer: %s", _first_line(error))
        return problem_response(
            503,
            "unavailable",
            "Service unavailable",
            "the database does not answer",
            {"Retry-After": "5"},
        )
    return {"status": "ok", "version": msgcenter.__version__, "database": "ok"}
