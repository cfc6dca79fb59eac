"""Merge data as it arrives in real life: odd encodings, sheets, broken and hostile files."""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kkletter.cli import main
from kkletter.filenames import safe_stem
from kkletter.mergedata import MAX_CELL, MergeDataError, detect_encoding, open_data

ROWS = "navn;adresse1\nSøren Ærø;Gade 1\nÅse;Vej 2\n"


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (codecs.BOM_UTF8 + ROWS.encode("utf-8"), "utf-8-sig"),
        (ROWS.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + ROWS.replace(";", "\t").encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + ROWS.encode("utf-16-be"), "utf-16"),
        (ROWS.encode("utf-16-le"), "utf-16-le"),
        (ROWS.encode("cp1252"), "cp1252"),
    ],
)
def test_csv_encodings_are_detected_and_read_exactly(
    tmp_path: Path, raw: bytes, encoding: str
) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes(raw)
    assert detect_encoding(path) == encoding
    data = open_data(path)
    assert data.columns == ("navn", "adresse1")
    assert [r.values["navn"] for r in data.rows()] == ["Søren Ærø", "Åse"]


def test_a_byte_that_is_no_character_names_row_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes(b"navn;adresse1\nA;B\nS\x81ren;Gade\n")  # 0x81 is undefined in cp1252
    with pytest.raises(MergeDataError, match=r"række 3, kolonne 1 \('navn'\), byte 20 \(0x81\)"):
        open_data(path)


def test_a_bad_utf16_sequence_names_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    text = "navn;adresse1\nA;B\nC;D"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le") + b"\x00\xd8A\x00")
    with pytest.raises(MergeDataError, match=r"række 3, kolonne 2 \('adresse1'\)"):
        list(open_data(path).rows())


def test_xlsx_reads_the_active_sheet_or_the_one_named(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "Noter"
    first.append(["ikke", "data"])
    second = workbook.create_sheet("Modtagere")
    second.append(["navn", "adresse1"])
    second.append(["Søren", "Gade 1"])
    workbook.active = 1
    path = tmp_path / "d.xlsx"
    workbook.save(path)
    data = open_data(path)
    assert (data.sheet, data.columns) == ("Modtagere", ("navn", "adresse1"))
    assert open_data(path, sheet="Noter").columns == ("ikke", "data")
    with pytest.raises(MergeDataError, match="'Noter', 'Modtagere'"):
        open_data(path, sheet="Ark1")


def test_a_truncated_xlsx_is_one_danish_line(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    for i in range(2000):
        workbook.active.append([f"navn {i}", f"adresse {i}"])
    good = tmp_path / "good.xlsx"
    workbook.save(good)
    path = tmp_path / "d.xlsx"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(MergeDataError, match=r"gyldig \.xlsx"):
        open_data(path)


def test_an_xlsx_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            block = b"<row>" + b" " * (1024 * 1024) + b"</row>"
            for _ in range(300):  # 300 MB unpacked, about 300 KB packed
                member.write(block)
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(MergeDataError, match="udpakket"):
        open_data(path)


def test_a_cell_over_the_limit_names_file_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text(f"navn;adresse1\nA;B\nC;{'x' * (MAX_CELL + 1)}\n", encoding="utf-8")
    with pytest.raises(MergeDataError, match=r"d.csv, række 3, kolonne 'adresse1'"):
        list(open_data(path).rows())


def test_a_cell_past_the_csv_field_limit_is_a_danish_line(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text(f'navn;adresse1\nA;"{"x" * 200_000}\n', encoding="utf-8")
    with pytest.raises(MergeDataError, match="række 2"):
        list(open_data(path).rows())


def test_cli_merge_with_a_broken_data_file_exits_2_with_one_line(tmp_path: Path) -> None:
    draft = tmp_path / "brev.toml"
    draft.write_text('template = "brev"\nprofile = "sof-borgmester"\nbody = "Hej"\n')
    data = tmp_path / "d.xlsx"
    data.write_bytes(b"PK\x03\x04 not really a zip")
    err = io.StringIO()
    code = main(
        ["merge", str(draft), "--data", str(data), "--out", str(tmp_path / "ud")],
        stdout=io.StringIO(),
        stderr=err,
    )
    assert code == 2
    assert err.getvalue().count("\n") == 1
    assert "d.xlsx" in err.getvalue()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jens\u202ecod.exe", "Jenscod.exe"),  # right-to-left override disguising .exe
        ("A\u200bB\u2066C\u00adD\ufeff", "ABCD"),
        ("\u3164\u200d", "brev"),
    ],
)
def test_invisible_and_bidi_characters_never_reach_a_file_name(name: str, expected: str) -> None:
    assert safe_stem(name) == expected


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_name_gives_a_short_visible_file_name(name: str) -> None:
    import unicodedata

    stem = safe_stem(name)
    assert stem
    assert len(stem.encode("utf-8")) <= 150
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Co", "Cn", "Cs") for c in stem)
    assert not any(c in stem for c in '<>:"/\\|?*')


@pytest.mark.parametrize(
    ("extra", "reason"),
    [(["--data", "{draft}"], "kladden selv"), (["--data", "{csv}", "--sheet", "Ark1"], "--sheet")],
)
def test_merge_argument_mistakes_are_one_line(
    tmp_path: Path, extra: list[str], reason: str
) -> None:
    draft = tmp_path / "brev.toml"
    draft.write_text('template = "brev"\nprofile = "sof-borgmester"\nbody = "Hej"\n')
    data = tmp_path / "d.csv"
    data.write_text("navn\nA\n", encoding="utf-8")
    argv = ["merge", str(draft), *(a.format(draft=draft, csv=data) for a in extra)]
    err = io.StringIO()
    code = main([*argv, "--out", str(tmp_path / "ud")], stdout=io.StringIO(), stderr=err)
    assert code == 2
    assert reason in err.getvalue()
    assert err.getvalue().count("\n") == 1
    assert not (tmp_path / "ud").exists()
