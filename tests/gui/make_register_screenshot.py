"""Show the main window and the Register window over a filled register (not a test).

Run under Xvfb, then take the screenshot from outside:
    Xvfb :102 -screen 0 1440x900x24 &
    DISPLAY=:102 QT_QPA_PLATFORM=xcb python tests/gui/make_register_screenshot.py 20 &
    DISPLAY=:102 import -window root docs/images/register-window.png
The register is a temporary SQLite file; the app's own settings are not touched.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

LETTERS = [
    ("Røde Kors København", "Svar på ansøgning om tilskud til nattevagt", "sendt"),
    ("Ældresagen København", "Invitation til dialogmøde om ældrepolitik", "sendt"),
    ("DOK - Diakonale Organisationer i København", "Svar på invitation", "sendt"),
    ("Dansk Flygtningehjælp", "Aftale om samarbejde om integration", "godkendt"),
    ("Børne- og Ungdomsudvalget", "Høringssvar om budget 2027", "til_godkendelse"),
    ("Kirkens Korshær", "Afgørelse om bevilling af lokaletilskud", "til_godkendelse"),
    ("Mændenes Hjem", "Orientering om ny hjemløsestrategi", "sendt"),
    ("SIND København", "Svar på henvendelse om bostøtte", "afvist"),
    ("Blå Kors Danmark", "Indkaldelse til møde om misbrugsbehandling", "kladde"),
    ("Hus Forbi", "Tak for samarbejdet i 2026", "sendt"),
]


def fill(url: str) -> None:
    from kkletter.model import CaseRef, Letter, Recipient, Signer
    from kkletter.register.approval import submit_for_approval
    from kkletter.register.records import make_record
    from kkletter.register.service import connect

    with connect(url) as register:
        for n, (recipient, subject, status) in enumerate(LETTERS * 4):
            day = dt.date(2026, 11, 27) - dt.timedelta(days=3 * n)
            letter = Letter(
                template="brev",
                profile="sof-borgmester",
                date=day,
                subject=subject,
                body="Tak for jeres henvendelse.",
                recipient=Recipient(name=recipient, address=("Rådhuspladsen 1",)),
                case=CaseRef(number=f"2026-{318694 + n:07d}", document=f"2026-{318694 + n:07d}-1"),
                signer=Signer(name="Jesper Christensen", title="Borgmester"),
            )
            initial = "kladde" if status in ("til_godkendelse", "afvist") else status
            created = dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC)
            record = make_record(letter, [], created_by="sekretær", now=created, status=initial)
            number = register.record(record)
            if status in ("til_godkendelse", "afvist"):
                submit_for_approval(register, number, "borgmester", "sekretær")
            if status == "afvist":
                from kkletter.register.approval import reject

                reject(register, number, "borgmester", "Ret beløbet i afsnit 2")


def main(seconds: float) -> int:
    folder = Path(tempfile.mkdtemp(prefix="kkletter-register-shot-"))
    os.environ["XDG_DATA_HOME"] = str(folder / "data")
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
    url = f"sqlite:///{folder / 'register.sqlite3'}"
    fill(url)
    from PySide6.QtCore import QLocale, QTimer
    from PySide6.QtWidgets import QApplication

    QLocale.setDefault(QLocale(QLocale.Language.Danish, QLocale.Country.Denmark))
    app = QApplication(sys.argv)
    from kkletter.compose import Catalogs
    from kkletter.gui.dialogs import QtDialogs
    from kkletter.gui.main_window import MainWindow
    from kkletter.gui.register.menu import RegisterMenu
    from kkletter.gui.settings import Preferences, WindowState, open_settings

    store = open_settings(folder / "settings.ini")
    window = MainWindow(
        catalogs=Catalogs.shipped(),
        preferences=Preferences(store),
        window_state=WindowState(store),
        dialogs=QtDialogs(),
        autosave_dir=folder / "autosave",
    )
    window.resize(1400, 860)
    window.move(0, 0)
    window.show()
    menu = RegisterMenu(window, url=url)
    shown = menu.show_register()
    assert shown is not None
    shown.text_edit.setText("")
    shown.resize(1180, 560)
    shown.move(110, 150)
    QTimer.singleShot(int(seconds * 1000), app.quit)
    start = time.monotonic()
    code = app.exec()
    print(f"shown for {time.monotonic() - start:.1f} s")
    menu.close()
    return code


if __name__ == "__main__":
    sys.exit(main(float(sys.argv[1]) if len(sys.argv) > 1 else 15))
