"""Message text made safe to show: plain text, http(s) links only, nothing that acts.

No HTML from a message is ever interpreted: everything is escaped, and the only markup added is
links for http(s) URLs. Control characters and bidirectional overrides go through the one
sanitiser (:mod:`desktop.i18n.safe_text`). Very long bodies are cut for display, and say so.

What is shown is made cheap to lay out, in display only (links keep their whole address, and
copying takes it all out again): a run of more than `RUN_LONGEST` characters without a chance to
break a line (no word is that long; URLs, hashes and garbage are) gets a zero-width space every
`RUN_PIECE` characters, and a line longer than `LINE_BLOCK` is split into paragraphs. Qt looks for
a word boundary before it breaks a word anywhere, which made a run of 100,000 characters
quadratic; and it lays out a long document a few paragraphs at a time between events, but each
paragraph whole. A 1 MB one-word body took 0.6-4 s of the GUI thread; now under 10 ms at a time.
"""

from __future__ import annotations

import html
import re

from desktop.i18n.safe_text import clean, one_line, shortened

__all__ = [
    "BODY_DISPLAY_LIMIT",
    "body_html",
    "breakable",
    "clean",
    "is_web_link",
    "one_line",
    "shortened",
    "tooltip_html",
    "unbroken",
]

BODY_DISPLAY_LIMIT = 100_000
TOOLTIP_LIMIT = 1000  # characters
RUN_LONGEST = 64  # characters of a run left as it is
RUN_PIECE = 8  # characters between two breaks in a longer run: a line ends at most this short
LINE_BLOCK = 2000  # characters of a line in one paragraph, at most
BREAK = "\u200b"  # ZERO WIDTH SPACE: a line may break here, nothing shows
BLOCK_BREAK = BREAK + "\n"  # a paragraph ends here, in display only

# A URL ends at white space, at quotes and angle brackets, and at CJK punctuation (。，）…).
_URL = re.compile(r"""https?://[^\s<>"'\u3000-\u303f\uff08\uff09\uff0c\uff1a\uff1b\u3001]+""")
_TRAILING = ".,;:!?)]}'"
# Not white space, and not CJK (a line may break between any two ideographs already).
_NO_BREAK = r"[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]"
_LONG_RUN = re.compile(rf"{_NO_BREAK}{{{RUN_LONGEST + 1},}}")
_PIECE = re.compile(rf".{{1,{RUN_PIECE}}}", re.DOTALL)
_LONG_LINE = re.compile(rf"[^\n]{{{LINE_BLOCK + 1},}}")


def breakable(text: str) -> str:
    """`text` with a break every `RUN_PIECE` characters of any run longer than `RUN_LONGEST`."""
    return _LONG_RUN.sub(lambda run: BREAK.join(_PIECE.findall(run.group(0))), text)


def unbroken(text: str) -> str:
    """Shown text as it came: without the breaks that display put in."""
    return text.replace(BLOCK_BREAK, "").replace(BREAK, "")


def body_html(body: str) -> tuple[str, bool]:
    """The body as inert HTML with clickable http(s) links; and whether it was cut."""
    cut = len(body) > BODY_DISPLAY_LIMIT
    # Zero-width spaces of the message's own go, so that every one shown is a break of ours.
    text = clean(body[:BODY_DISPLAY_LIMIT]).replace(BREAK, "")
    shown = _Paragraphs()
    parts = []
    position = 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        end = match.start() + len(url)
        parts.append(shown(text[position : match.start()]))
        parts.append(f'<a href="{html.escape(url, quote=True)}">{shown(url)}</a>')
        position = end
    parts.append(shown(text[position:]))
    return '<div style="white-space: pre-wrap;">' + "".join(parts) + "</div>", cut


class _Paragraphs:
    """Escapes the pieces of one text in order (the text between links, the links), with
    `breakable` runs and a paragraph end wherever a line grows past `LINE_BLOCK` characters."""

    def __init__(self) -> None:
        self.column = 0  # characters since the last line (or paragraph) began

    def __call__(self, piece: str) -> str:
        head, newline, rest = breakable(piece).partition("\n")
        text = _split(head, self.column) + newline
        text += _LONG_LINE.sub(lambda line: _split(line.group(0), 0), rest)
        last = text.rfind("\n")  # a paragraph end of ours is a newline too
        self.column = self.column + len(text) if last < 0 else len(text) - last - 1
        return html.escape(text, quote=False)


def _split(line: str, column: int) -> str:
    """`line`, which starts at `column`, with a paragraph end every `LINE_BLOCK` at most."""
    parts = []
    while column + len(line) > LINE_BLOCK:
        cut = _last_break(line, LINE_BLOCK - column)
        parts.append(line[:cut] + BLOCK_BREAK)
        line = line[cut:]
        column = 0
    parts.append(line)
    return "".join(parts)


def _last_break(line: str, room: int) -> int:
    """Where to end a paragraph in `line` within `room` characters: after its last space or
    break near there, else at `room` (in CJK, or in a run of a few characters)."""
    window = line[max(0, room - RUN_LONGEST - 1) : room]
    spaces = [window.rfind(c) for c in (" ", "\t", BREAK)]
    last = max(spaces)
    return room - len(window) + last + 1 if last >= 0 else max(room, 0)


def tooltip_html(text: str) -> str:
    """Server text for a tooltip: never read as markup (Qt takes a plain tooltip that starts with
    a tag for HTML), able to wrap, and no longer than `TOOLTIP_LIMIT`."""
    shown = breakable(shortened(text, TOOLTIP_LIMIT))
    return "<p>" + html.escape(shown, quote=False).replace("\n", "<br>") + "</p>"


def is_web_link(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))
