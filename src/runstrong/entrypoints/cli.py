"""The `runstrong` command line (Typer).

Start-up time matters: `runstrong --help` must stay quick, so this module imports only
Typer. Everything else (the library, Rich, later SQLAlchemy and friends) is imported
inside the command that needs it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:  # types only: the modules load inside the commands that need them
    import datetime as dt

    from runstrong.adapters.db.uow import SqlUnitOfWork
    from runstrong.domain.catalog import Catalog
    from runstrong.domain.plan import Plan

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


class PlanFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"


PlanFormatOption = Annotated[
    PlanFormat,
    typer.Option("--format", "-f", help="table for people, json for programs, markdown to share"),
]
CuesOption = Annotated[bool, typer.Option("--cues", help="show each exercise's cues")]
WeekOption = Annotated[int | None, typer.Option("--week", "-w", help="show only this week")]


def _check(path: Path, kind_name: str, force: bool, *, field: str = "--out") -> None:
    """Refuse a bad target before the work (a PDF takes seconds, the interview minutes)."""
    from runstrong.adapters import atomic
    from runstrong.config import database_files

    kind = getattr(atomic, kind_name)
    atomic.check_target(path, kind, field=field, force=force, protected=database_files())


def _check_save(path: Path, force: bool, *, field: str = "--save") -> None:
    _check(path, "PROFILE", force, field=field)


ForceOption = Annotated[
    bool,
    typer.Option("--force", help="write over an existing file even if it is of another kind"),
]


def _write(path: Path, data: bytes, kind_name: str, *, field: str = "--out", force: bool) -> None:
    """Every file the command line writes: checked first, then replaced in one step."""
    from runstrong.adapters import atomic
    from runstrong.config import database_files

    kind = getattr(atomic, kind_name)
    atomic.check_target(path, kind, field=field, force=force, protected=database_files())
    atomic.write_atomic(path, data, field=field)


profile_app = typer.Typer(help="Check runner profiles.", no_args_is_help=True)
app.add_typer(profile_app, name="profile")

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


@app.command()
def plan(
    profile: Annotated[
        Path | None,
        typer.Option("--profile", "-p", help="the runner's profile (JSON, TOML or YAML)"),
    ] = None,
    output: PlanFormatOption = PlanFormat.TABLE,
    cues: CuesOption = False,
    week: WeekOption = None,
    save: Annotated[
        Path,
        typer.Option(help="where to save your answers when runstrong asks the questions"),
    ] = Path("runstrong-profile.json"),
    force: ForceOption = False,
) -> None:
    """Make a periodised strength plan around your running week.

    Without --profile, asks a few questions and saves your answers as a profile file.
    """
    from runstrong.services import planning

    if profile is None:
        from runstrong.entrypoints import interview

        _check_save(save, force)  # before the questions, so no answer is typed in vain
        runner = interview.ask_profile()
        _write(save, planning.profile_json(runner), "PROFILE", field="--save", force=force)
        interview.saved(save)
    else:
        runner = planning.load_profile(profile)
    _show_plan(runner, output, cues, week)


@app.command()
def demo(
    runner: Annotated[
        str, typer.Option(help="which bundled example runner to plan for")
    ] = "intermediate-marathon-gym",
    output: PlanFormatOption = PlanFormat.TABLE,
    cues: CuesOption = False,
    week: WeekOption = None,
) -> None:
    """Plan for one of the bundled example runners."""
    from runstrong.services import planning

    _show_plan(planning.example_profile(runner), output, cues, week)


@app.command()
def assess(
    profile: Annotated[
        Path, typer.Option("--profile", "-p", help="the profile to add the results to")
    ],
    save: Annotated[
        Path | None, typer.Option(help="save the updated profile here instead (.json or .yaml)")
    ] = None,
    force: ForceOption = False,
) -> None:
    """Walk through the field tests; the results go into the profile and shape the plan."""
    from runstrong.entrypoints import interview, render_plan
    from runstrong.library.load import load_field_tests
    from runstrong.services import assessment

    target = save or profile
    _check_save(target, force, field="--save" if save else "--profile")
    results = interview.ask_assessment(load_field_tests(), _day(None))
    runner = assessment.record_assessment(profile, results, save)
    interview.saved(save or profile)
    render_plan.findings(assessment.findings(runner))
    render_plan.replan_hint(save or profile)


@profile_app.command("check")
def profile_check(
    file: Annotated[Path, typer.Argument(help="the profile to check")],
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """Validate a profile and show what runstrong understood, defaults filled in."""
    from runstrong.services import planning

    runner = planning.load_profile(file)
    if output is OutputFormat.JSON:
        sys.stdout.buffer.write(planning.profile_json(runner))
        return
    from runstrong.entrypoints import render_plan

    render_plan.profile_summary(runner)


def _show_plan(runner: object, output: PlanFormat, cues: bool, week: int | None) -> None:
    from runstrong.domain.athlete import Profile
    from runstrong.library import load_catalog
    from runstrong.services import planning

    assert isinstance(runner, Profile)
    catalog = load_catalog()
    made = planning.make_plan(runner, catalog)
    if week is not None and not 1 <= week <= len(made.weeks):
        from runstrong.domain.errors import InvalidInput

        raise InvalidInput("--week", f"the plan has weeks 1 to {len(made.weeks)}; got {week}")
    if output is PlanFormat.JSON:
        sys.stdout.buffer.write(planning.plan_json(made))
    elif output is PlanFormat.MARKDOWN:
        sys.stdout.write(planning.plan_markdown(made, catalog, with_cues=cues))
    else:
        from runstrong.entrypoints import render_plan

        render_plan.plan(made, catalog, with_cues=cues, only_week=week)


def _print_json(document: object) -> None:
    import orjson

    sys.stdout.buffer.write(orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n")
    sys.stdout.flush()


# -- the training log ----------------------------------------------------------------------

export_app = typer.Typer(help="Export plans and data.", no_args_is_help=True)
import_app = typer.Typer(help="Import data.", no_args_is_help=True)
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")

DateOption = Annotated[
    str | None, typer.Option("--date", "-d", help="the day, YYYY-MM-DD (default: today)")
]


def _day(value: str | None) -> dt.date:
    import datetime

    from runstrong.domain.errors import InvalidInput

    if value is None:
        return datetime.datetime.now().astimezone().date()  # the runner's local day
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput("--date", f"{value!r} is not a date; write it as YYYY-MM-DD") from None


def _now() -> dt.datetime:
    import datetime

    return datetime.datetime.now(datetime.UTC)


def _uow(*, create: bool = False) -> SqlUnitOfWork:
    """The configured database. Only commands that store a runner (`init`, `import all`)
    may create it: the others say there is no runner yet instead of leaving an empty file."""
    from runstrong.adapters.db import connect
    from runstrong.config import database_url, sqlite_file

    url = database_url()
    if not create:
        file = sqlite_file(url)
        if file is not None and not file.exists():
            from runstrong.services.training import NoRunner

            raise NoRunner()
    return connect(url)


@app.command()
def init(
    profile: Annotated[
        Path | None,
        typer.Option("--profile", "-p", help="the runner's profile; without it, runstrong asks"),
    ] = None,
    save: Annotated[Path, typer.Option(help="where to save your answers when asked")] = Path(
        "runstrong-profile.json"
    ),
    force: ForceOption = False,
) -> None:
    """Store the runner and the plan made for them (a changed profile re-plans from today)."""
    from runstrong.library import load_catalog
    from runstrong.services import planning, training

    if profile is None:
        from runstrong.entrypoints import interview

        _check_save(save, force)  # before the questions, so no answer is typed in vain
        runner = interview.ask_profile()
        _write(save, planning.profile_json(runner), "PROFILE", field="--save", force=force)
        interview.saved(save)
    else:
        runner = planning.load_profile(profile)
    started = training.init_runner(_uow(create=True), runner, load_catalog(), _day(None), _now())
    from runstrong.entrypoints import render_log

    render_log.started(started)


@app.command()
def today(
    date: DateOption = None,
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """The session due today (or on --date), with its cues."""
    from runstrong.library import load_catalog
    from runstrong.services import training

    catalog = load_catalog()
    due = training.today(_uow(), _day(date), catalog)
    if output is OutputFormat.JSON:
        _print_json(due)
        return
    from runstrong.entrypoints import render_log

    render_log.today(due, catalog, training.moving_on(_uow(), _day(date), catalog))


@app.command()
def week(
    date: DateOption = None,
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """This week's sessions (or the week holding --date), and what has been logged."""
    from runstrong.services import training

    this_week = training.week(_uow(), _day(date))
    if output is OutputFormat.JSON:
        _print_json(this_week)
        return
    from runstrong.entrypoints import render_log

    render_log.week(this_week)


@app.command()
def log(
    file: Annotated[
        Path | None,
        typer.Option("--file", "-f", help="a done session as JSON; without it, runstrong asks"),
    ] = None,
    date: DateOption = None,
) -> None:
    """Record a done session: from a file, or set by set with the plan's numbers as defaults."""
    from runstrong.library import load_catalog
    from runstrong.services import training

    catalog = load_catalog()
    day = _day(date)
    uow = _uow()
    data: object
    if file is None:
        from runstrong.entrypoints import interview

        planned = training.today(uow, day, catalog)
        data = interview.ask_session_log(planned["session"], day, catalog)
    else:
        data = _read_json_file(file)
    entry = training.parse_log(data, catalog, _day(None))
    done = training.log_session(uow, entry, _now())
    from runstrong.entrypoints import render_log

    render_log.logged(done)


# What a file the runner hands over may weigh: a session log is a few KB, a season's backup
# a few MB; anything far bigger is the wrong file, refused before it is read.
LOG_FILE_LIMIT = 5 * 1024 * 1024
BACKUP_FILE_LIMIT = 200 * 1024 * 1024


def _read_json_file(
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


@app.command()
def history(output: FormatOption = OutputFormat.TABLE) -> None:
    """Every logged session, oldest first."""
    from runstrong.services import training

    logs = training.history(_uow())
    if output is OutputFormat.JSON:
        _print_json([s.log.model_dump(mode="json") for s in logs])
        return
    from runstrong.entrypoints import render_log

    render_log.history(logs)


@app.command()
def progress() -> None:
    """Charts of weekly volume, key lifts and holds, adherence and test results over time."""
    from runstrong.library import load_catalog
    from runstrong.services import insights

    report = insights.progress(_uow(), _day(None), catalog=load_catalog())
    from runstrong.entrypoints import render_log

    render_log.progress(report)


@export_app.command("all")
def export_all(
    out: Annotated[Path, typer.Option("--out", "-o", help="the backup file to write (JSON)")],
    force: ForceOption = False,
) -> None:
    """A lossless JSON backup of the whole database."""
    import orjson

    from runstrong.services import training

    _check(out, "BACKUP", force)
    document = training.export_all(_uow())
    _write(out, orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n", "BACKUP", force=force)
    from runstrong.entrypoints import render

    render.console.print(
        f"Backed up {sum(len(r['sessions']) for r in document['runners'])} sessions to {out}"
    )


@import_app.command("all")
def import_all(
    file: Annotated[Path, typer.Argument(help="a backup made by `runstrong export all`")],
) -> None:
    """Restore a backup into an empty database."""
    from runstrong.library import load_catalog
    from runstrong.services import training

    document = _read_json_file(file, "a backup", BACKUP_FILE_LIMIT, "FILE")
    restored = training.import_all(_uow(create=True), document, load_catalog())
    from runstrong.entrypoints import render

    render.console.print(f"Restored {restored} sessions from {file}")


ProfileOption = Annotated[
    Path, typer.Option("--profile", "-p", help="the runner's profile (JSON, TOML or YAML)")
]


def _plan_for(profile: Path) -> tuple[Plan, Catalog]:
    from runstrong.library import load_catalog
    from runstrong.services import planning

    catalog = load_catalog()
    return planning.make_plan(planning.load_profile(profile), catalog), catalog


@export_app.command("ics")
def export_ics(
    profile: ProfileOption,
    out: Annotated[Path, typer.Option("--out", "-o", help="the calendar file to write (.ics)")],
    time: Annotated[
        str | None, typer.Option("--time", help="a time of day, HH:MM, instead of all-day events")
    ] = None,
    tz: Annotated[
        str, typer.Option("--tz", help="the time zone of --time, e.g. Europe/Berlin")
    ] = "UTC",
    force: ForceOption = False,
) -> None:
    """The plan as an iCalendar file: one event per session, the whole session inside."""
    import datetime

    from runstrong.adapters.exports import ical
    from runstrong.domain.errors import InvalidInput

    at = None
    if time is not None:
        try:
            at = datetime.time.fromisoformat(time)
        except ValueError:
            raise InvalidInput(
                "--time", f"{time!r} is not a time of day; write it as HH:MM"
            ) from None
    ical.zone(tz)  # an unknown zone is refused before any work
    _check(out, "CALENDAR", force)
    plan, catalog = _plan_for(profile)
    from runstrong.services.planning import field_test_names

    data = ical.render(plan, catalog, _now(), at, tz, test_names=field_test_names())
    _write(out, data, "CALENDAR", force=force)
    from runstrong.entrypoints import render

    render.console.print(f"Wrote {len(plan.sessions())} sessions to {out}")


@export_app.command("fit")
def export_fit(
    profile: ProfileOption,
    out: Annotated[Path, typer.Option("--out", "-o", help="the folder for the .fit workout files")],
    force: ForceOption = False,
) -> None:
    """One Garmin FIT workout file per strength session."""
    from runstrong.adapters.atomic import CannotWrite
    from runstrong.adapters.exports import fit
    from runstrong.adapters.exports.garmin_map import garmin_codes
    from runstrong.library.garmin import load_garmin_map

    if out.exists() and not out.is_dir():
        raise CannotWrite("--out", f"{out} is a file; give a folder for the .fit workouts")
    plan, _catalog = _plan_for(profile)
    files = fit.render_all(plan, garmin_codes(load_garmin_map()), _now())
    for name in files:  # every target checked before the first is written
        _check(out / name, "FIT", force)
    try:
        out.mkdir(parents=True, exist_ok=True)  # asked for by name
    except OSError as exc:
        raise CannotWrite("--out", f"cannot create the folder {out} ({exc.strerror})") from None
    for name, data in files.items():
        _write(out / name, data, "FIT", force=force)
    from runstrong.entrypoints import render

    render.console.print(f"Wrote {len(files)} workouts to {out}/")


@export_app.command("pdf")
def export_pdf(
    profile: ProfileOption,
    out: Annotated[Path, typer.Option("--out", "-o", help="the PDF file to write")],
    force: ForceOption = False,
) -> None:
    """A printable plan: the overview, then a page a week with its session cards."""
    from runstrong.adapters.exports import pdf
    from runstrong.services.planning import field_test_names

    _check(out, "PDF", force)
    plan, catalog = _plan_for(profile)
    with _printing_bar(len(plan.weeks)) as told:
        data = pdf.render(plan, catalog, test_names=field_test_names(), progress=told)
    _write(out, data, "PDF", force=force)
    from runstrong.entrypoints import render

    render.console.print(f"Wrote the plan ({len(plan.weeks)} weeks) to {out}")


# Printing takes about a second for every four weeks: from this length it is worth a bar.
_LONG_PLAN_WEEKS = 8


@contextmanager
def _printing_bar(weeks: int) -> Iterator[Callable[[int, int], None] | None]:
    """A bar on stderr while a long plan prints, only when stderr is a terminal (never in a
    pipe or a log); it goes away when the file is written."""
    from runstrong.entrypoints import render

    if weeks < _LONG_PLAN_WEEKS or not render.err_console.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn

    with Progress(
        TextColumn("Printing the plan"),
        BarColumn(),
        TextColumn("{task.completed} of {task.total} weeks"),
        console=render.err_console,
        transient=True,
    ) as bar:
        task = bar.add_task("print", total=weeks)
        yield lambda done, total: bar.update(task, completed=done, total=total)


@import_app.command("runs")
def import_runs(
    files: Annotated[
        list[Path], typer.Argument(help=".ics calendars and .fit, .gpx or .tcx activities")
    ],
    output: FormatOption = OutputFormat.TABLE,
    apply: Annotated[
        bool,
        typer.Option(
            "--apply", help="update the stored runner's running week and re-plan from today"
        ),
    ] = False,
    date: DateOption = None,
) -> None:
    """Read your running (calendar or watch files) and infer the `running` part of a profile.

    --date reads the files as of that day (the last six weeks before it count).
    """
    from runstrong.entrypoints import render
    from runstrong.services import running_import

    found = running_import.read_running(files, _day(date))
    running = found.running
    for note in found.notes:  # on stderr: stdout carries only the document asked for
        render.err_console.print(note)
    if output is OutputFormat.JSON:
        _print_json(running)
    else:
        from runstrong.entrypoints import render_log

        render_log.running(running)
    if apply:
        from runstrong.entrypoints import render_log
        from runstrong.library import load_catalog

        started = running_import.apply_running(_uow(), running, load_catalog(), _day(None), _now())
        if output is not OutputFormat.JSON:
            render_log.started(started)
