"""Mail merge rendering: turn data rows into checked letter files (DOCX, optionally PDF).

A `Renderer` holds everything a worker process needs; it is pickled once per worker.
Letters with errors are skipped unless `force`; a full disk marks the row "cancelled".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kkletter.checks.findings import Finding
from kkletter.compose import Catalogs, LetterDocument, compose_letter
from kkletter.errors import KKLetterError
from kkletter.merge_journal import is_disk_full
from kkletter.merge_plan import ColumnMapping, merge_letter
from kkletter.merge_results import RowResult
from kkletter.mergedata import DataRow
from kkletter.model import Letter

# (letter, catalogs, today, the letter already composed) -> findings
Checker = Callable[[Letter, Catalogs, dt.date | None, LetterDocument], Sequence[Finding]]
Writer = Callable[[LetterDocument, Path], None]


def default_checker(
    letter: Letter, catalogs: Catalogs, today: dt.date | None, document: LetterDocument
) -> list[Finding]:
    """Run `kkletter.checks.check_letter` on the composed `document` of `letter`."""
    from kkletter.checks import check_letter

    return check_letter(letter, catalogs, today=today, document=document)


def default_writer(document: LetterDocument, path: Path) -> None:
    """Write `document` as DOCX with the project's writer."""
    from kkletter.docx.writer import write_docx

    write_docx(document, path)


@dataclass(frozen=True)
class Item:
    row: DataRow
    name: str
    docx: Path


@dataclass(frozen=True)
class Renderer:
    """Everything a worker needs to turn data rows into files (pickled once per worker)."""

    letter: Letter
    mapping: ColumnMapping
    catalogs: Catalogs
    pdf: bool
    force: bool
    today: dt.date | None
    checker: Checker
    writer: Writer
    pdf_engine: str = "typst"

    def render(self, items: Sequence[Item]) -> list[RowResult]:
        """Check and write the letters of `items`; return one result per item."""
        results: list[RowResult] = []
        for item in items:
            results.append(self._render_one(item))
        if self.pdf and self.pdf_engine == "libreoffice":
            results = self._convert(results)
        return results

    # --- PDF (issue 9): the native engine draws each letter's PDF right after its DOCX.
    def _native_pdf(self, document: LetterDocument, result: RowResult) -> RowResult:
        from kkletter.pdf import write_letter_pdf

        docx = result.files[0]
        pdf = docx.with_suffix(".pdf")
        try:
            notes = write_letter_pdf(document, pdf, docx=docx, engine=self.pdf_engine)
        except KKLetterError as exc:
            return dataclasses.replace(
                result, reason=_join(result.reason, f"PDF ikke lavet: {exc}")
            )
        reason = result.reason
        for note in notes:
            reason = _join(reason, note)
        return dataclasses.replace(result, files=(*result.files, pdf), reason=reason)

    def _render_one(self, item: Item) -> RowResult:
        try:
            letter = merge_letter(self.letter, self.mapping, item.row)
            document = compose_letter(letter, self.catalogs)
            findings = self.checker(letter, self.catalogs, self.today, document)
            errors = [f for f in findings if f.severity == "error"]
            if errors and not self.force:
                reason = "; ".join(f.message for f in errors[:3])
                if len(errors) > 3:
                    reason += f" (og {len(errors) - 3} fejl mere)"
                return RowResult(item.row.number, item.name, "skipped", reason=reason)
            self.writer(document, item.docx)
        except KKLetterError as exc:
            if is_disk_full(exc):
                return RowResult(
                    item.row.number, item.name, "cancelled", reason=str(exc), disk_full=True
                )
            return RowResult(item.row.number, item.name, "skipped", reason=str(exc))
        note = f"skrevet trods {len(errors)} fejl (--force)" if errors else ""
        result = RowResult(item.row.number, item.name, "written", (item.docx,), note)
        if self.pdf and self.pdf_engine != "libreoffice":
            result = self._native_pdf(document, result)
        return result

    def _convert(self, results: list[RowResult]) -> list[RowResult]:
        from kkletter.pdf import convert_many

        pairs = [(r.files[0], r.files[0].with_suffix(".pdf")) for r in results if r.files]
        if not pairs:
            return results
        try:
            convert_many(pairs, timeout=60 + 10 * len(pairs))
        except KKLetterError as exc:
            return [
                dataclasses.replace(r, reason=_join(r.reason, f"PDF ikke lavet: {exc}"))
                if r.files
                else r
                for r in results
            ]
        pdfs = dict(pairs)
        return [
            dataclasses.replace(r, files=(*r.files, pdfs[r.files[0]])) if r.files else r
            for r in results
        ]


def _join(first: str, second: str) -> str:
    return f"{first}; {second}" if first else second
