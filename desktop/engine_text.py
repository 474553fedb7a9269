"""What the sync engine, the HTTP client and the cache say (in English: they are not Qt code),
in the user's language. Each known sentence is matched by a pattern and said again through a
translatable template; anything else (the server's own words) is shown as it came."""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "engine"
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), template)
    for pattern, template in (
        (
            r"cannot reach (?P<server>\S+): no answer$",
            QT_TRANSLATE_NOOP("engine", "Cannot reach {server}: no answer"),
        ),
        (
            r"cannot reach (?P<server>\S+): (?P<why>\w+)$",
            QT_TRANSLATE_NOOP("engine", "Cannot reach {server} ({why})"),
        ),
        (
            r"the server's certificate was not accepted: .*",
            QT_TRANSLATE_NOOP("engine", "The server's certificate was not accepted"),
        ),
        (r"the client is closed$", QT_TRANSLATE_NOOP("engine", "Stopped")),
        (
            r"Sync stopped: (?P<reason>.*)\. Trying again in (?P<seconds>\d+) s\. "
            r"Details are in (?P<log>.*)\.$",
            QT_TRANSLATE_NOOP(
                "engine",
                "Sync stopped: {reason}. Trying again in {seconds} s. Details are in {log}.",
            ),
        ),
        (
            r"Sync stopped: (?P<reason>.*)\. Trying again in (?P<seconds>\d+) s\.$",
            QT_TRANSLATE_NOOP("engine", "Sync stopped: {reason}. Trying again in {seconds} s."),
        ),
        (
            r"Live updates stopped: (?P<reason>.*)\. Trying again in (?P<seconds>\d+) s\. "
            r"Details are in (?P<log>.*)\.$",
            QT_TRANSLATE_NOOP(
                "engine",
                "Live updates stopped: {reason}. Trying again in {seconds} s. "
                "Details are in {log}.",
            ),
        ),
        (
            r"Live updates stopped: (?P<reason>.*)\. Trying again in (?P<seconds>\d+) s\.$",
            QT_TRANSLATE_NOOP(
                "engine", "Live updates stopped: {reason}. Trying again in {seconds} s."
            ),
        ),
        (
            r"The server no longer accepts this sign-in\.$",
            QT_TRANSLATE_NOOP("engine", "The server no longer accepts this sign-in."),
        ),
        (
            r"It was deleted on the server \(.*\)\.$",
            QT_TRANSLATE_NOOP("engine", "It was deleted on the server."),
        ),
        (
            r"It changed on the server, which did not say how\.$",
            QT_TRANSLATE_NOOP("engine", "It changed on the server, which did not say how."),
        ),
        (
            r"It changed on the server since you edited it\.$",
            QT_TRANSLATE_NOOP("engine", "It changed on the server since you edited it."),
        ),
        (
            r"Changed on both sides: (?P<fields>.*)\.$",
            QT_TRANSLATE_NOOP("engine", "Changed on both sides: {fields}."),
        ),
        (
            r"No system keyring is available: .*",
            QT_TRANSLATE_NOOP(
                "engine",
                "No system keyring is available: you stay signed in only "
                "until Message Center quits.",
            ),
        ),
        (
            r"The local cache was damaged and is being rebuilt, "
            r"(?P<count>\d+) unsent edits kept\.$",
            QT_TRANSLATE_NOOP(
                "engine",
                "The local cache was damaged and is being rebuilt; {count} unsent edits were kept.",
            ),
        ),
        (
            r"The local cache was damaged and is being rebuilt\.$",
            QT_TRANSLATE_NOOP("engine", "The local cache was damaged and is being rebuilt."),
        ),
    )
)


def engine_text(text: str) -> str:
    """`text` in the user's language when it is one of ours; as it is otherwise."""
    for pattern, template in PATTERNS:
        match = pattern.match(text or "")
        if match:
            values = match.groupdict()
            if "fields" in values:  # name, mobile, email: translated with the form's rules
                values["fields"] = ", ".join(
                    QCoreApplication.translate("rules", field)
                    for field in values["fields"].split(", ")
                )
            return QCoreApplication.translate(CONTEXT, template).format(**values)
    return text
