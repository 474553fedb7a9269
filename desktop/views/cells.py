"""How the cells of the settings dialog's tables and lists are drawn: the current cell framed
(Space toggles it, so a keyboard user must see which it is), and always-on check boxes with a
lock beside them, so they do not look like ones that can be changed."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.models.entities import LockedRole

FRAME_WIDTH = 2


class CellDelegate(QStyledItemDelegate):
    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if index.data(LockedRole):
            side = option.fontMetrics.height()
            colour = option.palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text)
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasDecoration
            option.icon = lock_icon(colour.rgba(), side)
            option.decorationSize = QSize(side, side)

    def sizeHint(self, option, index) -> QSize:
        """Room inside the cell for the frame, clear of its check box and text."""
        size = super().sizeHint(option, index)
        return QSize(size.width() + 2 * FRAME_WIDTH, size.height() + 2 * FRAME_WIDTH)

    def paint(self, painter: QPainter, option, index) -> None:
        super().paint(painter, option, index)
        if not option.state & QStyle.StateFlag.State_HasFocus:
            return
        # On a selected row, a thin line in the selection's text colour inside the highlight;
        # elsewhere, a frame in the highlight colour.
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
        width = 1 if selected else FRAME_WIDTH
        inset = FRAME_WIDTH if selected else FRAME_WIDTH / 2
        painter.save()
        pen = QPen(option.palette.color(QPalette.ColorGroup.Active, role), width)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(option.rect).adjusted(inset, inset, -inset, -inset))
        painter.restore()


@cache
def lock_icon(rgba: int, side: int) -> QIcon:
    """A padlock in one colour, `side` pixels square (drawn at 1x and 2x), the same in every
    mode: the cell it marks is never enabled, and Qt's greyed version would fade on dark."""
    icon = QIcon()
    for scale in (1, 2):
        pixmap = QPixmap(side * scale, side * scale)
        pixmap.setDevicePixelRatio(scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = QColor.fromRgba(rgba)
        unit = side / 16
        shackle = QPainterPath()
        shackle.moveTo(5 * unit, 8 * unit)
        shackle.lineTo(5 * unit, 5.5 * unit)
        shackle.arcTo(QRectF(5 * unit, 2 * unit, 6 * unit, 6 * unit), 180, -180)
        shackle.lineTo(11 * unit, 8 * unit)
        painter.setPen(QPen(colour, 1.6 * unit))
        painter.drawPath(shackle)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(QRectF(3 * unit, 7.5 * unit, 10 * unit, 7 * unit), unit, unit)
        painter.end()
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Disabled, QIcon.Mode.Selected):
            icon.addPixmap(pixmap, mode)
    return icon
