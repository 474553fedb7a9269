"""Hostile message text in the real window and on the real notification service: a long unbroken
title widens nothing, a 1 MB one-word body neither stalls nor scrolls sideways, control and bidi
characters never show, and a broken D-Bus connection costs one notification at most."""

from __future__ import annotations

import socket
import statistics
import time

import pytest
from PySide6.QtCore import QElapsedTimer, QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from desktop.announcing.announcer import Announcer
from desktop.announcing.notifications import SUMMARY_LIMIT, DesktopNotifications
from desktop.cache.rows import Arrivals, ArrivedMessage, Message
from desktop.models.messages import IdRole
from desktop.preferences import Preferences
from desktop.views.detail import MessageDetail
from desktop.views.text import BODY_DISPLAY_LIMIT, unbroken
from desktop.views.tray import TrayIcon
from tests.desktop import NotifyMonitor, visible_top_windows
from tests.faults import with_nul_marked
from tests.support import require_desktop

LONG_TITLE = "W" * 1000  # the longest title the server takes, as one word
ONE_WORD_BODY = "A" * 1_000_000  # the longest body, as one word
BAD = ("\x00", "\x07", "\x1b", "\x9b", "\r", "\u202e", "\u202c", "\u2066", "\u2069", "\u200f")
HOSTILE_TITLE = (
    "Disk\x00 failure \u202egnp.exe\u202c \x1b[31mred\x1b[0m\r\n\x9b2Jon \u2066i-42\u2069"
)
HOSTILE_BODY = "line one\r\nline\x00 two \u202eevil\u202c\x07 \x1b]8;;https://evil.example\x1b\\x"
# The stall bounds are generous on purpose (2 shared cores, other test runs beside this one); the
# open took 0.6-4.4 s before the fix and takes 30-45 ms on a quiet machine after it.
OPEN_BOUND_S = 0.25
GAP_BOUND_S = 0.25


def settle(qapp: QApplication, rounds: int = 5) -> None:
    """Let posted events (layout requests, resizes) run: no pause, only what is queued."""
    for _ in range(rounds):
        qapp.sendPostedEvents()
        qapp.processEvents()


def row_of(window, message_id: str) -> int:
    rows = range(window.messages.rowCount())
    return next(r for r in rows if window.messages.index(r).data(IdRole) == message_id)


def tooltip_of(widget: QWidget, at: QPoint) -> str:
    """The tooltip a pause of the mouse at `at` (in `widget`) brings up."""
    QToolTip.hideText()
    event = QHelpEvent(QEvent.Type.ToolTip, at, widget.mapToGlobal(at))
    QApplication.sendEvent(widget, event)
    return QToolTip.text() if QToolTip.isVisible() else ""


def assert_clean(text: str) -> None:
    found = [hex(ord(c)) for c in BAD if c in text]
    assert not found, f"{found} in {text!r}"


def test_a_long_unbroken_title_widens_nothing(harness, qtbot, qapp):
    harness.server.publish(harness.name, "other", "other.general", "short", "a normal one")
    long_one = harness.server.publish(harness.name, "fault", "fault.incident", LONG_TITLE, "x")
    harness.sync()
    window = harness.open()
    settle(qapp)
    screen = window.screen().availableGeometry().width()
    before = window.width()
    assert before <= screen

    window.message_view.setCurrentIndex(window.messages.index(row_of(window, long_one["id"])))
    settle(qapp)
    assert window.width() == before, "a long title widened the window"
    assert window.minimumSizeHint().width() <= screen
    (x_window,) = visible_top_windows("Message Center")
    assert x_window.width <= screen
    title = window.detail.title
    assert title.text() == LONG_TITLE  # the whole title, for screen readers and copying
    assert title.geometry().right() <= window.detail.width()
    assert title.height() <= title.fontMetrics().lineSpacing() * title.max_lines + 8
    assert title.shown_lines()[-1].endswith("…")
    assert unbroken(tooltip_of(title, QPoint(5, 5))) == f"<p>{LONG_TITLE}</p>"

    # The server's words in the status bar and in the tray's tooltip are bounded too.
    window.show_problem("Z" * 3000)
    settle(qapp)
    assert window.width() == before, "a long problem widened the window"
    tray = TrayIcon()
    tray.set_connection(False, "Y" * 3000)
    assert max(len(line) for line in tray.icon.toolTip().splitlines()) <= 200
    tray.deleteLater()


def test_the_list_and_the_detail_show_cleaned_text(harness, nul_proxy, qtbot, qapp):
    markup = "<b>bold</b> <img src=/usr/share/icons/x.png> &lt;"
    harness.server.publish(harness.name, "other", "other.general", markup, "x")
    title, body = with_nul_marked(HOSTILE_TITLE), with_nul_marked(HOSTILE_BODY)
    harness.server.publish(harness.name, "fault", "fault.incident", title, body)
    harness.route_through(nul_proxy.url)  # the NULs reach the client as the JSON escape
    harness.sync()
    assert nul_proxy.replaced > 0
    window = harness.open()
    # A title's tooltip is its text, never markup.
    view = window.message_view
    tip = tooltip_of(view.viewport(), view.visualRect(window.messages.index(1)).center())
    assert tip == "<p>&lt;b&gt;bold&lt;/b&gt; &lt;img src=/usr/share/icons/x.png&gt; &amp;lt;</p>"

    index = window.messages.index(0)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.AccessibleTextRole,
    ):
        assert_clean(index.data(role))
    assert index.data(Qt.ItemDataRole.DisplayRole) == "Disk failure gnp.exe red on i-42"

    window.message_view.setCurrentIndex(index)
    detail = window.detail
    assert detail.title.text() == "Disk failure gnp.exe red on i-42"
    shown = detail.body.toPlainText()
    assert_clean(shown)
    assert shown.startswith("line one\nline two evil x")
    assert "evil.example" not in shown  # a terminal hyperlink's hidden target
    assert_clean(detail.meta.text())


def test_lone_surrogates_show_as_replacement_characters(qtbot):
    detail = MessageDetail()
    qtbot.addWidget(detail)
    message = Message(
        id="m1",
        category="fault",
        type="fault.\ud800x",  # a type this client does not know: shown as it came, cleaned
        title="half \udc80 a pair",
        body="body \ud83d only",
        created_at="",
        created_ms=0,
        read=False,
        gen=0,
    )
    detail.show_message(message)
    assert detail.title.text() == "half \ufffd a pair"
    assert detail.body.toPlainText().startswith("body \ufffd only")
    assert "fault.\ufffdx" in detail.meta.text()


def test_a_1_mb_one_word_body_opens_without_a_stall_and_wraps(harness, qtbot, qapp):
    small = harness.server.publish(harness.name, "other", "other.general", "small", "hello")
    big = harness.server.publish(harness.name, "other", "other.general", "big", ONE_WORD_BODY)
    url = "https://example.com/" + "p" * 3000
    linked_body = f"see {url} and {'q' * 5000}"
    linked = harness.server.publish(harness.name, "other", "other.general", "link", linked_body)
    harness.sync()
    window = harness.open()
    view, body = window.message_view, window.detail.body
    rows = {m["id"]: window.messages.index(row_of(window, m["id"])) for m in (small, big, linked)}

    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    watchdog = QTimer(interval=1, timeout=tick)
    opens, largest_gaps = [], []
    for _ in range(5):
        view.setCurrentIndex(rows[small["id"]])
        settle(qapp)
        watchdog.start()
        qtbot.waitUntil(lambda: len(gaps) >= 5)  # the watchdog is ticking
        gaps.clear()
        last[0] = time.perf_counter()
        timer = QElapsedTimer()
        timer.start()
        view.setCurrentIndex(rows[big["id"]])
        body.document().size()  # the whole layout, now
        opens.append(timer.nsecsElapsed() / 1e9)
        qtbot.waitUntil(lambda: len(gaps) >= 20)  # painted, and the loop runs on
        watchdog.stop()
        largest_gaps.append(max(gaps))
    print(f"open: {[round(s * 1000) for s in opens]} ms; largest gaps: "
          f"{[round(s * 1000) for s in largest_gaps]} ms")  # fmt: skip
    assert statistics.median(opens) < OPEN_BOUND_S and max(opens) < 2 * OPEN_BOUND_S
    assert statistics.median(largest_gaps) < GAP_BOUND_S

    assert body.horizontalScrollBar().maximum() == 0, "the body scrolls sideways"
    shown = unbroken(body.toPlainText())
    assert shown.startswith("A" * BODY_DISPLAY_LIMIT + "\n")
    assert "Only the first 100,000 of 1,000,000 characters are shown." in shown
    # Resizing the pane lays the body out again: that must not stall either.
    timer = QElapsedTimer()
    timer.start()
    window.splitter.setSizes([190, 330, 660])
    body.document().size()
    settle(qapp)
    assert timer.nsecsElapsed() / 1e9 < OPEN_BOUND_S

    # A long link wraps too, and stays whole where it matters: its address, and a copy.
    view.setCurrentIndex(rows[linked["id"]])
    settle(qapp)
    assert body.horizontalScrollBar().maximum() == 0
    assert f'href="{url}"' in body.toHtml()
    body.selectAll()
    assert body.createMimeDataFromSelection().text() == linked_body


# -- notifications ---------------------------------------------------------------------------


def notified(qtbot, notifications: DesktopNotifications, summary: str, body: str = "b") -> int:
    """Send one notification; the id the service gave it (0: it went to the fallback)."""
    with qtbot.waitSignal(notifications.shown, timeout=15000) as shown:
        notifications.notify(summary, body, "key")
    return shown.args[0]


@pytest.fixture
def on_the_bus():
    """The notification service object on the real session bus, dunst answering; with a monitor
    of its calls and the list of what it handed to the fallback balloon."""
    require_desktop("notify")
    monitor = NotifyMonitor()
    balloons: list[tuple] = []
    notifications = DesktopNotifications("Message Center", "", lambda *a: balloons.append(a))
    yield notifications, monitor, balloons
    notifications.close()
    monitor.stop()


def test_notifications_carry_cleaned_text(qtbot, on_the_bus):
    notifications, monitor, balloons = on_the_bus
    assert notified(qtbot, notifications, "Disk\x00 failure \u202egnp.exe", "a\x1b[2Jb") > 0
    assert notified(qtbot, notifications, "half \udc80 a pair", "\ud800") > 0
    assert notified(qtbot, notifications, "W" * 1000, "the next one") > 0
    monitor.sync()
    calls = monitor.calls()
    assert [c.summary for c in calls] == [
        "Disk failure gnp.exe",
        "half \ufffd a pair",
        "W" * (SUMMARY_LIMIT - 1) + "…",
    ]
    assert [c.body for c in calls] == ["ab", "\ufffd", "the next one"]
    assert balloons == []


def test_a_connection_the_bus_closed_is_opened_again_for_the_next_notification(qtbot, on_the_bus):
    notifications, monitor, balloons = on_the_bus
    assert notified(qtbot, notifications, "before the drop") > 0
    # The bus drops the connection (as it does after a message it refuses); jeepney's receiving
    # thread ends. The next notifications connect again and go over D-Bus.
    router = notifications._router
    router.conn.sock.shutdown(socket.SHUT_RDWR)
    qtbot.waitUntil(lambda: not router._rcv_thread.is_alive())
    assert notified(qtbot, notifications, "after the drop") > 0
    assert notified(qtbot, notifications, "and after that") > 0
    monitor.sync()
    assert [c.summary for c in monitor.calls()] == [
        "before the drop",
        "after the drop",
        "and after that",
    ]
    assert balloons == []


def test_a_missing_service_costs_one_notification_not_the_rest(qtbot):
    require_desktop("notify")
    balloons = []
    notifications = DesktopNotifications(
        "Message Center", "", lambda *a: balloons.append(a), service="org.example.Nobody"
    )
    try:
        assert notified(qtbot, notifications, "to the balloon \u202eevil") == 0
        assert balloons == [("to the balloon evil", "b", "key")]
        notifications.service = "org.freedesktop.Notifications"  # the service is back
        assert notified(qtbot, notifications, "over D-Bus again") > 0
    finally:
        notifications.close()


def test_the_announcer_says_titles_cleaned_on_one_line_and_any_type_or_category(qtbot, tmp_path):
    require_desktop("dbus")
    balloons = []
    notifications = DesktopNotifications(
        "Message Center", "", lambda *a: balloons.append(a), service="org.example.Nobody"
    )
    announcer = Announcer(Preferences(tmp_path / "p.json"), notifications, lambda ids: None)

    def announce(*messages: ArrivedMessage) -> tuple:
        by_category: dict[str, int] = {}
        for m in messages:
            by_category[m.category] = by_category.get(m.category, 0) + 1
        ids = [m.id for m in messages]
        announcer.take(Arrivals(ids, list(messages), by_category, at_start=True))
        qtbot.waitUntil(lambda: not notifications.busy)
        return balloons.pop()

    def message(n: int, title: str, category="fault", type_id="fault.incident", body="b"):
        return ArrivedMessage(f"m{n}", category, type_id, title, body, 0)

    summary, body, key = announce(
        message(1, "Disk\x00 failure \u202egnp.exe", type_id="fault.from-a-newer-server\u202e"),
    )
    assert (summary, key) == ("Disk failure gnp.exe", "m1")
    assert body == "fault.from-a-newer-server\nb"

    summary, body, key = announce(
        message(2, "one\n• a line of its own\r• and another"),
        message(3, "\x1b[2J" + "W" * 500, category="from-a-newer-server"),
        message(4, "\u2066three\u2069"),
    )
    assert summary == "3 new messages while you were away: 2 fault, 1 from-a-newer-server"
    assert body.splitlines() == [
        "• one • a line of its own • and another",
        "• " + "W" * 99 + "…",
        "• three",
    ]
    notifications.close()
