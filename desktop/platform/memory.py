"""Giving memory back to the system, where the C library allows it (glibc on Linux).

A first sync decodes hundreds of thousands of small objects on worker threads; freed, they stay
in the allocator's arenas (one per thread that allocated, by default up to eight per core) and
in the resident size of an app that then sits in the tray for days. Fewer arenas, and a trim
once a large sync is done, hand most of it back. And what the app never uses is kept out of it
(the sources PySide6's import hook would read, requests' charset guesser).
"""

from __future__ import annotations

import ctypes
import functools
import logging
import sys
import warnings

log = logging.getLogger(__name__)

M_ARENA_MAX = -8  # glibc's mallopt parameter
ARENAS = 2  # the GUI thread's main arena and one shared by the workers


@functools.cache
def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        # The process's own symbols, the C library's among them: no ctypes.util, whose
        # find_library runs ldconfig and imports subprocess on the start path.
        libc = ctypes.CDLL(None)
        libc.malloc_trim  # noqa: B018 - glibc only (musl has none): checked once here
        libc.mallopt  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


def limit_arenas() -> None:
    """Call before the worker threads start: they share arenas instead of one each."""
    libc = _libc()
    if libc is not None and not libc.mallopt(M_ARENA_MAX, ARENAS):
        log.info("mallopt(M_ARENA_MAX) was refused")


def give_back() -> None:
    """Return the allocator's free memory to the system (a few milliseconds; any thread)."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


def read_no_sources() -> None:
    """Call before the app's modules are imported. PySide6 replaces `__import__`: for each module
    imported after it, it reads the module's whole source (`inspect.getsource`) to see whether it
    names PySide6, and `linecache` keeps every line of it: 8 MiB in the tray, never given back
    (the lines lie among longer-lived objects). The answer only decides whether
    `from __feature__ import ...` switches could apply to the module; this app uses none, so
    every module is answered "ignore" unread. With a PySide6 whose hook differs, nothing
    changes."""
    import PySide6.QtCore  # noqa: F401 - loads the hook

    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        setattr(feature, "_mod_uses_pyside", _uses_no_features)  # noqa: B010 - private: named in no stubs


def _uses_no_features(_module: object) -> bool:
    return False


def guess_no_charsets() -> None:
    """Call before requests is imported. requests imports a character-set guesser
    (charset_normalizer, or chardet) for `Response.text` of a reply that names no charset: 2.6 MiB
    resident in the tray, for nothing: the client reads bytes only (JSON, UTF-8 by the API's
    contract, and the event stream). Without a guesser requests takes such text as UTF-8; the
    warning it gives about that at import is silenced."""
    for name in ("chardet", "charset_normalizer"):
        # None in sys.modules: `import name` raises ImportError, as if it were not installed.
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
    warnings.filterwarnings(
        "ignore", "Unable to find acceptable character detection", module="requests"
    )
