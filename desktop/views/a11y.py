"""Accessible descriptions that repeat across dialogs: what a dialog's buttons do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    # Only the dialogs' buttons are described: the main window, which describes its own widgets
    # with `describe`, does not make the button box's three enum classes on its way to its first
    # paint.
    from PySide6.QtWidgets import QDialogButtonBox, QWidget


def describe(widget: QWidget, text: str) -> None:
    """The description a screen reader reads after the name; also the tooltip, for everyone."""
    widget.setAccessibleDescription(text)
    if not widget.toolTip():
        widget.setToolTip(text)


def describe_buttons(box: QDialogButtonBox) -> None:
    """Each button of a dialog's button box, by its role."""
    role = box.ButtonRole
    texts = {
        role.AcceptRole: QCoreApplication.translate(
            "a11y", "Keeps what you chose and closes the dialog"
        ),
        role.RejectRole: QCoreApplication.translate(
            "a11y", "Closes the dialog without changing anything"
        ),
        role.DestructiveRole: QCoreApplication.translate(
            "a11y", "Drops your edit: the server's version stays"
        ),
    }
    for button in box.buttons():
        text = texts.get(box.buttonRole(button))
        if text and not button.accessibleDescription():
            describe(button, text)
