"""The tray icon: the unread count as a badge on the app icon, a tooltip per category, the menu.

The icon is drawn from the SVG at the size and device pixel ratio Qt asks for, so it is crisp on
any screen; offline, it is drawn grey. A profile other than the default one carries its initial
on a colour of its own in the lower left corner, and its name in the tooltip, so that two
profiles running at once are told apart.
"""

from __future__ import annotations

import zlib
from functools import partial

from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QFont,
    QIcon,
    QIconEngine,
    QImage,
    QPainter,
    QPen,
)
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from desktop.i18n.safe_text import one_line, shortened
from desktop.platform.paths import DEFAULT_PROFILE
from desktop.views import theme
from desktop.views.icons import AppIconEngine
from desktop.views.text import breakable
from desktop.views.wording import render
from msgcenter import catalog

REASON_LIMIT = 120  # characters of the offline reason (the server's words, maybe) in the tooltip
BALLOON_TITLE_LIMIT = 60  # characters: the balloon's title is one line, as wide as it is


def profile_mark(profile: str) -> tuple[str, QColor] | None:
    """The initial and colour that tell a profile's icon from another's; none for the default
    profile (the one most people only ever have)."""
    if not profile or profile == DEFAULT_PROFILE:
        return None
    colour = theme.PROFILE_MARKS[zlib.crc32(profile.encode()) % len(theme.PROFILE_MARKS)]
    return profile[0].upper(), QColor(colour)


def badge_text(count: int) -> str:
    """What the badge says: nothing for 0, the number up to 99, then 99+."""
    if count <= 0:
        return ""
    return "99+" if count > 99 else str(count)


class BadgeIconEngine(AppIconEngine):
    """Paints the app icon with the unread badge at any size; grey when offline."""

    def __init__(self, count: int, online: bool, mark: tuple[str, QColor] | None = None) -> None:
        super().__init__()
        self.count = count
        self.online = online
        self.mark = mark

    def clone(self) -> QIconEngine:
        return BadgeIconEngine(self.count, self.online, self.mark)

    def decorate(self, image: QImage) -> QImage:
        if not self.online:
            image = _greyed(image)
        text = badge_text(self.count)
        if text:
            _draw_badge(
                image, text, theme.TRAY_BADGE_ONLINE if self.online else theme.TRAY_BADGE_OFFLINE
            )
        if self.mark is not None:
            _draw_mark(image, *self.mark)
        return image


def _greyed(image: QImage) -> QImage:
    """The same picture in grey, faded, keeping its transparency."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    result = QImage(image.size(), QImage.Format.Format_ARGB32_Premultiplied)
    result.fill(Qt.GlobalColor.transparent)
    painter = QPainter(result)
    painter.drawImage(0, 0, grey)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationIn)
    painter.drawImage(0, 0, image)
    painter.end()
    faded = QImage(image.size(), QImage.Format.Format_ARGB32_Premultiplied)
    faded.fill(Qt.GlobalColor.transparent)
    painter = QPainter(faded)
    painter.setOpacity(0.55)
    painter.drawImage(0, 0, result)
    painter.end()
    return faded


def _draw_badge(image: QImage, text: str, colour: QColor) -> None:
    """A pill in the top right corner, at least 55% of the icon high, white bold digits."""
    side = min(image.width(), image.height())
    height = max(8.0, side * 0.55)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(6, round(height * (0.72 if len(text) < 3 else 0.6))))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setFont(font)
    text_width = painter.fontMetrics().horizontalAdvance(text)
    width = min(float(image.width()), max(height, text_width + height * 0.45))
    badge = QRectF(image.width() - width, 0, width, height)
    painter.setPen(theme.ON_ACCENT)
    painter.setBrush(colour)
    outline = painter.pen()
    outline.setWidthF(max(1.0, side / 32))
    painter.setPen(outline)
    painter.drawRoundedRect(badge.adjusted(0.5, 0.5, -0.5, -0.5), height / 2, height / 2)
    painter.setPen(theme.ON_ACCENT)
    painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()


def _draw_mark(image: QImage, letter: str, colour: QColor) -> None:
    """A square in the lower left corner, 45% of the icon, with the profile's initial."""
    side = min(image.width(), image.height())
    size = max(7.0, side * 0.45)
    square = QRectF(0, image.height() - size, size, size)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(6, round(size * 0.75)))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    outline = QPen(theme.ON_ACCENT)
    outline.setWidthF(max(1.0, side / 32))
    painter.setPen(outline)
    painter.setBrush(colour)
    painter.drawRoundedRect(square.adjusted(0.5, 0.5, -0.5, -0.5), size / 5, size / 5)
    painter.setFont(font)
    painter.drawText(square, Qt.AlignmentFlag.AlignCenter, letter)
    painter.end()


def tray_icon(count: int, online: bool, mark: tuple[str, QColor] | None = None) -> QIcon:
    return QIcon(BadgeIconEngine(count, online, mark))


class TrayIcon(QObject):
    """The system tray entry. Its menu and click only ask; the controller decides."""

    openRequested = Signal()
    toggleRequested = Signal()
    markAllReadRequested = Signal()
    syncRequested = Signal()
    preferencesRequested = Signal()
    quitRequested = Signal()
    pauseRequested = Signal(str)  # hour, tomorrow, off, or "" to resume
    messageClicked = Signal(str)  # the key of the fallback balloon clicked

    def __init__(
        self, language: str = "en", profile: str = DEFAULT_PROFILE, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.language = language
        self.profile = profile
        self.mark = profile_mark(profile)
        self.counts: dict[str, int] = dict.fromkeys([*catalog.CATEGORY_IDS, "all"], 0)
        self.online = False
        self.state_detail = ""
        self.paused: str | None = None  # hour, tomorrow, off, or None
        self.paused_until = ""  # when the pause ends, as the user reads times
        self._balloon_key = ""
        self.icon = QSystemTrayIcon(self)
        self.icon.activated.connect(self._activated)
        self.icon.messageClicked.connect(lambda: self.messageClicked.emit(self._balloon_key))
        self.menu = QMenu()
        self.action_open = self.menu.addAction(
            self.tr("&Open Message Center"), self.openRequested.emit
        )
        self.menu.setDefaultAction(self.action_open)
        self.action_read_all = self.menu.addAction(
            self.tr("Mark &all as read"), self.markAllReadRequested.emit
        )
        self.pause_menu = self.menu.addMenu(self.tr("&Pause notifications"))
        self.pause_actions = self._fill_pause_menu()
        self.menu.addAction(self.tr("&Sync now"), self.syncRequested.emit)
        self.menu.addAction(self.tr("P&references…"), self.preferencesRequested.emit)
        self.menu.addSeparator()
        self.menu.addAction(self.tr("&Quit"), self.quitRequested.emit)
        self.icon.setContextMenu(self.menu)
        self._refresh()

    def _fill_pause_menu(self) -> dict[str, QAction]:
        """One checkable action per pause, and Resume; by choice ("" for Resume)."""
        group = QActionGroup(self)
        actions: dict[str, QAction] = {}
        for choice, text in (
            ("hour", self.tr("For 1 &hour")),
            ("tomorrow", self.tr("Until &tomorrow")),
            ("off", self.tr("&Off, until I turn them on")),
            ("", self.tr("&Resume notifications")),
        ):
            action = self.pause_menu.addAction(text, partial(self.pauseRequested.emit, choice))
            action.setCheckable(bool(choice))
            group.addAction(action)
            actions[choice] = action
        return actions

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.toggleRequested.emit()

    # -- what it shows ----------------------------------------------------------------------------

    def set_counts(self, counts: dict[str, int]) -> None:
        if counts != self.counts:
            self.counts = dict(counts)
            self._refresh()

    def set_connection(self, online: bool, detail: str = "") -> None:
        if (online, detail) != (self.online, self.state_detail):
            self.online, self.state_detail = online, detail
            self._refresh()

    def set_paused(self, choice: str | None, until: str = "") -> None:
        """Which pause is on (None: none) and, for "hour" and "tomorrow", when it ends. The
        menu says it where the user chooses (the submenu's title) and the tooltip too."""
        choice = choice or None
        for key, action in self.pause_actions.items():
            if key:
                action.setChecked(key == choice)
        self.pause_actions[""].setEnabled(bool(choice))
        self.paused, self.paused_until = choice, until
        self.pause_menu.setTitle(self.pause_title())
        self._refresh()

    def pause_title(self) -> str:
        if self.paused == "off":
            return self.tr("Notifications &paused: off until resumed")
        if self.paused:
            return self.tr("Notifications &paused until {time}").format(time=self.paused_until)
        return self.tr("&Pause notifications")

    def paused_text(self) -> str:
        """The tooltip's line about a pause ("" when none)."""
        if self.paused == "off":
            return self.tr("Notifications are off")
        if self.paused:
            return self.tr("Notifications paused until {time}").format(time=self.paused_until)
        return ""

    def tooltip(self) -> str:
        total = self.counts.get("all", 0)
        if self.mark is None:
            first = (
                self.tr("Message Center: {count} unread").format(count=total)
                if total
                else self.tr("Message Center: no unread messages")
            )
        else:  # which of the profiles running this is
            first = (
                self.tr("Message Center ({profile}): {count} unread")
                if total
                else self.tr("Message Center ({profile}): no unread messages")
            ).format(profile=self.profile, count=total)
        lines = [first]
        for category in catalog.CATEGORIES:
            unread = self.counts.get(category.id, 0)
            if unread:
                name = catalog.category_name(category.id, self.language)
                lines.append(f"{name}: {unread}")
        if not self.online:
            why = shortened(one_line(render(self.state_detail)), REASON_LIMIT)
            lines.append(self.tr("Offline: {why}").format(why=why) if why else self.tr("Offline"))
        if self.paused_text():
            lines.append(self.paused_text())
        return "\n".join(lines)

    def _refresh(self) -> None:
        self.icon.setIcon(tray_icon(self.counts.get("all", 0), self.online, self.mark))
        self.icon.setToolTip(self.tooltip())
        self.action_read_all.setEnabled(self.counts.get("all", 0) > 0)

    def show_message(self, summary: str, body: str, key: str) -> None:
        """The balloon, where the desktop has no notification service. Its title does not wrap
        (a title of 200 W made it 2,700 px wide): cut; its text wraps, long runs too."""
        self._balloon_key = key
        title = shortened(summary, BALLOON_TITLE_LIMIT)
        self.icon.showMessage(title, breakable(body), self.icon.icon(), 10_000)

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()
