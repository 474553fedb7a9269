"""The cache's parts one by one: the connection (open, migrate, salvage), the list's paging and
position queries, the outbox's states, and the entity view."""

import sqlite3

import pytest

from desktop.cache.connection import CacheDamaged, CacheError, Database, salvage
from desktop.cache.kinds import EntityKind, Operation, OutboxState
from desktop.cache.listing import TITLE_LIMIT, MessageFilter, fts_query
from desktop.cache.schema import SCHEMA_VERSION
from desktop.cache.store import Cache
from tests.unit.test_cache import contact, message, setting, upsert


@pytest.fixture
def cache(tmp_path):
    c = Cache(tmp_path / "cache.sqlite3")
    yield c
    c.close()


# -- connection -----------------------------------------------------------------------------------


def test_a_new_file_is_migrated_and_a_clean_close_is_remembered(tmp_path):
    database = Database(tmp_path / "c.sqlite3")
    version = database.connection.execute("PRAGMA user_version").fetchone()[0]
    assert version == SCHEMA_VERSION and database.get_meta("open") == "1"
    database.set_meta("k", "v")
    database.close()
    again = Database(tmp_path / "c.sqlite3")
    assert again.get_meta("k") == "v"
    again.set_meta("k", None)
    assert again.get_meta("k") is None
    again.close()


def test_a_newer_schema_a_folder_and_garbage_are_refused(tmp_path):
    newer = tmp_path / "newer.sqlite3"
    old = sqlite3.connect(newer)
    old.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    old.close()
    with pytest.raises(CacheDamaged, match="newer"):
        Database(newer, check=False)
    (tmp_path / "folder").mkdir()
    with pytest.raises(CacheError, match="folder"):
        Database(tmp_path / "folder")
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database" * 100)
    with pytest.raises(CacheDamaged):
        Database(garbage)


def test_a_failed_transaction_leaves_nothing_behind(cache):
    with pytest.raises(RuntimeError), cache.database.transaction() as db:
        cache.database.set_meta("half", "written", db)
        raise RuntimeError("stop")
    assert cache.database.get_meta("half") is None


def visible_elsewhere(cache, key):
    """A meta value as another connection (the views') reads it: only what is committed."""
    with sqlite3.connect(cache.path) as other:
        row = other.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row and row[0]


def test_grouped_transactions_are_committed_together_when_told(cache):
    with cache.database.grouped_writes() as group:
        assert not group.is_open
        for n in range(3):
            with cache.database.transaction() as db:
                cache.database.set_meta(f"k{n}", "v", db)
        assert group.is_open and visible_elsewhere(cache, "k0") is None
        group.commit()
        assert not group.is_open and visible_elsewhere(cache, "k2") == "v"
        with cache.database.transaction() as db:
            cache.database.set_meta("last", "v", db)
    assert visible_elsewhere(cache, "last") == "v"  # the end commits the rest
    with cache.database.transaction() as db:  # and transactions are their own again
        cache.database.set_meta("alone", "v", db)
    assert visible_elsewhere(cache, "alone") == "v"


def test_a_failure_in_a_group_undoes_what_it_had_not_committed(cache):
    with pytest.raises(RuntimeError), cache.database.grouped_writes() as group:
        with cache.database.transaction() as db:
            cache.database.set_meta("kept", "v", db)
        group.commit()
        with cache.database.transaction() as db:
            cache.database.set_meta("undone", "v", db)
        with cache.database.transaction() as db:
            cache.database.set_meta("failed", "v", db)
            raise RuntimeError("stop")
    assert not group.is_open
    assert cache.database.get_meta("kept") == "v"
    assert cache.database.get_meta("undone") is None and cache.database.get_meta("failed") is None


def test_salvage_reads_the_outbox_announced_and_kept_meta_and_survives_garbage(cache, tmp_path):
    cache.messages.mark_read(["m1"], True)
    cache.announcing.record(["m9"])
    cache.database.set_meta("announce_after_ms", "42")
    found = salvage(cache.path, ("announce_after_ms", "absent"))
    assert [row["op"] for row in found.outbox] == ["read"]
    assert [m for m, _ms in found.announced] == ["m9"]
    assert found.meta == {"announce_after_ms": "42"}
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"x" * 4096)
    nothing = salvage(garbage, ("announce_after_ms",))
    assert (nothing.outbox, nothing.announced, nothing.meta) == ([], [], {})


# -- the list's queries ---------------------------------------------------------------------------


def fill(cache, count=30):
    cache.apply_changes(
        [upsert("message", message(n, "fault" if n % 3 else "event")) for n in range(count)], "c"
    )


def test_pages_follow_an_anchor_and_read_backwards_from_the_end(cache):
    fill(cache)
    listing = cache.listing
    everything = listing.page(MessageFilter(), 100)
    assert [m.id for m in everything[:3]] == ["m29", "m28", "m27"]
    first = listing.page(MessageFilter(), 10)
    anchor = (first[-1].created_ms, first[-1].id)
    assert listing.page(MessageFilter(), 10, after=anchor) == everything[10:20]
    assert listing.page(MessageFilter(), 5, after=anchor, skip=5) == everything[15:20]
    assert listing.page_from_end(MessageFilter(), 10, 0) == everything[20:30]
    assert listing.page_from_end(MessageFilter(), 5, 5) == everything[20:25]


def test_listed_titles_keep_what_follows_a_nul_and_are_cut_whole_characters(cache):
    """The list reads its rows as one JSON array (a hex title each): nothing is lost on the way."""
    titles = {
        1: "故障\x00after the NUL",
        2: '\u202e\x1b[31m"quoted", back\\slash',
        3: "é" + "界" * 400,
    }
    cache.apply_changes(
        [upsert("message", {**message(n), "title": title}) for n, title in titles.items()], "c"
    )
    listed = {m.id: m.title for m in cache.listing.page(MessageFilter(), 10)}
    assert listed["m1"] == titles[1] and listed["m2"] == titles[2]
    assert listed["m3"] == "é" + "界" * (TITLE_LIMIT - 1)  # cut in SQL mid-character: no "�"


def test_positions_and_exact_counts_per_filter(cache):
    fill(cache)
    listing = cache.listing
    events = MessageFilter(category="event")
    assert listing.exact_count(events) == 10 and listing.exact_count(MessageFilter()) == 30
    assert listing.position(MessageFilter(), "m29") == 0
    assert listing.position(events, "m27") == 0 and listing.position(events, "m24") == 1
    assert listing.position(events, "m28") is None  # a fault: not in this list
    assert listing.position(events, "gone") is None
    cache.messages.mark_read(["m27"], True)
    assert listing.is_read("m27") and not listing.is_read("m24")
    unread = MessageFilter(category="event", unread_only=True)
    assert listing.exact_count(unread) == 9
    assert listing.exact_count(MessageFilter("event", True, keep="m27")) == 10  # kept, though read


def test_search_finds_substrings_with_or_without_the_index_and_cuts_titles_in_sql(cache):
    fill(cache)
    long = dict(message(99), title="长" * 400)
    cache.apply_changes([upsert("message", long)], "c2")
    for use_index in (True, False):
        found = cache.listing.page(MessageFilter(search="title 2"), 50, use_index=use_index)
        assert {m.id for m in found} == {"m2"} | {f"m{n}" for n in range(20, 30)}
    assert cache.listing.search_index_pays("title 2")  # few candidates: the index is worth it
    assert not cache.listing.search_index_pays("ti")  # too short for trigrams
    [listed] = cache.listing.page(MessageFilter(search="长长长"), 5)
    assert listed.title == "长" * 300
    assert fts_query('ab"cd') == '"ab""" AND "b""c" AND """cd"'


# -- the outbox -----------------------------------------------------------------------------------


def test_an_entry_goes_from_queued_to_held_to_queued_again_and_is_finished(cache):
    cache.apply_changes([upsert("contact", contact("li", "Li"))], "c1")
    cache.entities.edit(Operation.PUT, EntityKind.CONTACT, "li", {"name": "Lee", "mobile": "1"})
    entry = cache.outbox.next_to_send()
    assert entry is not None and entry.state == OutboxState.QUEUED and entry.op == Operation.PUT
    assert entry.if_match == '"1"' and entry.base["name"] == "Li"
    cache.outbox.mark_attempt(entry)
    theirs = contact("li", "Li (server)", etag='"2"')
    cache.park(entry, OutboxState.CONFLICT, "both changed", theirs)
    held = cache.outbox.held_entry(EntityKind.CONTACT, "li")
    assert held is not None and held.state == OutboxState.CONFLICT and held.attempts == 1
    assert cache.outbox.next_to_send() is None  # held: nothing of it goes
    assert cache.outbox.entries((OutboxState.CONFLICT,)) == [held]
    [shown] = [c for c in cache.entities.shown(EntityKind.CONTACT)]
    assert shown.problem == "both changed" and shown.pending == 1
    assert cache.entities.server_entity(EntityKind.CONTACT, "li")["etag"] == '"2"'
    cache.requeue(held, {"name": "Lee", "mobile": "1"}, '"2"', theirs)
    again = cache.outbox.next_to_send()
    assert again is not None and again.state == OutboxState.QUEUED and again.if_match == '"2"'
    assert again.idempotency_key != entry.idempotency_key  # a new request, a new key
    cache.finish_entry(again, contact("li", "Lee", etag='"3"'))
    assert cache.outbox.size() == 0
    assert cache.entities.server_entity(EntityKind.CONTACT, "li")["etag"] == '"3"'


def test_a_finished_entry_passes_its_etag_on_up_to_the_next_delete(cache):
    cache.entities.edit(Operation.PUT, EntityKind.GROUP, "g", {"name": "A", "members": []})
    cache.entities.edit(Operation.REMOVE, EntityKind.GROUP, "g")  # never sent: both dropped
    assert cache.outbox.size() == 0
    cache.entities.edit(Operation.PUT, EntityKind.GROUP, "g", {"name": "A", "members": []})
    first = cache.outbox.next_to_send()
    cache.outbox.mark_attempt(first)
    cache.entities.edit(Operation.PUT, EntityKind.GROUP, "g", {"name": "B", "members": []})
    cache.entities.edit(Operation.REMOVE, EntityKind.GROUP, "g")
    cache.entities.edit(Operation.PUT, EntityKind.GROUP, "g", {"name": "C", "members": []})
    cache.finish_entry(first, {"id": "g", "name": "A", "members": [], "etag": '"7"'})
    later = cache.outbox.entries()
    assert [(e.op, e.if_match) for e in later] == [
        (Operation.PUT, '"7"'),
        (Operation.REMOVE, '"7"'),
        (Operation.PUT, None),  # made anew after the delete: no If-Match
    ]


def test_a_rejected_edit_is_fixed_or_discarded(cache):
    cache.entities.edit(Operation.PUT, EntityKind.GROUP, "g", {"name": "taken", "members": []})
    entry = cache.outbox.next_to_send()
    cache.park(entry, OutboxState.REJECTED, "a group named 'taken' exists")
    cache.fix_rejected(entry.id, {"name": "free", "members": []})
    fixed = cache.outbox.get(entry.id)
    assert fixed.state == OutboxState.QUEUED and fixed.payload["name"] == "free"
    assert fixed.reason is None
    cache.discard(entry.id)
    assert cache.outbox.get(entry.id) is None and cache.entities.shown(EntityKind.GROUP) == []


def test_a_delete_is_held_back_for_its_undo_time(cache):
    fill(cache, 3)
    cache.messages.delete(["m0"], hold_ms=60_000)
    assert cache.outbox.next_to_send() is None
    assert 50 < cache.outbox.seconds_until_due() <= 60
    cache.messages.delete(["m1"])
    assert cache.outbox.next_to_send().payload == {"ids": ["m1"]}


# -- entities -------------------------------------------------------------------------------------


def test_the_view_replays_edits_over_the_server_state_and_revert_drops_them(cache):
    cache.apply_changes(
        [
            upsert("contact", contact("me", "Me", is_account=True)),
            upsert("contact", contact("li", "Li")),
            upsert("setting", setting(["li"])),
        ],
        "c1",
    )
    cache.entities.edit(Operation.PUT, EntityKind.CONTACT, "li", {"name": "Lee", "mobile": "1"})
    [me, li] = cache.entities.shown(EntityKind.CONTACT)
    assert (me.id, me.pending) == ("me", 0) and (li.data["name"], li.pending) == ("Lee", 1)
    assert cache.entities.viewed_entity(EntityKind.CONTACT, "li")["name"] == "Lee"
    assert cache.entities.server_entity(EntityKind.CONTACT, "li")["name"] == "Li"
    assert cache.entities.revert(EntityKind.CONTACT, "li") == 1
    assert cache.entities.viewed_entity(EntityKind.CONTACT, "li")["name"] == "Li"
    cache.entities.edit(Operation.PRIMARY, EntityKind.CONTACT, "li")
    primary = {c.id: c.data["primary"] for c in cache.entities.shown(EntityKind.CONTACT)}
    assert primary == {"me": False, "li": True}


def test_a_delete_the_server_took_applies_its_fallback_to_the_known_state(cache):
    cache.apply_changes(
        [
            upsert("contact", contact("me", "Me", is_account=True)),
            upsert("contact", contact("li", "Li")),
            upsert("setting", setting(["li"])),
        ],
        "c1",
    )
    cache.entities.edit(Operation.REMOVE, EntityKind.CONTACT, "li")
    entry = cache.outbox.next_to_send()
    cache.finish_entry(entry)
    known = cache.entities.server_entity(EntityKind.SETTING, "security.ddos")
    assert known["recipients"] == {"contacts": ["me"], "groups": []}
    assert cache.entities.server_entity(EntityKind.CONTACT, "li") is None
