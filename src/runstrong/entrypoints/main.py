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
    """Console entry point: user errors become a message and exit code, never a traceback."""
    import os

    from runstrong.domain.errors import RunstrongError

    # runstrong uses no pydantic plugins; looking for them scans every installed package.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
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
            return
        from runstrong.entrypoints.cli import app

        app()
    except RunstrongError as error:
        from runstrong.entrypoints import render

        render.error(str(error))
        sys.exit(error.exit_code)
    except BrokenPipeError:  # `runstrong exercises | head` closes the pipe early
        sys.stderr.close()
        sys.exit(0)
    except Exception as error:
        message = _database_trouble(error)
        if message is None:
            raise
        from runstrong.entrypoints import render

        render.error(message)
        sys.exit(2)


def _database_trouble(error: Exception) -> str | None:
    """A one-line message for a database that stopped answering mid-command (a statement
    timeout, a dropped connection), or None for anything else. SQLAlchemy is only looked up
    when it is already loaded: a command that never touched the database pays nothing."""
    exc = sys.modules.get("sqlalchemy.exc")
    if exc is None or not isinstance(error, exc.OperationalError):
        return None
    lines = str(error.orig).strip().splitlines() or [type(error.orig).__name__]
    return (
        f"the database stopped answering: {lines[0][:200]}; try again, and check the server "
        "named in RUNSTRONG_DATABASE_URL"
    )
