"""Fixtures for the GUI tests: offscreen Qt, temporary settings, fake dialogs."""

from __future__ import annotations

import os

# Before anything imports Qt: no real display, ever.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWidget

from kkletter.checks.findings import Finding
from kkletter.compose import Catalogs, LetterDocument
from kkletter.gui.danish import install_danish
from kkletter.gui.dialogs import ExportAnswer, SaveAnswer
from kkletter.gui.main_window import MainWindow
from kkletter.gui.settings import Preferences, WindowState, open_settings
from kkletter.model import Letter
from kkletter.spelling import Speller

TODAY = dt.date(2026, 3, 4)


@dataclass
class FakeDialogs:
    """Answer every question from preset values and record what was asked."""

    save_answer: SaveAnswer = "discard"
    export_anyway: bool = True
    restore: bool = True
    open_path: Path | None = None
    save_path: Path | None = None
    export_to: Path | None = None
    export_pdf_to: Path | None = None
    exported: list[Path] = field(default_factory=list)
    template: tuple[str, str] | None = None
    table: tuple[int, int, bool] | None = (3, 2, True)
    print_to: Path | None = None
    asked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    opened: list[Path] = field(default_factory=list)

    def ask_save_changes(self, parent: QWidget, name: str) -> SaveAnswer:
        self.asked.append(f"save:{name}")
        return self.save_answer

    def ask_export_anyway(self, parent: QWidget, errors: int) -> bool:
        self.asked.append(f"export-anyway:{errors}")
        return self.export_anyway

    def ask_restore_autosave(self, parent: QWidget, saved: str) -> bool:
        self.asked.append("restore")
        return self.restore

    def show_error(self, parent: QWidget, message: str) -> None:
        self.errors.append(message)

    def open_draft_path(self, parent: QWidget, folder: Path) -> Path | None:
        return self.open_path

    def save_draft_path(self, parent: QWidget, proposed: Path) -> Path | None:
        self.asked.append(f"save-as:{proposed.name}")
        return self.save_path

    def export_path(self, parent: QWidget, proposed: Path) -> Path | None:
        self.asked.append(f"export-as:{proposed.name}")
        return self.export_to

    def export_pdf_path(self, parent: QWidget, proposed: Path) -> Path | None:
        self.asked.append(f"export-pdf-as:{proposed.name}")
        return self.export_pdf_to

    def after_export(self, parent: QWidget, path: Path) -> ExportAnswer:
        self.exported.append(path)
        return "close"

    def choose_template(
        self, parent: QWidget, catalogs: Catalogs, default_profile: str
    ) -> tuple[str, str] | None:
        return self.template

    def choose_image(self, parent: QWidget) -> Path | None:
        return None

    def ask_print(self, parent: QWidget, printer: QPrinter, pages: int) -> bool:
        self.asked.append(f"print:{pages}")
        if self.print_to is None:
            return False
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.print_to))
        return True

    def choose_table(self, parent: QWidget) -> tuple[int, int, bool] | None:
        self.asked.append("table")
        return self.table

    def edit_settings(self, parent: QWidget, preferences: Preferences, catalogs: Catalogs) -> bool:
        return False

    def open_url(self, path: Path) -> None:
        self.opened.append(path)


def word_checker(word: str = "fejlord", suggestion: str = "rettet") -> Callable[..., list[Finding]]:
    """Return a checker that flags every `word` in the body as an error with a fix."""

    def check(
        letter: Letter, catalogs: Catalogs, document: LetterDocument | None = None
    ) -> list[Finding]:
        findings = []
        for number, line in enumerate(letter.body.split("\n"), start=1):
            column = line.find(word)
            if column >= 0:
                findings.append(
                    Finding(
                        "test",
                        "error",
                        "body",
                        number,
                        column + 1,
                        len(word),
                        "Forkert ord.",
                        suggestion,
                    )
                )
        if not letter.case.number:
            findings.append(
                Finding("case", "warning", "case.number", 1, 1, 0, "Sagsnummer mangler.")
            )
        return findings

    return check


@pytest.fixture
def settings_store(tmp_path: Path) -> Iterator[QSettings]:
    """Return a QSettings INI file in `tmp_path`, never the user's real settings."""
    store = open_settings(tmp_path / "settings.ini")
    yield store
    store.sync()


@pytest.fixture(scope="session", autouse=True)
def _danish_qt(qapp: QApplication) -> None:
    """Give Qt's own texts in Danish, as the app does."""
    assert install_danish(qapp), "PySide6's qtbase_da.qm was not found"


@pytest.fixture(scope="session")
def speller(tmp_path_factory: pytest.TempPathFactory) -> Speller:
    """Return one Danish speller for the session; "Tilføj til ordbog" writes to a temp file."""
    return Speller.load(personal=tmp_path_factory.mktemp("ordbog") / "ordbog.txt")


@pytest.fixture
def dialogs() -> FakeDialogs:
    """Return fake dialogs."""
    return FakeDialogs()


@pytest.fixture
def make_window(
    qtbot: object,
    tmp_path: Path,
    settings_store: QSettings,
    dialogs: FakeDialogs,
    speller: Speller,
) -> Callable[..., MainWindow]:
    """Return a factory of main windows wired to fakes and temporary folders."""

    def make(**overrides: object) -> MainWindow:
        options: dict[str, object] = {
            "catalogs": Catalogs.shipped(),
            "preferences": Preferences(settings_store),
            "window_state": WindowState(settings_store),
            "dialogs": dialogs,
            "autosave_dir": tmp_path / "autosave",
            "checker": word_checker(),
            "speller": lambda: speller,
            "today": lambda: TODAY,
        }
        options.update(overrides)
        window = MainWindow(**options)  # type: ignore[arg-type]
        qtbot.addWidget(window)  # type: ignore[attr-defined]
        return window

    return make
