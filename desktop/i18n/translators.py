"""The user's language: English, or Simplified Chinese, as the system says or Preferences force.

Translations are Qt Linguist files (`resources/translations/msgcenter_<lang>.ts`, compiled to
`.qm` by `python packaging/translations.py`); Qt's own strings (standard buttons, context menus)
come from Qt's `qtbase_<lang>.qm`. Loaded the same way from source and from the bundle.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop.platform.resources import resource_path

LANGUAGES = ("en", "zh_CN")


def choose_language(setting: str, system: QLocale | None = None) -> str:
    """`setting` is a preference: "system", "en" or "zh_CN"."""
    if setting in LANGUAGES:
        return setting
    system = system or QLocale.system()
    return "zh_CN" if system.language() == QLocale.Language.Chinese else "en"


def install_translations(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load the translations of `language` into `app`; keep the returned translators alive."""
    QLocale.setDefault(QLocale("zh_CN" if language == "zh_CN" else "en_US"))
    ours = (str(resource_path("translations")), f"msgcenter_{language}")
    qts = (QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), f"qtbase_{language}")
    # English is the source language; its file only holds the plural forms ("1 edit", "2 edits").
    loaded = []
    for folder, name in (ours,) if language == "en" else (ours, qts):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            loaded.append(translator)
    return loaded


def remove_translations(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
    QLocale.setDefault(QLocale("en_US"))
