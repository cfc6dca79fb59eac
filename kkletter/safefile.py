"""Write a file safely: the one path every writer in kkletter goes through.

Use `write_file(path, data, inputs=...)` for every file kkletter writes (drafts, DOCX,
PDF, merge summary and journal, autosave, library). It

- refuses to write over any of `inputs` (the files the same command reads), compared
  after following symlinks and by device/inode, so `render d.toml -o d.toml` cannot
  replace the draft with DOCX bytes;
- follows a symlink to the real file and replaces that file, so the link stays a link;
- refuses a read-only target (mode without write bits) or one that is not a regular file
  (a folder, a FIFO, a device) with a Danish message, and writes nothing;
- keeps the mode of the file it replaces; a new file gets the usual 0666 minus umask
  (never the 0600 of a temporary file);
- is atomic: the bytes go to a temporary file in the same folder, are flushed to disk and
  then moved over the target with `os.replace`; the temporary file is removed on every
  failure, Ctrl+C included;
- turns every OS error into an `OutputError` with a Danish one-line message that names
  the path (`describe_os_error`).

`check_target(path, inputs=...)` runs the same refusals without writing; call it before
expensive work (composing, converting) so a user learns about a bad output path first.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

from kkletter.errors import OutputError

# Most file systems (ext4, NTFS, APFS) limit one name to 255 bytes (UTF-8 on Linux).
MAX_NAME_BYTES = 255
_TMP_SUFFIX = ".tmp"


def describe_os_error(exc: OSError, path: Path) -> str:
    """Return a Danish sentence for `exc` that names `path` and says what to do."""
    code = exc.errno
    if code in (errno.EACCES, errno.EPERM):
        return (
            f"Ingen adgang til {path}. Vælg en placering, du har skriveadgang til, eller luk "
            "filen, hvis den er åben i et andet program (fx Word)."
        )
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", -1):
        return f"Der er ikke plads på disken til {path}. Frigør plads eller vælg et andet drev."
    if code == errno.ENAMETOOLONG:
        return _name_too_long(path)
    if code == errno.EROFS:
        return f"Drevet med {path} er skrivebeskyttet. Vælg en anden placering."
    if code == errno.ENOENT:
        return f"Mappen {path.parent} findes ikke. Opret den eller vælg en anden placering."
    if code == errno.ENOTDIR:
        return f"En del af stien {path} er en fil, ikke en mappe. Vælg en anden placering."
    if code == errno.EISDIR:
        return f"{path} er en mappe, ikke en fil. Angiv et filnavn."
    if code == errno.EEXIST:
        return f"{path} findes allerede. Vælg et andet navn."
    if code == errno.EIO:
        return f"Der opstod en fejl på disken under arbejdet med {path}. Prøv igen."
    return f"Kan ikke skrive {path} (systemfejl {code}). Prøv igen eller vælg en anden placering."


def _name_too_long(path: Path) -> str:
    """Blame the part that is too long: the file name, a folder's name, or the whole path."""

    def size(text: str) -> int:
        return len(text.encode("utf-8", "surrogateescape"))

    if size(path.name) > MAX_NAME_BYTES:
        return (
            f"Filnavnet er for langt: {path.name[:60]}… ({size(path.name)} bytes; højst "
            f"{MAX_NAME_BYTES}). Vælg et kortere navn."
        )
    for part in path.parent.parts:
        if size(part) > MAX_NAME_BYTES:
            return (
                f"Navnet på mappen {part[:60]}… er for langt ({size(part)} bytes; højst "
                f"{MAX_NAME_BYTES}). Vælg en anden mappe."
            )
    return f"Stien {str(path)[:60]}… er for lang ({size(str(path))} bytes). Vælg en kortere sti."


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def check_target(path: Path, *, inputs: Iterable[Path] = ()) -> Path:
    """Raise `OutputError` if `path` may not be written; return the real file to write.

    The real file is `path` with symlinks followed.
    """
    if len(path.name.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES:
        raise OutputError(describe_os_error(OSError(errno.ENAMETOOLONG, ""), path), path=path)
    try:
        real = path.resolve()
    except OSError as exc:  # a folder name too long, a symlink loop
        raise OutputError(describe_os_error(exc, path), path=path) from exc
    for source in inputs:
        if _same_file(real, source) or real == source.resolve():
            raise OutputError(
                f"{path} er også en af kommandoens inddata ({source.name}) og ville blive "
                "overskrevet. Vælg et andet navn til output.",
                path=path,
            )
    try:
        info = real.stat()
    except FileNotFoundError:
        if not real.parent.is_dir():
            raise OutputError(
                describe_os_error(OSError(errno.ENOENT, ""), real), path=path
            ) from None
        return real
    except OSError as exc:
        raise OutputError(describe_os_error(exc, real), path=path) from exc
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{path} er en mappe, ikke en fil. Angiv et filnavn.", path=path)
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(
            f"{path} er ikke en almindelig fil (fx en pipe eller en enhed) og kan ikke "
            "overskrives. Vælg et andet navn.",
            path=path,
        )
    if not info.st_mode & 0o222 or not os.access(real, os.W_OK):
        raise OutputError(
            f"{path} er skrivebeskyttet, så den er ikke ændret. Fjern skrivebeskyttelsen "
            "eller gem under et andet navn.",
            path=path,
        )
    return real


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _temp_name(real: Path) -> str:
    """Return a hidden temporary name next to `real` that fits the name limit."""
    token = secrets.token_hex(4)
    room = MAX_NAME_BYTES - len(token) - len(_TMP_SUFFIX) - 3
    stem = real.name.encode("utf-8", "surrogateescape")[:room].decode("utf-8", "ignore")
    return f".{stem}.{token}{_TMP_SUFFIX}"


def write_file(path: Path, data: bytes, *, inputs: Iterable[Path] = ()) -> None:
    """Write `data` to `path` atomically, refusing to replace any of `inputs`.

    See the module docstring for what is guaranteed; every failure is an `OutputError`
    and leaves the target as it was.
    """
    real = check_target(path, inputs=inputs)
    try:
        mode = stat.S_IMODE(real.stat().st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    except OSError as exc:
        raise OutputError(describe_os_error(exc, real), path=path) from exc
    tmp = real.parent / _temp_name(real)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise OutputError(describe_os_error(exc, real), path=path) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, real)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise OutputError(describe_os_error(exc, real), path=path) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def is_temp_file(path: Path) -> bool:
    """Return True if `path` looks like a temporary file `write_file` left behind."""
    return path.name.startswith(".") and path.name.endswith(_TMP_SUFFIX)
