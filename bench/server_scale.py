"""The server at scale (issue 17), on SQLite and PostgreSQL in one run; needs a PostgreSQL cluster:

    scripts/postgres-cluster.sh -- python bench/server_scale.py [MESSAGES] [SSE_CLIENTS] [EVENTS]

1. One account with MESSAGES (100,000) seeded messages on each backend: medians and p99 of a
   change-feed page (500 changes from a random cursor), the first messages page, a search, and
   marking 500 messages read.
2. Two server processes on one PostgreSQL database, SSE_CLIENTS (1,000) event streams spread over
   both (raw asyncio sockets: one Python process drives them all), EVENTS (100) messages
   published through either: every client must get every event exactly once; publish-to-receive
   latency (target p99 < 1 s).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._util import summary
from tests import support
from tests.support import ApiSession, ServerProcess

MESSAGES = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
SSE_CLIENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
EVENTS = int(sys.argv[3]) if len(sys.argv) > 3 else 100
SAMPLES = 40
PASSWORD = "bench-password"


def seed(db: str, account: str) -> float:
    """The account with MESSAGES messages (create-account, then seed, which ANALYZEs)."""
    run = [sys.executable, "-m", "msgcenter.server"]
    started = time.perf_counter()
    subprocess.run(
        [*run, "create-account", "--db", db, account],
        input=PASSWORD + "\n",
        text=True,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [*run, "seed", "--db", db, "--account", account, "--messages", str(MESSAGES)],
        check=True,
        capture_output=True,
    )
    return round(time.perf_counter() - started, 1)


def timed(call) -> float:
    started = time.perf_counter()
    reply = call()
    elapsed = (time.perf_counter() - started) * 1000
    assert reply.status_code == 200, reply.text[:200]
    return elapsed


def requests_on(backend: str, folder: Path) -> dict[str, Any]:
    path = folder / f"{backend}.db"
    db = str(path) if backend == "sqlite" else support.database_for(path)
    seconds = seed(db, "scale")
    server = ServerProcess(path, database=db).start()
    try:
        session = ApiSession.sign_in(server.url, "scale", PASSWORD)
        # Cursors are opaque: collect real ones from a walk of the whole feed, then sample them.
        cursors, cursor = [], None
        while True:
            page = session.get("/v1/changes", params={"limit": 1000, "cursor": cursor}).json()
            cursors.append(cursor)
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
        rng = random.Random(7)
        ids: list[str] = []
        page = {"next_cursor": None}
        while len(ids) < 500:
            params = {"limit": 200, "cursor": page["next_cursor"]}
            page = session.get("/v1/messages", params=params).json()
            ids += [m["id"] for m in page["items"]]
        results = {
            "seed_s": seconds,
            "change_feed_page_500": summary(
                [
                    timed(
                        lambda: session.get("/v1/changes", params={"cursor": rng.choice(cursors)})
                    )
                    for _ in range(SAMPLES)
                ]
            ),
            "first_messages_page": summary(
                [timed(lambda: session.get("/v1/messages")) for _ in range(SAMPLES)]
            ),
            "search": summary(
                [
                    timed(lambda: session.get("/v1/messages", params={"q": rng.choice(TERMS)}))
                    for _ in range(SAMPLES)
                ]
            ),
            "mark_500_read": summary(
                [
                    timed(
                        lambda n=n: session.post(
                            "/v1/messages/read", json={"ids": ids[:500], "read": n % 2 == 0}
                        )
                    )
                    for n in range(SAMPLES // 2)
                ]
            ),
        }
        assert "Traceback" not in server.output(), server.output()
        return results
    finally:
        server.stop()


TERMS = ["余额", "balance", "告警", "certificate", "no such words"]


async def stream_events(
    url: str, token: str, got: dict[str, float], ready: asyncio.Event, done: asyncio.Event
) -> int:
    """One event stream over a raw socket; records each message id's arrival. Returns how many
    events arrived twice."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    writer.write(
        f"GET /v1/events HTTP/1.1\r\nHost: {parts.netloc}\r\nAuthorization: Bearer {token}\r\n"
        "Accept: text/event-stream\r\n\r\n".encode()
    )
    await writer.drain()
    twice = 0
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            if line.startswith(b": connected"):
                ready.set()
            if line.startswith(b"data:"):
                data = line[5:].strip()
                if data.startswith(b"{"):
                    message_id = json.loads(data)["id"]
                    twice += message_id in got
                    got.setdefault(message_id, time.perf_counter())
                    if len(got) >= EVENTS:
                        break
    finally:
        writer.close()
        done.set()
    return twice


async def fan_out(servers: list[ServerProcess], token: str) -> dict[str, Any]:
    received: list[dict[str, float]] = [{} for _ in range(SSE_CLIENTS)]
    readies = [asyncio.Event() for _ in range(SSE_CLIENTS)]
    dones = [asyncio.Event() for _ in range(SSE_CLIENTS)]
    tasks = []
    for n in range(SSE_CLIENTS):
        url = servers[n % len(servers)].url
        tasks.append(
            asyncio.create_task(stream_events(url, token, received[n], readies[n], dones[n]))
        )
        if n % 50 == 49:
            await asyncio.sleep(0.05)  # connect in bursts of 50, as clients come and go
    await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), 60)
    published: dict[str, float] = {}

    def publish(n: int) -> None:
        before = time.perf_counter()
        reply = servers[n % len(servers)].publish("fan", title=f"event {n}")
        published[reply["id"]] = before

    for n in range(EVENTS):
        await asyncio.to_thread(publish, n)
        await asyncio.sleep(0.05)
    done, _ = await asyncio.wait(tasks, timeout=60)
    for task in tasks:
        task.cancel()
    twice = sum(t.result() for t in done if not t.cancelled() and t.exception() is None)
    latencies = [
        (got[mid] - sent) * 1000
        for got in received
        for mid, sent in published.items()
        if mid in got
    ]
    return {
        "clients": SSE_CLIENTS,
        "servers": len(servers),
        "events": EVENTS,
        "clients_with_every_event": sum(1 for got in received if set(published) <= set(got)),
        "events_delivered": len(latencies),
        "events_expected": SSE_CLIENTS * EVENTS,
        "events_delivered_twice": twice,
        "publish_to_receive": summary(latencies),
        "target_p99_ms": 1000,
    }


def two_instances(folder: Path) -> dict[str, Any]:
    path = folder / "fan.db"
    servers = [ServerProcess(path).start() for _ in range(2)]
    try:
        servers[0].admin("POST", "/v1/admin/accounts", json={"name": "fan", "password": PASSWORD})
        token = ApiSession.sign_in(servers[0].url, "fan", PASSWORD).token
        result = asyncio.run(fan_out(servers, token))
        result["server_rss_mib"] = [round(s.rss_kib() / 1024) for s in servers]
        for server in servers:
            assert "Traceback" not in server.output(), server.output()
        return result
    finally:
        for server in servers:
            server.stop()


def main() -> None:
    if not support.POSTGRES:
        sys.exit("server_scale: run it inside scripts/postgres-cluster.sh -- ...")
    folder = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        report = {
            "benchmark": "server_scale",
            "messages": MESSAGES,
            "cores": os.cpu_count(),
            "sqlite": requests_on("sqlite", folder),
            "postgresql": requests_on("postgresql", folder),
            "two_instances_sse": two_instances(folder),
        }
    finally:
        support.drop_made_databases()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
