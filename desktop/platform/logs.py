"""The profile's log file, and the one filter that keeps secrets out of it and out of reports.

Tokens and passwords are never logged on purpose; `redact` is the safety net for text that
carries one by accident (an exception's message quoting a header, a URL or a request body).
"""

from __future__ import annotations

import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

# `Bearer <token>`; `token=…`, `"password": "…"` and the like; and any long run of URL-safe
# base64, the shape of the server's tokens (43 characters; ids and idempotency keys are UUIDs,
# 36 characters, and stay readable).
_SECRETS = (
    (re.compile(r"(?i)(bearer\s+)[^\s'\",;]+"), r"\1[hidden]"),
    (
        re.compile(
            r"(?i)((?:token|password|passwd|secret|authorization)['\"]?\s*[:=]\s*['\"]?)"
            r"[^\s'\",;&}]+"
        ),
        r"\1[hidden]",
    ),
    (re.compile(r"[A-Za-z0-9_-]{40,}"), "[hidden]"),
)


def redact(text: str) -> str:
    """`text` with anything that looks like a token or a password replaced by [hidden]."""
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFormatter(logging.Formatter):
    """Formats as usual (tracebacks included), then redacts the whole record."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def setup_logging(log_file: Path) -> logging.Handler:
    """Rotating logs in `log_file` (its folder must exist), redacted; one handler per file."""
    root = logging.getLogger()
    for existing in root.handlers:
        if getattr(existing, "baseFilename", None) == str(log_file):
            return existing
    handler = RotatingFileHandler(log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.getLogger("urllib3").setLevel(logging.WARNING)
    return handler
