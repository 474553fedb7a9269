"""Background threads yield the CPU to the window's thread.

On a machine with two cores, a large sync keeps its threads busy for seconds (the page fetcher,
the writer, SQLite); the window's thread then waited behind them for a core, up to 40 ms at a
time, and its frames came late.
"""

from __future__ import annotations

import logging
import os
import sys
import threading

log = logging.getLogger(__name__)

NICE_STEP = 10  # a nice-10 thread gets about a tenth of the CPU a nice-0 one gets when both wait


def lower_this_thread() -> None:
    """This thread's nice value goes up by NICE_STEP; threads it starts later inherit it.
    Linux only: elsewhere the call would name a process rather than a thread."""
    if not sys.platform.startswith("linux"):
        return
    thread_id = threading.get_native_id()
    try:
        nice = os.getpriority(os.PRIO_PROCESS, thread_id)
        os.setpriority(os.PRIO_PROCESS, thread_id, min(19, nice + NICE_STEP))
    except OSError as error:  # a sandbox that forbids it: the thread runs as it was
        log.info("the sync's threads keep their priority: %s", error)
