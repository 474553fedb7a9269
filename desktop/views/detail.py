"""The selected message: title, time, type and body (inert text with http(s) links)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMimeData, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QTextOption
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.models.messages import type_label
from desktop.views.delegates import local_time
from desktop.views.elided import ElidedLabel
from desktop.views.text import (
    BODY_DISPLAY_LIMIT,
    body_html,
    clean,
    is_web_link,
    one_line,
    unbroken,
)

TITLE_LINES = 3  # a longer title is elided (the list's tooltip and screen readers have it whole)
TITLE_LIMIT = 1000  # the server's longest title; a longer one from another server is cut


class InertBrowser(QTextBrowser):
    """Shows text; loads nothing (no images, no files, no remote anything). Lines break at word
    boundaries, or anywhere in a word wider than the pane; copying leaves out the zero-width
    spaces that `body_html` put into long runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        return None

    def createMimeDataFromSelection(self) -> QMimeData:
        data = QMimeData()
        data.setText(unbroken(self.textCursor().selection().toPlainText()))
        return data


class MessageDetail(QWidget):
    previousRequested = Signal()
    nextRequested = Signal()

    def __init__(self, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self.setAccessibleName(self.tr("Message"))
        self.title = ElidedLabel(TITLE_LINES)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAccessibleName(self.tr("Message title"))
        self.meta = ElidedLabel()
        self.meta.setAccessibleName(self.tr("Message time and type"))
        self._body: InertBrowser | None = None  # made when the first message is shown
        self.previous_button = QPushButton(self.tr("Previous"))
        self.previous_button.setAccessibleName(self.tr("Previous message"))
        self.next_button = QPushButton(self.tr("Next"))
        self.next_button.setAccessibleName(self.tr("Next message"))
        self.previous_button.clicked.connect(self.previousRequested)
        self.next_button.clicked.connect(self.nextRequested)
        self.placeholder = QLabel(self.tr("Select a message to read it."))
        self.placeholder.setEnabled(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.meta, 1)
        buttons.addWidget(self.previous_button)
        buttons.addWidget(self.next_button)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(12, 12, 12, 12)
        self._layout.addWidget(self.title)
        self._layout.addLayout(buttons)
        self._layout.addWidget(self.placeholder)
        self.show_message(None)

    @property
    def body(self) -> InertBrowser:
        """The body's browser, made on first use: the window paints sooner without it."""
        if self._body is None:
            body = InertBrowser()
            body.setOpenLinks(False)
            body.setOpenExternalLinks(False)
            body.anchorClicked.connect(self._open_link)
            body.setAccessibleName(self.tr("Message body"))
            self._layout.insertWidget(2, body, 1)
            self._body = body
        return self._body

    def show_message(self, message: dict[str, Any] | None) -> None:
        empty = message is None
        for widget in (self.title, self.meta, self.previous_button, self.next_button):
            widget.setVisible(not empty)
        self.placeholder.setVisible(empty)
        if message is None:
            if self._body is not None:
                self._body.clear()
                self._body.hide()
            return
        self.body.show()
        self.title.setText(one_line(message["title"][: TITLE_LIMIT * 2])[:TITLE_LIMIT])
        when = local_time(message["created_ms"])
        self.meta.setText(f"{when}  ·  {type_label(message['type'], self._language)}")
        html, cut = body_html(message["body"])
        if cut:
            note = self.tr("Only the first {limit} of {total} characters are shown.").format(
                limit=f"{BODY_DISPLAY_LIMIT:,}", total=f"{len(message['body']):,}"
            )
            html += f"<p><i>{clean(note)}</i></p>"
        self.body.setHtml(html)

    def _open_link(self, url: QUrl) -> None:
        if is_web_link(url.toString()):
            QDesktopServices.openUrl(url)
