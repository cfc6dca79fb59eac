"""Danish spell checking: what is checked, what is skipped, suggestions, word lists, CLI."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkletter.checks import spelling as checks_spelling
from kkletter.checks.spelling import check_spelling
from kkletter.cli import main
from kkletter.drafts import load_draft, save_draft
from kkletter.model import Letter, Recipient
from kkletter.spelling import (
    Speller,
    SpellingError,
    dictionary_folder,
    shared_wordlist,
    words_to_check,
)

ROOT = Path(__file__).resolve().parent.parent
SEED_004 = ROOT / "seeds" / "drafts" / "004-brev-dok.toml"


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller.load()


@pytest.fixture(autouse=True)
def _own_word_list(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never read or write the user's real personal word list or shared folder."""
    monkeypatch.setattr(checks_spelling, "personal_wordlist", lambda: tmp_path / "ordbog.txt")
    monkeypatch.delenv("KKLETTER_SHARED", raising=False)


def test_the_typos_from_the_issue_are_found_with_the_right_suggestion(speller: Speller) -> None:
    text = "Vi har modtagt din ansøgnig om en bollig i Valby."
    assert [w.text for w in speller.misspellings(text)] == ["modtagt", "ansøgnig", "bollig"]
    assert "modtaget" in speller.suggest("modtagt")
    assert speller.suggest("ansøgnig")[0] == "ansøgning"
    assert speller.suggest("bollig")[0] == "bolig"


def test_numbers_addresses_amounts_and_capitals_are_not_checked() -> None:
    text = (
        "Sagsnr. 2016-0318694-3, skriv til jcxq@sof.kk.dk eller se https://www.kk.dk/xqz "
        "og www.xqzw.dk. Beløb 1.000 kr. eller 2.500,50 DKK. SOFXQ og DOKZQ's svar. F2. "
        "{{ recipient.name }} &nbsp; <u>fejlx</u>"
    )
    checked = [w.text for w in words_to_check(text)]
    assert "jcxq" not in " ".join(checked)
    assert not any("xqz" in word for word in checked)
    assert not any(
        word.startswith(("SOFXQ", "DOKZQ", "DKK", "F", "recipient", "nbsp", "u"))
        for word in checked
    )
    assert "kr." in checked
    assert "fejlx" in checked


def test_abbreviations_and_hyphenated_words_are_known(speller: Speller) -> None:
    text = "Se f.eks. side 2, jf. Sagsnr. og Dok.nr. Social- og Sundhedsforvaltningen, e-mail."
    assert speller.misspellings(text) == []


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300))
def test_words_are_in_order_inside_the_text_and_free_of_digits(text: str) -> None:
    previous_end = 0
    for word in words_to_check(text):
        assert previous_end <= word.start < word.end <= len(text)
        assert word.text.startswith(text[word.start : word.end])
        assert not any(char.isdigit() for char in word.text)
        previous_end = word.end


def test_a_word_added_is_accepted_and_kept_in_the_personal_list(tmp_path: Path) -> None:
    personal = tmp_path / "ordbog" / "ordbog.txt"
    first = Speller.load(personal=personal)
    assert not first.is_correct("Xqzvrøl")
    first.add_word("Xqzvrøl")
    assert first.is_correct("Xqzvrøl")
    assert personal.read_text(encoding="utf-8") == "Xqzvrøl\n"
    assert Speller.load(personal=personal).is_correct("Xqzvrøl")


def test_the_shared_word_list_comes_from_the_shared_library_folder(tmp_path: Path) -> None:
    (tmp_path / "ordliste.txt").write_text("# enheder\nSundhedshusxq\n", encoding="utf-8")
    shared = shared_wordlist({"KKLETTER_SHARED": str(tmp_path)})
    assert shared == tmp_path / "ordliste.txt"
    assert Speller.load(shared=shared).is_correct("Sundhedshusxq")
    assert shared_wordlist({}) is None


def test_a_missing_dictionary_is_a_danish_error(tmp_path: Path) -> None:
    with pytest.raises(SpellingError, match="Den danske ordbog kan ikke indlæses"):
        Speller.load(folder=tmp_path)


def test_the_dictionary_ships_with_its_licence() -> None:
    folder = dictionary_folder()
    assert (folder / "da_DK.dic").is_file()
    licence = (folder / "LICENSE-da_DK.txt").read_text(encoding="utf-8")
    assert "Stavekontrolden" in licence
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in licence


def test_findings_are_info_with_suggestions_in_the_prose_fields_only(speller: Speller) -> None:
    letter = Letter(
        template="brev",
        profile="sof-borgmester",
        subject="Din ansøgnig",
        body="Første linje.\n\nVi har modtagt den.\n",
        fields={"note": "en bollig"},
    )
    letter = dataclasses.replace(letter, recipient=Recipient(name="Hrxq Jensen"))
    findings = check_spelling(letter, speller)
    where = {(f.field, f.line, f.column, f.length) for f in findings}
    assert where == {("subject", 1, 5, 8), ("body", 3, 8, 7), ("fields.note", 1, 4, 6)}
    assert all(f.severity == "info" for f in findings)
    body = next(f for f in findings if f.field == "body")
    assert body.suggestion == body.suggestions[0]
    assert "modtaget" in body.suggestions
    assert body.to_json()["suggestions"] == list(body.suggestions)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_check_spelling_lists_info_findings_without_changing_the_exit_code(tmp_path: Path) -> None:
    draft = tmp_path / "brev.toml"
    shutil.copy(SEED_004, draft)
    letter = load_draft(draft)
    save_draft(dataclasses.replace(letter, subject="Svar på din ansøgnig"), draft)
    code, out, _ = run("check", str(draft), "--spelling", "--format", "json")
    assert code == 0
    spelled = [f for f in json.loads(out) if f["rule"] == "SPELLING"]
    subject = next(f for f in spelled if f["field"] == "subject")
    assert subject["severity"] == "info"
    assert subject["suggestions"][0] == "ansøgning"
    code, out, _ = run("check", str(draft))
    assert code == 0
    assert "SPELLING" not in out
