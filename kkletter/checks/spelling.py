"""Spelling findings of a letter (`kkletter check --spelling`); opt-in, not a family.

The spell checker needs its dictionary (some 0.2 s to load), so `check_letter` does not
run it; the CLI adds these findings on request and the GUI underlines as you type.
Severity is always info: spelling never changes the exit code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kkletter.checks.fields import Locator, letter_texts
from kkletter.checks.findings import Finding
from kkletter.fields import sort_key
from kkletter.model import Letter
from kkletter.spelling import Speller, personal_wordlist, shared_wordlist

RULE = "SPELLING"
# Letter fields whose text is prose; names, addresses and numbers are not spell-checked.
SPELLED_FIELDS = frozenset({"subject", "body", "closing", "recipient.salutation", "signer.title"})


@dataclass(frozen=True)
class SpellingFinding(Finding):
    """A finding for an unknown word, with every suggestion (best first)."""

    suggestions: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """Return the finding's JSON with the list of suggestions added."""
        data = super().to_json()
        data["suggestions"] = list(self.suggestions)
        return data


def check_spelling(letter: Letter, speller: Speller) -> list[SpellingFinding]:
    """Return an info finding for each unknown word in the prose of `letter`."""
    findings: list[SpellingFinding] = []
    for field in letter_texts(letter):
        if field.name not in SPELLED_FIELDS and not field.name.startswith("fields."):
            continue
        locate = Locator(field.name, field.text)
        for word in speller.misspellings(field.text):
            suggestions = speller.suggest(word.text)
            line, column = locate.position(word.start)
            shown = field.text[word.start : word.end]
            hint = f"; forslag: {', '.join(suggestions)}" if suggestions else "; ingen forslag"
            findings.append(
                SpellingFinding(
                    RULE,
                    "info",
                    field.name,
                    line,
                    column,
                    word.end - word.start,
                    f"Ukendt ord '{shown}'{hint}",
                    suggestions[0] if suggestions else None,
                    suggestions=suggestions,
                )
            )
    return findings


def spelling_findings(letter: Letter, findings: Sequence[Finding]) -> list[Finding]:
    """Return `findings` with the spelling findings of `letter` merged in, in letter order.

    Uses the shipped dictionary, the shared word list and the personal word list.
    """
    speller = Speller.load(personal=personal_wordlist(), shared=shared_wordlist())
    merged = [*findings, *check_spelling(letter, speller)]
    return sorted(merged, key=lambda f: (sort_key(f.field), f.field, f.line, f.column, f.rule))
