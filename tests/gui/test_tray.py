"""The tray and the notifications, in the real headless desktop: trayer embeds the icon, dunst
receives the notifications, and the real server publishes the messages."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QLocale, QRect, QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPainter

from desktop.account.session import Session
from desktop.announcing.announcer import Announcer
from desktop.announcing.notifications import DesktopNotifications
from desktop.app import AppController
from desktop.cache.rows import Arrivals, ArrivedMessage
from desktop.models.messages import IdRole
from desktop.platform.paths import paths_for
from desktop.preferences import Preferences
from desktop.views.tray import BadgeIconEngine, TrayIcon, badge_text
from tests.desktop import (
    NotifyMonitor,
    grab,
    painted,
    tray_icon_windows,
    visible_top_windows,
    window_pid,
)
from tests.faults import FaultProxy
from tests.support import require_desktop, wait_until

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def notify_monitor():
    require_desktop("notify")
    subprocess.run(["dunstctl", "close-all"], check=False)
    monitor = NotifyMonitor()
    yield monitor
    monitor.stop()


class App:
    """The app of one profile, in this process, started in the tray; restartable."""

    def __init__(self, server, qapp, qtbot, tmp_path, monkeypatch, name: str) -> None:
        monkeypatch.setenv("MSGCENTER_HOME", str(tmp_path / "home"))
        self.server, self.qapp, self.qtbot = server, qapp, qtbot
        self.account = server.create_account(name)
        self.paths = paths_for("tray").ensure()
        self.session = Session(self.paths)  # the token lives here (no keyring): kept on restart
        self.session.sign_in(server.url, name, "secret").close()
        self.controller: AppController | None = None

    def preferences(self, **values) -> None:
        self.paths.preferences_file.write_text(json.dumps(values))

    def start(self) -> AppController:
        args = argparse.Namespace(demo=False, minimized=True, server=None)
        controller = AppController(args, self.paths, self.qapp)
        controller.session = self.session
        assert controller.start()
        self.qtbot.waitUntil(lambda: controller.runtime.connection[0] == "online", timeout=15000)
        self.controller = controller
        return controller

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.shut_down()
            # Deleted here, on the GUI thread: left to the garbage collector, it could go on
            # another thread, and Qt objects owning timers must not.
            self.controller.deleteLater()
            self.qtbot.wait(10)
            self.controller = None

    def publish(self, title: str, category: str = "fault", type_id: str = "fault.incident"):
        return self.server.publish(self.account.name, category, type_id, title, "body of " + title)

    def settled(self, monitor: NotifyMonitor, *handled: dict) -> None:
        """Until the app has dealt with the `handled` messages (announced them, or held them
        back: either way they are recorded), nothing waits to pop up, and the bus monitor has
        seen every call the app made."""
        controller = self.controller
        assert controller is not None

        def done() -> bool:
            recorded = all(
                controller.runtime.cache.database.connection.execute(
                    "SELECT 1 FROM announced WHERE id = ?", (message["id"],)
                ).fetchone()
                for message in handled
            )
            return (
                recorded and controller.runtime.announcer.idle and not controller.notifications.busy
            )

        self.qtbot.waitUntil(done, timeout=15000)
        monitor.sync()

    def pause(self, seconds: float) -> None:
        """Wait with the event loop running (the app lives in this process)."""
        self.qtbot.wait(int(seconds * 1000))


@pytest.fixture
def app(server, qapp, qtbot, tmp_path, monkeypatch, request, no_keyring):
    require_desktop("x11", "tray")
    created = App(server, qapp, qtbot, tmp_path, monkeypatch, f"tray{abs(hash(request.node.name))}")
    yield created
    created.stop()


def test_the_badge_says_the_count_and_is_drawn_for_the_pixel_ratio(qapp):
    assert [badge_text(n) for n in (0, 1, 99, 100, 5000)] == ["", "1", "99", "99+", "99+"]
    images = {
        key: BadgeIconEngine(count, online).image(QSize(22, 22), 1.0)
        for key, (count, online) in {
            "none": (0, True), "one": (1, True), "many": (150, True), "offline": (1, False)
        }.items()
    }  # fmt: skip
    assert len({bytes(image.constBits()) for image in images.values()}) == 4
    sharp = BadgeIconEngine(7, True).image(QSize(22, 22), 2.0)
    assert (sharp.width(), sharp.height(), sharp.devicePixelRatio()) == (44, 44, 2.0)
    half = BadgeIconEngine(7, True).image(QSize(22, 22), 1.5)
    assert (half.width(), half.height()) == (33, 33)


def test_the_icon_is_embedded_in_the_tray_and_its_pixels_follow_the_count(qapp, qtbot):
    require_desktop("x11", "tray")
    before = set(tray_icon_windows())
    tray = TrayIcon()
    tray.set_connection(True)
    tray.show()
    try:
        qtbot.waitUntil(lambda: bool(set(tray_icon_windows()) - before), timeout=10000)
        (window,) = set(tray_icon_windows()) - before
        assert window_pid(window) == os.getpid()
        qtbot.waitUntil(lambda: painted(grab(window)), timeout=10000)
        pictures = [grab(window)]  # no unread, online
        for counts, online in (({"all": 3}, True), ({"all": 150}, True), ({"all": 150}, False)):
            tray.set_counts(counts)
            tray.set_connection(online)
            # The tray repaints the embedded window: until its pixels are no longer the last.
            qtbot.waitUntil(lambda: grab(window) != pictures[-1], timeout=10000)
            pictures.append(grab(window))
        assert len(set(pictures)) == 4, "the embedded icon did not change with the count"
        assert "3 unread" in tray.icon.toolTip() or "150 unread" in tray.icon.toolTip()
    finally:
        tray.hide()
        tray.deleteLater()
    qtbot.waitUntil(lambda: not set(tray_icon_windows()) - before, timeout=10000)


def test_the_tooltip_lists_unread_per_category_and_the_offline_reason(qapp):
    tray = TrayIcon()
    tray.set_counts({"all": 7, "fault": 5, "product": 2, "event": 0})
    tray.set_connection(False, "the server cannot be reached")
    assert tray.tooltip().splitlines() == [
        "Message Center: 7 unread",
        "Product messages: 2",
        "Fault messages: 5",
        "Offline: the server cannot be reached",
    ]
    assert [a.text() for a in tray.menu.actions() if a.text()] == [
        "&Open Message Center", "Mark &all as read", "&Pause notifications", "&Sync now",
        "P&references…", "&Quit",
    ]  # fmt: skip
    tray.deleteLater()


def test_a_new_message_is_announced_once_and_its_action_opens_it(app, notify_monitor, qtbot):
    app.publish("history one")
    app.publish("history two")
    controller = app.start()
    app.settled(notify_monitor)
    assert notify_monitor.calls() == [], "messages of the first sync are history"

    published = app.publish("Disk failure on i-42")
    (call,) = notify_monitor.wait_for(1, app.pause)
    assert call.summary == "Disk failure on i-42"
    app.settled(notify_monitor, published)
    assert len(notify_monitor.calls()) == 1

    subprocess.run(["dunstctl", "action", "0"], check=True)  # what a click on it does
    qtbot.waitUntil(
        lambda: controller.runtime.window is not None and controller.runtime.window.isVisible()
    )
    view = controller.runtime.window.message_view
    qtbot.waitUntil(lambda: view.currentIndex().data(IdRole) == published["id"])
    qtbot.waitUntil(
        lambda: controller.runtime.counts.get("all") == 2, timeout=10000
    )  # opened: read

    app.stop()
    app.start()  # a restart announces nothing again
    app.settled(notify_monitor)
    assert len(notify_monitor.calls()) == 1
    app.stop()

    while_closed = [app.publish("while closed 1"), app.publish("while closed 2")]
    app.start()
    app.settled(notify_monitor, *while_closed)
    calls = notify_monitor.calls()
    assert [c.summary for c in calls[1:]] == ["2 new messages while you were away: 2 fault"]
    assert "while closed 2" in calls[1].body


def test_the_first_message_after_a_quiet_spell_goes_out_at_once(app, notify_monitor):
    """No gathering before the first: in the very turn the engine hands it over, its
    notification is on its way to the service."""
    controller = app.start()
    app.settled(notify_monitor)
    seen: list[bool] = []
    controller.runtime.news.messagesArrived.connect(  # after the app's own slot
        lambda _arrivals: seen.append(controller.notifications.busy)
    )
    published = app.publish("Disk failure on i-42")
    app.settled(notify_monitor, published)
    assert seen == [True]
    (call,) = notify_monitor.calls()
    assert (call.summary, call.replaces_id) == ("Disk failure on i-42", 0)


def test_fifty_messages_at_once_make_one_bubble_that_ends_with_their_summary(app, notify_monitor):
    """The first pops up at once; the rest replace it with the running summary: what the user
    sees is one bubble, which ends up saying all fifty, each counted once."""
    controller = app.start()
    bubbles: list[int] = []
    controller.notifications.shown.connect(lambda bubble, _summary: bubbles.append(bubble))
    with ThreadPoolExecutor(8) as pool:
        burst = list(pool.map(lambda n: app.publish(f"burst {n}"), range(50)))
    app.settled(notify_monitor, *burst)
    calls = notify_monitor.calls()
    assert len(set(bubbles)) == 1 and 0 not in bubbles, "more than one bubble, or a balloon"
    assert calls[0].replaces_id == 0
    assert all(call.replaces_id == bubbles[0] for call in calls[1:])
    assert calls[-1].summary == "50 new messages: 50 fault"
    assert calls[-1].body.splitlines()[-1] == "and 47 more"


def test_what_follows_the_first_is_gathered_into_one_replacement(qtbot, tmp_path):
    """Three arrivals in one go: the first pops up at once, the other two wait for the burst to
    go quiet and come as one summary of all three in its place (here the tray's balloon, which
    shows one message at a time)."""
    require_desktop("dbus")
    balloons: list[tuple] = []
    notifications = DesktopNotifications(
        "Message Center", "", lambda *a: balloons.append(a), service="org.example.Nobody"
    )
    announcer = Announcer(Preferences(tmp_path / "p.json"), notifications, lambda ids: None)
    try:
        for n in range(3):
            message = ArrivedMessage(f"m{n}", "fault", "fault.incident", f"fault {n}", "b", 0)
            announcer.take(Arrivals([message.id], [message], {"fault": 1}))
        qtbot.waitUntil(lambda: announcer.idle and not notifications.busy, timeout=10000)
        assert [summary for summary, _body, _key in balloons] == [
            "fault 0",
            "3 new messages: 3 fault",
        ]
    finally:
        notifications.close()


def test_quiet_hours_and_category_switches_hold_back_what_they_say(app, notify_monitor):
    now = datetime.now()
    app.preferences(
        notify_event=False,
        quiet_hours=True,
        quiet_from=(now - timedelta(hours=1)).strftime("%H:%M"),
        quiet_until=(now + timedelta(hours=1)).strftime("%H:%M"),
        fault_breaks_quiet=True,
    )
    controller = app.start()
    published = [
        app.publish("a promotion", "event", "event.promotion"),
        app.publish("a new feature", "product", "product.new_feature"),
        app.publish("the fault that breaks through"),
    ]
    app.settled(notify_monitor, *published)
    (call,) = notify_monitor.calls()
    assert call.summary == "the fault that breaks through"

    controller.preferences["fault_breaks_quiet"] = False
    app.settled(notify_monitor, app.publish("a fault in quiet hours"))
    assert len(notify_monitor.calls()) == 1

    controller.preferences["quiet_hours"] = False
    app.publish("after quiet hours", "product", "product.new_feature")
    calls = notify_monitor.wait_for(2, app.pause)
    assert calls[1].summary == "after quiet hours"  # what was held back is not announced later


def test_without_a_notification_service_the_tray_balloon_is_used(qapp, qtbot):
    require_desktop("dbus")
    shown = []
    notifications = DesktopNotifications(
        "Message Center", "", lambda *args: shown.append(args), service="org.example.Nobody"
    )
    notifications.notify("Disk failure", "Fault messages-Fault notice", "m1")
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert shown == [("Disk failure", "Fault messages-Fault notice", "m1")]
    notifications.close()


def _login(home: Path, server, name: str, env: dict) -> None:
    reply = subprocess.run(
        [sys.executable, "-m", "desktop", "--profile", "p", "login", "--server", server.url,
         "--username", name, "--password-stdin"],
        input="secret\n", capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert reply.returncode == 0, reply.stderr


def test_a_second_launch_raises_the_first_which_started_in_the_tray(server, tmp_path):
    require_desktop("x11", "tray", "keyring")
    name = "twice"
    server.create_account(name)
    env = {**os.environ, "MSGCENTER_HOME": str(tmp_path / "home")}
    _login(tmp_path / "home", server, name, env)
    command = [sys.executable, "-m", "desktop", "--profile", "p"]
    first = subprocess.Popen([*command, "--minimized"], env=env)
    try:
        assert wait_until(lambda: any(window_pid(w) == first.pid for w in tray_icon_windows()))
        assert not [w for w in visible_top_windows("Message Center")]
        second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        assert second.returncode == 0 and "already running" in second.stdout
        assert wait_until(lambda: visible_top_windows("Message Center"))
        assert first.poll() is None
    finally:
        first.terminate()
        first.wait(10)


def test_without_a_tray_the_window_carries_the_count_and_a_later_tray_gets_the_icon(
    server, tmp_path
):
    require_desktop("x11")
    name = "notray"
    server.create_account(name)
    for n in range(3):
        server.publish(name, title=f"waiting {n}")
    script = f"""
        set -u
        "{sys.executable}" -m desktop --profile p login --server {server.url} --username {name} \\
            --password-stdin <<< secret || exit 10
        "{sys.executable}" -m desktop --profile p --minimized & app=$!
        timeout 30 xdotool search --sync --onlyvisible --name '^\\(3\\) Message Center$' || exit 11
        trayer --edge top --align right --widthtype request --height 28 >/dev/null 2>&1 & tray=$!
        for _ in $(seq 100); do
            xwininfo -root -tree | grep -A4 '"panel"' | grep -q '"Message Center"' && break
            sleep 0.1
        done
        xwininfo -root -tree | grep -A4 '"panel"' | grep -q '"Message Center"' || exit 12
        kill $app $tray
    """
    env = {**os.environ, "MSGCENTER_HOME": str(tmp_path / "home")}
    env.pop("DISPLAY", None)
    result = subprocess.run(
        [str(REPO / "scripts" / "desktop-session.sh"), "--keyring", "--", "bash", "-c", script],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    reasons = {10: "login failed", 11: "no window titled (3) Message Center",
               12: "the tray that came later did not get the icon"}  # fmt: skip
    assert result.returncode == 0, reasons.get(result.returncode, result.stderr[-2000:])


def test_the_preference_writes_and_removes_the_autostart_file(app, qtbot, monkeypatch, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QCheckBox

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    controller = app.start()
    entry = tmp_path / "xdg" / "autostart" / "msgcenter-tray.desktop"

    def toggle_start_at_login() -> None:
        dialog = QApplication.activeModalWidget()
        box = dialog.findChild(QCheckBox, "start_at_login")
        box.click()
        dialog.accept()

    for expected in (True, False):
        QTimer.singleShot(200, toggle_start_at_login)
        controller.edit_preferences()
        assert entry.exists() is expected
        assert controller.preferences["start_at_login"] is expected
        assert json.loads(app.paths.preferences_file.read_text())["start_at_login"] is expected


def test_the_tray_menu_pauses_notifications_and_marks_all_read(app, notify_monitor):
    controller = app.start()
    controller.tray.pause_actions["hour"].trigger()
    assert "paused until" in controller.tray.icon.toolTip()
    app.settled(notify_monitor, app.publish("during the pause"))
    assert notify_monitor.calls() == []
    controller.tray.pause_actions[""].trigger()  # Resume notifications
    app.publish("after the pause")
    (call,) = notify_monitor.wait_for(1, app.pause)
    assert call.summary == "after the pause"

    read_all = controller.tray.action_read_all
    assert read_all.isEnabled()
    read_all.trigger()
    app.qtbot.waitUntil(lambda: controller.runtime.counts.get("all") == 0, timeout=10000)
    assert not read_all.isEnabled() and "no unread messages" in controller.tray.icon.toolTip()


def test_a_title_with_nul_and_bidi_is_announced_clean_and_the_next_still_over_d_bus(
    nul_proxy, app, notify_monitor
):
    from tests.faults import with_nul_marked

    # The app talks to the server through the proxy, which turns the marker into a real NUL.
    app.session.sign_in(nul_proxy.url, app.account.name, "secret").close()
    controller = app.start()
    assert controller.notifications is not None
    shown_ids: list[int] = []
    controller.notifications.shown.connect(
        lambda notification_id, _: shown_ids.append(notification_id)
    )
    hostile = app.publish(with_nul_marked("Disk\x00 failure \u202egnp.exe\u202c\r\non i-42"))
    app.settled(notify_monitor, hostile)
    assert nul_proxy.replaced > 0
    normal = app.publish("Disk failure on i-43")
    app.settled(notify_monitor, normal)
    assert [c.summary for c in notify_monitor.calls()] == [
        "Disk failure gnp.exe on i-42",
        "Disk failure on i-43",
    ]
    assert len(shown_ids) == 2 and 0 not in shown_ids, "a notification went to the tray balloon"


def test_the_balloon_is_no_wider_than_the_screen_whatever_it_says(qapp, qtbot):
    require_desktop("x11", "tray")
    tray = TrayIcon()
    tray.show()
    try:
        tray.show_message("W" * 200, "a run of " + "x" * 1000, "m1")

        def balloons() -> list:
            return [
                w
                for w in qapp.topLevelWidgets()
                if w.metaObject().className() == "QBalloonTip" and w.isVisible()
            ]

        qtbot.waitUntil(lambda: bool(balloons()), timeout=10000)
        (balloon,) = balloons()
        assert balloon.width() <= balloon.screen().geometry().width()
    finally:
        tray.hide()
        tray.deleteLater()


# -- issue 13: one count everywhere at once; which profile; when the pause ends ------------------


def test_the_tray_and_the_window_count_the_same_after_every_local_edit_online_and_offline(
    server, qapp, qtbot, tmp_path, monkeypatch, no_keyring
):
    """Checked from a slot connected after the app's own: in the very turn the edit's save is
    reported, the tray, the categories and the title already say the cache's count."""
    require_desktop("x11", "tray")
    monkeypatch.setenv("MSGCENTER_HOME", str(tmp_path / "home"))
    name = f"counts{abs(hash(tmp_path))}"
    server.create_account(name)
    for n in range(6):
        server.publish(name, title=f"counted {n}")
    proxy = FaultProxy(server.url).start()
    paths = paths_for("counts").ensure()
    session = Session(paths)
    session.sign_in(proxy.url, name, "secret").close()
    controller = AppController(argparse.Namespace(demo=False, minimized=False, server=None),
                               paths, qapp)  # fmt: skip
    controller.session = session
    try:
        assert controller.start()
        qtbot.waitUntil(lambda: controller.runtime.connection[0] == "online", timeout=15000)
        window = controller.runtime.window
        window.count_in_title = True  # as without a tray: the title carries it too
        window.update_title()
        qtbot.waitUntil(lambda: window.messages.rowCount() == 6, timeout=15000)
        seen: list[tuple] = []

        def look(kind: str, _result) -> None:
            truth = controller.runtime.cache.messages.unread_counts()["all"]
            title = window.windowTitle()
            shown = int(title[1 : title.index(")")]) if title.startswith("(") else 0
            tray = controller.tray.counts.get("all")
            seen.append((kind, truth, tray, window.categories.unread("all"), shown))

        controller.runtime.edits.done.connect(look)

        def edit(action, rows=(0,)) -> None:
            window.message_view.selectionModel().clearSelection()
            for row in rows:
                window.message_view.selectionModel().select(
                    window.messages.index(row), QItemSelectionModel.SelectionFlag.Select
                )
            before = len(seen)
            action.trigger()
            qtbot.waitUntil(lambda: len(seen) > before, timeout=5000)
            kind, truth, *shown = seen[-1]
            assert shown == [truth] * 3, (kind, truth, shown)

        for offline in (False, True):
            if offline:
                proxy.down = True
                controller._sync_now()
                qtbot.waitUntil(
                    lambda: controller.runtime.connection[0] == "offline", timeout=30000
                )
            edit(window.action_unread, rows=(0, 1, 2))
            edit(window.action_read)
            edit(window.action_delete, rows=(1,))
            edit(window.action_undo)
            edit(window.action_read_all)
            edit(window.action_unread, rows=(3,))
            edit(controller.tray.action_read_all)  # from the tray's menu
            assert seen[-1][1:] == (0, 0, 0, 0)
        assert controller.runtime.cache.outbox.size() > 0  # the offline edits wait
    finally:
        controller.shut_down()
        controller.deleteLater()
        qtbot.wait(10)
        proxy.stop()


def test_a_profile_other_than_the_default_is_named_and_marked(qapp):
    default, work = TrayIcon(), TrayIcon(profile="work")
    for tray in (default, work):
        tray.set_counts({"all": 3, "fault": 3})
    assert default.tooltip().splitlines()[0] == "Message Center: 3 unread"
    assert work.tooltip().splitlines()[0] == "Message Center (work): 3 unread"
    plain = BadgeIconEngine(3, True).image(QSize(32, 32), 1.0)
    marked = BadgeIconEngine(3, True, work.mark).image(QSize(32, 32), 1.0)

    def coloured(image) -> int:  # pixels of the mark's colour in the lower left quarter
        return sum(image.pixelColor(x, y) == work.mark[1] for x in range(16) for y in range(16, 32))

    assert coloured(marked) > 40 and coloured(plain) == 0
    home = TrayIcon(profile="home")
    assert (home.mark[0], work.mark[0]) == ("H", "W")
    for tray in (default, work, home):
        tray.deleteLater()


def test_the_pause_says_when_it_ends_in_the_menu_and_the_tooltip(app):
    controller = app.start()
    tray = controller.tray
    assert tray.pause_menu.title() == "&Pause notifications"
    tray.pause_actions["hour"].trigger()
    until = datetime.fromtimestamp(controller.preferences["notifications_paused_until"] / 1000)
    when = QLocale().toString(until.time().replace(second=0), QLocale.FormatType.ShortFormat)
    assert when in tray.pause_menu.title() and "paused until" in tray.pause_menu.title()
    assert "Notifications paused until" in tray.icon.toolTip() and when in tray.icon.toolTip()
    tray.pause_actions["off"].trigger()
    assert "off" in tray.pause_menu.title() and "Notifications are off" in tray.icon.toolTip()
    tray.pause_actions[""].trigger()
    assert tray.pause_menu.title() == "&Pause notifications"
    assert "paused" not in tray.icon.toolTip() and "off" not in tray.icon.toolTip()


TRAY_MODULES_PROBE = """
import json, os, sys, threading, time
def report():
    while "desktop.sync.engine" not in sys.modules:  # the token was read: the engine is made
        time.sleep(0.05)
    time.sleep(1.0)
    import linecache
    print("sources " + json.dumps(len(linecache.cache)), flush=True)
    loaded = [name for name, module in sys.modules.items() if module is not None]
    print("modules " + json.dumps(sorted(loaded)), flush=True)
    os._exit(0)
threading.Thread(target=report, daemon=True).start()
sys.argv[0] = "msgcenter"
from desktop.cli import main
sys.exit(main())
"""


def test_started_in_the_tray_it_holds_neither_the_window_nor_the_keyring_backends(server, tmp_path):
    """Days in the tray at the size of a tray icon: the window's code is loaded when the window
    is asked for, the token is read from the keyring by a short-lived child process, the
    sources of the modules are not kept in memory (PySide6's import hook reads them), and
    neither requests' charset guesser nor QtNetwork is loaded."""
    require_desktop("x11", "tray", "keyring")
    name = "light"
    server.create_account(name)
    env = {**os.environ, "MSGCENTER_HOME": str(tmp_path / "home")}
    _login(tmp_path / "home", server, name, env)
    probe = subprocess.run(
        [sys.executable, "-c", TRAY_MODULES_PROBE, "--profile", "p", "--minimized"],
        env=env, capture_output=True, text=True, timeout=90,
    )  # fmt: skip
    lines = [line for line in probe.stdout.splitlines() if line.startswith("modules ")]
    assert lines, probe.stderr[-2000:]
    modules = set(json.loads(lines[-1].split(" ", 1)[1]))
    assert "desktop.sync.engine" in modules  # signed in with the keyring's token
    assert "desktop.views.main_window" not in modules
    # (jeepney itself comes with the first notification: the app's own D-Bus client)
    assert not {"secretstorage", "cryptography", "keyring.backends.SecretService"} & modules
    # Nor what it would never use: requests' charset guesser, QtNetwork for the single instance.
    assert not {"chardet", "charset_normalizer", "PySide6.QtNetwork"} & modules
    sources = [line for line in probe.stdout.splitlines() if line.startswith("sources ")]
    assert int(sources[-1].split()[1]) < 20  # not one per module imported (400 of them)


def test_the_icon_painted_on_a_sharper_device_is_drawn_at_its_pixel_ratio(qapp):
    """Painted (as an X11 tray paints it), the icon takes the ratio from the painter: the
    picture for 44 physical pixels on a device of ratio 2, not the 22-pixel one scaled up."""
    canvas = QImage(22, 22, QImage.Format.Format_ARGB32_Premultiplied)
    canvas.setDevicePixelRatio(2.0)
    canvas.fill(Qt.GlobalColor.transparent)
    engine = BadgeIconEngine(7, True)
    painter = QPainter(canvas)
    engine.paint(painter, QRect(0, 0, 11, 11), QIcon.Mode.Normal, QIcon.State.On)
    painter.end()
    expected = engine.image(QSize(11, 11), 2.0)
    assert canvas == expected
