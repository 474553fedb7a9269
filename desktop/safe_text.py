"""One sanitiser for text that comes from the server, used wherever such text is shown.

The list, the detail pane, the tray tooltip, notifications and the command line all pass server
text through here, so that none of them can be made to act on it: NUL and other control
characters are dropped (tab and newline stay where lines are allowed), the bidirectional
overrides and isolates that can disguise text ("‮gpj.exe") are removed, and terminal escape
sequences never reach a terminal. Qt-free: the CLI uses it too.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls (0x9b is a one-byte CSI on some terminals),
# the bidi embeddings, overrides and isolates, and the directional marks.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb]"
)
# An ANSI escape sequence as a whole (CSI … final byte, OSC … BEL/ST, or ESC and one character),
# so that no readable remnant such as "[31m" is left behind.
_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|.)?", re.DOTALL)
# Lone surrogates cannot be encoded for a terminal, D-Bus or the cache.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean(text: str) -> str:
    """Without control characters (tab and newline stay), escapes, bidi overrides, surrogates."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", _SURROGATE.sub("\ufffd", _ESCAPE.sub("", text)))


def one_line(text: str) -> str:
    """Clean, with every run of white space (newlines included) as one space."""
    return " ".join(clean(text).split())
