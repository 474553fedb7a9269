"""Resident memory in the tray (issue 16), in the headless desktop (run it through
scripts/desktop-session.sh --tray --notify --keyring):

`msgcenter --minimized` with 10,000 messages (its first sync done against the reference server,
then a restart: the figure is for the cached app), against a bare PySide6 tray icon, alternating
in the same run; RSS at `--at` seconds after start; medians of `--runs`. Also where the app's
memory is (`/proc/PID/smaps_rollup`: anonymous against file-backed) and which of the heavy
packages it has imported (`--modules`, read from a child started the same way).

Target: the app's RSS at most 1.5 × the bare tray icon's.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _util import seeded_db  # noqa: E402

from tests.desktop import tray_icon_windows, window_pid  # noqa: E402
from tests.support import ServerProcess, wait_until  # noqa: E402

BARE_TRAY = """
import sys
from PySide6.QtGui import QIcon, QPixmap, QColor
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon
app = QApplication(sys.argv[:1])
app.setQuitOnLastWindowClosed(False)
pixmap = QPixmap(32, 32)
pixmap.fill(QColor("steelblue"))
tray = QSystemTrayIcon(QIcon(pixmap))
menu = QMenu()
menu.addAction("Quit", app.quit)
tray.setContextMenu(menu)
tray.setToolTip("bare")
tray.show()
app.exec()
"""

MODULES_PROBE = """
import json, os, sys, threading, time
delay = float(sys.argv.pop(1))
def report():
    time.sleep(delay)
    loaded = [name for name, module in sys.modules.items() if module is not None]
    print("modules " + json.dumps(sorted(loaded)), flush=True)
    os._exit(0)
threading.Thread(target=report, daemon=True).start()
sys.argv[0] = "msgcenter"
from desktop.cli import main
sys.exit(main())
"""

HEAVY = ["requests", "urllib3", "certifi", "keyring", "secretstorage", "jeepney",
         "cryptography", "desktop.views.main_window", "desktop.models.messages",
         "desktop.sync.engine", "desktop.api.client"]  # fmt: skip


def rollup(pid: int) -> dict[str, float]:
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, _, amount = line.partition(":")
        if key in ("Rss", "Anonymous", "Pss_File", "Pss_Anon", "Private_Dirty"):
            values[key] = round(int(amount.split()[0]) / 1024, 1)
    return values


def measure(command: list[str], env: dict, at: float) -> dict[str, float]:
    process = subprocess.Popen(command, env=env)
    try:
        assert wait_until(
            lambda: any(window_pid(w) == process.pid for w in tray_icon_windows()), 30
        ), "no tray icon"
        time.sleep(at)
        return rollup(process.pid)
    finally:
        process.terminate()
        process.wait(15)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--at", type=float, default=8.0, help="seconds after the icon shows")
    parser.add_argument("--messages", type=int, default=10_000)
    options = parser.parse_args()
    if "tray" not in os.environ.get("MSGCENTER_TEST_DESKTOP", ""):
        sys.exit("run through scripts/desktop-session.sh --tray --notify --keyring")
    folder = Path(tempfile.mkdtemp(prefix="bench-tray-memory-"))
    db = folder / "server.db"
    seeded_db(db, "bench", "secret", options.messages)
    server = ServerProcess(db).start()
    env = {**os.environ, "MSGCENTER_HOME": str(folder / "home"), "PYTHONPATH": str(ROOT)}
    desktop = [sys.executable, "-m", "desktop", "--profile", "bench"]
    try:
        subprocess.run(
            [*desktop, "login", "--server", server.url, "--username", "bench",
             "--password-stdin"],
            input="secret\n", text=True, env=env, check=True, capture_output=True,
        )  # fmt: skip
        subprocess.run([*desktop, "sync"], env=env, check=True, capture_output=True)
        app_runs, bare_runs = [], []
        for _ in range(options.runs):  # alternating, so that load falls on both alike
            app_runs.append(measure([*desktop, "--minimized"], env, options.at))
            bare_runs.append(measure([sys.executable, "-c", BARE_TRAY], env, options.at))
        probe = subprocess.run(
            [sys.executable, "-c", MODULES_PROBE, str(options.at + 3), "--profile", "bench",
             "--minimized"],
            env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    finally:
        server.stop()
    loaded = [line for line in probe.stdout.splitlines() if line.startswith("modules ")]
    modules = json.loads(loaded[-1].split(" ", 1)[1]) if loaded else None

    def med(runs: list[dict], key: str) -> float:
        return round(statistics.median(run[key] for run in runs), 1)

    app_rss, bare_rss = med(app_runs, "Rss"), med(bare_runs, "Rss")
    pairs = [round(a["Rss"] / b["Rss"], 2) for a, b in zip(app_runs, bare_runs, strict=True)]
    print(json.dumps({
        "benchmark": "tray_memory",
        "runs": options.runs,
        "cached_messages": options.messages,
        "at_s": options.at,
        "load_average": os.getloadavg(),
        "app_rss_mb": app_rss,
        "bare_tray_rss_mb": bare_rss,
        "ratio": round(app_rss / bare_rss, 2),
        "ratios_per_pair": pairs,
        "target_ratio": 1.5,
        "app_anonymous_mb": med(app_runs, "Anonymous"),
        "bare_anonymous_mb": med(bare_runs, "Anonymous"),
        "app_pss_file_mb": med(app_runs, "Pss_File"),
        "bare_pss_file_mb": med(bare_runs, "Pss_File"),
        "heavy_modules_loaded": [m for m in HEAVY if modules and m in modules],
        "module_count": len(modules) if modules else None,
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
