"""Wakes event streams and long polls when a change is committed: no polling loop anywhere.

The store calls :meth:`ChangeNotifier.notify` from whichever thread committed; waiters are
coroutines on the server's event loop. The check "is there anything after my sequence?" and the
registration of a waiter happen in one step on the loop, so a change committed between a waiter's
query and its wait still wakes it. Changes committed by other server processes arrive the same
way, from the PostgreSQL listener (fanout.py); after that listener reconnects, `wake_all` wakes
every waiter to look again, since what it missed meanwhile cannot be known.
"""

from __future__ import annotations

import asyncio


class ChangeNotifier:
    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._latest: dict[str, int] = {}
        # Per account: each waiter's future and the sequence it has seen.
        self._waiters: dict[str, dict[asyncio.Future[None], int]] = {}

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def notify(self, account_id: str, seq: int) -> None:
        """Thread-safe: called after a commit that took the account's sequence to `seq`."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        if _running_loop() is loop:
            self._wake(account_id, seq)
        else:
            loop.call_soon_threadsafe(self._wake, account_id, seq)

    def wake_all(self) -> None:
        """Thread-safe: every waiter looks again (the listener was away and may have missed
        changes)."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._wake_all)

    def _wake(self, account_id: str, seq: int) -> None:
        if seq > self._latest.get(account_id, 0):
            self._latest[account_id] = seq
        # A change heard twice (from this process and from the listener) wakes no one twice.
        for waiter, seen in self._waiters.get(account_id, {}).items():
            if seen < seq and not waiter.done():
                waiter.set_result(None)

    def _wake_all(self) -> None:
        for waiters in self._waiters.values():
            for waiter in waiters:
                if not waiter.done():
                    waiter.set_result(None)

    async def wait(self, account_id: str, after_seq: int, timeout: float) -> bool:
        """Wait until the account has a change after `after_seq`; False when `timeout` ran out."""
        if self._latest.get(account_id, 0) > after_seq:
            return True
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.setdefault(account_id, {})[waiter] = after_seq
        try:
            await asyncio.wait_for(asyncio.shield(waiter), timeout)
            return True
        except TimeoutError:
            return False
        finally:
            waiters = self._waiters.get(account_id)
            if waiters is not None:
                waiters.pop(waiter, None)
                if not waiters:
                    self._waiters.pop(account_id, None)

    def waiting(self) -> int:
        """How many streams and polls are waiting (for tests: a disconnect leaks nothing)."""
        return sum(len(w) for w in self._waiters.values())


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
