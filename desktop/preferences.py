"""The user's preferences: one declarative registry, stored as JSON in the profile's config folder.

The Preferences dialog is built from `REGISTRY`; code reads values with `prefs[key]`. A value of
the wrong type in the file (edited by hand, or by an older version) falls back to its default.
"""

from __future__ import annotations

import json
import logging
import re
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from desktop.account.profile import write_private_json
from desktop.i18n.marks import QT_TRANSLATE_NOOP
from msgcenter import catalog

log = logging.getLogger(__name__)

_CLOCK_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
PAUSED_FOREVER = -1  # `notifications_paused_until` when paused until the user resumes


# A NamedTuple, not a dataclass: quicker to import (desktop.cache.rows says why).
class Preference(NamedTuple):
    key: str
    default: Any
    kind: str  # bool, time ("HH:MM"), int, choice
    label: str  # "" for a preference the dialog does not show (set from the tray menu)
    section: str = ""
    choices: tuple[str, ...] = ()

    def accepts(self, value: Any) -> bool:
        if self.kind == "bool":
            return isinstance(value, bool)
        if self.kind == "time":
            return isinstance(value, str) and _CLOCK_TIME.fullmatch(value) is not None
        if self.kind == "choice":
            return value in self.choices
        return isinstance(value, int) and not isinstance(value, bool)


NOTIFICATIONS = QT_TRANSLATE_NOOP("Preferences", "Notifications")
QUIET_HOURS = QT_TRANSLATE_NOOP("Preferences", "Quiet hours")
STARTING = QT_TRANSLATE_NOOP("Preferences", "Starting and closing")
APPEARANCE = QT_TRANSLATE_NOOP("Preferences", "Appearance")

REGISTRY: tuple[Preference, ...] = (
    *(
        Preference(f"notify_{c.id}", True, "bool", c.name_en, NOTIFICATIONS)
        for c in catalog.CATEGORIES
    ),
    Preference(
        "quiet_hours",
        False,
        "bool",
        QT_TRANSLATE_NOOP("Preferences", "No pop-ups during these hours"),
        QUIET_HOURS,
    ),
    Preference(
        "quiet_from", "22:00", "time", QT_TRANSLATE_NOOP("Preferences", "From"), QUIET_HOURS
    ),
    Preference(
        "quiet_until", "07:00", "time", QT_TRANSLATE_NOOP("Preferences", "Until"), QUIET_HOURS
    ),
    Preference(
        "fault_breaks_quiet",
        True,
        "bool",
        QT_TRANSLATE_NOOP("Preferences", "Fault messages break through quiet hours"),
        QUIET_HOURS,
    ),
    Preference(
        "start_at_login",
        False,
        "bool",
        QT_TRANSLATE_NOOP("Preferences", "Start at login"),
        STARTING,
    ),
    Preference(
        "start_minimized",
        False,
        "bool",
        QT_TRANSLATE_NOOP("Preferences", "Start minimized in the tray"),
        STARTING,
    ),
    Preference(
        "close_to_tray",
        True,
        "bool",
        QT_TRANSLATE_NOOP("Preferences", "Closing the window keeps Message Center in the tray"),
        STARTING,
    ),
    Preference(
        "appearance",
        "system",
        "choice",
        QT_TRANSLATE_NOOP("Preferences", "Colours"),
        APPEARANCE,
        ("system", "light", "dark"),
    ),
    Preference(
        "language",
        "system",
        "choice",
        QT_TRANSLATE_NOOP("Preferences", "Language (when Message Center starts again)"),
        APPEARANCE,
        ("system", "en", "zh_CN"),
    ),
    Preference("notifications_paused_until", 0, "int", ""),  # epoch ms, 0 or PAUSED_FOREVER
)
BY_KEY = {p.key: p for p in REGISTRY}


class Preferences:
    """The values of `REGISTRY` for one profile; `save()` writes them atomically (mode 0600)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._values: dict[str, Any] = {}
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            stored = {}
        except (OSError, ValueError) as error:
            log.warning("preferences unreadable (%s); using defaults", error)
            stored = {}
        if not isinstance(stored, dict):
            stored = {}
        for key, value in stored.items():
            preference = BY_KEY.get(key)
            if preference is not None and preference.accepts(value):
                self._values[key] = value

    def __getitem__(self, key: str) -> Any:
        return self._values.get(key, BY_KEY[key].default)

    def __setitem__(self, key: str, value: Any) -> None:
        if not BY_KEY[key].accepts(value):
            raise ValueError(f"not a valid value for {key}: {value!r}")
        self._values[key] = value

    def save(self) -> None:
        write_private_json(self.path, {p.key: self[p.key] for p in REGISTRY})

    # -- what the values mean ---------------------------------------------------------------------

    def paused(self, now_ms: int | None = None) -> bool:
        until = self["notifications_paused_until"]
        now_ms = int(time.time() * 1000) if now_ms is None else now_ms
        return until == PAUSED_FOREVER or until > now_ms

    def in_quiet_hours(self, now: datetime) -> bool:
        if not self["quiet_hours"]:
            return False
        return within(now, self["quiet_from"], self["quiet_until"])

    def announces(self, category: str, now: datetime) -> bool:
        """Whether a new message of `category` pops up now."""
        if self.paused(int(now.timestamp() * 1000)) or not self[f"notify_{category}"]:
            return False
        if self.in_quiet_hours(now):
            return category == "fault" and self["fault_breaks_quiet"]
        return True


def within(now: datetime, start: str, end: str) -> bool:
    """Whether the clock time of `now` is in [start, end); a span may cross midnight."""
    minute = now.hour * 60 + now.minute
    first, last = (int(t[:2]) * 60 + int(t[3:]) for t in (start, end))
    if first <= last:
        return first <= minute < last
    return minute >= first or minute < last


def pause_until(choice: str, now: datetime) -> int:
    """`notifications_paused_until` for a tray menu choice: hour, tomorrow, off (until resumed)."""
    if choice == "hour":
        return int((now + timedelta(hours=1)).timestamp() * 1000)
    if choice == "tomorrow":  # the start of tomorrow's working day
        morning = (now + timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)
        return int(morning.timestamp() * 1000)
    if choice == "off":
        return PAUSED_FOREVER
    return 0
