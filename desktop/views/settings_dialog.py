"""Message settings, contacts and contact groups in one dialog, working offline.

Every edit goes to the cache at once through `LocalEdits` (and so into the outbox); the tables
show the cache's view, with pending edits marked. An edit the server did not take (a conflict, a
refusal) is marked on its row and settled from there.

Each tab is a page of its own (`message_settings_page`, `contacts_page`, `groups_page`, on
`entity_page`); the dialog holds them, the status line and what spans pages: reverting and
settling held edits.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
)

from desktop.cache.kinds import HELD_STATES, EntityKind
from desktop.cache.store import Cache
from desktop.models.entities import ContactsModel, GroupsModel, SettingsModel
from desktop.runtime.local_edits import LocalEdits
from desktop.sync.states import ConnectionState
from desktop.views.a11y import describe
from desktop.views.contacts_page import ContactsPage, Verifier
from desktop.views.entity_editors import DISCARD, ConflictDialog, RejectedDialog, run
from desktop.views.entity_page import EntityPage
from desktop.views.groups_page import GroupsPage
from desktop.views.message_settings_page import MessageSettingsPage
from desktop.views.wording import join, sentences
from msgcenter import catalog


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
        self.language = language
        self.online = True
        self._shut_down = False
        self.setWindowTitle(self.tr("Message settings"))
        self.tabs = QTabWidget()
        self.settings = SettingsModel(cache, language, self)
        self.contacts = ContactsModel(cache, language, self)
        self.groups = GroupsModel(cache, language, self)
        self.settings_page = MessageSettingsPage(
            self.settings, self.contacts, self.groups, edits, language
        )
        self.contacts_page = ContactsPage(self.contacts, edits, verifier)
        self.groups_page = GroupsPage(self.groups, self.contacts, edits)
        self._pages: tuple[EntityPage, ...] = (
            self.settings_page,
            self.contacts_page,
            self.groups_page,
        )
        self._add_pages()
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
        self.resize(900, 560)
        self.refresh()  # then again on the profile's news (the app connects it)

    def _add_pages(self) -> None:
        """The tabs; Revert and Settle on each page act through the dialog."""
        for page, title in (
            (self.settings_page, self.tr("&Message settings")),
            (self.contacts_page, self.tr("&Contacts")),
            (self.groups_page, self.tr("&Groups")),
        ):
            self._connect_held_edit_buttons(page)
            self.tabs.addTab(page, title)

    def _connect_held_edit_buttons(self, page: EntityPage) -> None:
        page.revert_button.clicked.connect(lambda: self.revert(page))
        page.settle_button.clicked.connect(lambda: self.settle(page))

    # -- refreshing -------------------------------------------------------------------------------

    def shut_down(self) -> None:
        """Before the cache closes: news still queued from the engine is ignored."""
        self._shut_down = True

    def refresh(self, *_args) -> None:
        """Read the three tables again from the cache, keeping each page's selection."""
        if self._shut_down:
            return
        for page in self._pages:
            page.refresh()
        self._update_status()
        self._update_buttons()

    def refresh_if_entities(self, summary) -> None:
        """After a batch from the engine: only when settings, contacts or groups changed."""
        if summary.entities_changed or summary.full_resync:
            self.refresh()

    def set_connection(self, state: str, _detail: str) -> None:
        self.set_online(state in (ConnectionState.ONLINE, ConnectionState.SYNCING))

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

    def _update_buttons(self) -> None:
        for page in self._pages:
            page.update_buttons()

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
            corrected = page.correct(chosen.data, entry.payload)
            if corrected is not None:
                self.edits.fix(kind, entry.id, corrected)

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

    # -- the pages' buttons, by the names scripts and tests know ----------------------------------

    @property
    def add_contact_button(self) -> QPushButton:
        return self.contacts_page.add_button

    @property
    def edit_contact_button(self) -> QPushButton:
        return self.contacts_page.edit_button

    @property
    def delete_contact_button(self) -> QPushButton:
        return self.contacts_page.delete_button

    @property
    def verify_mobile_button(self) -> QPushButton:
        return self.contacts_page.verify_mobile_button

    @property
    def verify_email_button(self) -> QPushButton:
        return self.contacts_page.verify_email_button

    @property
    def add_group_button(self) -> QPushButton:
        return self.groups_page.add_button

    @property
    def edit_group_button(self) -> QPushButton:
        return self.groups_page.edit_button
