"""The small dialogs of the settings dialog: a contact, a group, a setting's recipients, and an
edit the server did not take (a conflict, or a refusal).

Field rules are `msgcenter.rules`, the code the server runs, checked as the user types; OK is
enabled only when the server would accept what is entered.
"""

from __future__ import annotations

import html
import math
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.api.errors import RateLimited, ValidationFailed
from desktop.i18n.plural import plural
from desktop.sync import merge
from desktop.sync.states import read_notice
from desktop.views import theme
from desktop.views.a11y import describe, describe_buttons
from desktop.views.cells import CellDelegate
from desktop.views.wording import aside, field_error, field_name, join, render, sentences
from msgcenter import catalog, rules


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(theme.problem_style())  # readable on light and dark
    label.setWordWrap(True)
    return label


def run(dialog: QDialog) -> int:
    """`dialog.exec()`, then the dialog goes: a closed editor must not linger, hidden and
    unnamed, where screen readers look (its values stay readable until control returns to the
    event loop)."""
    try:
        return dialog.exec()
    finally:
        dialog.deleteLater()


def fit_height(dialog: QDialog) -> None:
    """At least as tall as its wrapped labels need at its width: a message that appears as the
    user types pushes what is below it down instead of overlapping it."""
    layout = dialog.layout()
    if layout is None or not layout.hasHeightForWidth():
        return
    needed = layout.totalHeightForWidth(dialog.width())
    snug = dialog.height() <= dialog.minimumHeight()  # not made taller by the user
    dialog.setMinimumHeight(needed)
    if dialog.height() < needed or (snug and dialog.height() != needed):
        dialog.resize(dialog.width(), needed)


def _text_width(widget: QWidget, *texts: str) -> int:
    """Room for the longest of `texts` in `widget`'s font, with a line edit's frame and margins."""
    metrics = widget.fontMetrics()
    return max(metrics.horizontalAdvance(t) for t in texts) + 4 * metrics.averageCharWidth()


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    describe_buttons(buttons)
    return buttons


class ContactEditor(QDialog):
    """Name, mobile and email of a contact (new, or one of the others: never the account)."""

    def __init__(self, contact: dict[str, Any] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit contact") if contact else self.tr("New contact"))
        self.name = QLineEdit(contact["name"] if contact else "")
        self.mobile = QLineEdit(contact["mobile"] if contact else "")
        self.email = QLineEdit((contact or {}).get("email") or "")
        self.name.setPlaceholderText(self.tr("1 to 32 characters"))
        self.mobile.setPlaceholderText(self.tr("11 digits starting with 1, or +country code"))
        self.email.setPlaceholderText(self.tr("optional"))
        self.errors = {field: _error_label() for field in ("name", "mobile", "email")}
        form = QFormLayout(self)
        # Wide enough for the placeholders and about 40 characters; the messages wrap below.
        width = _text_width(self.mobile, self.mobile.placeholderText(), "m" * 28)
        for label, editor, field in (
            (self.tr("&Name"), self.name, "name"),
            (self.tr("&Mobile"), self.mobile, "mobile"),
            (self.tr("&Email"), self.email, "email"),
        ):
            describe(editor, editor.placeholderText())
            editor.setObjectName(field)
            editor.setAccessibleName(label.replace("&", ""))
            editor.setMinimumWidth(width)
            editor.textChanged.connect(self._check)
            form.addRow(label, editor)
            form.addRow("", self.errors[field])
        note = QLabel(self.tr("Changing a mobile or email means verifying it again."))
        note.setWordWrap(True)
        form.addRow(note)
        self.buttons = _buttons(self, self.tr("Save"))
        form.addRow(self.buttons)
        self._touched: set[str] = set()
        for field, editor in (("name", self.name), ("mobile", self.mobile), ("email", self.email)):
            editor.textEdited.connect(lambda _t, f=field: self._touched.add(f))
        self._check()

    def payload(self) -> dict[str, Any]:
        return {
            "name": rules.normalize_name(self.name.text()),
            "mobile": self.mobile.text().strip(),
            "email": rules.normalize_email(self.email.text()),
        }

    def _check(self) -> None:
        body = self.payload()
        problems = {e.field: field_error(e, "contact") for e in rules.check_contact(**body)}
        for field, label in self.errors.items():
            # Said once the field was typed in, so a new form does not open full of errors.
            shown = field in problems and (
                field in self._touched or bool(getattr(self, field).text())
            )
            label.setText(problems[field] if shown else "")
            label.setVisible(shown)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)
        fit_height(self)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        fit_height(self)


class GroupEditor(QDialog):
    """A group's name and members (the account contact included)."""

    def __init__(
        self,
        contacts: list[dict[str, Any]],
        other_names: set[str],
        group: dict[str, Any] | None = None,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit group") if group else self.tr("New group"))
        self.other_names = other_names
        self.name = QLineEdit(group["name"] if group else "")
        self.name.setObjectName("name")
        self.name.setAccessibleName(self.tr("Group name"))
        self.error = _error_label()
        self.members = QListWidget()
        self.members.setItemDelegate(CellDelegate(self.members))
        self.members.setObjectName("members")
        self.members.setAccessibleName(self.tr("Members"))
        describe(self.members, self.tr("Check the contacts who belong to the group"))
        describe(self.name, self.tr("1 to 32 characters, not the name of another group"))
        chosen = set(group["members"]) if group else set()
        for contact in contacts:
            item = QListWidgetItem(_contact_line(contact))
            item.setData(Qt.ItemDataRole.UserRole, contact["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if contact["id"] in chosen else Qt.CheckState.Unchecked
            )
            self.members.addItem(item)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name)
        form.addRow("", self.error)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Members (a group with none receives nothing):")))
        layout.addWidget(self.members)
        self.buttons = _buttons(self, self.tr("Save"))
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._check)
        self._check()

    def payload(self) -> dict[str, Any]:
        members = [
            self.members.item(n).data(Qt.ItemDataRole.UserRole)
            for n in range(self.members.count())
            if self.members.item(n).checkState() == Qt.CheckState.Checked
        ]
        return {"name": rules.normalize_name(self.name.text()), "members": members}

    def _check(self) -> None:
        name = rules.normalize_name(self.name.text())
        problems = [field_error(e, "group") for e in rules.check_name(name)]
        if name in self.other_names:
            problems.append(self.tr("Another group already has this name."))
        text = problems[0] if problems else ""
        self.error.setText(text if self.name.text() or not problems else "")
        self.error.setVisible(bool(self.error.text()))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)
        fit_height(self)


class RecipientPicker(QDialog):
    """Who receives one message type: contacts, or groups, never both, never none."""

    def __init__(
        self,
        setting: dict[str, Any],
        contacts: list[dict[str, Any]],
        groups: list[dict[str, Any]],
        language: str = "en",
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            self.tr("Recipients: {type}").format(type=catalog.type_name(setting["id"], language))
        )
        warning = QLabel(
            self.tr(
                "Notifications reach only verified mobiles and emails: unverified ones receive "
                "nothing. Contacts are changed on the Contacts page."
            )
        )
        warning.setWordWrap(True)
        warning.setStyleSheet(theme.warning_style())
        self.tabs = QTabWidget()
        self.contact_list = self._checklist(
            [(c["id"], _contact_line(c)) for c in contacts], setting["recipients"]["contacts"]
        )
        self.group_list = self._checklist(
            [(g["id"], _group_line(g, contacts)) for g in groups], setting["recipients"]["groups"]
        )
        self.contact_list.setObjectName("contacts")
        self.group_list.setObjectName("groups")
        self.contact_list.setAccessibleName(self.tr("Contacts who receive it"))
        self.group_list.setAccessibleName(self.tr("Groups that receive it"))
        for widget in (self.contact_list, self.group_list):
            describe(widget, self.tr("Check who receives it: contacts, or groups, not both"))
        self.tabs.addTab(self.contact_list, self.tr("&Contacts"))
        self.tabs.addTab(self.group_list, self.tr("&Groups"))
        if setting["recipients"]["groups"]:
            self.tabs.setCurrentIndex(1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.error = _error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addWidget(self.tabs)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        self.buttons = _buttons(self, self.tr("Save"))
        layout.addWidget(self.buttons)
        self.contact_list.itemChanged.connect(lambda item: self._changed(item, self.group_list))
        self.group_list.itemChanged.connect(lambda item: self._changed(item, self.contact_list))
        self.resize(560, 460)
        self._check()

    @staticmethod
    def _checklist(rows: list[tuple[str, str]], chosen: list[str]) -> QListWidget:
        widget = QListWidget()
        widget.setItemDelegate(CellDelegate(widget))
        for entity_id, text in rows:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, entity_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if entity_id in chosen else Qt.CheckState.Unchecked
            )
            widget.addItem(item)
        return widget

    @staticmethod
    def _checked(widget: QListWidget) -> list[str]:
        return [
            widget.item(n).data(Qt.ItemDataRole.UserRole)
            for n in range(widget.count())
            if widget.item(n).checkState() == Qt.CheckState.Checked
        ]

    def _changed(self, item: QListWidgetItem, other: QListWidget) -> None:
        if item.checkState() == Qt.CheckState.Checked and self._checked(other):
            other.blockSignals(True)
            for n in range(other.count()):
                other.item(n).setCheckState(Qt.CheckState.Unchecked)
            other.blockSignals(False)
            if other is self.contact_list:
                text = self.tr(
                    "Choosing a group cleared the contacts you had chosen: "
                    "a message type goes to contacts or to groups, not both."
                )
            else:
                text = self.tr(
                    "Choosing a contact cleared the groups you had chosen: "
                    "a message type goes to contacts or to groups, not both."
                )
            self.note.setText(text)
        self._check()

    def recipients(self) -> dict[str, list[str]]:
        return {
            "contacts": self._checked(self.contact_list),
            "groups": self._checked(self.group_list),
        }

    def _check(self) -> None:
        chosen = self.recipients()
        problems = rules.check_recipients(chosen["contacts"], chosen["groups"])
        self.error.setText(self.tr("Choose at least one contact or group.") if problems else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)


# The code of the server's answer to a wrong code and to an expired one alike (api.md: 422
# "wrong or expired code"); the time since the code was sent tells which it was.
WRONG_CODE = "wrong_code"
Reply = Callable[[Exception | None], None]  # called with None, or the error the call raised


class VerifyDialog(QDialog):
    """Sends a code to a mobile or email and takes it back. What went wrong is said here, so
    that another try, or a new code, is one step away.

    `send(done)` asks the server to send a code; `confirm(code, done)` checks one; each calls
    `done(error_or_None)` on the GUI thread. `sent_code()` is the code just sent when no real
    SMS or email goes out (the demo), else None."""

    def __init__(
        self,
        where: str,
        send: Callable[[Reply], None],
        confirm: Callable[[str, Reply], None],
        sent_code: Callable[[], str | None] = lambda: None,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Verify {where}").format(where=where))
        self.where = where
        self._send, self._confirm, self._sent_code = send, confirm, sent_code
        self.sent_at = time.monotonic()
        self.busy = False
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setObjectName("intro")
        self.demo = QLabel()
        self.demo.setObjectName("demo")
        self.demo.setStyleSheet(theme.warning_style())
        self.demo.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo.hide()
        self.code = QLineEdit()
        self.code.setObjectName("code")
        self.code.setAccessibleName(self.tr("Verification code"))
        self.code.setPlaceholderText(self.tr("6 digits"))
        describe(self.code, self.tr("The 6 digits of the code that was sent"))
        self.code.setValidator(QRegularExpressionValidator(r"[0-9]{0,6}", self.code))
        self.code.setMaximumWidth(_text_width(self.code, "0" * 12))
        self.error = _error_label()
        self.error.setObjectName("error")
        self.error.hide()
        self.resend = QPushButton(self.tr("Send a &new code"))
        self.resend.setObjectName("resend")
        describe(self.resend, self.tr("Sends another code; the one sent before stops working"))
        self.resend.clicked.connect(self.send)
        self.buttons = _buttons(self, self.tr("&Verify"))
        self.buttons.addButton(self.resend, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.disconnect()
        self.buttons.accepted.connect(self._verify)
        form = QFormLayout()
        form.addRow(self.tr("&Code"), self.code)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.demo)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(_text_width(self, "m" * 36))
        self.code.textChanged.connect(self._update)
        self.send()

    def send(self) -> None:
        """Ask for a (new) code; the time counts from now, before the server made it."""
        self.sent_at = time.monotonic()
        self._set_busy(True, self.tr("Sending a code to {where}…").format(where=self.where))
        self._send(self._sent)

    def _sent(self, error: Exception | None) -> None:
        if not isValid(self):  # closed meanwhile
            return
        if error is not None:
            self._set_busy(False, self.tr("No code was sent."))
            self._say(self._reason(error))
            return
        minutes = rules.VERIFICATION_CODE_SECONDS // 60
        self._set_busy(
            False,
            self.tr(
                "Enter the 6-digit code sent to {where}. It is valid for {minutes} minutes."
            ).format(where=self.where, minutes=minutes),
        )
        code = self._sent_code()
        self.demo.setText(self.tr("Demo: the code is {code}").format(code=code) if code else "")
        self.demo.setVisible(bool(code))
        self._say("")
        self.code.clear()
        self.code.setFocus()

    def _verify(self) -> None:
        code = self.code.text()
        if self.busy or rules.check_verification_code(code):
            return
        self._set_busy(True, self.intro.text())
        self._confirm(code, self._confirmed)

    def _confirmed(self, error: Exception | None) -> None:
        if not isValid(self):
            return
        self._set_busy(False, self.intro.text())
        if error is None:
            self.accept()
            return
        self._say(self._reason(error))
        self.code.selectAll()
        self.code.setFocus()

    def _reason(self, error: Exception) -> str:
        """What went wrong, in the user's words: from the server's codes when it sends them."""
        if isinstance(error, RateLimited):
            minutes = max(1, math.ceil(error.retry_after / 60))
            return plural(
                self.tr("Too many tries: try again in %n minute(s).", "", minutes), minutes
            )
        coded = error.errors if isinstance(error, ValidationFailed) else []
        if any(e.get("code") == WRONG_CODE for e in coded):
            if time.monotonic() - self.sent_at >= rules.VERIFICATION_CODE_SECONDS:
                return self.tr(
                    "This code has expired: a code is valid for {minutes} minutes. "
                    "Send a new code and enter that one."
                ).format(minutes=rules.VERIFICATION_CODE_SECONDS // 60)
            return self.tr(
                "This is not the code that was sent. Check the digits and enter it again."
            )
        if coded:
            return sentences(field_error(e) for e in coded)
        reason = getattr(error, "message", None) or str(error)
        return self.tr("The server said: {reason}").format(reason=reason)

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        fit_height(self)

    def _set_busy(self, busy: bool, text: str) -> None:
        self.busy = busy
        self.intro.setText(text)
        self.resend.setEnabled(not busy)
        self._update()
        fit_height(self)

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not self.busy and not rules.check_verification_code(self.code.text()))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        fit_height(self)


DISCARD = 2  # a dialog result besides Accepted (1) and Rejected (0)


def held_edit_buttons(dialog: QDialog, accept: QPushButton):
    """The buttons of a held edit's dialog: `accept`, Discard my edit (done(DISCARD)), Cancel."""
    box = QDialogButtonBox()
    box.addButton(accept, QDialogButtonBox.ButtonRole.AcceptRole)
    drop = box.addButton(
        QCoreApplication.translate("HeldEdit", "Discard my edit"),
        QDialogButtonBox.ButtonRole.DestructiveRole,
    )
    box.addButton(QDialogButtonBox.StandardButton.Cancel)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    drop.clicked.connect(lambda: dialog.done(DISCARD))
    describe_buttons(box)
    return box, drop


class ConflictDialog(QDialog):
    """Both sides changed the same field: yours or the server's, field by field."""

    def __init__(self, entry, describe_value, subject: str, parent=None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.setWindowTitle(self.tr("Edit conflict"))
        theirs = entry.current or {}
        conflicts = merge.merge(entry.kind, entry.base, entry.payload, theirs).conflicts
        ours_fields = merge.fields_of(entry.kind, entry.payload)
        theirs_fields = merge.fields_of(entry.kind, theirs)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "While your edit waited, this was changed on the server too. Other changes were "
                "merged; for each field below, choose which value to keep."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(QLabel(f"<b>{html.escape(subject)}</b>"))
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("<b>Field</b>")), 0, 0)
        grid.addWidget(QLabel(self.tr("<b>Yours</b>")), 0, 1)
        grid.addWidget(QLabel(self.tr("<b>The server's</b>")), 0, 2)
        self.choices: dict[str, QButtonGroup] = {}
        for row, name in enumerate(conflicts, start=1):
            grid.addWidget(QLabel(field_name(name, entry.kind)), row, 0)
            group = QButtonGroup(self)
            for column, value in ((1, ours_fields.get(name)), (2, theirs_fields.get(name))):
                button = QRadioButton(describe_value(name, value))
                button.setObjectName(f"{name}:{'ours' if column == 1 else 'theirs'}")
                describe(
                    button,
                    self.tr("Keep your value")
                    if column == 1
                    else self.tr("Keep the server's value"),
                )
                group.addButton(button, column)
                grid.addWidget(button, row, column)
            group.button(1).setChecked(True)
            self.choices[name] = group
        layout.addLayout(grid)
        self.keep = QPushButton(self.tr("Send with these values"))
        self.buttons, self.drop = held_edit_buttons(self, self.keep)
        layout.addWidget(self.buttons)

    def take_theirs(self) -> set[str]:
        return {name for name, group in self.choices.items() if group.checkedId() == 2}


class RejectedDialog(QDialog):
    """The server refused an edit: its reason, then fix it or drop it."""

    def __init__(self, entry, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("The server did not take this edit"))
        layout = QVBoxLayout(self)
        notice = read_notice(entry.reason)
        if notice and notice["code"] != "refused":  # ours: deleted, refused again and again, …
            said = render(entry.reason)
        else:  # the server's refusal (in its words, or ours when coded), or an older English one
            said = self.tr("The server said: {reason}").format(reason=render(entry.reason) or "?")
        reason = QLabel(said)
        reason.setWordWrap(True)
        reason.setObjectName("reason")
        layout.addWidget(reason)
        layout.addWidget(QLabel(self.tr("Correct the edit and send it again, or discard it.")))
        self.fix = QPushButton(self.tr("Correct…"))
        self.fix.setEnabled(entry.op == "put")
        describe(self.fix, self.tr("Opens the edit with the refused values, to correct them"))
        self.buttons, self.drop = held_edit_buttons(self, self.fix)
        layout.addWidget(self.buttons)


def _contact_line(contact: dict[str, Any]) -> str:
    """A contact in a check list: name, then mobile and email with their verification."""

    def shown(masked: str, verified: bool) -> str:
        unverified = QCoreApplication.translate("RecipientPicker", "unverified")
        return f"{masked} ✓" if verified else aside(masked, unverified)

    line = contact["name"]
    if contact.get("mobile"):
        line += "    " + shown(rules.mask_mobile(contact["mobile"]), contact["mobile_verified"])
    else:
        line += "    —"
    if contact.get("email"):
        line += "    " + shown(rules.mask_email(contact["email"]), contact["email_verified"])
    return line


def _group_line(group: dict[str, Any], contacts: list[dict[str, Any]]) -> str:
    names = {c["id"]: c["name"] for c in contacts}
    members = [names.get(m, "?") for m in group["members"]]
    none = QCoreApplication.translate("RecipientPicker", "no members")
    return aside(group["name"], join(members) if members else none)
