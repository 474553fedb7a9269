"""Server request latency with 100,000 messages in one account (issue 2).

Walks /v1/changes from no cursor to the end in pages of 500; the first page of /v1/messages, with
and without q=; POST /v1/messages/read of 500 ids. Prints JSON; target: median request < 25 ms.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._util import seeded_db, summary
from tests.support import ApiSession, ServerProcess

MESSAGES = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000


def timed(session: ApiSession, method: str, path: str, **kwargs) -> tuple[float, dict]:
    started = time.perf_counter()
    reply = session.request(method, path, **kwargs)
    elapsed = (time.perf_counter() - started) * 1000
    reply.raise_for_status()
    return elapsed, reply.json()


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-server-"))
    db = folder / "bench.db"
    started = time.perf_counter()
    seeded_db(db, "bench", "bench", MESSAGES)
    seed_s = time.perf_counter() - started
    server = ServerProcess(db).start()
    try:
        session = ApiSession.sign_in(server.url, "bench", "bench")
        walk, cursor, entities = [], None, 0
        while True:
            params = {"limit": 500, **({"cursor": cursor} if cursor else {})}
            ms, page = timed(session, "GET", "/v1/changes", params=params)
            walk.append(ms)
            entities += len(page["changes"])
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
        first_page = [timed(session, "GET", "/v1/messages")[0] for _ in range(30)]
        search = [
            timed(session, "GET", "/v1/messages", params={"q": word})[0]
            for word in ["到期", "DDoS", "expired", "i-", "故障", "survey"] * 5
        ]
        ids = [m["id"] for m in session.get("/v1/messages", params={"limit": 200}).json()["items"]]
        page2 = session.get("/v1/messages", params={"limit": 200, "unread": "false"}).json()
        ids += [m["id"] for m in page2["items"]]
        ids = (ids * 3)[:500]
        read = [
            timed(session, "POST", "/v1/messages/read", json={"ids": ids, "read": n % 2 == 0})[0]
            for n in range(20)
        ]
        every = walk + first_page + search + read
        print(
            json.dumps(
                {
                    "benchmark": "server_requests",
                    "messages": MESSAGES,
                    "seed_seconds": round(seed_s, 1),
                    "changes_walk": {
                        "pages": len(walk),
                        "entities": entities,
                        "total_s": round(sum(walk) / 1000, 2),
                        **summary(walk),
                    },
                    "messages_first_page": summary(first_page),
                    "messages_search_q": summary(search),
                    "mark_read_500_ids": summary(read),
                    "all_requests": summary(every),
                    "target_median_ms": 25,
                },
                indent=2,
            )
        )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
