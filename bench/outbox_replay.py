"""Outbox replay benchmark (issue 6): 1,000 queued edits replayed to the local reference server.

Two runs, each on a fresh account and cache, the edits queued offline exactly as the dialog and
the window queue them (`Cache.edit_entity`, `Cache.mark_read`), then one `SyncEngine.flush_outbox`:

- settings: 1,000 edits of what the settings dialog edits (the seven settings rows, 20 contacts,
  12 groups, edited over and over); unsent edits of one entity coalesce into one request;
- messages: 1,000 read / unread toggles of single messages, which cannot coalesce: one request
  each.

Requests are counted by a response hook on the client's HTTP session (every answer the server
gave). Target: one request per edit or fewer, under 20 s.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.api.client import ApiClient  # noqa: E402
from desktop.cache.store import Cache  # noqa: E402
from desktop.sync.engine import SyncEngine  # noqa: E402
from msgcenter import catalog  # noqa: E402
from tests.support import ServerProcess  # noqa: E402

EDITS = 1000


def counting_client(server: ServerProcess, name: str) -> tuple[ApiClient, list[int]]:
    client = ApiClient(server.url)
    client.sign_in(name, "secret")
    answered: list[int] = []
    client.session.hooks["response"].append(lambda reply, *a, **k: answered.append(1))
    return client, answered


def queue_entity_edits(cache: Cache, rng: random.Random) -> None:
    me = next(c.data for c in cache.entities.shown("contact") if c.data["is_account"])
    contacts = [str(uuid.uuid4()) for _ in range(20)]
    groups = [str(uuid.uuid4()) for _ in range(12)]
    editable = [s for s in catalog.SETTING_IDS if not s.startswith("account.")]
    made = 0
    for n, contact in enumerate(contacts):
        cache.entities.edit(
            "put", "contact", contact, {"name": f"c{n}", "mobile": f"1390000{n:04d}"}
        )
        made += 1
    for n, group in enumerate(groups):
        cache.entities.edit("put", "group", group, {"name": f"g{n}", "members": [me["id"]]})
        made += 1
    while made < EDITS:
        choice = rng.random()
        if choice < 0.4:
            setting = rng.choice(editable)
            recipients = {"contacts": [], "groups": rng.sample(groups, 2)}
            if rng.random() < 0.5:
                recipients = {"contacts": rng.sample(contacts, 3), "groups": []}
            channels = {"email": rng.random() < 0.5, "sms": rng.random() < 0.5}
            cache.entities.edit(
                "put", "setting", setting, {"channels": channels, "recipients": recipients}
            )
        elif choice < 0.7:
            n = rng.randrange(20)
            cache.entities.edit(
                "put", "contact", contacts[n],
                {"name": f"c{n} v{made}", "mobile": f"1390000{n:04d}", "email": None},
            )  # fmt: skip
        else:
            n = rng.randrange(12)
            members = rng.sample(contacts, rng.randrange(0, 6))
            cache.entities.edit("put", "group", groups[n], {"name": f"g{n}", "members": members})
        made += 1


def run(kind: str, folder: Path) -> dict:
    server = ServerProcess(folder / f"{kind}.db").start()
    try:
        name = f"bench-{kind}"
        account = server.create_account(name, "secret")
        if kind == "messages":
            for n in range(EDITS):
                server.publish(name, title=f"m{n}")
        path = folder / f"{kind}.sqlite3"
        client, answered = counting_client(server, name)
        engine = SyncEngine(path, client)
        engine.catch_up()
        engine.stop()
        cache = Cache(path)
        if kind == "messages":
            cursor, ids = None, []
            while True:
                page = account.get("/v1/messages", params={"limit": 200, "cursor": cursor}).json()
                ids += [m["id"] for m in page["items"]]
                cursor = page["next_cursor"]
                if cursor is None:
                    break
            for n, message_id in enumerate(ids[:EDITS]):
                cache.messages.mark_read([message_id], n % 2 == 0)
        else:
            queue_entity_edits(cache, random.Random(5))
        queued = cache.outbox.size()
        cache.close()

        client, answered = counting_client(server, name)
        engine = SyncEngine(path, client)
        started = time.perf_counter()
        result = engine.flush_outbox()
        wall = time.perf_counter() - started
        left = engine.cache.outbox.size()
        engine.stop()
        return {
            "edits": EDITS,
            "outbox_entries_after_coalescing": queued,
            "requests": len(answered),
            "requests_per_edit": round(len(answered) / EDITS, 3),
            "sent": result.sent,
            "held": result.held,
            "left": left,
            "wall_s": round(wall, 2),
            "ms_per_request": round(wall * 1000 / max(1, len(answered)), 1),
        }
    finally:
        server.stop()


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-outbox-"))
    report = {
        "benchmark": "outbox_replay",
        "settings_contacts_groups": run("entities", folder),
        "single_message_toggles": run("messages", folder),
        "target": {"requests_per_edit_at_most": 1, "wall_s_under": 20},
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
