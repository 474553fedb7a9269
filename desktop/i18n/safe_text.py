"""One sanitiser for text that comes from the server, used wherever such text is shown.

The list, the detail pane, the tray tooltip, notifications and the command line all pass server
text through here, so that none of them can be made to act on it: NUL and other control
characters are dropped (tab and newline stay where lines are allowed), the bidirectional
overrides and isolates that can disguise text ("‮gpj.exe") are removed, terminal escape
sequences never reach a terminal, lone surrogates (which neither UTF-8, D-Bus nor a terminal can
carry) become U+FFFD, and combining marks do not pile up. Qt-free: the CLI uses it too.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls (0x9b is a one-byte CSI on some terminals),
# the bidi embeddings, overrides and isolates, the directional marks and the interlinear
# annotation characters.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb]"
)
# An escape sequence as a whole, so that no readable remnant such as "[31m" is left behind: a
# CSI (ESC [ or the one-byte 0x9b) up to its final byte; a string command (OSC, DCS, SOS, PM,
# APC: ESC ] P X ^ _ or 0x9d 0x90 0x98 0x9e 0x9f) up to BEL or ST, or to the end when unended, as
# a terminal would swallow it (an OSC 8 link's hidden target is never shown); else ESC and the
# printable character after it.
_ESCAPE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Combining marks stacked past what any script needs ("zalgo" text) paint far above and below
# their line: after three in a row, the rest go.
_MARK = r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
_MARK_PILE = re.compile(rf"({_MARK}{{3}}){_MARK}+")
# Every way of ending a line becomes "\n": CR LF, CR, NEL, and the Unicode line and paragraph
# separators (Qt would break lines on them where one line was meant).
_LINE_END = re.compile(r"\r\n?|[\x85\u2028\u2029]")


# Every character any of the above acts on (ESC and the one-byte CSI are among the controls):
# text without one is clean already, found in one pass instead of five (a 100,000-character body:
# 0.9 ms instead of 13).
_ANY_TO_CLEAN = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069"
    r"\ufff9-\ufffb\ud800-\udfff\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)


def clean(text: str) -> str:
    """Without control characters (tab and newline stay), escapes, bidi overrides, surrogates,
    and piles of combining marks."""
    return _scrub(text) if _ANY_TO_CLEAN.search(text) else text


def _scrub(text: str) -> str:
    text = _SURROGATE.sub("\ufffd", _ESCAPE.sub("", _LINE_END.sub("\n", text)))
    return _MARK_PILE.sub(r"\1", _CONTROL.sub("", text))


def one_line(text: str) -> str:
    """Clean, with every run of white space (newlines included) as one space."""
    return " ".join(clean(text).split())


def shortened(text: str, limit: int) -> str:
    """`text` in at most `limit` characters: cut with "…" when longer."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"
