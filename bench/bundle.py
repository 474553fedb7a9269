"""Bundle benchmarks (issue 7), after `pyinstaller build.spec`:

- the size of the bundle folder, dist/msgcenter (target under 110 MB), and its largest parts;
- start to first painted list of the frozen binary against `python -m desktop` from source, in
  the same run, alternating (target ≤ 1.1 ×): 100,000 cached messages, the server unreachable,
  on the X server of the headless desktop (the bundle carries the platforms a desktop has, not
  `offscreen`). The app says when its list was first painted (MSGCENTER_STARTUP_PROBE), then quits.

    scripts/desktop-session.sh -- python bench/bundle.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from main_window import build_cache  # noqa: E402

BUNDLE = Path(os.environ.get("MSGCENTER_BUNDLE", ROOT / "dist" / "msgcenter" / "msgcenter"))
RUNS = 7


def folder_mb(folder: Path) -> float:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return round(total / 1e6, 1)


def largest(folder: Path, count: int = 6) -> dict[str, float]:
    parts: dict[str, float] = {}
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            key = str(path.relative_to(folder))
            parts[key] = round(path.stat().st_size / 1e6, 1)
    return dict(sorted(parts.items(), key=lambda item: -item[1])[:count])


def first_paint(command: list[str], env: dict) -> float:
    started = time.time()
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    lines = [x for x in done.stdout.splitlines() if x.startswith("first-paint ")]
    if not lines:
        raise SystemExit(f"{command[0]} never painted: {done.stdout}{done.stderr}")
    return float(lines[0].split()[1]) - started


def main() -> None:
    if not BUNDLE.is_file():
        sys.exit(f"no bundle at {BUNDLE}: run pyinstaller build.spec first")
    home = Path(tempfile.mkdtemp(prefix="bench-bundle-"))
    os.environ["MSGCENTER_HOME"] = str(home)
    from desktop.account.profile import Account, save_account
    from desktop.platform.paths import paths_for

    paths = paths_for("bench").ensure()
    save_account(paths.profile_file, Account("http://127.0.0.1:9", "bench", "bench-id"))
    build_cache(paths.cache_file, 100_000)
    if not os.environ.get("DISPLAY"):
        sys.exit(
            "run it in the headless desktop: scripts/desktop-session.sh -- python bench/bundle.py"
        )
    env = {
        **os.environ,
        "MSGCENTER_STARTUP_PROBE": "1",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    source_command = [sys.executable, "-m", "desktop", "--profile", "bench"]
    frozen_command = [str(BUNDLE), "--profile", "bench"]
    first_paint(source_command, env)  # warm the page cache for both
    first_paint(frozen_command, env)
    source, frozen = [], []
    for _ in range(RUNS):
        source.append(first_paint(source_command, env))
        frozen.append(first_paint(frozen_command, env))
    report = {
        "benchmark": "bundle",
        "bundle_folder_mb": folder_mb(BUNDLE.parent),
        "target_mb": 110,
        "largest_files_mb": largest(BUNDLE.parent),
        "first_paint_source_s": round(statistics.median(source), 3),
        "first_paint_frozen_s": round(statistics.median(frozen), 3),
        "frozen_to_source_ratio": round(statistics.median(frozen) / statistics.median(source), 2),
        "target_ratio": 1.1,
        "runs": RUNS,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
