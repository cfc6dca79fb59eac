"""The register's errors (a light module: importing it loads no database code)."""

from __future__ import annotations

from kkletter.errors import KKLetterError


class RegisterError(KKLetterError):
    """The register cannot be used; the message says why and what to do."""


class RegisterUnavailableError(RegisterError):
    """The database cannot be reached right now (network, server down)."""
