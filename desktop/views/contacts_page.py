"""The contacts page of the settings dialog: add, edit, delete, choose the primary contact and
verify a mobile or an email. Texts keep the settings dialog's translation context."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from desktop.account import demo
from desktop.models.entities import ContactsModel
from desktop.runtime.local_edits import LocalEdits
from desktop.views.a11y import describe
from desktop.views.entity_editors import ContactEditor, VerifyDialog, run
from desktop.views.entity_page import EntityPage
from msgcenter import rules


class Verifier:
    """Sends and checks verification codes; only online (the controller provides the calls).

    `start(contact_id, channel, done)` and `confirm(contact_id, channel, code, done)` call
    `done(error_or_None)` (the exception the call raised) on the GUI thread.
    `sent_code(channel, address)` is the code just sent when nothing really goes out (the
    demo's), else None."""

    def __init__(
        self,
        online: Callable[[], bool],
        start,
        confirm,
        sent_code: Callable[[str, str], str | None] = demo.code_sent,
    ) -> None:
        self.online, self.start, self.confirm = online, start, confirm
        self.sent_code = sent_code


class ContactsPage(EntityPage):
    """You first, then the others. You (the account contact) are edited elsewhere; the primary
    contact cannot be deleted; a code goes out only online."""

    def __init__(
        self,
        contacts: ContactsModel,
        edits: LocalEdits,
        verifier: Verifier,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(contacts, ContactsModel.GROUPS, parent)
        self.contacts = contacts
        self.edits = edits
        self.verifier = verifier
        self.table.setAccessibleName(QCoreApplication.translate("SettingsDialog", "Contacts"))
        describe(
            self.table,
            QCoreApplication.translate(
                "SettingsDialog",
                "You first, then the others; Enter edits the selected contact (not you)",
            ),
        )
        self.add_button = self.button(
            QCoreApplication.translate("SettingsDialog", "&Add…"),
            self.add_contact,
            "add_contact",
            QCoreApplication.translate("SettingsDialog", "Adds a contact (up to 20 besides you)"),
        )
        self.edit_button = self.button(
            QCoreApplication.translate("SettingsDialog", "&Edit…"),
            self.edit_contact,
            "edit_contact",
            QCoreApplication.translate(
                "SettingsDialog", "Changes the selected contact's name, mobile or email"
            ),
        )
        self.delete_button = self.button(
            QCoreApplication.translate("SettingsDialog", "&Delete"),
            self.delete_contact,
            "delete_contact",
            QCoreApplication.translate(
                "SettingsDialog",
                "Deletes the selected contact (not you, not the primary contact)",
            ),
        )
        self.primary_button = self.button(
            QCoreApplication.translate("SettingsDialog", "Set as &primary"),
            self.set_primary,
            "set_primary",
            QCoreApplication.translate(
                "SettingsDialog", "Makes the selected contact the one staff call first"
            ),
        )
        self.verify_mobile_button = self.button(
            QCoreApplication.translate("SettingsDialog", "Verify m&obile…"),
            lambda: self.verify("mobile"),
            "verify_mobile",
            QCoreApplication.translate(
                "SettingsDialog", "Sends a code to the selected contact's mobile (online only)"
            ),
        )
        self.verify_email_button = self.button(
            QCoreApplication.translate("SettingsDialog", "Verify ema&il…"),
            lambda: self.verify("email"),
            "verify_email",
            QCoreApplication.translate(
                "SettingsDialog", "Sends a code to the selected contact's email (online only)"
            ),
        )
        self.end_buttons()
        self.table.doubleClicked.connect(lambda _index: self.edit_contact())
        self.on_enter(self.edit_contact)

    def refresh(self) -> None:
        super().refresh()
        self.limit_label.setText(
            QCoreApplication.translate(
                "SettingsDialog", "{count} of {limit} contacts besides yourself."
            ).format(count=self.contacts.others(), limit=rules.MAX_CONTACTS)
        )

    def update_buttons(self, *_args) -> None:
        super().update_buttons()
        shown = self.selected()
        contact = shown.data if shown else None
        others = self.contacts.others()
        self.add_button.setEnabled(others < rules.MAX_CONTACTS)
        self.add_button.setToolTip(
            ""
            if others < rules.MAX_CONTACTS
            else QCoreApplication.translate(
                "SettingsDialog", "At most {limit} contacts besides yourself."
            ).format(limit=rules.MAX_CONTACTS)
        )
        editable = contact is not None and not contact.get("is_account")
        primary = contact is not None and bool(contact.get("primary"))
        self.edit_button.setEnabled(editable)
        self.delete_button.setEnabled(editable and not primary)
        self.primary_button.setEnabled(contact is not None and not primary)
        for button, channel in (
            (self.verify_mobile_button, "mobile"),
            (self.verify_email_button, "email"),
        ):
            button.setEnabled(
                contact is not None
                and not contact.get("is_account")
                and bool(contact.get(channel))
                and not contact.get(f"{channel}_verified")
                and not (shown and shown.pending)
            )

    def add_contact(self) -> None:
        if self.contacts.others() >= rules.MAX_CONTACTS:
            return
        editor = ContactEditor(parent=self.window())
        if run(editor) == QDialog.DialogCode.Accepted:
            new_id = str(uuid.uuid4())  # ids of new contacts are ours to choose
            self.edits.edit_entity("put", "contact", new_id, editor.payload())

    def edit_contact(self) -> None:
        contact = self.selected_entity()
        if contact is None or contact.get("is_account"):
            return
        editor = ContactEditor(contact, self.window())
        if run(editor) == QDialog.DialogCode.Accepted:
            self.edits.edit_entity("put", "contact", contact["id"], editor.payload())

    def delete_contact(self) -> None:
        contact = self.selected_entity()
        if contact is None or contact.get("is_account") or contact.get("primary"):
            return
        answer = QMessageBox.question(
            self.window(),
            QCoreApplication.translate("SettingsDialog", "Delete contact"),
            QCoreApplication.translate(
                "SettingsDialog",
                "Delete {name}? They leave every group, and message types left with no "
                "recipient go to you, the account contact.",
            ).format(name=contact["name"]),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.edits.edit_entity("remove", "contact", contact["id"])

    def set_primary(self) -> None:
        contact = self.selected_entity()
        if contact is not None and not contact.get("primary"):
            self.edits.edit_entity("primary", "contact", contact["id"])

    def verify(self, channel: str) -> None:
        """Send a code to the selected contact's mobile or email and take it back (online)."""
        contact = self.selected_entity()
        if contact is None or not contact.get(channel):
            return
        if not self.verifier.online():
            QMessageBox.information(
                self.window(),
                QCoreApplication.translate("SettingsDialog", "Verify"),
                QCoreApplication.translate(
                    "SettingsDialog",
                    "Verification needs the server, and Message Center is offline now. "
                    "Try again once it is connected.",
                ),
            )
            return
        verifier, contact_id, address = self.verifier, contact["id"], contact[channel]
        where = rules.mask_mobile(address) if channel == "mobile" else rules.mask_email(address)
        # The verified flag comes with the change feed, once the controller syncs.
        run(
            VerifyDialog(
                where,
                lambda done: verifier.start(contact_id, channel, done),
                lambda code, done: verifier.confirm(contact_id, channel, code, done),
                lambda: verifier.sent_code(channel, address),
                self.window(),
            )
        )

    def correct(self, shown: dict[str, Any], payload: dict[str, Any]) -> dict[str, Any] | None:
        editor = ContactEditor({**shown, **payload}, self.window())
        return editor.payload() if run(editor) == QDialog.DialogCode.Accepted else None
