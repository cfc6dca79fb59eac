"""Qt's own texts in Danish: standard dialogs, context menus, key names."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

DANISH = QLocale(QLocale.Language.Danish, QLocale.Country.Denmark)


def install_danish(app: QCoreApplication) -> bool:
    """Make `app` speak Danish: Qt's translations (qtbase_da.qm) and the Danish locale.

    Return whether Qt's translations were found (PySide6 ships them; without them the
    standard dialogs and context menus stay English, but nothing breaks).
    """
    QLocale.setDefault(DANISH)
    translator = QTranslator(app)  # parented: it lives as long as the application
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(DANISH, "qtbase", "_", folder):
        return False
    return QCoreApplication.installTranslator(translator)
