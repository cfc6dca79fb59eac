"""The "Flet til flere modtagere..." dialog: preview the data, merge, show the summary.

The dialog is self-contained: the main window passes in the letter, the catalogs and
(optionally) the merge function, and the merge runs on a worker thread so the window
stays responsive. Progress (rows done, time left) shows in a cancellable `QProgressDialog`;
cancelling lets the letters being written finish, so only whole files are left.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from itertools import islice
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kkletter.compose import Catalogs
from kkletter.errors import KKLetterError
from kkletter.merge import MergeProgress, MergeSummary, format_progress, merge, plan_merge
from kkletter.mergedata import DataSource, open_data
from kkletter.model import Letter

PREVIEW_ROWS = 10
POLL_MS = 100  # how often the dialog reads the merge's progress
MergeFunction = Callable[..., MergeSummary]


class MergeRun:
    """One merge on a worker thread, polled by the GUI thread.

    No Qt object crosses threads: the worker only stores its latest progress and its
    outcome under a lock, and the dialog reads them from a timer. (Queued signals from
    a worker, with QThread or with a Python thread, crashed the process now and then
    when dialogs closed while events were still in flight.)
    """

    def __init__(self, run: Callable[[Callable[[MergeProgress], bool]], MergeSummary]) -> None:
        self._run = run
        self.cancel_requested = threading.Event()
        self._lock = threading.Lock()
        self._progress: MergeProgress | None = None
        self.summary: MergeSummary | None = None
        self.error: str | None = None
        self._worker = threading.Thread(target=self._work, name="kkletter-flet", daemon=True)

    def start(self) -> None:
        """Start the merge."""
        self._worker.start()

    def wait(self) -> None:
        """Block until the merge has ended."""
        self._worker.join()

    def is_alive(self) -> bool:
        """Return whether the merge is still running."""
        return self._worker.is_alive()

    def take_progress(self) -> MergeProgress | None:
        """Return the progress reported since the last call, if any."""
        with self._lock:
            progress, self._progress = self._progress, None
        return progress

    def _work(self) -> None:
        try:
            self.summary = self._run(self._on_progress)
        except KKLetterError as exc:
            self.error = str(exc)
        except Exception as exc:  # a bug must not leave the dialog waiting forever
            self.error = f"Uventet fejl under fletningen ({type(exc).__name__}: {exc})."

    def _on_progress(self, progress: MergeProgress) -> bool:
        with self._lock:
            self._progress = progress
        return not self.cancel_requested.is_set()


class MergeDialog(QDialog):
    """Choose a data file and a folder, preview the rows, merge, and show the summary."""

    # (Letter, MergeData, MergeSummary) when a merge is over: the letter register records it.
    merged = Signal(object, object, object)

    def __init__(
        self,
        letter: Letter,
        catalogs: Catalogs,
        *,
        data_path: Path | None = None,
        out_dir: Path | None = None,
        merge_function: MergeFunction = merge,
        workers: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Flet til flere modtagere – kkletter")
        self.resize(760, 560)
        self._letter = letter
        self._catalogs = catalogs
        self._merge = merge_function
        self._workers = workers
        self._pdf_engine = "typst"  # the built-in PDF/A renderer; see `set_pdf_engine`
        self._data: DataSource | None = None
        self._thread: MergeRun | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._progress: QProgressDialog | None = None
        self.summary: MergeSummary | None = None
        self._add_widgets()
        self._connect_signals()
        if out_dir is not None:
            self.out_edit.setText(str(out_dir))
        if data_path is not None:
            self.load_data(data_path)
        self._update_buttons()

    def _add_widgets(self) -> None:
        self.data_edit = QLineEdit()
        self.data_edit.setPlaceholderText("CSV- eller Excel-fil med en række pr. modtager")
        self.data_button = QPushButton("&Vælg...")
        self.out_edit = QLineEdit()
        self.out_edit.setPlaceholderText("Mappen brevene gemmes i")
        self.out_button = QPushButton("Væl&g...")
        self.mapping_label = QLabel()
        self.mapping_label.setWordWrap(True)
        self.preview = QTableWidget(0, 0)
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.setAccessibleName("Forhåndsvisning af de første rækker")
        self.pdf_box = QCheckBox("Lav også &PDF (PDF/A + PDF/UA)")
        self.force_box = QCheckBox("Skriv også breve, som tjekket finder &fejl i")
        self.resume_box = QCheckBox(
            "F&ortsæt en afbrudt fletning i mappen (de breve, der allerede er skrevet, "
            "skrives ikke igen)"
        )
        self.summary_view = QPlainTextEdit()
        self.summary_view.setReadOnly(True)
        self.summary_view.setPlaceholderText("Oversigten vises her, når fletningen er færdig.")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText("Luk")
        self.merge_button = self.buttons.addButton("&Flet", QDialogButtonBox.ButtonRole.ActionRole)

        form = QFormLayout()
        data_row = QHBoxLayout()
        data_row.addWidget(self.data_edit, 1)
        data_row.addWidget(self.data_button)
        form.addRow(_buddy_label("&Datafil:", self.data_edit), data_row)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(self.out_button)
        form.addRow(_buddy_label("Gem &i:", self.out_edit), out_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.mapping_label)
        layout.addWidget(QLabel(f"<b>De første {PREVIEW_ROWS} rækker</b>"))
        layout.addWidget(self.preview, 2)
        layout.addWidget(self.pdf_box)
        layout.addWidget(self.force_box)
        layout.addWidget(self.resume_box)
        layout.addWidget(self.summary_view, 1)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.data_button.clicked.connect(self._on_data_button_clicked)
        self.out_button.clicked.connect(self._on_out_button_clicked)
        self.data_edit.editingFinished.connect(self._on_data_edit_editing_finished)
        self.out_edit.textChanged.connect(self._update_buttons)
        self.merge_button.clicked.connect(self.start_merge)
        self.buttons.rejected.connect(self.reject)
        self._poll.timeout.connect(self._on_poll_timeout)

    # --- data -------------------------------------------------------------------

    def load_data(self, path: Path) -> bool:
        """Open the data file at `path`, show its mapping and first rows; return success."""
        self.data_edit.setText(str(path))
        try:
            data = open_data(path)
            mapping = plan_merge(self._letter, data.columns)
            rows = list(islice(data.rows(), PREVIEW_ROWS))
        except KKLetterError as exc:
            self._data = None
            self.mapping_label.setText(str(exc))
            self.preview.setRowCount(0)
            self.preview.setColumnCount(0)
            self._update_buttons()
            return False
        self._data = data
        self.mapping_label.setText("\n".join(mapping.describe()))
        self.preview.setColumnCount(len(data.columns))
        self.preview.setHorizontalHeaderLabels(list(data.columns))
        self.preview.setRowCount(len(rows))
        self.preview.setVerticalHeaderLabels([str(row.number) for row in rows])
        for r, row in enumerate(rows):
            for c, column in enumerate(data.columns):
                self.preview.setItem(r, c, QTableWidgetItem(row.values.get(column, "")))
        self.preview.resizeColumnsToContents()
        if not self.out_edit.text():
            self.out_edit.setText(str(path.parent / f"{path.stem} breve"))
        self._update_buttons()
        return True

    def _on_data_button_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Vælg datafil", self.data_edit.text(), "Data (*.csv *.xlsx);;Alle filer (*)"
        )
        if name:
            self.load_data(Path(name))

    def _on_out_button_clicked(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Gem brevene i", self.out_edit.text())
        if name:
            self.out_edit.setText(name)

    def _on_data_edit_editing_finished(self) -> None:
        text = self.data_edit.text().strip()
        if text and (self._data is None or Path(text) != self._data.path):
            self.load_data(Path(text))

    def _update_buttons(self) -> None:
        running = self._thread is not None
        self.merge_button.setEnabled(
            self._data is not None and bool(self.out_edit.text().strip()) and not running
        )

    # --- merge ------------------------------------------------------------------

    def set_pdf_engine(self, engine: str) -> None:
        """Make the PDFs with `engine` ("typst" or "libreoffice"), the app's PDF setting."""
        self._pdf_engine = engine

    def start_merge(self) -> None:
        """Start the merge in a background thread with a cancellable progress dialog."""
        if self._data is None or self._thread is not None:
            return
        data, out_dir = self._data, Path(self.out_edit.text().strip())
        pdf, force = self.pdf_box.isChecked(), self.force_box.isChecked()
        engine = self._pdf_engine
        resume = self.resume_box.isChecked()

        def run(on_progress: Callable[[MergeProgress], bool]) -> MergeSummary:
            return self._merge(
                self._letter,
                data,
                out_dir,
                catalogs=self._catalogs,
                pdf=pdf,
                pdf_engine=engine,
                force=force,
                workers=self._workers,
                on_progress=on_progress,
                resume=resume,
            )

        self.summary = None
        self.summary_view.clear()
        self._thread = MergeRun(run)
        self._progress = QProgressDialog("Fletter...", "Afbryd", 0, 0, self)
        self._progress.setWindowTitle("Fletter – kkletter")
        self._progress.setMinimumDuration(0)
        self._progress.canceled.connect(self.cancel_merge)
        self._update_buttons()
        self._thread.start()
        self._poll.start()

    def cancel_merge(self) -> None:
        """Ask the running merge to stop after the letters being written."""
        if self._thread is not None:
            self._thread.cancel_requested.set()
            if self._progress is not None:
                self._progress.setLabelText("Afbryder – de breve, der skrives nu, gøres færdige...")

    def is_running(self) -> bool:
        """Return whether a merge is running."""
        return self._thread is not None

    def _on_poll_timeout(self) -> None:
        run = self._thread
        if run is None:
            self._poll.stop()
            return
        progress = run.take_progress()
        if progress is not None:
            self._on_thread_progressed(progress)
        if run.is_alive():
            return
        self._poll.stop()
        if run.summary is not None:
            self._on_thread_merged(run.summary)
        elif run.error is not None:
            self._on_thread_failed(run.error)
        self._on_thread_finished()

    def _on_thread_progressed(self, progress: MergeProgress) -> None:
        if self._progress is None or self._thread is None:
            return
        if self._thread.cancel_requested.is_set():
            return
        self._progress.setMaximum(max(progress.total, progress.done))
        self._progress.setValue(progress.done)
        self._progress.setLabelText(format_progress(progress))

    def _on_thread_merged(self, summary: MergeSummary) -> None:
        self.summary = summary
        self.summary_view.setPlainText("\n".join(summary.describe()))
        self.merged.emit(self._letter, self._data, summary)

    def _on_thread_failed(self, message: str) -> None:
        self.summary_view.setPlainText(f"Fletningen blev ikke gennemført: {message}")

    def _on_thread_finished(self) -> None:
        self._poll.stop()
        if self._progress is not None:
            self._progress.canceled.disconnect(self.cancel_merge)
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None
        if self._thread is not None:
            self._thread.wait()
            self._thread = None
        self._update_buttons()

    def reject(self) -> None:
        """Close the dialog; a running merge is cancelled and finished first."""
        if self._thread is not None:
            self.cancel_merge()
            self._thread.wait()
            self._on_thread_finished()
        super().reject()


def _buddy_label(text: str, buddy: QWidget) -> QLabel:
    """Return a form label whose mnemonic focuses `buddy` (a row holding a layout needs it)."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label
