"""Unexpected errors: logged, shown once with a copyable report, and the app goes on."""

from __future__ import annotations

import logging
import subprocess
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from desktop.platform.logs import setup_logging
from desktop.views.crash_report import ErrorReporter
from tests.integration.test_cli_edges import terminate_once_shown
from tests.support import require_desktop

# The shape of the server's tokens: never in a report or a log.
TOKEN = "Zq3v9yXkPp0sLr7Tn2Wc8Hb5Jd1Fg4Mx6Ke0Ua2Qs9"


@pytest.fixture
def reporter(tmp_path, qapp):
    """The app's reporter, logging to a file of its own; pytest-qt's capture is off for these
    tests (qt_no_exception_capture), so the reporter's hooks are the ones that run."""
    log_file = tmp_path / "msgcenter.log"
    handler = setup_logging(log_file)
    installed = ErrorReporter(log_file)
    installed.install()
    yield installed
    installed.uninstall()
    if installed.dialog is not None:
        installed.dialog.close()
    logging.getLogger().removeHandler(handler)
    handler.close()


def broken_slot() -> None:
    raise ValueError(f"the server sent something odd (Authorization: Bearer {TOKEN})")


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_shows_one_report_to_copy_and_the_app_goes_on(reporter, qtbot):
    button = QPushButton("Go")
    qtbot.addWidget(button)
    button.clicked.connect(broken_slot)
    button.show()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    dialog = reporter.dialog
    report = dialog.report
    assert "Traceback" in report and "broken_slot" in report and "ValueError" in report
    assert "Message Center" in report and str(reporter.log_file) in report
    assert TOKEN not in report

    # The same error again: logged, no second dialog, no second traceback.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    button.clicked.disconnect(broken_slot)
    button.clicked.connect(lambda: {}["another error"])
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "KeyError" in dialog.report)  # after the repeat, in order
    assert reporter.dialog is dialog
    assert dialog.report.count("broken_slot") == 1

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == dialog.report
    log = reporter.log_file.read_text()
    assert log.count("Traceback") == 3 and "broken_slot" in log
    assert TOKEN not in log
    assert button.isVisible()  # still here, and the event loop still runs


@pytest.mark.qt_no_exception_capture
def test_the_report_can_be_copied_while_a_modal_dialog_is_open(reporter, qtbot):
    """An error in a modal dialog (the sign-in, the settings): its report is not blocked by it."""
    require_desktop("x11")
    modal = QDialog()
    qtbot.addWidget(modal)
    button = QPushButton("Go", modal)
    button.clicked.connect(broken_slot)
    modal.setWindowModality(Qt.WindowModality.ApplicationModal)
    modal.show()
    qtbot.waitExposed(modal)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    dialog = reporter.dialog
    qtbot.waitExposed(dialog)
    QApplication.clipboard().clear()
    # A real click through the X server (QTest's events do not pass Qt's modal blocking).
    where = dialog.copy_button.mapToGlobal(dialog.copy_button.rect().center())
    clicked = ["xdotool", "mousemove", str(where.x()), str(where.y()), "click", "1"]
    subprocess.run(clicked, check=True, timeout=10)
    qtbot.waitUntil(lambda: QApplication.clipboard().text() == dialog.report, timeout=5000)
    assert modal.isVisible()


@pytest.mark.qt_no_exception_capture
def test_an_error_in_another_thread_is_shown_on_the_gui_thread(reporter, qtbot):
    def work() -> None:
        raise RuntimeError("the worker fell over")

    worker = threading.Thread(target=work, name="some-worker")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    assert reporter.dialog.thread() is QApplication.instance().thread()
    assert "In some-worker" in reporter.dialog.report
    assert "the worker fell over" in reporter.dialog.report
    assert "the worker fell over" in reporter.log_file.read_text()


def test_sigterm_quits_while_the_sign_in_dialog_is_open(tmp_path):
    """The first start asks for a sign-in in a modal dialog: SIGTERM still quits, cleanly."""
    status, err = terminate_once_shown(tmp_path / "home", "Sign in to Message Center")
    assert status == 0, err
    assert "Traceback" not in err
