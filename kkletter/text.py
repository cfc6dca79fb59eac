"""Text hygiene: make user text safe for XML without losing what the user meant.

Text pasted from PDFs and Word carries form feeds, vertical tabs, NULs and other C0
control characters that XML 1.0 forbids; one of them makes a DOCX unreadable.
"""

from __future__ import annotations

import re

# Characters XML 1.0 forbids, plus the C1 controls and non-characters pasted text brings.
_ILLEGAL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufdd0-\ufdef\ufffe\uffff]")
_SURROGATES = re.compile("[\ud800-\udfff]")
# Line-ish controls become a line break so paragraphs pasted from PDFs stay apart.
# (A regex: str.translate with a mapping walks every character in Python-level steps.)
_LINEISH = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")


def clean_text(text: str) -> str:
    """Return `text` with XML-illegal characters removed and line-like controls as newlines.

    Carriage returns are normalised to newlines; tabs stay.
    """
    text = _LINEISH.sub("\n", text)
    # Lone surrogates (from broken clipboard data) cannot be encoded at all.
    text = _SURROGATES.sub("", text)
    return _ILLEGAL.sub("", text)


def is_clean(text: str) -> bool:
    """Return whether `text` needs no cleaning."""
    return clean_text(text) == text
