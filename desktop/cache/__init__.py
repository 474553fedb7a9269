"""The local SQLite store: schema and migrations, queries, the outbox."""

from desktop.cache.store import Cache, CacheDamaged, CacheError, CacheFull, ChangeSummary

__all__ = ["Cache", "CacheDamaged", "CacheError", "CacheFull", "ChangeSummary"]
