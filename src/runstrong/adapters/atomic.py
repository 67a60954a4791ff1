"""Writing a file so that it is either the old one or the new one, never half of either.

Every file runstrong writes for a person (exports, backups, saved profiles) goes through
`write_atomic`: the bytes go to a temporary file in the same folder, are flushed and
fsynced, and the temporary file is renamed over the target in one step (`os.replace`). A
kill, a full disk or an error leaves the previous file whole, and the temporary file is
removed on every error path.

`check_target` runs first and refuses to write over the database itself, or over an
existing file of another kind (a PDF over a backup, a calendar over a profile), unless
`--force` says so.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from runstrong.domain.errors import InvalidInput

# Enough of a file to tell what it is, without reading a large one whole.
_SNIFF_BYTES = 4096


@dataclass(frozen=True, slots=True)
class FileKind:
    """A kind of file runstrong writes: what to call it and how to recognise one."""

    name: str
    suffixes: tuple[str, ...]


PDF = FileKind("PDF", (".pdf",))
CALENDAR = FileKind("calendar", (".ics", ".ical", ".ifb", ".icalendar"))
FIT = FileKind("FIT workout", (".fit",))
ZIP = FileKind("zip archive", (".zip",))
BACKUP = FileKind("runstrong backup", (".json",))
PROFILE = FileKind("profile", (".json", ".yaml", ".yml", ".toml"))
MARKDOWN = FileKind("Markdown", (".md", ".markdown", ".txt"))


class CannotWrite(InvalidInput):
    """A file could not be written, or may not be written over (exit 2)."""


def what_is(path: Path) -> str | None:
    """The kind of an existing file, by content first and name second; None when empty."""
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if not head.strip():
        return None
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"SQLite format 3\x00"):
        return "SQLite database"
    if stripped.startswith(b"%PDF-"):
        return PDF.name
    if stripped[:15].upper() == b"BEGIN:VCALENDAR":
        return CALENDAR.name
    if len(head) >= 12 and head[8:12] == b".FIT":
        return FIT.name
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return ZIP.name
    if stripped.startswith((b"{", b"[")):
        if b'"runstrong.backup/' in head:
            return BACKUP.name
        return PROFILE.name if path.suffix.lower() in PROFILE.suffixes else "JSON file"
    if b"\x00" in head:
        return "binary file"
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml", ".toml"):
        return PROFILE.name
    if suffix in MARKDOWN.suffixes:
        return MARKDOWN.name
    return "text file"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_target(
    path: Path,
    kind: FileKind,
    *,
    field: str = "--out",
    force: bool = False,
    protected: Iterable[Path] = (),
) -> None:
    """Refuse a target that would destroy something: the database, a folder, another kind.

    The database (and its journal files) is refused even with --force: a plan written over
    the runner's log is never what was meant, and deleting it is one `rm` away.
    """
    for database in protected:
        siblings = [database] + [
            database.with_name(database.name + end) for end in ("-wal", "-shm", "-journal")
        ]
        if any(_same_file(path, s) or path.resolve() == s.resolve() for s in siblings):
            raise CannotWrite(
                field,
                f"{path} is runstrong's database; choose another file for the {kind.name}",
            )
    if path.is_dir():
        raise CannotWrite(field, f"{path} is a folder; give a file name for the {kind.name}")
    folder = path.parent
    # Said before the work, not after it; the FIT export makes its own folder, by name.
    if kind is not FIT and not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise CannotWrite(field, f"{folder} {what}; create the folder or choose another path")
    if not path.exists() or force or _special(path):
        return  # a device or a pipe is written into, never replaced (write_atomic)
    try:
        found = what_is(path)
    except OSError as exc:
        raise CannotWrite(field, f"cannot read {path} to check what it is ({_why(exc)})") from None
    if found is None or found == kind.name:
        return
    raise CannotWrite(
        field,
        f"{path} is a {found}, not a {kind.name}; choose another file, "
        f"or add --force to replace it",
    )


def write_atomic(path: Path, data: bytes, *, field: str = "--out") -> None:
    """Replace `path` with `data` in one step: the old file stays whole if anything fails."""
    if path.is_symlink():
        path = path.resolve()  # write the file the link points to; the link stays a link
    if _special(path):
        _write_into(path, data, field)
        return
    folder = path.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise CannotWrite(field, f"{folder} {what}; create the folder or choose another path")
    temporary = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666  # umask applies
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except OSError as exc:
        raise CannotWrite(field, f"cannot write in {folder} ({_why(exc)})") from None
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(descriptor, view)
                view = view[written:]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, path)
    except BaseException as exc:  # a kill by signal, Ctrl-C or a full disk: clean up
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(exc, OSError):
            raise CannotWrite(field, f"cannot write {path} ({_why(exc)})") from None
        raise
    _sync_folder(folder)


def _special(path: Path) -> bool:
    """A device or a pipe (/dev/stdout, /dev/full, a FIFO): renaming a file over it would
    replace the device itself (as root, /dev/full would become a plain file)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or stat.S_ISBLK(mode)


def _write_into(path: Path, data: bytes, field: str) -> None:
    try:
        descriptor = os.open(path, os.O_WRONLY)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
        finally:
            os.close(descriptor)
    except OSError as exc:
        why = "the disk is full" if exc.errno == errno.ENOSPC else _why(exc)
        raise CannotWrite(field, f"cannot write {path} ({why})") from None


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; some file systems cannot, which is fine."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _why(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full; the previous file is unchanged"
    if error.errno == errno.EFBIG:
        return "the file is too large for this system; the previous file is unchanged"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.EROFS:
        return "the file system is read-only"
    return error.strerror or type(error).__name__
