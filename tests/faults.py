"""A fault-injecting HTTP proxy in front of the real server, on loopback.

Requests pass through to the real server unless a fault is queued for their path: an error status
(with Retry-After), a dropped connection mid-body, a stall, a malformed body, or an event stream
that goes silent. It is a real server the client talks HTTP to, not a mock: every answer that is
not a fault is the real server's, byte for byte, unless the proxy was told to rewrite its replies
(`replies`): then it is the real server's with those bytes replaced, as a man in the middle would.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

# Text the reference server refuses (it stores no U+0000) but another server may send: publish
# `NUL` in its place, and a proxy made with `replies=NUL_IN_JSON` turns it into the JSON escape.
NUL = "{NUL}"
NUL_IN_JSON = {NUL.encode(): b"\\u0000"}

HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length", "server", "date"}


def with_nul_marked(text: str) -> str:
    """`text` as the reference server takes it: each U+0000 as the `NUL` marker."""
    return text.replace("\x00", NUL)


class FaultProxy:
    def __init__(self, upstream: str, replies: dict[bytes, bytes] | None = None) -> None:
        """`replies`: bytes to replace in every reply the server gives (bodies and streams)."""
        parts = urlsplit(upstream)
        self.upstream_host = parts.hostname or "127.0.0.1"
        self.upstream_port = parts.port or 80
        self.faults: dict[str, list[str]] = defaultdict(list)
        self.requests: dict[str, int] = defaultdict(int)
        self.down = False
        self.delay = 0.0  # seconds added before every forwarded request
        self.replies = dict(replies or {})
        self.replaced = 0  # how many times a reply was rewritten
        self._lock = threading.Lock()
        self._release = threading.Event()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # one request per connection; streams end with close

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                proxy._handle(self)

            do_POST = do_PUT = do_DELETE = do_GET

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()
        self.server.shutdown()
        self.server.server_close()

    def inject(self, path: str, fault: str, times: int = 1) -> None:
        """Queue `fault` for the next `times` requests whose path starts with `path`.

        Faults: "status:CODE" or "status:429:RETRY_AFTER", "drop" (half the body, then close),
        "stall:SECONDS" (answer late), "garbage" (200 with a body that is not JSON),
        "silent" (an event stream that forwards its first bytes, then nothing, forever).
        """
        with self._lock:
            self.faults[path].extend([fault] * times)

    def count(self, path: str) -> int:
        with self._lock:
            return sum(n for p, n in self.requests.items() if p.startswith(path))

    def _next_fault(self, path: str) -> str | None:
        with self._lock:
            self.requests[path] += 1
            for prefix, queued in self.faults.items():
                if path.startswith(prefix) and queued:
                    return queued.pop(0)
        return None

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path.split("?", 1)[0]
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else None
        if self.down:
            handler.close_connection = True
            handler.connection.close()
            return
        fault = self._next_fault(path)
        if fault and fault.startswith("status:"):
            parts = fault.split(":")
            handler.send_response(int(parts[1]))
            if len(parts) > 2:
                handler.send_header("Retry-After", parts[2])
            problem = b'{"type":"/problems/injected","title":"injected","status":%s,"detail":"x"}'
            payload = problem % parts[1].encode()
            handler.send_header("Content-Type", "application/problem+json")
            handler.send_header("Content-Length", str(len(payload)))
            handler.end_headers()
            handler.wfile.write(payload)
            return
        if fault == "garbage":
            payload = b'{"changes": [{"seq": "not a number"'
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(payload)))
            handler.end_headers()
            handler.wfile.write(payload)
            return
        if fault and fault.startswith("stall:"):
            self._release.wait(float(fault.split(":")[1]))
        if self.delay:
            time.sleep(self.delay)
        self._forward(handler, body, fault)

    def _forward(self, handler: BaseHTTPRequestHandler, body: bytes | None, fault: str | None):
        upstream = http.client.HTTPConnection(self.upstream_host, self.upstream_port, timeout=120)
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in HOP_HEADERS}
        if self.replies:
            headers["Accept-Encoding"] = "identity"  # bytes to rewrite, not a compressed stream
        try:
            upstream.request(handler.command, handler.path, body=body, headers=headers)
            reply = upstream.getresponse()
        except OSError:
            handler.connection.close()
            return
        handler.send_response(reply.status)
        streaming = reply.getheader("Content-Type", "").startswith("text/event-stream")
        for key, value in reply.getheaders():
            if key.lower() not in HOP_HEADERS:
                handler.send_header(key, value)
        if streaming:
            handler.end_headers()
            try:
                self._pump_stream(handler, reply, silent=fault == "silent")
            finally:
                upstream.close()
            return
        payload = self._rewrite(reply.read())
        upstream.close()
        if fault == "drop":
            handler.send_header("Content-Length", str(len(payload)))
            handler.end_headers()
            handler.wfile.write(payload[: len(payload) // 2])
            handler.wfile.flush()
            handler.connection.shutdown(2)
            handler.connection.close()
            return
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)

    def _rewrite(self, data: bytes) -> bytes:
        for old, new in self.replies.items():
            if old in data:
                with self._lock:
                    self.replaced += 1
                data = data.replace(old, new)
        return data

    def _pump_stream(self, handler, reply, silent: bool) -> None:
        pending = b""  # with `replies`, a line not complete yet: a marker may span two reads
        try:
            while True:
                chunk = reply.read1(65536)
                if not chunk:
                    handler.wfile.write(self._rewrite(pending))
                    return
                if self.replies:
                    lines, newline, pending = (pending + chunk).rpartition(b"\n")
                    chunk = self._rewrite(lines + newline)
                handler.wfile.write(chunk)
                handler.wfile.flush()
                if silent:
                    # Keep the connection open and say nothing: a stall no TCP error reveals.
                    self._release.wait(600)
                    return
        except (OSError, http.client.HTTPException):
            return  # either side went away: the stream ends
