"""Shared pieces of the benchmarks: timing summaries and a seeded server."""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path


def summary(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 2)

    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "max_ms": round(ordered[-1], 2),
    }


def seeded_db(path: Path, account: str, password: str, messages: int) -> None:
    """A server database with one account holding `messages` seeded messages."""
    run = [sys.executable, "-m", "msgcenter.server"]
    subprocess.run(
        [*run, "create-account", "--db", str(path), account],
        input=password + "\n",
        text=True,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [*run, "seed", "--db", str(path), "--account", account, "--messages", str(messages)],
        check=True,
        capture_output=True,
    )
