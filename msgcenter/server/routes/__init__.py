"""The HTTP API of ../shared/spec/api.md, one router per resource (FastAPI's "Bigger
Applications"): what each route needs comes through `Depends` (deps.py). Settings, contacts and
groups share the shape of their list, get, put and delete routes, made once in entities.py.

Request handlers are plain functions where they call the store (FastAPI runs them on its thread
pool, where the blocking calls belong); the event stream, long polling and password hashing are
coroutines.
"""

from __future__ import annotations

from fastapi import APIRouter

from msgcenter.server.routes import (
    admin,
    contacts,
    groups,
    health,
    messages,
    sessions,
    settings,
    sync,
)

# In the order of the API's documentation.
ROUTERS: tuple[APIRouter, ...] = (
    health.router,
    sessions.router,
    messages.router,
    sync.router,
    settings.router,
    contacts.router,
    groups.router,
    admin.router,
)
