"""The log commands ask the database the same number of questions after 300 sessions as
after 10: nothing is loaded one session at a time, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import event

from runstrong.adapters.db import _engine, connect, dispose, lite
from runstrong.domain.athlete import Profile
from runstrong.domain.ports import ReadUnitOfWork
from runstrong.library import load_catalog
from runstrong.services import insights, training

pytestmark = pytest.mark.integration

CATALOG = load_catalog()
TODAY = dt.date(2027, 2, 3)  # a Wednesday
NOW = dt.datetime(2027, 2, 3, 18, 30, tzinfo=dt.UTC)
SEASON_WEEKS = 26
SEASON_START = TODAY - dt.timedelta(days=TODAY.weekday(), weeks=4)


def season(start: dt.date) -> Profile:
    return Profile.model_validate(
        {
            "name": "Robin",
            "start_date": start.isoformat(),
            "experience": "intermediate",
            "running": {"week": {"tue": "quality", "thu": "easy", "sat": "easy", "sun": "long"}},
            "goal": {"event": "none"},
            "weeks": SEASON_WEEKS,
            "availability": {"sessions_per_week": 3, "minutes_per_session": 40},
            "equipment": ["gym"],
            "injuries": [{"area": "achilles", "side": "left", "status": "current"}],
        }
    )


def seed(url: str, sessions: int) -> None:
    """A runner with a new plan each season and the last `sessions` planned sessions
    before TODAY logged as done, through the services."""
    seasons = 2 + sessions // (2 * SEASON_WEEKS)  # some weeks are lighter or shorter
    for k in reversed(range(seasons)):
        start = SEASON_START - dt.timedelta(weeks=SEASON_WEEKS * k)
        training.init_runner(connect(url), season(start), CATALOG, start, NOW)
    with connect(url) as uow:
        runner = uow.repo.runner()
        assert runner is not None
        plans = uow.repo.plans(runner.id)
    past = [s for s in training._sessions_in_force(plans) if s["date"] < TODAY.isoformat()]
    assert len(past) >= sessions
    for number, planned in enumerate(past[-sessions:]):
        items = [
            {
                "exercise": item["exercise"],
                "sets": [{"reps": item["reps"], "seconds": item["seconds"], "load_kg": 20.0,
                          "rpe": 7, "pain": number % 3}] * item["sets"],
            }
            for block in planned["blocks"]
            if block["kind"] not in ("warmup", "mobility")
            for item in block["items"]
        ]  # fmt: skip
        data = {"id": f"s{number}", "date": planned["date"], "items": items}
        training.log_session(connect(url), training.parse_log(data, CATALOG, TODAY), NOW)


COMMANDS: dict[str, Callable[[ReadUnitOfWork], object]] = {
    "today": lambda uow: training.today(uow, TODAY, CATALOG),
    "moving on": lambda uow: training.moving_on(uow, TODAY, CATALOG),
    "week": lambda uow: training.week(uow, TODAY),
    "progress": lambda uow: insights.progress(uow, TODAY, catalog=CATALOG),
    "history page": lambda uow: training.history_page(uow, 20),
}


def statements_through_sqlalchemy(url: str) -> dict[str, int]:
    engine = _engine(url)
    counted: list[str] = []

    def count(*args: Any) -> None:
        counted.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        found = {}
        for name, command in COMMANDS.items():
            counted.clear()
            command(connect(url))
            found[name] = len(counted)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return found


@pytest.fixture
def two_histories(database_url: str) -> Iterator[tuple[str, str]]:
    """The same runner after 10 sessions and after 300, each in its own database."""
    if database_url.startswith("sqlite"):
        other = database_url.replace("runstrong.db", "long.db")
    else:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        parsed = make_url(database_url)
        name = f"{parsed.database}_long"
        admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        other = parsed.set(database=name).render_as_string(hide_password=False)
    seed(database_url, 10)
    seed(other, 300)
    yield database_url, other
    dispose(other)
    if not other.startswith("sqlite"):
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_the_log_commands_ask_as_many_questions_after_300_sessions_as_after_10(
    two_histories: tuple[str, str],
) -> None:
    short, long = two_histories
    few, many = statements_through_sqlalchemy(short), statements_through_sqlalchemy(long)
    assert few == many
    assert max(many.values()) <= 12, many
    # and the answers are those of the whole history, not of a part of it
    assert training.history_page(connect(long), 20).total == 300
    assert len(training.history(connect(long))) == 300


def test_the_sqlite3_reader_asks_as_many_questions_and_answers_the_same(
    two_histories: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    short, long = two_histories
    if not short.startswith("sqlite"):
        pytest.skip("the sqlite3 reader reads SQLite files only")
    counted: list[str] = []
    opened = lite._open

    def traced(path: Any) -> sqlite3.Connection:
        connection = opened(path)
        connection.set_trace_callback(counted.append)
        return connection

    monkeypatch.setattr(lite, "_open", traced)
    found = []
    for url in (short, long):
        counts = {}
        for name, command in COMMANDS.items():
            reader = lite.reader(url)
            assert isinstance(reader, lite.SqliteReadUnitOfWork)
            counted.clear()
            answer = command(reader)
            counts[name] = len(counted)
            assert answer == command(connect(url)), name  # the same as through SQLAlchemy
        found.append(counts)
    assert found[0] == found[1]
