"""The event stream (Server-Sent Events) of one account: hints of its changes as they commit,
woken by the :class:`ChangeNotifier`, a ping comment in every silence."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

from starlette.concurrency import run_in_threadpool

from msgcenter.server import cursors
from msgcenter.server.notifier import ChangeNotifier
from msgcenter.server.store import Store

EVENT_BATCH = 500

Event = tuple[int, str, str, str]  # seq, kind, id, op


class SharedReads:
    """The event streams of one account, woken by one change, all ask "what came after seq n?"
    at once: one query answers every stream that asks the same question while it runs."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._running: dict[tuple[str, int], asyncio.Future[list[Event]]] = {}

    async def events_after(self, account_id: str, after: int) -> list[Event]:
        key = (account_id, after)
        future = self._running.get(key)
        if future is None:
            future = asyncio.ensure_future(
                run_in_threadpool(self.store.feed.events_after, account_id, after, EVENT_BATCH)
            )
            self._running[key] = future
            future.add_done_callback(lambda done: self._forget(key, done))
        # Shielded: a stream that goes away does not cancel the others' answer.
        return await asyncio.shield(future)

    def _forget(self, key: tuple[str, int], done: asyncio.Future[list[Event]]) -> None:
        self._running.pop(key, None)
        if not done.cancelled():
            done.exception()  # retrieved: a failure nobody awaited any more is not logged twice


async def event_stream(
    reads: SharedReads,
    notifier: ChangeNotifier,
    account_id: str,
    after: int,
    too_old: bool,
    heartbeat: float,
) -> AsyncIterator[str]:
    """`change` events from `after` on, a `: ping` comment every `heartbeat` seconds of silence."""
    yield "retry: 2000\n: connected\n\n"
    if too_old:
        yield 'event: resync\ndata: {"reason": "cursor-expired"}\n\n'
        return
    while True:
        batch = await reads.events_after(account_id, after)
        if batch:
            lines = []
            for seq, kind, entity_id, op in batch:
                data = json.dumps({"seq": seq, "kind": kind, "id": entity_id, "op": op})
                lines.append(f"id: {cursors.encode_seq(seq)}\nevent: change\ndata: {data}\n\n")
            after = batch[-1][0]
            yield "".join(lines)
            if len(batch) == EVENT_BATCH:
                continue
        if not await notifier.wait(account_id, after, heartbeat):
            yield ": ping\n\n"
