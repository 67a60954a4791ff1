"""`runstrong log --file` on a plain SQLite file records through Python's sqlite3: the rows
must be the ones the SQLAlchemy unit of work writes, and its rules the same (a re-sent id
recorded once, other content refused, writers in turn)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from runstrong.adapters.db import connect, dispose, lite
from runstrong.domain.training_log import SessionLog
from runstrong.library import load_catalog
from runstrong.services import planning, training

EXAMPLE = (
    Path(__file__).resolve().parents[2] / "src" / "runstrong" / "examples" / "novice-5k-home.json"
)
NOW = dt.datetime(2027, 1, 5, 18, 30, 15, 123456, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def _stored(path: Path) -> str:
    url = f"sqlite:///{path}"
    profile = planning.load_profile(EXAMPLE)
    training.init_runner(connect(url), profile, load_catalog(), dt.date(2027, 1, 4), NOW)
    dispose()
    return url


def _log(log_id: str, seconds: int = 30) -> SessionLog:
    return training.parse_log(
        {
            "id": log_id,
            "date": "2027-01-05",
            "items": [
                {"exercise": "plank", "sets": [{"seconds": seconds, "rpe": 7, "pain": 2}]},
                {"exercise": "single-leg-calf-raise",
                 "sets": [{"reps": 12, "load_kg": 8.5, "side": "left"},
                          {"reps": 11, "side": "right"}]},
            ],
            "note": "fine",
            "pain_settled": False,
        },
        load_catalog(),
        dt.date(2027, 1, 6),
    )  # fmt: skip


def _rows(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with sqlite3.connect(path) as connection:
        sessions = connection.execute(
            "SELECT id, runner_id, date, note, pain_settled, logged_at FROM session_logs"
        ).fetchall()
        sets = connection.execute(
            "SELECT session_id, item_index, exercise, set_index, reps, seconds, load_kg, rpe, "
            "pain, side FROM set_logs ORDER BY item_index, set_index"
        ).fetchall()
    return sessions, sets


def test_the_quick_writer_writes_the_rows_sqlalchemy_writes(tmp_path: Path) -> None:
    quick, full = tmp_path / "quick.db", tmp_path / "full.db"
    quick_url, full_url = _stored(quick), _stored(full)
    uow = lite.log_writer(quick_url)
    assert isinstance(uow, lite.SqliteLogUnitOfWork)
    training.log_session(uow, _log("s1"), NOW)
    training.log_session(connect(full_url), _log("s1"), NOW)
    dispose()
    assert _rows(quick) == _rows(full)
    back = training.history(connect(quick_url))[0]  # read back by SQLAlchemy, the same
    assert back.log == _log("s1") and back.logged_at == NOW


def test_the_quick_writer_keeps_the_rules_of_a_resent_id(tmp_path: Path) -> None:
    url = _stored(tmp_path / "quick.db")
    assert training.log_session(lite.log_writer(url), _log("s1"), NOW).recorded
    again = training.log_session(lite.log_writer(url), _log("s1"), NOW)
    assert not again.recorded and "already logged" in again.messages[0]
    with pytest.raises(training.SessionConflict, match="s1"):
        training.log_session(lite.log_writer(url), _log("s1", seconds=45), NOW)
    assert len(_rows(tmp_path / "quick.db")[0]) == 1


def test_the_quick_writer_waits_for_another_writer_then_says_busy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from runstrong.adapters.db.errors import DatabaseBusy

    path = tmp_path / "quick.db"
    url = _stored(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(lite, "_open", _short_wait)  # the test's own short busy timeout
    try:
        with pytest.raises(DatabaseBusy):
            training.log_session(lite.log_writer(url), _log("s2"), NOW)
    finally:
        holder.rollback()
        holder.close()
    assert _rows(path)[0] == []


def _short_wait(path: Path) -> sqlite3.Connection:
    uri = path.absolute().as_uri() + "?mode=rw"
    return sqlite3.connect(uri, uri=True, timeout=0.2, isolation_level=None)


def test_the_key_lifts_are_the_ones_of_the_last_year(tmp_path: Path) -> None:
    from runstrong.services import insights

    url = _stored(tmp_path / "runstrong.db")
    today = dt.date(2027, 3, 1)
    for number, (day, exercise) in enumerate(
        [(dt.date(2025, 1, 7), "goblet-squat")] * 1 + [(dt.date(2027, 2, 20), "split-squat")]
    ):
        log = training.parse_log(
            {"id": f"k{number}", "date": day.isoformat(),
             "items": [{"exercise": exercise, "sets": [{"reps": 8, "load_kg": 20}]}]},
            load_catalog(), today,
        )  # fmt: skip
        training.log_session(connect(url), log, NOW)
    report = insights.progress(connect(url), today)
    assert [t.exercise for t in report.lifts] == ["split-squat"]
    everything = insights.progress(connect(url), today, weeks=None, points=None)
    assert {t.exercise for t in everything.lifts} == {"goblet-squat", "split-squat"}
