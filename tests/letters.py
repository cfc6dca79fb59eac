"""A complete letter around a body, for tests that are about the body."""

from __future__ import annotations

import datetime as dt

from kkletter.model import CaseRef, Letter, Recipient, Signer


def letter_with_body(body: str) -> Letter:
    """Return a complete brev from the mayor with `body`: nothing else gives a finding."""
    return Letter(
        template="brev",
        profile="sof-borgmester",
        date=dt.date(2026, 3, 2),
        subject="Svar",
        body=body,
        recipient=Recipient(name="DOK", salutation="Kære DOK"),
        case=CaseRef(number="2026-0012345", document="2026-0012345-7"),
        signer=Signer(name="Jesper Christensen", title="Borgmester"),
    )
