"""The small dialogs of the settings dialog: a contact, a group, a setting's recipients, and an
edit the server did not take (a conflict, or a refusal).

Field rules are `msgcenter.rules`, the code the server runs, checked as the user types; OK is
enabled only when the server would accept what is entered.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QVBoxLayout,
)

from desktop import theme
from desktop.engine_text import engine_text
from desktop.sync import merge
from desktop.views.a11y import describe, describe_buttons
from desktop.views.rule_text import rule_text
from msgcenter import catalog, rules

WARNING_STYLE = (
    "color: palette(text); background: #fff4d6; border: 1px solid #e0b84c; padding: 6px;"
)
ERROR_STYLE = "color: #b3261e;"


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    return label


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    describe_buttons(buttons)
    return buttons


class ContactEditor(QDialog):
    """Name, mobile and email of a contact (new, or one of the others: never the account)."""

    def __init__(self, contact: dict[str, Any] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit contact") if contact else self.tr("New contact"))
        self.name = QLineEdit(contact["name"] if contact else "")
        self.mobile = QLineEdit(contact["mobile"] if contact else "")
        self.email = QLineEdit((contact or {}).get("email") or "")
        self.name.setPlaceholderText(self.tr("1 to 32 characters"))
        self.mobile.setPlaceholderText(self.tr("11 digits starting with 1, or +country code"))
        self.email.setPlaceholderText(self.tr("optional"))
        self.errors = {field: _error_label() for field in ("name", "mobile", "email")}
        form = QFormLayout(self)
        for label, editor, field in (
            (self.tr("&Name"), self.name, "name"),
            (self.tr("&Mobile"), self.mobile, "mobile"),
            (self.tr("&Email"), self.email, "email"),
        ):
            describe(editor, editor.placeholderText())
            editor.setObjectName(field)
            editor.setAccessibleName(label.replace("&", ""))
            editor.textChanged.connect(self._check)
            form.addRow(label, editor)
            form.addRow("", self.errors[field])
        note = QLabel(self.tr("Changing a mobile or email means verifying it again."))
        note.setWordWrap(True)
        form.addRow(note)
        self.buttons = _buttons(self, self.tr("Save"))
        form.addRow(self.buttons)
        self._touched: set[str] = set()
        for field, editor in (("name", self.name), ("mobile", self.mobile), ("email", self.email)):
            editor.textEdited.connect(lambda _t, f=field: self._touched.add(f))
        self._check()

    def payload(self) -> dict[str, Any]:
        return {
            "name": rules.normalize_name(self.name.text()),
            "mobile": self.mobile.text().strip(),
            "email": rules.normalize_email(self.email.text()),
        }

    def _check(self) -> None:
        body = self.payload()
        problems = {e.field: e.message for e in rules.check_contact(**body)}
        for field, label in self.errors.items():
            # Said once the field was typed in, so a new form does not open full of errors.
            shown = field in problems and (
                field in self._touched or bool(getattr(self, field).text())
            )
            label.setText(
                self.tr("This {field} {problem}.").format(
                    field=rule_text(field), problem=rule_text(problems[field])
                )
                if shown
                else ""
            )
            label.setVisible(shown)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)


class GroupEditor(QDialog):
    """A group's name and members (the account contact included)."""

    def __init__(
        self,
        contacts: list[dict[str, Any]],
        other_names: set[str],
        group: dict[str, Any] | None = None,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit group") if group else self.tr("New group"))
        self.other_names = other_names
        self.name = QLineEdit(group["name"] if group else "")
        self.name.setObjectName("name")
        self.name.setAccessibleName(self.tr("Group name"))
        self.error = _error_label()
        self.members = QListWidget()
        self.members.setObjectName("members")
        self.members.setAccessibleName(self.tr("Members"))
        describe(self.members, self.tr("Check the contacts who belong to the group"))
        describe(self.name, self.tr("1 to 32 characters, not the name of another group"))
        chosen = set(group["members"]) if group else set()
        for contact in contacts:
            item = QListWidgetItem(_contact_line(contact))
            item.setData(Qt.ItemDataRole.UserRole, contact["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if contact["id"] in chosen else Qt.CheckState.Unchecked
            )
            self.members.addItem(item)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name)
        form.addRow("", self.error)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Members (a group with none receives nothing):")))
        layout.addWidget(self.members)
        self.buttons = _buttons(self, self.tr("Save"))
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._check)
        self._check()

    def payload(self) -> dict[str, Any]:
        members = [
            self.members.item(n).data(Qt.ItemDataRole.UserRole)
            for n in range(self.members.count())
            if self.members.item(n).checkState() == Qt.CheckState.Checked
        ]
        return {"name": rules.normalize_name(self.name.text()), "members": members}

    def _check(self) -> None:
        name = rules.normalize_name(self.name.text())
        problems = [rule_text(e.message) for e in rules.check_name(name)]
        if name in self.other_names:
            problems.append(self.tr("is already the name of another group"))
        text = self.tr("This name {problem}.").format(problem=problems[0]) if problems else ""
        self.error.setText(text if self.name.text() or not problems else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)


class RecipientPicker(QDialog):
    """Who receives one message type: contacts, or groups, never both, never none."""

    def __init__(
        self,
        setting: dict[str, Any],
        contacts: list[dict[str, Any]],
        groups: list[dict[str, Any]],
        language: str = "en",
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            self.tr("Recipients: {type}").format(type=catalog.type_name(setting["id"], language))
        )
        warning = QLabel(
            self.tr(
                "Notifications reach only verified mobiles and emails: unverified ones receive "
                "nothing. Contacts are changed on the Contacts page."
            )
        )
        warning.setWordWrap(True)
        warning.setStyleSheet(theme.warning_style())
        self.tabs = QTabWidget()
        self.contact_list = self._checklist(
            [(c["id"], _contact_line(c)) for c in contacts], setting["recipients"]["contacts"]
        )
        self.group_list = self._checklist(
            [(g["id"], _group_line(g, contacts)) for g in groups], setting["recipients"]["groups"]
        )
        self.contact_list.setObjectName("contacts")
        self.group_list.setObjectName("groups")
        self.contact_list.setAccessibleName(self.tr("Contacts who receive it"))
        self.group_list.setAccessibleName(self.tr("Groups that receive it"))
        for widget in (self.contact_list, self.group_list):
            describe(widget, self.tr("Check who receives it: contacts, or groups, not both"))
        self.tabs.addTab(self.contact_list, self.tr("&Contacts"))
        self.tabs.addTab(self.group_list, self.tr("&Groups"))
        if setting["recipients"]["groups"]:
            self.tabs.setCurrentIndex(1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.error = _error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addWidget(self.tabs)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        self.buttons = _buttons(self, self.tr("Save"))
        layout.addWidget(self.buttons)
        self.contact_list.itemChanged.connect(lambda item: self._changed(item, self.group_list))
        self.group_list.itemChanged.connect(lambda item: self._changed(item, self.contact_list))
        self.resize(560, 460)
        self._check()

    @staticmethod
    def _checklist(rows: list[tuple[str, str]], chosen: list[str]) -> QListWidget:
        widget = QListWidget()
        for entity_id, text in rows:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, entity_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if entity_id in chosen else Qt.CheckState.Unchecked
            )
            widget.addItem(item)
        return widget

    @staticmethod
    def _checked(widget: QListWidget) -> list[str]:
        return [
            widget.item(n).data(Qt.ItemDataRole.UserRole)
            for n in range(widget.count())
            if widget.item(n).checkState() == Qt.CheckState.Checked
        ]

    def _changed(self, item: QListWidgetItem, other: QListWidget) -> None:
        if item.checkState() == Qt.CheckState.Checked and self._checked(other):
            other.blockSignals(True)
            for n in range(other.count()):
                other.item(n).setCheckState(Qt.CheckState.Unchecked)
            other.blockSignals(False)
            if other is self.contact_list:
                text = self.tr(
                    "Choosing a group cleared the contacts you had chosen: "
                    "a message type goes to contacts or to groups, not both."
                )
            else:
                text = self.tr(
                    "Choosing a contact cleared the groups you had chosen: "
                    "a message type goes to contacts or to groups, not both."
                )
            self.note.setText(text)
        self._check()

    def recipients(self) -> dict[str, list[str]]:
        return {
            "contacts": self._checked(self.contact_list),
            "groups": self._checked(self.group_list),
        }

    def _check(self) -> None:
        chosen = self.recipients()
        problems = rules.check_recipients(chosen["contacts"], chosen["groups"])
        self.error.setText(self.tr("Choose at least one contact or group.") if problems else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)


FIELD_LABELS = {
    "name": QT_TRANSLATE_NOOP("ConflictDialog", "Name"),
    "mobile": QT_TRANSLATE_NOOP("ConflictDialog", "Mobile"),
    "email": QT_TRANSLATE_NOOP("ConflictDialog", "Email"),
    "channels.email": QT_TRANSLATE_NOOP("ConflictDialog", "By email"),
    "channels.sms": QT_TRANSLATE_NOOP("ConflictDialog", "By SMS"),
    "recipients.contacts": QT_TRANSLATE_NOOP("ConflictDialog", "Recipient contacts"),
    "recipients.groups": QT_TRANSLATE_NOOP("ConflictDialog", "Recipient groups"),
    "members": QT_TRANSLATE_NOOP("ConflictDialog", "Members"),
}


DISCARD = 2  # a dialog result besides Accepted (1) and Rejected (0)


def held_edit_buttons(dialog: QDialog, accept: QPushButton):
    """The buttons of a held edit's dialog: `accept`, Discard my edit (done(DISCARD)), Cancel."""
    box = QDialogButtonBox()
    box.addButton(accept, QDialogButtonBox.ButtonRole.AcceptRole)
    drop = box.addButton(
        QCoreApplication.translate("HeldEdit", "Discard my edit"),
        QDialogButtonBox.ButtonRole.DestructiveRole,
    )
    box.addButton(QDialogButtonBox.StandardButton.Cancel)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    drop.clicked.connect(lambda: dialog.done(DISCARD))
    describe_buttons(box)
    return box, drop


class ConflictDialog(QDialog):
    """Both sides changed the same field: yours or the server's, field by field."""

    def __init__(self, entry, describe_value, subject: str, parent=None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.setWindowTitle(self.tr("Changed on both sides"))
        theirs = entry.current or {}
        conflicts = merge.merge(entry.kind, entry.base, entry.payload, theirs).conflicts
        ours_fields = merge.fields_of(entry.kind, entry.payload)
        theirs_fields = merge.fields_of(entry.kind, theirs)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "While your edit waited, this was changed on the server too. Other changes were "
                "merged; for each field below, choose which value to keep."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(QLabel(f"<b>{html.escape(subject)}</b>"))
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("<b>Field</b>")), 0, 0)
        grid.addWidget(QLabel(self.tr("<b>Yours</b>")), 0, 1)
        grid.addWidget(QLabel(self.tr("<b>The server's</b>")), 0, 2)
        self.choices: dict[str, QButtonGroup] = {}
        for row, name in enumerate(conflicts, start=1):
            grid.addWidget(QLabel(self.tr(FIELD_LABELS.get(name, name))), row, 0)
            group = QButtonGroup(self)
            for column, value in ((1, ours_fields.get(name)), (2, theirs_fields.get(name))):
                button = QRadioButton(describe_value(name, value))
                button.setObjectName(f"{name}:{'ours' if column == 1 else 'theirs'}")
                describe(
                    button,
                    self.tr("Keep your value")
                    if column == 1
                    else self.tr("Keep the server's value"),
                )
                group.addButton(button, column)
                grid.addWidget(button, row, column)
            group.button(1).setChecked(True)
            self.choices[name] = group
        layout.addLayout(grid)
        self.keep = QPushButton(self.tr("Send with these values"))
        self.buttons, self.drop = held_edit_buttons(self, self.keep)
        layout.addWidget(self.buttons)

    def take_theirs(self) -> set[str]:
        return {name for name, group in self.choices.items() if group.checkedId() == 2}


class RejectedDialog(QDialog):
    """The server refused an edit: its reason, then fix it or drop it."""

    def __init__(self, entry, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("The server did not take this edit"))
        layout = QVBoxLayout(self)
        reason = QLabel(
            self.tr("The server said: {reason}").format(reason=engine_text(entry.reason or "?"))
        )
        reason.setWordWrap(True)
        reason.setObjectName("reason")
        layout.addWidget(reason)
        layout.addWidget(QLabel(self.tr("Correct the edit and send it again, or discard it.")))
        self.fix = QPushButton(self.tr("Correct…"))
        self.fix.setEnabled(entry.op == "put")
        describe(self.fix, self.tr("Opens the edit with the refused values, to correct them"))
        self.buttons, self.drop = held_edit_buttons(self, self.fix)
        layout.addWidget(self.buttons)


def _contact_line(contact: dict[str, Any]) -> str:
    mobile = rules.mask_mobile(contact["mobile"])
    mobile += " ✓" if contact["mobile_verified"] else " (unverified)"
    line = f"{contact['name']}    {mobile}"
    if contact.get("email"):
        email = rules.mask_email(contact["email"])
        line += f"    {email}" + (" ✓" if contact["email_verified"] else " (unverified)")
    return line


def _group_line(group: dict[str, Any], contacts: list[dict[str, Any]]) -> str:
    names = {c["id"]: c["name"] for c in contacts}
    members = [names.get(m, "?") for m in group["members"]]
    return f"{group['name']}    ({', '.join(members) if members else 'no members'})"
