"""`recent_logs_of` looks at the newest sessions first and further back only where it must;
whatever the history, it answers exactly what its contract says, on SQLite (both readers)
and PostgreSQL: the last `most` sessions before the day holding each exercise, the last
one with a load on each, and the last session of all, oldest first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from runstrong.adapters.db import _engine, connect, lite, reads
from runstrong.domain.ports import StoredLog

pytestmark = pytest.mark.integration

EXERCISES = ("goblet-squat", "calf-raise", "plank", "side-plank")
DAY = dt.date(2027, 3, 1)
EPOCH = dt.datetime(2027, 1, 1, 7, 0, tzinfo=dt.UTC)

a_set = st.fixed_dictionaries(
    {"reps": st.sampled_from([5, 8]), "load_kg": st.sampled_from([None, 0.0, 12.0, 14.0])}
)
a_session = st.fixed_dictionaries(
    {
        # a narrow range of days and moments, so that ties in both are common
        "days_before": st.integers(-2, 12),
        "logged_minutes": st.integers(0, 3),
        "items": st.lists(
            st.tuples(st.sampled_from(EXERCISES), st.lists(a_set, min_size=1, max_size=3)),
            min_size=1,
            max_size=3,
        ),
    }
)


@pytest.fixture
def empty_runner(database_url: str) -> Iterator[str]:
    with connect(database_url) as uow:
        runner = uow.repo.add_runner("Robin", EPOCH)
        uow.commit()
    assert runner.id == 1
    yield database_url


def _store(url: str, sessions: list[dict[str, Any]]) -> None:
    with _engine(url).begin() as connection:
        connection.execute(text("DELETE FROM set_logs"))
        connection.execute(text("DELETE FROM session_logs"))
        for number, session in enumerate(sessions):
            log_id = f"s{number:03d}"
            connection.execute(
                text(
                    "INSERT INTO session_logs (id, runner_id, date, note, pain_settled, "
                    "logged_at) VALUES (:id, 1, :date, '', :settled, :at)"
                ),
                {
                    "id": log_id,
                    "date": DAY - dt.timedelta(days=session["days_before"]),
                    "settled": True,
                    "at": EPOCH + dt.timedelta(minutes=session["logged_minutes"]),
                },
            )
            for item_index, (exercise, sets) in enumerate(session["items"]):
                for set_index, one in enumerate(sets):
                    connection.execute(
                        text(
                            "INSERT INTO set_logs (runner_id, session_id, item_index, exercise, "
                            "set_index, reps, load_kg, pain) VALUES (1, :session, :item, "
                            ":exercise, :set, :reps, :load, 0)"
                        ),
                        {
                            "session": log_id,
                            "item": item_index,
                            "exercise": exercise,
                            "set": set_index,
                            "reps": one["reps"],
                            "load": one["load_kg"],
                        },
                    )


def _expected(every: list[StoredLog], exercises: list[str], most: int) -> list[str]:
    """The contract, read straight off the whole history."""
    earlier = [s for s in every if s.log.date < DAY]
    newest = sorted(earlier, key=lambda s: (s.log.date, s.logged_at, s.log.id), reverse=True)
    chosen = {s.log.id for s in newest[:1]}
    for exercise in exercises:
        holding = [s for s in newest if any(i.exercise == exercise for i in s.log.items)]
        chosen.update(s.log.id for s in holding[:most])
        loaded = next(
            (
                s
                for s in holding
                if any(
                    i.exercise == exercise and any((one.load_kg or 0) > 0 for one in i.sets)
                    for i in s.log.items
                )
            ),
            None,
        )
        if loaded is not None:
            chosen.add(loaded.log.id)
    return [s.log.id for s in every if s.log.id in chosen]


@settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    sessions=st.lists(a_session, max_size=14),
    exercises=st.lists(st.sampled_from(EXERCISES), unique=True, max_size=4),
    most=st.integers(1, 3),
    window=st.integers(1, 6),
)
def test_the_windowed_answer_is_the_whole_history_answer(
    empty_runner: str,
    sessions: list[dict[str, Any]],
    exercises: list[str],
    most: int,
    window: int,
) -> None:
    url = empty_runner
    _store(url, sessions)
    kept = reads.RECENT_WINDOW
    reads.RECENT_WINDOW = window  # small, so that the look further back is taken often
    try:
        with connect(url) as uow:
            every = uow.repo.every_log(1)
            found = uow.repo.recent_logs_of(1, exercises, DAY, most)
        readers = [found]
        quick = lite.reader(url)
        if isinstance(quick, lite.SqliteReadUnitOfWork):
            with quick:
                readers.append(quick.repo.recent_logs_of(1, exercises, DAY, most))
    finally:
        reads.RECENT_WINDOW = kept
    expected = _expected(every, exercises, most)
    by_id = {s.log.id: s for s in every}
    for answer in readers:
        assert [s.log.id for s in answer] == expected, (sessions, exercises, most, window)
        assert answer == [by_id[i] for i in expected]  # whole sessions, every set


def test_a_database_of_the_last_release_gains_the_indexes_and_keeps_its_log(
    empty_runner: str,
) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect

    from runstrong.adapters.db import dispose
    from runstrong.adapters.db.engine import MIGRATIONS, current_revision

    url = empty_runner
    _store(
        url,
        [
            {
                "days_before": 1,
                "logged_minutes": 0,
                "items": [("plank", [{"reps": 5, "load_kg": 10.0}])],
            },
            {
                "days_before": 3,
                "logged_minutes": 2,
                "items": [
                    ("calf-raise", [{"reps": 8, "load_kg": None}] * 2),
                    ("plank", [{"reps": 5, "load_kg": 0.0}]),
                ],
            },
        ],
    )

    def indexes() -> set[str]:
        found = inspect(_engine(url))
        return {i["name"] for t in ("session_logs", "set_logs") for i in found.get_indexes(t)}

    assert {"ix_session_logs_runner_newest", "ix_set_logs_loaded"} <= indexes()
    with connect(url) as uow:
        before = uow.repo.every_log(1)
    with _engine(url).begin() as connection:  # back to what the last release made
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    assert current_revision(_engine(url)) == "0002"
    assert not {"ix_session_logs_runner_newest", "ix_set_logs_loaded"} & indexes()
    dispose(url)
    with connect(url) as uow:  # the next command migrates
        assert [s.log.id for s in uow.repo.recent_logs_of(1, ["plank"], DAY, 2)] == ["s001", "s000"]
        assert uow.repo.every_log(1) == before  # every set, as it was
    assert {"ix_session_logs_runner_newest", "ix_set_logs_loaded"} <= indexes()
