"""Screenshots of the main window and the settings dialog in one language and colour scheme, for
the README. Run inside the headless desktop, once per look:

    scripts/desktop-session.sh -- python scripts/look_screenshots.py zh_CN light
    scripts/desktop-session.sh -- python scripts/look_screenshots.py en dark

They are saved as docs/screenshots/look-<language>-<scheme>-{main,settings}.png.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
language, scheme = sys.argv[1], sys.argv[2]
OUT = Path(sys.argv[3]) if len(sys.argv) > 3 else ROOT / "docs" / "screenshots"
os.environ["MSGCENTER_HOME"] = tempfile.mkdtemp(prefix="msgcenter-look-")

from event_loop import settle, wait_for  # noqa: E402

from desktop.account.demo import start_demo  # noqa: E402
from desktop.account.session import Session  # noqa: E402
from desktop.app import AppController, make_application  # noqa: E402
from desktop.i18n.translators import install_translations  # noqa: E402
from desktop.platform.paths import paths_for  # noqa: E402
from desktop.views.theme import apply_scheme  # noqa: E402

paths = paths_for("look").ensure()
paths.preferences_file.write_text(json.dumps({"language": language, "appearance": scheme}))
app = make_application()
apply_scheme(app, scheme)
translators = install_translations(app, language)
session = Session(paths)
demo = start_demo(paths, session, publish_interval=(3600.0, 3600.0))
controller = AppController(argparse.Namespace(minimized=False, demo=False), paths, app)
controller.session = session
controller.start()
wait_for(lambda: controller.runtime.connection[0] == "online")
window = controller.runtime.window
window.resize(1180, 680)
window.message_view.setCurrentIndex(window.messages.index(1))
settle(1.5)
stem = f"look-{language}-{scheme}"
window.grab().save(str(OUT / f"{stem}-main.png"))
dialog = controller.runtime.show_settings()
dialog.move(60, 60)
settle(1.0)
dialog.grab().save(str(OUT / f"{stem}-settings.png"))
controller.quit()
demo.shutdown()
print(f"{stem}: saved in {OUT}")
