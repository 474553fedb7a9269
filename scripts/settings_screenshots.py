"""Screenshots of the settings dialog for the README: the settings table, the recipient picker,
contacts, groups, a pending edit (offline) and a conflict. Run inside the headless desktop:

    scripts/desktop-session.sh --tray --notify --keyring -- python scripts/settings_screenshots.py

The reference server runs in this process with the demo's data; it is stopped to go offline, and
a contact is renamed in its database meanwhile, so that the client's edit of the same name comes
back as a conflict when the server is started again.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
home = Path(tempfile.mkdtemp(prefix="msgcenter-settings-shots-"))
os.environ["MSGCENTER_HOME"] = str(home)

from event_loop import settle, wait_for  # noqa: E402

from desktop.account.session import Session  # noqa: E402
from desktop.app import AppController, make_application  # noqa: E402
from desktop.cache.kinds import EntityKind  # noqa: E402
from desktop.platform.paths import paths_for  # noqa: E402
from desktop.views.entity_editors import ConflictDialog, RecipientPicker  # noqa: E402
from msgcenter.server.app import ServerConfig  # noqa: E402
from msgcenter.server.cli import prepare_demo  # noqa: E402
from msgcenter.server.runner import ServerThread  # noqa: E402
from msgcenter.server.store import Store  # noqa: E402


def shot(widget, name: str) -> None:
    settle(0.4)
    widget.grab().save(str(OUT / f"{name}.png"))


db = home / "server.db"
server = ServerThread(ServerConfig(db=str(db))).start()
prepare_demo(server.store, messages=300)
port = int(server.url.rsplit(":", 1)[1])
app = make_application()
paths = paths_for("shots").ensure()
session = Session(paths)
session.sign_in(server.url, "demo", "demo").close()
controller = AppController(argparse.Namespace(minimized=False, demo=False), paths, app)
controller.session = session
controller.start()
wait_for(lambda: controller.runtime.connection[0] == "online")
dialog = controller.runtime.show_settings()
dialog.move(60, 60)
cache = controller.runtime.cache

dialog.tabs.setCurrentIndex(0)
dialog.settings_page.select("security.ddos")
shot(dialog, "settings-table")
setting = dialog.settings.rows[dialog.settings.row_of("security.ddos")]
picker = RecipientPicker(setting, dialog.contacts.rows, dialog.groups.rows, parent=dialog)
picker.show()
picker.group_list.item(0).setCheckState(picker.group_list.item(0).checkState().Checked)
shot(picker, "settings-recipients")
picker.close()
dialog.tabs.setCurrentIndex(1)
shot(dialog, "settings-contacts")
dialog.tabs.setCurrentIndex(2)
shot(dialog, "settings-groups")

# Offline: a pending edit of each kind, and a rename the server will also make meanwhile.
server.stop()
wait_for(lambda: controller.runtime.connection[0] == "offline")
contact = next(c for c in dialog.contacts.rows if c["name"] == "李娜")
setting = dialog.settings.rows[dialog.settings.row_of("product.expiry")]
controller.runtime.edits.edit_entity("put", "setting", "product.expiry", {
    "channels": {"email": True, "sms": True}, "recipients": setting["recipients"]})  # fmt: skip
controller.runtime.edits.edit_entity("put", "contact", contact["id"], {
    "name": "李娜 (Ops lead)", "mobile": contact["mobile"], "email": contact["email"]})  # fmt: skip
controller.runtime.edits.edit_entity("put", "contact", "4c6f1e2a-0000-4000-8000-00000000beef", {
    "name": "Zhao Min", "mobile": "13900001111", "email": "zhao.min@example.com"})  # fmt: skip
wait_for(lambda: cache.outbox.size() == 3)
dialog.refresh()
dialog.tabs.setCurrentIndex(1)
dialog.contacts_page.select(contact["id"])
shot(dialog, "settings-pending")

store = Store(sa.create_engine(f"sqlite:///{db}"))
account = store.account_by_name("demo")
on_server = store.contacts.get(account.id, contact["id"])
store.contacts.put(account.id, contact["id"], on_server["etag"], None, "李娜 (on leave)",
                  on_server["mobile"], on_server["email"])  # fmt: skip
store.database.engine.dispose()
server = ServerThread(ServerConfig(db=str(db)), port=port).start()
controller._sync_now()
wait_for(lambda: len(cache.outbox.entries(("conflict",))) == 1)
wait_for(lambda: cache.outbox.size() == 1)
dialog.refresh()
dialog.contacts_page.select(contact["id"])
shot(dialog, "settings-conflict-row")
entry = cache.outbox.held_entry(EntityKind("contact"), contact["id"])
conflict = ConflictDialog(
    entry, dialog.describe_value, dialog.subject("contact", on_server), dialog
)
conflict.show()
shot(conflict, "settings-conflict")
conflict.close()
controller.quit()
server.stop()
print(f"screenshots in {OUT}")
