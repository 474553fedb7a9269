"""The Preferences dialog, built from the registry in `desktop.preferences`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.preferences import REGISTRY, Preference, Preferences
from desktop.views.a11y import describe, describe_buttons
from msgcenter import catalog

# Shown only while quiet hours are on.
QUIET_DETAILS = ("quiet_from", "quiet_until", "fault_breaks_quiet")


class PreferencesDialog(QDialog):
    """Edits a copy of the values; `values()` after Accepted gives what the user chose."""

    def __init__(self, preferences: Preferences, language: str = "en", parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.language = language
        self.editors: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        sections: dict[str, QFormLayout] = {}
        for preference in REGISTRY:
            if not preference.label:
                continue
            if preference.section not in sections:
                box = QGroupBox(QCoreApplication.translate("Preferences", preference.section))
                sections[preference.section] = QFormLayout(box)
                layout.addWidget(box)
                if preference.key.startswith("notify_"):
                    hint = QLabel(self.tr("Pop up a notification for new messages of:"))
                    sections[preference.section].addRow(hint)
            editor = self._editor(preference, preferences[preference.key])
            describe(editor, self._description(preference))
            self.editors[preference.key] = editor
            form = sections[preference.section]
            if isinstance(editor, QCheckBox):
                form.addRow(editor)
            else:
                label = QLabel(self._label(preference))
                label.setBuddy(editor)
                form.addRow(label, editor)
        quiet = self.editors["quiet_hours"]
        assert isinstance(quiet, QCheckBox)
        quiet.toggled.connect(self._quiet_hours_toggled)
        self._quiet_hours_toggled(quiet.isChecked())

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        describe_buttons(buttons)
        layout.addWidget(buttons)

    def _label(self, preference: Preference) -> str:
        if preference.key.startswith("notify_"):
            return catalog.category_name(preference.key.removeprefix("notify_"), self.language)
        return QCoreApplication.translate("Preferences", preference.label)

    def _editor(self, preference: Preference, value: Any) -> QWidget:
        if preference.kind == "bool":
            box = QCheckBox(self._label(preference))
            box.setChecked(bool(value))
            box.setObjectName(preference.key)
            return box
        if preference.kind == "choice":
            combo = QComboBox()
            for choice in preference.choices:
                combo.addItem(self._choice_label(choice), choice)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.setAccessibleName(self._label(preference))
            combo.setObjectName(preference.key)
            return combo
        if preference.kind == "time":
            editor = QTimeEdit(QTime.fromString(value, "HH:mm"))
            editor.setDisplayFormat("HH:mm")
            editor.setAccessibleName(self._label(preference))
            editor.setObjectName(preference.key)
            return editor
        raise ValueError(f"no editor for {preference.kind}")

    def _description(self, preference: Preference) -> str:
        if preference.key.startswith("notify_"):
            return self.tr("Pop up a notification when a message of this category arrives")
        if preference.kind == "time":
            return self.tr("A time of day, hours and minutes (24-hour clock)")
        if preference.kind == "choice":
            return self.tr("Choose one; the first follows the system")
        return self.tr("Saved when you press OK")

    def _choice_label(self, choice: str) -> str:
        # Each language named in itself, so it can be found whatever the current one is.
        names = {
            "system": self.tr("As the system"),
            "light": self.tr("Light"),
            "dark": self.tr("Dark"),
            "en": "English",
            "zh_CN": "简体中文",
        }
        return names.get(choice, choice)

    def _quiet_hours_toggled(self, on: bool) -> None:
        for key in QUIET_DETAILS:
            self.editors[key].setEnabled(on)

    def values(self) -> dict[str, Any]:
        chosen: dict[str, Any] = {}
        for key, editor in self.editors.items():
            if isinstance(editor, QCheckBox):
                chosen[key] = editor.isChecked()
            elif isinstance(editor, QTimeEdit):
                chosen[key] = editor.time().toString("HH:mm")
            elif isinstance(editor, QComboBox):
                chosen[key] = editor.currentData()
        return chosen
