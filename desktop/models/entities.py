"""Table models of the settings dialog: message settings, contacts and contact groups.

Each shows the cache's view (the server's state with the unsent edits replayed over it), so an
edit shows at once and survives a restart. Rows carry whether an edit is waiting (`PendingRole`)
and why one is held for the user (`ProblemRole`). Checkbox clicks do not change the model: they
are asked for through `channelToggled`, and the model shows the result once the cache has it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from desktop.cache.kinds import EntityKind
from desktop.cache.rows import ShownEntity
from desktop.cache.store import Cache
from desktop.i18n.marks import QT_TRANSLATE_NOOP
from desktop.i18n.plural import plural
from desktop.views import theme
from desktop.views.wording import aside, join, render
from msgcenter import catalog, rules

_Index = QModelIndex | QPersistentModelIndex
EntityIdRole = Qt.ItemDataRole.UserRole + 1
PendingRole = Qt.ItemDataRole.UserRole + 2
ProblemRole = Qt.ItemDataRole.UserRole + 3
EntityRole = Qt.ItemDataRole.UserRole + 4
LockedRole = Qt.ItemDataRole.UserRole + 5  # a check box that is always on: drawn with a lock


@dataclass(slots=True, frozen=True)
class CategoryHeader:
    """A row of the settings table that names the category of the rows under it."""

    category: str


class EntityTableModel(QAbstractTableModel):
    """Rows of one kind from the cache; `refresh()` reads them again (they are few)."""

    kind = ""
    headers: tuple[str, ...] = ()
    header_comment = ""  # says apart the same word in two tables ("Email": channel, address)

    def __init__(self, cache: Cache, language: str = "en", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache = cache
        self.language = language
        self.rows: list[Any] = []  # ShownEntity (and CategoryHeader in the settings table)
        self.names: dict[str, dict[str, str]] = {"contact": {}, "group": {}}

    def refresh(self) -> None:
        self.beginResetModel()
        contacts = self.cache.entities.shown(EntityKind.CONTACT)
        groups = self.cache.entities.shown(EntityKind.GROUP)
        self.names = {
            "contact": {c.id: self.contact_label(c.data) for c in contacts},
            "group": {g.id: g.data["name"] for g in groups},
        }
        self.rows = self._rows({"contact": contacts, "group": groups})
        self.endResetModel()

    def _rows(self, known: dict[str, list[ShownEntity]]) -> list[Any]:
        return known.get(self.kind) or self.cache.entities.shown(EntityKind(self.kind))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            header = self.headers[section]
            return QCoreApplication.translate("EntityTableModel", header, self.header_comment)
        return None

    def entities(self) -> list[dict[str, Any]]:
        """The entities of the rows, as the server shapes them (for the editors)."""
        return [row.data for row in self.rows if isinstance(row, ShownEntity)]

    def entity_at(self, row: int) -> ShownEntity | None:
        if 0 <= row < len(self.rows) and isinstance(self.rows[row], ShownEntity):
            return self.rows[row]
        return None

    def row_of(self, entity_id: str) -> int | None:
        for row, entity in enumerate(self.rows):
            if isinstance(entity, ShownEntity) and entity.id == entity_id:
                return row
        return None

    def common_data(self, entity: ShownEntity, role: int) -> Any:
        if role == EntityIdRole:
            return entity.id
        if role == EntityRole:
            return entity.data
        if role == PendingRole:
            return entity.pending
        if role == ProblemRole:
            return entity.problem
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():  # the root: nothing to select
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def contact_label(self, contact: dict[str, Any]) -> str:
        if contact.get("is_account"):
            return aside(contact["name"], self.tr("account contact"))
        return contact["name"]

    def status_text(self, entity: ShownEntity) -> str:
        if entity.problem:  # the reason is in the tooltip, and in Settle…
            return "⚠ " + self.tr("Needs you: Settle…")
        if entity.pending:
            return "↑ " + self.tr("Waiting to be sent")
        return ""

    def status_colour(self, entity: ShownEntity) -> QColor | None:
        if entity.problem:
            return theme.problem_text()
        if entity.pending:
            return theme.pending_text()
        return None


def _category_of(setting_id: str) -> str | None:
    """A row this app knows (the catalogue's); None for one it cannot show (a newer server's,
    cached by an older version): it is left out rather than breaking the page."""
    known = catalog.TYPE_BY_ID.get(setting_id)
    return known.category if known is not None else None


class SettingsModel(EntityTableModel):
    """The seven settings rows, under a header row per category."""

    kind = "setting"
    TYPE, RECIPIENTS, EMAIL, SMS, STATUS = range(5)
    header_comment = "column of the notification settings: channels"
    headers = (
        QT_TRANSLATE_NOOP(
            "EntityTableModel", "Message type", "column of the notification settings: channels"
        ),
        QT_TRANSLATE_NOOP(
            "EntityTableModel", "Recipients", "column of the notification settings: channels"
        ),
        QT_TRANSLATE_NOOP(
            "EntityTableModel", "Email", "column of the notification settings: channels"
        ),
        QT_TRANSLATE_NOOP(
            "EntityTableModel", "SMS", "column of the notification settings: channels"
        ),
        "",
    )
    channelToggled = Signal(str, str, bool)  # setting id, "email" / "sms", on

    def _rows(self, known: dict[str, list[ShownEntity]]) -> list[Any]:
        rows: list[ShownEntity | CategoryHeader] = []
        settings = self.cache.entities.shown(EntityKind.SETTING)
        for category in catalog.CATEGORIES:
            members = [s for s in settings if _category_of(s.id) == category.id]
            if members:
                rows.append(CategoryHeader(category.id))
                rows.extend(members)
        return rows

    def is_header(self, row: int) -> bool:
        return isinstance(self.rows[row], CategoryHeader)

    def recipients_text(self, setting: dict[str, Any]) -> str:
        recipients = setting["recipients"]
        if recipients["groups"]:
            names = [self.names["group"].get(g, "?") for g in recipients["groups"]]
            return self.tr("Groups: {names}").format(names=join(names))
        names = [self.names["contact"].get(c, "?") for c in recipients["contacts"]]
        return join(names)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        shown, column = self.rows[index.row()], index.column()
        if isinstance(shown, CategoryHeader):
            if column == self.TYPE and role == Qt.ItemDataRole.DisplayRole:
                return catalog.category_name(shown.category, self.language)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role in (EntityIdRole, EntityRole, PendingRole, ProblemRole):
            return self.common_data(shown, role)
        row = shown.data
        locked = row["locked"]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.TYPE:
                return catalog.type_name(row["id"], self.language)
            if column == self.RECIPIENTS:
                return self.recipients_text(row)
            if column == self.STATUS:
                return self.status_text(shown)
        if column in (self.EMAIL, self.SMS):
            channel = self.channel_data(row, column, role)
            if channel is not None:
                return channel
        if role == Qt.ItemDataRole.ToolTipRole:
            if locked and column in (self.EMAIL, self.SMS):
                return self.tr(
                    "Always on: balance and overdue messages always go by email and SMS."
                )
            if column == self.RECIPIENTS:
                return self.tr("Double-click or press Enter to choose who receives it.")
            if column == self.STATUS and shown.problem:
                return render(shown.problem)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS:
            return self.status_colour(shown)
        return None

    def channel_data(self, row: dict[str, Any], column: int, role: int) -> Any:
        """A check box cell: its state, and its name for screen readers (the column's header
        alone says nothing): "SMS for Balance warning: on, locked"."""
        on = row["channels"]["email" if column == self.EMAIL else "sms"]
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        if role == LockedRole:
            return row["locked"]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            type_name = catalog.type_name(row["id"], self.language)
            if row["locked"]:
                text = self.tr("{channel} for {type}: on, locked")
            elif on:
                text = self.tr("{channel} for {type}: on")
            else:
                text = self.tr("{channel} for {type}: off")
            return text.format(
                channel=self.headerData(column, Qt.Orientation.Horizontal), type=type_name
            )
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        shown = self.rows[index.row()]
        if isinstance(shown, CategoryHeader):
            return Qt.ItemFlag.ItemIsEnabled
        row = shown.data
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (self.EMAIL, self.SMS):
            if row["locked"]:
                # Not enabled (drawn greyed, with a lock) and not checkable, which is what
                # screen readers are told: Qt's item views report no "disabled" for a cell.
                return Qt.ItemFlag.ItemIsSelectable
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() not in (self.EMAIL, self.SMS):
            return False
        shown = self.rows[index.row()]
        if isinstance(shown, CategoryHeader) or shown.data["locked"]:
            return False
        row = shown.data
        on = Qt.CheckState(value) == Qt.CheckState.Checked
        self.channelToggled.emit(row["id"], "email" if index.column() == self.EMAIL else "sms", on)
        return True


class ContactsModel(EntityTableModel):
    """The account contact first, then the others."""

    kind = "contact"
    NAME, MOBILE, EMAIL, GROUPS, STATUS = range(5)
    header_comment = "column of the contacts: a person's name, mobile number, email address"
    headers = (
        QT_TRANSLATE_NOOP(
            "EntityTableModel",
            "Name",
            "column of the contacts: a person's name, mobile number, email address",
        ),
        QT_TRANSLATE_NOOP(
            "EntityTableModel",
            "Mobile",
            "column of the contacts: a person's name, mobile number, email address",
        ),
        QT_TRANSLATE_NOOP(
            "EntityTableModel",
            "Email",
            "column of the contacts: a person's name, mobile number, email address",
        ),
        QT_TRANSLATE_NOOP(
            "EntityTableModel",
            "Groups",
            "column of the contacts: a person's name, mobile number, email address",
        ),
        "",
    )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        shown, column = self.rows[index.row()], index.column()
        if role in (EntityIdRole, EntityRole, PendingRole, ProblemRole):
            return self.common_data(shown, role)
        contact = shown.data
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                return self.name_text(contact)
            if column == self.MOBILE:
                if not contact.get("mobile"):
                    return "—"
                return self._verified_text(
                    rules.mask_mobile(contact["mobile"]), contact["mobile_verified"]
                )
            if column == self.EMAIL:
                if not contact.get("email"):
                    return "—"
                return self._verified_text(
                    rules.mask_email(contact["email"]), contact["email_verified"]
                )
            if column == self.GROUPS:
                names = [self.names["group"].get(g, "?") for g in contact.get("groups", [])]
                return join(names) or "—"
            if column == self.STATUS:
                return self.status_text(shown)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.STATUS:
            return render(shown.problem or "") or None
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS:
            return self.status_colour(shown)
        return None

    def name_text(self, contact: dict[str, Any]) -> str:
        marks = []
        if contact.get("is_account"):
            marks.append(self.tr("account contact"))
        if contact.get("primary"):
            marks.append(self.tr("primary"))
        return aside(contact["name"], join(marks)) if marks else contact["name"]

    def _verified_text(self, masked: str, verified: bool) -> str:
        return f"{masked}  ✓" if verified else aside(masked, self.tr("unverified"))

    def others(self) -> int:
        return sum(1 for c in self.rows if not c.data.get("is_account"))


class GroupsModel(EntityTableModel):
    kind = "group"
    NAME, MEMBERS, STATUS = range(3)
    header_comment = "column of the contact groups: a group's name, its members"
    headers = (
        QT_TRANSLATE_NOOP(
            "EntityTableModel", "Group", "column of the contact groups: a group's name, its members"
        ),
        QT_TRANSLATE_NOOP(
            "EntityTableModel",
            "Members",
            "column of the contact groups: a group's name, its members",
        ),
        "",
    )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        shown, column = self.rows[index.row()], index.column()
        if role in (EntityIdRole, EntityRole, PendingRole, ProblemRole):
            return self.common_data(shown, role)
        group = shown.data
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                return group["name"]
            if column == self.MEMBERS:
                names = [self.names["contact"].get(m, "?") for m in group["members"]]
                if not names:
                    return self.tr("No members: receives nothing")
                members = self.tr("%n member(s): {names}", "", len(names))
                return plural(members, len(names)).format(names=join(names))
            if column == self.STATUS:
                return self.status_text(shown)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.STATUS:
            return render(shown.problem or "") or None
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS:
            return self.status_colour(shown)
        return None
