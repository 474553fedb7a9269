"""A few crash trials (bench/crash_trials.py runs a hundred): `msgcenter sync` killed at random
moments while it replays 53 queued edits, then synced to the end; the server holds exactly what
the user did. The first, unkilled run also checks the expected state itself."""

from bench.crash_trials import run
from tests.support import require_desktop


def test_killed_syncs_lose_nothing_and_apply_nothing_twice():
    require_desktop("keyring")  # the command line keeps its sign-in there
    report = run(trials=6, seed=3)
    assert report["second_sync_failed"] == 0, report["examples"]
    assert report["lost"] == report["applied_twice"] == report["other_differences"] == 0, report[
        "examples"
    ]
    assert report["outbox_entries_per_trial"]["min"] >= 50
