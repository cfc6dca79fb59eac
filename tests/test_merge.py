"""Mail merge: data files as Danish Excel writes them, checks per row, safe files."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kkletter.cli import main
from kkletter.compose import Catalogs
from kkletter.drafts import save_draft
from kkletter.errors import TemplateError
from kkletter.merge import SUMMARY_NAME, MergeProgress, format_progress, merge, plan_merge
from kkletter.mergedata import DataSource, MergeDataError, detect_delimiter, open_data
from kkletter.model import CaseRef, Letter, Recipient, Signer

CATALOGS = Catalogs.shipped()
CPR = "010190-1234"  # a valid birth date: the checker reports it as an error
BROKEN_ROW = 18  # spreadsheet row number of the broken data row (header is row 1)


def _letter() -> Letter:
    return Letter(
        template="brev",
        profile="sof-borgmester",
        date=dt.date(2026, 3, 2),
        subject="Høring om budget 2027 – {{ Afdeling }}",
        body="Vi sender hermed budgetforslaget i høring hos {{ afdeling }}.\n\n"
        "Jeres reference: {{ reference }}.\n",
        recipient=Recipient(name="Skal erstattes", salutation="Kære {{ navn }}"),
        case=CaseRef(number="2026-0012345", document="2026-0012345-7"),
        signer=Signer(name="Jesper Christensen", title="Borgmester"),
    )


def _rows() -> list[list[str]]:
    header = ["Navn", "Adresse1", "ADRESSE2", "afdeling", "reference", "telefon"]
    rows = [header]
    for index in range(50):
        # Every tenth organisation appears twice: duplicate names must get unique files.
        name = f"Foreningen Ærø og Øresund {index % 45}"
        reference = CPR if index + 2 == BROKEN_ROW else f"J.nr. {1000 + index}"
        rows.append(
            [name, f"Gade {index}", "2200 København N", "Socialforvaltningen", reference, "33 66"]
        )
    return rows


def _write_csv(path: Path, rows: list[list[str]], *, encoding: str, delimiter: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return path


@pytest.fixture
def excel_csv(tmp_path: Path) -> Path:
    """Return a 50-row CSV as Danish Excel writes it: Windows-1252 and semicolons."""
    return _write_csv(tmp_path / "modtagere.csv", _rows(), encoding="cp1252", delimiter=";")


def _summary(out: Path) -> list[dict[str, str]]:
    text = (out / SUMMARY_NAME).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_danish_excel_csv_is_detected(excel_csv: Path) -> None:
    data = open_data(excel_csv)
    assert (data.encoding, data.delimiter) == ("cp1252", ";")
    assert data.columns[0] == "Navn"
    first = next(data.rows())
    assert first.number == 2
    assert first.values["Navn"] == "Foreningen Ærø og Øresund 0"
    assert data.count() == 50


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_csv_with_commas_is_detected(tmp_path: Path, encoding: str) -> None:
    path = _write_csv(tmp_path / "d.csv", _rows()[:3], encoding=encoding, delimiter=",")
    data = open_data(path)
    assert (data.encoding, data.delimiter) == ("utf-8-sig", ",")
    assert data.columns[0] == "Navn"  # no BOM left in the first column name
    assert next(data.rows()).values["Navn"] == "Foreningen Ærø og Øresund 0"


def test_delimiter_follows_the_header_not_commas_in_values() -> None:
    assert detect_delimiter("navn;adresse1\n") == ";"
    assert detect_delimiter('navn;adresse\n"a,b";"c,d"\n",";","\n') == ";"
    assert detect_delimiter("navn,adresse1\nHansen,Gade 1\n") == ","
    assert detect_delimiter("navn\n") == ";"
    assert detect_delimiter("navn\nHansen; Jens\n") == ","  # one column: never split values


def test_mapping_names_recipient_columns_missing_and_unused(excel_csv: Path) -> None:
    mapping = plan_merge(_letter(), open_data(excel_csv).columns)
    assert mapping.name == "Navn"
    assert mapping.address == ("Adresse1", "ADRESSE2")
    assert mapping.salutation is None
    assert dict(mapping.fields) == {
        "Afdeling": "afdeling",
        "afdeling": "afdeling",
        "navn": "Navn",
        "reference": "reference",
    }
    assert mapping.unused == ("telefon",)
    text = "\n".join(mapping.describe())
    assert "Ubrugte kolonner: 'telefon'" in text
    assert "Hilsen: mangler" in text


def test_mapping_names_merge_fields_without_a_column() -> None:
    letter = Letter(template="brev", profile="sof-borgmester", body="Hej {{ kommune }}.")
    mapping = plan_merge(letter, ["name", "address1", "Salutation"])
    assert (mapping.name, mapping.address, mapping.salutation) == (
        "name",
        ("address1",),
        "Salutation",
    )
    assert mapping.missing == ("kommune",)
    assert "{{ kommune }}" in "\n".join(mapping.describe())


def test_merge_refuses_a_draft_whose_fields_have_no_column(tmp_path: Path) -> None:
    letter = Letter(template="brev", profile="sof-borgmester", body="Hej {{ kommune }}.")
    data = open_data(
        _write_csv(tmp_path / "d.csv", [["navn"], ["A"]], encoding="utf-8", delimiter=";")
    )
    with pytest.raises(TemplateError, match=r"\{\{ kommune \}\}"):
        merge(letter, data, tmp_path / "ud", catalogs=CATALOGS)
    assert not (tmp_path / "ud").exists()


def test_fifty_rows_with_one_broken_give_49_checked_letters(
    excel_csv: Path, tmp_path: Path
) -> None:
    out = tmp_path / "breve"
    summary = merge(_letter(), open_data(excel_csv), out, catalogs=CATALOGS, workers=2)
    assert len(summary.written) == 49
    assert [(r.row, r.status) for r in summary.skipped] == [(BROKEN_ROW, "skipped")]
    assert "CPR" in summary.skipped[0].reason
    files = sorted(p.name for p in out.glob("*.docx"))
    assert len(files) == len(set(files)) == 49
    assert "Foreningen Ærø og Øresund 0 (2).docx" in files
    assert not list(out.glob(".*"))  # no temporary files left
    rows = _summary(out)
    assert len(rows) == 50
    assert [r["række"] for r in rows if r["status"] != "skrevet"] == [str(BROKEN_ROW)]
    # The letter is really merged: recipient, salutation and fields from its row.
    second = docx.Document(str(out / "Foreningen Ærø og Øresund 1.docx"))
    text = "\n".join(p.text for p in second.paragraphs)
    for table in second.tables:
        text += "\n".join(cell.text for row in table.rows for cell in row.cells)
    for expected in (
        "Gade 1",
        "Kære Foreningen Ærø og Øresund 1",
        "J.nr. 1001",
        "Socialforvaltningen",
    ):
        assert expected in text
    assert second.core_properties.title == "Høring om budget 2027 – Socialforvaltningen"


def test_force_writes_the_broken_letter_too(excel_csv: Path, tmp_path: Path) -> None:
    draft = tmp_path / "hoering.toml"
    save_draft(_letter(), draft)
    out = tmp_path / "breve"
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(
        [
            "merge",
            str(draft),
            "--data",
            str(excel_csv),
            "--out",
            str(out),
            "--force",
            "--workers",
            "1",
        ],
        stdout=stdout,
        stderr=stderr,
    )
    assert code == 0
    assert len(list(out.glob("*.docx"))) == 50
    report = stdout.getvalue()
    assert "Modtagerens navn: kolonnen 'Navn'" in report
    assert "Ubrugte kolonner: 'telefon'" in report
    assert "50 breve skrevet, 0 ikke skrevet." in report
    broken = next(r for r in _summary(out) if r["række"] == str(BROKEN_ROW))
    assert broken["status"] == "skrevet"
    assert "--force" in broken["årsag"]


def test_cli_merge_without_force_lists_the_broken_row_and_exits_1(
    excel_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = tmp_path / "hoering.toml"
    save_draft(_letter(), draft)
    stdout = io.StringIO()
    code = main(
        [
            "merge",
            str(draft),
            "--data",
            str(excel_csv),
            "--out",
            str(tmp_path / "ud"),
            "--workers",
            "1",
        ],
        stdout=stdout,
    )
    assert code == 1
    assert f"Række {BROKEN_ROW} (Foreningen Ærø og Øresund {BROKEN_ROW - 2})" in stdout.getvalue()
    assert "49 breve skrevet, 1 ikke skrevet." in stdout.getvalue()
    assert "50/50 rækker" in capsys.readouterr().err


def test_xlsx_rows_are_merged(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["navn", "adresse 1", "Adresse2", "Hilsen", "afdeling", "reference"])
    sheet.append(["Ældresagen", "Nytorv 3", "1450 København K", "Kære formand", "Ældre", 4711])
    sheet.append([None, None, None, None, None, None])  # empty rows are skipped
    sheet.append(["Røde Kors", "Blegdamsvej 27", "2100 København Ø", None, "Sundhed", 12.0])
    path = tmp_path / "modtagere.xlsx"
    workbook.save(path)
    data = open_data(path)
    assert data.columns == ("navn", "adresse 1", "Adresse2", "Hilsen", "afdeling", "reference")
    summary = merge(_letter(), data, tmp_path / "ud", catalogs=CATALOGS, workers=1)
    assert [(r.row, r.name, r.status) for r in summary.results] == [
        (2, "Ældresagen", "written"),
        (4, "Røde Kors", "written"),
    ]
    document = docx.Document(str(tmp_path / "ud" / "Røde Kors.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Jeres reference: 12." in text


def test_legacy_xls_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "gammel.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(MergeDataError, match=r"\.xlsx"):
        open_data(path)


def test_duplicate_column_names_are_refused(tmp_path: Path) -> None:
    path = _write_csv(
        tmp_path / "d.csv", [["navn", "Navn"], ["a", "b"]], encoding="utf-8", delimiter=";"
    )
    with pytest.raises(MergeDataError, match="to gange"):
        open_data(path)


def test_cancelled_merge_leaves_only_complete_files(excel_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "breve"
    seen: list[MergeProgress] = []

    def cancel_after_first_chunk(progress: MergeProgress) -> bool:
        seen.append(progress)
        return False

    summary = merge(
        _letter(),
        open_data(excel_csv),
        out,
        catalogs=CATALOGS,
        workers=2,
        chunk_size=5,
        on_progress=cancel_after_first_chunk,
    )
    assert summary.cancelled
    written = list(out.glob("*.docx"))
    assert 5 <= len(written) < 50
    assert len(written) == len(summary.written)
    for path in written:  # every file is a whole DOCX
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
        docx.Document(str(path))
    assert not list(out.glob(".*"))
    statuses = {r["status"] for r in _summary(out)}
    assert "afbrudt" in statuses
    assert len(_summary(out)) == 50
    assert seen[0].total == 50


def test_progress_line_shows_rows_and_time_left() -> None:
    line = format_progress(MergeProgress(10, 40, 10, 0, 5.0, 75.0), width=8)
    assert line == "[##------] 10/40 rækker, ca. 1 min 15 s tilbage"


def test_rows_are_streamed_not_loaded(excel_csv: Path) -> None:
    rows = DataSource(excel_csv, ("Navn",), "cp1252", ";").rows()
    assert next(rows).number == 2  # a generator: nothing read beyond what is asked


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT to a process group")
def test_ctrl_c_during_cli_merge_leaves_only_whole_files(tmp_path: Path) -> None:
    rows = [["navn", "adresse1"]] + [[f"Forening {i}", f"Gade {i}"] for i in range(3000)]
    data = _write_csv(tmp_path / "mange.csv", rows, encoding="utf-8", delimiter=";")
    draft = tmp_path / "brev.toml"
    save_draft(dataclasses.replace(_letter(), subject="Høring", body="Tak for sidst."), draft)
    out = tmp_path / "ud"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kkletter",
            "merge",
            str(draft),
            "--data",
            str(data),
            "--out",
            str(out),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,  # like a terminal: Ctrl+C reaches parent and workers
    )
    deadline = time.monotonic() + 60
    while len(list(out.glob("*.docx"))) < 20 and time.monotonic() < deadline:
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGINT)
    stdout, _ = process.communicate(timeout=120)
    assert process.returncode == 1, stdout.decode()
    assert "fletningen blev afbrudt" in stdout.decode()
    written = list(out.glob("*.docx"))
    assert 20 <= len(written) < 3000
    for path in written:
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
    assert not list(out.glob(".*"))
    summary = _summary(out)
    assert sum(r["status"] == "skrevet" for r in summary) == len(written)


_CELL = st.text(alphabet=st.sampled_from(list("ab Æøå;,\"'\n0-9.")), max_size=12)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.lists(_CELL, min_size=3, max_size=3), min_size=1, max_size=6),
    encoding=st.sampled_from(["cp1252", "utf-8", "utf-8-sig"]),
    delimiter=st.sampled_from([";", ","]),
)
def test_csv_values_read_back_exactly_whatever_the_dialect(
    tmp_path: Path, rows: list[list[str]], encoding: str, delimiter: str
) -> None:
    header = ["navn", "adresse1", "hilsen"]
    path = _write_csv(tmp_path / "d.csv", [header, *rows], encoding=encoding, delimiter=delimiter)
    data = open_data(path)
    assert data.columns == tuple(header)
    expected = [[cell.strip() for cell in row] for row in rows if any(c.strip() for c in row)]
    assert [list(row.values.values()) for row in data.rows()] == expected


def test_cli_merge_interrupted_between_rows_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows never read are not in the summary; the exit code must still say 'afbrudt'."""
    import kkletter.merge

    rows = [["navn", "adresse1"]] + [[f"Forening {i}", f"Gade {i}"] for i in range(5)]
    data = _write_csv(tmp_path / "modtagere.csv", rows, encoding="utf-8", delimiter=";")
    draft = tmp_path / "brev.toml"
    save_draft(dataclasses.replace(_letter(), subject="Høring", body="Tak for sidst."), draft)

    def interrupted(letter: Letter, data: DataSource, *args: object, **kwargs: object) -> object:
        # As after Ctrl+C: two rows written, the rest never read, nothing "skipped".
        mapping = plan_merge(letter, data.columns)
        written = tuple(kkletter.merge.RowResult(n, f"Forening {n}", "written") for n in (2, 3))
        return kkletter.merge.MergeSummary(mapping, written, None, cancelled=True)

    monkeypatch.setattr(kkletter.merge, "merge", interrupted)
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["merge", str(draft), "--data", str(data), "--out", str(tmp_path / "ud")],
        stdout=out,
        stderr=err,
    )
    assert code == 1
    assert "fletningen blev afbrudt" in out.getvalue()
