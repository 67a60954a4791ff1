"""Many runners in one database (a server with accounts): a unit of work made for a runner
reads and writes that runner's rows only, on SQLite (both ways in) and PostgreSQL. Each
runner's session ids are their own: two runners may both log "s1" without meeting."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from runstrong.adapters.db import _engine, connect, lite
from runstrong.domain.athlete import Profile
from runstrong.library import load_catalog
from runstrong.services import insights, training
from runstrong.services.training import NoRunner

pytestmark = pytest.mark.integration

CATALOG = load_catalog()
EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "runstrong" / "examples"
TODAY = dt.date(2027, 2, 3)
NOW = dt.datetime(2027, 2, 3, 18, 30, tzinfo=dt.UTC)
START = TODAY - dt.timedelta(days=TODAY.weekday(), weeks=2)


def _profile(name: str, example: str) -> Profile:
    data = json.loads((EXAMPLES / example).read_text())
    data.update(name=name, start_date=START.isoformat())
    data["goal"] = {"event": "none"}
    return Profile.model_validate(data)


def _done(url: str, runner: int, log_id: str, load_kg: float) -> Any:
    """The runner's first planned session, logged as done at `load_kg`."""
    week = training.week(connect(url, runner), START)
    planned = week["sessions"][0]
    items = [
        {"exercise": i["exercise"], "sets": [{"reps": i["reps"], "seconds": i["seconds"],
                                              "load_kg": load_kg, "rpe": 7}] * i["sets"]}
        for b in planned["blocks"] if b["kind"] == "strength" for i in b["items"]
    ]  # fmt: skip
    data = {"id": log_id, "date": planned["date"], "items": items}
    return training.parse_log(data, CATALOG, TODAY)


def test_each_runner_sees_and_changes_only_their_own(database_url: str) -> None:
    url = database_url
    robin = training.add_runner(connect(url), "Robin", NOW)
    sam = training.add_runner(connect(url), "Sam", NOW)
    assert robin != sam
    training.init_runner(
        connect(url, robin),
        _profile("Robin", "intermediate-marathon-gym.json"),
        CATALOG,
        TODAY,
        NOW,
    )
    training.init_runner(
        connect(url, sam), _profile("Sam", "novice-5k-home.json"), CATALOG, TODAY, NOW
    )
    # Both choose the id "s1": each is recorded, neither is a conflict for the other.
    robins = _done(url, robin, "s1", 20.0)
    sams = _done(url, sam, "s1", 4.0)
    assert training.log_session(connect(url, robin), robins, NOW).recorded
    assert training.log_session(lite.log_writer(url, sam), sams, NOW).recorded
    assert not training.log_session(connect(url, sam), sams, NOW).recorded  # a retry of Sam's
    extra = _done(url, robin, "s2", 22.5)
    training.log_session(connect(url, robin), extra, NOW)

    for runner, name, ids in ((robin, "Robin", ["s1", "s2"]), (sam, "Sam", ["s1"])):
        for uow in (connect(url, runner), lite.reader(url, runner)):
            with uow:
                stored = uow.repo.runner()
            assert stored is not None and (stored.id, stored.name) == (runner, name)
        page = training.history_page(connect(url, runner), 20)
        assert sorted(s.log.id for s in page.logs) == ids and page.total == len(ids)
        own = training.logged_session(connect(url, runner), "s1")
        assert own.log == (robins if runner == robin else sams)
        week = training.week(lite.reader(url, runner), START)
        assert sorted(s["id"] for s in week["logged"]) == ids
        report = insights.progress(lite.reader(url, runner), TODAY, catalog=CATALOG)
        assert sum(w.logged for w in report.weeks) == len(ids)
        loads = {p[1] for t in report.lifts for p in t.points}
        assert loads <= ({20.0, 22.5} if runner == robin else {4.0})

    # Sam's plan and profile are Sam's: Robin's re-plan changes nothing of them.
    sams_plan = training.week(connect(url, sam), START)["sessions"]
    training.init_runner(
        connect(url, robin),
        _profile("Robin", "intermediate-marathon-gym.json"),
        CATALOG,
        TODAY,
        NOW,
    )
    assert training.week(connect(url, sam), START)["sessions"] == sams_plan

    # Deleting and replacing Robin's "s1" leaves Sam's as it was.
    training.replace_session_log(connect(url, robin), _done(url, robin, "s1", 25.0), NOW)
    assert training.logged_session(connect(url, sam), "s1").log == sams
    training.delete_session_log(connect(url, robin), "s1")
    assert training.logged_session(connect(url, sam), "s1").log == sams
    with pytest.raises(training.UnknownSession):
        training.logged_session(connect(url, robin), "s1")

    # On a runner's own machine (no runner named), the database's first runner is served.
    with connect(url) as uow:
        first = uow.repo.runner()
    assert first is not None and first.id == robin


def test_a_runner_who_is_not_there_is_refused(database_url: str) -> None:
    url = database_url
    robin = training.add_runner(connect(url), "Robin", NOW)
    missing = robin + 1
    with pytest.raises(NoRunner):
        training.today(connect(url, missing), TODAY, CATALOG)
    with pytest.raises(NoRunner):
        training.init_runner(
            connect(url, missing), _profile("X", "novice-5k-home.json"), CATALOG, TODAY, NOW
        )
    with _engine(url).connect() as connection:  # nothing was made for the missing one
        assert connection.execute(text("SELECT id FROM runners")).scalars().all() == [robin]
        assert connection.execute(text("SELECT COUNT(*) FROM profiles")).scalar() == 0


def test_each_calendar_link_opens_its_own_runners_plan(database_url: str) -> None:
    from runstrong.services import feed

    url = database_url
    links = {}
    for name, example in (
        ("Robin", "intermediate-marathon-gym.json"),
        ("Sam", "novice-5k-home.json"),
    ):
        runner = training.add_runner(connect(url), name, NOW)
        training.init_runner(connect(url, runner), _profile(name, example), CATALOG, TODAY, NOW)
        links[name] = feed.new_feed_token(connect(url, runner), NOW)
    for name, token in links.items():
        # the link alone says whose plan it is: the unit of work names no runner
        assert feed.feed_plan(connect(url), token, TODAY, CATALOG).profile["name"] == name
