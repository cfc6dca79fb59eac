"""Exceptions a front end (CLI, GUI) catches and shows to the user.

Every user mistake surfaces as a `KKLetterError` subclass whose `str()` is a complete,
one-line Danish message that says what is wrong and what to do. Programming errors stay
ordinary exceptions so tests catch them.
"""

from __future__ import annotations

import errno
from pathlib import Path

# The Danish reason for an OS error, for "... kan ikke læses: <reason>." Python's own
# `strerror` is English ("Permission denied") and would end up inside a Danish message.
_OS_REASONS = {
    errno.EACCES: "ingen adgang",
    errno.EPERM: "ingen adgang",
    errno.ENOENT: "findes ikke",
    errno.ENOSPC: "disken er fuld",
    getattr(errno, "EDQUOT", errno.ENOSPC): "disken er fuld",
    errno.ENAMETOOLONG: "navnet er for langt",
    errno.EROFS: "drevet er skrivebeskyttet",
    errno.EISDIR: "det er en mappe",
    errno.ENOTDIR: "en del af stien er ikke en mappe",
    errno.EEXIST: "findes allerede",
    errno.EIO: "fejl på disken",
    errno.EBUSY: "filen er i brug",
    errno.ETXTBSY: "filen er i brug",
    errno.EMFILE: "for mange åbne filer",
    errno.ENFILE: "for mange åbne filer",
    errno.ELOOP: "for mange symbolske links",
    errno.EINVAL: "ugyldigt navn",
    errno.ENOEXEC: "kan ikke køres",
    errno.ETIMEDOUT: "svarer ikke (tidsgrænse)",
    errno.ECONNREFUSED: "afviser forbindelsen",
    errno.EHOSTUNREACH: "kan ikke nås",
    errno.ENETUNREACH: "netværket kan ikke nås",
}


def os_reason(exc: OSError) -> str:
    """Return the Danish reason for OS error `exc` ("ingen adgang", "disken er fuld", ...)."""
    danish = getattr(exc, "danish_reason", None)  # kkletter.readfile.IrregularFileError
    if isinstance(danish, str):
        return danish
    reason = _OS_REASONS.get(exc.errno or -1)
    if reason:
        return reason
    return f"systemfejl {exc.errno}" if exc.errno else "systemfejl"


class KKLetterError(Exception):
    """Base class of every error a user can cause and fix."""

    def __init__(self, message: str, *, path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self.message


class DraftError(KKLetterError):
    """A draft file is missing, unreadable or malformed."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message, path=path)
        self.line = line
        self.column = column


class TemplateError(KKLetterError):
    """A template is unknown, broken, or asks for a field the letter lacks."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message, path=path)
        self.line = line
        self.field = field


class ProfileError(KKLetterError):
    """A sender profile is unknown or malformed; `line` is where, when known."""

    def __init__(self, message: str, *, path: Path | None = None, line: int | None = None) -> None:
        super().__init__(message, path=path)
        self.line = line


class LibraryError(KKLetterError):
    """An item of the library (signer, standard paragraph) is malformed or cannot be saved."""

    def __init__(self, message: str, *, path: Path | None = None, line: int | None = None) -> None:
        super().__init__(message, path=path)
        self.line = line


class ResourceError(KKLetterError):
    """A file the letter refers to (e.g. a signature image) is missing or unusable."""


class OutputError(KKLetterError):
    """The output file cannot be written."""


class ConversionError(KKLetterError):
    """An external conversion (LibreOffice to PDF) is missing or failed."""
