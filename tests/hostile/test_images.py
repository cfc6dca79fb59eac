"""A signature path can point anywhere: only a small, real PNG/JPEG/SVG file is read."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from kkletter.cli import main
from kkletter.errors import ResourceError
from kkletter.images import MAX_IMAGE_BYTES, image_kind, read_image

DRAFT = """\
template = "brev"
profile = "sof-borgmester"
date = 2016-09-14
subject = "Svar"
body = "Tak."
[recipient]
name = "DOK"
[signer]
name = "Jesper Christensen"
signature = "{signature}"
"""


def _prepare(tmp_path: Path, kind: str) -> Path:
    target = tmp_path / "underskrift.png"
    if kind == "dev-zero":
        return Path("/dev/zero")
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    elif kind == "text":
        target.write_text("ikke et billede\n")
    elif kind == "huge":
        with target.open("wb") as handle:
            handle.write(b"\x89PNG\r\n\x1a\n")
            handle.truncate(MAX_IMAGE_BYTES + 1)
    return target


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")
@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "folder", "text", "huge", "missing"])
def test_a_bad_signature_path_is_one_danish_line_and_nothing_is_written(
    tmp_path: Path, kind: str
) -> None:
    signature = _prepare(tmp_path, kind)
    draft = tmp_path / "brev.toml"
    draft.write_text(DRAFT.format(signature=signature), encoding="utf-8")
    target = tmp_path / "ud.docx"
    err = io.StringIO()
    code = main(["render", str(draft), "-o", str(target)], stdout=io.StringIO(), stderr=err)
    assert code == 2
    assert err.getvalue().count("\n") == 1
    assert "Underskriftsbilledet" in err.getvalue()
    assert not target.exists()


def test_real_images_are_recognised_by_their_bytes(tmp_path: Path) -> None:
    assert image_kind(b"\x89PNG\r\n\x1a\n....") == "png"
    assert image_kind(b"\xff\xd8\xff\xe0....") == "jpeg"
    assert image_kind(b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>') == "svg"
    assert image_kind(b"GIF89a") is None
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    assert read_image(svg).startswith(b"<svg")
    (tmp_path / "x.png").write_bytes(b"GIF89a....")
    with pytest.raises(ResourceError, match="PNG-, JPEG- eller SVG"):
        read_image(tmp_path / "x.png")
