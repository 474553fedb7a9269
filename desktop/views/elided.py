"""A label for text of any length that never asks for more room than a few words."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QHelpEvent, QPainter, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel, QToolTip, QWidget

from desktop.views.text import tooltip_html

HINT_CHARACTERS = 48  # the width it asks for, at most, in average characters, by default
LINE_CHARACTERS = 2000  # more than a line of the widest screen holds: the rest is never laid out


class ElidedLabel(QLabel):
    """Plain text in at most `max_lines` lines, wrapped at word boundaries or anywhere, the last
    line elided with "…". A QLabel asks for the width of its longest word, so a long unbroken
    title made the whole window 16,000 px wide; this one needs a few characters and asks for
    `hint_characters` at most. `text()` is still the whole text (for screen readers), and the
    tooltip of an elided one shows it, unless a tooltip of its own was set."""

    def __init__(
        self,
        max_lines: int = 1,
        hint_characters: int = HINT_CHARACTERS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.max_lines = max_lines
        self.hint_characters = hint_characters
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._cache: tuple[str, int, str, tuple[list[str], bool]] | None = None

    def shown_lines(self, width: int | None = None) -> list[str]:
        """The lines painted at `width` (the label's own by default)."""
        return self._laid_out(width)[0]

    def elided(self) -> bool:
        """Whether some of the text is not shown."""
        return self._laid_out()[1]

    def _laid_out(self, width: int | None = None) -> tuple[list[str], bool]:
        if width is None:
            width = self.contentsRect().width()
        width = max(1, width)
        whole = self.text()
        text, font = whole[: LINE_CHARACTERS * self.max_lines], self.font().key()
        if self._cache and self._cache[:3] == (whole, width, font):
            return self._cache[3]
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout = QTextLayout(text, self.font())
        layout.setTextOption(option)
        layout.beginLayout()
        starts: list[int] = []
        while len(starts) < self.max_lines:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            starts.append(line.textStart())
        layout.endLayout()
        ends = [*starts[1:], len(text)]
        lines = [text[start:end].rstrip() for start, end in zip(starts, ends, strict=True)]
        elided = False
        if lines:  # the last line holds the rest, elided if it does not fit
            rest = text[starts[-1] :].replace("\n", " ").rstrip()
            lines[-1] = self.fontMetrics().elidedText(rest, Qt.TextElideMode.ElideRight, width)
            elided = lines[-1] != rest or len(text) < len(whole)
            if elided and not lines[-1].endswith("…"):  # cut before it was laid out
                lines[-1] = lines[-1][:-1] + "…"
        self._cache = (whole, width, font, (lines, elided))
        return lines, elided

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        margins = self.contentsMargins()
        inner = width - margins.left() - margins.right()
        lines = max(1, len(self.shown_lines(inner)))
        return lines * self.fontMetrics().lineSpacing() + margins.top() + margins.bottom()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        lines = self.text()[: LINE_CHARACTERS * self.max_lines].split("\n")
        longest = self.hint_characters * 4  # wide characters are four average ones at most
        natural = max(metrics.horizontalAdvance(line[:longest]) for line in lines)
        width = min(natural, metrics.averageCharWidth() * self.hint_characters) + 1
        margins = self.contentsMargins()
        width += margins.left() + margins.right()
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        margins = self.contentsMargins()
        return QSize(
            metrics.horizontalAdvance("…") * 4 + margins.left() + margins.right(),
            metrics.lineSpacing() + margins.top() + margins.bottom(),
        )

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ToolTip
            and isinstance(event, QHelpEvent)  # it is one: PySide6 passes the subclass
            and not self.toolTip()
            and self.elided()
        ):
            QToolTip.showText(event.globalPos(), tooltip_html(self.text()), self)
            return True
        return super().event(event)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        spacing = self.fontMetrics().lineSpacing()
        for number, line in enumerate(self.shown_lines(rect.width())):
            line_rect = rect.adjusted(0, number * spacing, 0, 0)
            line_rect.setHeight(spacing)
            self.style().drawItemText(
                painter,
                line_rect,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.palette(),
                self.isEnabled(),
                line,
                self.foregroundRole(),
            )
