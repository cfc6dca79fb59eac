"""Open drafts by double-click on Linux: a freedesktop.org `.desktop` entry for kkletter.

`kkletter install-desktop` writes `kkletter.desktop` into the user's applications
folder (`$XDG_DATA_HOME/applications`, usually `~/.local/share/applications`). It
offers kkletter for TOML files (`application/toml`), so "Åbn med" lists it; making it
the default is one command, which the install prints. Windows: see the README.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from kkletter.errors import OutputError, os_reason
from kkletter.safefile import write_file as write_atomic

DESKTOP_NAME = "kkletter.desktop"
MIME_TYPE = "application/toml"


def applications_folder(environ: dict[str, str] | None = None) -> Path:
    """Return the user's folder of `.desktop` entries (XDG base directory rules)."""
    env = os.environ if environ is None else environ
    data = env.get("XDG_DATA_HOME", "").strip()
    return (Path(data) if data else Path.home() / ".local" / "share") / "applications"


def desktop_entry(python: str | None = None) -> str:
    """Return the `.desktop` entry that starts kkletter with `python` on a draft (%f)."""
    command = " ".join(_exec_quote(arg) for arg in (python or sys.executable, "-m", "kkletter"))
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.0",
            "Name=kkletter",
            "GenericName=Breve for Københavns Kommune",
            "Comment=Skriv, kontrollér og eksportér breve, notater og høringssvar",
            f"Exec={command} %f",
            "Icon=accessories-text-editor",
            "Terminal=false",
            "Categories=Office;WordProcessor;",
            f"MimeType={MIME_TYPE};",
            "StartupNotify=true",
            "",
        ]
    )


_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def _exec_quote(arg: str) -> str:
    """Quote `arg` for an Exec key (double quotes; `"`, `` ` ``, `$`, `\\` escaped)."""
    if arg and not _RESERVED & set(arg):
        return arg
    inner = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    # The Exec value is itself a string value, whose backslashes are escaped again.
    return '"' + inner.replace("\\", "\\\\") + '"'


def install_desktop(folder: Path | None = None, python: str | None = None) -> Path:
    """Write `kkletter.desktop` into `folder` (default: the user's); return its path."""
    folder = folder or applications_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"Mappen {folder} kan ikke oprettes ({os_reason(exc)}). Vælg en anden med --dir.",
            path=folder,
        ) from exc
    path = folder / DESKTOP_NAME
    write_atomic(path, desktop_entry(python).encode("utf-8"))
    return path
