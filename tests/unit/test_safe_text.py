"""The one sanitiser for server text: what each kind of hostile character becomes."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.i18n.safe_text import _scrub, clean, one_line, shortened


@pytest.mark.parametrize(
    "text, expected",
    [
        ("plain 文本 text", "plain 文本 text"),
        ("tab\tand\nnewline stay", "tab\tand\nnewline stay"),
        ("a\x00b\x07c\x08d\x0be\x0cf\x7fg", "abcdefg"),  # C0 and DEL
        ("C1: \x80\x84\x8d\x91\x9c!", "C1: !"),
        ("windows\r\nmac\rline\u2028para\u2029nel\x85end", "windows\nmac\nline\npara\nnel\nend"),
    ],
)  # fmt: skip
def test_controls_go_and_every_line_end_is_a_newline(text, expected):
    assert clean(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("\x1b[31mred\x1b[0m", "red"),
        ("\x1b[2J\x1b[1;1Hcleared", "cleared"),
        ("\x1b[?1049h\x1b[38;5;196malt", "alt"),
        ("\x9b2Jone-byte CSI", "one-byte CSI"),
        ("\x1b]0;window title\x07text", "text"),
        ("\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\ here", "click here"),
        ("\x9d0;title\x9cone-byte OSC", "one-byte OSC"),
        ("\x1bPq#0;2;0;0;0\x1b\\sixel gone", "sixel gone"),
        ("\x1b_app command\x1b\\apc gone", "apc gone"),
        ("unended OSC \x1b]52;c;aGVsbG8=", "unended OSC "),
        ("unended CSI \x1b[12", "unended CSI "),
        ("\x1bc reset, \x1b7saved", " reset, saved"),
        ("lone escape at the end\x1b", "lone escape at the end"),
        ("\x1b\x1b[31mdouble", "double"),  # ESC ESC: the second starts the sequence
        ("escape\x1b\nnewline", "escape\nnewline"),
    ],
)  # fmt: skip
def test_terminal_escapes_go_whole(text, expected):
    assert clean(text) == expected
    assert "\x1b" not in clean(text) and "\x9b" not in clean(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("\u202egnp.exe", "gnp.exe"),
        ("a\u202ab\u202bc\u202cd\u202de", "abcde"),
        ("\u2066isolate\u2067s\u2068\u2069", "isolates"),
        ("marks\u200e\u200f\u061c", "marks"),
        ("\ufff9anchor\ufffa\ufffb", "anchor"),
        ("mixed עברית and english", "mixed עברית and english"),  # RTL text itself stays
        ("joiners 👩\u200d💻 stay", "joiners 👩\u200d💻 stay"),
    ],
)  # fmt: skip
def test_bidi_overrides_go_and_right_to_left_text_stays(text, expected):
    assert clean(text) == expected


def test_lone_surrogates_become_replacement_characters_and_encode():
    text = clean("half \ud800 pair \udc80 and \ud83d\ude00")
    assert text == "half \ufffd pair \ufffd and \ufffd\ufffd"
    text.encode("utf-8")  # what D-Bus, a terminal and the cache need
    assert clean("a real pair 😀 stays") == "a real pair 😀 stays"


def test_combining_marks_pile_no_higher_than_three():
    zalgo = "Z" + "\u0336\u0322\u031b\u034e" * 50 + "algo"
    assert clean(zalgo) == "Z\u0336\u0322\u031b" + "algo"
    assert (
        clean("Tiếng Việt, nai\u0308ve, e\u0301\u0302") == "Tiếng Việt, nai\u0308ve, e\u0301\u0302"
    )
    assert clean("a\u0301\u0302\u0303\u0304b\u0301") == "a\u0301\u0302\u0303b\u0301"


def test_one_line_folds_every_kind_of_line_end_and_space():
    assert one_line("  a\r\nb\rc\u2028d\te\x00f\u202e  ") == "a b c d ef"
    assert one_line("\x1b[31m\x00\u202e") == ""


def test_shortened_keeps_short_text_and_cuts_long_text_with_an_ellipsis():
    assert shortened("short", 10) == "short"
    assert shortened("exactly 10", 10) == "exactly 10"
    assert shortened("W" * 1000, 10) == "W" * 9 + "…"


def test_a_megabyte_of_hostile_text_is_cleaned_in_linear_time():
    for text in (
        "\x1b[" + "0" * 1_000_000,
        "\x1b]" * 500_000,
        "\x1b[0" * 250_000,
        "a\u0301" * 500_000,
    ):
        start = time.perf_counter()
        clean(text)
        assert time.perf_counter() - start < 1.0


# Every character the sanitiser acts on, and neighbours of each range, among ordinary text.
_RANGES = [
    (0x00, 0x20), (0x7E, 0xA0), (0x0300, 0x0370), (0x1AB0, 0x1B00), (0x1DC0, 0x1E00),
    (0x200B, 0x2030), (0x205F, 0x2070), (0x20D0, 0x2100), (0xD7FF, 0xE001), (0xFE20, 0xFE30),
    (0xFFF8, 0xFFFD),
]  # fmt: skip
_EDGES = "".join(chr(c) for start, end in _RANGES for c in range(start, end)) + "\u061bab 文本"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(_EDGES), max_size=40) | st.text(max_size=40))
def test_text_found_clean_in_one_pass_is_what_every_pass_leaves(text):
    """The shortcut for text with nothing to clean never keeps what the full clean removes."""
    assert clean(text) == _scrub(text)
