"""The event-stream parser, on the cases of the WHATWG "Interpreting an event stream" rules."""

from desktop.api.events import ServerEvent, SSEParser


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
