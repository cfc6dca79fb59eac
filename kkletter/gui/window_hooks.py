"""The main window's replaceable parts: checker, fixer and merge dialog (and their types).

The letter register (issue 12) swaps the checker through `MainWindow.set_checker`; tests
pass their own. The core ones import their code on first use, to keep start-up fast.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

from kkletter.compose import Catalogs, LetterDocument
from kkletter.model import Letter

if TYPE_CHECKING:
    from kkletter.checks.findings import Finding

    # The third argument is the letter already composed for the preview, or None.
    Checker = Callable[[Letter, Catalogs, LetterDocument | None], list[Finding]]
    Fixer = Callable[[Letter, Sequence[Finding]], Letter]
    MergeDialogFactory = Callable[[Letter, Catalogs, QWidget], QDialog]


def core_checker(
    letter: Letter, catalogs: Catalogs, document: LetterDocument | None = None
) -> list[Finding]:
    """Run the core checks (imported on first use, to keep start-up fast)."""
    from kkletter.checks import check_letter

    return check_letter(letter, catalogs, document=document)


def core_fixer(letter: Letter, findings: Sequence[Finding]) -> Letter:
    """Apply `findings`' suggestions with the core checks."""
    from kkletter.checks import apply_fixes

    return apply_fixes(letter, findings)


def core_merge_dialog(letter: Letter, catalogs: Catalogs, parent: QWidget) -> QDialog:
    """Return the mail-merge dialog for `letter` (the merge code is imported only now)."""
    from kkletter.gui.merge_dialog import MergeDialog

    return MergeDialog(letter, catalogs, parent=parent)
