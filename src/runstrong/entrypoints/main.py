"""The console entry point: the one place errors become messages and exit codes.

Kept apart from the Typer app so the busiest machine call, `plan --profile F --format
json`, and the log commands a runner waits for (`today`, `week`, `log --file`, `history`,
`progress`) can answer without loading Typer at all.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _json_plan_request(args: list[str]) -> Path | None:
    """The profile path when the command is exactly `plan --profile F --format json`.

    Programs call this contract command in loops, so it skips Typer (whose parameter
    handling costs more than making the plan): nothing else may be on the line, and any
    other shape goes through Typer as usual.
    """
    if not args or args[0] != "plan":
        return None
    profile: str | None = None
    output: str | None = None
    rest = list(args[1:])
    while rest:
        flag = rest.pop(0)
        name, eq, inline = flag.partition("=")
        if name not in ("--profile", "-p", "--format", "-f"):
            return None
        if eq:
            value = inline
        elif rest:
            value = rest.pop(0)
        else:
            return None
        if name in ("--profile", "-p"):
            profile = value
        else:
            output = value
    if profile is None or output != "json" or profile.startswith("-"):
        return None
    return Path(profile)


def _print_plan_json(profile: Path) -> None:
    from runstrong.library import load_catalog
    from runstrong.services import planning

    made = planning.make_plan(planning.load_profile(profile), load_catalog())
    sys.stdout.buffer.write(planning.plan_json(made))
    sys.stdout.flush()


def main() -> None:
    """Console entry point: every failure becomes a one-line message and an exit code (2 for
    what the runner can fix, 1 for a defect of runstrong's), never a traceback."""
    import os

    # runstrong uses no pydantic plugins; looking for them scans every installed package.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _tolerant_streams()
    try:
        code = _run()
        _flush_output()
    except BaseException as error:
        code = _told(error)
    sys.exit(code)


def _run() -> int:
    import os

    fast = _json_plan_request(sys.argv[1:])
    if fast is not None:
        # A one-shot process: cycle collection during the imports finds nothing to
        # free and costs about a tenth of the run.
        import gc

        gc.disable()
        _print_plan_json(fast)
        # The answer is written and flushed and nothing else needs closing, so the
        # interpreter's teardown (longer than making the plan) is skipped.
        sys.stderr.flush()
        os._exit(0)
    from runstrong.entrypoints import log_commands

    plain = log_commands.plain_request(sys.argv[1:])
    if plain is not None:
        # The log commands a runner types daily, without Typer: see log_commands.
        log_commands.run(*plain)
        return 0
    from runstrong.entrypoints.cli import app

    # Click's own handling would print its usage errors in pydantic's words over several
    # lines and let other errors through as tracebacks: they are told here instead.
    result = app(standalone_mode=False, prog_name="runstrong")  # also under python -m
    return result if isinstance(result, int) else 0


def _tolerant_streams() -> None:
    """A terminal that cannot show every character (PYTHONIOENCODING=ascii, LANG=C) gets a
    "?" for the ones it lacks, not a crash halfway through the output; answers typed in
    another encoding read the same way."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if not encoding.startswith("utf") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def _flush_output() -> None:
    """Write out what is still buffered while a failure can be told (a full disk under
    stdout shows only here)."""
    sys.stdout.flush()


def _told(error: BaseException) -> int:
    """Say what went wrong in one line and give the exit code."""
    from runstrong.domain.errors import RunstrongError

    if isinstance(error, SystemExit):
        return error.code if isinstance(error.code, int) else (0 if error.code is None else 1)
    if isinstance(error, BrokenPipeError):  # `runstrong exercises | head` closes the pipe early
        _silence_output()
        return 0
    if isinstance(error, KeyboardInterrupt):
        _say("stopped; nothing more was written")
        return 130
    if type(error).__name__ == "NoArgsIsHelpError":  # `runstrong export`: the help is the answer
        error.show()  # type: ignore[attr-defined]
        return 2
    if isinstance(error, RunstrongError):
        _say(str(error) if error.exit_code == 1 else " ".join(str(error).split()))
        return error.exit_code
    message = _click_trouble(error) or _database_trouble(error) or _system_trouble(error)
    if message is not None:
        _say(message)
        return 2
    if _debugging():
        import traceback

        traceback.print_exception(error)
    _say(
        f"runstrong failed ({type(error).__name__}: {_first_line(error)}); this is a bug in "
        "runstrong, please report it with the command you ran (RUNSTRONG_DEBUG=1 shows details)"
    )
    return 1


def _debugging() -> bool:
    import os

    return bool(os.environ.get("RUNSTRONG_DEBUG"))


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines() or [""]
    return lines[0][:200]


def _say(message: str) -> None:
    try:
        from runstrong.entrypoints import render

        render.error(message)
        sys.stderr.flush()
    except Exception:
        pass


def _silence_output() -> None:
    """Point stdout at nothing, so the interpreter's last flush of a broken pipe or a full
    disk does not print a second complaint."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _click_trouble(error: BaseException) -> str | None:
    """A usage mistake Click found (an unknown option, a value of the wrong kind), named
    by the option as it is spelled and said in plain words."""
    import typer

    if isinstance(error, typer.Abort):
        return "stopped before the end of the answers; nothing was saved"
    if not hasattr(error, "format_message") or not hasattr(error, "exit_code"):
        return None
    from runstrong.domain.validation import plain_problems, plain_text

    cause = error.__cause__
    text = plain_text(str(error.format_message()))
    if cause is not None and hasattr(cause, "errors"):
        problems = plain_problems(cause.errors())
        if problems:
            hint = getattr(error, "param_hint", None) or _option_name(error)
            text = f"{hint}: {problems[0][1]}" if hint else problems[0][1]
    command = getattr(getattr(error, "ctx", None), "command_path", "runstrong") or "runstrong"
    command = command.replace("python -m runstrong", "runstrong").split(" ", 1)
    where = "runstrong" + (f" {command[1]}" if len(command) > 1 else "")
    return f"{' '.join(text.split())} (see `{where} --help`)"


def _option_name(error: BaseException) -> str | None:
    param = getattr(error, "param", None)
    options = getattr(param, "opts", None)
    if options:
        return str(max(options, key=len))  # --week rather than -w
    return None


def _database_trouble(error: BaseException) -> str | None:
    """A one-line message for a database that stopped answering mid-command (a statement
    timeout, a dropped connection) or a URL naming a driver that is not there, or None for
    anything else. SQLAlchemy is only looked up when it is already loaded: a command that
    never touched the database pays nothing."""
    exc = sys.modules.get("sqlalchemy.exc")
    if exc is None:
        return None
    if isinstance(error, exc.NoSuchModuleError) or (
        isinstance(error, ImportError) and _raised_in(error, "sqlalchemy/dialects")
    ):
        return (
            "RUNSTRONG_DATABASE_URL: runstrong cannot load the database driver it names; "
            "use sqlite:///PATH or postgresql://USER@HOST/DATABASE"
        )
    if isinstance(error, exc.ArgumentError):
        return f"RUNSTRONG_DATABASE_URL: not a database URL ({_first_line(error)})"
    if not isinstance(error, exc.OperationalError):
        return None
    lines = str(error.orig).strip().splitlines() or [type(error.orig).__name__]
    return (
        f"the database stopped answering: {lines[0][:200]}; try again, and check the server "
        "named in RUNSTRONG_DATABASE_URL"
    )


def _raised_in(error: BaseException, part: str) -> bool:
    trace = error.__traceback__
    while trace is not None:
        if part in trace.tb_frame.f_code.co_filename.replace("\\", "/"):
            return True
        trace = trace.tb_next
    return False


_ADVICE = {
    "ENOSPC": "the disk is full; free some space and try again",
    "EDQUOT": "the disk quota is used up; free some space and try again",
    "EFBIG": "the file is too large for this system",
    "EACCES": "permission denied; check who may read and write it, or choose another place",
    "EPERM": "not permitted here; choose another place",
    "EROFS": "the file system is read-only; choose another place",
    "ENOENT": "no such file or folder; check the path",
    "ENOTDIR": "part of the path is a file, not a folder; check the path",
    "EISDIR": "it is a folder; give a file",
    "ENAMETOOLONG": "the name is too long; choose a shorter path",
    "ELOOP": "too many symbolic links; check the path",
    "EIO": "the disk reported an error; check the disk and try again",
}


def _system_trouble(error: BaseException) -> str | None:
    """A file or folder the system refused (no permission, a full disk, a read-only place),
    named with what to do; and the other limits a runner's input can reach."""
    import errno

    if isinstance(error, OSError):
        if error.errno in (errno.ENOSPC, errno.EIO) and error.filename is None:
            _silence_output()  # stdout itself could not be written
            name = errno.errorcode.get(error.errno or 0, "")
            return f"cannot write the output: {_ADVICE.get(name, error.strerror)}"
        name = errno.errorcode.get(error.errno or 0, "")
        advice = _ADVICE.get(name) or (error.strerror or type(error).__name__).lower()
        where = error.filename if error.filename is not None else "a file"
        return f"{where}: {advice}"
    if isinstance(error, RecursionError):
        return "the input is nested too deeply to be a runstrong file"
    if isinstance(error, MemoryError):
        return "the input is too large to work with; check that it is the right file"
    return None
