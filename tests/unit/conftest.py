"""Unit tests need no desktop: where there is no display, Qt draws offscreen.

Set while the tests are collected, before pytest-qt makes the one QApplication of the run. A
run that has a display (the whole suite, under scripts/desktop-session.sh) keeps it, so that
the GUI tests in the same process still get a real window system.
"""

import os

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
