"""Readers of the runner's own files: calendars (.ics) and recorded activities (.fit, .gpx, .tcx).

Each reader turns a file into the domain's plain records (`runstrong.domain.running`) and
every problem into `InvalidInput(file name, problem)`: a runner never sees a traceback.
Files are read as a stream, so memory stays flat however long the file; the size
ceilings below are only a last guard against a file that cannot be a runner's export.
"""

from __future__ import annotations

from pathlib import Path

from runstrong.domain.errors import InvalidInput

MB = 1024 * 1024
# A day-long run recorded every second is about 25 MB as GPX or TCX and 3 MB as FIT.
MAX_ACTIVITY_BYTES = {".fit": 32 * MB, ".gpx": 128 * MB, ".tcx": 128 * MB}
# A calendar is read line by line and only the events within reach of the window are
# parsed; years of a busy calendar come to a few MB.
MAX_CALENDAR_BYTES = 64 * MB


def checked_size(path: Path, limit: int, what: str) -> int:
    """The file's size in bytes, once it is known to be a readable file within the limit."""
    name = path.name or str(path)
    try:
        if not path.exists():
            raise InvalidInput(name, f"no such file: {path}")
        if path.is_dir():
            raise InvalidInput(name, "this is a folder; give the files inside it")
        size = path.stat().st_size
    except OSError as exc:
        raise InvalidInput(name, f"cannot be read ({exc.strerror or exc})") from None
    if size == 0:
        raise InvalidInput(name, "the file is empty")
    if size > limit:
        raise InvalidInput(
            name,
            f"the file is {size / MB:.0f} MB, more than the {limit // MB} MB that {what} can "
            "be here; check that it is the right file, or export a shorter stretch",
        )
    return size
