"""The thin HTTP client of the message-center API: session, errors, event stream, wire checks."""

from desktop.api.client import ApiClient
from desktop.api.errors import ApiError

__all__ = ["ApiClient", "ApiError"]
