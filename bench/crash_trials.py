"""Crash trials (issue 12): `msgcenter sync` is killed (SIGKILL) at a random moment while it
replays an outbox of mixed edits; then `msgcenter sync` runs to the end, and the server must hold
exactly what the user did: nothing lost, nothing applied twice.

Each trial has its own account on one reference server, with 6 contacts, 3 groups and 30
messages, and its own profile, whose cache holds a queue of more than 50 edits made the way the
window and the settings dialog make them (`Cache.edit_entity`, `mark_read`, `delete_messages`,
`mark_all_read`): contacts created, edited, deleted, and one deleted then made again under the
same id; groups created, re-membered, deleted; every editable setting; single messages read,
read then unread again, deleted; a category read up to its newest message.

The expected state is what the user saw once the edits were made: the cache's own view (the
server's state with the outbox replayed over it). After the kill and the full sync the server
is compared with it, entity by entity and message by message:

- lost: an edit whose effect is missing (a field at its old value, a created entity absent, a
  deleted one still there, a message still unread or not deleted);
- applied twice: an effect that shows an edit ran again after a later one, or beyond what was
  asked: a contact or group present twice (same name, two ids), a member listed twice, an
  entity deleted that was made again after its delete, a message read or unread as an earlier
  edit of it said rather than the last;
- other: any other difference (none expected either).

The CLI keeps its sign-in in the system keyring: run inside the headless desktop,
`scripts/desktop-session.sh --keyring -- python bench/crash_trials.py [--trials N]`.
Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.account.session import Session, SignInNotKept  # noqa: E402
from desktop.api.client import ApiClient  # noqa: E402
from desktop.cache.rows import OutboxEntry  # noqa: E402
from desktop.cache.store import Cache  # noqa: E402
from desktop.platform.paths import Paths, paths_for  # noqa: E402
from desktop.sync.engine import SyncEngine  # noqa: E402
from msgcenter import catalog  # noqa: E402
from tests.support import ServerProcess  # noqa: E402

PASSWORD = "secret"
MESSAGES = 30
KINDS = ("setting", "contact", "group")
CATEGORIES = [("fault", "fault.incident"), ("event", "event.promotion"),
              ("product", "product.expiry")]  # fmt: skip


@dataclass
class Trial:
    """One account and profile, its queued edits, and what the server must end with."""

    name: str
    home: Path  # MSGCENTER_HOME
    paths: Paths
    entries: int = 0
    expected: dict[str, dict[str, Any]] = field(default_factory=dict)
    expected_read: dict[str, bool] = field(default_factory=dict)
    history: dict[tuple[str, str], list[Any]] = field(default_factory=dict)  # earlier values
    removed: set[tuple[str, str]] = field(default_factory=set)  # deletes in the outbox


def shape(kind: str, entity: dict[str, Any]) -> Any:
    """What an edit sets, without the server's bookkeeping (etags, flags, back-references)."""
    if kind == "contact":
        return {"name": entity["name"], "mobile": entity["mobile"], "email": entity["email"]}
    if kind == "group":
        return {"name": entity["name"], "members": list(entity["members"])}
    return {"channels": entity["channels"], "recipients": entity["recipients"]}


def contact(n: int, version: str = "") -> dict[str, Any]:
    return {"name": f"c{n}{version}", "mobile": f"1390000{n:04d}", "email": None}


def make_trial(server: ServerProcess, folder: Path, number: int, rng: random.Random) -> Trial:
    name = f"crash-{number}-{uuid.uuid4().hex[:6]}"
    server.create_account(name, PASSWORD)
    for n in range(MESSAGES):
        server.publish(name, *CATEGORIES[n % len(CATEGORIES)], title=f"m{n}")
    trial = Trial(name, folder / name, paths_for("default", str(folder / name)))
    Session(trial.paths).sign_in(server.url, name, PASSWORD, memory_ok=False).close()

    # The starting point on the server: six contacts and three groups, made by the app.
    contacts = [str(uuid.uuid4()) for _ in range(6)]
    groups = [str(uuid.uuid4()) for _ in range(3)]
    cache = Cache(trial.paths.cache_file)
    for n, contact_id in enumerate(contacts):
        cache.entities.edit("put", "contact", contact_id, contact(n))
    for n, group_id in enumerate(groups):
        cache.entities.edit("put", "group", group_id, {"name": f"g{n}", "members": contacts[:3]})
    cache.close()
    engine = SyncEngine(trial.paths.cache_file, Session(trial.paths).client())
    engine.catch_up()
    assert engine.flush_outbox().held == 0
    engine.catch_up()
    engine.stop()

    cache = Cache(trial.paths.cache_file)
    queue_edits(cache, rng, contacts, groups, trial)
    trial.entries = cache.outbox.size()
    for kind in KINDS:
        for entity in (shown.data for shown in cache.entities.shown(kind)):
            if entity.get("is_account"):
                continue  # not edited, and the server's own
            trial.expected[f"{kind}/{entity['id']}"] = shape(kind, entity)
    trial.expected_read = {
        row["id"]: bool(row["read"])
        for row in cache.database.connection.execute("SELECT id, read FROM messages")
    }
    cache.close()
    return trial


def queue_edits(
    cache: Cache, rng: random.Random, contacts: list[str], groups: list[str], trial: Trial
) -> None:
    """More than 50 outbox entries of every kind, entity edits in a sensible order with the
    message edits shuffled in among them."""
    new_contacts = [str(uuid.uuid4()) for _ in range(8)]
    new_groups = [str(uuid.uuid4()) for _ in range(4)]
    everyone = contacts[:4] + new_contacts
    entity_edits: list[tuple[str, str, str, dict[str, Any] | None]] = []
    for n, contact_id in enumerate(new_contacts):
        entity_edits.append(("put", "contact", contact_id, contact(10 + n)))
    for n, contact_id in enumerate(contacts):
        entity_edits.append(("put", "contact", contact_id, contact(n, " (edited)")))
    for n, group_id in enumerate(new_groups):
        members = rng.sample(everyone, rng.randrange(1, 6))
        entity_edits.append(("put", "group", group_id, {"name": f"new g{n}", "members": members}))
    for n, group_id in enumerate(groups):
        members = rng.sample(everyone, rng.randrange(0, 6))
        entity_edits.append(("put", "group", group_id, {"name": f"g{n}", "members": members}))
    for setting in [s for s in catalog.SETTING_IDS if not s.startswith("account.")]:
        if rng.random() < 0.5:
            recipients = {"contacts": rng.sample(everyone, 2), "groups": []}
        else:
            recipients = {"contacts": [], "groups": rng.sample(new_groups, 2)}
        channels = {"email": rng.random() < 0.5, "sms": rng.random() < 0.5}
        entity_edits.append(
            ("put", "setting", setting, {"channels": channels, "recipients": recipients})
        )
    entity_edits += [
        ("remove", "contact", contacts[4], None),
        ("remove", "group", groups[2], None),
        ("remove", "contact", contacts[5], None),
        ("put", "contact", contacts[5], contact(5, " (again)")),  # made again, same id
    ]

    ids = [
        row["id"]
        for row in cache.database.connection.execute("SELECT id FROM messages ORDER BY id")
    ]
    rng.shuffle(ids)
    message_edits: list[tuple[str, Any]] = [("read", [i]) for i in ids[:15]]
    message_edits += [("read", [ids[15]]), ("unread", [ids[15]])]  # the last one counts
    message_edits += [("delete", [i]) for i in ids[16:21]]
    message_edits.append(("read_up_to", "fault"))

    # Message edits at random places among the entity edits (whose own order matters).
    slots = sorted(rng.randrange(len(entity_edits) + 1) for _ in message_edits)
    rng.shuffle(message_edits)
    plan: list[tuple[str, Any]] = [("entity", edit) for edit in entity_edits]
    for slot, edit in zip(reversed(slots), message_edits, strict=True):
        plan.insert(slot, ("message", edit))

    for what, edit in plan:
        if what == "entity":
            op, kind, entity_id, payload = edit
            before = cache.entities.viewed_entity(kind, entity_id)
            if before is not None:
                trial.history.setdefault((kind, entity_id), []).append(shape(kind, before))
            if op == "remove":
                trial.removed.add((kind, entity_id))
            cache.entities.edit(op, kind, entity_id, payload)
        else:
            op, target = edit
            if op in ("read", "unread"):
                cache.messages.mark_read(target, op == "read")
            elif op == "delete":
                cache.messages.delete(target)  # its undo time over: due at once
            else:
                cache.messages.mark_all_read(target)


def server_state(client: ApiClient) -> tuple[dict[str, list[dict[str, Any]]], dict[str, bool]]:
    entities = {
        "setting": client.settings(),
        "contact": client.contacts(),
        "group": client.groups(),
    }
    read: dict[str, bool] = {}
    cursor = None
    while True:
        page = client.messages(limit=200, **({"cursor": cursor} if cursor else {}))
        read.update({m["id"]: bool(m["read"]) for m in page["items"]})
        cursor = page["next_cursor"]
        if cursor is None:
            return entities, read


def compare(trial: Trial, client: ApiClient) -> dict[str, list[str]]:
    """The differences between the server and the expected state, by class."""
    found: dict[str, list[str]] = {"lost": [], "applied_twice": [], "other": []}
    left = outbox_left(trial)  # after the full sync: nothing, or edits the server refused
    held = {(entry.kind, entry.entity_id) for entry in left}
    found["lost"] += [f"{e.op} {e.kind} {e.entity_id} left in the outbox ({e.state})" for e in left]
    entities, read = server_state(client)
    actual: dict[str, Any] = {}
    for kind, items in entities.items():
        names = [item.get("name") for item in items if kind != "setting"]
        for duplicate in {n for n in names if names.count(n) > 1}:
            found["applied_twice"].append(f"{kind} {duplicate!r} twice")
        for item in items:
            if kind == "contact" and item.get("is_account"):
                continue
            actual[f"{kind}/{item['id']}"] = shape(kind, item)
            if kind == "group" and len(set(item["members"])) != len(item["members"]):
                found["applied_twice"].append(f"group {item['name']!r}: a member twice")
    for key in sorted(set(trial.expected) | set(actual)):
        kind, entity_id = key.split("/", 1)
        want, have = trial.expected.get(key), actual.get(key)
        if want == have:
            continue
        if want is not None and have is None:
            # Made again after its delete: gone because that delete ran again after the new
            # create, unless the create itself is still held in the outbox.
            again = (kind, entity_id) in trial.removed and (kind, entity_id) not in held
            found["applied_twice" if again else "lost"].append(f"{key} missing")
        elif want is None:
            found["lost" if (kind, entity_id) in trial.removed else "other"].append(
                f"{key} still there"
            )
        elif have in trial.history.get((kind, entity_id), []):
            found["lost"].append(f"{key} at an older value")
        else:
            found["other"].append(f"{key}: {have} != {want}")
    for message_id in sorted(set(trial.expected_read) | set(read)):
        want_read, have_read = trial.expected_read.get(message_id), read.get(message_id)
        if want_read == have_read:
            continue
        if have_read is None:
            found["other"].append(f"message {message_id} deleted")
        elif want_read is None:
            found["lost"].append(f"message {message_id} not deleted")
        else:
            found["lost"].append(f"message {message_id} read={have_read}")
    return found


def msgcenter_sync(trial: Trial) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", "sync"],
        env={**os.environ, "MSGCENTER_HOME": str(trial.home)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip


def finish(trial: Trial) -> tuple[int, str]:
    process = msgcenter_sync(trial)
    _out, err = process.communicate(timeout=120)
    return process.returncode, err


def outbox_left(trial: Trial) -> list[OutboxEntry]:
    cache = Cache(trial.paths.cache_file)
    try:
        return cache.outbox.entries()
    finally:
        cache.close()


def run(trials: int, seed: int = 12, log=None) -> dict[str, Any]:
    """`trials` killed runs after one control run (no kill) that sets the time scale."""
    rng = random.Random(seed)
    folder = Path(tempfile.mkdtemp(prefix="crash-trials-"))
    server = ServerProcess(folder / "server.db").start()
    started = time.perf_counter()
    try:
        control = make_trial(server, folder, 0, rng)
        began = time.perf_counter()
        status, err = finish(control)
        full_run_s = time.perf_counter() - began
        if status != 0:
            raise RuntimeError(f"the control sync failed: {err.strip()}")
        control_found = compare(control, Session(control.paths).client())
        if any(control_found.values()):
            raise RuntimeError(f"the control run differs from the expected state: {control_found}")

        totals = {"lost": 0, "applied_twice": 0, "other": 0}
        examples: list[str] = []
        sent_at_kill: list[float] = []
        finished_before_kill = failed_second_runs = 0
        entries = []
        for number in range(1, trials + 1):
            trial = make_trial(server, folder, number, rng)
            entries.append(trial.entries)
            process = msgcenter_sync(trial)
            time.sleep(rng.uniform(0, 1.1 * full_run_s))  # the random kill point
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
            else:
                finished_before_kill += 1
            process.communicate()
            sent_at_kill.append(1 - len(outbox_left(trial)) / trial.entries)
            status, err = finish(trial)
            if status != 0:
                failed_second_runs += 1
                examples.append(f"trial {number}: the second sync failed: {err.strip()}")
            found = compare(trial, Session(trial.paths).client())
            for kind, items in found.items():
                totals[kind] += len(items)
                examples += [f"trial {number}: {kind}: {item}" for item in items[:3]]
            if log:
                log(f"trial {number}: sent before the kill {sent_at_kill[-1]:.0%}, {found}")
    finally:
        server.stop()
    buckets = {"none": 0, "1-49%": 0, "50-99%": 0, "all": 0}
    for share in sent_at_kill:
        key = (
            "none" if share == 0 else "all" if share == 1 else "1-49%" if share < 0.5 else "50-99%"
        )
        buckets[key] += 1
    return {
        "trials": trials,
        "outbox_entries_per_trial": {"min": min(entries), "max": max(entries)},
        "control_sync_s": round(full_run_s, 2),
        "kill_delay_s": f"uniform 0 to {1.1 * full_run_s:.2f}",
        "edits_sent_before_the_kill": buckets,
        "finished_before_the_kill": finished_before_kill,
        "second_sync_failed": failed_second_runs,
        "lost": totals["lost"],
        "applied_twice": totals["applied_twice"],
        "other_differences": totals["other"],
        "examples": examples[:20],
        "wall_s": round(time.perf_counter() - started, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--verbose", action="store_true", help="a line per trial on stderr")
    args = parser.parse_args()
    say = (lambda text: print(text, file=sys.stderr, flush=True)) if args.verbose else None
    try:
        report = run(args.trials, args.seed, say)
    except SignInNotKept:
        print("crash_trials: needs a system keyring: run it inside "
              "scripts/desktop-session.sh --keyring", file=sys.stderr)  # fmt: skip
        return 1
    print(json.dumps({"benchmark": "crash_trials", **report}, indent=2))
    return 0 if report["lost"] == report["applied_twice"] == report["other_differences"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
