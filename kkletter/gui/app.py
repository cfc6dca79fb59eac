"""Start the desktop app: QApplication, real collaborators, the main window."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kkletter.gui.main_window import MainWindow

_STARTED = time.perf_counter()


def autosave_dir() -> Path:
    """Return the folder of the autosave file (the user's data folder)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("kkletter", "Københavns Kommune"))


def run_app(argv: Sequence[str] | None = None) -> int:
    """Open the main window and run the event loop; return the exit code.

    A draft path on the command line is opened. With `KKLETTER_QUIT_AFTER_SHOW=1` the
    app prints the start-up time and quits once the window is shown (benchmarks).
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kkletter.errors import KKLetterError
    from kkletter.gui.danish import install_danish
    from kkletter.gui.dialogs import QtDialogs
    from kkletter.gui.library.menu import install_library_menu
    from kkletter.gui.library.state import LibraryState
    from kkletter.gui.main_window import MainWindow
    from kkletter.gui.settings import (
        APPLICATION,
        ORGANISATION,
        Preferences,
        WindowState,
        open_settings,
    )
    from kkletter.library import load_library

    args = list(sys.argv if argv is None else argv)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(args)
    install_danish(app)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("kkletter")
    dialogs = QtDialogs()
    try:
        # Personal, shared (through its local cache) and built-in layers (issue 11).
        library = load_library()
        catalogs = library.catalogs()
    except KKLetterError as exc:
        from PySide6.QtWidgets import QWidget

        dialogs.show_error(QWidget(), str(exc))
        return 1
    store = open_settings()
    window = MainWindow(
        catalogs=catalogs,
        preferences=Preferences(store),
        window_state=WindowState(store),
        dialogs=dialogs,
        autosave_dir=autosave_dir(),
    )
    # Bibliotek menu, Ctrl+T, F3, the form's signer list; status of the shared folder.
    install_library_menu(window, LibraryState(library))
    # Register menu (Ctrl+Shift+R), export records, register checks, recipient completion.
    from kkletter.gui.register.menu import install_register

    install_register(window)
    window.show()
    if os.environ.get("KKLETTER_QUIT_AFTER_SHOW") == "1":

        def report() -> None:
            print(f"shown {time.perf_counter() - _STARTED:.3f}", flush=True)
            app.quit()

        QTimer.singleShot(0, report)
        code = app.exec()
        window.setWindowModified(False)
        window.close()
        return code
    if not window.offer_autosave_restore():
        open_arguments(window, args[1:])
    return app.exec()


def open_arguments(window: MainWindow, args: Sequence[str]) -> bool:
    """Open the first draft named in `args` in `window`; return whether it opened.

    A missing or broken draft is reported by the window in a Danish message box, and
    the window keeps its new, empty letter.
    """
    from kkletter.__main__ import is_draft_argument

    drafts = [Path(arg) for arg in args if is_draft_argument(arg)]
    return bool(drafts) and window.open_path(drafts[0].expanduser().absolute())
