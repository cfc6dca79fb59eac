"""The rule catalogue is the one source of ids, severities and messages; the docs follow it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from kkletter.checks import FAMILY_CHECKS, check_letter
from kkletter.checks.catalogue import FAMILIES, RULES, Rule, render_rule_table, rule, rule_ids
from kkletter.checks.findings import Finding
from kkletter.compose import Catalogs
from kkletter.drafts import load_draft
from kkletter.model import CaseRef, Letter, Profile, Recipient, Signer

ROOT = Path(__file__).resolve().parents[2]
CHECKS = ROOT / "kkletter" / "checks"
DOCS = ROOT / "docs" / "checks.md"
SEEDS = sorted((ROOT / "seeds" / "drafts").glob("*.toml"))
FINDING_PARAMETERS = {"field", "line", "column", "length", "suggestion", "safe", "rule", "start"}


def _docs_table() -> str:
    text = DOCS.read_text(encoding="utf-8")
    begin, end = "<!-- rule-catalogue:begin -->\n", "<!-- rule-catalogue:end -->"
    assert begin in text, "docs/checks.md has lost its generated rule table"
    return text[text.index(begin) + len(begin) : text.index(end)]


def test_docs_rule_table_is_the_catalogue() -> None:
    assert _docs_table() == render_rule_table(), (
        "docs/checks.md is out of date: run python -m kkletter.checks.catalogue "
        "and paste the table between the rule-catalogue markers"
    )


def test_every_rule_named_in_the_docs_exists() -> None:
    known = set(rule_ids())
    first_cells = re.findall(r"^\| ([A-Z0-9_ /]+) \|", DOCS.read_text(encoding="utf-8"), re.M)
    named = {name.strip() for cell in first_cells for name in cell.split("/")}
    assert len(named) > 30
    assert named - known == set()


def test_every_family_has_one_check_and_every_check_a_family() -> None:
    assert set(FAMILY_CHECKS) == set(FAMILIES)
    assert {entry.family for entry in RULES} == set(FAMILIES)


def test_every_catalogue_entry_is_used_by_its_family_module() -> None:
    sources = {
        path.stem: path.read_text(encoding="utf-8")
        for path in CHECKS.glob("*.py")
        if path.name != "catalogue.py"
    }
    used = "\n".join(sources.values())
    for entry in RULES:
        lookup = (
            f'rule("{entry.id}", "{entry.variant}")' if entry.variant else f'rule("{entry.id}")'
        )
        assert lookup in used, f"{entry.key} is in the catalogue but no family emits it"


def test_no_rule_id_is_spelled_outside_the_catalogue() -> None:
    ids = set(rule_ids())
    for path in CHECKS.glob("*.py"):
        if path.name == "catalogue.py":
            continue
        text = path.read_text(encoding="utf-8")
        literals = set(re.findall(r'"((?:[A-Z0-9]+_)*[A-Z0-9]+)"', text)) & ids
        lookups = set(re.findall(r'rule\("([A-Z0-9_]+)"', text))
        assert literals <= lookups, f"{path.name} spells rule ids outside rule(): {literals}"


def test_one_id_belongs_to_one_family() -> None:
    family: dict[str, str] = {}
    for entry in RULES:
        assert family.setdefault(entry.id, entry.family) == entry.family, entry.id


def test_message_placeholders_do_not_clash_with_finding_parameters() -> None:
    for entry in RULES:
        assert not entry.placeholders & FINDING_PARAMETERS, entry.key


def test_unknown_rule_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        rule("NO_SUCH_RULE")


def test_rule_finding_fills_the_message_and_takes_severity_from_the_catalogue() -> None:
    entry = rule("PHONE_FORMAT")
    finding = entry.finding("signer.phone", 1, 1, 9, "33 17 32 14", paired="33 17 32 14")
    assert finding == Finding(
        "PHONE_FORMAT",
        "warning",
        "signer.phone",
        1,
        1,
        9,
        "Danske telefonnumre skrives i par: 33 17 32 14",
        "33 17 32 14",
    )


def _pattern(entry: Rule) -> re.Pattern[str]:
    parts = re.split(r"\{[a-z_]+\}", entry.message)
    return re.compile(".+?".join(re.escape(part) for part in parts), re.DOTALL)


def _findings_of_many_letters() -> list[Finding]:
    catalogs = Catalogs.shipped()
    findings: list[Finding] = []
    for seed in SEEDS:
        findings.extend(check_letter(load_draft(seed), catalogs))
    bad_body = (
        "Mødet afholdes tirsdag den 14. September 16 kl 14.3 og kl. 25.00, kl. 2.30 pm og "
        "kl. 10:00. Den 31. juni 2008, 09.14.2016, 12-31-2016 og 14.9.2016. "
        "September 14, 2016, Monday, 14th, 12 JAN. 2007, 1. maj. 2023, 14. sep 2016, "
        "d 14. september 2016, i August 2022. CPR 010190-1234. XX [INDSÆT navn] "
        "tlf. 3317 3214.\n\n#### Spring\n\n![](skaermbillede.png)\n\n"
        '<span style="color:red">vigtigt</span>\n\n\u00a0\n\n\n\n\nSlut.\n'
    )
    letter = Letter(
        template="brev",
        profile="sof-borgmester",
        date=dt.date(2016, 9, 14),
        subject="Høring",
        body=bad_body,
        case=CaseRef(number="2099-12", document="2015-0318694-3"),
        recipient=Recipient(name=""),
        signer=Signer(name="", phone="3317 3214"),
    )
    findings.extend(check_letter(letter, catalogs))
    unknown = Letter(template="ingen", profile="ingen", body="Skriv brevets tekst her.")
    findings.extend(check_letter(unknown, catalogs))
    profile = Profile(id="x", name="X", ean="5798000000001", phone="3317 3214")
    broken = Catalogs(templates=catalogs.templates, profiles={"x": profile})
    findings.extend(check_letter(Letter(template="brev", profile="x"), broken))
    return findings


def test_every_finding_has_its_catalogue_severity_and_message() -> None:
    findings = _findings_of_many_letters()
    by_id: dict[str, list[Rule]] = {}
    for entry in RULES:
        by_id.setdefault(entry.id, []).append(entry)
    for finding in findings:
        entries = by_id[finding.rule]
        assert any(
            entry.severity == finding.severity and _pattern(entry).fullmatch(finding.message)
            for entry in entries
        ), finding
    # The letters above reach most of the catalogue, so this test can fail.
    assert len({f.rule for f in findings}) >= 30
