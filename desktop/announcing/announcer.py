"""What pops up, and when: each new message once, a burst as one notification, as the user's
preferences say.

New messages come from the sync engine as `Arrivals`. The first after a quiet spell pops up at
once. Those that follow within `QUIET_MS` of each other belong to the same burst: they are
gathered (for at most `LONGEST_WAIT_MS`) and the burst's notification is replaced by its running
summary ("7 new messages: 5 fault, 2 product"), so a burst is one bubble and no message is
announced twice. Every message handed in is then recorded as announced, whether it popped up or
the preferences held it back: a message held back by quiet hours is not announced later, it waits
in the list and the tray's count.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer

from desktop.announcing.notifications import DesktopNotifications
from desktop.cache.rows import Arrivals, ArrivedMessage
from desktop.i18n.plural import plural
from desktop.i18n.safe_text import one_line, shortened
from desktop.preferences import Preferences
from desktop.views.wording import join
from msgcenter import catalog

QUIET_MS = 400  # a burst ends when nothing new came for this long
LONGEST_WAIT_MS = 2500  # and a long trickle's running summary is brought up to date this soon
TITLES_LISTED = 3
EXCERPT_LIMIT = 200  # characters of a single message's body in its notification
LISTED_TITLE_LIMIT = 100  # characters of each title listed in a burst's notification

log = logging.getLogger(__name__)


class Announcer(QObject):
    def __init__(
        self,
        preferences: Preferences,
        notifications: DesktopNotifications,
        record: Callable[[list[str]], None],
        language: str = "en",
        clock: Callable[[], datetime] = datetime.now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.preferences = preferences
        self.notifications = notifications
        self.record = record
        self.language = language
        self.clock = clock
        self._pending: list[Arrivals] = []
        # The burst under way: what its notification has announced so far, and that
        # notification (what notify() returned; 0 while nothing of the burst was shown).
        self._burst: Arrivals | None = None
        self._bubble = 0
        self._quiet = QTimer(self, singleShot=True, interval=QUIET_MS)
        self._quiet.timeout.connect(self._burst_over)
        self._longest = QTimer(self, singleShot=True, interval=LONGEST_WAIT_MS)
        self._longest.timeout.connect(self.flush)

    @property
    def idle(self) -> bool:
        """Nothing gathered and waiting to be announced, and no burst under way: the next
        message pops up in a bubble of its own."""
        return not self._pending and self._burst is None

    def take(self, arrivals: Arrivals) -> None:
        """New messages from the sync engine (on the GUI thread)."""
        if arrivals.at_start:  # what came while closed: a summary of its own, at once
            self._burst_over()
            self._pending.append(arrivals)
            self._burst_over()
            return
        self._pending.append(arrivals)
        if self._burst is None or not self._burst.by_category:
            self.flush()  # the first of a burst to be shown: no reason to wait
        elif not self._longest.isActive():
            self._longest.start()
        self._quiet.start()

    def flush(self) -> None:
        """Announce what was gathered now: in the burst's notification, if it has one."""
        self._longest.stop()
        if not self._pending:
            return
        batch, self._pending = _merged(self._pending), []
        log.info("%d new messages (%s)", len(batch), batch.by_category)
        now = self.clock()
        shown = {
            category: count
            for category, count in batch.by_category.items()
            if self.preferences.announces(_known(category), now)
        }
        listed = Arrivals(
            [], [m for m in batch.newest if m.category in shown], shown, batch.at_start
        )
        burst = listed if self._burst is None else _merged([self._burst, listed])
        self._burst = burst
        if shown:
            summary, body, key = self.compose(burst.newest, burst.by_category, burst.at_start)
            self._bubble = self.notifications.notify(
                summary, body, key, urgent="fault" in burst.by_category, replaces=self._bubble
            )
        self.record(batch.ids)

    def _burst_over(self) -> None:
        """Nothing new for `QUIET_MS`: the last of the burst is announced, and the next message
        pops up on its own."""
        self._quiet.stop()
        self.flush()
        self._burst, self._bubble = None, 0

    def compose(
        self, listed: list[ArrivedMessage], by_category: dict[str, int], at_start: bool
    ) -> tuple[str, str, str]:
        """Summary, body and the key the notification opens (a message id, or "" for the list)."""
        total = sum(by_category.values())
        if total == 1 and listed:
            message = listed[0]
            from desktop.models.messages import type_label  # the list's model: not in the tray

            kind = type_label(message.type, self.language)
            excerpt = shortened(one_line(message.body), EXCERPT_LIMIT)
            return one_line(message.title), f"{kind}\n{excerpt}".strip(), message.id
        parts = join(
            plural(
                self.tr("%n {category}", "how many new messages of one category: 3 fault", count),
                count,
            ).format(category=short_category_name(category, self.language))
            for category, count in sorted(by_category.items(), key=lambda item: -item[1])
        )
        if at_start:
            summary = self.tr("%n new message(s) while you were away: {parts}", "", total)
        else:
            summary = self.tr("%n new message(s): {parts}", "", total)
        titles = [
            f"• {shortened(one_line(m.title), LISTED_TITLE_LIMIT)}" for m in listed[:TITLES_LISTED]
        ]
        if total > len(titles):
            more = total - len(titles)
            titles.append(plural(self.tr("and %n more", "", more), more))
        return plural(summary, total).format(parts=parts), "\n".join(titles), ""


def _merged(batches: list[Arrivals]) -> Arrivals:
    """Several arrivals as one, newest first, each message once."""
    merged = Arrivals([], [], {}, at_start=any(b.at_start for b in batches))
    seen: set[str] = set()
    for arrivals in reversed(batches):  # the latest batch holds the newest messages
        for message in arrivals.newest:
            if message.id not in seen:
                merged.newest.append(message)
                seen.add(message.id)
        merged.ids.extend(arrivals.ids)
        for category, count in arrivals.by_category.items():
            merged.by_category[category] = merged.by_category.get(category, 0) + count
    return merged


def _known(category: str) -> str:
    """A category this client does not know (a newer server's) follows the "Other" switch."""
    return category if category in catalog.CATEGORY_IDS else "other"


def short_category_name(category: str, language: str) -> str:
    """ "fault" for "Fault messages" (故障 for 故障消息): how a count of them reads; an unknown
    category's id, cleaned."""
    if category not in catalog.CATEGORY_IDS:
        return shortened(one_line(category), LISTED_TITLE_LIMIT)
    name = catalog.category_name(category, language)
    if language.startswith("zh"):
        return name.removesuffix("消息")
    return name.removesuffix(" messages").lower()
