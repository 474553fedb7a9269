"""Message settings, contacts and contact groups in one dialog, working offline.

Every edit goes to the cache at once through `LocalEdits` (and so into the outbox); the tables
show the cache's view, with pending edits marked. An edit the server did not take (a conflict, a
refusal) is marked on its row and settled from there.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.account import demo
from desktop.cache.kinds import HELD_STATES, EntityKind
from desktop.cache.rows import ShownEntity
from desktop.cache.store import Cache
from desktop.models.entities import (
    ContactsModel,
    EntityTableModel,
    GroupsModel,
    SettingsModel,
)
from desktop.runtime.local_edits import LocalEdits
from desktop.views.a11y import describe
from desktop.views.cells import CellDelegate
from desktop.views.entity_editors import (
    DISCARD,
    ConflictDialog,
    ContactEditor,
    GroupEditor,
    RecipientPicker,
    RejectedDialog,
    VerifyDialog,
    run,
)
from desktop.views.wording import join, sentences
from msgcenter import catalog, rules


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


class EntityPage(QWidget):
    """A table and its buttons."""

    def __init__(self, model: EntityTableModel, stretch_column: int, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setItemDelegate(CellDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
        self.buttons = QHBoxLayout()
        self.limit_label = QLabel()
        self.revert_button: QPushButton | None = None  # added by the dialog, as is Settle
        self.settle_button: QPushButton | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(self.buttons)
        layout.addWidget(self.table)
        layout.addWidget(self.limit_label)

    def button(self, text: str, slot, name: str, description: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        if description:
            describe(button, description)
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        return button

    def on_enter(self, slot) -> None:
        """Enter (or Return) on the table, while it has the focus, calls `slot`."""
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.table, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

    def selected(self) -> ShownEntity | None:
        """The row shown as selected (a screen reader may select one without moving the
        keyboard's current cell); else the current row."""
        rows = self.table.selectionModel().selectedRows()
        index = rows[0] if rows else self.table.currentIndex()
        return self.model.entity_at(index.row()) if index.isValid() else None

    def selected_entity(self) -> dict[str, Any] | None:
        """The selected row's entity, as the server shapes it."""
        shown = self.selected()
        return shown.data if shown else None

    def select(self, entity_id: str | None) -> None:
        row = self.model.row_of(entity_id) if entity_id else None
        if row is not None:
            self.table.selectRow(row)


class SettingsDialog(QDialog):
    """Non-modal; one per window. `refresh()` after the cache changed."""

    def __init__(
        self,
        cache: Cache,
        edits: LocalEdits,
        verifier: Verifier,
        language: str = "en",
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.cache = cache
        self.edits = edits
        self.verifier = verifier
        self.language = language
        self.setWindowTitle(self.tr("Message settings"))
        self.tabs = QTabWidget()
        self.settings = SettingsModel(cache, language, self)
        self.contacts = ContactsModel(cache, language, self)
        self.groups = GroupsModel(cache, language, self)
        self.settings.channelToggled.connect(self._toggle_channel)
        self._build_settings_page()
        self._build_contacts_page()
        self._build_groups_page()
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        close = QPushButton(self.tr("Close"))
        describe(close, self.tr("Closes the dialog; every edit is already saved"))
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addLayout(bottom)
        self.online = True
        self._shut_down = False
        self.resize(900, 560)
        self.refresh()  # then again on the profile's news (the app connects it)

    # -- pages ------------------------------------------------------------------------------------

    def _build_settings_page(self) -> None:
        page = EntityPage(self.settings, SettingsModel.RECIPIENTS)
        page.table.setAccessibleName(self.tr("Message types and who receives them"))
        describe(page.table, self.tr("Space toggles email or SMS; Enter chooses the recipients"))
        self.settings_page = page
        self.recipients_button = page.button(
            self.tr("Edit &recipients…"),
            self.edit_recipients,
            "edit_recipients",
            self.tr("Chooses the contacts or groups who receive the selected message type"),
        )
        self._add_common_buttons(page)
        page.buttons.addStretch(1)
        page.table.doubleClicked.connect(self._settings_double_clicked)
        page.on_enter(self.edit_recipients)
        page.limit_label.setText(
            self.tr(
                "Every message also arrives in Message Center. Locked rows always go by email "
                "and SMS."
            )
        )
        self.tabs.addTab(page, self.tr("&Message settings"))

    def _build_contacts_page(self) -> None:
        page = EntityPage(self.contacts, ContactsModel.GROUPS)
        page.table.setAccessibleName(self.tr("Contacts"))
        describe(
            page.table,
            self.tr("You first, then the others; Enter edits the selected contact (not you)"),
        )
        self.contacts_page = page
        self.add_contact_button = page.button(
            self.tr("&Add…"),
            self.add_contact,
            "add_contact",
            self.tr("Adds a contact (up to 20 besides you)"),
        )
        self.edit_contact_button = page.button(
            self.tr("&Edit…"),
            self.edit_contact,
            "edit_contact",
            self.tr("Changes the selected contact's name, mobile or email"),
        )
        self.delete_contact_button = page.button(
            self.tr("&Delete"),
            self.delete_contact,
            "delete_contact",
            self.tr("Deletes the selected contact (not you, not the primary contact)"),
        )
        self.primary_button = page.button(
            self.tr("Set as &primary"),
            self.set_primary,
            "set_primary",
            self.tr("Makes the selected contact the one staff call first"),
        )
        self.verify_mobile_button = page.button(
            self.tr("Verify m&obile…"),
            lambda: self.verify("mobile"),
            "verify_mobile",
            self.tr("Sends a code to the selected contact's mobile (online only)"),
        )
        self.verify_email_button = page.button(
            self.tr("Verify ema&il…"),
            lambda: self.verify("email"),
            "verify_email",
            self.tr("Sends a code to the selected contact's email (online only)"),
        )
        self._add_common_buttons(page)
        page.buttons.addStretch(1)
        page.table.doubleClicked.connect(lambda _index: self.edit_contact())
        page.on_enter(self.edit_contact)
        self.tabs.addTab(page, self.tr("&Contacts"))

    def _build_groups_page(self) -> None:
        page = EntityPage(self.groups, GroupsModel.MEMBERS)
        page.table.setAccessibleName(self.tr("Contact groups"))
        describe(page.table, self.tr("The groups and their members; Enter edits"))
        self.groups_page = page
        self.add_group_button = page.button(
            self.tr("&Add…"),
            self.add_group,
            "add_group",
            self.tr("Adds a contact group (up to 12)"),
        )
        self.edit_group_button = page.button(
            self.tr("&Edit name and members…"),
            self.edit_group,
            "edit_group",
            self.tr("Renames the selected group or changes who is in it"),
        )
        self.delete_group_button = page.button(
            self.tr("&Delete"),
            self.delete_group,
            "delete_group",
            self.tr("Deletes the selected group"),
        )
        self._add_common_buttons(page)
        page.buttons.addStretch(1)
        page.table.doubleClicked.connect(lambda _index: self.edit_group())
        page.on_enter(self.edit_group)
        self.tabs.addTab(page, self.tr("&Groups"))

    def _add_common_buttons(self, page: EntityPage) -> None:
        page.revert_button = page.button(
            self.tr("Re&vert"),
            lambda: self.revert(page),
            "revert",
            self.tr("Drops the selected row's edits that have not been sent yet"),
        )
        page.settle_button = page.button(
            self.tr("&Settle…"),
            lambda: self.settle(page),
            "settle",
            self.tr("Shows why the server did not take the selected row's edit, to settle it"),
        )
        page.table.selectionModel().currentChanged.connect(self._update_buttons)
        page.table.selectionModel().selectionChanged.connect(self._update_buttons)

    # -- refreshing -------------------------------------------------------------------------------

    def shut_down(self) -> None:
        """Before the cache closes: news still queued from the engine is ignored."""
        self._shut_down = True

    def refresh(self, *_args) -> None:
        """Read the three tables again from the cache, keeping each page's selection."""
        if self._shut_down:
            return
        for page in (self.settings_page, self.contacts_page, self.groups_page):
            chosen = page.selected()
            page.model.refresh()
            page.select(chosen.id if chosen else None)
        table = self.settings_page.table
        table.clearSpans()
        for row in range(self.settings.rowCount()):
            if self.settings.is_header(row):  # a category's name across the whole row
                table.setSpan(row, 0, 1, self.settings.columnCount())
        others = self.contacts.others()
        self.contacts_page.limit_label.setText(
            self.tr("{count} of {limit} contacts besides yourself.").format(
                count=others, limit=rules.MAX_CONTACTS
            )
        )
        self.groups_page.limit_label.setText(
            self.tr("{count} of {limit} groups.").format(
                count=len(self.groups.rows), limit=rules.MAX_GROUPS
            )
        )
        self._update_status()
        self._update_buttons()

    def refresh_if_entities(self, summary) -> None:
        """After a batch from the engine: only when settings, contacts or groups changed."""
        if summary.entities_changed or summary.full_resync:
            self.refresh()

    def set_connection(self, state: str, _detail: str) -> None:
        self.set_online(state in ("online", "syncing"))

    def set_online(self, online: bool) -> None:
        if self._shut_down:
            return
        self.online = online
        self._update_status()
        self._update_buttons()

    def _update_status(self) -> None:
        waiting = self.cache.outbox.size()
        held = len(self.cache.outbox.entries(HELD_STATES))
        parts = []
        if held:
            parts.append(
                self.tr("%n edit(s) need you: select the marked row and Settle.", "", held)
            )
        if waiting - held > 0:
            parts.append(self.tr("%n edit(s) waiting to be sent.", "", waiting - held))
        if not self.online:
            parts.append(self.tr("Offline: edits are kept and sent when the server is reachable."))
        self.status.setText(sentences(parts) or self.tr("Everything is saved on the server."))

    def _update_buttons(self, *_args) -> None:
        shown = self.contacts_page.selected()
        contact = shown.data if shown else None
        others = self.contacts.others()
        self.add_contact_button.setEnabled(others < rules.MAX_CONTACTS)
        self.add_contact_button.setToolTip(
            ""
            if others < rules.MAX_CONTACTS
            else self.tr("At most {limit} contacts besides yourself.").format(
                limit=rules.MAX_CONTACTS
            )
        )
        editable = contact is not None and not contact.get("is_account")
        primary = contact is not None and bool(contact.get("primary"))
        self.edit_contact_button.setEnabled(editable)
        self.delete_contact_button.setEnabled(editable and not primary)
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
        self.add_group_button.setEnabled(len(self.groups.rows) < rules.MAX_GROUPS)
        self.add_group_button.setToolTip(
            ""
            if len(self.groups.rows) < rules.MAX_GROUPS
            else self.tr("At most {limit} groups.").format(limit=rules.MAX_GROUPS)
        )
        group = self.groups_page.selected()
        self.edit_group_button.setEnabled(group is not None)
        self.delete_group_button.setEnabled(group is not None)
        self.recipients_button.setEnabled(self.settings_page.selected() is not None)
        for page in (self.settings_page, self.contacts_page, self.groups_page):
            chosen = page.selected()
            assert page.revert_button is not None and page.settle_button is not None
            page.revert_button.setEnabled(bool(chosen and chosen.pending))
            page.settle_button.setEnabled(bool(chosen and chosen.problem))

    # -- settings ---------------------------------------------------------------------------------

    def _toggle_channel(self, setting_id: str, channel: str, on: bool) -> None:
        setting = next(s for s in self.settings.entities() if s["id"] == setting_id)
        channels = dict(setting["channels"], **{channel: on})
        self._put_setting(setting, channels, setting["recipients"])

    def _put_setting(self, setting, channels, recipients) -> None:
        payload = {"channels": channels, "recipients": recipients}
        self.edits.edit_entity("put", "setting", setting["id"], payload)

    def _settings_double_clicked(self, index: QModelIndex) -> None:
        if index.column() == SettingsModel.RECIPIENTS:
            self.edit_recipients()

    def edit_recipients(self) -> None:
        shown = self.settings_page.selected()
        if shown is None:
            return
        setting = shown.data
        picker = RecipientPicker(
            setting, self.contacts.entities(), self.groups.entities(), self.language, self
        )
        if run(picker) == QDialog.DialogCode.Accepted:
            self._put_setting(setting, setting["channels"], picker.recipients())

    # -- contacts ---------------------------------------------------------------------------------

    def add_contact(self) -> None:
        if self.contacts.others() >= rules.MAX_CONTACTS:
            return
        editor = ContactEditor(parent=self)
        if run(editor) == QDialog.DialogCode.Accepted:
            new_id = str(uuid.uuid4())  # ids of new contacts are ours to choose
            self.edits.edit_entity("put", "contact", new_id, editor.payload())

    def edit_contact(self) -> None:
        contact = self.contacts_page.selected_entity()
        if contact is None or contact.get("is_account"):
            return
        editor = ContactEditor(contact, self)
        if run(editor) == QDialog.DialogCode.Accepted:
            self.edits.edit_entity("put", "contact", contact["id"], editor.payload())

    def delete_contact(self) -> None:
        contact = self.contacts_page.selected_entity()
        if contact is None or contact.get("is_account") or contact.get("primary"):
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete contact"),
            self.tr(
                "Delete {name}? They leave every group, and message types left with no "
                "recipient go to you, the account contact."
            ).format(name=contact["name"]),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.edits.edit_entity("remove", "contact", contact["id"])

    def set_primary(self) -> None:
        contact = self.contacts_page.selected_entity()
        if contact is not None and not contact.get("primary"):
            self.edits.edit_entity("primary", "contact", contact["id"])

    def verify(self, channel: str) -> None:
        """Send a code to the selected contact's mobile or email and take it back (online)."""
        contact = self.contacts_page.selected_entity()
        if contact is None or not contact.get(channel):
            return
        if not self.verifier.online():
            QMessageBox.information(
                self,
                self.tr("Verify"),
                self.tr(
                    "Verification needs the server, and Message Center is offline now. "
                    "Try again once it is connected."
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
                self,
            )
        )

    # -- groups -----------------------------------------------------------------------------------

    def _other_group_names(self, group_id: str | None) -> set[str]:
        return {g["name"] for g in self.groups.entities() if g["id"] != group_id}

    def add_group(self) -> None:
        if len(self.groups.rows) >= rules.MAX_GROUPS:
            return
        editor = GroupEditor(self.contacts.entities(), self._other_group_names(None), parent=self)
        if run(editor) == QDialog.DialogCode.Accepted:
            self.edits.edit_entity("put", "group", str(uuid.uuid4()), editor.payload())

    def edit_group(self) -> None:
        shown = self.groups_page.selected()
        if shown is None:
            return
        group = shown.data
        editor = GroupEditor(
            self.contacts.entities(), self._other_group_names(group["id"]), group, self
        )
        if run(editor) == QDialog.DialogCode.Accepted:
            self.edits.edit_entity("put", "group", group["id"], editor.payload())

    def delete_group(self) -> None:
        shown = self.groups_page.selected()
        if shown is None:
            return
        group = shown.data
        answer = QMessageBox.question(
            self,
            self.tr("Delete group"),
            self.tr(
                "Delete the group {name}? Message types left with no recipient go to you, "
                "the account contact."
            ).format(name=group["name"]),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.edits.edit_entity("remove", "group", group["id"])

    # -- pending and held edits -------------------------------------------------------------------

    def revert(self, page: EntityPage) -> None:
        chosen = page.selected()
        if chosen and chosen.pending:
            self.edits.revert(page.model.kind, chosen.id)

    def settle(self, page: EntityPage) -> None:
        """The held edit of the selected row: a conflict to choose in, or a refusal to correct."""
        chosen = page.selected()
        if not chosen:
            return
        kind = page.model.kind
        entry = self.cache.outbox.held_entry(EntityKind(kind), chosen.id)
        if entry is None:
            return
        if entry.state == "conflict" and entry.op == "put" and entry.current is not None:
            dialog = ConflictDialog(
                entry, self.describe_value, self.subject(kind, chosen.data), self
            )
            result = run(dialog)
            if result == QDialog.DialogCode.Accepted:
                self.edits.resolve(kind, entry.id, dialog.take_theirs())
            elif result == DISCARD:
                self.edits.discard(kind, entry.id)
            return
        result = run(RejectedDialog(entry, self))
        if result == DISCARD:
            self.edits.discard(kind, entry.id)
        elif result == QDialog.DialogCode.Accepted and entry.op == "put":
            corrected = self._correct(kind, chosen.data, entry.payload)
            if corrected is not None:
                self.edits.fix(kind, entry.id, corrected)

    def _correct(
        self, kind: str, shown: dict[str, Any], payload: dict[str, Any]
    ) -> dict[str, Any] | None:
        """The editor of `kind`, filled with the refused values; the corrected body or None."""
        editor: ContactEditor | GroupEditor
        if kind == "contact":
            editor = ContactEditor({**shown, **payload}, self)
        elif kind == "group":
            editor = GroupEditor(
                self.contacts.entities(),
                self._other_group_names(shown["id"]),
                {**shown, **payload},
                self,
            )
        else:
            picker = RecipientPicker(
                {**shown, **payload},
                self.contacts.entities(),
                self.groups.entities(),
                self.language,
                self,
            )
            if run(picker) != QDialog.DialogCode.Accepted:
                return None
            return {"channels": payload["channels"], "recipients": picker.recipients()}
        return editor.payload() if run(editor) == QDialog.DialogCode.Accepted else None

    def subject(self, kind: str, entity: dict[str, Any]) -> str:
        """What an edit was about, in a heading: "Contact 李娜", "Setting DDoS attack alarm"."""
        if kind == "setting":
            return self.tr("Message type: {name}").format(
                name=catalog.type_name(entity["id"], self.language)
            )
        label = self.tr("Contact: {name}") if kind == "contact" else self.tr("Group: {name}")
        return label.format(name=entity["name"])

    def describe_value(self, field: str, value: Any) -> str:
        """A field's value as a person reads it (names rather than ids)."""
        if field.startswith("channels."):
            return self.tr("on") if value else self.tr("off")
        if field in ("recipients.contacts", "members"):
            return join(self.contacts.names["contact"].get(i, "?") for i in value) or "—"
        if field == "recipients.groups":
            return join(self.contacts.names["group"].get(i, "?") for i in value) or "—"
        return str(value) if value not in (None, "") else "—"
