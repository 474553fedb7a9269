"""A hostile fake server: a real HTTP server on loopback that answers the client's endpoints with
whatever a test scripts, and hypothesis strategies for malformed-but-plausible answers.

The client talks HTTP to it like to any server. Each path has a script of answers, served in
order, the last one again and again (so "has_more: true forever" is one answer). Without a script
a path gets a good answer, so a test can switch the server from hostile to behaving.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from hypothesis import strategies as st

from tests.support import Recorder

TOKEN = "hostile-token-" + "x" * 32
ACCOUNT = {"id": "acc-1", "name": "hostile"}
ENDLESS_BOUND = 512 * 1024 * 1024  # an endless body stops here at the latest (a test tool bound)


@dataclass
class Answer:
    """One HTTP answer. `body` is bytes, or an iterable of chunks sent as they come (no length)."""

    status: int = 200
    body: bytes | Iterable[bytes] = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    # A Content-Length that is not the body's (truncated); for a streamed body, the one it claims.
    declared_length: int | None = None

    def __repr__(self) -> str:  # hypothesis prints failing examples: keep them short
        shown = self.body[:120] if isinstance(self.body, bytes) else "<stream>"
        return f"Answer({self.status}, {shown!r}, {self.content_type!r}, {self.headers!r})"


def json_answer(value: Any, status: int = 200, content_type: str = "application/json") -> Answer:
    return Answer(status, json.dumps(value).encode(), content_type)


def problem(status: int, detail: Any, title: Any = "Problem", **more: Any) -> Answer:
    body = {"type": "/problems/x", "title": title, "status": status, "detail": detail, **more}
    return json_answer(body, status, "application/problem+json")


def endless(first: bytes, filler: bytes = b"x" * 65536) -> Iterator[bytes]:
    """`first`, then `filler` again and again, never a line break (bounded for safety)."""
    yield first
    for _ in range(ENDLESS_BOUND // len(filler)):
        yield filler


def drip(stopping: threading.Event, first: bytes = b"{", every: float = 0.2) -> Iterator[bytes]:
    """`first`, then one space every `every` seconds: a body that trickles in, below any read
    timeout, until the server stops (or the client goes)."""
    yield first
    while not stopping.wait(every):
        yield b" "


def page(changes: list[dict], cursor: str = "c1", has_more: bool = False) -> dict[str, Any]:
    return {"changes": changes, "next_cursor": cursor, "has_more": has_more}


def message(n: int, **fields: Any) -> dict[str, Any]:
    return {
        "id": f"m-{n}",
        "category": "fault",
        "type": "fault.incident",
        "title": f"message {n}",
        "body": "details",
        "created_at": "2026-11-28T08:23:15.123Z",
        "read": False,
        **fields,
    }


def contact(contact_id: str = "k-1", **fields: Any) -> dict[str, Any]:
    return {
        "id": contact_id,
        "name": "Li",
        "mobile": "13012345678",
        "email": None,
        "mobile_verified": False,
        "email_verified": False,
        "primary": False,
        "is_account": False,
        "groups": [],
        "etag": '"7"',
        **fields,
    }


def setting(setting_id: str = "fault.incident", **fields: Any) -> dict[str, Any]:
    return {
        "id": setting_id,
        "category": "fault",
        "name": "Incident",
        "locked": False,
        "channels": {"email": True, "sms": False},
        "recipients": {"contacts": ["k-1"], "groups": []},
        "etag": '"3"',
        **fields,
    }


def group(group_id: str = "g-1", **fields: Any) -> dict[str, Any]:
    return {"id": group_id, "name": "Ops", "members": ["k-1"], "etag": '"5"', **fields}


def change(seq: int, kind: str, data: dict[str, Any] | None, op: str = "upsert") -> dict[str, Any]:
    entity_id = data["id"] if isinstance(data, dict) and "id" in data else f"x-{seq}"
    return {"seq": seq, "kind": kind, "id": entity_id, "op": op, "data": data}


def good_page() -> dict[str, Any]:
    """One of everything, valid."""
    return page(
        [
            change(1, "message", message(1)),
            change(2, "setting", setting()),
            change(3, "contact", contact()),
            change(4, "group", group()),
        ]
    )


def ping_stream(stopping: threading.Event) -> Iterator[bytes]:
    """A well-behaved event stream: a ping now and then until the client or the server goes."""
    yield b": connected\n\n"
    while not stopping.wait(0.2):
        yield b": ping\n\n"


class HostileServer:
    """ThreadingHTTPServer on 127.0.0.1; `script(path, *answers)` says what a path answers."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._scripts: dict[str, deque[Answer | Callable[[], Answer]]] = {}
        self.requests: list[tuple[str, str, dict[str, list[str]]]] = []
        self.headers: list[dict[str, str]] = []  # of each request, in the order of `requests`
        self.counts: dict[str, int] = defaultdict(int)
        self.stopping = threading.Event()
        hostile = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # bodies without a length end when the connection does

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                hostile._handle(self)

            do_POST = do_PUT = do_DELETE = do_GET

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> HostileServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()

    def script(self, path: str, *answers: Answer | Callable[[], Answer]) -> None:
        """Answers for requests whose path starts with `path`: in order, the last one forever.
        A callable is called for each request (for answers that stream)."""
        with self._lock:
            self._scripts[path] = deque(answers)

    def behave(self) -> None:
        """Good answers from now on."""
        with self._lock:
            self._scripts.clear()

    def count(self, path: str) -> int:
        with self._lock:
            return sum(n for p, n in self.counts.items() if p.startswith(path))

    def _next(self, method: str, path: str) -> Answer:
        with self._lock:
            for prefix, queued in self._scripts.items():
                if path.startswith(prefix) and queued:
                    answer = queued.popleft() if len(queued) > 1 else queued[0]
                    return answer() if callable(answer) else answer
        return self._good(method, path)

    def _good(self, method: str, path: str) -> Answer:
        if path == "/v1/auth/token" and method == "POST":
            return json_answer({"token": TOKEN, "account": ACCOUNT}, 201)
        if path == "/v1/changes":
            return json_answer(page([], "c0"))
        if path == "/v1/events":
            return Answer(body=ping_stream(self.stopping), content_type="text/event-stream")
        if path == "/v1/health":
            return json_answer({"status": "ok", "version": "1.1"})
        return problem(404, "no such thing here", "Not found")

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        if length:
            handler.rfile.read(length)
        with self._lock:
            self.requests.append((handler.command, parts.path, parse_qs(parts.query)))
            self.headers.append(dict(handler.headers.items()))
            self.counts[parts.path] += 1
        answer = self._next(handler.command, parts.path)
        try:
            handler.send_response(answer.status)
            handler.send_header("Content-Type", answer.content_type)
            for key, value in answer.headers.items():
                handler.send_header(key, value)
            if isinstance(answer.body, bytes):
                declared = answer.declared_length
                handler.send_header("Content-Length", str(declared or len(answer.body)))
                handler.end_headers()
                handler.wfile.write(answer.body)
                return
            if answer.declared_length is not None:
                handler.send_header("Content-Length", str(answer.declared_length))
            handler.end_headers()
            for chunk in answer.body:
                if self.stopping.is_set():
                    return
                handler.wfile.write(chunk)
                handler.wfile.flush()
        except OSError:
            return  # the client went away: that is how endless answers end


class FailingListener(Recorder):
    """A sync listener whose first `failures` data_changed calls raise `error`: an unexpected
    error in the worker while it applies a page (a bug in the outside world it reports to)."""

    def __init__(self, failures: int, error: Exception) -> None:
        super().__init__()
        self.failures = failures
        self.failure = error

    def data_changed(self, summary: Any) -> None:
        with self._changed:
            self.calls.append(("data_changed", (summary,)))
            self._changed.notify_all()
            if self.failures:
                self.failures -= 1
                raise self.failure


# -- hypothesis strategies: malformed but plausible ----------------------------------------------

ESCAPES = st.sampled_from(
    [
        "\x1b[31mred\x1b[0m",
        "\x1b]0;owned\x07",
        "\x1b[2J\x1b[H",
        "\x9b2J",
        "\u202egnp.exe",
        "\x00nul",
        "line\r\nbreak",
        "\ud800",
    ]
)
HUGE_TEXT = st.sampled_from(["x" * 1_000_001, "é" * 300_000, "\u202e" * 10_000])
BAD_TIMES = st.sampled_from(
    [
        "yesterday",
        "",
        "2026-13-01T00:00:00Z",
        "2026-02-30T00:00:00Z",
        "2026-11-28 08:23:15Z",
        "2026-11-28T08:23:15",
        "2026-11-28T25:00:00Z",
        "2026-11-28T08:23:15.123z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59-23:59",
        "２０２６-11-28T08:23:15Z",
        "2026-11-28T08:23:15.1234567890Z",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    ESCAPES,
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
HOSTILE_VALUES = st.one_of(JSON, HUGE_TEXT, BAD_TIMES, st.just([[[[[]]]]]), st.just({"$ref": "x"}))
MISSING = object()


@st.composite
def mutated(draw: st.DrawFn, entity: dict[str, Any]) -> dict[str, Any]:
    """`entity` with a few fields dropped, replaced by hostile values, or joined by strangers."""
    result = dict(entity)
    for _ in range(draw(st.integers(0, 3))):
        key = draw(st.sampled_from([*sorted(entity), "extra"]))
        value = draw(st.one_of(st.just(MISSING), HOSTILE_VALUES))
        if value is MISSING:
            result.pop(key, None)
        else:
            result[key] = value
    return result


ENTITIES = {"message": lambda n: message(n), "setting": lambda n: setting(f"s-{n}"),
            "contact": lambda n: contact(f"k-{n}"), "group": lambda n: group(f"g-{n}")}  # fmt: skip


@st.composite
def hostile_change(draw: st.DrawFn, seq: int) -> dict[str, Any]:
    kind = draw(st.sampled_from(sorted(ENTITIES)))
    data = draw(st.one_of(st.just(ENTITIES[kind](seq)), mutated(ENTITIES[kind](seq))))
    built = change(seq, kind, data, draw(st.sampled_from(["upsert", "upsert", "delete"])))
    return draw(st.one_of(st.just(built), mutated(built)))


@st.composite
def hostile_page(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(st.integers(0, 50))
    count = draw(st.integers(0, 4))
    changes = [draw(hostile_change(start + n)) for n in range(count)]
    built = page(changes, draw(st.sampled_from(["c1", "c2", "c0"])), draw(st.booleans()))
    return draw(st.one_of(st.just(built), st.just(built), mutated(built)))


RAW_BODIES = st.sampled_from(
    [
        b"",
        b"not json",
        b'{"changes": [{"seq": 1',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"changes": [], "next_cursor": "c", "has_more": NaN}',
        b'{"changes": [], "next_cursor": "c", "has_more": false, "x": 1e999999}',
        b'{"changes": [], "next_cursor": "' + b"9" * 5000 + b'", "has_more": false}',
        b'{"changes": [], "next_cursor": "c\\r\\nX-Evil: 1", "has_more": false}',
        b"\xff\xfe\x00garbage",
        b"<html><body>Sign in to the hotel Wi-Fi</body></html>",
    ]
)
STATUSES = st.sampled_from([200, 200, 200, 201, 204, 301, 304, 400, 401, 404, 409, 410, 412, 422,
                            429, 500, 503])  # fmt: skip
CONTENT_TYPES = st.sampled_from(
    ["application/json", "application/json", "application/problem+json", "text/html", "", "x/y"]
)


@st.composite
def hostile_problem(draw: st.DrawFn, status: int | None = None) -> Answer:
    """An HTTP error whose problem body is as hostile as the rest."""
    status = status or draw(st.sampled_from([400, 404, 409, 412, 422, 428, 429, 500]))
    words = st.one_of(ESCAPES, HUGE_TEXT, SCALARS)
    body = {
        "type": draw(st.one_of(st.sampled_from(["/problems/validation", "/problems/locked",
                                                 "/problems/precondition-failed",
                                                 "/problems/idempotency-key-reused"]), words)),
        "title": draw(words),
        "detail": draw(words),
        "status": draw(st.one_of(st.just(status), SCALARS)),
        "errors": draw(st.one_of(st.just([{"field": "name", "message": "\x1b[31mbad"}]), JSON)),
        "current": draw(st.one_of(st.none(), mutated(contact()), JSON)),
    }  # fmt: skip
    headers = {"Retry-After": draw(st.sampled_from(["1", "nan", "inf", "-5", "1e400", "soon"]))}
    answer = json_answer(body, status, draw(CONTENT_TYPES))
    answer.headers = headers if status == 429 else {}
    return answer


@st.composite
def hostile_answer(draw: st.DrawFn, bodies: st.SearchStrategy[Any]) -> Answer:
    """A 200 with a hostile JSON body (mostly), or raw bytes, or an error, or a broken reply."""
    how = draw(st.sampled_from(["json"] * 6 + ["raw", "problem", "status", "truncated"]))
    if how == "json":
        return json_answer(draw(bodies), 200, draw(CONTENT_TYPES))
    if how == "raw":
        return Answer(200, draw(RAW_BODIES), draw(CONTENT_TYPES))
    if how == "problem":
        return draw(hostile_problem())
    if how == "status":
        return Answer(draw(STATUSES), draw(RAW_BODIES), draw(CONTENT_TYPES))
    body = json.dumps(draw(bodies)).encode()
    return Answer(200, body[: len(body) // 2], declared_length=len(body))
