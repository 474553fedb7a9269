"""Looking at the headless desktop from outside the app: X windows, the tray, the session bus."""

from __future__ import annotations

import re
import subprocess
import threading
import time
from dataclasses import dataclass

_WINDOW_LINE = re.compile(r'^(\s*)(0x[0-9a-f]+) (?:"([^"]*)"|\(has no name\)).*?\s(\d+)x(\d+)[+-]')


@dataclass(frozen=True)
class XWindow:
    id: str
    name: str
    width: int
    height: int
    depth: int  # 1: a child of the root window (a top-level window without a window manager)


def x_windows() -> list[XWindow]:
    tree = subprocess.run(
        ["xwininfo", "-root", "-tree"], capture_output=True, text=True, check=True
    ).stdout
    windows = []
    for line in tree.splitlines():
        match = _WINDOW_LINE.match(line)
        if match:
            indent, wid, name, width, height = match.groups()
            windows.append(
                XWindow(wid, name or "", int(width), int(height), (len(indent) - 2) // 3)
            )
    return windows


def tray_icon_windows() -> list[str]:
    """Windows embedded in trayer's panel (each icon is a child of a socket under "panel")."""
    embedded, panel_depth = [], None
    for window in x_windows():
        if window.name == "panel":
            panel_depth = window.depth
        elif panel_depth is not None and window.depth <= panel_depth:
            panel_depth = None
        elif panel_depth is not None and window.depth >= panel_depth + 2 and window.name:
            embedded.append(window.id)
    return embedded


def window_pid(window_id: str) -> int | None:
    reply = subprocess.run(
        ["xprop", "-id", window_id, "_NET_WM_PID"], capture_output=True, text=True
    ).stdout
    match = re.search(r"= (\d+)", reply)
    return int(match.group(1)) if match else None


def visible_top_windows(name: str) -> list[XWindow]:
    """Top-level windows called `name` that are mapped and larger than a tray icon."""
    found = []
    for window in x_windows():
        if window.depth == 1 and window.name == name and window.width > 100:
            state = subprocess.run(
                ["xwininfo", "-id", window.id], capture_output=True, text=True
            ).stdout
            if "Map State: IsViewable" in state:
                found.append(window)
    return found


def grab(window_id: str) -> bytes:
    """The window's pixels as the X server has them (PPM: no compression to vary)."""
    return subprocess.run(
        ["import", "-window", window_id, "ppm:-"], capture_output=True, check=True
    ).stdout


def painted(ppm: bytes) -> bool:
    """Whether a grabbed window shows a picture (more than one colour), not a blank."""
    header = re.match(rb"P6\s+\d+\s+\d+\s+\d+\s", ppm)
    assert header is not None, "not a PPM picture"
    pixels = ppm[header.end() :]
    return len({pixels[n : n + 3] for n in range(0, len(pixels), 3)}) > 1


@dataclass(frozen=True)
class NotifyCall:
    app_name: str
    summary: str
    body: str
    seen_at: float  # the bus's wall-clock time of the call
    replaces_id: int = 0  # the notification it takes the place of (0: a new one)


class NotifyMonitor:
    """Every `Notify` call on the session bus, as dbus-monitor sees it. The real notification
    server still receives and answers them."""

    def __init__(self) -> None:
        self._text = ""
        self._lock = threading.Lock()
        rule = "type='method_call',interface='org.freedesktop.Notifications'"
        self._process = subprocess.Popen(
            ["dbus-monitor", "--session", "--monitor", rule],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        self.sync()  # ready once it sees calls on the bus

    def sync(self, timeout: float = 10.0) -> None:
        """Return once the monitor has printed everything sent on the bus before this call: a
        marker call comes after it, in bus order (GetServerInformation, which shows nothing on
        screen and which the app never sends)."""
        marker = "member=GetServerInformation"
        seen = self._snapshot().count(marker)
        deadline = time.monotonic() + timeout
        while self._snapshot().count(marker) <= seen:
            if time.monotonic() > deadline:
                raise RuntimeError("dbus-monitor saw nothing on the session bus")
            subprocess.run(
                ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.Notifications",
                 "/org/freedesktop/Notifications",
                 "org.freedesktop.Notifications.GetServerInformation"],
                capture_output=True,
            )  # fmt: skip
            time.sleep(0.05)

    def _read(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            with self._lock:
                self._text += line

    def _snapshot(self) -> str:
        with self._lock:
            return self._text

    def calls(self, app_name: str = "Message Center") -> list[NotifyCall]:
        found = []
        for block in self._snapshot().split("method call ")[1:]:
            header = block.splitlines()[0]
            if "member=Notify" not in header:
                continue
            strings = _strings(block)
            seen_at = float(re.search(r"time=([\d.]+)", header).group(1))  # type: ignore[union-attr]
            if len(strings) >= 4 and strings[0] == app_name:
                replaces = re.search(r"^\s*uint32 (\d+)$", block, re.MULTILINE)
                replaces_id = int(replaces.group(1)) if replaces else 0
                found.append(NotifyCall(strings[0], strings[2], strings[3], seen_at, replaces_id))
        return found

    def wait_for(self, count: int, pause=time.sleep, timeout: float = 15.0) -> list[NotifyCall]:
        """The calls, once there are `count` (or the time is up). `pause(seconds)` waits between
        looks: pass one that runs the Qt event loop when the app is in this process."""
        deadline = time.monotonic() + timeout
        while len(self.calls()) < count and time.monotonic() < deadline:
            pause(0.05)
        return self.calls()

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait(5)
        if self._process.stdout is not None:
            self._process.stdout.close()


def _strings(block: str) -> list[str]:
    """The string arguments of one dbus-monitor block (a string may span several lines)."""
    strings, current = [], None
    for line in block.splitlines()[1:]:
        if current is None and line.lstrip().startswith('string "'):
            current = line.split('string "', 1)[1]
        elif current is not None:
            current += "\n" + line
        else:
            continue
        if current.endswith('"'):
            strings.append(current[:-1])
            current = None
    return strings
