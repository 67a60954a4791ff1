"""Reading the runner's files within a stated ceiling, and quoting their values briefly.

Every file runstrong reads from the runner has a ceiling, checked before the first byte is
read, so a wrong file (a disk image, a video) is refused at once instead of filling memory.
A bad value from a file is quoted by its first characters only: a message stays one line
whatever the file holds.
"""

from __future__ import annotations

from pathlib import Path

from runstrong.domain.errors import InvalidInput

KB = 1024
MB = 1024 * KB
SHOWN_CHARS = 40


def shown(value: object, limit: int = SHOWN_CHARS) -> str:
    """The value quoted, cut to its first `limit` characters and "…" when longer."""
    text = str(value)
    return repr(text if len(text) <= limit else text[:limit] + "…")


def size_words(size: float) -> str:
    return f"{size / MB:.0f} MB" if size >= MB else f"{size / KB:.0f} KB"


def read_bounded(path: Path, limit: int, what: str, field: str | None = None) -> bytes:
    """The file's bytes, once its size is known to be within `limit`; else InvalidInput.

    `what` names the kind of file in the message ("a profile"); `field` is the option or
    field the error is reported under (the file's name when not given).
    """
    name = field or path.name or str(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise InvalidInput(
                name,
                f"{path.name} is {size_words(size)}, more than the {size_words(limit)} that "
                f"{what} can be; check that it is the right file",
            )
        with path.open("rb") as stream:
            data = stream.read(limit + 1)  # the file may have grown since
    except FileNotFoundError:
        raise InvalidInput(name, f"no such file: {path}") from None
    except IsADirectoryError:
        raise InvalidInput(name, f"{path} is a folder; give a file") from None
    except OSError as exc:
        raise InvalidInput(name, f"cannot read {path} ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise InvalidInput(
            name, f"{path.name} is more than the {size_words(limit)} that {what} can be"
        )
    return data
