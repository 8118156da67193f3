"""The window speaks the user's language: Qt's translators, chosen from the system locale.

Every visible string in app/gui goes through Qt's translation system (``self.tr`` in a
QObject, ``QCoreApplication.translate("Context", ...)`` elsewhere); ``pyside6-lupdate``
collects them into ``resources/i18n/orchard_<lang>.ts`` and ``pyside6-lrelease`` compiles
those to the ``.qm`` files loaded here (packaging/translations.sh does both). Qt's own
translations (the OK and Cancel of standard buttons, file dialogs) come from Qt's folder.

The language is the system's first preferred one that Orchard ships, unless Settings names
one (``AppSettings.language``); English otherwise. A change applies at the next launch.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from inference.prompt.templates import resources_dir

log = logging.getLogger(__name__)

#: The languages shipped, by Qt locale name, each named in itself ("" follows the system).
LANGUAGES = {
    "en": "English",
    "ja": "日本語",
    "zh_CN": "简体中文",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
}

_installed: list[QTranslator] = []  # a translator must outlive its installation


def translations_dir() -> Path:
    return resources_dir() / "i18n"


def choose(setting: str, preferred: list[str]) -> str:
    """The language to show: ``setting`` when it names a shipped one, else the first of the
    system's ``preferred`` (BCP 47 tags such as "ja-JP", "zh-Hans-CN", "de") shipped."""
    if setting in LANGUAGES:
        return setting
    for tag in preferred:
        parts = tag.replace("_", "-").split("-")
        lang = parts[0].lower()
        if lang == "zh":
            # Simplified Chinese: zh-Hans, or a region that writes it (mainland, Singapore)
            rest = {p.upper() for p in parts[1:]}
            if rest & {"HANS", "CN", "SG"} or not rest:
                return "zh_CN"
            continue
        if lang in LANGUAGES:
            return lang
    return "en"


def install(setting: str = "") -> str:
    """Install Orchard's and Qt's translators for the chosen language on the running
    application; returns the language shown. A missing file leaves that part in English."""
    app = QCoreApplication.instance()
    lang = choose(setting, QLocale.system().uiLanguages())
    for t in _installed:
        if app is not None:
            app.removeTranslator(t)
    _installed.clear()
    if lang == "en" or app is None:
        return "en"
    ours = QTranslator()
    if ours.load(f"orchard_{lang}", str(translations_dir())):
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        log.warning("no translation file for %s in %s", lang, translations_dir())
        return "en"
    qt = QTranslator()
    if qt.load(QLocale(lang), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath
                                                                  .TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    QLocale.setDefault(QLocale(lang))  # numbers and dates in the same language
    return lang
