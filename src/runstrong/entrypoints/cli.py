"""The `runstrong` command line (Typer).

Start-up time matters: `runstrong --help` must stay quick, so this module imports only
Typer. Everything else (the library, Rich, later SQLAlchemy and friends) is imported
inside the command that needs it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from runstrong.entrypoints import log_commands, replan_command

if TYPE_CHECKING:  # types only: the modules load inside the commands that need them
    import datetime as dt
    from typing import Any

    from runstrong.adapters.db.uow import SqlUnitOfWork
    from runstrong.domain.athlete import Profile
    from runstrong.domain.catalog import Catalog
    from runstrong.domain.plan import Plan
    from runstrong.services.training import Logged

NOT_MEDICAL = (
    "runstrong is a training tool, not a medical device: it does not diagnose or treat "
    "injuries. Pain that lasts, grows or goes above 5/10 needs a professional."
)

app = typer.Typer(
    name="runstrong",
    help="A strength-training coach for distance runners.",
    epilog=NOT_MEDICAL,
    no_args_is_help=True,
    # `runstrong --install-completion` sets up tab completion for bash, zsh, fish or
    # PowerShell; `--show-completion` prints the script instead.
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(asked: bool) -> None:
    if asked:
        from runstrong import __version__

        sys.stdout.write(f"runstrong {__version__}\n")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="print the version and exit",
        ),
    ] = False,
) -> None:
    """A strength-training coach for distance runners."""


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


class PlanFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"


NoPagerOption = Annotated[
    bool,
    typer.Option("--no-pager", help="print everything at once instead of through the pager"),
]


def _paged(no_pager: bool) -> AbstractContextManager[None]:
    from runstrong.entrypoints.render import paged

    return paged(not no_pager)


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


def _interview(save: Path, force: bool) -> Profile:
    """The questions, then the answers saved as a profile. Checked before the first
    question: a file already there is replaced only when the runner says so (or --force),
    and answers that fail the final check are saved anyway, to be fixed, not typed again."""
    from runstrong.domain.errors import InvalidInput
    from runstrong.entrypoints import interview
    from runstrong.services import planning

    _check_save(save, force)
    if save.exists() and not force and not interview.confirm_replace(save):
        raise InvalidInput(
            "--save", f"{save} already exists; choose another file with --save, or add --force"
        )
    answers = interview.ask_profile_answers()
    try:
        runner = planning.validate_profile(answers)
    except InvalidInput:
        _write(save, planning.answers_json(answers), "PROFILE", field="--save", force=True)
        interview.answers_kept_profile(save)
        raise
    _write(save, planning.profile_json(runner), "PROFILE", field="--save", force=True)
    interview.saved(save)
    return runner


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
    no_pager: NoPagerOption = False,
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

    with _paged(no_pager):
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
    no_pager: NoPagerOption = False,
) -> None:
    """Read one guide in the terminal."""
    from runstrong.library import load_catalog

    catalog = load_catalog()
    found = catalog.guide(guide_id.strip())
    if output is OutputFormat.JSON:
        _print_json(found.model_dump(mode="json"))
        return
    from runstrong.entrypoints import render

    with _paged(no_pager):
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
    no_pager: NoPagerOption = False,
) -> None:
    """Make a periodised strength plan around your running week.

    Without --profile, asks a few questions and saves your answers as a profile file.
    """
    from runstrong.services import planning

    if profile is None:
        runner = _interview(save, force)
    else:
        runner = planning.load_profile(profile)
    _show_plan(runner, output, cues, week, no_pager)


@app.command()
def demo(
    runner: Annotated[
        str, typer.Option(help="which bundled example runner to plan for")
    ] = "intermediate-marathon-gym",
    output: PlanFormatOption = PlanFormat.TABLE,
    cues: CuesOption = False,
    week: WeekOption = None,
    no_pager: NoPagerOption = False,
) -> None:
    """Plan for one of the bundled example runners."""
    from runstrong.services import planning

    _show_plan(planning.example_profile(runner), output, cues, week, no_pager)


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
    from runstrong.domain.errors import InvalidInput
    from runstrong.entrypoints import interview, render_plan
    from runstrong.library.load import load_field_tests
    from runstrong.services import assessment, planning

    if save is None and profile.suffix.lower() not in assessment.WRITABLE:
        # runstrong cannot write TOML without losing the runner's comments and layout: the
        # results go into a JSON copy, agreed before the tests, never refused after them.
        save = profile.with_suffix(".json")
        if save.exists() and not force:
            raise InvalidInput(
                "--save",
                f"{profile.name} is TOML, which runstrong does not rewrite, and {save.name} "
                "exists; give --save FILE.json (or .yaml) for a copy with the results",
            )
        if not interview.agree_copy(profile, save):
            raise InvalidInput("--save", "give --save FILE.json (or .yaml) for the results")
    elif save is not None and save.suffix.lower() not in assessment.WRITABLE:
        raise InvalidInput(
            "--save", f"runstrong writes profiles as .json or .yaml, not {save.name}"
        )
    target = save or profile
    # Everything that can be wrong with the files is said before the questions are asked.
    planning.load_profile(profile)
    assessment.check_writable(target)
    _check_save(target, force, field="--save" if save else "--profile")
    results = interview.ask_assessment(load_field_tests(), _day(None))
    try:
        runner = assessment.record_assessment(profile, results, save)
    except Exception:
        _keep_results(results)
        raise
    interview.saved(target)
    render_plan.findings(assessment.findings(runner))
    render_plan.replan_hint(target)


def _keep_results(results: dict[str, Any]) -> None:
    """Field-test results that could not go into the profile, saved so none is redone."""
    import orjson

    from runstrong.adapters.atomic import write_atomic
    from runstrong.entrypoints import interview

    kept = Path(f"runstrong-assessment-{results.get('date', 'today')}.json").resolve()
    try:
        write_atomic(kept, orjson.dumps(results, option=orjson.OPT_INDENT_2) + b"\n")
    except OSError:
        return
    interview.results_kept(kept)


@profile_app.command("check")
def profile_check(
    file: Annotated[Path, typer.Argument(help="the profile to check")],
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """Validate a profile and show what runstrong understood, defaults filled in."""
    from runstrong.services import planning

    runner = planning.load_profile(file, field="FILE")
    if output is OutputFormat.JSON:
        sys.stdout.buffer.write(planning.profile_json(runner))
        return
    from runstrong.entrypoints import render_plan

    render_plan.profile_summary(runner)


def _show_plan(
    runner: object, output: PlanFormat, cues: bool, week: int | None, no_pager: bool = False
) -> None:
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

        with _paged(no_pager):
            render_plan.plan(made, catalog, with_cues=cues, only_week=week)


def _print_json(document: object) -> None:
    log_commands.print_json(document)


# -- the training log ----------------------------------------------------------------------

export_app = typer.Typer(help="Export plans and data.", no_args_is_help=True)
import_app = typer.Typer(help="Import data.", no_args_is_help=True)
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")
from runstrong.entrypoints.admin_commands import admin_app  # noqa: E402 (the app is made above)

app.add_typer(admin_app, name="admin")

DateOption = Annotated[
    str | None, typer.Option("--date", "-d", help="the day, YYYY-MM-DD (default: today)")
]


def _day(value: str | None) -> dt.date:
    return log_commands.day(value)


def _now() -> dt.datetime:
    return log_commands.now()


def _uow(*, create: bool = False) -> SqlUnitOfWork:
    return log_commands.storage(create=create)


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
        runner = _interview(save, force)
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
    log_commands.today(date, output is OutputFormat.JSON)


@app.command()
def week(
    date: DateOption = None,
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """This week's sessions (or the week holding --date), and what has been logged."""
    log_commands.week(date, output is OutputFormat.JSON)


@app.command()
def log(
    file: Annotated[
        Path | None,
        # No short form: `-f` means --format on every command that has one.
        typer.Option("--file", help="a done session as JSON; without it, runstrong asks"),
    ] = None,
    date: DateOption = None,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="keep this session instead of the one logged with its id"),
    ] = False,
    delete: Annotated[
        str | None,
        typer.Option("--delete", metavar="ID", help="remove the logged session with this id"),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="with --delete: do not ask")] = False,
    edit: Annotated[
        str | None,
        typer.Option("--edit", metavar="ID", help="go through a logged session again and fix it"),
    ] = None,
) -> None:
    """Record a done session: from a file, or set by set with the plan's numbers as defaults.

    The same id sent again with the same content is recorded once; with other content
    it is refused unless --replace says the new one should win.
    """
    from runstrong.library import load_catalog
    from runstrong.services import training

    if delete is not None:
        if file is not None or replace:
            from runstrong.domain.errors import InvalidInput

            raise InvalidInput("--delete", "goes on its own, without --file or --replace")
        _delete_log(delete, yes)
        return
    catalog = load_catalog()
    if edit is not None:
        if file is not None or replace:
            from runstrong.domain.errors import InvalidInput

            raise InvalidInput("--edit", "goes on its own, without --file or --replace")
        edited = _edit_log(edit, catalog)
        if edited is not None:
            from runstrong.entrypoints import render_log

            render_log.logged(edited)
        return
    day = _day(date)
    uow = _uow()
    data: object
    if file is None:
        from runstrong.entrypoints import interview

        if day > _day(None):  # said before the questions, not after them
            from runstrong.domain.errors import InvalidInput

            raise InvalidInput("--date", f"{day} is in the future; log a session once it is done")
        planned = training.today(uow, day, catalog)
        data = interview.ask_session_log(planned["session"], day, catalog)
        if not data["items"]:
            interview.nothing_to_log()
            return
        done = _keep_answers_if_refused(data, lambda: _record_log(uow, data, catalog))
    else:
        done = _record_log(uow, _read_json_file(file), catalog, replace=replace, file=file)
    from runstrong.entrypoints import render_log

    render_log.logged(done)


def _record_log(
    uow: SqlUnitOfWork,
    data: object,
    catalog: Catalog,
    *,
    replace: bool = False,
    file: Path | None = None,
) -> Logged:
    from runstrong.services import training

    entry = training.parse_log(data, catalog, _day(None))
    if replace:
        return training.replace_session_log(uow, entry, _now())
    try:
        return training.log_session(uow, entry, _now())
    except training.SessionConflict as conflict:
        if file is None:
            raise
        resend = f"runstrong log --file {file} --replace"
        raise training.SessionConflict(conflict.stored, resend) from None


def _edit_log(log_id: str, catalog: Catalog) -> Logged | None:
    """`log --edit ID`: the session asked again with its own numbers as the defaults, then
    stored in place of the old one in one step (the old one stays if anything fails)."""
    from runstrong.entrypoints import interview
    from runstrong.services import training

    uow = _uow()
    stored = training.logged_session(uow, log_id)
    data = interview.ask_session_edit(stored.log.model_dump(mode="json"), catalog)
    if not data["items"]:
        interview.nothing_left(log_id)
        return None
    return _keep_answers_if_refused(data, lambda: _record_log(uow, data, catalog, replace=True))


def _keep_answers_if_refused(data: dict[str, Any], record: Callable[[], Logged]) -> Logged:
    """Record what was typed; if it cannot be (a busy or unreachable database, a refusal),
    the answers are saved to a file first, so minutes of typing are never lost."""
    try:
        return record()
    except Exception as refused:  # whatever it is, the answers are saved before it is told
        import orjson

        from runstrong.adapters.atomic import write_atomic
        from runstrong.entrypoints import interview

        kept = Path(f"runstrong-log-{data['date']}-{str(data['id'])[:8]}.json").resolve()
        try:
            write_atomic(kept, orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
        except OSError:
            raise refused from None
        interview.answers_kept(kept)
        raise


app.command("replan")(replan_command.replan)


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="the address to listen on; 127.0.0.1 keeps it to this machine")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="the port to listen on")] = 8000,
    threads: Annotated[
        int, typer.Option(min=1, max=64, help="requests answered at once (4 suits SQLite)")
    ] = 4,
    multi_user: Annotated[
        bool,
        typer.Option(
            "--multi-user", help="accounts and sign-in, for many runners and their coaches"
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            min=1, max=64, help="processes answering (more for PostgreSQL; a dead one is replaced)"
        ),
    ] = 1,
) -> None:
    """The web app and the REST API (OpenAPI at /api/v1/openapi.json), over the same database."""
    import uvicorn

    from runstrong.entrypoints.web.app import create_app, settings_for_workers

    if workers == 1:
        from runstrong.entrypoints.web.app import keep_out_of_collections

        app_ = create_app(threads=threads, multi_user=multi_user)
        keep_out_of_collections()
    else:
        # Each worker makes its own app from the same settings; none keeps state that the
        # others need (sessions, limits and logs are in the database).
        create_app(threads=threads, multi_user=multi_user)  # migrated, and any error said, now
        settings_for_workers(threads=threads, multi_user=multi_user)
    if multi_user:
        sys.stderr.write(
            "Accounts are made with `runstrong admin create-user NAME --role coach`.\n"
        )
    sys.stderr.write(f"runstrong is at http://{host}:{port}/ (Ctrl-C stops it)\n")
    if workers == 1:
        uvicorn.run(app_, host=host, port=port, log_level="warning")
    else:
        from runstrong.entrypoints.web.listening import run_workers

        run_workers("runstrong.entrypoints.web.app:app_for_a_worker", host, port, workers)


def _delete_log(log_id: str, yes: bool) -> None:
    """`log --delete ID`: asks first on a terminal; a script says --yes."""
    from runstrong.entrypoints import render
    from runstrong.services import training

    uow = _uow()
    stored = training.logged_session(uow, log_id)
    what = (
        f"session {stored.log.id} of {stored.log.date} ({len(stored.log.items)} exercises, "
        f"logged {training.said_in_utc(stored.logged_at)})"
    )
    if not yes:
        if not sys.stdin.isatty():
            from runstrong.domain.errors import InvalidInput

            raise InvalidInput(
                "--yes", f"deleting {what} cannot be undone; add --yes to delete it without asking"
            )
        if not typer.confirm(f"Delete {what}? It cannot be undone", default=False):
            render.console.print("Nothing deleted.")
            return
    training.delete_session_log(uow, log_id)
    from rich.text import Text

    render.console.print(Text(f"Deleted {what}."))  # an id is text, never Rich markup


# A backup of a season is a few MB; anything far bigger is the wrong file, refused unread.
BACKUP_FILE_LIMIT = 200 * 1024 * 1024


def _read_json_file(
    path: Path,
    what: str = "a session log",
    limit: int = log_commands.LOG_FILE_LIMIT,
    field: str = "--file",
) -> object:
    return log_commands.read_json_file(path, what, limit, field)


@app.command()
def history(
    output: FormatOption = OutputFormat.TABLE,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            help=f"sessions a page (default {log_commands.HISTORY_PAGE}; JSON: all unless given)",
        ),
    ] = None,
    page: Annotated[
        int | None, typer.Option("--page", help="which page: 1 is the newest, 2 the ones before")
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="every session, on one page")] = False,
) -> None:
    """The logged sessions, the newest a page at a time; each page reads oldest first."""
    log_commands.history(output is OutputFormat.JSON, limit, page, every)


@app.command()
def progress() -> None:
    """Charts of weekly volume, key lifts and holds, adherence and test results over time."""
    log_commands.progress()


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
    Path | None,
    typer.Option(
        "--profile",
        "-p",
        help="the runner's profile (JSON, TOML or YAML); without it, the stored runner's "
        "plan with the log's adjustments (as runstrong today shows them)",
    ),
]


def _plan_for(profile: Path | None) -> tuple[Plan, Catalog]:
    from runstrong.library import load_catalog
    from runstrong.services import planning

    catalog = load_catalog()
    if profile is None:
        from runstrong.services.exporting import stored_plan

        return stored_plan(_uow(), _day(None), catalog), catalog
    return planning.make_plan(planning.load_profile(profile), catalog), catalog


@export_app.command("ics")
def export_ics(
    out: Annotated[Path, typer.Option("--out", "-o", help="the calendar file to write (.ics)")],
    profile: ProfileOption = None,
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
            from runstrong.adapters.files import shown

            raise InvalidInput(
                "--time", f"{shown(time)} is not a time of day; write it as HH:MM"
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
    out: Annotated[Path, typer.Option("--out", "-o", help="the folder for the .fit workout files")],
    profile: ProfileOption = None,
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
    out: Annotated[Path, typer.Option("--out", "-o", help="the PDF file to write")],
    profile: ProfileOption = None,
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


def _on_terminal() -> bool:
    """Whether someone is there to answer a question (tests replace this)."""
    return sys.stdin.isatty()


def _running_lines(running: dict[str, object]) -> str:
    km = running.get("weekly_km")
    week = running.get("week")
    days = ", ".join(f"{d} {k}" for d, k in week.items()) if isinstance(week, dict) else "?"
    return f"{'unknown' if km is None else f'{km:g}'} km a week; {days}"


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
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="with --apply: store the change without asking")
    ] = False,
    date: DateOption = None,
) -> None:
    """Read your running (calendar or watch files) and infer the `running` part of a profile.

    Calendar events count only when they say they are running (run, tempo, intervals,
    parkrun, long run, race...); the others are skipped and counted. A file that cannot be
    read is named and the others are still read. --date reads the files as of that day
    (the last six weeks before it count). --apply shows the change and asks first.
    """
    from rich.markup import escape

    from runstrong.entrypoints import render
    from runstrong.services import running_import

    found = running_import.read_running(files, _day(date))
    running = found.running
    for note in found.notes:  # on stderr: stdout carries only the document asked for
        render.err_console.print(escape(note))
    if output is OutputFormat.JSON:
        _print_json(running)
    else:
        from runstrong.entrypoints import render_log

        render_log.running(running)
    if not apply:
        return
    from runstrong.domain.errors import InvalidInput
    from runstrong.entrypoints import render_log
    from runstrong.library import load_catalog

    running_import.check_applicable(found)
    before = running_import.stored_running(_uow())
    after = running_import.applied_running(before, running)
    if after == before:
        render.err_console.print("The stored runner already runs this week; nothing changed.")
        return
    render.err_console.print(f"Stored now:  {escape(_running_lines(before))}")
    render.err_console.print(f"Would store: {escape(_running_lines(after))}")
    if not yes:
        if not _on_terminal():
            raise InvalidInput(
                "--yes",
                "not stored: there is no terminal to ask; add --yes to store the change "
                "without being asked",
            )
        from rich.prompt import Confirm

        try:
            agreed = Confirm.ask("Store it and re-plan from today?", console=render.err_console)
        except EOFError:  # the terminal closed before an answer: nothing was agreed to
            agreed = False
        if not agreed:
            render.err_console.print("Nothing changed.")
            return
    started = running_import.apply_running(_uow(), running, load_catalog(), _day(None), _now())
    if output is not OutputFormat.JSON:
        render_log.started(started)
    else:
        render.err_console.print(
            f"Stored profile version {started.profile_version}, plan in force from "
            f"{started.valid_from}."
        )
