"""Nothing lost, nothing hangs, no traceback: the database under kills, races, locks,
damaged files, other programs' databases, newer schemas and hostile backups.

Races and kills use real processes (a start barrier, SIGKILL), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from runstrong.adapters.db import connect, dispose
from runstrong.adapters.db.errors import DamagedDatabase, ForeignDatabase, NewerDatabase
from runstrong.adapters.db.revision import HEAD_REVISION
from runstrong.domain.errors import InvalidInput
from runstrong.services import training
from tests.e2e.process import run_runstrong
from tests.integration.test_training_log import CATALOG, NOW, profile, record, session_log, started

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
# Logs sent through the command line are checked against the real clock: a done day.
DONE = dt.datetime.now().astimezone().date() - dt.timedelta(days=3)


def tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return set(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def scalar(url: str, query: str) -> Any:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(query)).scalar()
    finally:
        engine.dispose()


def execute(url: str, *statements: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def runstrong(url: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_runstrong(*args, env={"RUNSTRONG_DATABASE_URL": url, **env})


@pytest.fixture
def pg_databases(postgres_server: str | None) -> Iterator[Callable[[], str]]:
    """Makes new, empty PostgreSQL databases on demand; drops them afterwards."""
    if not postgres_server:
        if os.environ.get("RUNSTRONG_REQUIRE_PG") == "1":
            pytest.fail("RUNSTRONG_REQUIRE_PG=1 but no PostgreSQL server is available")
        pytest.skip("no PostgreSQL server here (set RUNSTRONG_TEST_PG_URL)")
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def make() -> str:
        name = f"rs_{uuid.uuid4().hex[:12]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return make_url(postgres_server).set(database=name).render_as_string(hide_password=False)

    yield make
    dispose()
    with admin.connect() as connection:
        for name in made:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


# -- folders, other programs' databases, newer schemas, damaged files -----------------------


def test_a_missing_folder_is_refused_by_name_and_not_created(tmp_path: Path) -> None:
    folder = tmp_path / "typo" / "deeper"
    with pytest.raises(InvalidInput) as refused:
        connect(f"sqlite:///{folder / 'runstrong.db'}")
    message = str(refused.value)
    assert "RUNSTRONG_DATABASE_URL" in message and str(folder) in message
    assert "create it first" in message
    assert not (tmp_path / "typo").exists()


def test_runstrongs_own_data_folder_is_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    started(f"sqlite:///{tmp_path / 'xdg' / 'runstrong' / 'runstrong.db'}")
    assert (tmp_path / "xdg" / "runstrong" / "runstrong.db").is_file()


def test_a_database_of_another_program_is_refused_and_nothing_is_created_in_it(
    database_url: str,
) -> None:
    execute(database_url, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)")
    with pytest.raises(ForeignDatabase, match="invoices") as refused:
        started(database_url)
    assert "RUNSTRONG_DATABASE_URL" in str(refused.value)
    assert tables(database_url) == {"invoices"}


def test_another_programs_alembic_database_is_refused_too(database_url: str) -> None:
    execute(
        database_url,
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)",
        "INSERT INTO alembic_version VALUES ('ae1027a6acf')",
        "CREATE TABLE invoices (id INTEGER PRIMARY KEY)",
    )
    with pytest.raises(ForeignDatabase, match="invoices"):
        started(database_url)
    assert tables(database_url) == {"alembic_version", "invoices"}


def test_a_database_from_a_newer_runstrong_says_upgrade_and_is_left_alone(
    database_url: str,
) -> None:
    started(database_url)
    record(database_url, session_log("kept", dt.date(2027, 1, 5)))
    dispose()
    execute(database_url, "UPDATE alembic_version SET version_num = '0042'")
    with pytest.raises(NewerDatabase) as refused:
        training.history(connect(database_url))
    assert "newer runstrong" in str(refused.value) and "upgrade" in str(refused.value)
    execute(database_url, f"UPDATE alembic_version SET version_num = '{HEAD_REVISION}'")
    dispose()
    assert [s.log.id for s in training.history(connect(database_url))] == ["kept"]


def _truncated(path: Path) -> None:
    url = f"sqlite:///{path}"
    started(url)
    for number in range(40):
        record(url, session_log(f"s{number}", dt.date(2027, 1, 5), note="x" * 1500))
    dispose()
    with sqlite3.connect(path) as connection:  # everything into the main file
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(os.urandom(8192)), id="random-bytes"),
        pytest.param(lambda p: p.write_text("name,date\nKim,2027-01-05\n"), id="text-file"),
        pytest.param(_truncated, id="truncated-database"),
    ],
)
def test_a_damaged_or_foreign_file_is_named_with_what_to_do(
    tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    path = tmp_path / "runstrong.db"
    damage(path)
    before = path.read_bytes()
    for command in (["history"], ["today"], ["export", "all", "--out", str(tmp_path / "b.json")]):
        done = runstrong(f"sqlite:///{path}", *command)
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
        assert str(path) in done.stderr and "Move it away" in done.stderr, done.stderr
    assert path.read_bytes() == before


# -- migrations: one transaction, a kill half-way is finished by the next command ----------

KILL_IN_MIGRATION = textwrap.dedent(
    """
    import os, signal, sys
    from alembic.operations import Operations
    made = []
    create_table = Operations.create_table
    def dying(self, name, *columns, **kw):
        made.append(name)
        if len(made) == 3:  # three tables in: the runner's laptop dies
            os.kill(os.getpid(), signal.SIGKILL)
        return create_table(self, name, *columns, **kw)
    Operations.create_table = dying
    from runstrong.adapters.db import connect
    connect(sys.argv[1])
    """
)


def test_a_kill_during_the_first_migration_is_finished_by_the_next_command(
    database_url: str,
) -> None:
    child = subprocess.run(
        [sys.executable, "-c", KILL_IN_MIGRATION, database_url], capture_output=True, timeout=60
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    started(database_url)  # the next command: migrates afresh, no "table already exists"
    record(database_url, session_log("after", dt.date(2027, 1, 5)))
    assert [s.log.id for s in training.history(connect(database_url))] == ["after"]


def test_half_a_schema_left_by_an_older_runstrong_is_cleared_and_migrated(
    database_url: str,
) -> None:
    # What a kill left before migrations were one transaction on SQLite: Alembic's
    # version table without a row, and the first tables.
    from runstrong.adapters.db.tables import Base

    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32))"))
        Base.metadata.tables["runners"].create(connection)
        Base.metadata.tables["profiles"].create(connection)
    engine.dispose()
    started(database_url)
    assert training.history(connect(database_url)) == []


def test_runstrong_tables_with_data_but_no_revision_are_not_touched(database_url: str) -> None:
    started(database_url)
    dispose()
    execute(database_url, "DROP TABLE alembic_version")
    with pytest.raises(DamagedDatabase, match="no schema revision"):
        connect(database_url)
    assert "runners" in tables(database_url)


def test_the_revisions_listed_are_alembics() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from runstrong.adapters.db.engine import MIGRATIONS, REVISIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    walked = [s.revision for s in ScriptDirectory.from_config(config).walk_revisions()]
    assert tuple(reversed(walked)) == REVISIONS


# -- races between real processes ------------------------------------------------------------

RACER = textwrap.dedent(
    """
    import datetime as dt, json, os, sys, time
    from runstrong.adapters.db import connect
    from runstrong.domain.athlete import Profile
    from runstrong.library import load_catalog
    from runstrong.services import training
    url, go, job = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    catalog = load_catalog()
    now = dt.datetime(2027, 2, 3, 18, 30, tzinfo=dt.UTC)
    print("ready", flush=True)
    while not os.path.exists(go):  # the start barrier: every racer is loaded and waiting
        time.sleep(0.001)
    if job["kind"] == "init":
        profile = Profile.model_validate(job["profile"])
        training.init_runner(connect(url), profile, catalog, dt.date(2027, 1, 1), now)
        print("init", flush=True)
    else:
        log = training.parse_log(job["log"], catalog, dt.date(2027, 2, 3))
        try:
            done = training.log_session(connect(url), log, now)
        except training.SessionConflict:
            print("conflict", flush=True)
        else:
            print("recorded" if done.recorded else "already", flush=True)
    """
)


def race(url: str, jobs: list[dict[str, Any]], tmp_path: Path) -> list[str]:
    """Start every job in its own process, release them at once, return what each said."""
    go = tmp_path / f"go-{uuid.uuid4().hex}"
    children = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, url, str(go), json.dumps(job)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for job in jobs
    ]
    for child in children:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    go.touch()
    said = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        said.append(out.strip())
    return said


def test_inits_at_the_same_moment_make_one_runner(database_url: str, tmp_path: Path) -> None:
    job = {"kind": "init", "profile": profile().model_dump(mode="json")}
    assert race(database_url, [job] * 4, tmp_path) == ["init"] * 4  # first use: migrating too
    assert scalar(database_url, "SELECT count(*) FROM runners") == 1
    assert scalar(database_url, "SELECT max(version) FROM profiles") == 4  # one after another


def test_one_session_sent_at_the_same_moment_is_recorded_once(
    database_url: str, tmp_path: Path
) -> None:
    started(database_url)
    job = {"kind": "log", "log": session_log("twice", dt.date(2027, 1, 5))}
    said = race(database_url, [job] * 4, tmp_path)
    assert sorted(said) == ["already"] * 3 + ["recorded"]
    (stored,) = training.history(connect(database_url))
    assert stored.log.id == "twice" and [len(i.sets) for i in stored.log.items] == [3, 2]


def test_one_id_with_two_contents_at_once_keeps_one_and_refuses_the_other(
    database_url: str, tmp_path: Path
) -> None:
    started(database_url)
    jobs = [
        {"kind": "log", "log": session_log("same-id", dt.date(2027, 1, 5), note=note)}
        for note in ("first", "second")
    ]
    assert sorted(race(database_url, jobs, tmp_path)) == ["conflict", "recorded"]
    (stored,) = training.history(connect(database_url))
    assert stored.log.note in ("first", "second")


# -- busy: another writer holds the lock ----------------------------------------------------


def test_a_locked_sqlite_database_says_busy_after_the_timeout(tmp_path: Path) -> None:
    path = tmp_path / "runstrong.db"
    started(f"sqlite:///{path}")
    dispose()
    (tmp_path / "done.json").write_text(json.dumps(session_log("late", DONE)))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program writing, and taking its time
    try:
        began = time.monotonic()
        done = runstrong(
            f"sqlite:///{path}?timeout=1", "log", "--file", str(tmp_path / "done.json")
        )
        waited = time.monotonic() - began
    finally:
        holder.rollback()
        holder.close()
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "the database is busy" in done.stderr and str(path) in done.stderr
    assert waited < 30
    again = runstrong(f"sqlite:///{path}", "log", "--file", str(tmp_path / "done.json"))
    assert again.returncode == 0 and "Recorded session late" in again.stdout


# -- a re-sent id: same content once, other content refused, --replace, --delete ------------


def test_log_replace_and_delete_from_the_command_line(database_url: str, tmp_path: Path) -> None:
    started(database_url)
    dispose()
    path = tmp_path / "done.json"
    path.write_text(json.dumps(session_log("tue", DONE)))
    assert runstrong(database_url, "log", "--file", str(path)).returncode == 0
    again = runstrong(database_url, "log", "--file", str(path))
    assert again.returncode == 0 and "already logged" in again.stdout
    path.write_text(json.dumps(session_log("tue", DONE, note="heavier")))
    refused = runstrong(database_url, "log", "--file", str(path))
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    said = " ".join(refused.stderr.split())
    assert "'tue'" in said and DONE.isoformat() in said and "logged 20" in said
    assert f"runstrong log --file {path} --replace" in said
    history = json.loads(runstrong(database_url, "history", "-f", "json").stdout)
    assert [h["note"] for h in history] == ["felt good"]  # the stored one, untouched
    replaced = runstrong(database_url, "log", "--file", str(path), "--replace")
    assert replaced.returncode == 0 and "replaces" in replaced.stdout, replaced.stderr
    history = json.loads(runstrong(database_url, "history", "-f", "json").stdout)
    assert [h["note"] for h in history] == ["heavier"]
    unknown = runstrong(database_url, "log", "--delete", "wed", "--yes")
    assert unknown.returncode == 2 and "'wed'" in unknown.stderr
    unasked = runstrong(database_url, "log", "--delete", "tue")  # no terminal to ask on
    assert unasked.returncode == 2 and "--yes" in unasked.stderr
    assert len(json.loads(runstrong(database_url, "history", "-f", "json").stdout)) == 1
    deleted = runstrong(database_url, "log", "--delete", "tue", "--yes")
    assert deleted.returncode == 0 and "Deleted session tue" in deleted.stdout
    assert json.loads(runstrong(database_url, "history", "-f", "json").stdout) == []


def test_a_replacement_is_one_transaction(database_url: str) -> None:
    started(database_url)
    record(database_url, session_log("tue", dt.date(2027, 1, 5)))
    new = training.parse_log(
        session_log("tue", dt.date(2027, 1, 5), note="new"), CATALOG, dt.date(2027, 2, 3)
    )
    later = NOW + dt.timedelta(hours=2)
    done = training.replace_session_log(connect(database_url), new, later)
    assert done.recorded and "replaces the one of 2027-01-05" in done.messages[0]
    (stored,) = training.history(connect(database_url))
    assert stored.log == new and stored.logged_at == later
    gone = training.delete_session_log(connect(database_url), "tue")
    assert gone.log == new and training.history(connect(database_url)) == []
    with pytest.raises(training.UnknownSession, match="'tue'"):
        training.delete_session_log(connect(database_url), "tue")


def _cut_the_other_connections(url: str) -> None:
    """What a restart of the server does to the connections of the database."""
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        cut = connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).all()
    admin.dispose()
    assert cut, "no connection of the unit of work to cut"


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_connection_cut_after_the_last_read_keeps_what_was_read(database_url: str) -> None:
    # Found by the load test: the server restarted between a request's last statement and
    # the unit of work's closing rollback, and the rollback's error was a 500.
    started(database_url)
    with connect(database_url) as uow:
        runner = uow.repo.runner()
        _cut_the_other_connections(database_url)
    assert runner is not None and runner.name
    with connect(database_url) as uow:  # the pool gave up the cut connection
        assert uow.repo.runner() == runner


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_connection_cut_under_a_write_refuses_it_whole(database_url: str) -> None:
    from runstrong.domain.errors import StorageUnavailable

    started(database_url)
    with pytest.raises(StorageUnavailable, match=r"terminat|closed"), connect(database_url) as uow:
        runner = uow.repo.runner()
        assert runner is not None
        _cut_the_other_connections(database_url)
        uow.repo.rename_runner(runner.id, "never stored")
        uow.commit()
    with connect(database_url) as uow:
        stored = uow.repo.runner()
    assert stored is not None and stored.name == runner.name


# -- backups: checked deeply before one row is written --------------------------------------


def _backup(tmp_path: Path) -> dict[str, Any]:
    source = f"sqlite:///{tmp_path / 'source.db'}"
    tested = {"single_leg_calf_raise_reps": {"left": 18, "right": 27}}
    training.init_runner(
        connect(source), profile(assessment=tested), CATALOG, dt.date(2027, 1, 1), NOW
    )
    record(source, session_log("one", dt.date(2027, 1, 5)))
    record(source, session_log("two", dt.date(2027, 1, 7)))
    return training.export_all(connect(source))


def _first_item(d: dict[str, Any]) -> dict[str, Any]:
    week = next(w for w in d["runners"][0]["plans"][0]["document"]["weeks"] if w["sessions"])
    item: dict[str, Any] = week["sessions"][0]["blocks"][0]["items"][0]
    return item


def _plan_week(d: dict[str, Any]) -> dict[str, Any]:
    week: dict[str, Any] = d["runners"][0]["plans"][0]["document"]["weeks"][0]
    return week


DAMAGES: list[tuple[str, Callable[[dict[str, Any]], Any], str]] = [
    ("two-runners", lambda d: d["runners"].append(copy.deepcopy(d["runners"][0])), "runners"),
    (
        "profile-version-skipped",
        lambda d: d["runners"][0]["profiles"][0].update(version=2),
        "runners.0.profiles.0.version",
    ),
    (
        "plan-of-an-unknown-version",
        lambda d: d["runners"][0]["plans"][0].update(profile_version=7),
        "runners.0.plans.0.profile_version",
    ),
    (
        "plan-phase",
        lambda d: _plan_week(d).update(phase="space"),
        "runners.0.plans.0.document.weeks.0.phase",
    ),
    ("plan-week-index", lambda d: _plan_week(d).update(index=9), "weeks.0.index"),
    ("plan-sets-as-text", lambda d: _first_item(d).update(sets="3"), ".items.0.sets"),
    ("plan-exercise", lambda d: _first_item(d).update(exercise="moon-squat"), ".items.0.exercise"),
    (
        "plan-profile",
        lambda d: d["runners"][0]["plans"][0]["document"]["profile"].update(experience="wizard"),
        "runners.0.plans.0.document.profile.experience",
    ),
    (
        "session-id-twice",
        lambda d: d["runners"][0]["sessions"][1].update(id="one"),
        "runners.0.sessions.1.id",
    ),
    (
        "moment-without-offset",
        lambda d: d["runners"][0]["sessions"][0].update(logged_at="2027-02-03T18:30:00"),
        "runners.0.sessions.0.logged_at",
    ),
    (
        "profile-moment-without-offset",
        lambda d: d["runners"][0]["profiles"][0].update(created_at="2027-02-03T18:30:00"),
        "runners.0.profiles.0.created_at",
    ),
    ("name-too-long", lambda d: d["runners"][0].update(name="K" * 200), "runners.0.name"),
    (
        "name-with-a-line-break",
        lambda d: d["runners"][0].update(name="Kim\n# boss"),
        "runners.0.name",
    ),
    (
        "assessment",
        lambda d: d["runners"][0]["assessments"][0]["document"].update(jump=3),
        "runners.0.assessments.0.document.jump",
    ),
]


@pytest.mark.parametrize(
    ("damage", "field"), [(d[1], d[2]) for d in DAMAGES], ids=[d[0] for d in DAMAGES]
)
def test_a_wrong_backup_is_refused_by_its_field_and_nothing_is_written(
    database_url: str, tmp_path: Path, damage: Callable[[dict[str, Any]], Any], field: str
) -> None:
    document = _backup(tmp_path)
    damage(document)
    with pytest.raises(InvalidInput) as refused:
        training.import_all(connect(database_url), document, CATALOG)
    assert field in refused.value.field, str(refused.value)
    if "offset" in str(refused.value):
        assert "no UTC offset" in str(refused.value)
    with connect(database_url) as uow:
        assert uow.repo.is_empty()


def test_a_good_backup_still_restores(database_url: str, tmp_path: Path) -> None:
    document = _backup(tmp_path)
    assert training.import_all(connect(database_url), document, CATALOG) == 2
    assert training.export_all(connect(database_url)) == document


def test_postgresql_to_sqlite_and_back_is_the_same_backup_byte_for_byte(
    pg_databases: Callable[[], str], tmp_path: Path
) -> None:
    first, last = pg_databases(), pg_databases()
    for url in (first, last):  # a server far from UTC: its moments come back at +05:30
        name = make_url(url).database
        execute(url, f"ALTER DATABASE \"{name}\" SET timezone TO 'Asia/Kolkata'")
    started(first)
    berlin = dt.timezone(dt.timedelta(hours=2))
    at_two = dt.datetime(2027, 1, 5, 19, 15, 30, 123456, tzinfo=berlin)
    log = training.parse_log(session_log("berlin", dt.date(2027, 1, 5)), CATALOG, NOW.date())
    training.log_session(connect(first), log, at_two)
    dispose()
    backups = [tmp_path / f"backup-{n}.json" for n in range(3)]
    sqlite = f"sqlite:///{tmp_path / 'middle.db'}"
    for source, target, out in ((first, sqlite, 0), (sqlite, last, 1)):
        done = runstrong(source, "export", "all", "--out", str(backups[out]))
        assert done.returncode == 0, done.stderr
        done = runstrong(target, "import", "all", str(backups[out]))
        assert done.returncode == 0, done.stderr
    assert runstrong(last, "export", "all", "--out", str(backups[2])).returncode == 0
    assert backups[0].read_bytes() == backups[1].read_bytes() == backups[2].read_bytes()
    document = orjson.loads(backups[2].read_bytes())
    (session,) = document["runners"][0]["sessions"]
    assert session["logged_at"] == "2027-01-05T17:15:30.123456Z"  # the same instant, in UTC
    assert document["runners"][0]["created_at"] == "2027-02-03T18:30:00Z"


def test_a_backup_with_offsets_comes_back_as_the_same_instants(
    database_url: str, tmp_path: Path
) -> None:
    document = _backup(tmp_path)
    document["runners"][0]["sessions"][0]["logged_at"] = "2027-01-05T20:30:00+02:00"
    training.import_all(connect(database_url), document, CATALOG)
    again = training.export_all(connect(database_url))
    assert again["runners"][0]["sessions"][0]["logged_at"] == "2027-01-05T18:30:00Z"
