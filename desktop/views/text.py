"""Message text made safe to show: plain text, http(s) links only, nothing that acts.

No HTML from a message is ever interpreted: everything is escaped, and the only markup added is
links for http(s) URLs. Control characters and bidirectional overrides go through the one
sanitiser (:mod:`desktop.safe_text`). Very long bodies are cut for display, and say so.
"""

from __future__ import annotations

import html
import re

from desktop.safe_text import clean, one_line

__all__ = ["BODY_DISPLAY_LIMIT", "body_html", "clean", "is_web_link", "one_line"]

BODY_DISPLAY_LIMIT = 100_000

# A URL ends at white space, at quotes and angle brackets, and at CJK punctuation (。，）…).
_URL = re.compile(r"""https?://[^\s<>"'\u3000-\u303f\uff08\uff09\uff0c\uff1a\uff1b\u3001]+""")
_TRAILING = ".,;:!?)]}'"


def body_html(body: str) -> tuple[str, bool]:
    """The body as inert HTML with clickable http(s) links; and whether it was cut."""
    cut = len(body) > BODY_DISPLAY_LIMIT
    text = clean(body[:BODY_DISPLAY_LIMIT])
    parts = []
    position = 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        end = match.start() + len(url)
        parts.append(html.escape(text[position : match.start()]))
        parts.append(f'<a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>')
        position = end
    parts.append(html.escape(text[position:]))
    return '<div style="white-space: pre-wrap;">' + "".join(parts) + "</div>", cut


def is_web_link(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))
