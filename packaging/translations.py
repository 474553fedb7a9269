"""Update the translation sources from the code, then compile them:

    python packaging/translations.py          # lupdate, then lrelease
    python packaging/translations.py --check  # fail if a .ts lacks a translation or a .qm is stale

resources/translations/msgcenter_<lang>.ts are Qt Linguist files (edit them in Linguist or by
hand); the compiled .qm beside them is what the app loads, from source and from the bundle.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN", "en")
# English is the source language: its file holds only the plural forms ("%n edit(s)" → "1 edit",
# "2 edits"), which Qt takes from a translation even in the source language.
PLURAL_ONLY = ("en",)


def sources() -> list[str]:
    return sorted(str(path) for path in (ROOT / "desktop").rglob("*.py"))


def untranslated(ts: Path) -> list[str]:
    missing = []
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        if translation is None:
            missing.append(message.findtext("source") or "")
            continue
        forms = translation.findall("numerusform") if message.get("numerus") == "yes" else []
        texts = [form.text for form in forms] if forms else [translation.text]
        done = all((text or "").strip() for text in texts)
        if not done or translation.get("type") in ("unfinished", "obsolete", "vanished"):
            missing.append(message.findtext("source") or "")
    return missing


def compile_to(ts: Path, qm: Path) -> None:
    subprocess.run(["pyside6-lrelease", "-silent", str(ts), "-qm", str(qm)], check=True)


def main() -> int:
    check = "--check" in sys.argv
    problems = []
    for language in LANGUAGES:
        ts, qm = FOLDER / f"msgcenter_{language}.ts", FOLDER / f"msgcenter_{language}.qm"
        if check:
            missing = untranslated(ts)
            problems += [f"{ts.name}: not translated: {text!r}" for text in missing]
            with tempfile.TemporaryDirectory() as scratch:
                fresh = Path(scratch) / qm.name
                compile_to(ts, fresh)
                if not qm.exists() or fresh.read_bytes() != qm.read_bytes():
                    problems.append(f"{qm.name} is stale: run python packaging/translations.py")
            continue
        only = ["-pluralonly"] if language in PLURAL_ONLY else []
        subprocess.run(
            ["pyside6-lupdate", *sources(), "-no-obsolete", *only, "-ts", str(ts)], check=True
        )
        compile_to(ts, qm)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
