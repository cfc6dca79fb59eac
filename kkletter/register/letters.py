"""New letters from registered ones: "Nyt brev ud fra dette" and "Besvar"."""

from __future__ import annotations

import dataclasses
import datetime as dt

from kkletter.dates import format_long
from kkletter.model import CaseRef, Letter, Signer
from kkletter.register.records import RegisteredLetter


def copy_for_new(letter: Letter, today: dt.date) -> Letter:
    """Return `letter` as the start of a new one: today's date and no Dok.nr."""
    case = dataclasses.replace(letter.case, document="")
    return dataclasses.replace(letter, date=today, case=case)


def reply_to(entry: RegisteredLetter, today: dt.date) -> Letter:
    """Return a new letter to the counterpart of `entry`, referring to its letter.

    Same recipient (address and salutation), template, profile and case number; no
    Dok.nr., today's date, the subject "Vedr.: <subject>" and a body that starts with
    "Vedr. jeres brev af <date>". The signature is left for the new letter's signer.
    """
    old = entry.letter()
    when = old.date or entry.summary.sort_date
    subject = old.subject.strip()
    reference = f"Vedr. jeres brev af {format_long(when)}"
    if subject:
        reference += f" om {_lower_first(subject)}"
    return Letter(
        template=old.template,
        profile=old.profile,
        date=today,
        subject=f"Vedr.: {subject}" if subject else "Vedr. jeres brev",
        body=f"{reference}.\n\n",
        recipient=old.recipient,
        case=CaseRef(
            number=old.case.number,
            number_label=old.case.number_label,
            document_label=old.case.document_label,
        ),
        signer=Signer(name=old.signer.name, title=old.signer.title),
        fields=dict(old.fields),
    )


def _lower_first(text: str) -> str:
    # "Svar på ansøgning" -> "svar på ansøgning"; keep names and abbreviations ("DOK").
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower():
        return text[:1].lower() + text[1:]
    return text
