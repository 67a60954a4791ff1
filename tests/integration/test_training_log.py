"""The training log on real databases: SQLite and PostgreSQL, never a mock."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from runstrong.adapters.db import connect
from runstrong.domain.athlete import Profile
from runstrong.domain.errors import InvalidInput
from runstrong.library import load_catalog
from runstrong.services import training

pytestmark = pytest.mark.integration

CATALOG = load_catalog()
TODAY = dt.date(2027, 2, 3)  # a Wednesday, four weeks into the plan below
NOW = dt.datetime(2027, 2, 3, 18, 30, tzinfo=dt.UTC)


def profile(**changes: Any) -> Profile:
    data: dict[str, Any] = {
        "name": "Kim",
        "start_date": "2027-01-04",
        "experience": "intermediate",
        "running": {
            "weekly_km": 40,
            "week": {"tue": "quality", "thu": "easy", "sat": "easy", "sun": "long"},
        },
        "goal": {"event": "half_marathon", "date": "2027-04-25"},
        "availability": {"sessions_per_week": 2, "minutes_per_session": 30},
        "equipment": ["home", "dumbbell"],
    }
    data.update(changes)
    return Profile.model_validate(data)


def session_log(log_id: str, day: dt.date, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": log_id,
        "date": day.isoformat(),
        "items": [
            {
                "exercise": "goblet-squat",
                "sets": [
                    {
                        "reps": 10,
                        "seconds": None,
                        "load_kg": 12.0,
                        "rpe": 7,
                        "pain": 0,
                        "side": None,
                    }
                ]
                * 3,
            },
            {
                "exercise": "plank",
                "sets": [
                    {
                        "reps": None,
                        "seconds": 40,
                        "load_kg": None,
                        "rpe": 6,
                        "pain": 0,
                        "side": None,
                    }
                ]
                * 2,
            },
        ],
        "note": "felt good",
    }
    data.update(changes)
    return data


def started(url: str) -> None:
    training.init_runner(connect(url), profile(), CATALOG, dt.date(2027, 1, 1), NOW)


def record(url: str, data: dict[str, Any]) -> training.Logged:
    return training.log_session(connect(url), training.parse_log(data, CATALOG, TODAY), NOW)


def test_a_runner_sees_today_logs_it_and_finds_it_in_the_history(database_url: str) -> None:
    started(database_url)
    due = training.today(connect(database_url), dt.date(2027, 1, 5))
    assert due["session"]["date"] == "2027-01-05" and due["next"] == "2027-01-07"
    assert {"blocks", "minutes", "level"} <= due["session"].keys()
    nothing = training.today(connect(database_url), dt.date(2027, 1, 6))
    assert nothing == {"session": None, "next": "2027-01-07"}
    done = record(database_url, session_log("a", dt.date(2027, 1, 5)))
    assert done.recorded and done.messages == []
    (stored,) = training.history(connect(database_url))
    assert stored.log == done.log
    assert stored.log.items[0].sets[0].load_kg == 12.0 and stored.log.items[1].sets[1].seconds == 40


def test_the_same_session_id_is_recorded_once(database_url: str) -> None:
    started(database_url)
    assert record(database_url, session_log("same", dt.date(2027, 1, 5))).recorded
    again = record(database_url, session_log("same", dt.date(2027, 1, 5)))
    assert not again.recorded and "already logged" in again.messages[0]
    with pytest.raises(training.SessionConflict, match="--replace"):  # never dropped silently
        record(database_url, session_log("same", dt.date(2027, 1, 5), note="sent twice"))
    (stored,) = training.history(connect(database_url))
    assert stored.log.note == "felt good"


def test_pain_in_a_log_brings_the_pain_rule(database_url: str) -> None:
    started(database_url)
    sore = session_log("sore", dt.date(2027, 1, 5))
    sore["items"][0]["sets"] = [{"reps": 10, "load_kg": 12.0, "rpe": 8, "pain": 6}]
    done = record(database_url, sore)
    assert "goblet-squat" in done.messages[0] and "stop this exercise" in done.messages[0]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"items": [{"exercise": "moon-squat", "sets": [{"reps": 5}]}]}, "items.0.exercise"),
        ({"items": [{"exercise": "goblet-squat", "sets": [{"reps": -3}]}]}, "items.0.sets.0.reps"),
        (
            {"items": [{"exercise": "goblet-squat", "sets": [{"reps": 5, "pain": 12}]}]},
            "items.0.sets.0.pain",
        ),
        ({"date": "2031-01-01"}, "date"),
        ({"items": []}, "items"),
        ({"surprise": True}, "surprise"),
    ],
)
def test_bad_logs_are_refused_with_the_field_and_nothing_is_stored(
    database_url: str, change: dict[str, Any], field: str
) -> None:
    started(database_url)
    with pytest.raises(InvalidInput) as refused:
        record(database_url, session_log("bad", dt.date(2027, 1, 5), **change))
    assert field in str(refused.value)
    assert training.history(connect(database_url)) == []


def test_logging_before_init_says_what_to_do(database_url: str) -> None:
    with pytest.raises(training.NoRunner, match="runstrong init"):
        record(database_url, session_log("early", dt.date(2027, 1, 5)))


def test_today_and_progress_say_when_an_injury_meets_its_criteria_to_move_on(
    database_url: str,
) -> None:
    from runstrong.services import insights

    sore = profile(injuries=[{"area": "achilles", "side": "left", "status": "current"}])
    training.init_runner(connect(database_url), sore, CATALOG, dt.date(2027, 1, 1), NOW)
    assert training.moving_on(connect(database_url), TODAY, CATALOG) == []
    report = insights.progress(connect(database_url), TODAY, catalog=CATALOG)
    (not_yet,) = report.moving_on
    assert not_yet.startswith("Your Achilles is not ready to move to recovering yet: 0 of 4")
    for number, day in enumerate((21, 24, 28, 31)):  # two weeks of heel raises to 3 Feb
        done = dt.date(2027, 1, 1) + dt.timedelta(days=day)
        items = [
            {"exercise": "seated-weighted-calf-raise", "sets": [{"reps": 12, "pain": 2}] * 3},
            {"exercise": "single-leg-calf-raise",
             "sets": [{"reps": 23, "side": "left"}, {"reps": 25, "side": "right"}]},
        ]  # fmt: skip
        record(database_url, session_log(f"calf-{number}", done, items=items))
    (line,) = training.moving_on(connect(database_url), TODAY, CATALOG)
    assert line.startswith("Your Achilles meets the criteria to move to recovering: update")
    assert insights.progress(connect(database_url), TODAY, catalog=CATALOG).moving_on == [line]


def test_a_changed_profile_replans_only_the_future(database_url: str) -> None:
    started(database_url)
    record(database_url, session_log("before", dt.date(2027, 1, 5)))
    before = training.today(connect(database_url), dt.date(2027, 1, 5))["session"]
    # three sessions a week from the start of February: the past stays as it was
    training.init_runner(
        connect(database_url),
        profile(availability={"sessions_per_week": 3, "minutes_per_session": 30}),
        CATALOG,
        TODAY,
        NOW,
    )
    assert training.today(connect(database_url), dt.date(2027, 1, 5))["session"] == before
    assert [s.log.id for s in training.history(connect(database_url))] == ["before"]
    new_week = training.week(connect(database_url), dt.date(2027, 2, 8))["sessions"]
    assert len(new_week) == 3
    old_week = training.week(connect(database_url), dt.date(2027, 1, 25))["sessions"]
    assert len(old_week) == 2


def test_export_import_export_gives_the_same_document(database_url: str, tmp_path: Path) -> None:
    started(database_url)
    training.init_runner(connect(database_url), profile(name="Kim R."), CATALOG, TODAY, NOW)
    record(database_url, session_log("one", dt.date(2027, 1, 5)))
    record(database_url, session_log("two", dt.date(2027, 1, 7), note="windy"))
    first = training.export_all(connect(database_url))
    assert len(first["runners"][0]["profiles"]) == 2 and len(first["runners"][0]["plans"]) == 2
    empty = f"sqlite:///{tmp_path / 'restored.db'}"
    assert training.import_all(connect(empty), json.loads(json.dumps(first)), CATALOG) == 2
    assert training.export_all(connect(empty)) == first


def test_a_backup_goes_only_into_an_empty_database(database_url: str) -> None:
    started(database_url)
    document = training.export_all(connect(database_url))
    with pytest.raises(InvalidInput, match="empty database"):
        training.import_all(connect(database_url), document, CATALOG)


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.update(schema="something/9"),
        lambda d: d["runners"][0]["sessions"][0]["items"][0]["sets"][0].update(pain=99),
        lambda d: d["runners"][0]["profiles"][0]["document"].update(experience="wizard"),
        lambda d: d["runners"][0]["sessions"][0]["items"][0].update(exercise="moon-squat"),
        lambda d: d["runners"][0]["plans"][0].update(document={"weeks": "no"}),
    ],
)
def test_a_corrupted_backup_is_refused_and_nothing_is_restored(
    database_url: str, tmp_path: Path, damage: Any
) -> None:
    source = f"sqlite:///{tmp_path / 'source.db'}"
    started(source)
    record(source, session_log("one", dt.date(2027, 1, 5)))
    document = training.export_all(connect(source))
    damage(document)
    with pytest.raises(InvalidInput):
        training.import_all(connect(database_url), document, CATALOG)
    with connect(database_url) as uow:
        assert uow.repo.is_empty()


def test_migrations_run_again_without_touching_the_data(database_url: str) -> None:
    started(database_url)
    record(database_url, session_log("kept", dt.date(2027, 1, 5)))
    for _ in range(2):  # every start of the program runs them
        assert [s.log.id for s in training.history(connect(database_url))] == ["kept"]


KILLER = textwrap.dedent(
    """
    import datetime as dt, sys
    from runstrong.adapters.db import connect
    from runstrong.library import load_catalog
    from runstrong.services import training
    catalog = load_catalog()
    url = sys.argv[1]
    number = 0
    while True:
        data = {"id": f"s{number}", "date": "2027-01-05", "note": "x" * 200,
                "items": [{"exercise": "goblet-squat", "sets": [{"reps": 10, "load_kg": 12.0}] * 5},
                          {"exercise": "plank", "sets": [{"seconds": 40}] * 4}]}
        log = training.parse_log(data, catalog, dt.date(2027, 2, 3))
        training.log_session(connect(url), log, dt.datetime.now(dt.UTC))
        print(log.id, flush=True)   # acknowledged: the commit has returned
        number += 1
    """
)


def test_a_kill_during_logging_loses_no_acknowledged_session_and_leaves_no_half(
    database_url: str,
) -> None:
    started(database_url)
    child = subprocess.Popen(
        [sys.executable, "-c", KILLER, database_url], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    acknowledged = []
    for line in child.stdout:
        acknowledged.append(line.strip())
        if len(acknowledged) >= 25:
            break
    os.kill(child.pid, signal.SIGKILL)  # mid-way through the next session, most likely
    child.wait()
    # Lines the child wrote before it died but this side had not read yet are
    # acknowledgements too.
    acknowledged.extend(line.strip() for line in child.stdout if line.strip())
    child.stdout.close()
    stored = {s.log.id: s.log for s in training.history(connect(database_url))}
    assert set(acknowledged) <= set(stored)
    assert len(stored) - len(acknowledged) in (0, 1)  # at most the one in flight, and whole
    for log in stored.values():
        assert [len(item.sets) for item in log.items] == [5, 4], log.id


def test_the_known_head_revision_is_alembics_head() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from runstrong.adapters.db.engine import HEAD_REVISION, MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


def test_a_fresh_database_is_migrated_to_the_head(database_url: str) -> None:
    from runstrong.adapters.db import _engine
    from runstrong.adapters.db.engine import HEAD_REVISION, current_revision

    assert current_revision(_engine(database_url)) == HEAD_REVISION
