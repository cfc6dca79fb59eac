"""Exceptions a front end (CLI, GUI) catches and shows to the user.

Every user mistake surfaces as a `KKLetterError` subclass whose `str()` is a complete,
one-line Danish message that says what is wrong and what to do. Programming errors stay
ordinary exceptions so tests catch them.
"""

from __future__ import annotations

from pathlib import Path


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
