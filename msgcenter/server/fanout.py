"""Changes committed by other server processes on one PostgreSQL database, heard through
`LISTEN/NOTIFY`: every write's transaction sends `pg_notify` (store/database.py), and each server
keeps one listening connection of its own that feeds what it hears into its ChangeNotifier.

A lost connection is made again with back-off (0.1 s doubling to 5 s); once it listens again,
every waiting stream and poll is woken to look at the database, so no change is missed however
long the listener was away.
"""

from __future__ import annotations

import logging
import threading

import psycopg
import sqlalchemy as sa

from msgcenter.server.notifier import ChangeNotifier
from msgcenter.server.store.database import CHANGES_CHANNEL

log = logging.getLogger("msgcenter.server")

FIRST_RETRY_S = 0.1
LAST_RETRY_S = 5.0


class ChangeListener:
    """A daemon thread that listens for the other servers' changes: `start()`, `stop()`;
    `listening` is set while the connection listens."""

    def __init__(self, url: sa.URL, notifier: ChangeNotifier) -> None:
        # libpq takes the URL without SQLAlchemy's "+psycopg"; keepalives find a dead peer.
        self.conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.notifier = notifier
        self.listening = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="change-listener", daemon=True)

    def start(self) -> ChangeListener:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        delay = FIRST_RETRY_S
        while not self._stop.is_set():
            try:
                self._listen()
                delay = FIRST_RETRY_S
            except (psycopg.Error, OSError) as error:
                if self.listening.is_set():
                    log.warning("listening for other servers' changes failed: %s", error)
                self.listening.clear()
                self._stop.wait(delay)
                delay = min(LAST_RETRY_S, delay * 2)
            except Exception:  # never a silent death: say it, then listen again
                log.exception("the change listener failed")
                self.listening.clear()
                self._stop.wait(LAST_RETRY_S)

    def _listen(self) -> None:
        with psycopg.connect(
            self.conninfo,
            autocommit=True,
            connect_timeout=5,
            keepalives=1,
            keepalives_idle=10,
            keepalives_interval=5,
            keepalives_count=3,
        ) as conn:
            conn.execute(f"LISTEN {CHANGES_CHANNEL}")
            self.listening.set()
            self.notifier.wake_all()  # what was committed while nobody listened
            while not self._stop.is_set():
                for note in conn.notifies(timeout=0.5):  # then look at the stop flag
                    account_id, _, seq = note.payload.partition(" ")
                    if seq.isdigit():
                        self.notifier.notify(account_id, int(seq))
