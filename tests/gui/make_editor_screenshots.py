"""Save the README screenshots of the editor: spelling suggestions, a table, find (not a test).

Run on an X server (popup menus are only on the screen, not in a widget grab):
    Xvfb :100 -screen 0 1440x900x24 &
    DISPLAY=:100 QT_QPA_PLATFORM=xcb python tests/gui/make_editor_screenshots.py docs/images
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

BODY = """Tak for jeres henvendelse.

Vi har modtagt jeres ansøgnig om en bollig til borgeren, og vi vender tilbage inden fire uger.

| Emne | Status |
|---|---|
| Økonomi | 6,0 mio. kr. er bevilget |
| Personale | To nye medarbejdere |
"""


def main(out: Path) -> int:
    """Save spelling-menu.png and find-replace.png into `out`."""
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)

    from kkletter.compose import Catalogs
    from kkletter.gui.danish import install_danish
    from kkletter.gui.dialogs import QtDialogs
    from kkletter.gui.main_window import MainWindow
    from kkletter.gui.settings import Preferences, WindowState, open_settings

    install_danish(app)

    def settle(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    def screen(name: str) -> None:
        settle(0.4)
        subprocess.run(["import", "-window", "root", str(out / name)], check=True)
        print("saved", out / name)

    with tempfile.TemporaryDirectory() as folder:
        store = open_settings(Path(folder) / "settings.ini")
        window = MainWindow(
            catalogs=Catalogs.shipped(),
            preferences=Preferences(store),
            window_state=WindowState(store),
            dialogs=QtDialogs(),
            autosave_dir=Path(folder) / "autosave",
        )
        window.resize(1440, 900)
        window.move(0, 0)
        window.show()
        window.open_path(ROOT / "seeds" / "drafts" / "004-brev-dok.toml")
        window.form.subject.setText("Svar på din ansøgnig om bolig")
        window.editor.set_markdown(BODY)
        window.spelling.wait_until_ready()
        window.refresh()
        settle(1.5)
        found = window.editor.document().find("ansøgnig")
        cursor = QTextCursor(found)
        cursor.setPosition(found.selectionStart() + 3)
        point = window.editor.cursorRect(cursor).center()
        menu = window.editor.context_menu(point)
        menu.popup(window.editor.viewport().mapToGlobal(point))
        screen("spelling-menu.png")
        menu.close()
        window.editor.moveCursor(QTextCursor.MoveOperation.Start)
        window.find_bar.open_find(replace=True)
        window.find_bar.find_text.setText("bollig")
        window.find_bar.replace_text.setText("bolig")
        window.find_bar.find_next()
        screen("find-replace.png")
        window.setWindowModified(False)
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "images"))
