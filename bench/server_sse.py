"""Event-stream fan-out (issue 2): 200 concurrent SSE clients, 100 messages published.

Every client must get every event; reports publish-to-receive latency (target p99 < 1 s).
"""

from __future__ import annotations

import json
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._util import summary
from tests.support import ServerProcess

CLIENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 200
MESSAGES = int(sys.argv[2]) if len(sys.argv) > 2 else 100


def main() -> None:
    server = ServerProcess(Path(tempfile.mkdtemp(prefix="bench-sse-")) / "sse.db").start()
    try:
        session = server.create_account("sse")
        published: dict[str, float] = {}
        received: list[dict[str, float]] = [{} for _ in range(CLIENTS)]
        connected = threading.Barrier(CLIENTS + 1)

        def listen(slot: int) -> None:
            stream = requests.get(
                server.url + "/v1/events",
                headers={"Authorization": f"Bearer {session.token}"},
                stream=True,
                timeout=60,
            )
            connected.wait()
            for line in stream.iter_lines(decode_unicode=True):
                if line.startswith("data:"):
                    received[slot][json.loads(line[5:])["id"]] = time.perf_counter()
                    if len(received[slot]) == MESSAGES:
                        break
            stream.close()

        threads = [threading.Thread(target=listen, args=(n,), daemon=True) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        connected.wait()
        time.sleep(0.5)  # every stream is past its first bytes and waiting
        for n in range(MESSAGES):
            before = time.perf_counter()
            message = server.publish("sse", title=f"burst {n}")
            published[message["id"]] = before
            time.sleep(0.02)
        for thread in threads:
            thread.join(timeout=60)
        latencies = [
            (got[mid] - sent) * 1000
            for got in received
            for mid, sent in published.items()
            if mid in got
        ]
        complete = sum(1 for got in received if set(published) <= set(got))
        print(
            json.dumps(
                {
                    "benchmark": "server_sse",
                    "clients": CLIENTS,
                    "messages": MESSAGES,
                    "clients_with_every_event": complete,
                    "events_delivered": len(latencies),
                    "events_expected": CLIENTS * MESSAGES,
                    "publish_to_receive": summary(latencies),
                    "target_p99_ms": 1000,
                },
                indent=2,
            )
        )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
