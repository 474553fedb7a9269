"""The selected message: title, time, type and body (inert text with http(s) links); or, when
no message is selected, a line that says so."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QMimeData, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeyEvent, QTextOption
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.cache.rows import Message
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
    spaces that `body_html` put into long runs. J and K move to the next and previous message
    here too, and Escape goes back to the list."""

    stepRequested = Signal(int)  # +1: the next message, -1: the previous one
    leaveRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        step = {Qt.Key.Key_J: 1, Qt.Key.Key_K: -1}.get(Qt.Key(event.key()))
        if plain and step is not None:
            self.stepRequested.emit(step)
        elif plain and event.key() == Qt.Key.Key_Escape:
            self.leaveRequested.emit()
        else:
            super().keyPressEvent(event)

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        return None

    def createMimeDataFromSelection(self) -> QMimeData:
        data = QMimeData()
        data.setText(unbroken(self.textCursor().selection().toPlainText()))
        return data


class MessageDetail(QWidget):
    """The header (title, then time and type with Previous and Next) elides or wraps: it never
    asks for more width than a few words, so the list beside it keeps the width it was given."""

    previousRequested = Signal()
    nextRequested = Signal()
    leaveRequested = Signal()  # Escape in the body: back to the list

    def __init__(self, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self.message_id: str | None = None  # the message shown, if any
        self._html = ""
        self.setAccessibleName(self.tr("Message"))
        self.title = ElidedLabel(TITLE_LINES)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAccessibleName(self.tr("Message title"))
        self.meta = ElidedLabel(2)  # the time and a long type name wrap before they elide
        self.meta.setAccessibleName(self.tr("Message time and type"))
        self._body: InertBrowser | None = None  # made when the first message is shown
        self.previous_button = QPushButton(self.tr("Previous"))
        self.previous_button.setAccessibleName(self.tr("Previous message"))
        self.next_button = QPushButton(self.tr("Next"))
        self.next_button.setAccessibleName(self.tr("Next message"))
        self.previous_button.clicked.connect(self.previousRequested)
        self.next_button.clicked.connect(self.nextRequested)
        for button in (self.previous_button, self.next_button):
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.placeholder = ElidedLabel(3)
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
            body.stepRequested.connect(self._step)
            body.leaveRequested.connect(self.leaveRequested)
            self._layout.insertWidget(2, body, 1)
            # Tab from the list reaches the body first, then Previous and Next.
            QWidget.setTabOrder(body, self.previous_button)
            QWidget.setTabOrder(self.previous_button, self.next_button)
            self._body = body
        return self._body

    def _step(self, step: int) -> None:
        (self.nextRequested if step > 0 else self.previousRequested).emit()

    def show_nothing(self, text: str = "") -> None:
        """No message: `text` says why (none selected, several selected)."""
        self.message_id = None
        self._html = ""
        for widget in (self.title, self.meta, self.previous_button, self.next_button):
            widget.setVisible(False)
        self.placeholder.setText(text or self.tr("No message selected."))
        self.placeholder.setVisible(True)
        if self._body is not None:
            self._body.clear()
            self._body.hide()

    def show_message(self, message: Message | None) -> None:
        if message is None:
            self.show_nothing()
            return
        for widget in (self.title, self.meta, self.previous_button, self.next_button):
            widget.setVisible(True)
        self.placeholder.setVisible(False)
        same = message.id == self.message_id
        self.message_id = message.id
        self.body.show()
        self.title.setText(one_line(message.title[: TITLE_LIMIT * 2])[:TITLE_LIMIT])
        when = local_time(message.created_ms)
        self.meta.setText(f"{when}  ·  {type_label(message.type, self._language)}")
        html, cut = body_html(message.body)
        if cut:
            note = self.tr("Only the first {limit} of {total} characters are shown.").format(
                limit=f"{BODY_DISPLAY_LIMIT:,}", total=f"{len(message.body):,}"
            )
            html += f"<p><i>{clean(note)}</i></p>"
        if same and html == self._html:
            return  # read again, unchanged (a read state saved): the reader keeps their place
        self._html = html
        self.body.setHtml(html)

    def changeEvent(self, event: QEvent) -> None:
        """Light and dark switched: links take their colour from the palette when the HTML is
        read, so the message shown is read again (else a dark-blue link stays on black)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._html and self._body is not None:
            position = self._body.verticalScrollBar().value()
            self._body.setHtml(self._html)
            self._body.verticalScrollBar().setValue(position)

    def _open_link(self, url: QUrl) -> None:
        if is_web_link(url.toString()):
            QDesktopServices.openUrl(url)
