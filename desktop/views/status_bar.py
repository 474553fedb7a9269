"""The main window's status bar: connection, last sync, a passing problem, a lasting notice and
the changes waiting to be sent."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, QLocale
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from desktop.sync.states import ConnectionState, notice, read_notice
from desktop.views import theme
from desktop.views.delegates import local_time
from desktop.views.elided import ElidedLabel
from desktop.views.text import clean, one_line, tooltip_html
from desktop.views.wording import render


def status_tooltip(text: str) -> str:
    """What the engine or the server said, for the connection's tooltip."""
    return tooltip_html(clean(render(text))) if text else ""


def _set_status(label: QLabel, text: str) -> None:
    """A label shows only with a text: an empty one is nothing to read."""
    label.setText(text)
    label.setVisible(bool(text))


class WindowStatusBar(QStatusBar):
    """One label per fact. A label's text is its accessible name: none is set here, so that a
    screen reader reads "Offline" or the count; what each one is goes in its description.

    Its texts keep the main window's translation context, where they were first written."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # First: a palette change while the rest is built recolours it (`changeEvent`).
        self.problem_label = ElidedLabel()
        self._syncing = False  # a full sync's progress replaces "Syncing…" only while it runs
        self.state_label = QLabel(QCoreApplication.translate("MainWindow", "Offline"))
        self.state_label.setAccessibleDescription(
            QCoreApplication.translate("MainWindow", "Connection")
        )
        self.last_sync_label = QLabel()
        self.last_sync_label.setAccessibleDescription(
            QCoreApplication.translate("MainWindow", "Last sync")
        )
        self.outbox_label = QLabel()
        self.outbox_label.setAccessibleDescription(
            QCoreApplication.translate("MainWindow", "Changes waiting to be sent")
        )
        # The next two may carry the server's words: elided (whole in their tooltip), they never
        # widen the window.
        self.problem_label.setAccessibleDescription(
            QCoreApplication.translate("MainWindow", "Problem")
        )
        self._colour_problem()
        # Lasting facts (no keyring), not cleared when online; room for a sentence.
        self.notice_label = ElidedLabel(hint_characters=120)
        self.notice_label.setAccessibleDescription(
            QCoreApplication.translate("MainWindow", "Notice")
        )
        self.addWidget(self.state_label)
        self.addWidget(self.last_sync_label)
        self.addWidget(self.problem_label, 1)
        self.addPermanentWidget(self.notice_label)
        self.addPermanentWidget(self.outbox_label)
        for label in (self.last_sync_label, self.problem_label, self.notice_label):
            label.hide()  # shown with a text
        self.outbox_label.hide()

    def _colour_problem(self) -> None:
        """In its palette, not a style sheet: the window's first style sheet costs its first
        paint ~10 ms (Qt loads its style sheet machinery for it)."""
        palette = self.problem_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, theme.problem_text())
        self.problem_label.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        """Light and dark switched: the problem's colour follows at once."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._colour_problem()

    def set_connection(self, state: str, detail: str) -> None:
        words: dict[str, str] = {  # `state` comes through a signal as text
            ConnectionState.ONLINE: QCoreApplication.translate("MainWindow", "Online"),
            ConnectionState.OFFLINE: QCoreApplication.translate("MainWindow", "Offline"),
            ConnectionState.SYNCING: QCoreApplication.translate("MainWindow", "Syncing…"),
            ConnectionState.SIGNED_OUT: QCoreApplication.translate("MainWindow", "Signed out"),
        }
        text = words.get(state, state)
        self._syncing = state == ConnectionState.SYNCING
        self.state_label.setText(text)
        self.state_label.setToolTip(status_tooltip(detail))
        if state == ConnectionState.ONLINE:
            self.set_last_sync(int(time.time() * 1000))
            _set_status(self.problem_label, "")
        elif state == ConnectionState.SIGNED_OUT and detail:
            self.show_problem(detail)

    def set_sync_progress(self, received: int, expected: int) -> None:
        """How far a full sync is ("Syncing… 40,000 / 100,000"), while it is under way. Built
        from the words already translated and the locale's numbers."""
        if not self._syncing or not expected:
            return
        locale = QLocale()
        numbers = f"{locale.toString(received)} / {locale.toString(expected)}"
        syncing = QCoreApplication.translate("MainWindow", "Syncing…")
        self.state_label.setText(f"{syncing} {numbers}")

    def set_last_sync(self, ms: int) -> None:
        moment = local_time(ms)
        text = QCoreApplication.translate("MainWindow", "Last sync {time}").format(time=moment)
        _set_status(self.last_sync_label, text)

    def show_outbox(self, text: str) -> None:
        """How many changes wait to be sent ("" when none)."""
        _set_status(self.outbox_label, text)

    def show_problem(self, text: str) -> None:
        """A passing problem: cleared once the server answers again. The log's path (a long
        one would push the rest out of the line) goes to the tooltip and the accessible
        description; the line says where the details are in words."""
        found = read_notice(text) or {}
        log = found.get("log")
        shown = render(notice(**{**found, "log": ""}) if log else text)
        if log:
            shown += " " + QCoreApplication.translate("MainWindow", "Details are in the log.")
        _set_status(self.problem_label, one_line(shown))
        self.problem_label.setToolTip(status_tooltip(text))  # the whole sentence, always
        about = QCoreApplication.translate("MainWindow", "Problem")
        if log:
            about = QCoreApplication.translate(
                "MainWindow", "Problem; the details are in the log, {path}"
            ).format(path=log)
        self.problem_label.setAccessibleDescription(about)

    def show_notice(self, text: str) -> None:
        """Something true for the whole run, such as a token kept in memory only."""
        _set_status(self.notice_label, one_line(render(text)))
