"""The server's memory under hostile traffic (issue 12): RSS before, at the peak and after.

Against the real server as its own process, on loopback: 20 requests of 100 MB (half declared in
Content-Length, half chunked), 40 parallel sign-ins with unknown usernames, 300 connections that
send half their headers and stop. RSS is sampled every 5 ms during each attack. Prints JSON;
target: peak under 200 MB, and back within 20 MB of the start.
"""

from __future__ import annotations

import json
import socket
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support import ServerProcess

MB = 1 << 20
BODY_MB = 100
BIG_REQUESTS = 20
SIGN_INS = 40
HALF_OPEN = 300
HEADER_TIMEOUT_S = 10  # the server's default


def mib(kib: int) -> float:
    return round(kib / 1024, 1)


class RssSampler:
    """The server's RSS every 5 ms on a thread, while an attack runs."""

    def __init__(self, server: ServerProcess) -> None:
        self.server = server
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.005):
            self.peak_kib = max(self.peak_kib, self.server.rss_kib())

    def __enter__(self) -> RssSampler:
        self.peak_kib = self.server.rss_kib()
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


def status_of(sock: socket.socket) -> str:
    """The status line's code, or how the connection ended without one."""
    try:
        sock.settimeout(10)
        head = sock.recv(4096)
    except (ConnectionResetError, TimeoutError) as error:
        return type(error).__name__
    return head.split(b" ", 2)[1].decode() if head.startswith(b"HTTP/") else "closed"


def big_body(port: int, chunked: bool) -> str:
    """One POST of BODY_MB megabytes, sent until the server stops reading."""
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {BODY_MB * MB}"
    head = (
        f"POST /v1/auth/token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: application/json\r\n{framing}\r\n\r\n"
    ).encode()
    block = b" " * MB
    chunk = b"%x\r\n%s\r\n" % (len(block), block) if chunked else block
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        try:
            sock.sendall(head)
            for _ in range(BODY_MB):
                sock.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass  # refused part-way: the rest was never read
        return status_of(sock)


def sign_in(url: str, n: int) -> str:
    body = {"username": f"nobody-{n}", "password": "guess"}
    return str(requests.post(url + "/v1/auth/token", json=body, timeout=120).status_code)


def half_open(port: int, count: int) -> dict[str, float | int]:
    """`count` connections that send half their headers; how long the server takes to close them."""
    socks = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        sock.sendall(b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ")
        socks.append(sock)
    started = time.monotonic()
    deadline = started + HEADER_TIMEOUT_S + 10
    open_socks, closed_after = list(socks), []
    while open_socks and time.monotonic() < deadline:
        still_open = []
        for sock in open_socks:
            sock.settimeout(0.01)
            try:
                data = sock.recv(1024)
            except TimeoutError:
                still_open.append(sock)
                continue
            except ConnectionResetError:
                data = b""
            if data == b"":
                closed_after.append(time.monotonic() - started)
        open_socks = still_open
    for sock in socks:
        sock.close()
    return {
        "closed_by_server": len(closed_after),
        "still_open_after_s": HEADER_TIMEOUT_S + 10 if open_socks else 0,
        "last_closed_after_s": round(max(closed_after, default=0), 1),
    }


def attack(server: ServerProcess, run: Callable[[], object]) -> dict[str, object]:
    with RssSampler(server) as sampler:
        started = time.perf_counter()
        outcome = run()
        seconds = time.perf_counter() - started
    return {
        "outcome": outcome,
        "seconds": round(seconds, 2),
        "peak_rss_mib": mib(sampler.peak_kib),
        "rss_after_mib": mib(server.rss_kib()),
    }


def main() -> None:
    server = ServerProcess(Path(tempfile.mkdtemp(prefix="bench-hostile-")) / "hostile.db").start()
    try:
        requests.get(server.url + "/v1/health", timeout=10)  # warm: the first request's imports
        start_kib = server.rss_kib()
        with ThreadPoolExecutor(max_workers=SIGN_INS) as pool:
            bodies = attack(
                server,
                lambda: Counter(
                    pool.map(lambda n: big_body(server.port, n % 2 == 1), range(BIG_REQUESTS))
                ),
            )
            logins = attack(
                server, lambda: Counter(pool.map(lambda n: sign_in(server.url, n), range(SIGN_INS)))
            )
        connections = attack(server, lambda: half_open(server.port, HALF_OPEN))
        end_kib = server.rss_kib()
        alive = requests.get(server.url + "/v1/health", timeout=10).status_code == 200
        peak = max(a["peak_rss_mib"] for a in (bodies, logins, connections))
        print(
            json.dumps(
                {
                    "benchmark": "hostile_server",
                    "start_rss_mib": mib(start_kib),
                    f"{BIG_REQUESTS}_requests_of_{BODY_MB}_mb": bodies,
                    f"{SIGN_INS}_parallel_sign_ins_unknown_names": logins,
                    f"{HALF_OPEN}_half_open_connections": connections,
                    "peak_rss_mib": peak,
                    "end_rss_mib": mib(end_kib),
                    "end_minus_start_mib": mib(end_kib - start_kib),
                    "server_still_answers": alive,
                    "target": {"peak_rss_mib_below": 200, "end_within_mib_of_start": 20},
                    "met": peak < 200 and mib(end_kib - start_kib) <= 20 and alive,
                },
                indent=2,
                default=dict,
            )
        )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
