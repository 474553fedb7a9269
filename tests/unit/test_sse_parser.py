"""The event-stream parser, on the cases of the WHATWG "Interpreting an event stream" rules."""

import pytest

from desktop.api.errors import BadResponse
from desktop.api.events import LineSplitter, ServerEvent, SSEParser


def feed(parser: SSEParser, text: str) -> list[ServerEvent]:
    events = []
    for line in text.split("\n"):
        event = parser.feed(line)
        if event is not None:
            events.append(event)
    return events


def test_events_with_id_type_and_multiline_data():
    parser = SSEParser()
    events = feed(parser, 'id: c1\nevent: change\ndata: {"a":\ndata: 1}\n\n')
    assert events == [ServerEvent("change", '{"a":\n1}', "c1")]
    assert parser.last_event_id == "c1"


def test_comments_and_events_without_data_dispatch_nothing():
    parser = SSEParser()
    assert feed(parser, ": ping\n\n: connected\n\nevent: nothing\n\n") == []


def test_default_type_is_message_and_the_id_persists():
    parser = SSEParser()
    first = feed(parser, "id: 7\ndata: x\n\n")
    second = feed(parser, "data: y\n\n")
    assert first[0].event == "message"
    assert second == [ServerEvent("message", "y", "7")]


def test_field_without_space_retry_and_nul_ids():
    parser = SSEParser()
    assert feed(parser, "data:tight\n\n") == [ServerEvent("message", "tight", None)]
    feed(parser, "retry: 2500\nretry: soon\nid: a\0b\n\n")
    assert parser.retry_ms == 2500
    assert parser.last_event_id is None


def test_resync_event():
    parser = SSEParser()
    [event] = feed(parser, 'event: resync\ndata: {"reason": "cursor-expired"}\n\n')
    assert event.event == "resync"


def test_a_retry_of_other_digits_is_ignored_not_a_crash():
    parser = SSEParser()
    feed(parser, "retry: ²\nretry: ٣\n\n")
    assert parser.retry_ms is None


def test_lines_end_with_lf_crlf_or_cr_even_split_between_reads():
    splitter = LineSplitter()
    assert splitter.feed(b"data: a\r") == ["data: a"]
    assert splitter.feed(b"\ndata: b\rdata: c\n") == ["data: b", "data: c"]
    assert splitter.feed(b"\n") == [""]  # a LF after a LF is a line of its own
    assert splitter.feed(b"id: \xe6\x95\x85") == []  # unfinished: kept for the next read
    assert splitter.feed(b"\xe9\x9a\x9c\n") == ["id: 故障"]


def test_a_line_past_the_limit_without_a_break_is_refused_not_buffered():
    splitter = LineSplitter(line_max=1024)
    splitter.feed(b"data: " + b"x" * 1000)
    with pytest.raises(BadResponse, match="over 1 MiB"):
        splitter.feed(b"x" * 100)
    whole = LineSplitter(line_max=1024)
    with pytest.raises(BadResponse):
        whole.feed(b"x" * 2000 + b"\n")


def test_the_default_line_limit_is_one_mib():
    splitter = LineSplitter()
    for _ in range(16):
        splitter.feed(b"x" * 65536)
    with pytest.raises(BadResponse):
        splitter.feed(b"x")


def test_an_event_whose_data_grows_past_the_limit_is_refused():
    parser = SSEParser()
    line = "data: " + "x" * 1000
    with pytest.raises(BadResponse, match="an event over 1 MiB"):
        for _ in range(1100):
            parser.feed(line)
