"""Unexpected errors never end the app: each is logged with its traceback and shown once, in
plain words, with a report the user can copy into a bug report.

`ErrorReporter` installs `sys.excepthook` (an exception raised in a slot or an event handler on
the GUI thread reaches it) and `threading.excepthook` (a thread that dies of an exception); the
dialog always comes on the GUI thread, through a queued signal.
"""

from __future__ import annotations

import contextlib
import logging
import platform
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Qt, Signal, qVersion
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

import msgcenter
from desktop.platform.logs import redact
from desktop.views.a11y import describe

log = logging.getLogger(__name__)

ERRORS_PER_DIALOG = 10  # more while a dialog is open: in the log only
KNOWN_ERRORS_KEPT = 1000  # distinct errors remembered, so that a repeat shows no new dialog


def error_key(kind: type[BaseException], trace: TracebackType | None) -> str:
    """The same error from the same place has the same key, whatever its message says."""
    frames = traceback.extract_tb(trace)
    return kind.__qualname__ + "".join(f"|{f.filename}:{f.lineno}" for f in frames)


def versions() -> str:
    return (
        f"Message Center {msgcenter.__version__}; Python {platform.python_version()}; "
        f"PySide6 {pyside_version}; Qt {qVersion()}; {platform.platform()}"
    )


class ErrorReporter(QObject):
    """Catches what nothing else caught, logs it, and shows one dialog per distinct error."""

    _raised = Signal(str, str)  # key, report: from any thread to the GUI thread

    def __init__(self, log_file: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self.dialog: CrashReportDialog | None = None
        self._known: set[str] = set()
        self._previous = (sys.excepthook, threading.excepthook)
        self._raised.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self._on_exception
        threading.excepthook = self._on_thread_exception

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous

    def _on_exception(self, kind, error, trace) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous[0](kind, error, trace)
            return
        self.report(kind, error, trace, threading.current_thread().name)

    def _on_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        if issubclass(args.exc_type, SystemExit):
            return
        where = args.thread.name if args.thread is not None else "a thread"
        self.report(args.exc_type, args.exc_value, args.exc_traceback, where)

    def report(self, kind, error, trace, where: str) -> None:
        """Log the error with its traceback, and have it shown on the GUI thread."""
        log.error("unexpected error in %s", where, exc_info=(kind, error, trace))
        print(f"msgcenter: unexpected error; details are in {self.log_file}", file=sys.stderr)
        text = "".join(traceback.format_exception(kind, error, trace))
        # RuntimeError: the reporter is gone (the app is ending); the log has it.
        with contextlib.suppress(RuntimeError):
            self._raised.emit(error_key(kind, trace), f"In {where}:\n{redact(text)}")

    def _show(self, key: str, report: str) -> None:
        if key in self._known:
            log.info("the same error again: not shown again")
            return
        if len(self._known) < KNOWN_ERRORS_KEPT:
            self._known.add(key)
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add(report)
            return
        # A modal dialog open (sign-in, settings) would block a report of its own: the report
        # becomes its child, and modal itself, so that Copy report can be clicked.
        modal = QApplication.activeModalWidget()
        self.dialog = CrashReportDialog(versions(), self.log_file, modal)
        if modal is not None:
            self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(self._forget_dialog)
        self.dialog.add(report)
        self.dialog.show()
        self.dialog.raise_()

    def _forget_dialog(self) -> None:
        self.dialog = None


class CrashReportDialog(QDialog):
    """What went wrong in plain words, and the report to copy (no token or password in it)."""

    def __init__(self, header: str, log_file: Path, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Message Center: something went wrong"))
        self.setAccessibleName(self.tr("Something went wrong"))
        self._errors = 0
        explanation = QLabel(
            self.tr(
                "Something unexpected went wrong inside Message Center. It is still running, "
                "but what you were doing may not have finished: check it, and try again. "
                "If it happens again, please copy this report into a bug report. "
                "The log file has the details too: {path}"
            ).format(path=log_file)
        )
        explanation.setWordWrap(True)
        explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(f"{header}\nLog: {log_file}\n")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details.setAccessibleName(self.tr("Error report"))
        self.details.setMinimumSize(560, 240)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        self.copy_button = QPushButton(self.tr("Copy report"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        describe(self.copy_button, self.tr("Puts the report on the clipboard"))
        describe(
            buttons.button(QDialogButtonBox.StandardButton.Close),
            self.tr("Closes this report; Message Center goes on"),
        )
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.details)
        layout.addWidget(buttons)

    @property
    def report(self) -> str:
        return self.details.toPlainText()

    def add(self, report: str) -> None:
        """One more error's traceback (a few; the rest are in the log)."""
        self._errors += 1
        if self._errors == ERRORS_PER_DIALOG + 1:
            report = self.tr("More errors came: they are in the log.")
        elif self._errors > ERRORS_PER_DIALOG:
            return
        self.details.appendPlainText("\n" + report.rstrip())

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.report)
        self.copy_button.setText(self.tr("Copied"))
