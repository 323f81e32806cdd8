"""Chinese by default through Qt translations; English selectable.

Source strings are English in `self.tr()` / `QCoreApplication.translate()`;
`resources/i18n/fieldapp_zh_CN.qm` turns them into Chinese, and Qt's own
`qtbase_zh_CN.qm` translates the standard dialogs (file, print, message box
buttons). The core's messages carry both languages (`Msg`) and follow
`fieldapp.messages.set_lang`. See docs/desktop.md, "Translations".
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from fieldapp.messages import set_lang
from fieldapp.resources import resource_path

APP_QM = "fieldapp_zh_CN.qm"
_installed: list[QTranslator] = []


def qt_translations_dirs() -> list[Path]:
    return [resource_path("i18n"), Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]


def install(app: QCoreApplication, lang: str) -> list[str]:
    """Install the translators for `lang` ("zh" or "en"); returns the files loaded."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    set_lang(lang)
    if lang == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return []
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    loaded: list[str] = []
    for name, dirs in (("qtbase_zh_CN.qm", qt_translations_dirs()), (APP_QM, [resource_path("i18n")])):
        for folder in dirs:
            tr = QTranslator(app)
            if (folder / name).is_file() and tr.load(str(folder / name)):
                app.installTranslator(tr)
                _installed.append(tr)
                loaded.append(str(folder / name))
                break
    return loaded
