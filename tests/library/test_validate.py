"""`library check`: a whole folder, one line per problem."""

from __future__ import annotations

import shutil
from pathlib import Path

from kkletter._data import data_dir
from kkletter.library.validate import check_library_folder, image_problem

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000004000000020802000000f0caea34000000104944"
    "4154789c63f8cfc000470cc81c006faa07f980dc00280000000049454e44ae426082"
)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _good_library(root: Path) -> Path:
    shutil.copytree(data_dir("templates"), root / "templates")
    shutil.copytree(data_dir("resources") / "profiles", root / "profiles")
    (root / "images").mkdir()
    (root / "images" / "logo.png").write_bytes(PNG)
    _write(root / "images" / "logo.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="10"/>')
    _write(
        root / "profiles" / "med-logo.toml",
        'name = "L"\nean = "5798009682833"\n[logo]\npath = "images/logo.svg"\nalt = "Logo"\n',
    )
    _write(root / "signers" / "jc.toml", 'name = "J"\nsignature = "images/logo.png"\n')
    _write(root / "paragraphs" / "p.md", "+++\ntitle = 'P'\n+++\nKære {{ recipient.name }}\n")
    return root


def test_a_good_library_and_the_built_in_one_have_no_problems(tmp_path: Path) -> None:
    assert check_library_folder(_good_library(tmp_path / "lib")) == []


def test_every_problem_is_one_line_naming_the_file(tmp_path: Path) -> None:
    root = _good_library(tmp_path / "lib")
    _write(root / "templates" / "brev" / "body.md.j2", "{{ body }}\n{% if %}\n")
    _write(root / "templates" / "notat" / "body.md.j2", "{{ body }} {{ fields.mangler }}\n")
    _write(root / "profiles" / "forkert-ean.toml", 'name = "E"\nean = "5798009682834"\n')
    _write(
        root / "profiles" / "uden-logo.toml",
        'name = "U"\n[logo]\npath = "images/findes-ikke.png"\nalt = "Logo"\n',
    )
    (root / "images" / "ødelagt.png").write_bytes(b"not a png")
    _write(root / "signers" / "ugyldig.toml", "name = 'x'\nphone = 33\nemail = []\n")
    _write(root / "paragraphs" / "fejl.md", "+++\ntitle = 'F'\n+++\n{% for %}\n")
    lines = check_library_folder(root)
    assert len(lines) == 7, lines
    joined = "\n".join(lines)
    assert f"{root}/templates/brev/body.md.j2:2: skabelonen 'brev' kan ikke udfyldes" in joined
    assert "skabelonen 'notat' kan ikke udfyldes" in joined
    assert "forkert-ean.toml: EAN-nummeret 5798009682834 har forkert kontrolciffer" in joined
    assert "logoet i 'uden-logo': billedet" in joined
    assert "findes ikke" in joined
    assert "ødelagt.png kan ikke læses som PNG eller JPEG" in joined
    assert "ugyldig.toml, linje 3: 'email' skal være tekst" in joined
    assert "fejl.md: Standardteksten 'F' har en fejl i et felt, linje 1" in joined


def test_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    assert check_library_folder(tmp_path / "nej") == [f"{tmp_path / 'nej'}: mappen findes ikke."]


def test_images_are_recognised_by_content(tmp_path: Path) -> None:
    good = tmp_path / "a.png"
    good.write_bytes(PNG)
    svg = _write(tmp_path / "b.svg", "<html/>")
    assert image_problem(good) is None
    assert image_problem(svg) == f"{svg} er ikke et SVG-billede"


def test_the_documented_example_library_has_no_problems() -> None:
    example = Path(__file__).resolve().parents[2] / "docs" / "examples" / "faelles-bibliotek"
    assert check_library_folder(example) == []


def test_a_short_name_used_twice_is_a_problem(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    _write(root / "paragraphs" / "a.md", "+++\ntitle = 'A'\nshort = 'klagesel'\n+++\nTekst\n")
    lines = check_library_folder(root)
    assert len(lines) == 1
    assert "kortnavnet 'klagesel' bruges også af klagevejledning-serviceloven" in lines[0]
