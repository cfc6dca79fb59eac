"""What every check family reads: one context object per checked letter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from kkletter.checks.fields import TextField, letter_texts
from kkletter.compose import Catalogs, LetterDocument, compose_letter
from kkletter.errors import KKLetterError
from kkletter.model import Letter, Profile
from kkletter.templating import TemplateSpec


class RegisterLookup(Protocol):
    """What the register checks ask of the letter register (see `kkletter.register`)."""

    def letters_with_document_number(self, document_number: str) -> list[PastLetter]:
        """Return the registered letters that carry `document_number`."""
        ...

    def letters_with_case_number(self, case_number: str) -> list[PastLetter]:
        """Return the registered letters of case `case_number`."""
        ...


@dataclass(frozen=True)
class PastLetter:
    """A letter already in the register, as the register checks see it."""

    register_number: int
    letter_id: str
    subject: str
    recipient: str
    case_number: str
    date: str  # ISO date: the letter's, or the export's when it had none
    status: str


@dataclass(frozen=True)
class CheckContext:
    """The letter being checked and everything a family may need to check it.

    The derived parts (template spec, profile, texts, composed document) are computed
    once, on first use, and shared by all families.
    """

    letter: Letter
    catalogs: Catalogs
    today: dt.date | None = None
    document: LetterDocument | None = None
    register: RegisterLookup | None = None
    # The register id of the letter being checked (its own record is not "another letter").
    letter_id: str | None = field(default=None)

    @cached_property
    def spec(self) -> TemplateSpec | None:
        """Return the letter's template, or None when it is unknown."""
        return self.catalogs.templates.get(self.letter.template)

    @cached_property
    def profile(self) -> Profile | None:
        """Return the letter's sender profile, or None when it is unknown."""
        return self.catalogs.profiles.get(self.letter.profile)

    @cached_property
    def texts(self) -> list[TextField]:
        """Return every non-empty text of the letter with its field name."""
        return letter_texts(self.letter)

    @cached_property
    def year(self) -> int:
        """Return the year for year-less dates: the letter's, else today's."""
        if self.letter.date is not None:
            return self.letter.date.year
        return (self.today or dt.date.today()).year

    @cached_property
    def composed(self) -> LetterDocument | KKLetterError | None:
        """Return the composed letter, why it cannot be composed, or None (unknown parts).

        Without a known template and profile there is nothing to compose; otherwise the
        given `document` is used when there is one (the GUI composed it for the preview).
        """
        if self.spec is None or self.profile is None:
            return None
        if self.document is not None:
            return self.document
        try:
            return compose_letter(self.letter, self.catalogs)
        except KKLetterError as exc:
            return exc
