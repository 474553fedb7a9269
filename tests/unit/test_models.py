"""Every item model through Qt's model tester (QAbstractItemModelTester), filled from a real cache
and checked again on each insert, removal, change and reset that follows: offscreen, with
neither the server nor a desktop.

The tester stays connected to the model for the whole test: a signal that disagrees with the
rows (an insert announced for rows that are not there, a reset that leaves a stale count) is a
Qt warning, and pytest-qt fails the test on it (`qt_log_level_fail`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from desktop.cache.kinds import EntityKind, Operation
from desktop.cache.store import Cache
from desktop.models.categories import CategoryIdRole, CategoryListModel, UnreadRole
from desktop.models.entities import (
    ContactsModel,
    EntityIdRole,
    GroupsModel,
    LockedRole,
    PendingRole,
    ProblemRole,
    SettingsModel,
)
from desktop.models.messages import WINDOW, IdRole, MessageFilter, MessageListModel, ReadRole
from tests.hostile_server import contact, group, setting
from tests.unit.test_cache import delete, message, upsert

MESSAGES = 2 * WINDOW + 50  # three windows: anchors, and a jump to the end read backwards
REFUSED = "the server's words: that name is taken"

# -- the data: every write goes through the cache's public API, as the sync engine's and the
# -- user's do, so that these tests do not depend on how the cache stores it -------------------


def sync_batch(cache: Cache, upserts: Iterable[tuple[str, dict]] = (), deleted: Iterable[str] = ()):
    """A batch of the change feed applied to the cache: (kind, entity) upserts, deleted
    message ids."""
    changes = [upsert(kind, data) for kind, data in upserts]
    changes += [delete("message", message_id) for message_id in deleted]
    cache.apply_changes(changes, (cache.cursor or "c") + "+")


def filled_cache(path: Path) -> Cache:
    """The one fixture: messages in two categories (the even ones read), three settings in
    three categories (one locked), the account contact and two others, two groups; then,
    locally, an edit waiting to be sent and one the server refused."""
    cache = Cache(path)
    sync_batch(
        cache,
        [
            ("message", message(n, "fault" if n % 3 else "event", read=n % 2 == 0))
            for n in range(MESSAGES)
        ]
        + [
            ("setting", setting("fault.incident", recipients={"contacts": ["me"], "groups": []})),
            ("setting", setting("event.promotion", category="event", name="Promotion")),
            (
                "setting",
                setting(
                    "account.balance_warning",
                    category="account",
                    name="Balance warning",
                    locked=True,
                    channels={"email": True, "sms": True},
                    recipients={"contacts": [], "groups": ["ops"]},
                ),
            ),
            ("contact", contact("me", name="Me", is_account=True, primary=True)),
            ("contact", contact("k-1", name="Li", email="li@example.com", email_verified=True)),
            ("contact", contact("k-2", name="Wang", mobile=None, groups=["ops"])),
            ("group", group("ops", name="Ops", members=["k-1", "k-2"])),
            ("group", group("nobody", name="Nobody", members=[])),
        ],
    )
    cache.entities.edit(
        Operation("put"),
        EntityKind("contact"),
        "k-2",
        {**contact("k-2", name="Wang Wei", mobile=None)},
    )
    cache.entities.edit(
        Operation("put"), EntityKind("group"), "nobody", {"name": "Taken", "members": []}
    )
    refused = next(e for e in cache.outbox.entries() if e.entity_id == "nobody")
    cache.park(refused, "rejected", REFUSED)
    return cache


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Cache]:
    filled = filled_cache(tmp_path / "cache.sqlite3")
    yield filled
    filled.close()


def column(model, role: int = Qt.ItemDataRole.DisplayRole, at: int = 0) -> list:
    return [model.index(row, at).data(role) for row in range(model.rowCount())]


# -- the message list --------------------------------------------------------------------------


def test_the_message_list_passes_with_rows_loaded_lazily_and_far_down(qapp, qtmodeltester, cache):
    model = MessageListModel(cache)
    assert model.rowCount() == MESSAGES
    assert model.index(MESSAGES - 1).data(IdRole) == "m0"  # read backwards from the end
    assert model.index(0).data(IdRole) == f"m{MESSAGES - 1}"
    assert model.index(WINDOW + 3).data(IdRole) == f"m{MESSAGES - WINDOW - 4}"  # from an anchor
    qtmodeltester.check(model)
    assert model.row_of("m0") == MESSAGES - 1
    assert not model.index(0, 0, model.index(0)).isValid()  # a list: no children
    assert model.index(0).data(Qt.ItemDataRole.AccessibleTextRole).startswith("Unread: ")


def test_the_message_list_holds_messages_that_arrive_at_the_top(qapp, qtmodeltester, cache):
    model = MessageListModel(cache)
    model.index(0).data()  # the top rows loaded, as a view shows them
    qtmodeltester.check(model)
    sync_batch(cache, [("message", message(n, "fault")) for n in (MESSAGES, MESSAGES + 1)])
    assert model.refresh_after_insert() == 2
    assert model.index(0).data(IdRole) == f"m{MESSAGES + 1}"
    assert model.index(2).data(IdRole) == f"m{MESSAGES - 1}"


def test_the_message_list_passes_through_edits_and_removals(qapp, qtmodeltester, cache):
    model = MessageListModel(cache)
    qtmodeltester.check(model)

    cache.messages.mark_read([f"m{MESSAGES - 1}"], True)
    model.refresh_in_place()
    assert model.index(0).data(ReadRole) is True

    sync_batch(cache, deleted=[f"m{MESSAGES - 1}", "m0"])
    assert model.refresh_after_insert() == 0  # fewer rows: rebuilt, not inserted
    assert model.rowCount() == MESSAGES - 2
    assert model.index(0).data(IdRole) == f"m{MESSAGES - 2}"

    removed = cache.messages.delete([f"m{MESSAGES - 2}"])
    model.refresh()
    assert model.rowCount() == MESSAGES - 3
    cache.messages.undo_delete(removed)
    model.refresh()
    assert model.rowCount() == MESSAGES - 2
    sync_batch(cache, [("message", message(0, "event"))])  # an old one again: not at the top
    model.refresh()
    assert model.index(model.rowCount() - 1).data(IdRole) == "m0"


def test_the_message_list_passes_through_filters_and_small_searches(qapp, qtmodeltester, cache):
    model = MessageListModel(cache)
    qtmodeltester.check(model)

    model.set_filter(MessageFilter(category="event", unread_only=True))
    events = [n for n in range(MESSAGES) if n % 3 == 0 and n % 2]
    assert model.rowCount() == len(events)
    assert set(column(model, IdRole)) == {f"m{n}" for n in events}

    shown = model.index(0).data(IdRole)
    model.keep(shown)
    cache.messages.mark_read([shown], True)
    model.refresh_in_place()
    assert model.index(0).data(IdRole) == shown  # the open message stays until the user leaves
    model.keep(None)
    assert model.rowCount() == len(events) - 1

    model.set_filter(MessageFilter(search="title 12"))  # 12, 120–129
    assert sorted(column(model, IdRole)) == sorted(f"m{n}" for n in [12, *range(120, 130)])
    model.set_filter(MessageFilter(search="nothing like it"))
    assert model.rowCount() == 0
    model.set_filter(MessageFilter())
    assert model.rowCount() == MESSAGES


def test_the_message_list_fetches_a_searchs_rows_as_they_are_asked_for(qapp, qtmodeltester, cache):
    model = MessageListModel(cache)
    model.set_filter(MessageFilter(search="title"))  # every message: fetched as scrolled
    assert model.rowCount() == WINDOW and model.canFetchMore(QModelIndex())
    # The tester joins once the search is set: it asks for more rows as soon as a reset ends,
    # before it has taken note that the reset has ended, and would report its own insert.
    qtmodeltester.check(model)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == MESSAGES
    assert model.index(MESSAGES - 1).data(IdRole) == "m0"


# -- the categories ------------------------------------------------------------------------------


def test_the_category_list_passes_as_its_counts_change(qapp, qtmodeltester, cache):
    model = CategoryListModel()
    qtmodeltester.check(model)
    assert column(model, CategoryIdRole)[0] == "all" and model.rowCount() == 7

    model.set_counts(cache.messages.unread_counts())
    assert model.unread("all") == MESSAGES // 2
    fault = model.index(model.row_of("fault"))
    assert fault.data(UnreadRole) == cache.messages.unread_counts()["fault"]
    assert fault.data(Qt.ItemDataRole.AccessibleTextRole).endswith(" unread")

    model.set_counts({})
    assert column(model, UnreadRole) == [0] * 7
    assert model.index(0).data(Qt.ItemDataRole.AccessibleTextRole) == "All"


# -- the settings dialog's tables ----------------------------------------------------------------


def test_the_settings_table_passes_with_headers_locks_and_an_edit(qapp, qtmodeltester, cache):
    model = SettingsModel(cache)
    qtmodeltester.check(model)
    assert model.rowCount() == 0
    model.refresh()
    # A header row before each category's settings, in the catalogue's order.
    assert column(model) == ["Account messages", "Balance warning", "Fault messages",
                             "Fault notice", "Event messages", "Promotion"]  # fmt: skip
    assert [model.is_header(row) for row in range(6)] == [True, False] * 3
    assert model.headerData(model.SMS, Qt.Orientation.Horizontal) == "SMS"

    locked = model.index(1, model.SMS)
    assert locked.data(LockedRole) is True
    assert not locked.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.setData(locked, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert model.index(1, model.RECIPIENTS).data() == "Groups: Ops"

    toggled: list[tuple[str, str, bool]] = []
    model.channelToggled.connect(lambda *args: toggled.append(args))
    sms = model.index(3, model.SMS)
    assert sms.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert model.setData(sms, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert toggled == [("fault.incident", "sms", True)]

    cache.entities.edit(Operation("put"), EntityKind("setting"), "fault.incident", {
        "channels": {"email": True, "sms": True},
        "recipients": {"contacts": ["me"], "groups": []},
    })  # fmt: skip
    model.refresh()
    sms = model.index(3, model.SMS)
    assert sms.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.index(3, model.STATUS).data(PendingRole) == 1
    assert model.index(3, model.STATUS).data(Qt.ItemDataRole.ForegroundRole) is not None


def test_the_contacts_table_passes_with_the_account_first_and_an_edit_waiting(
    qapp, qtmodeltester, cache
):
    model = ContactsModel(cache)
    qtmodeltester.check(model)
    model.refresh()
    assert column(model, EntityIdRole) == ["me", "k-1", "k-2"]
    assert model.others() == 2
    assert model.index(2, model.NAME).data() == "Wang Wei"  # the unsent edit, shown at once
    assert model.index(2, model.MOBILE).data() == "—"
    assert model.index(2, model.GROUPS).data() == "Ops"
    assert model.index(2, model.STATUS).data(PendingRole) == 1

    cache.entities.edit(Operation("remove"), EntityKind("contact"), "k-1")
    model.refresh()
    assert column(model, EntityIdRole) == ["me", "k-2"]
    cache.entities.revert(EntityKind("contact"), "k-1")
    cache.entities.revert(EntityKind("contact"), "k-2")
    model.refresh()
    assert column(model, EntityIdRole) == ["me", "k-1", "k-2"]
    assert model.index(2, model.NAME).data() == "Wang"
    assert column(model, PendingRole, model.STATUS) == [0, 0, 0]


def test_the_groups_table_passes_with_an_edit_held_for_the_user(qapp, qtmodeltester, cache):
    model = GroupsModel(cache)
    qtmodeltester.check(model)
    model.refresh()
    assert column(model) == ["Ops", "Taken"]
    assert model.index(0, model.MEMBERS).data() == "2 members: Li, Wang Wei"
    held = model.index(1, model.STATUS)
    assert held.data(ProblemRole) == REFUSED
    assert held.data(Qt.ItemDataRole.ToolTipRole) == REFUSED
    assert held.data() == "⚠ Needs you: Settle…"
    assert model.index(1, model.MEMBERS).data() == "No members: receives nothing"

    cache.discard(cache.outbox.held_entry(EntityKind("group"), "nobody").id)
    model.refresh()
    assert column(model) == ["Ops", "Nobody"]
    assert model.index(1, model.STATUS).data(ProblemRole) is None
