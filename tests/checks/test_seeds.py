"""The seed drafts: every finding they produce is one a careful reader agrees with."""

from __future__ import annotations

from pathlib import Path

import pytest

from kkletter.checks import check_letter
from kkletter.compose import Catalogs
from kkletter.drafts import load_draft

CATALOGS = Catalogs.shipped()
SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "drafts"

# (rule, field, suggestion) per seed; the reasons are in docs/checks.md ("The seeds").
EXPECTED: dict[str, set[tuple[str, str, str | None]]] = {
    # The original's "Dato:" is empty. It has no subject line either, which the brev
    # template requires of a finished letter (a warning).
    "000": {("MISSING_DATE", "date", None), ("MISSING_FIELD", "subject", None)},
    "001": set(),
    # 12 JAN. 2007 is the header's stamp style, not body text; "2006-2405" is an
    # unpadded older eDoc number.
    "002": set(),
    # The 2008 letterhead prints "3317 3214" and "33173731"; the house style is pairs.
    "003": {
        ("PHONE_FORMAT", "profile.phone", "33 17 32 14"),
        ("PHONE_FORMAT", "profile.fax", "33 17 37 31"),
    },
    # The original letter has no subject line (see 000).
    "004": {("MISSING_FIELD", "subject", None)},
}


def _seed(prefix: str) -> Path:
    (match,) = sorted(SEEDS.glob(f"{prefix}-*.toml"))
    return match


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_findings_are_exactly_the_true_ones(prefix: str) -> None:
    letter = load_draft(_seed(prefix))
    found = {(f.rule, f.field, f.suggestion) for f in check_letter(letter, CATALOGS)}
    assert found == EXPECTED[prefix]


def test_seed_000_reports_missing_date() -> None:
    letter = load_draft(_seed("000"))
    assert "MISSING_DATE" in [f.rule for f in check_letter(letter, CATALOGS)]


def test_every_seed_draft_is_covered() -> None:
    prefixes = {path.name[:3] for path in SEEDS.glob("*.toml")}
    assert prefixes <= set(EXPECTED)
