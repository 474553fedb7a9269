"""The message settings page of the settings dialog: for each message type, email and SMS on or
off and who receives it. Texts keep the settings dialog's translation context."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex
from PySide6.QtWidgets import QDialog, QWidget

from desktop.models.entities import ContactsModel, GroupsModel, SettingsModel
from desktop.runtime.local_edits import LocalEdits
from desktop.views.a11y import describe
from desktop.views.entity_editors import RecipientPicker, run
from desktop.views.entity_page import EntityPage


class MessageSettingsPage(EntityPage):
    """One row per message type under its category's name; Space toggles a channel, Enter or
    a double click on the recipients chooses them."""

    def __init__(
        self,
        settings: SettingsModel,
        contacts: ContactsModel,
        groups: GroupsModel,
        edits: LocalEdits,
        language: str = "en",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(settings, SettingsModel.RECIPIENTS, parent)
        self.settings = settings
        self.contacts = contacts
        self.groups = groups
        self.edits = edits
        self.language = language
        settings.channelToggled.connect(self._toggle_channel)
        self.table.setAccessibleName(
            QCoreApplication.translate("SettingsDialog", "Message types and who receives them")
        )
        describe(
            self.table,
            QCoreApplication.translate(
                "SettingsDialog", "Space toggles email or SMS; Enter chooses the recipients"
            ),
        )
        self.recipients_button = self.button(
            QCoreApplication.translate("SettingsDialog", "Edit &recipients…"),
            self.edit_recipients,
            "edit_recipients",
            QCoreApplication.translate(
                "SettingsDialog",
                "Chooses the contacts or groups who receive the selected message type",
            ),
        )
        self.end_buttons()
        self.table.doubleClicked.connect(self._double_clicked)
        self.on_enter(self.edit_recipients)
        self.limit_label.setText(
            QCoreApplication.translate(
                "SettingsDialog",
                "Every message also arrives in Message Center. Locked rows always go by email "
                "and SMS.",
            )
        )

    def refresh(self) -> None:
        """Then a category's name spans the whole row."""
        super().refresh()
        self.table.clearSpans()
        for row in range(self.settings.rowCount()):
            if self.settings.is_header(row):
                self.table.setSpan(row, 0, 1, self.settings.columnCount())

    def update_buttons(self, *_args) -> None:
        super().update_buttons()
        self.recipients_button.setEnabled(self.selected() is not None)

    def _toggle_channel(self, setting_id: str, channel: str, on: bool) -> None:
        setting = next(s for s in self.settings.entities() if s["id"] == setting_id)
        channels = dict(setting["channels"], **{channel: on})
        self._put_setting(setting, channels, setting["recipients"])

    def _put_setting(self, setting, channels, recipients) -> None:
        payload = {"channels": channels, "recipients": recipients}
        self.edits.edit_entity("put", "setting", setting["id"], payload)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() == SettingsModel.RECIPIENTS:
            self.edit_recipients()

    def _picker(self, setting: dict[str, Any]) -> RecipientPicker:
        return RecipientPicker(
            setting, self.contacts.entities(), self.groups.entities(), self.language, self.window()
        )

    def edit_recipients(self) -> None:
        shown = self.selected()
        if shown is None:
            return
        setting = shown.data
        picker = self._picker(setting)
        if run(picker) == QDialog.DialogCode.Accepted:
            self._put_setting(setting, setting["channels"], picker.recipients())

    def correct(self, shown: dict[str, Any], payload: dict[str, Any]) -> dict[str, Any] | None:
        picker = self._picker({**shown, **payload})
        if run(picker) != QDialog.DialogCode.Accepted:
            return None
        return {"channels": payload["channels"], "recipients": picker.recipients()}
