"""The `runstrong` command line (Typer).

Start-up time matters: `runstrong --help` must stay quick, so this module imports only
Typer. Everything else (the library, Rich, later SQLAlchemy and friends) is imported
inside the command that needs it.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

NOT_MEDICAL = (
    "runstrong is a training tool, not a medical device: it does not diagnose or treat "
    "injuries. Pain that lasts, grows or goes above 5/10 needs a professional."
)

app = typer.Typer(
    name="runstrong",
    help="A strength-training coach for distance runners.",
    epilog=NOT_MEDICAL,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="table for people, json for programs")
]


@app.command()
def exercises(
    block: Annotated[
        list[str] | None,
        typer.Option(help="session block: warmup, mobility, power, strength, accessory, core"),
    ] = None,
    level: Annotated[
        list[str] | None,
        typer.Option(help="basics, foundational, intermediate, advanced"),
    ] = None,
    equipment: Annotated[
        list[str] | None,
        typer.Option(
            help="what you have (home, gym, or names like dumbbell); shows what you can do with it"
        ),
    ] = None,
    region: Annotated[list[str] | None, typer.Option(help="lower, upper, core")] = None,
    target: Annotated[
        list[str] | None,
        typer.Option(help="an injury area (achilles, knee, ...) or imbalance (calf_strength, ...)"),
    ] = None,
    pattern: Annotated[
        list[str] | None, typer.Option(help="movement pattern, e.g. squat, calf, hop")
    ] = None,
    search: Annotated[str | None, typer.Option("--search", "-s", help="words to look for")] = None,
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """List the exercise library, filtered. Options take several values (repeat or use commas)."""
    from runstrong.library import load_catalog
    from runstrong.services import library

    query = library.build_query(
        block=block,
        level=level,
        equipment=equipment,
        region=region,
        target=target,
        pattern=pattern,
        search=search,
    )
    found = load_catalog().find(query)
    if output is OutputFormat.JSON:
        _print_json(library.exercises_document(found))
        return
    from runstrong.entrypoints import render

    render.exercise_table(found)


@app.command()
def exercise(
    exercise_id: Annotated[
        str, typer.Argument(metavar="ID", help="exercise id, e.g. goblet-squat")
    ],
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """Show one exercise: cues, ladder, home substitutes, video and guides."""
    from runstrong.library import load_catalog
    from runstrong.services import library

    detail = library.exercise_detail(load_catalog(), exercise_id)
    if output is OutputFormat.JSON:
        _print_json(detail.as_record())
        return
    from runstrong.entrypoints import render

    render.exercise_detail(detail)


@app.command()
def guides(output: FormatOption = OutputFormat.TABLE) -> None:
    """List the learn hub's guides."""
    from runstrong.library import load_catalog
    from runstrong.services import library

    catalog = load_catalog()
    if output is OutputFormat.JSON:
        _print_json(library.guides_document(catalog.guides))
        return
    from runstrong.entrypoints import render

    render.guide_table(catalog.guides)


@app.command()
def guide(
    guide_id: Annotated[str, typer.Argument(metavar="ID", help="guide id, e.g. plyometrics")],
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """Read one guide in the terminal."""
    from runstrong.library import load_catalog

    catalog = load_catalog()
    found = catalog.guide(guide_id.strip())
    if output is OutputFormat.JSON:
        _print_json(found.model_dump(mode="json"))
        return
    from runstrong.entrypoints import render

    render.guide(found, catalog)


def _print_json(document: object) -> None:
    import orjson

    sys.stdout.buffer.write(orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n")
    sys.stdout.flush()


def main() -> None:
    """Console entry point: user errors become a message and exit code, never a traceback."""
    from runstrong.domain.errors import RunstrongError

    try:
        app()
    except RunstrongError as error:
        from runstrong.entrypoints import render

        render.error(str(error))
        sys.exit(error.exit_code)
    except BrokenPipeError:  # `runstrong exercises | head` closes the pipe early
        sys.stderr.close()
        sys.exit(0)
