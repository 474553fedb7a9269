"""What the demo's server says, as the app reads it: where it listens, the codes it "sent"."""

from __future__ import annotations

import io
import threading

from desktop.account.demo import Demo


def reader() -> Demo:
    """A Demo's reading side alone (no server started)."""
    demo = object.__new__(Demo)
    demo.url = None
    demo._said = threading.Condition()
    demo._codes, demo._sent, demo._ended = {}, 0, False
    return demo


def test_the_url_and_the_codes_are_read_and_a_line_too_long_is_skipped_whole():
    sent = "sent by sms to 13800138000: Your verification code is {code}. Valid 10 minutes.\n"
    output = (
        b"demo database: /tmp/x.db; account demo, password demo\n"
        + b"x" * 2000 + sent.format(code="111111").encode()  # one line, far too long
        + b"\xff\xfe not UTF-8\n"
        + sent.format(code="222222").encode()
        + b"Message Center server listening on http://127.0.0.1:5555\n"
    )  # fmt: skip
    demo = reader()
    demo._listen(io.BytesIO(output))
    assert demo.url == "http://127.0.0.1:5555"
    assert demo.code_sent("mobile", "13800138000") == "222222"
    assert demo._sent == 1  # the tail of the long line was never read as a line of its own
    assert demo._ended


def test_a_server_that_ends_without_listening_ends_the_wait():
    demo = reader()
    demo._listen(io.BytesIO(b"Traceback (most recent call last):\n"))
    with demo._said:
        assert demo._said.wait_for(lambda: demo.url is not None or demo._ended, 1)
    assert demo.url is None
