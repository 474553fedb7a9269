"""Every window and dialog of the client, built over an empty cache, for tests that walk them
(translations, clipping, accessibility)."""

from __future__ import annotations

from desktop.account.session import Session
from desktop.cache.rows import OutboxEntry
from desktop.cache.store import Cache
from desktop.platform.paths import paths_for
from desktop.preferences import Preferences
from desktop.runtime.local_edits import LocalEdits
from desktop.runtime.sync_signals import SyncSignals
from desktop.views.contacts_page import Verifier
from desktop.views.entity_editors import (
    ConflictDialog,
    ContactEditor,
    GroupEditor,
    RecipientPicker,
    RejectedDialog,
)
from desktop.views.main_window import MainWindow
from desktop.views.preferences_dialog import PreferencesDialog
from desktop.views.settings_dialog import SettingsDialog
from desktop.views.sign_in import SignInDialog

CONTACT = {
    "id": "c1",
    "name": "李娜",
    "mobile": "13012345158",
    "email": "lina@example.com",
    "mobile_verified": True,
    "email_verified": False,
    "primary": False,
    "is_account": False,
    "groups": [],
}
SETTING = {
    "id": "security.ddos",
    "channels": {"email": True, "sms": True},
    "recipients": {"contacts": ["c1"], "groups": []},
    "locked": False,
}
GROUP = {"id": "g1", "name": "运维值班", "members": ["c1"]}


class Windows:
    """Builds them; `close()` releases the cache."""

    def __init__(self, folder, language: str = "en") -> None:
        folder.mkdir(parents=True, exist_ok=True)
        cache_path = folder / f"{language}.sqlite3"
        self.cache = Cache(cache_path)
        self.edits = LocalEdits(cache_path, lambda: None, SyncSignals())
        self.paths = paths_for("windows", home=str(folder / "home")).ensure()
        self.folder, self.language = folder, language

    def build(self) -> dict:
        entry = OutboxEntry(
            1,
            "put",
            "contact",
            "c1",
            {"name": "李娜 A", "mobile": "13012345158", "email": None},
            CONTACT,
            '"1"',
            "k",
            "conflict",
            1,
            "x",
            {**CONTACT, "name": "李娜 B"},
        )
        language = self.language
        return {
            "main window": MainWindow(self.cache, self.edits, str(self.folder / "w.ini"), language),
            "settings": SettingsDialog(
                self.cache, self.edits, Verifier(lambda: False, None, None), language
            ),
            "preferences": PreferencesDialog(Preferences(self.paths.preferences_file), language),
            "sign-in": SignInDialog(Session(self.paths)),
            "contact": ContactEditor(CONTACT),
            "group": GroupEditor([CONTACT], set(), GROUP),
            "recipients": RecipientPicker(SETTING, [CONTACT], [GROUP], language),
            "conflict": ConflictDialog(entry, lambda field, value: str(value), "联系人：李娜"),
            "refused": RejectedDialog(entry),
        }

    def close(self) -> None:
        self.edits.close()
        self.cache.close()
