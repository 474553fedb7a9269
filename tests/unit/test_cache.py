"""The local cache: schema, counts, applying changes, the outbox, damage and a full disk."""

import os
import sqlite3
import stat

import pytest

from desktop.cache.connection import CacheFull
from desktop.cache.schema import SCHEMA_VERSION
from desktop.cache.store import Cache
from desktop.sync.states import read_notice


def message(n, category="fault", read=False, created=None):
    return {
        "id": f"m{n}",
        "category": category,
        "type": {"fault": "fault.incident", "event": "event.promotion"}[category],
        "title": f"title {n}",
        "body": f"body {n} https://example.com/{n}",
        "created_at": created or f"2026-01-01T00:{n // 60 % 60:02d}:{n % 60:02d}.000Z",
        "read": read,
    }


def upsert(kind, data, seq=1):
    return {"seq": seq, "kind": kind, "id": data["id"], "op": "upsert", "data": data}


def delete(kind, entity_id, seq=1):
    return {"seq": seq, "kind": kind, "id": entity_id, "op": "delete", "data": None}


@pytest.fixture
def cache(tmp_path):
    c = Cache(tmp_path / "cache.sqlite3")
    yield c
    c.close()


def test_new_cache_is_private_and_at_the_latest_schema(tmp_path, cache):
    mode = stat.S_IMODE(os.stat(tmp_path / "cache.sqlite3").st_mode)
    assert mode == 0o600
    assert cache.database.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert cache.database.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migrations_run_stepwise_from_an_older_schema(tmp_path):
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    from desktop.cache.schema import MIGRATIONS

    for statement in MIGRATIONS[1]:
        old.execute(statement)
    old.execute(
        "INSERT INTO messages (id, category, type, title, body, created_at, created_ms, read) "
        "VALUES ('m1', 'fault', 'fault.incident', '故障通知', 'b', "
        "'2026-01-01T00:00:00.000Z', 0, 0)"
    )
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()
    cache = Cache(path)
    assert cache.database.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    # Version 2 indexed the existing row for search.
    found = cache.database.connection.execute(
        "SELECT rowid FROM messages_fts WHERE messages_fts MATCH '故障通'"
    )
    assert len(found.fetchall()) == 1
    assert cache.messages.unread_counts()["fault"] == 1
    cache.close()


def test_unread_counts_follow_inserts_updates_and_deletes(cache):
    cache.apply_changes(
        [
            upsert("message", message(n, "fault" if n % 2 else "event", read=n < 4))
            for n in range(10)
        ],
        "c1",
    )
    assert cache.messages.unread_counts() == {
        "account": 0, "product": 0, "security": 0, "fault": 3, "event": 3, "other": 0, "all": 6,
    }  # fmt: skip
    summary = cache.apply_changes(
        [upsert("message", message(5, "fault", read=True)), delete("message", "m6")], "c2"
    )
    assert summary.messages_changed == 1 and summary.messages_deleted == 1
    assert cache.messages.unread_counts()["fault"] == 2
    assert cache.messages.unread_counts()["event"] == 2
    assert cache.cursor == "c2"
    recount = cache.database.connection.execute(
        "SELECT category, SUM(read = 0) FROM messages GROUP BY category"
    ).fetchall()
    assert {r[0]: r[1] for r in recount} == {"fault": 2, "event": 2}


def counted_as_stored(cache):
    """The kept counts (category → unread, total) equal a count of the rows themselves."""
    db = cache.database.connection
    kept = {r[0]: (r[1], r[2]) for r in db.execute("SELECT * FROM unread_counts") if r[2]}
    rows = db.execute("SELECT category, SUM(read = 0), COUNT(*) FROM messages GROUP BY category")
    return kept == {r[0]: (r[1], r[2]) for r in rows}


def test_a_message_twice_in_one_page_is_counted_once_in_its_last_state(cache):
    cache.apply_changes(
        [
            upsert("message", message(1, "fault", read=False)),
            upsert("message", message(1, "event", read=True)),
            upsert("message", message(2, "fault")),
        ],
        "c1",
    )
    counts = cache.messages.unread_counts()
    assert counts["fault"] == 1 and counts["event"] == 0 and counts["all"] == 1
    assert cache.messages.count() == 2 and counted_as_stored(cache)


def test_a_delete_taken_back_is_counted_again(cache):
    cache.apply_changes([upsert("message", message(n, read=n == 0)) for n in range(3)], "c1")
    rows = cache.messages.delete(["m0", "m1"], hold_ms=10_000)
    assert cache.messages.unread_counts()["fault"] == 1
    assert cache.messages.undo_delete(rows)
    assert cache.messages.unread_counts()["fault"] == 2 and counted_as_stored(cache)


def test_local_read_edits_survive_an_older_server_page_until_sent(cache):
    cache.apply_changes([upsert("message", message(1))], "c1")
    cache.messages.mark_read(["m1"], True)
    assert cache.messages.get("m1").read is True
    # The server has not heard yet: a page still says unread.
    cache.apply_changes([upsert("message", message(1, read=False))], "c2")
    assert cache.messages.get("m1").read is True
    assert cache.messages.unread_counts()["all"] == 0
    [entry] = cache.outbox.entries()
    assert entry.op == "read" and entry.payload == {"ids": ["m1"], "read": True}
    assert entry.idempotency_key


def test_delete_and_undo(cache):
    cache.apply_changes([upsert("message", message(n)) for n in range(3)], "c1")
    removed = cache.messages.delete(["m0", "m1"])
    assert cache.messages.get("m0") is None and cache.messages.unread_counts()["all"] == 1
    assert cache.messages.undo_delete(removed) is True
    assert cache.messages.get("m0") is not None and cache.messages.unread_counts()["all"] == 3
    assert cache.outbox.size() == 0


def test_mark_all_read_uses_the_newest_cached_message(cache):
    cache.apply_changes([upsert("message", message(n)) for n in range(3)], "c1")
    up_to = cache.messages.mark_all_read("fault")
    assert up_to == message(2)["created_at"]
    assert cache.messages.unread_counts()["fault"] == 0
    # A newer message arriving afterwards stays unread, here and after the edit is sent.
    cache.apply_changes([upsert("message", message(90))], "c2")
    assert cache.messages.get("m90").read is False


def contact(cid, name, is_account=False, etag='"1"'):
    return {
        "id": cid, "name": name, "mobile": "13012345158", "email": None,
        "mobile_verified": True, "email_verified": False, "primary": is_account,
        "is_account": is_account, "groups": [], "etag": etag,
    }  # fmt: skip


def setting(recipients, etag='"3"'):
    return {
        "id": "security.ddos", "category": "security", "name": "DDoS attack alarm",
        "locked": False, "channels": {"email": True, "sms": True},
        "recipients": {"contacts": recipients, "groups": []}, "etag": etag,
    }  # fmt: skip


def test_entity_edits_show_at_once_coalesce_and_replay_fallback_rules(cache):
    cache.apply_changes(
        [
            upsert("contact", contact("me", "Me", is_account=True)),
            upsert("contact", contact("li", "Li")),
            upsert("setting", setting(["li"])),
        ],
        "c1",
    )
    cache.entities.edit("put", "contact", "new", {"name": "New", "mobile": "13900000000"})
    cache.entities.edit("put", "contact", "new", {"name": "Newer", "mobile": "13900000000"})
    assert [c.data["name"] for c in cache.entities.shown("contact")] == ["Me", "Li", "Newer"]
    assert cache.outbox.size() == 1  # coalesced into the unsent create
    cache.entities.edit("remove", "contact", "li")
    shown = cache.entities.shown("setting")[0]
    assert shown.data["recipients"] == {"contacts": ["me"], "groups": []}  # the server's fallback
    assert shown.pending == 0  # a consequence, not an edit of its own
    [li_delete] = [e for e in cache.outbox.entries() if e.entity_id == "li"]
    assert li_delete.if_match == '"1"' and li_delete.base["name"] == "Li"
    cache.entities.edit("remove", "contact", "new")
    assert [e.entity_id for e in cache.outbox.entries()] == ["li"]  # made and deleted offline


def test_a_damaged_file_is_set_aside_and_rebuilt_keeping_the_outbox(tmp_path):
    path = tmp_path / "cache.sqlite3"
    cache = Cache(path)
    cache.apply_changes([upsert("message", message(n)) for n in range(2000)], "c1")
    cache.messages.mark_read(["m1", "m2"], True)
    cache.database.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    cache.database.connection.close()  # a crash: no clean close
    size = path.stat().st_size
    with open(path, "r+b") as handle:  # scribble over the middle of the messages table
        handle.seek(size // 2)
        handle.write(os.urandom(8192))
    rebuilt, note = Cache.open_or_rebuild(path)
    assert read_notice(note) == {"code": "cache_rebuilt", "kept": 1}  # said in the user's words
    assert [e.payload for e in rebuilt.outbox.entries()] == [{"ids": ["m1", "m2"], "read": True}]
    assert rebuilt.cursor is None  # everything comes again from the server
    assert list(tmp_path.glob("cache.sqlite3.damaged-*"))
    rebuilt.close()


def test_a_file_that_is_not_a_database_is_rebuilt(tmp_path):
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    cache, note = Cache.open_or_rebuild(path)
    assert note and cache.messages.unread_counts()["all"] == 0
    cache.close()


def test_a_full_disk_is_a_clear_error_and_corrupts_nothing(tmp_path):
    path = tmp_path / "cache.sqlite3"
    cache = Cache(path)
    cache.apply_changes([upsert("message", message(n)) for n in range(10)], "c1")
    pages = cache.database.connection.execute("PRAGMA page_count").fetchone()[0]
    # SQLite's own limit on the file's size: past it, writes fail exactly as on a full disk.
    cache.database.connection.execute(f"PRAGMA max_page_count = {pages + 2}")
    big = [upsert("message", {**message(n), "body": "x" * 5000}) for n in range(100, 400)]
    with pytest.raises(CacheFull, match="disk is full"):
        cache.apply_changes(big, "c2")
    assert cache.cursor == "c1"  # the page and its cursor were not half-applied
    assert cache.messages.unread_counts()["all"] == 10
    with pytest.raises(CacheFull):
        cache.messages.mark_read([f"m{n}" for n in range(10)] + ["x" * 100_000], True)
    assert cache.database.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    cache.database.connection.execute("PRAGMA max_page_count = 1073741823")
    cache.apply_changes(big, "c2")
    assert cache.messages.unread_counts()["all"] == 310
    cache.close()


def found(cache, text, use_index=True):
    from desktop.cache.listing import MessageFilter

    rows = cache.listing.page(MessageFilter(search=text), 1000, use_index=use_index)
    return sorted(r.id for r in rows)


def index_is_sound(cache, complete=False):
    """FTS5's own check of the search index; `complete`: against the messages too, which fails
    on an entry taken out that was never put in, on one left behind, and on a message missing."""
    cache.database.connection.execute(
        "INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', ?)",
        (1 if complete else 0,),
    )
    return True


def test_a_catch_up_leaves_the_search_index_behind_and_search_still_finds_everything(cache):
    """Pages applied without indexing (as a catch-up does), then deletes, edits, an undo and a
    rowid reused above the index's mark: search finds by LIKE what the index lacks, the backlog
    fills it, and the index never holds a wrong entry."""
    cache.apply_changes([upsert("message", message(n), n) for n in range(1, 6)], "c1")
    cache.apply_changes([upsert("message", message(n), n) for n in range(6, 21)], "c2", index=False)
    assert found(cache, "title 1") == sorted(f"m{n}" for n in [1, 10, 11, 12, 13, 14, 15, 16,
                                                               17, 18, 19])  # fmt: skip
    # Out of the index or not: deleted, and edited by the server.
    cache.apply_changes([delete("message", "m2", 21), delete("message", "m20", 22)], "c3")
    changed = {**message(3), "title": "renamed three"}
    changed_late = {**message(19), "title": "renamed nineteen"}
    cache.apply_changes(
        [upsert("message", changed, 23), upsert("message", changed_late, 24)], "c4", index=False
    )
    assert index_is_sound(cache)
    # The newest rows go, then come back (undo): their rowids are below nothing indexed.
    removed = cache.messages.delete(["m18", "m19"], hold_ms=60_000)
    assert cache.messages.undo_delete(removed)
    assert index_is_sound(cache)
    assert found(cache, "renamed") == ["m19", "m3"]
    assert found(cache, "title 1") == found(cache, "title 1", use_index=False)
    while cache.messages.index_backlog(4):
        assert index_is_sound(cache)
    candidates = cache.database.connection.execute(
        "SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH '\"ren\"'"
    ).fetchone()[0]
    assert candidates == 2  # both renamed ones, now in the index itself
    assert found(cache, "renamed") == ["m19", "m3"]
    assert cache.messages.index_backlog(10) == 0
    assert index_is_sound(cache, complete=True)


def test_the_top_rows_deleted_then_new_ones_count_as_not_indexed(cache):
    cache.apply_changes([upsert("message", message(n), n) for n in range(1, 4)], "c1")
    cache.apply_changes([delete("message", "m3", 4)], "c2")  # rowid 3 leaves the index
    cache.apply_changes([upsert("message", message(7), 5)], "c3", index=False)  # rowid 3 again
    assert index_is_sound(cache)
    cache.apply_changes([delete("message", "m7", 6)], "c4")  # not in the index: nothing to take
    assert found(cache, "title 7") == []
    assert cache.messages.index_backlog(10) == 0
    assert index_is_sound(cache, complete=True)
