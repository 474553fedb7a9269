"""Desktop notifications: the freedesktop notification service on the session bus, where there is
one (Linux desktops), else the tray icon's own message balloon.

The D-Bus side uses jeepney (already what `keyring` talks to the Secret Service with) rather than
QtDBus: PySide6 marshals a Python int as int16 or int32, and `Notify` needs a uint32, which
GDBus-based servers such as dunst refuse to take as anything else. Calls run on a worker thread;
the server's `ActionInvoked` signal comes back to the GUI thread as `activated(key)`.

What is shown goes through the one sanitiser first: a NUL in a string is a malformed D-Bus
message, for which the bus drops the whole connection. A connection that fails is opened again
and the call tried once more; if that fails too, this one notification goes to the fallback, and
the next one tries D-Bus again.

A notification may replace an earlier one (`replaces`, the request `notify()` returned for it):
over D-Bus that is the freedesktop `replaces_id`, so a burst's running summary stays one bubble;
the tray's balloon shows one message at a time anyway, so the new one takes the old one's place.
"""

from __future__ import annotations

import functools
import html
import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.i18n.safe_text import clean, one_line, shortened
from desktop.runtime.tasks import BackgroundTasks

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
CALL_TIMEOUT = 5.0  # seconds: a notification server that hangs must not hold up the next one
KEPT_KEYS = 200  # notifications whose click we still answer
SUMMARY_LIMIT = 200  # characters: a summary is one line on every notification server
BODY_LIMIT = 1000

Fallback = Callable[[str, str, str], None]  # summary, body, key


class DesktopNotifications(QObject):
    """One service object for the desktop's notifications. `notify()` never blocks."""

    activated = Signal(str)  # the key given to notify() (a message id, or "" for the window)
    shown = Signal(int, str)  # notification id (0 through the fallback), summary
    _signalled = Signal(str, object)  # member name and body, from jeepney's receiver thread

    def __init__(
        self,
        app_name: str,
        icon_path: str,
        fallback: Fallback,
        parent=None,
        service: str = SERVICE,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.app_name = app_name
        self.icon_path = icon_path
        self.fallback = fallback
        # The action's label, read on the worker thread: translated here, in the user's language.
        self.open_label = self.tr("Open", "the action of a notification: show the message")
        self._tasks = BackgroundTasks("notifications", self)
        self._in_flight = 0  # notifications on their way to the service
        self._keys: dict[int, str] = {}  # notification id → key
        self._handles = itertools.count(1)
        # Handle → the id the service gave it, written and read on the worker only (its calls
        # run one after the other, so a replacement always finds the id of what it replaces).
        self._ids: dict[int, int] = {}
        self._router: Any = None
        self._filter: Any = None
        self._capabilities: set[str] | None = None
        self._unavailable = False  # this process has no session bus address: never will
        self._signalled.connect(self._on_signal)

    # -- the worker side ------------------------------------------------------------------------

    def _connect(self) -> Any:
        """The session bus connection and our match rule, made when there is none (on the
        worker)."""
        if self._router is None:
            from jeepney import MatchRule, message_bus
            from jeepney.bus import get_bus
            from jeepney.io.threading import open_dbus_connection

            try:
                get_bus("SESSION")
            except (KeyError, RuntimeError) as error:  # no address, or none we can use
                raise _NoSessionBus(f"no session bus: {error}") from error
            router = _router_type()(open_dbus_connection("SESSION"))
            try:
                rule = MatchRule(type="signal", interface=INTERFACE, path=PATH)
                self._filter = router.filter(rule, queue=_Forward(self._signalled))
                # Servers that broadcast their signals need the match; dunst sends them anyway.
                router.send_and_get_reply(message_bus.AddMatch(rule), timeout=CALL_TIMEOUT)
            except Exception:
                _close_router(router)
                raise
            self._router = router
        return self._router

    def _disconnect(self) -> None:
        """Forget the connection (on the worker, or once the worker has stopped)."""
        if self._filter is not None:
            self._filter.close()
            self._filter = None
        if self._router is not None:
            _close_router(self._router)
            self._router = None
        self._capabilities = None  # the service may be another one next time

    def _send(self, handle: int, replaces: int, summary: str, body: str, urgent: bool) -> int:
        """Notify over D-Bus (in place of the notification of handle `replaces`, if it was
        shown over D-Bus); the id the service gave it is kept for a later replacement."""
        notification_id = self._send_once(self._ids.get(replaces, 0), summary, body, urgent)
        self._ids[handle] = notification_id
        while len(self._ids) > KEPT_KEYS:
            del self._ids[next(iter(self._ids))]
        return notification_id

    def _send_once(self, replaces_id: int, summary: str, body: str, urgent: bool) -> int:
        """Notify over D-Bus; on a broken connection, once more over a new one."""
        from jeepney.io.common import RouterClosed
        from jeepney.wrappers import DBusErrorResponse

        try:
            return self._notify(replaces_id, summary, body, urgent)
        except (DBusErrorResponse, _NoSessionBus):
            raise  # the service said no, or there is no bus: a new connection changes nothing
        except TimeoutError:  # a hung service: not worth a second wait, but a fresh start next
            self._disconnect()
            raise
        except (OSError, EOFError, RouterClosed) as error:
            log.info("the session bus connection failed (%s); connecting again", error)
            self._disconnect()
            try:
                return self._notify(replaces_id, summary, body, urgent)
            except Exception:
                self._disconnect()
                raise
        except Exception:  # anything unforeseen: start afresh next time
            self._disconnect()
            raise

    def _notify(self, replaces_id: int, summary: str, body: str, urgent: bool) -> int:
        from jeepney import DBusAddress, new_method_call
        from jeepney.wrappers import unwrap_msg

        router = self._connect()
        server = DBusAddress(PATH, bus_name=self.service, interface=INTERFACE)
        if self._capabilities is None:
            reply = router.send_and_get_reply(
                new_method_call(server, "GetCapabilities"), timeout=CALL_TIMEOUT
            )
            self._capabilities = set(unwrap_msg(reply)[0])
        if "body-markup" in self._capabilities:
            body = html.escape(body, quote=False)  # message text is never markup
        label = self.open_label
        actions = ["default", label, "open", label] if "actions" in self._capabilities else []
        hints = {
            "desktop-entry": ("s", "msgcenter"),
            "urgency": ("y", 2 if urgent else 1),
        }
        call = new_method_call(
            server,
            "Notify",
            "susssasa{sv}i",
            (self.app_name, replaces_id, self.icon_path, summary, body, actions, hints, -1),
        )
        reply = router.send_and_get_reply(call, timeout=CALL_TIMEOUT)
        return int(unwrap_msg(reply)[0])

    # -- the GUI side ---------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """A notification is on its way to the service."""
        return self._in_flight > 0

    def notify(
        self, summary: str, body: str, key: str = "", urgent: bool = False, replaces: int = 0
    ) -> int:
        """Show `summary` and `body` (server text: cleaned and bounded here, for D-Bus and for
        the fallback alike), in place of the notification `replaces` (what an earlier call
        returned) if it is still shown; a click on it emits `activated(key)`. Returns what a
        later call passes as `replaces`."""
        summary = shortened(one_line(summary[: SUMMARY_LIMIT * 2]), SUMMARY_LIMIT)
        body = shortened(clean(body[: BODY_LIMIT * 2]), BODY_LIMIT)
        if self._unavailable:
            self._fall_back(summary, body, key)
            return 0
        handle = next(self._handles)
        self._in_flight += 1
        self._tasks.submit(
            self._send,
            handle,
            replaces,
            summary,
            body,
            urgent,
            on_done=lambda notification_id: self._sent(notification_id, summary, key),
            on_error=lambda error: self._not_sent(error, summary, body, key),
        )
        return handle

    def _sent(self, notification_id: int, summary: str, key: str) -> None:
        self._in_flight -= 1
        self._keys[notification_id] = key
        while len(self._keys) > KEPT_KEYS:
            del self._keys[next(iter(self._keys))]
        self.shown.emit(notification_id, summary)

    def _not_sent(self, error: Exception, summary: str, body: str, key: str) -> None:
        self._in_flight -= 1
        log.info("notification service not reachable (%s); using the tray", error)
        if isinstance(error, _NoSessionBus):
            self._unavailable = True
        self._fall_back(summary, body, key)

    def _fall_back(self, summary: str, body: str, key: str) -> None:
        self.fallback(summary, body, key)
        self.shown.emit(0, summary)

    def _on_signal(self, member: str, body: Any) -> None:
        if member == "ActionInvoked" and body[0] in self._keys:
            self.activated.emit(self._keys[body[0]])
        elif member == "NotificationClosed":
            self._keys.pop(body[0], None)

    def close(self) -> None:
        self._tasks.close(wait=True)
        self._disconnect()


class _NoSessionBus(Exception):
    """This process was given no session bus it can use (no address, or a transport that jeepney
    does not speak): nothing will change that while it runs."""


def _close_router(router: Any) -> None:
    router.close()
    router.conn.close()


@functools.cache
def _router_type() -> type:
    """jeepney's router, whose receiving thread ends quietly when the bus drops the connection
    (jeepney's own lets the error escape the thread, as if it were a bug)."""
    from jeepney.io.threading import DBusRouter

    class QuietRouter(DBusRouter):
        def _receiver(self) -> None:
            try:
                super()._receiver()
            except (OSError, EOFError) as error:
                log.info("the session bus closed the connection (%s)", error)

    return QuietRouter


class _Forward:
    """Stands in for the queue jeepney puts matching messages in: emits them instead."""

    def __init__(self, signal) -> None:
        self._signal = signal

    def put_nowait(self, message) -> None:
        from jeepney.low_level import HeaderFields

        member = message.header.fields.get(HeaderFields.member, "")
        self._signal.emit(member, message.body)
