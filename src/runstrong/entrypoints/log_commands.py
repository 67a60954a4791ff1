"""The bodies of the log commands (`today`, `week`, `log`, `history`, `progress`), apart
from Typer.

A runner types these every day and waits for them, so `main` runs the usual shapes of
these lines straight from here: loading Typer and the pydantic adapters it builds its
options with costs more than answering. `cli.py` declares the same commands for Typer
(help, completion, unusual spellings) and calls these functions, so both ways give the
same answer.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from runstrong.adapters.db.uow import SqlUnitOfWork
    from runstrong.domain.ports import LogUnitOfWork, ReadUnitOfWork

HISTORY_PAGE = 20  # sessions a page of `history` shows unless told otherwise

# What a file the runner hands over may weigh: a session log is a few KB, a season's backup
# a few MB; anything far bigger is the wrong file, refused before it is read.
LOG_FILE_LIMIT = 5 * 1024 * 1024


def day(value: str | None) -> dt.date:
    import datetime

    from runstrong.adapters.files import shown
    from runstrong.domain.errors import InvalidInput

    if value is None:
        return datetime.datetime.now().astimezone().date()  # the runner's local day
    try:
        found = datetime.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            "--date", f"{shown(value)} is not a date; write it as YYYY-MM-DD"
        ) from None
    # Weeks and windows are counted around the day, so the last and first years Python
    # can hold are out of reach; no plan or log is that far away.
    if not 1900 <= found.year <= 9998:
        raise InvalidInput("--date", f"{found} is too far away; give a date from 1900 to 9998")
    return found


def now() -> dt.datetime:
    import datetime

    return datetime.datetime.now(datetime.UTC)


def print_json(document: object) -> None:
    import orjson

    sys.stdout.buffer.write(orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n")
    sys.stdout.flush()


def _stored_url() -> str:
    """The configured database, where a runner may be stored: a SQLite file that is not
    there means no runner yet, said instead of leaving an empty file behind."""
    from runstrong.adapters.db.lite import plain_sqlite_file
    from runstrong.config import database_url

    url = database_url()
    file = plain_sqlite_file(url)  # without SQLAlchemy, for the quick paths
    if file is None:
        from runstrong.config import sqlite_file  # other URLs load SQLAlchemy anyway

        file = sqlite_file(url)
    if file is not None and not file.exists():
        from runstrong.services.training import NoRunner

        raise NoRunner()
    return url


def storage(*, create: bool = False) -> SqlUnitOfWork:
    """The configured database. Only commands that store a runner (`init`, `import all`)
    may create it: the others say there is no runner yet."""
    from runstrong.adapters.db import connect
    from runstrong.config import database_url

    return connect(database_url() if create else _stored_url())


def reader() -> ReadUnitOfWork:
    """For a command that only reads: a plain SQLite file at the newest schema is read with
    the standard library's sqlite3, which starts far quicker than SQLAlchemy."""
    from runstrong.adapters.db.lite import reader as quick_reader

    return quick_reader(_stored_url())


def writer() -> LogUnitOfWork:
    """For recording a session: sqlite3 for a plain SQLite file at the newest schema, the
    SQLAlchemy unit of work for anything else."""
    from runstrong.adapters.db.lite import log_writer

    return log_writer(_stored_url())


def read_json_file(
    path: Path, what: str = "a session log", limit: int = LOG_FILE_LIMIT, field: str = "--file"
) -> object:
    from runstrong.adapters.files import read_bounded
    from runstrong.domain.errors import InvalidInput
    from runstrong.services.planning import parse_json_text

    data = read_bounded(path, limit, what, field)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(field, f"{path.name} is not UTF-8 text") from None
    return parse_json_text(text, f"{field} ({path.name})")


def today(date: str | None, as_json: bool) -> None:
    from runstrong.library import load_catalog
    from runstrong.services import training

    catalog = load_catalog()
    due = training.today(reader(), day(date), catalog)
    if as_json:
        print_json(due)
        return
    from runstrong.entrypoints import render_log

    render_log.today(due, catalog, training.moving_on(reader(), day(date), catalog))


def week(date: str | None, as_json: bool) -> None:
    from runstrong.services import training

    this_week = training.week(reader(), day(date))
    if as_json:
        print_json(this_week)
        return
    from runstrong.entrypoints import render_log

    render_log.week(this_week)


def log(file: Path, date: str | None) -> None:
    """`log --file F`: the questions, --edit, --delete and --replace live in cli.py."""
    from runstrong.library import load_catalog
    from runstrong.services import training

    catalog = load_catalog()
    entry = training.parse_log(read_json_file(file), catalog, day(None))
    try:
        done = training.log_session(writer(), entry, now())
    except training.SessionConflict as conflict:
        resend = f"runstrong log --file {file} --replace"
        raise training.SessionConflict(conflict.stored, resend) from None
    from runstrong.entrypoints import render_log

    render_log.logged(done)


def history(as_json: bool, limit: int | None, page: int | None, every: bool) -> None:
    from runstrong.services import training

    if every and (limit is not None or page is not None):
        from runstrong.domain.errors import InvalidInput

        raise InvalidInput("--all", "shows every session; leave out --limit and --page")
    # JSON is for programs, which have always had the whole list: a page only when asked.
    whole = every or (as_json and limit is None and page is None)
    size = None if whole else (HISTORY_PAGE if limit is None else limit)
    found = training.history_page(reader(), size, page or 1)
    if as_json:
        print_json([s.log.model_dump(mode="json") for s in found.logs])
        return
    from runstrong.entrypoints import render_log

    render_log.history(found)


def progress() -> None:
    from runstrong.library import load_catalog
    from runstrong.services import insights

    report = insights.progress(reader(), day(None), catalog=load_catalog())
    from runstrong.entrypoints import render_log

    render_log.progress(report)


# -- the usual shapes of these lines, read without Typer ------------------------------------

# Each command's options: its spellings, and whether it takes a value.
_OPTIONS: dict[str, dict[str, tuple[str, bool]]] = {
    "today": {"--date": ("date", True), "-d": ("date", True),
              "--format": ("format", True), "-f": ("format", True)},
    "week": {"--date": ("date", True), "-d": ("date", True),
             "--format": ("format", True), "-f": ("format", True)},
    "history": {"--format": ("format", True), "-f": ("format", True),
                "--limit": ("limit", True), "-n": ("limit", True),
                "--page": ("page", True), "--all": ("all", False)},
    "progress": {},
    "log": {"--file": ("file", True), "--date": ("date", True), "-d": ("date", True)},
}  # fmt: skip


def plain_request(args: list[str]) -> tuple[str, dict[str, str]] | None:
    """The command and its options when the line is a log command in a shape this module
    reads exactly like Typer (known options, each once, sound values); None for anything
    else, which then goes through Typer as usual (help, errors, other spellings)."""
    if not args or args[0] not in _OPTIONS:
        return None
    command, known = args[0], _OPTIONS[args[0]]
    found: dict[str, str] = {}
    rest = list(args[1:])
    while rest:
        flag = rest.pop(0)
        name, eq, inline = flag.partition("=")
        if name not in known:
            return None
        key, takes_value = known[name]
        if key in found:
            return None
        if not takes_value:
            if eq:
                return None
            found[key] = "yes"
            continue
        if eq:
            value = inline
        elif rest and not rest[0].startswith("-"):
            value = rest.pop(0)
        else:
            return None
        found[key] = value
    if found.get("format", "table") not in ("table", "json"):
        return None
    if any(not found[k].isdigit() for k in ("limit", "page") if k in found):
        return None
    if command == "log" and "file" not in found:
        return None  # the questions: Typer's prompts are not worth copying
    return command, found


def run(command: str, options: dict[str, str]) -> None:
    """Run a line `plain_request` read."""
    as_json = options.get("format") == "json"
    date = options.get("date")
    if command == "today":
        today(date, as_json)
    elif command == "week":
        week(date, as_json)
    elif command == "progress":
        progress()
    elif command == "log":
        log(Path(options["file"]), date)
    else:
        limit, page = options.get("limit"), options.get("page")
        history(
            as_json,
            None if limit is None else int(limit),
            None if page is None else int(page),
            "all" in options,
        )
