"""Save the README screenshots of the desktop app (not a test).

Run under Xvfb with the real window system:
    xvfb-run -a -s "-screen 0 1440x900x24" env QT_QPA_PLATFORM=xcb \\
        python tests/gui/make_screenshots.py docs/images
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

FINDINGS_BODY = """Vi bekræfter hermed mødet mandag den 14. september 2016 kl. 25.00 på Rådhuset.

Borgerens CPR-nummer 010203-1234 skal ikke stå i brevet.

Svar venligst senest den XX. oktober.
"""


def main(out: Path) -> int:
    """Save main-window, new-letter-dialog, findings, hearing-reply-2007, page-view PNGs."""
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    QLocale.setDefault(QLocale(QLocale.Language.Danish, QLocale.Country.Denmark))
    app = QApplication(sys.argv)

    from kkletter.compose import Catalogs
    from kkletter.gui.dialogs import QtDialogs
    from kkletter.gui.main_window import MainWindow
    from kkletter.gui.new_letter_dialog import NewLetterDialog
    from kkletter.gui.settings import Preferences, WindowState, open_settings

    def settle(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    with tempfile.TemporaryDirectory() as folder:
        store = open_settings(Path(folder) / "settings.ini")
        catalogs = Catalogs.shipped()
        window = MainWindow(
            catalogs=catalogs,
            preferences=Preferences(store),
            window_state=WindowState(store),
            dialogs=QtDialogs(),
            autosave_dir=Path(folder) / "autosave",
        )
        window.resize(1440, 860)
        window.show()
        window.open_path(ROOT / "seeds" / "drafts" / "004-brev-dok.toml")
        window.form.subject.setText("Invitation til dialog og samarbejde")
        window.form.recipient_address.setPlainText("Nørregade 11\n1165 København K")
        window.refresh()
        settle(0.5)
        window.grab().save(str(out / "main-window.png"))

        dialog = NewLetterDialog(
            catalogs.templates, catalogs.profiles, default_profile="sof-borgmester", parent=window
        )
        dialog.show()
        settle(0.3)
        dialog.grab().save(str(out / "new-letter-dialog.png"))
        dialog.close()

        window.editor.set_markdown(FINDINGS_BODY)
        window.form.case_number.setText("2016-03186")
        window.refresh()
        rows = window.checks.items()
        if rows:
            window.checks.tree.setCurrentItem(rows[0])
            window.checks.tree.itemClicked.emit(rows[0], 0)
        settle(0.3)
        window.grab().save(str(out / "findings.png"))
        window.open_path(ROOT / "seeds" / "drafts" / "002-hoeringssvar-task-force.toml")
        settle(0.5)
        window.grab().save(str(out / "hearing-reply-2007.png"))
        # The page view (issue 9): seed 003's status tables run over pages 2-3 with the
        # header row repeated and "Side 2 af 8" above.
        window.open_path(ROOT / "seeds" / "drafts" / "003-bilag-integrationsindsats.toml")
        window.splitter.setSizes([300, 420, 720])
        window.preview.fit_button.setChecked(True)
        settle(1.5)
        bar = window.preview.scroll_area.verticalScrollBar()
        bar.setValue(int(window.preview.pages[1].y() - 40))
        settle(0.5)
        window.grab().save(str(out / "page-view.png"))
        window.setWindowModified(False)
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "images"))
