"""A coach's board on SQLite and PostgreSQL: each row as the runner's own plan and log say
it (read here the slow way, week by week), and the same few statements for a squad of 3
as for a squad of 30."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from runstrong.adapters.db import _engine, connect
from runstrong.adapters.passwords import fast_hasher
from runstrong.domain.athlete import Profile
from runstrong.domain.plan_calendar import calendar_of
from runstrong.library import load_catalog
from runstrong.services import accounts, squads, training

pytestmark = pytest.mark.integration

CATALOG = load_catalog()
HASHER = fast_hasher()
PASSWORD = "a long walk to the track"
NOW = dt.datetime(2027, 3, 4, 18, 0, tzinfo=dt.UTC)
TODAY = dt.date(2027, 3, 4)  # a Thursday
MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())
EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "runstrong" / "examples"


def _squad(url: str, size: int) -> tuple[Any, int, list[int]]:
    coach = accounts.create_user(connect(url), HASHER, "alex", PASSWORD, "coach", NOW)
    actor = accounts.sign_in(connect(url), HASHER, "alex", PASSWORD, "t", NOW).actor
    squad = accounts.create_squad(connect(url), actor, "Tuesday group", NOW)
    link, _ = accounts.invite(connect(url), actor, squad, NOW)
    runners = []
    for number in range(size):
        name = f"runner{number:03d}"
        user = accounts.create_user(connect(url), HASHER, name, PASSWORD, "runner", NOW)
        assert user.runner_id is not None
        data = json.loads((EXAMPLES / "intermediate-marathon-gym.json").read_text())
        data.update(name=name.title(), start_date=(MONDAY - dt.timedelta(weeks=5)).isoformat())
        race = MONDAY + dt.timedelta(weeks=3 + number % 10, days=6)
        data["goal"] = {"event": "half_marathon", "date": race.isoformat()}
        training.init_runner(
            connect(url, user.runner_id),
            Profile.model_validate(data),
            CATALOG,
            MONDAY - dt.timedelta(weeks=5),
            NOW,
        )
        if number % 3 == 1:  # a re-plan three weeks ago: older weeks come from the first plan
            data["availability"]["sessions_per_week"] = 2
            training.init_runner(
                connect(url, user.runner_id),
                Profile.model_validate(data),
                CATALOG,
                MONDAY - dt.timedelta(weeks=3),
                NOW,
            )
        runner = accounts.sign_in(connect(url), HASHER, name, PASSWORD, "t", NOW).actor
        accounts.join(connect(url), runner, link, NOW)
        for k, day in enumerate(_planned(url, user.runner_id)[number % 4 :: 2]):
            log = training.parse_log(
                {"id": f"s{k}", "date": day.isoformat(), "items": [
                    {"exercise": "goblet-squat", "sets": [{"reps": 8, "pain": (number + k) % 6}]}]},
                CATALOG, TODAY,
            )  # fmt: skip
            training.log_session(connect(url, user.runner_id), log, NOW)
        runners.append(user.runner_id)
    del coach
    return accounts.sign_in(connect(url), HASHER, "alex", PASSWORD, "t", NOW).actor, squad, runners


def _planned(url: str, runner: int) -> list[dt.date]:
    """The sessions in force from four weeks back to today, week by week."""
    found = []
    for back in range(3, -1, -1):
        week = training.week(connect(url, runner), MONDAY - dt.timedelta(weeks=back))
        found += [dt.date.fromisoformat(s["date"]) for s in week["sessions"]]
    return [d for d in found if d <= TODAY]


def test_each_row_is_what_the_runners_plan_and_log_say(database_url: str) -> None:
    url = database_url
    coach, squad, runners = _squad(url, 6)
    board = squads.board(connect(url), coach, squad, TODAY)
    assert [r.runner_id for r in board.rows] == runners  # by name: runner000, runner001, ...
    for row in board.rows:
        planned = _planned(url, row.runner_id)
        history = training.history(connect(url, row.runner_id))
        done = [s.log.date for s in history if s.log.date >= MONDAY - dt.timedelta(weeks=3)]
        assert row.planned_four_weeks == len(planned)
        assert row.logged_four_weeks == len(done)
        assert row.planned_this_week == sum(1 for d in planned if d >= MONDAY)
        assert row.logged_this_week == sum(1 for d in done if d >= MONDAY)
        assert row.missed_this_week == max(0, row.planned_this_week - row.logged_this_week)
        recent = [s for s in history if s.log.date >= TODAY - dt.timedelta(days=13)]
        pains = [st.pain for s in recent for i in s.log.items for st in i.sets]
        assert row.worst_pain == (max(pains) if pains else None)
        from runstrong.services.runner import current_plan

        plan = current_plan(connect(url, row.runner_id), TODAY)
        this_week = next(w for w in plan["weeks"] if w["start"] == MONDAY.isoformat())
        assert row.retest == this_week["retest"]
        number = runners.index(row.runner_id)
        race = MONDAY + dt.timedelta(weeks=3 + number % 10, days=6)
        shown = race <= TODAY + dt.timedelta(weeks=squads.RACE_WEEKS)
        assert row.race == (("half_marathon", race) if shown else None)
    # Calendars are kept by their text: a second board reads the kept ones, and they are
    # still what is stored (the board changes none of them).
    from runstrong.adapters.db import reads

    before = reads._calendar.cache_info().hits
    assert squads.board(connect(url), coach, squad, TODAY) == board
    assert reads._calendar.cache_info().hits >= before + len(runners)
    with connect(url) as uow:
        for _runner, span, kept in uow.repo.plan_calendars(runners):
            stored = uow.repo.plans_by_id([span.id])[0].document
            assert kept == calendar_of(stored), span


def test_the_board_asks_as_many_questions_for_30_runners_as_for_3(database_url: str) -> None:
    url = database_url
    counts = []
    for size in (3, 30):
        if size == 30:  # a second squad in the same database, with its own coach
            with connect(url) as uow:
                uow.accounts.delete_user(uow.accounts.user_named("alex").id)  # type: ignore[union-attr]
                uow.commit()
        coach, squad, _runners = _squad_named(url, size)
        statements: list[str] = []
        engine = _engine(url)

        def count(*args: Any, statements: list[str] = statements) -> None:
            statements.append(args[2])

        event.listen(engine, "before_cursor_execute", count)
        try:
            board = squads.board(connect(url), coach, squad, TODAY)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert len(board.rows) == size
        counts.append(len(statements))
    assert counts[0] == counts[1] and counts[1] <= 12, counts


def _squad_named(url: str, size: int) -> tuple[Any, int, list[int]]:
    # runners of the second squad need names of their own
    if size == 3:
        return _squad(url, size)
    import runstrong.services.accounts as service

    made = []
    coach = service.create_user(connect(url), HASHER, "alex", PASSWORD, "coach", NOW)
    actor = service.sign_in(connect(url), HASHER, "alex", PASSWORD, "t", NOW).actor
    squad = service.create_squad(connect(url), actor, "Thursday group", NOW)
    link, _ = service.invite(connect(url), actor, squad, NOW)
    for number in range(size):
        name = f"second{number:03d}"
        user = service.create_user(connect(url), HASHER, name, PASSWORD, "runner", NOW)
        assert user.runner_id is not None
        data = json.loads((EXAMPLES / "novice-5k-home.json").read_text())
        data.update(name=name.title(), start_date=(MONDAY - dt.timedelta(weeks=2)).isoformat())
        data["goal"] = {"event": "none"}
        training.init_runner(
            connect(url, user.runner_id), Profile.model_validate(data), CATALOG, TODAY, NOW
        )
        runner = service.sign_in(connect(url), HASHER, name, PASSWORD, "t", NOW).actor
        service.join(connect(url), runner, link, NOW)
        made.append(user.runner_id)
    del coach
    return service.sign_in(connect(url), HASHER, "alex", PASSWORD, "t", NOW).actor, squad, made


def test_plans_stored_before_get_their_calendars(database_url: str) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from runstrong.adapters.db import dispose
    from runstrong.adapters.db.engine import MIGRATIONS
    from runstrong.domain.plan_calendar import calendar_of

    url = database_url
    _squad_named(url, 3)
    with _engine(url).begin() as connection:  # as the last release left them: no calendars
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
    dispose(url)
    connect(url)  # migrates
    with _engine(url).connect() as connection:
        rows = connection.execute(text("SELECT document, calendar FROM plans")).all()
    assert len(rows) == 4  # three runners, one of them planned twice
    for document, calendar in rows:
        parsed = json.loads(document) if isinstance(document, str) else document
        stored = json.loads(calendar) if isinstance(calendar, str) else calendar
        assert stored == calendar_of(parsed) and stored["weeks"]
