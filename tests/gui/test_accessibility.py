"""The app as a screen reader finds it: `msgcenter --demo` in its own process, read over AT-SPI
(tests/atspi.py) and driven by keys, as a person with a screen reader drives it.

Every control that can be reached has a name and a role; what the tree says of a check box is
what is drawn; what a description promises happens (Enter on a contact opens its editor); an
editor that was closed is gone from the tree.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.atspi import INTERACTIVE, Reader
from tests.support import require_desktop

MAIN = "Message Center"
SETTINGS = "Message settings"


class App:
    """The demo in a process of its own (its own profile folder), and a reader of its tree."""

    def __init__(self, home) -> None:
        require_desktop("x11", "a11y")
        env = {**os.environ, "MSGCENTER_HOME": str(home), "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1"}
        env["LANGUAGE"] = "en"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "desktop", "--demo"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.reader = Reader(self.process.pid)
        self.wait_window(MAIN)
        # The window paints from the cache while the demo's server starts beside it; read the
        # app once it has synced, as a user would find it (a table read while the sync fills it
        # would mix rows from before and after).
        self.tree(MAIN, ready=lambda tree: any(n["name"] == "Online" for n in tree))

    def windows(self) -> list[dict]:
        return self.reader.ask(op="windows")  # type: ignore[return-value]

    def wait_window(self, name: str, timeout: float = 30) -> dict:
        def shown(windows) -> bool:
            return any(w["name"] == name and "showing" in w["states"] for w in windows)

        windows = self.reader.wait_for(shown, timeout, op="windows")
        return next(w for w in windows if w["name"] == name)

    def wait_gone(self, name: str) -> list[dict]:
        return self.reader.wait_for(lambda ws: all(w["name"] != name for w in ws), op="windows")

    def tree(self, window: str, ready=lambda tree: bool(tree)) -> list[dict]:
        """`window`'s tree once `ready(tree)` holds. A walk that meets a node which went away
        under it (the window was still being filled) is made again."""
        return self.reader.wait_for(ready, op="tree", window=window)  # type: ignore[return-value]

    def act(self, window: str, role: str, name: str, action: str) -> None:
        self.reader.ask(op="act", window=window, role=role, name=name, action=action)

    def key(self, window: str, *keys: str) -> None:
        """Keys typed into `window`, made the active one first (Xvfb has no window manager to
        activate the window under a dialog that closed)."""
        found = subprocess.run(
            ["xdotool", "search", "--name", f"^{window}$"], capture_output=True, text=True
        ).stdout.split()
        assert found, f"no X window named {window!r}"
        subprocess.run(["xdotool", "windowfocus", found[-1]], check=True)
        self.reader.wait_for(
            lambda ws: any(w["name"] == window and "active" in w["states"] for w in ws),
            op="windows",
        )
        subprocess.run(["xdotool", "key", "--clearmodifiers", *keys], check=True)

    def close(self) -> str:
        self.reader.close()
        self.process.terminate()
        try:
            _out, err = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _out, err = self.process.communicate()
        return err


@pytest.fixture
def app(tmp_path):
    started = App(tmp_path / "home")
    yield started
    started.close()


def unnamed_controls(tree: list[dict]) -> list[str]:
    """Controls a screen reader can land on that it could only call by their role. A blank
    table cell is read as "blank", as in any table: it is not counted."""
    found = []
    for node in tree:
        if node["role"] not in INTERACTIVE or "showing" not in node["states"]:
            continue
        reachable = "focusable" in node["states"] or node["actions"]
        blank_cell = node["role"] == "table cell" and not node["text"] and not node["name"]
        if reachable and not node["name"].strip() and not blank_cell:
            found.append(f"{node['path']} {node['role']} {node['description']!r}")
    return found


def node(tree: list[dict], role: str, name: str) -> dict:
    matches = [n for n in tree if n["role"] == role and n["name"] == name]
    assert matches, (
        f"no {role} named {name!r}; {role}s: {[n['name'] for n in tree if n['role'] == role]}"
    )
    return matches[0]


def open_settings(app: App) -> list[dict]:
    app.act(MAIN, "menu item", "Message settings…", "Press")
    app.wait_window(SETTINGS)
    # Shown is not yet filled: the tables get their rows from the cache a moment later.
    return app.tree(SETTINGS, ready=lambda tree: any(" for " in n["name"] for n in tree))


def test_the_settings_dialog_names_every_control_and_its_check_boxes_say_what_is_drawn(app):
    tree = open_settings(app)
    assert unnamed_controls(tree) == []
    for tab in ("Message settings", "Contacts", "Groups"):
        node(tree, "page tab", tab)

    # The two account types go by email and SMS always: ticked, locked, and not checkable.
    for channel in ("Email", "SMS"):
        cell = node(tree, "table cell", f"{channel} for Balance warning: on, locked")
        assert "checked" in cell["states"]
        assert "checkable" not in cell["states"], cell
    # The demo sends the expiry reminder by email only: the SMS box is one that can be ticked.
    expiry = "Expiration reminder (30/15/7/3/1 days before)"
    off = node(tree, "table cell", f"SMS for {expiry}: off")
    assert "checkable" in off["states"] and "checked" not in off["states"]
    on = node(tree, "table cell", f"Email for {expiry}: on")
    assert {"checkable", "checked"} <= set(on["states"])

    for tab in ("Contacts", "Groups"):
        app.act(SETTINGS, "page tab", tab, "Press")
        page = app.reader.wait_for(
            lambda t, tab=tab: any(
                n["role"] == "page tab" and n["name"] == tab and "selected" in n["states"]
                for n in t
            ),
            op="tree",
            window=SETTINGS,
        )
        assert unnamed_controls(page) == [], tab


def editor_opened_by_enter(app: App, table: str, row_name: str, editor: str) -> list[dict]:
    """Select the row whose first cell is `row_name`, press Enter in the table, and read the
    editor that opens; then Escape, and the editor must be gone from the tree."""
    app.act(SETTINGS, "table cell", row_name, "Toggle")  # selects its row: the current row
    app.act(SETTINGS, "table", table, "SetFocus")
    app.key(SETTINGS, "Return")
    app.wait_window(editor)
    tree = app.tree(editor)
    app.key(editor, "Escape")
    windows = app.wait_gone(editor)
    leftovers = [w for w in windows if w["name"] not in (MAIN, SETTINGS)]
    assert leftovers == [], f"closed dialogs still in the tree: {leftovers}"
    return tree


def test_enter_opens_the_editor_the_descriptions_promise_and_closed_editors_leave(app):
    tree = open_settings(app)
    contacts = node(tree, "table", "Contacts")
    assert "Enter edits" in contacts["description"]
    groups = node(tree, "table", "Contact groups")
    assert "Enter edits" in groups["description"]
    settings = node(tree, "table", "Message types and who receives them")
    assert "Enter chooses the recipients" in settings["description"]

    picker = editor_opened_by_enter(
        app, settings["name"], "DDoS attack alarm", "Recipients: DDoS attack alarm"
    )
    assert unnamed_controls(picker) == []
    node(picker, "list", "Contacts who receive it")

    app.act(SETTINGS, "page tab", "Contacts", "Press")
    contact = editor_opened_by_enter(app, "Contacts", "王强", "Edit contact")
    assert unnamed_controls(contact) == []
    for name in ("Name", "Mobile", "Email"):
        node(contact, "text", name)

    app.act(SETTINGS, "page tab", "Groups", "Press")
    group = editor_opened_by_enter(app, "Contact groups", "Finance", "Edit group")
    assert unnamed_controls(group) == []
    node(group, "text", "Group name")
    node(group, "list", "Members")

    app.act(SETTINGS, "page tab", "Contacts", "Press")
    app.act(SETTINGS, "push button", "Add…", "Press")
    app.wait_window("New contact")
    assert unnamed_controls(app.tree("New contact")) == []
    app.key("New contact", "Escape")
    app.wait_gone("New contact")
    assert [w["name"] for w in app.windows()] == [MAIN, SETTINGS]


def test_the_main_window_names_every_control_and_its_status_is_read(app):
    tree = app.tree(MAIN)
    assert unnamed_controls(tree) == []
    bar = next(n for n in tree if n["role"] == "status bar")
    labels = [n for n in tree if n["path"].startswith(bar["path"] + "/") and n["role"] == "label"]
    # A screen reader reads a label's name: the connection's state must be in it, not only
    # in a name that replaces it (as "Connection" would).
    connection = next(n for n in labels if "Connection" in (n["name"], n["description"]))
    states = ("Online", "Offline", "Syncing", "Connecting", "Signed out")
    assert any(state in connection["name"] for state in states), connection
