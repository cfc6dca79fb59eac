"""The three layers: override by id with the origin shown, broken files skipped, offline start."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kkletter.compose import compose_letter
from kkletter.library import LibraryLocations, load_library
from kkletter.library.layers import save_shared_folder_setting
from kkletter.model import Letter

PROFILE = 'name = "{name}"\nunit = "{unit}"\naddress = ["Rådhuset", "1599 København V"]\n'
PARAGRAPH = '+++\ntitle = "{title}"\ncategory = "Afgørelse"\nkeywords = ["klage"]\n+++\n{body}\n'
SIGNER = 'name = "{name}"\ntitle = "Kontorchef"\nphone = "33 17 32 14"\nemail = "a@kk.dk"\n'


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _template(folder: Path, name: str, body: str = "{{ body }}\n") -> None:
    _write(folder / "template.toml", f'name = "{name}"\ndescription = "Egen"\norder = 5\n')
    _write(folder / "body.md.j2", body)


def test_a_higher_layer_overrides_by_id_and_every_item_shows_its_origin(
    locations: LibraryLocations,
) -> None:
    shared, personal = locations.shared, locations.personal
    assert shared is not None
    _write(shared / "profiles" / "sof-borgmester.toml", PROFILE.format(name="Fælles", unit="F"))
    _write(shared / "profiles" / "enhed.toml", PROFILE.format(name="Fælles enhed", unit="F"))
    _write(personal / "profiles" / "enhed.toml", PROFILE.format(name="Min enhed", unit="P"))
    library = load_library(locations)
    profiles = library.profiles
    assert profiles["enhed"].value.name == "Min enhed"
    assert profiles["enhed"].origin == "personal"
    assert profiles["enhed"].origin_label == "personlig (erstatter fælles)"
    assert profiles["sof-borgmester"].value.name == "Fælles"
    assert profiles["sof-borgmester"].origin_label == "fælles (erstatter indbygget)"
    assert profiles["sof-center-for-politik"].origin_label == "indbygget"
    assert library.problems == ()


def test_personal_overrides_both_lower_layers(locations: LibraryLocations) -> None:
    assert locations.shared is not None
    _write(locations.shared / "profiles" / "sof-borgmester.toml", PROFILE.format(name="F", unit=""))
    _write(
        locations.personal / "profiles" / "sof-borgmester.toml", PROFILE.format(name="P", unit="")
    )
    entry = load_library(locations).profiles["sof-borgmester"]
    assert (entry.value.name, entry.overrides) == ("P", ("shared", "builtin"))


def test_every_kind_is_read_from_every_layer(locations: LibraryLocations) -> None:
    assert locations.shared is not None
    _template(locations.shared / "templates" / "afslag", "Afslag")
    _write(locations.shared / "signers" / "jc.toml", SIGNER.format(name="Jesper Christensen"))
    _write(locations.personal / "signers" / "ab.toml", SIGNER.format(name="Anne Berg"))
    _write(
        locations.shared / "paragraphs" / "klage.md",
        PARAGRAPH.format(title="Klagevejledning", body="Du kan klage."),
    )
    library = load_library(locations)
    assert library.templates["afslag"].origin == "shared"
    assert library.templates["brev"].origin == "builtin"
    assert next(iter(library.templates)) == "brev"  # ordered by `order`, then id
    assert {k: e.origin for k, e in library.signers.items()} == {"ab": "personal", "jc": "shared"}
    assert library.signers["jc"].value.phone == "33 17 32 14"
    assert library.paragraphs["klage"].value.title == "Klagevejledning"
    assert library.paragraphs["klage"].value.keywords == ("klage",)


def test_a_letter_composes_with_a_shared_profile(locations: LibraryLocations) -> None:
    assert locations.shared is not None
    _write(locations.shared / "profiles" / "enhed.toml", PROFILE.format(name="E", unit="Min enhed"))
    catalogs = load_library(locations).catalogs()
    document = compose_letter(Letter(template="brev", profile="enhed", body="Hej."), catalogs)
    assert document.letterhead.unit == "Min enhed"


def test_a_broken_file_of_each_kind_is_skipped_and_named_with_its_line(
    locations: LibraryLocations,
) -> None:
    shared, personal = locations.shared, locations.personal
    assert shared is not None
    # The broken personal profile must not hide the good built-in one of the same id.
    _write(
        personal / "profiles" / "sof-borgmester.toml",
        'name = "X"\nunit = "Y"\naddress = "Rådhuset"\n',
    )
    _write(shared / "profiles" / "syntaks.toml", 'name = "X"\n\nunit = Socialforvaltningen\n')
    _write(
        shared / "templates" / "brudt" / "template.toml",
        'order = 3\ndate_style = "kort"\nname = "B"\n',
    )
    _write(shared / "templates" / "brudt" / "body.md.j2", "{{ body }}\n")
    _write(
        personal / "signers" / "uden-navn.toml", '# kommentar\ntitle = "Kontorchef"\nname = ""\n'
    )
    _write(shared / "paragraphs" / "klage.md", '+++\ntitle = "Klage"\nkeywords = 3\n+++\nTekst\n')
    _write(personal / "paragraphs" / "intet-hoved.md", "Bare tekst\n")
    (personal / "profiles" / "latin1.toml").write_bytes(
        'name = "Kær"\nunit = "Ø"\n'.encode("cp1252")
    )
    library = load_library(locations)
    found = {(p.path.name, p.line) for p in library.problems}
    assert found == {
        ("sof-borgmester.toml", 3),
        ("syntaks.toml", 3),
        ("template.toml", 2),
        ("uden-navn.toml", 3),
        ("klage.md", 3),
        ("intet-hoved.md", 1),
        ("latin1.toml", 1),
    }
    messages = "\n".join(str(p) for p in library.problems)
    assert f"{shared}/profiles/syntaks.toml, linje 3" in messages  # the shared path, not the cache
    assert "'address' skal være en liste af linjer" in messages
    assert "ukendt datoformat 'kort'" in messages
    assert "UTF-8" in messages
    assert library.profiles["sof-borgmester"].origin == "builtin"
    assert "brudt" not in library.templates
    assert "klage" not in library.paragraphs


def test_an_unreachable_shared_folder_starts_from_the_cached_copy(
    locations: LibraryLocations, tmp_path: Path
) -> None:
    assert locations.shared is not None
    _write(locations.shared / "profiles" / "enhed.toml", PROFILE.format(name="Fælles", unit=""))
    first = load_library(locations)
    assert first.shared.state == "online"
    assert first.shared.writable
    assert first.save_layer().name == "shared"
    shutil.move(locations.shared, tmp_path / "away")  # the network share is gone
    offline = load_library(locations)
    assert offline.shared.state == "cached"
    assert "kan ikke nås; bruger den lokale kopi fra" in offline.shared.message
    assert offline.profiles["enhed"].origin == "shared"
    assert offline.save_layer().name == "personal"  # nothing is written to a copy


def test_an_unreachable_shared_folder_without_a_cache_says_what_to_do(tmp_path: Path) -> None:
    locations = LibraryLocations(tmp_path / "p", tmp_path / "nowhere", tmp_path / "cache")
    library = load_library(locations)
    assert library.shared.state == "missing"
    assert "Rediger → Indstillinger" in library.shared.message
    assert [layer.name for layer in library.layers] == ["personal", "builtin"]
    assert "sof-borgmester" in library.profiles


def test_the_cache_follows_changes_and_deletions_in_the_shared_folder(
    locations: LibraryLocations,
) -> None:
    assert locations.shared is not None
    gone = _write(locations.shared / "profiles" / "gammel.toml", PROFILE.format(name="G", unit=""))
    load_library(locations)
    gone.unlink()
    _write(locations.shared / "profiles" / "ny.toml", PROFILE.format(name="N", unit=""))
    library = load_library(locations)
    assert "gammel" not in library.profiles
    assert library.profiles["ny"].value.name == "N"
    assert not (locations.cache / "profiles" / "gammel.toml").exists()


def test_pointing_at_another_shared_folder_replaces_the_cache(
    locations: LibraryLocations, tmp_path: Path
) -> None:
    assert locations.shared is not None
    _write(locations.shared / "profiles" / "a.toml", PROFILE.format(name="A", unit=""))
    load_library(locations)
    other = tmp_path / "other"
    _write(other / "profiles" / "b.toml", PROFILE.format(name="B", unit=""))
    library = load_library(LibraryLocations(locations.personal, other, locations.cache))
    assert "a" not in library.profiles
    assert library.profiles["b"].origin == "shared"


def test_the_shared_folder_comes_from_the_environment_or_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert LibraryLocations.default().shared is None
    save_shared_folder_setting(LibraryLocations.default().personal, tmp_path / "fra-indstillinger")
    assert LibraryLocations.default().shared == tmp_path / "fra-indstillinger"
    monkeypatch.setenv("KKLETTER_SHARED", str(tmp_path / "fra-miljoe"))
    assert LibraryLocations.default().shared == tmp_path / "fra-miljoe"


def test_a_later_start_parses_only_what_changed_and_still_lists_broken_files(
    locations: LibraryLocations,
) -> None:
    from kkletter.library.catalog import library_layers, read_layers
    from kkletter.library.index import ParseIndex

    assert locations.shared is not None
    changing = _write(
        locations.shared / "profiles" / "enhed.toml", PROFILE.format(name="A", unit="")
    )
    _write(locations.shared / "profiles" / "brudt.toml", "name = [\n")
    index_path = locations.cache.with_name("index.pickle")

    def start() -> tuple[int, dict[str, str], int]:
        index = ParseIndex(index_path)
        layers, status = library_layers(locations)
        library = read_layers(layers, status, index)
        index.save()
        names = {k: e.value.name for k, e in library.profiles.items()}
        return index.parsed, names, len(library.problems)

    parsed, names, problems = start()
    assert parsed > 10  # everything, the built-in layer included
    assert (names["enhed"], problems) == ("A", 1)
    parsed, names, problems = start()
    assert (parsed, names["enhed"], problems) == (0, "A", 1)
    changing.write_text(PROFILE.format(name="Ny udgave", unit=""), encoding="utf-8")
    parsed, names, problems = start()
    assert (parsed, names["enhed"], problems) == (1, "Ny udgave", 1)


def test_an_unreadable_index_is_rebuilt(locations: LibraryLocations) -> None:
    from kkletter.library.index import ParseIndex

    index_path = locations.cache.with_name("index.pickle")
    index_path.parent.mkdir(parents=True, exist_ok=True)
    index_path.write_bytes(b"not a pickle")
    assert ParseIndex(index_path).load(Path("x"), lambda: 42) == 42
    assert load_library(locations).profiles["sof-borgmester"].origin == "builtin"
