"""Tray and notification benchmarks (issue 5), in the headless desktop (run it through
scripts/desktop-session.sh --tray --notify --keyring):

- publish-to-notification latency over 50 single messages one second apart: from just before the
  server is asked to publish to the `Notify` call on the session bus (issue 16: p50 ≤ 50 ms,
  p95 ≤ 100 ms);
- a burst of 50 messages published at once (8 at a time): the bubbles it makes (`Notify` calls
  that replace nothing) and the `Notify` calls, the first one's latency and the last summary;
- CPU seconds over 60 s idle with the tray icon shown (target under 0.1 s);
- RSS idling in the tray with the window never opened, against the bare PySide6 window of the
  main-window benchmark, both on the same X server in the same run.

The app runs as its own process (`python -m desktop --minimized`) against the reference server
started from source, with 10,000 messages already there (its first sync: history, not news).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _util import seeded_db, summary  # noqa: E402
from main_window import BARE, child  # noqa: E402

from tests.desktop import NotifyMonitor, tray_icon_windows, window_pid  # noqa: E402
from tests.support import ServerProcess, wait_until  # noqa: E402

SINGLES = 50
IDLE_S = 60
BURST = 50


def proc_status(pid: int) -> dict[str, float]:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            key, amount = line.split(":")
            values[key] = round(int(amount.split()[0]) / 1024, 1)
    return values


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def quiet(monitor: NotifyMonitor, seconds: float = 3.0, timeout: float = 30.0) -> None:
    """Until no new `Notify` call came for `seconds`."""
    deadline = time.monotonic() + timeout
    count, since = len(monitor.calls()), time.monotonic()
    while time.monotonic() - since < seconds and time.monotonic() < deadline:
        time.sleep(0.1)
        if len(monitor.calls()) != count:
            count, since = len(monitor.calls()), time.monotonic()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--singles", type=int, default=SINGLES)
    parser.add_argument("--idle", type=float, default=IDLE_S, help="seconds; 0 skips idle CPU")
    options = parser.parse_args()
    if "tray" not in os.environ.get("MSGCENTER_TEST_DESKTOP", ""):
        sys.exit("run through scripts/desktop-session.sh --tray --notify --keyring")
    folder = Path(tempfile.mkdtemp(prefix="bench-tray-"))
    db = folder / "server.db"
    seeded_db(db, "bench", "secret", 10_000)
    server = ServerProcess(db).start()
    env = {**os.environ, "MSGCENTER_HOME": str(folder / "home"), "PYTHONPATH": str(ROOT)}
    desktop = [sys.executable, "-m", "desktop", "--profile", "bench"]
    subprocess.run(
        [*desktop, "login", "--server", server.url, "--username", "bench", "--password-stdin"],
        input="secret\n", text=True, env=env, check=True, capture_output=True,
    )  # fmt: skip
    monitor = NotifyMonitor()
    app = subprocess.Popen([*desktop, "--minimized"], env=env)
    try:
        assert wait_until(lambda: any(window_pid(w) == app.pid for w in tray_icon_windows()), 30)
        time.sleep(5)  # the first sync of 10,000 messages: history, never announced
        assert monitor.calls() == [], "the first sync was announced"

        latencies = []
        for n in range(options.singles):
            asked = time.time()
            server.publish("bench", title=f"single {n}")
            calls = monitor.wait_for(n + 1, timeout=10)
            assert len(calls) == n + 1, f"message {n} was not announced within 10 s"
            latencies.append((calls[n].seen_at - asked) * 1000)
            time.sleep(max(0.0, asked + 1.0 - time.time()))

        quiet(monitor)
        before_burst = len(monitor.calls())
        asked = time.time()
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda n: server.publish("bench", title=f"burst {n}"), range(BURST)))
        quiet(monitor)
        burst_calls = monitor.calls()[before_burst:]
        burst = {
            "messages": BURST,
            "bubbles": sum(1 for call in burst_calls if call.replaces_id == 0),
            "notify_calls": len(burst_calls),
            "first_notify_ms": round((burst_calls[0].seen_at - asked) * 1000, 1),
            "last_notify_ms": round((burst_calls[-1].seen_at - asked) * 1000, 1),
            "last_summary": burst_calls[-1].summary,
        }

        time.sleep(5)
        before = cpu_seconds(app.pid)
        time.sleep(options.idle)
        idle_cpu = cpu_seconds(app.pid) - before
        memory = proc_status(app.pid)
    finally:
        app.terminate()
        app.wait(15)
        monitor.stop()
        server.stop()
    bare = [child(BARE, env={**os.environ})[0]["rss_mb"] for _ in range(3)]
    bare_rss = round(statistics.median(bare), 1)
    report = {
        "benchmark": "tray_notifications",
        "publish_to_notification": {
            **summary(latencies),
            "target_median_ms": 50,
            "target_p95_ms": 100,
        },
        "burst": burst,
        "idle_s": options.idle,
        "idle_cpu_s_with_tray": round(idle_cpu, 4),
        "target_idle_cpu_s": 0.1,
        "tray_only_rss_mb": memory["VmRSS"],
        "tray_only_peak_rss_mb": memory["VmHWM"],
        "bare_window_peak_rss_mb": bare_rss,
        "tray_only_rss_ratio_to_bare": round(memory["VmRSS"] / bare_rss, 2),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
