"""Every sentence made from a code, in the user's language: the field errors of
`msgcenter.rules` (and of the server, when it sends their code), the notices of the sync engine,
the keyring and the outbox (`desktop.sync.states.notice`), conflict field names and list joins.

The code and its parameters are what is stored and passed around; the sentence is made here,
when shown, so a translation never depends on matching English. Text that is not a notice (the
server's own words, or a reason stored in English by an older version) is shown as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop.i18n.marks import QT_TRANSLATE_NOOP
from desktop.i18n.plural import plural
from desktop.sync.states import read_notice

CONTEXT = "Wording"
Params = Mapping[str, Any]


def _number(params: Params, key: str) -> int:
    value = params.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


class Wording:
    """The texts with a number (%n): lupdate marks a text as plural only in a
    `self.tr(text, comment, n)` call, so they are methods here, in the same context."""

    def tr(self, text: str, comment: str, n: int) -> str:
        return plural(QCoreApplication.translate(CONTEXT, text, comment, n), n)

    def too_long(self, n: int) -> str:
        return self.tr("{field} must be at most %n character(s).", "", n)

    def too_many_contacts(self, n: int) -> str:
        return self.tr("At most %n contact(s) besides yourself.", "", n)

    def too_many_groups(self, n: int) -> str:
        return self.tr("At most %n contact group(s).", "", n)

    def digits(self, n: int) -> str:
        return self.tr("{field} must be %n digit(s).", "", n)

    def busy(self, n: int) -> str:
        return self.tr("The server is busy; trying again in %n s.", "", n)

    def live_stopped(self, n: int) -> str:
        return self.tr("Live updates stopped by an unexpected error; trying again in %n s.", "", n)

    def sync_stopped(self, n: int) -> str:
        return self.tr("Sync stopped by an unexpected error; trying again in %n s.", "", n)

    def unusable(self, n: int) -> str:
        return self.tr(
            "The server answers, but sends data this app cannot use (the details are in the "
            "log); trying again in %n s.",
            "",
            n,
        )

    def cache_rebuilt(self, n: int) -> str:
        return self.tr(
            "The local cache was damaged and has been rebuilt; %n unsent change(s) kept.", "", n
        )


_counted = Wording()


# -- lists -----------------------------------------------------------------------------------------


def join(items: Iterable[str]) -> str:
    """Names one after another: "Li Na, Wang Qiang"; 李娜、王强."""
    #: Between the items of a list of names. Chinese: 、 (no space).
    separator = QCoreApplication.translate("Wording", ", ", "list separator")
    return separator.join(items)


def sentences(parts: Iterable[str]) -> str:
    """Sentences one after another: a space between them in English, none in Chinese."""
    #: Between two sentences. Chinese: nothing (an empty translation would count as missing, so
    #: a zero-width space).
    return QCoreApplication.translate("Wording", " ", "between sentences").join(parts)


def aside(text: str, remark: str) -> str:
    """A remark after a name: "demo (primary contact)"; demo（主联系人）."""
    #: A remark in parentheses after a name. Chinese: full-width （）, no space.
    template = QCoreApplication.translate("Wording", "{text} ({remark})", "a name and a remark")
    return template.format(text=text, remark=remark)


# -- field names -----------------------------------------------------------------------------------

FIELD_NAMES = {
    ("contact", "name"): QT_TRANSLATE_NOOP("Wording", "Name", "a contact's (person's) name"),
    ("group", "name"): QT_TRANSLATE_NOOP("Wording", "Name", "a contact group's name"),
    (None, "mobile"): QT_TRANSLATE_NOOP("Wording", "Mobile number", "field"),
    (None, "email"): QT_TRANSLATE_NOOP("Wording", "Email address", "field"),
    (None, "code"): QT_TRANSLATE_NOOP("Wording", "Verification code", "field"),
    (None, "recipients"): QT_TRANSLATE_NOOP("Wording", "Recipients", "field"),
    (None, "contacts"): QT_TRANSLATE_NOOP("Wording", "Contacts", "field"),
    (None, "groups"): QT_TRANSLATE_NOOP("Wording", "Contact groups", "field"),
    (None, "channels.email"): QT_TRANSLATE_NOOP("Wording", "Email", "the channel"),
    (None, "channels.sms"): QT_TRANSLATE_NOOP("Wording", "SMS", "the channel"),
    (None, "recipients.contacts"): QT_TRANSLATE_NOOP("Wording", "Recipient contacts", "field"),
    (None, "recipients.groups"): QT_TRANSLATE_NOOP("Wording", "Recipient groups", "field"),
    (None, "members"): QT_TRANSLATE_NOOP("Wording", "Members", "field"),
}
_COMMENTS = {
    ("contact", "name"): "a contact's (person's) name",
    ("group", "name"): "a contact group's name",
    (None, "channels.email"): "the channel",
    (None, "channels.sms"): "the channel",
}


def field_name(field: str, kind: str | None = "contact") -> str:
    """A field's name for people; an unknown field (the server's) as it came."""
    key = (kind if field == "name" else None, field)
    if key not in FIELD_NAMES:
        return field
    comment = _COMMENTS.get(key, "field")
    return QCoreApplication.translate(CONTEXT, FIELD_NAMES[key], comment)


# -- field errors (msgcenter.rules codes) ----------------------------------------------------------


def _field_error(code: str, field: str, p: Params) -> str | None:
    """The sentence for a field error's code; None for a code this version does not know."""
    limit, digits = _number(p, "limit"), _number(p, "digits")
    if code == "not_text":
        text = QCoreApplication.translate("Wording", "{field} must be text.")
    elif code == "required":
        text = QCoreApplication.translate("Wording", "{field} is required.")
    elif code == "too_long":
        text = _counted.too_long(limit)
    elif code == "control_characters":
        text = QCoreApplication.translate("Wording", "{field} must not contain control characters.")
    elif code == "bad_mobile":
        text = QCoreApplication.translate(
            "Wording", "{field}: 11 digits starting with 1, or + and 8 to 15 digits."
        )
    elif code == "bad_email":
        text = QCoreApplication.translate("Wording", "{field} is not a valid email address.")
    elif code == "contacts_and_groups":
        text = QCoreApplication.translate("Wording", "Choose contacts or contact groups, not both.")
    elif code == "no_recipients":
        text = QCoreApplication.translate(
            "Wording", "Choose at least one contact or contact group."
        )
    elif code == "too_many_contacts":
        text = _counted.too_many_contacts(limit)
    elif code == "too_many_groups":
        text = _counted.too_many_groups(limit)
    elif code == "bad_code":
        text = _counted.digits(digits)
    else:
        return None
    return text.format(field=field)


def field_error(error: Any, kind: str | None = "contact") -> str:
    """A `msgcenter.rules.FieldError`, or a field error item of the server (a dict), as a
    sentence. One without a code we know is the server's message, after the field's name."""
    if isinstance(error, Mapping):
        field, code, message = error.get("field"), error.get("code"), error.get("message")
        params: Params = error
    else:
        field, code, message, params = error.field, error.code, error.message, error.params
    name = field_name(str(field or ""), kind)
    said = _field_error(code, name, params) if isinstance(code, str) else None
    return said if said is not None else f"{name}: {message or ''}".strip(": ")


# -- notices (desktop.sync.states.notice) ----------------------------------------------------------


def _offline(p: Params) -> str:
    why, server = p.get("why"), p.get("server", "")
    if why == "no_answer":
        text = QCoreApplication.translate("Wording", "Cannot reach {server}: no answer.")
    elif why == "refused":
        text = QCoreApplication.translate("Wording", "{server} refused the connection.")
    elif why == "timed_out":
        text = QCoreApplication.translate("Wording", "{server} took too long to answer.")
    elif why == "certificate":
        text = QCoreApplication.translate(
            "Wording", "The certificate of {server} was not accepted."
        )
    elif why == "no_connection":
        text = QCoreApplication.translate(
            "Wording", "Cannot reach {server}: check the address and your network."
        )
    else:
        text = QCoreApplication.translate("Wording", "The connection to {server} was lost.")
    return text.format(server=server)


def _unexpected(p: Params) -> str:
    seconds, log = _number(p, "seconds"), p.get("log")
    live = p.get("what") == "live"
    text = _counted.live_stopped(seconds) if live else _counted.sync_stopped(seconds)
    if log:
        text += QCoreApplication.translate("Wording", " Details are in {log}.").format(log=log)
    return text


def _refused(p: Params) -> str:
    """The server's refusal: its field errors in our words when coded, else its own words."""
    items = [e for e in p.get("errors") or [] if isinstance(e, Mapping)]
    if items and all(_field_error(str(e.get("code")), "", e) is not None for e in items):
        return sentences(field_error(e) for e in items)
    detail = str(p.get("detail") or "")
    if items:
        detail = aside(detail, join(field_error(e) for e in items))
    return detail


def _both_changed(p: Params) -> str:
    kind = p.get("kind")
    fields = [field_name(str(f), kind) for f in p.get("fields") or []]
    text = QCoreApplication.translate("Wording", "Changed both here and on the server: {fields}.")
    return text.format(fields=join(dict.fromkeys(fields)))


def _cache_rebuilt(p: Params) -> str:
    kept = _number(p, "kept")
    if not kept:
        return QCoreApplication.translate(
            "Wording", "The local cache was damaged and has been rebuilt."
        )
    return _counted.cache_rebuilt(kept)


NOTICES: dict[str, Callable[[Params], str]] = {
    "offline": _offline,
    "busy": lambda p: _counted.busy(_number(p, "seconds")),
    "server_error": lambda p: QCoreApplication.translate(
        "Wording", "The server failed (error {status}); trying again later."
    ).format(status=p.get("status", "")),
    "bad_response": lambda p: (
        _counted.unusable(_number(p, "seconds"))
        if "seconds" in p
        else QCoreApplication.translate(
            "Wording", "The server's answer was not as expected; trying again later."
        )
    ),
    "cache": lambda p: QCoreApplication.translate(
        "Wording", "The local cache cannot be used: {detail}"
    ).format(detail=p.get("detail", "")),
    "cache_rebuilt": _cache_rebuilt,
    "unexpected": _unexpected,
    "signed_out": lambda p: QCoreApplication.translate(
        "Wording", "Your sign-in has expired. Please sign in again."
    ),
    "no_keyring": lambda p: QCoreApplication.translate(
        "Wording",
        "No system keyring is available: you stay signed in only until Message Center quits.",
    ),
    "refused": _refused,
    "kept_refusing": lambda p: QCoreApplication.translate(
        "Wording", "The server refused it again and again, so it was not sent."
    ),
    "deleted": lambda p: QCoreApplication.translate("Wording", "It was deleted on the server."),
    "changed_unknown": lambda p: QCoreApplication.translate(
        "Wording", "It was changed on the server, which did not send the new version."
    ),
    "changed": lambda p: QCoreApplication.translate(
        "Wording", "It was changed on the server after you edited it."
    ),
    "both_changed": _both_changed,
}


def render(text: str | None) -> str:
    """A notice in the user's language; any other text as it is."""
    found = read_notice(text)
    if found is None:
        return text or ""
    say = NOTICES.get(found["code"])
    if say is None:  # written by a newer version
        return str(found.get("detail") or found["code"])
    return say(found)
