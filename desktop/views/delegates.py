"""Painting the rows: the message list (two lines, unread dot and bold) and the categories."""

from __future__ import annotations

import time

from PySide6.QtCore import (
    QDateTime,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHelpEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
)

from desktop.models.categories import UnreadRole
from desktop.models.messages import CreatedMsRole, ReadRole, TypeLabelRole
from desktop.views import theme
from desktop.views.text import tooltip_html

SECONDARY_ALPHA = 0.72  # the time and type line: lighter than the title, still AA
_Index = QModelIndex | QPersistentModelIndex
PADDING = 8


def draw_focus_ring(painter: QPainter, option: QStyleOptionViewItem) -> None:
    """The row with the keyboard focus, outlined: without it, a row reached by Tab but not yet
    selected (or unselected with Ctrl+Space) cannot be told from the others."""
    if not option.state & QStyle.StateFlag.State_HasFocus:
        return
    selected = bool(option.state & QStyle.StateFlag.State_Selected)
    role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
    pen = QPen(option.palette.color(role), 2)
    painter.save()
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(option.rect.adjusted(1, 1, -1, -1))
    painter.restore()


def local_time(ms: int, now: QDateTime | None = None) -> str:
    """In the local time zone and the user's locale: the time today ("2:05 PM", "14:05"), the
    date and time before ("11/27/26 9:30 AM", "2026/11/27 09:30")."""
    moment = QDateTime.fromMSecsSinceEpoch(ms).toLocalTime()
    now = now or QDateTime.currentDateTime()
    locale = QLocale()
    if moment.date() == now.date():
        return locale.toString(moment.time(), QLocale.FormatType.ShortFormat)
    return locale.toString(moment, QLocale.FormatType.ShortFormat)


class _Fonts:
    """The row's fonts and their metrics, made once per font of the view (not once per row)."""

    def __init__(self, font: QFont) -> None:
        self.base = QFont(font)
        self.title, self.bold_title = QFont(font), QFont(font)
        self.bold_title.setBold(True)
        self.title_metrics = QFontMetrics(self.title)
        self.bold_title_metrics = QFontMetrics(self.bold_title)
        self.small = QFont(font)
        self.small.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        self.small_metrics = QFontMetrics(self.small)


class _Times:
    """Each message's time as `local_time` says it, kept for the day: a row painted again (every
    scroll step, every batch a sync applies) does not format it again."""

    LIMIT = 5000

    def __init__(self) -> None:
        self._day: tuple[int, int, int] | None = None
        self._said: dict[int, str] = {}

    def __call__(self, ms: int) -> str:
        day = time.localtime()[:3]
        if day != self._day or len(self._said) > self.LIMIT:
            self._day, self._said = day, {}
        said = self._said.get(ms)
        if said is None:
            said = self._said[ms] = local_time(ms)
        return said


class MessageDelegate(QStyledItemDelegate):
    """The model's text comes cleaned and on one line; here it is elided to the row's width.
    A paint runs for every visible row on every repaint, a burst of arrivals included: what does
    not change from row to row (fonts, the unread dot's colour, each time's words) is kept."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fonts: _Fonts | None = None
        self._times = _Times()
        self._dot: tuple[int, QColor] | None = None  # the palette's key, and its unread dot

    def _fonts_for(self, font: QFont) -> _Fonts:
        if self._fonts is None or self._fonts.base != font:
            self._fonts = _Fonts(font)
        return self._fonts

    def _unread_dot(self, palette: QPalette) -> QColor:
        key = palette.cacheKey()
        if self._dot is None or self._dot[0] != key:
            self._dot = (key, theme.unread_dot(palette))
        return self._dot[1]

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        view_option = QStyleOptionViewItem(option)
        self.initStyleOption(view_option, index)
        view_option.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(
            QStyle.ControlElement.CE_ItemViewItem, view_option, painter, option.widget
        )

        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        secondary = QColor(text_color)
        if not selected:  # on the selection colour, full strength keeps the contrast
            secondary.setAlphaF(SECONDARY_ALPHA)
        unread = index.data(ReadRole) is False
        rect = option.rect.adjusted(PADDING + 14, PADDING - 2, -PADDING, -PADDING + 2)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if unread:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(text_color if selected else self._unread_dot(palette))
            painter.drawEllipse(option.rect.left() + PADDING, option.rect.top() + PADDING + 5, 8, 8)
        fonts = self._fonts_for(option.font)
        title_font = fonts.bold_title if unread else fonts.title
        metrics = fonts.bold_title_metrics if unread else fonts.title_metrics
        small_font, small = fonts.small, fonts.small_metrics

        when = self._times(index.data(CreatedMsRole) or 0)
        when_width = small.horizontalAdvance(when) + 4
        title = index.data(Qt.ItemDataRole.DisplayRole) or ""
        painter.setFont(title_font)
        painter.setPen(text_color)
        title_rect = QRect(rect.left(), rect.top(), rect.width() - when_width - 6, metrics.height())
        painter.drawText(
            title_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(title, Qt.TextElideMode.ElideRight, title_rect.width()),
        )
        painter.setFont(small_font)
        painter.setPen(secondary)
        painter.drawText(
            QRect(rect.right() - when_width, rect.top(), when_width, metrics.height()),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            when,
        )
        kind = index.data(TypeLabelRole) or ""
        kind_rect = QRect(
            rect.left(), rect.top() + metrics.height() + 3, rect.width(), small.height()
        )
        painter.drawText(
            kind_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            small.elidedText(kind, Qt.TextElideMode.ElideRight, kind_rect.width()),
        )
        painter.restore()
        draw_focus_ring(painter, option)

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: _Index,
    ) -> bool:
        """The whole title as the tooltip, as text (never markup), wrapped."""
        if event.type() == QEvent.Type.ToolTip and index.isValid():
            text = index.data(Qt.ItemDataRole.ToolTipRole) or ""
            QToolTip.showText(event.globalPos(), tooltip_html(text), view, option.rect)
            return True
        return super().helpEvent(event, view, option, index)

    @staticmethod
    def row_height(font: QFont) -> int:
        return QFontMetrics(font).height() * 2 + 2 * PADDING + 3

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return QSize(320, self.row_height(option.font))


class CategoryDelegate(QStyledItemDelegate):
    """The category name, and its unread count in a badge on the right."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        super().paint(painter, option, index)
        draw_focus_ring(painter, option)
        unread = index.data(UnreadRole) or 0
        if not unread:
            return
        text = str(unread)
        font = QFont(option.font)
        font.setBold(True)
        metrics = QFontMetrics(font)
        width = max(metrics.horizontalAdvance(text) + 12, metrics.height() + 4)
        height = metrics.height() + 2
        badge = QRect(
            option.rect.right() - width - 8,
            option.rect.center().y() - height // 2,
            width,
            height,
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.ACCENT)
        painter.drawRoundedRect(badge, height / 2, height / 2)
        painter.setPen(theme.ON_ACCENT)
        painter.setFont(font)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 48, max(size.height(), QFontMetrics(option.font).height() + 14))
