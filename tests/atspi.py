"""The app as a screen reader sees it: its accessibility tree over AT-SPI.

pyatspi is Debian's (python3-pyatspi), built for the system Python, not the venv's; so the tree
is read by this file run as `/usr/bin/python3 tests/atspi.py PID` (the reader), which answers
JSON commands on stdin, one a line, with one JSON line each. `Reader` is the tests' side: it starts
the reader and talks to it. The app must run with QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 inside
`scripts/desktop-session.sh --a11y` (the AT-SPI bus).

Commands: {"op": "windows"} → the app's windows; {"op": "tree", "window": NAME} → every node
of that window, flattened; {"op": "act", "window": NAME, "role": ROLE, "name": NAME, "action":
"focus" | an action's name}.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

SYSTEM_PYTHON = "/usr/bin/python3"
MAX_CHILDREN = 80  # of a node, read: a message list has thousands of cells
INTERACTIVE = {
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "text",
    "password text",
    "entry",
    "combo box",
    "spin button",
    "page tab",
    "menu item",
    "check menu item",
    "radio menu item",
    "slider",
    "link",
    "list item",
    "table cell",
    "tree item",
}


class Reader:
    """The reader process for one app process (`pid`); `ask()` one command, with a deadline."""

    def __init__(self, pid: int) -> None:
        self.process = subprocess.Popen(
            [SYSTEM_PYTHON, str(Path(__file__).resolve()), str(pid)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={k: v for k, v in os.environ.items() if not k.startswith("PYTHON")},
        )

    def ask(self, **command) -> dict | list:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the AT-SPI reader stopped (status {self.process.wait()})")
        reply = json.loads(line)
        if isinstance(reply, dict) and "error" in reply:
            raise LookupError(reply["error"])
        return reply

    def wait_for(self, test, timeout: float = 20.0, **command):
        """Ask `command` again until `test(reply)` holds; the last reply."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                reply = self.ask(**command)
                if test(reply):
                    return reply
            except LookupError:
                reply = None
            if time.monotonic() > deadline:
                raise AssertionError(f"not within {timeout} s: {command} → {reply}")
            time.sleep(0.1)

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


# -- the reader, under the system Python --------------------------------------------------------


def _serve(pid: int) -> None:
    import pyatspi  # only the system Python has it

    pyatspi.setTimeout(3000, 30000)  # generous: two cores shared with the app and the tests

    def app_node():
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            for app in pyatspi.Registry.getDesktop(0):
                if app is not None and app.get_process_id() == pid:
                    return app
            time.sleep(0.1)
        raise LookupError(f"no application with process id {pid} on the AT-SPI bus")

    def states(node) -> list[str]:
        return sorted(pyatspi.stateToString(s) for s in node.getState().getStates())

    def actions(node) -> list[str]:
        try:
            action = node.queryAction()
        except NotImplementedError:
            return []
        return [action.getName(i) for i in range(action.nActions)]

    def text(node) -> str | None:
        try:
            return node.queryText().getText(0, -1)
        except NotImplementedError:
            return None

    def windows() -> list:
        app = app_node()
        found = []
        for i in range(app.childCount):
            window = app.getChildAtIndex(i)
            if window is not None:
                found.append(
                    {"role": window.getRoleName(), "name": window.name, "states": states(window)}
                )
        return found

    def window_named(name: str):
        app = app_node()
        for i in range(app.childCount):
            window = app.getChildAtIndex(i)
            if window is not None and window.name == name:
                return window
        raise LookupError(f"no window named {name!r}")

    def walk(node, path: str, out: list) -> None:
        out.append(
            {
                "path": path,
                "role": node.getRoleName(),
                "name": node.name,
                "description": node.description,
                "states": states(node),
                "actions": actions(node),
                "text": text(node),
            }
        )
        for i in range(min(node.childCount, MAX_CHILDREN)):
            child = node.getChildAtIndex(i)
            if child is not None:
                walk(child, f"{path}/{i}", out)

    def find(window, role: str, name: str):
        match = pyatspi.findDescendant(
            window, lambda n: n is not None and n.getRoleName() == role and n.name == name
        )
        if match is None:
            raise LookupError(f"no {role} named {name!r} in {window.name!r}")
        return match

    def act(command: dict) -> dict:
        node = find(window_named(command["window"]), command["role"], command["name"])
        wanted = command["action"]
        if wanted == "focus":
            return {"done": node.queryComponent().grabFocus()}
        action = node.queryAction()
        for i in range(action.nActions):
            if action.getName(i) == wanted:
                return {"done": action.doAction(i)}
        raise LookupError(f"{command['name']!r} has no action {wanted!r}: {actions(node)}")

    for line in sys.stdin:
        command = json.loads(line)
        try:
            if command["op"] == "windows":
                reply: object = windows()
            elif command["op"] == "tree":
                reply = []
                walk(window_named(command["window"]), "", reply)  # type: ignore[arg-type]
            elif command["op"] == "act":
                reply = act(command)
            else:
                reply = {"error": f"unknown command {command['op']!r}"}
        except LookupError as error:
            reply = {"error": str(error)}
        except Exception as error:  # the bus's errors: said, and the next command still works
            reply = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
