"""The app's icon, from the pictures shipped for each size (packaging/make_icons.py renders them
from resources/msgcenter.svg): no SVG renderer in the process. QtSvg, its icon engine and a
render cost the tray ~4 MiB of resident memory for one picture it draws a few times a day.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QIcon, QIconEngine, QImage, QPainter, QPixmap

from desktop.platform.resources import resource_path

SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)  # the freedesktop theme's sizes, all shipped


def icon_file(size: int) -> Path:
    return resource_path(f"icons/hicolor/{size}x{size}/apps/msgcenter.png")


@functools.cache
def app_icon() -> QIcon:
    return QIcon(AppIconEngine())


def app_image(side: int) -> QImage:
    """The icon `side` pixels square: the picture of that size, or the next larger one scaled
    down (never a smaller one scaled up)."""
    size = next((s for s in SIZES if s >= side), SIZES[-1])
    image = QImage(str(icon_file(size)))
    if size != side:
        image = image.scaled(
            side,
            side,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)


class AppIconEngine(QIconEngine):
    """The app icon at any size and pixel ratio, from the shipped picture for that many physical
    pixels; `decorate` may draw on it (the tray's badge)."""

    def clone(self) -> QIconEngine:
        return AppIconEngine()

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        # Physical pixels per logical from the painter's transform (the device's pixel ratio,
        # times any scaling), not from painter.device(): wrapping the device, an X11 tray's
        # widget of a class Python does not know, makes PySide6 load every widget class and
        # its enums to find its type (1.7 MiB resident in the tray).
        transform = painter.deviceTransform()
        ratio = math.hypot(transform.m11(), transform.m12()) or 1.0
        painter.drawImage(rect, self.image(rect.size(), ratio))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return QPixmap.fromImage(self.image(size, 1.0))

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        return QPixmap.fromImage(self.image(size, scale))

    def image(self, size: QSize, ratio: float) -> QImage:
        """The icon at `size` logical pixels, drawn at `ratio` physical pixels per logical."""
        width, height = round(size.width() * ratio), round(size.height() * ratio)
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        picture = app_image(min(width, height))
        painter = QPainter(image)
        painter.drawImage((width - picture.width()) // 2, (height - picture.height()) // 2, picture)
        painter.end()
        image = self.decorate(image)
        image.setDevicePixelRatio(ratio)
        return image

    def decorate(self, image: QImage) -> QImage:
        return image
