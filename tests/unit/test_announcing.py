"""What gets announced (once, ever), the preferences that decide it, and start at login."""

import json
import os
import stat
from datetime import datetime

import pytest

from desktop.announcing.announcer import Announcer, _merged
from desktop.cache.rows import Arrivals, ArrivedMessage
from desktop.cache.store import Cache
from desktop.platform.autostart import XdgAutostart, entry_for, launch_command, set_start_at_login
from desktop.preferences import PAUSED_FOREVER, Preferences, pause_until, within
from tests.unit.test_cache import message, upsert


def created(minute: int) -> str:
    return f"2026-03-01T10:{minute:02d}:00.000Z"


@pytest.fixture
def cache(tmp_path):
    c = Cache(tmp_path / "cache.sqlite3")
    yield c
    c.close()


def test_a_first_sync_is_history_and_later_messages_are_announced_once(cache):
    cache.apply_changes([upsert("message", message(n, created=created(n))) for n in range(5)], "c1")
    assert cache.announcing.arrivals(set()) is None  # the first sync's messages are never announced
    cache.apply_changes([upsert("message", message(10, created=created(10)))], "c2")
    offered: set[str] = set()
    arrivals = cache.announcing.arrivals(offered)
    assert arrivals is not None and arrivals.ids == ["m10"]
    assert arrivals.newest[0].title == "title 10" and arrivals.by_category == {"fault": 1}

    offered.update(arrivals.ids)  # passed on, not yet recorded: not offered twice
    assert cache.announcing.arrivals(offered) is None
    cache.announcing.record(arrivals.ids)
    assert cache.announcing.arrivals(offered) is None and offered == set()


def test_announced_messages_stay_announced_across_a_full_resync_and_a_restart(tmp_path):
    path = tmp_path / "cache.sqlite3"
    cache = Cache(path)
    cache.apply_changes([upsert("message", message(1, created=created(1)))], "c1")
    cache.announcing.arrivals(set())
    cache.apply_changes([upsert("message", message(2, created=created(2)))], "c2")
    cache.announcing.record(cache.announcing.arrivals(set()).ids)
    generation = cache.start_full_resync()
    cache.apply_changes([upsert("message", message(n, created=created(n))) for n in (1, 2)], "c3")
    cache.finish_full_resync(generation)
    cache.close()
    reopened = Cache(path)
    assert reopened.announcing.arrivals(set()) is None
    reopened.apply_changes([upsert("message", message(3, created=created(3)))], "c4")
    assert reopened.announcing.arrivals(set()).ids == ["m3"]
    reopened.close()


def test_read_messages_are_not_announced(cache):
    cache.apply_changes([upsert("message", message(1, created=created(1)))], "c1")
    cache.announcing.arrivals(set())
    cache.apply_changes([upsert("message", message(2, read=True, created=created(2)))], "c2")
    assert cache.announcing.arrivals(set()) is None


def test_a_rebuilt_cache_keeps_what_was_announced(tmp_path):
    path = tmp_path / "cache.sqlite3"
    cache = Cache(path)
    cache.apply_changes([upsert("message", message(n)) for n in range(2000)], "c1")
    cache.announcing.arrivals(set())
    cache.apply_changes([upsert("message", message(5000, created=created(1)))], "c2")
    cache.announcing.record(["m5000"])
    cache.database.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    cache.database.connection.close()  # a crash, then damage in the middle of the messages
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(size // 2)
        handle.write(os.urandom(8192))
    rebuilt, note = Cache.open_or_rebuild(path)
    assert note is not None
    rebuilt.apply_changes([upsert("message", message(n)) for n in range(2000)], "c")
    later = [message(5000, created=created(1)), message(5001, created=created(2))]
    rebuilt.apply_changes([upsert("message", m) for m in later], "c")
    assert rebuilt.announcing.arrivals(set()).ids == [
        "m5001"
    ]  # history stays history, m5000 was announced
    rebuilt.close()


def test_a_burst_is_one_notification_naming_counts_per_category():
    announcer = Announcer(Preferences.__new__(Preferences), None, lambda ids: None)  # type: ignore[arg-type]
    batches = [
        Arrivals([f"f{n}"], [ArrivedMessage(f"f{n}", "fault", "", f"F{n}", "", 0)], {"fault": 1})
        for n in range(5)
    ] + [Arrivals(["p1", "p2"], [ArrivedMessage("p2", "product", "", "P2", "", 0)], {"product": 2})]
    merged = _merged(batches)
    assert len(merged) == 7 and merged.by_category == {"fault": 5, "product": 2}
    summary, body, key = announcer.compose(merged.newest, merged.by_category, at_start=False)
    assert summary == "7 new messages: 5 fault, 2 product"
    assert body.splitlines() == ["• P2", "• F4", "• F3", "and 4 more"]
    assert key == ""  # opens the list, not one message


def test_one_message_is_announced_with_its_own_title_and_opens_it():
    announcer = Announcer(Preferences.__new__(Preferences), None, lambda ids: None)  # type: ignore[arg-type]
    listed = [
        ArrivedMessage(
            "m1", "fault", "fault.incident", "Disk lost", "ECS i-1\n  lost   its disk", 0
        )
    ]
    summary, body, key = announcer.compose(listed, {"fault": 1}, at_start=False)
    assert (summary, key) == ("Disk lost", "m1")
    assert body == "Fault messages-Fault notice\nECS i-1 lost its disk"
    summary, _body, _key = announcer.compose(listed * 2, {"fault": 2}, at_start=True)
    assert summary == "2 new messages while you were away: 2 fault"


def test_preferences_fall_back_to_defaults_on_bad_values_and_save_privately(tmp_path):
    path = tmp_path / "preferences.json"
    path.write_text(
        json.dumps({"notify_event": "no", "quiet_from": "25:00", "close_to_tray": False})
    )
    preferences = Preferences(path)
    assert preferences["notify_event"] is True and preferences["quiet_from"] == "22:00"
    assert preferences["close_to_tray"] is False
    with pytest.raises(ValueError):
        preferences["quiet_until"] = "7 am"
    preferences["notify_event"] = False
    preferences.save()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert Preferences(path)["notify_event"] is False
    path.write_text("{ damaged")
    assert Preferences(path)["notify_event"] is True


def test_quiet_hours_span_midnight_and_faults_may_break_through(tmp_path):
    assert within(datetime(2026, 1, 1, 23, 30), "22:00", "07:00")
    assert within(datetime(2026, 1, 1, 6, 59), "22:00", "07:00")
    assert not within(datetime(2026, 1, 1, 7, 0), "22:00", "07:00")
    assert within(datetime(2026, 1, 1, 12, 0), "09:00", "17:00")
    preferences = Preferences(tmp_path / "p.json")
    preferences["quiet_hours"] = True
    night, day = datetime(2026, 1, 1, 23, 0), datetime(2026, 1, 1, 12, 0)
    assert preferences.announces("product", day) and not preferences.announces("product", night)
    assert preferences.announces("fault", night)
    preferences["fault_breaks_quiet"] = False
    assert not preferences.announces("fault", night)
    preferences["notify_product"] = False
    assert not preferences.announces("product", day)


def test_pausing_for_an_hour_until_tomorrow_or_off(tmp_path):
    now = datetime(2026, 1, 1, 15, 0)
    preferences = Preferences(tmp_path / "p.json")
    preferences["notifications_paused_until"] = pause_until("hour", now)
    assert not preferences.announces("fault", now)
    assert preferences.announces("fault", datetime(2026, 1, 1, 16, 1))
    preferences["notifications_paused_until"] = pause_until("tomorrow", now)
    assert not preferences.announces("fault", datetime(2026, 1, 2, 7, 59))
    assert preferences.announces("fault", datetime(2026, 1, 2, 8, 0))
    preferences["notifications_paused_until"] = pause_until("off", now)
    assert preferences["notifications_paused_until"] == PAUSED_FOREVER
    assert not preferences.announces("fault", datetime(2030, 1, 1))
    preferences["notifications_paused_until"] = pause_until("", now)
    assert preferences.announces("fault", now)


def test_start_at_login_writes_and_removes_the_xdg_autostart_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    set_start_at_login(True, "work")
    entry = tmp_path / "config" / "autostart" / "msgcenter-work.desktop"
    text = entry.read_text()
    assert "[Desktop Entry]" in text and "Type=Application" in text
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line.endswith("-m desktop --profile work")
    set_start_at_login(False, "work")
    assert not entry.exists()
    assert isinstance(entry_for("default", "linux"), XdgAutostart)
    assert entry_for("default", "darwin").path.name == "com.msgcenter.msgcenter.plist"
    assert launch_command("default")[-2:] == ["-m", "desktop"]
