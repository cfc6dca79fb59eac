"""Save the README screenshots of the library managers and the picker (not a test).

Run under Xvfb with the real window system:
    Xvfb :101 -screen 0 1440x900x24 &
    DISPLAY=:101 QT_QPA_PLATFORM=xcb \\
        python tests/gui/library/make_library_screenshots.py docs/images
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "docs" / "examples" / "faelles-bibliotek"


def main(out: Path) -> int:
    """Save library-profiles, -signers, -paragraphs, -templates and -picker PNGs."""
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication, QWidget

    QLocale.setDefault(QLocale(QLocale.Language.Danish, QLocale.Country.Denmark))
    app = QApplication(sys.argv)

    def settle(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    def shoot(widget: QWidget, name: str) -> None:
        settle(0.4)
        widget.grab().save(str(out / name))
        print("saved", out / name)

    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        os.environ["XDG_DATA_HOME"] = str(home / "data")
        os.environ["XDG_CACHE_HOME"] = str(home / "cache")
        shared = home / "faelles-bibliotek"
        shutil.copytree(EXAMPLE, shared)
        os.environ["KKLETTER_SHARED"] = str(shared)

        from kkletter.gui.dialogs import QtDialogs
        from kkletter.gui.library.menu import install_library_menu
        from kkletter.gui.library.state import LibraryState
        from kkletter.gui.main_window import MainWindow
        from kkletter.gui.settings import Preferences, WindowState, open_settings
        from kkletter.library import load_library

        state = LibraryState(load_library())
        store = open_settings(home / "settings.ini")
        window = MainWindow(
            catalogs=state.library.catalogs(),
            preferences=Preferences(store),
            window_state=WindowState(store),
            dialogs=QtDialogs(),
            autosave_dir=home / "autosave",
        )
        menu = install_library_menu(window, state)
        window.resize(1440, 860)
        window.show()
        window.new_letter("afgoerelse", "borgercenter-handicap")
        settle(0.5)

        profiles = menu.open_profiles()
        profiles.resize(1000, 720)
        profiles.select("borgercenter-handicap")
        shoot(profiles, "library-profiles.png")
        profiles.close()

        signers = menu.open_signers()
        signers.resize(900, 460)
        signers.select("anne-berg")
        shoot(signers, "library-signers.png")
        signers.close()

        paragraphs = menu.open_paragraphs()
        paragraphs.resize(1000, 620)
        paragraphs.select("klagevejledning-serviceloven")
        shoot(paragraphs, "library-paragraphs.png")
        paragraphs.close()

        templates = menu.open_templates()
        templates.resize(900, 460)
        templates.select("afgoerelse")
        shoot(templates, "library-templates.png")
        templates.close()

        picker = menu.pick_paragraph()
        picker.filter.setText("klage")
        shoot(picker, "library-picker.png")
        picker.reject()

        window.form.choose_signer("anne-berg")
        window.form.recipient_name.setText("Anna Hansen")
        window.form.subject.setText("Afgørelse om ledsageordning")
        window.refresh()
        shoot(window, "library-main-window.png")
        window.setWindowModified(False)
        window.close()

        # Offline, with a broken file: the status bar and the problems list.
        (shared / "profiles" / "ny-enhed.toml").write_text(
            'name = "Ny enhed"\naddress = "Bernstorffsgade 17"\n', encoding="utf-8"
        )
        load_library()  # the copy now has the broken file too
        shutil.move(shared, home / "netvaerket-er-nede")
        offline = LibraryState(load_library())
        window = MainWindow(
            catalogs=offline.library.catalogs(),
            preferences=Preferences(store),
            window_state=WindowState(store),
            dialogs=QtDialogs(),
            autosave_dir=home / "autosave",
        )
        menu = install_library_menu(window, offline)
        window.resize(1440, 860)
        window.show()
        problems = menu.show_problems()
        problems.move(window.x() + 300, window.y() + 250)
        settle(0.6)
        screen = app.primaryScreen()
        screen.grabWindow(0).save(str(out / "library-offline.png"))
        print("saved", out / "library-offline.png")
        problems.close()
        window.setWindowModified(False)
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "images"))
