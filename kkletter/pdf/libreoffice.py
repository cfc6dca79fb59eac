"""Convert DOCX letters to tagged, accessible PDF through headless LibreOffice.

Each conversion runs `soffice` with a private, throw-away user profile (so it neither
collides with a LibreOffice the user has open nor with a parallel conversion), exports a
tagged PDF (structure tree, document title and language taken from the DOCX), and has a
timeout. The DOCX is never touched; each PDF is moved into place atomically, so a failed
or interrupted conversion leaves no half-written PDF behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from kkletter.errors import ConversionError, os_reason
from kkletter.safefile import write_file as write_atomic

# LibreOffice >= 7.4 accepts JSON filter options on the command line.
PDF_FILTER = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
DEFAULT_TIMEOUT = 120.0

SofficeFinder = Callable[[], "Path | None"]

_INSTALL_HINT = (
    "Installér LibreOffice (https://da.libreoffice.org) og prøv igen; "
    "DOCX-filen er gemt og kan bruges i mellemtiden."
)


def soffice_candidates() -> list[Path]:
    """Return the usual install locations of `soffice` on Windows and Linux."""
    if sys.platform == "win32":
        roots = [os.environ.get(name, "") for name in ("ProgramFiles", "ProgramFiles(x86)")]
        roots += [r"C:\Program Files", r"C:\Program Files (x86)"]
        return [Path(root) / "LibreOffice" / "program" / "soffice.exe" for root in roots if root]
    candidates = [Path("/usr/bin/soffice"), Path("/usr/lib/libreoffice/program/soffice")]
    candidates += sorted(Path("/opt").glob("libreoffice*/program/soffice"), reverse=True)
    candidates.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    return candidates


def find_soffice(path: str | None = None) -> Path | None:
    """Return the `soffice` executable on `path` (default: PATH) or in a usual folder."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name, path=path)
        if found:
            return Path(found)
    for candidate in soffice_candidates():
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def convert_to_pdf(
    docx: Path,
    pdf: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    finder: SofficeFinder = find_soffice,
) -> Path:
    """Convert `docx` to a tagged PDF at `pdf` and return `pdf`.

    Raises `ConversionError` (Danish message) when LibreOffice is missing, fails or
    exceeds `timeout` seconds. `docx` is always kept.
    """
    convert_many([(docx, pdf)], timeout=timeout, finder=finder)
    return pdf


def convert_many(
    pairs: Sequence[tuple[Path, Path]],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    finder: SofficeFinder = find_soffice,
) -> list[Path]:
    """Convert each `(docx, pdf)` pair in one LibreOffice run; return the PDFs written.

    One run saves LibreOffice's start-up (1-3 s) per letter, which matters for mail
    merge. `timeout` applies to the whole run.
    """
    if not pairs:
        return []
    for docx, _ in pairs:
        if not docx.is_file():
            raise ConversionError(
                f"DOCX-filen {docx} findes ikke, så der kan ikke laves en PDF. "
                "Gem brevet som DOCX først.",
                path=docx,
            )
    soffice = finder()
    if soffice is None:
        raise ConversionError(
            f"LibreOffice blev ikke fundet, så PDF-filen kunne ikke laves. {_INSTALL_HINT}"
        )
    with tempfile.TemporaryDirectory(prefix="kkletter-pdf-") as tmp_name:
        tmp = Path(tmp_name)
        inputs = _stage_inputs(pairs, tmp / "in")
        out_dir = tmp / "out"
        out_dir.mkdir()
        command = [
            str(soffice),
            f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            PDF_FILTER,
            "--outdir",
            str(out_dir),
            *(str(path) for path in inputs),
        ]
        log = _run(command, timeout=timeout, cwd=tmp)
        written: list[Path] = []
        for staged, (docx, pdf) in zip(inputs, pairs, strict=True):
            result = out_dir / f"{staged.stem}.pdf"
            data = result.read_bytes() if result.is_file() else b""
            if not data.startswith(b"%PDF"):
                detail = _last_line(log)
                raise ConversionError(
                    f"LibreOffice kunne ikke lave en PDF af {docx.name}"
                    + (f" ({detail})" if detail else "")
                    + ". Åbn DOCX-filen i Word eller LibreOffice og gem den som PDF derfra.",
                    path=pdf,
                )
            write_atomic(pdf, data)
            written.append(pdf)
        return written


def _stage_inputs(pairs: Iterable[tuple[Path, Path]], folder: Path) -> list[Path]:
    """Copy the inputs under plain, distinct names so LibreOffice's output names are known."""
    folder.mkdir()
    staged = []
    for index, (docx, _) in enumerate(pairs):
        target = folder / f"brev-{index:05d}.docx"
        shutil.copyfile(docx, target)
        staged.append(target)
    return staged


def _run(command: list[str], *, timeout: float, cwd: Path) -> str:
    """Run LibreOffice, killing its whole process group on timeout; return its output."""
    popen_extra: dict[str, object] = {}
    if sys.platform == "win32":
        popen_extra["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
    else:
        popen_extra["start_new_session"] = True
    env = dict(os.environ, SAL_USE_VCLPLUGIN="svp")
    try:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
            env=env,
            **popen_extra,  # type: ignore[call-overload]
        )
    except OSError as exc:
        raise ConversionError(
            f"LibreOffice ({command[0]}) kunne ikke startes: {os_reason(exc)}. {_INSTALL_HINT}"
        ) from exc
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process)
        process.communicate()
        raise ConversionError(
            f"LibreOffice svarede ikke inden for {timeout:g} sekunder, så PDF-filen blev ikke "
            "lavet. Luk andre LibreOffice-vinduer og prøv igen; DOCX-filen er gemt."
        ) from None
    except BaseException:  # Ctrl+C: leave no LibreOffice behind
        _kill(process)
        process.communicate()
        raise
    text = output.decode("utf-8", "replace") if output else ""
    if process.returncode != 0:
        detail = _last_line(text)
        raise ConversionError(
            f"LibreOffice stoppede med fejlkode {process.returncode}"
            + (f" ({detail})" if detail else "")
            + ", så PDF-filen blev ikke lavet. DOCX-filen er gemt."
        )
    return text


def _kill(process: subprocess.Popen[bytes]) -> None:
    if sys.platform == "win32":
        process.kill()
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _last_line(log: str) -> str:
    lines = [
        line.strip()
        for line in log.splitlines()
        if line.strip() and "javaldx" not in line and not line.startswith("convert ")
    ]
    return lines[-1][:200] if lines else ""
