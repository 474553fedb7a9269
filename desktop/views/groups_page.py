"""The contact groups page of the settings dialog: add, rename or change the members, delete.
Texts keep the settings dialog's translation context."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from desktop.models.entities import ContactsModel, GroupsModel
from desktop.runtime.local_edits import LocalEdits
from desktop.views.a11y import describe
from desktop.views.entity_editors import GroupEditor, run
from desktop.views.entity_page import EntityPage
from msgcenter import rules


class GroupsPage(EntityPage):
    """The groups and their members (chosen from the contacts); names are unique."""

    def __init__(
        self,
        groups: GroupsModel,
        contacts: ContactsModel,
        edits: LocalEdits,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(groups, GroupsModel.MEMBERS, parent)
        self.groups = groups
        self.contacts = contacts
        self.edits = edits
        self.table.setAccessibleName(QCoreApplication.translate("SettingsDialog", "Contact groups"))
        describe(
            self.table,
            QCoreApplication.translate(
                "SettingsDialog", "The groups and their members; Enter edits"
            ),
        )
        self.add_button = self.button(
            QCoreApplication.translate("SettingsDialog", "&Add…"),
            self.add_group,
            "add_group",
            QCoreApplication.translate("SettingsDialog", "Adds a contact group (up to 12)"),
        )
        self.edit_button = self.button(
            QCoreApplication.translate("SettingsDialog", "&Edit name and members…"),
            self.edit_group,
            "edit_group",
            QCoreApplication.translate(
                "SettingsDialog", "Renames the selected group or changes who is in it"
            ),
        )
        self.delete_button = self.button(
            QCoreApplication.translate("SettingsDialog", "&Delete"),
            self.delete_group,
            "delete_group",
            QCoreApplication.translate("SettingsDialog", "Deletes the selected group"),
        )
        self.end_buttons()
        self.table.doubleClicked.connect(lambda _index: self.edit_group())
        self.on_enter(self.edit_group)

    def refresh(self) -> None:
        super().refresh()
        self.limit_label.setText(
            QCoreApplication.translate("SettingsDialog", "{count} of {limit} groups.").format(
                count=len(self.groups.rows), limit=rules.MAX_GROUPS
            )
        )

    def update_buttons(self, *_args) -> None:
        super().update_buttons()
        room = len(self.groups.rows) < rules.MAX_GROUPS
        self.add_button.setEnabled(room)
        self.add_button.setToolTip(
            ""
            if room
            else QCoreApplication.translate("SettingsDialog", "At most {limit} groups.").format(
                limit=rules.MAX_GROUPS
            )
        )
        group = self.selected()
        self.edit_button.setEnabled(group is not None)
        self.delete_button.setEnabled(group is not None)

    def _other_group_names(self, group_id: str | None) -> set[str]:
        return {g["name"] for g in self.groups.entities() if g["id"] != group_id}

    def add_group(self) -> None:
        if len(self.groups.rows) >= rules.MAX_GROUPS:
            return
        editor = GroupEditor(
            self.contacts.entities(), self._other_group_names(None), parent=self.window()
        )
        if run(editor) == QDialog.DialogCode.Accepted:
            self.edits.edit_entity("put", "group", str(uuid.uuid4()), editor.payload())

    def edit_group(self) -> None:
        shown = self.selected()
        if shown is None:
            return
        group = shown.data
        editor = GroupEditor(
            self.contacts.entities(), self._other_group_names(group["id"]), group, self.window()
        )
        if run(editor) == QDialog.DialogCode.Accepted:
            self.edits.edit_entity("put", "group", group["id"], editor.payload())

    def delete_group(self) -> None:
        shown = self.selected()
        if shown is None:
            return
        group = shown.data
        answer = QMessageBox.question(
            self.window(),
            QCoreApplication.translate("SettingsDialog", "Delete group"),
            QCoreApplication.translate(
                "SettingsDialog",
                "Delete the group {name}? Message types left with no recipient go to you, "
                "the account contact.",
            ).format(name=group["name"]),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.edits.edit_entity("remove", "group", group["id"])

    def correct(self, shown: dict[str, Any], payload: dict[str, Any]) -> dict[str, Any] | None:
        editor = GroupEditor(
            self.contacts.entities(),
            self._other_group_names(shown["id"]),
            {**shown, **payload},
            self.window(),
        )
        return editor.payload() if run(editor) == QDialog.DialogCode.Accepted else None
