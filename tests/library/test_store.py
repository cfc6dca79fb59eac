"""Saving to a layer: atomic writes, images copied into the layer, read back the same."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

import pytest

from kkletter.errors import LibraryError
from kkletter.library import Layer, LibraryLocations, load_library
from kkletter.library.atomic import write_text_atomic
from kkletter.library.paragraphs import Paragraph
from kkletter.library.store import (
    check_id,
    delete_item,
    import_image,
    make_id,
    save_paragraph,
    save_profile,
    save_signer,
)
from kkletter.model import Logo, Profile, Signer

# A 4x2 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000004000000020802000000f0caea34000000104944"
    "4154789c63f8cfc000470cc81c006faa07f980dc00280000000049454e44ae426082"
)


def test_items_saved_in_the_shared_layer_are_seen_by_a_colleague(
    locations: LibraryLocations, tmp_path: Path
) -> None:
    logo = tmp_path / "Skrivebord" / "logo.png"
    logo.parent.mkdir()
    logo.write_bytes(PNG)
    signature = tmp_path / "Skrivebord" / "jc.png"
    signature.write_bytes(PNG)
    layer = load_library(locations).save_layer()
    assert layer.name == "shared"
    profile = Profile(
        id="min-enhed",
        name="Min enhed",
        unit="Socialforvaltningen",
        address=("Bernstorffsgade 17", "1592 København V"),
        ean="5798009682833",
        logo=Logo(logo, "Københavns Kommunes logo", 25.0, "right"),
    )
    save_profile(layer, profile)
    save_signer(layer, "jc", Signer("Jesper Christensen", "Borgmester", signature, "33 66 24 51"))
    save_paragraph(layer, Paragraph("klage", "Klagevejledning", "Du kan klage.\n", "Afgørelse"))
    assert locations.shared is not None
    assert (locations.shared / "images" / "logo.png").read_bytes() == PNG
    # A colleague: another personal folder and cache, the same shared folder.
    colleague = LibraryLocations(tmp_path / "kollega", locations.shared, tmp_path / "kollega-cache")
    library = load_library(colleague)
    seen = library.profiles["min-enhed"]
    assert seen.origin == "shared"
    assert seen.value.logo is not None
    assert seen.value.logo.path.read_bytes() == PNG
    assert dataclasses.replace(seen.value, logo=None) == dataclasses.replace(profile, logo=None)
    assert (seen.value.logo.alt, seen.value.logo.width_mm, seen.value.logo.place) == (
        "Københavns Kommunes logo",
        25.0,
        "right",
    )
    signer = library.signers["jc"].value
    assert (signer.name, signer.phone) == ("Jesper Christensen", "33 66 24 51")
    assert signer.signature is not None
    assert signer.signature.read_bytes() == PNG
    assert library.paragraphs["klage"].value.category == "Afgørelse"
    assert library.problems == ()


def test_saving_again_keeps_the_image_inside_the_layer(locations: LibraryLocations) -> None:
    layer = load_library(locations).save_layer()
    assert locations.shared is not None
    image = locations.shared / "images" / "logo.png"
    image.parent.mkdir()
    image.write_bytes(PNG)
    profile = Profile(id="e", name="E", logo=Logo(image, "Logo"))
    save_profile(layer, profile)
    cached = load_library(locations).profiles["e"].value  # its logo now points into the cache
    save_profile(layer, cached)
    text = (locations.shared / "profiles" / "e.toml").read_text(encoding="utf-8")
    assert 'path = "images/logo.png"' in text
    assert sorted(p.name for p in image.parent.iterdir()) == ["logo.png"]


def test_a_read_only_layer_refuses_to_save_in_danish(tmp_path: Path) -> None:
    layer = Layer("shared", tmp_path)
    with pytest.raises(LibraryError, match="kan ikke skrives i lige nu"):
        save_paragraph(layer, Paragraph("p", "P", "x\n"))


@pytest.mark.parametrize("bad", ["../etc", "a/b", "", "Store", ".skjult"])
def test_an_id_that_is_no_safe_file_name_is_refused(bad: str) -> None:
    with pytest.raises(LibraryError, match="kan ikke bruges som filnavn"):
        check_id(bad)


def test_ids_are_made_from_titles_and_never_collide() -> None:
    assert (
        make_id("Mål- og Rammekontor for Misbrug & Bolig")
        == "maal-og-rammekontor-for-misbrug-bolig"
    )
    assert make_id("Center", {"center", "center-2"}) == "center-3"
    assert make_id("???") == "uden-navn"


def test_deleting_a_personal_item_shows_the_one_below_again(locations: LibraryLocations) -> None:
    personal = Layer("personal", locations.personal, locations.personal)
    save_profile(personal, Profile(id="sof-borgmester", name="Min udgave"))
    assert load_library(locations).profiles["sof-borgmester"].origin == "personal"
    delete_item(personal, "profiles", "sof-borgmester")
    assert load_library(locations).profiles["sof-borgmester"].origin == "builtin"
    delete_item(personal, "profiles", "sof-borgmester")  # already gone: nothing happens


def test_an_image_that_cannot_be_read_is_a_danish_error(tmp_path: Path) -> None:
    layer = Layer("personal", tmp_path, tmp_path)
    with pytest.raises(LibraryError, match="kan ikke læses"):
        import_image(layer, tmp_path / "findes-ikke.png")


def test_two_people_saving_the_same_item_never_leave_a_half_written_file(tmp_path: Path) -> None:
    target = tmp_path / "paragraphs" / "faelles.md"
    versions = [f"{name}\n" * 20_000 for name in ("Anne", "Bo")]
    write_text_atomic(target, versions[0])
    seen: set[str] = set()
    stop = threading.Event()

    def save(text: str) -> None:
        for _ in range(30):
            write_text_atomic(target, text)

    def read() -> None:
        while not stop.is_set():
            seen.add(target.read_text(encoding="utf-8"))

    reader = threading.Thread(target=read)
    writers = [threading.Thread(target=save, args=(v,)) for v in versions]
    reader.start()
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    stop.set()
    reader.join()
    assert seen <= set(versions)
    assert target.read_text(encoding="utf-8") in versions
    assert [p.name for p in target.parent.iterdir()] == ["faelles.md"]  # no temporary files left
