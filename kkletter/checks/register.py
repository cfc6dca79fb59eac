"""Family "register": the letter against the letters already in the register.

A Dok.nr. already used on another letter is an error naming that letter; a Sagsnr.
whose earlier letters all went to someone else is a warning. A registered letter with
the same Dok.nr., Sagsnr., recipient and subject is this letter exported again, not
another letter.
"""

from __future__ import annotations

from kkletter.checks.catalogue import rule
from kkletter.checks.context import CheckContext, PastLetter
from kkletter.checks.findings import Finding
from kkletter.model import Letter

_DOCUMENT_NUMBER_REUSED = rule("DOCUMENT_NUMBER_REUSED")
_CASE_OTHER_RECIPIENT = rule("CASE_OTHER_RECIPIENT")


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _same_letter(letter: Letter, past: PastLetter, letter_id: str | None) -> bool:
    if letter_id is not None:
        return past.letter_id == letter_id
    return (
        _fold(past.recipient) == _fold(letter.recipient.name)
        and _fold(past.subject) == _fold(letter.subject)
        and past.case_number.strip() == letter.case.number.strip()
    )


def check_register(context: CheckContext) -> list[Finding]:
    """Return the findings of the letter against the register (none without one)."""
    register = context.register
    if register is None:
        return []
    letter = context.letter
    findings: list[Finding] = []
    document = letter.case.document
    if document.strip():
        others = [
            past
            for past in register.letters_with_document_number(document.strip())
            if not _same_letter(letter, past, context.letter_id)
        ]
        if others:
            other = others[0]
            start = len(document) - len(document.lstrip())
            findings.append(
                _DOCUMENT_NUMBER_REUSED.finding(
                    "case.document",
                    1,
                    start + 1,
                    len(document.strip()),
                    document=document.strip(),
                    number=other.register_number,
                    subject=other.subject or "uden emne",
                    recipient=other.recipient or "ingen modtager",
                    date=other.date,
                )
            )
    case_number, name = letter.case.number.strip(), letter.recipient.name.strip()
    if case_number and name:
        earlier = [
            past
            for past in register.letters_with_case_number(case_number)
            if not _same_letter(letter, past, context.letter_id) and past.recipient.strip()
        ]
        if earlier and all(_fold(past.recipient) != _fold(name) for past in earlier):
            names = sorted({past.recipient for past in earlier}, key=_fold)
            findings.append(
                _CASE_OTHER_RECIPIENT.finding(
                    "recipient.name",
                    1,
                    len(letter.recipient.name) - len(letter.recipient.name.lstrip()) + 1,
                    len(name),
                    case_number=case_number,
                    recipients=", ".join(names[:3]) + (" m.fl." if len(names) > 3 else ""),
                    number=earlier[-1].register_number,
                    recipient=name,
                )
            )
    return findings
