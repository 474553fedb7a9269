"""Files shipped with the app (icons, translations): the same lookup from source and bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_path(name: str) -> Path:
    """`resources/<name>`: beside the package in a checkout, inside the PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parents[2]
    return root / "resources" / name
