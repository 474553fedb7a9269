"""Removing a profile's cache when its account signs out: its messages, unsent edits and search
index go with the sign-in, so nothing (`msgcenter unread` included) answers from them after."""

from __future__ import annotations

from pathlib import Path


def cache_files(cache_file: Path) -> list[Path]:
    """The cache, its WAL and shared memory, and copies set aside when it was found damaged.
    Caches of other accounts, set aside at a sign-in, are theirs and stay; so does the owner
    file, which keeps a cache that could not be removed from the next account."""
    folder = cache_file.parent
    found = [cache_file.with_name(cache_file.name + suffix) for suffix in ("", "-wal", "-shm")]
    found += sorted(folder.glob(f"{cache_file.name}.damaged-*"))
    return [path for path in found if path.exists()]


def remove_cache(cache_file: Path) -> list[Path]:
    """Delete them (the cache must be closed); returns those that could not be, with nothing
    raised: a sign-out goes on, and the caller says which files are left."""
    left = []
    for path in cache_files(cache_file):
        try:
            path.unlink()
        except OSError:
            left.append(path)
    return left
