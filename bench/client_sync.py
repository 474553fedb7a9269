"""Client core benchmarks (issue 3), each against the real server on loopback.

- initial sync of 100,000 messages into an empty cache: wall time (to every message listed; the
  search index, filled after it between syncs, timed apart) and peak RSS of the syncing
  process (targets: under 15 s, under 150 MB);
- publish-to-cache latency through the event stream, p50/p95 over 200 messages (target p95 under
  300 ms);
- a connected client with no traffic: CPU seconds over 60 s (target under 0.1 s).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._util import seeded_db, summary  # noqa: E402
from tests.support import ApiSession, Recorder, ServerProcess  # noqa: E402

MESSAGES = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
IDLE_SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0

INITIAL_SYNC = """
import json, resource, sys, time
from pathlib import Path
from desktop.api.client import ApiClient
from desktop.sync.engine import SyncEngine
started = time.perf_counter()
engine = SyncEngine(Path(sys.argv[1]), ApiClient(sys.argv[2], sys.argv[3]))
summary = engine.catch_up()
wall = time.perf_counter() - started
count = engine.cache.messages.count()
# What the worker does next, between syncs: the search index catches up (a search finds the
# messages by LIKE until then). Timed apart: the messages are all listed before it starts.
indexing = time.perf_counter()
engine.index_backlog()
index_s = time.perf_counter() - indexing
engine.stop()
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"wall_s": round(wall, 2), "messages": count, "search_index_s": round(index_s, 2),
                  "peak_rss_mb": round(peak_mb, 1)}))
"""

IDLE = """
import json, resource, sys, time
from pathlib import Path
from desktop.api.client import ApiClient
from desktop.sync.engine import SyncEngine
from desktop.sync.states import ConnectionState
engine = SyncEngine(Path(sys.argv[1]), ApiClient(sys.argv[2], sys.argv[3]))
engine.start()
while engine.state != ConnectionState.ONLINE or engine.mode != "events":
    time.sleep(0.1)
time.sleep(2)  # settled: caught up, stream open
before = resource.getrusage(resource.RUSAGE_SELF)
time.sleep(float(sys.argv[4]))
after = resource.getrusage(resource.RUSAGE_SELF)
cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
engine.stop()
print(json.dumps({"idle_s": float(sys.argv[4]), "cpu_s": round(cpu, 4)}))
"""


def child(script: str, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True, text=True, cwd=str(ROOT), check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    from desktop.api.client import ApiClient
    from desktop.sync.engine import SyncEngine
    from desktop.sync.states import ConnectionState

    folder = Path(tempfile.mkdtemp(prefix="bench-client-"))
    seeded_db(folder / "server.db", "bench", "bench", MESSAGES)
    server = ServerProcess(folder / "server.db").start()
    try:
        session = ApiSession.sign_in(server.url, "bench", "bench")
        initial = child(INITIAL_SYNC, str(folder / "initial.sqlite3"), server.url, session.token)

        recorder = Recorder()
        engine = SyncEngine(folder / "live.sqlite3", ApiClient(server.url, session.token), recorder)
        engine.catch_up()
        engine.start()
        while engine.state != ConnectionState.ONLINE or engine.mode != "events":
            time.sleep(0.05)
        time.sleep(1)
        arrived: dict[str, float] = {}

        def note(summary_) -> None:
            for message_id in summary_.messages_added:
                arrived.setdefault(message_id, time.perf_counter())

        recorder.data_changed = note  # type: ignore[method-assign]
        latencies = []
        for n in range(200):
            sent = time.perf_counter()
            message = server.publish("bench", title=f"latency {n}")
            deadline = time.monotonic() + 5
            while message["id"] not in arrived and time.monotonic() < deadline:
                time.sleep(0.001)
            if message["id"] in arrived:
                latencies.append((arrived[message["id"]] - sent) * 1000)
            time.sleep(0.02)
        engine.stop()

        idle = child(
            IDLE, str(folder / "idle.sqlite3"), server.url, session.token, str(IDLE_SECONDS)
        )
        print(
            json.dumps(
                {
                    "benchmark": "client_sync",
                    "initial_sync": {**initial, "target_wall_s": 15, "target_peak_rss_mb": 150},
                    "publish_to_cache": {**summary(latencies), "target_p95_ms": 300},
                    "idle_connected": {**idle, "target_cpu_s": 0.1},
                    "bench_process_peak_rss_mb": round(
                        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
                    ),
                },
                indent=2,
            )
        )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
