"""Start at login: the XDG autostart file on Linux, the Run key on Windows, a LaunchAgent on macOS.

One code path: `set_start_at_login` builds the command line, then hands it to the entry of the
platform. Each profile has its own entry, so two accounts can both start at login.
"""

from __future__ import annotations

import os
import plistlib
import subprocess
import sys
from pathlib import Path

from desktop.platform.paths import DEFAULT_PROFILE

APP_ID = "msgcenter"


def launch_command(profile: str) -> list[str]:
    """How this installation is started: the frozen executable, or this Python with `-m`."""
    if getattr(sys, "frozen", False):
        command = [sys.executable]
    else:
        command = [sys.executable, "-m", "desktop"]
    if profile != DEFAULT_PROFILE:
        command += ["--profile", profile]
    return command


def entry_name(profile: str) -> str:
    return APP_ID if profile == DEFAULT_PROFILE else f"{APP_ID}-{profile}"


class XdgAutostart:
    """`$XDG_CONFIG_HOME/autostart/<name>.desktop` (freedesktop Desktop Application Autostart)."""

    def __init__(self, name: str) -> None:
        config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
        self.path = Path(config) / "autostart" / f"{name}.desktop"

    def write(self, command: list[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        exec_line = " ".join(_desktop_quote(part) for part in command)
        self.path.write_text(
            "[Desktop Entry]\n"
            "Type=Application\n"
            "Name=Message Center\n"
            "Comment=Your cloud account's messages\n"
            f"Exec={exec_line}\n"
            f"Icon={APP_ID}\n"
            "Terminal=false\n"
            "X-GNOME-Autostart-enabled=true\n",
            encoding="utf-8",
        )

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)

    def exists(self) -> bool:
        return self.path.exists()


class WindowsRunKey:
    """A value under HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run.

    Made only on Windows (`entry_for`). Each method says so in a way mypy reads, so that it
    checks `winreg` against the Windows stubs and skips it on the other platforms."""

    KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"

    def __init__(self, name: str) -> None:
        self.name = name

    def write(self, command: list[str]) -> None:
        if sys.platform != "win32":
            raise OSError("the Run key exists only on Windows")
        import winreg

        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, self.KEY) as key:
            winreg.SetValueEx(key, self.name, 0, winreg.REG_SZ, subprocess.list2cmdline(command))

    def remove(self) -> None:
        if sys.platform != "win32":
            raise OSError("the Run key exists only on Windows")
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, self.KEY, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, self.name)
        except FileNotFoundError:
            pass

    def exists(self) -> bool:
        if sys.platform != "win32":
            raise OSError("the Run key exists only on Windows")
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, self.KEY) as key:
                winreg.QueryValueEx(key, self.name)
            return True
        except FileNotFoundError:
            return False


class MacLaunchAgent:
    """`~/Library/LaunchAgents/<label>.plist` with RunAtLoad."""

    def __init__(self, name: str) -> None:
        self.label = f"com.msgcenter.{name}"
        self.path = Path.home() / "Library" / "LaunchAgents" / f"{self.label}.plist"

    def write(self, command: list[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        agent = {"Label": self.label, "ProgramArguments": command, "RunAtLoad": True}
        self.path.write_bytes(plistlib.dumps(agent))

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)

    def exists(self) -> bool:
        return self.path.exists()


def entry_for(
    profile: str, platform: str | None = None
) -> XdgAutostart | WindowsRunKey | MacLaunchAgent:
    platform = platform or sys.platform
    name = entry_name(profile)
    if platform.startswith("win"):
        return WindowsRunKey(name)
    if platform == "darwin":
        return MacLaunchAgent(name)
    return XdgAutostart(name)


def set_start_at_login(enabled: bool, profile: str) -> None:
    """Write or remove the login entry of this profile (OSError if the place is not writable)."""
    entry = entry_for(profile)
    if enabled:
        entry.write(launch_command(profile))
    else:
        entry.remove()


def _desktop_quote(argument: str) -> str:
    """Quote for an Exec key: double quotes where needed, \\ " ` $ escaped inside, % doubled
    (a lone % starts a field code)."""
    argument = argument.replace("%", "%%")
    if argument and all(c.isalnum() or c in "-_./=:@%+," for c in argument):
        return argument
    escaped = "".join("\\" + c if c in '\\"`$' else c for c in argument)
    return f'"{escaped}"'
