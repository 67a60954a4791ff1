"""The log commands' queries, as plain SQL that SQLite and PostgreSQL both understand.

Each query loads only what its command shows, in one statement whatever the length of the
history: a logged session comes back with its sets in the same statement (no query per
session), and totals are summed by the database. The SQL is run by whoever holds the
connection: the SQLAlchemy repository (`repository.py`) or, for reads from a SQLite file,
the standard library's sqlite3 (`lite.py`), which starts in a fraction of the time.

Nothing here imports SQLAlchemy. Values come back as the driver gives them (SQLite: dates
and moments as text, JSON as text; PostgreSQL: Python objects), so each is converted here.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from typing import Any

import orjson

from runstrong.domain.ports import (
    DayTotals,
    ExerciseDays,
    PlanSpan,
    StoredAssessment,
    StoredLog,
    StoredPlan,
    StoredProfile,
    StoredRunner,
)

# The order the history is kept in, everywhere: by day, then by when it was logged.
OLDEST_FIRST = "l.date, l.logged_at, l.id"
NEWEST_FIRST = "l.date DESC, l.logged_at DESC, l.id DESC"

# How many of the newest sessions `recent_logs_of` looks at first: a few months of training,
# enough to settle the rules' questions about nearly every exercise of a session.
RECENT_WINDOW = 48

_LOG_COLUMNS = (
    "l.id, l.date, l.note, l.pain_settled, l.logged_at, "
    "s.item_index, s.exercise, s.reps, s.seconds, s.load_kg, s.rpe, s.pain, s.side"
)


def _logs_where(condition: str) -> str:
    """Sessions matching `condition` (on `l`), each with its sets, oldest first."""
    return (
        f"SELECT {_LOG_COLUMNS} FROM session_logs l "
        "JOIN set_logs s ON s.runner_id = l.runner_id AND s.session_id = l.id "
        f"WHERE {condition} ORDER BY {OLDEST_FIRST}, s.item_index, s.set_index"
    )


def _logs_of(ids: str) -> str:
    """The runner's sessions named by `ids` (a query of one column, `id`), each with its
    sets, oldest first. The ids are found first, then each session and its sets by their
    keys: CROSS JOIN keeps SQLite from walking every set of the runner instead."""
    return (
        f"SELECT {_LOG_COLUMNS} FROM ({ids}) AS wanted "
        "CROSS JOIN session_logs l CROSS JOIN set_logs s "
        "WHERE l.runner_id = :runner AND l.id = wanted.id "
        "AND s.runner_id = l.runner_id AND s.session_id = l.id "
        f"ORDER BY {OLDEST_FIRST}, s.item_index, s.set_index"
    )


def _names(prefix: str, values: Sequence[object]) -> tuple[str, dict[str, object]]:
    """Placeholders for an IN list (`:e0, :e1`) and their values: both drivers take them."""
    params = {f"{prefix}{n}": value for n, value in enumerate(values)}
    return ", ".join(f":{name}" for name in params), params


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _moment(value: Any) -> dt.datetime:
    """SQLite hands datetimes back as text without their zone; they were stored in UTC."""
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _json(value: Any) -> Any:
    return orjson.loads(value) if isinstance(value, str | bytes) else value


# A plan's document is a few hundred kilobytes of JSON and takes a millisecond to read, more
# than the rest of a day's answer; a server asks for the same few plans all day. Documents
# are kept by their text, so a kept one is the stored one whatever the database (a changed
# plan is another text) and nothing needs forgetting. Its readers treat it as read-only
# (`tests/web/test_kept_plans.py` checks them). About 2 MB each, text included.
PLANS_KEPT = 16


@functools.lru_cache(maxsize=PLANS_KEPT)
def _plan_document(text: str) -> Any:
    return orjson.loads(text)


def _plan_json(value: Any) -> Any:
    return _plan_document(value) if isinstance(value, str) else _json(value)


# A plan's calendar (a few KB) is read for every runner of a coach's board, each time the
# board is shown: kept by its text as the documents are, enough for a few boards of 200
# (two plans a runner), about 20 KB each. Read-only too (`services.squads` only reads).
CALENDARS_KEPT = 1024


@functools.lru_cache(maxsize=CALENDARS_KEPT)
def _calendar(text: str) -> Any:
    return orjson.loads(text)


class LogQueries:
    """The read queries of `TrainingReader`, over any connection that runs SQL text."""

    def _rows(self, sql: str, params: Mapping[str, object]) -> Sequence[Sequence[Any]]:
        raise NotImplementedError

    # The runner this connection serves: None on a runner's own machine (the database's one
    # runner), an id on a server with accounts (the unit of work is made for that runner).
    runner_scope: int | None = None

    def runner(self) -> StoredRunner | None:
        if self.runner_scope is None:
            sql, params = "SELECT id, name, created_at FROM runners ORDER BY id LIMIT 1", {}
        else:
            sql = "SELECT id, name, created_at FROM runners WHERE id = :runner"
            params = {"runner": self.runner_scope}
        rows = self._rows(sql, params)
        return None if not rows else StoredRunner(rows[0][0], rows[0][1], _moment(rows[0][2]))

    def latest_profile(self, runner_id: int) -> StoredProfile | None:
        rows = self._rows(
            "SELECT version, document, created_at FROM profiles WHERE runner_id = :runner "
            "ORDER BY version DESC LIMIT 1",
            {"runner": runner_id},
        )
        if not rows:
            return None
        version, document, created_at = rows[0]
        return StoredProfile(version, _json(document), _moment(created_at))

    def assessments(self, runner_id: int) -> list[StoredAssessment]:
        rows = self._rows(
            "SELECT tested_on, document FROM assessments WHERE runner_id = :runner "
            "ORDER BY tested_on, id",
            {"runner": runner_id},
        )
        return [StoredAssessment(_date(day), _json(document)) for day, document in rows]

    def plan_spans(self, runner_id: int) -> list[PlanSpan]:
        rows = self._rows(
            "SELECT id, valid_from FROM plans WHERE runner_id = :runner ORDER BY valid_from, id",
            {"runner": runner_id},
        )
        return [PlanSpan(plan_id, _date(day)) for plan_id, day in rows]

    def plans_by_id(self, ids: Sequence[int]) -> list[StoredPlan]:
        if not ids:
            return []
        names, params = _names("p", ids)
        rows = self._rows(
            # as text on PostgreSQL too (psycopg would parse it with the slow json module):
            # the kept documents are found by their text (`_plan_document`)
            "SELECT id, profile_version, valid_from, CAST(document AS TEXT), created_at FROM plans "
            f"WHERE id IN ({names}) ORDER BY valid_from, id",
            params,
        )
        return [StoredPlan(r[0], r[1], _date(r[2]), _plan_json(r[3]), _moment(r[4])) for r in rows]

    def session_logs_between(
        self, runner_id: int, first: dt.date, last: dt.date
    ) -> list[StoredLog]:
        return _stored_logs(
            self._rows(
                _logs_where("l.runner_id = :runner AND l.date >= :first AND l.date <= :last"),
                {"runner": runner_id, "first": first, "last": last},
            )
        )

    def latest_log_date(self, runner_id: int) -> dt.date | None:
        rows = self._rows(
            "SELECT MAX(date) FROM session_logs WHERE runner_id = :runner", {"runner": runner_id}
        )
        return None if not rows or rows[0][0] is None else _date(rows[0][0])

    def recent_logs_of(
        self, runner_id: int, exercises: Sequence[str], before: dt.date, most: int
    ) -> list[StoredLog]:
        # Two statements, whatever the length of the history. The first looks at the newest
        # RECENT_WINDOW sessions only (the date index, then their sets: CROSS JOIN keeps
        # SQLite from walking every set of the exercises instead): which of them hold
        # each exercise, and which with a load. Most days that settles everything. The
        # second loads the chosen sessions, and looks further back only for the exercises
        # the window could not settle: too few sessions of one (it is rarely done), or no
        # load (a body-weight exercise, found empty at once by the loaded-sets index).
        names, params = _names("e", list(exercises) or [""])  # no exercise id is empty
        window = {"runner": runner_id, "before": before, "window": RECENT_WINDOW}
        rows = self._rows(
            f"""
            WITH recent AS (
                SELECT l.id, l.date, l.logged_at FROM session_logs l
                WHERE l.runner_id = :runner AND l.date < :before
                ORDER BY {NEWEST_FIRST} LIMIT :window
            )
            SELECT NULL, r.id, r.date, r.logged_at, 0 FROM recent r
            UNION ALL
            SELECT s.exercise, r.id, r.date, r.logged_at,
                   MAX(CASE WHEN s.load_kg > 0 THEN 1 ELSE 0 END)
            FROM recent r CROSS JOIN set_logs s
            WHERE s.runner_id = :runner AND s.session_id = r.id AND s.exercise IN ({names})
            GROUP BY s.exercise, r.id, r.date, r.logged_at
            """,
            {**window, **params},
        )
        newest: dict[str | None, list[tuple[dt.date, dt.datetime, str, bool]]] = {}
        for exercise, log_id, day, logged_at, loaded in rows:
            newest.setdefault(exercise, []).append(
                (_date(day), _moment(logged_at), log_id, bool(loaded))
            )
        for held in newest.values():
            held.sort(reverse=True)
        sessions = newest.pop(None, [])
        whole = len(sessions) < RECENT_WINDOW  # the window holds every session before the day
        chosen = {log_id for _day, _at, log_id, _loaded in sessions[:1]}
        rarely: list[str] = []  # fewer than `most` sessions in the window
        unloaded: list[str] = []  # no load in the window
        for exercise in exercises:
            held = newest.get(exercise, [])
            chosen.update(log_id for _day, _at, log_id, _loaded in held[:most])
            loaded = next((log_id for _day, _at, log_id, was in held if was), None)
            if loaded is not None:
                chosen.add(loaded)
            if not whole and len(held) < most:
                rarely.append(exercise)
            if not whole and loaded is None:
                unloaded.append(exercise)
        chosen_names, chosen_params = _names("c", sorted(chosen) or [""])
        rare_names, rare_params = _names("r", rarely or [""])
        unloaded_names, unloaded_params = _names("u", unloaded or [""])
        # Each item's first set stands for the item in the ranking, and a session holding the
        # exercise twice counts once. CROSS JOIN has SQLite walk the exercise's sets first (by its index), not
        # every session's; PostgreSQL plans it as the inner join it is.
        sql = f"""
            WITH held AS (
                SELECT DISTINCT s.exercise, l.id, l.date, l.logged_at
                FROM set_logs s CROSS JOIN session_logs l
                WHERE s.runner_id = :runner AND s.exercise IN ({rare_names}) AND s.set_index = 0
                      AND l.runner_id = :runner AND l.id = s.session_id AND l.date < :before
            ), ranked AS (
                SELECT id, ROW_NUMBER() OVER (PARTITION BY exercise
                                              ORDER BY date DESC, logged_at DESC, id DESC) AS n
                FROM held
            ), loaded AS (
                SELECT l.id, ROW_NUMBER() OVER (PARTITION BY s.exercise
                                                ORDER BY {NEWEST_FIRST}) AS n
                FROM set_logs s CROSS JOIN session_logs l
                WHERE s.runner_id = :runner AND s.exercise IN ({unloaded_names}) AND s.load_kg > 0
                      AND l.runner_id = :runner AND l.id = s.session_id AND l.date < :before
            ), chosen AS (
                SELECT id FROM ranked WHERE n <= :most
                UNION
                SELECT id FROM loaded WHERE n = 1
            )
            {_logs_of(" UNION ".join(["SELECT id FROM chosen", *(f"SELECT {n}" for n in chosen_names.split(", "))]))}
        """
        return _stored_logs(
            self._rows(
                sql,
                {
                    "runner": runner_id,
                    "before": before,
                    "most": most,
                    **chosen_params,
                    **rare_params,
                    **unloaded_params,
                },
            )
        )

    def log_count(self, runner_id: int) -> int:
        rows = self._rows(
            "SELECT COUNT(*) FROM session_logs WHERE runner_id = :runner", {"runner": runner_id}
        )
        return int(rows[0][0])

    def log_page(self, runner_id: int, limit: int | None, offset: int) -> list[StoredLog]:
        if limit is None:
            return self.every_log(runner_id)
        page = (
            "SELECT l.id FROM session_logs l "
            f"WHERE l.runner_id = :runner ORDER BY {NEWEST_FIRST} LIMIT :limit OFFSET :offset"
        )
        rows = self._rows(_logs_of(page), {"runner": runner_id, "limit": limit, "offset": offset})
        return _stored_logs(rows)

    def every_log(self, runner_id: int) -> list[StoredLog]:
        """Every logged session, oldest first, in one statement."""
        rows = self._rows(_logs_where("l.runner_id = :runner"), {"runner": runner_id})
        return _stored_logs(rows)

    def day_totals(self, runner_id: int, most_days: int | None) -> list[DayTotals]:
        params: dict[str, object] = {"runner": runner_id}
        since = ""
        if most_days is not None:
            # the newest days come from the date index; only their sets are summed
            since = (
                "AND l.date >= (SELECT MIN(date) FROM (SELECT DISTINCT date FROM session_logs "
                "WHERE runner_id = :runner ORDER BY date DESC LIMIT :days) AS recent)"
            )
            params["days"] = most_days
        rows = self._rows(
            "SELECT l.date, COUNT(DISTINCT l.id), "
            "SUM(COALESCE(s.reps, 0) + COALESCE(s.seconds, 0) / 3) "
            "FROM session_logs l JOIN set_logs s ON s.runner_id = l.runner_id AND s.session_id = l.id "
            f"WHERE l.runner_id = :runner {since} GROUP BY l.date ORDER BY l.date",
            params,
        )
        return [DayTotals(_date(day), int(count), int(work)) for day, count, work in rows]

    # -- a squad at once (a coach's board): each question one statement for every runner --
    def runner_names(self, runner_ids: Sequence[int]) -> dict[int, str]:
        names, params = _names("r", list(runner_ids) or [0])
        rows = self._rows(f"SELECT id, name FROM runners WHERE id IN ({names})", params)
        return {int(i): str(n) for i, n in rows}

    def latest_profiles(self, runner_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        names, params = _names("r", list(runner_ids) or [0])
        # The newest version by a subquery per runner: joined to a grouped subquery,
        # PostgreSQL read every runner's profiles to find 200.
        rows = self._rows(
            "SELECT p.runner_id, CAST(p.document AS TEXT) FROM profiles p "
            f"WHERE p.runner_id IN ({names}) AND p.version = "
            "(SELECT MAX(q.version) FROM profiles q WHERE q.runner_id = p.runner_id)",
            params,
        )
        return {int(r): _json(d) for r, d in rows}

    def logged_dates(
        self, runner_ids: Sequence[int], first: dt.date, last: dt.date
    ) -> list[tuple[int, dt.date]]:
        names, params = _names("r", list(runner_ids) or [0])
        rows = self._rows(
            f"SELECT runner_id, date FROM session_logs WHERE runner_id IN ({names}) "
            "AND date >= :first AND date <= :last",
            {**params, "first": first, "last": last},
        )
        return [(int(r), _date(d)) for r, d in rows]

    def worst_pains(
        self, runner_ids: Sequence[int], first: dt.date, last: dt.date
    ) -> dict[int, int]:
        names, params = _names("r", list(runner_ids) or [0])
        # Each session's sets by their key (a subquery per session): with a join,
        # PostgreSQL hashed the whole set_logs table, all runners' sets, for 200 runners.
        rows = self._rows(
            "SELECT l.runner_id, MAX((SELECT MAX(s.pain) FROM set_logs s "
            "WHERE s.runner_id = l.runner_id AND s.session_id = l.id)) FROM session_logs l "
            f"WHERE l.runner_id IN ({names}) AND l.date >= :first AND l.date <= :last "
            "GROUP BY l.runner_id",
            {**params, "first": first, "last": last},
        )
        return {int(r): int(p) for r, p in rows if p is not None}

    def plan_calendars(
        self, runner_ids: Sequence[int]
    ) -> list[tuple[int, PlanSpan, dict[str, Any]]]:
        """Every plan of the runners with its calendar, by runner then by start."""
        from runstrong.domain.plan_calendar import calendar_of

        names, params = _names("r", list(runner_ids) or [0])
        rows = self._rows(
            # as text: orjson reads it several times faster than psycopg's json module
            "SELECT runner_id, id, valid_from, CAST(calendar AS TEXT) FROM plans "
            f"WHERE runner_id IN ({names}) "
            "ORDER BY runner_id, valid_from, id",
            params,
        )
        missing = [int(r[1]) for r in rows if r[3] is None]  # stored without one: made here
        made = {p.id: calendar_of(p.document) for p in self.plans_by_id(missing)} if missing else {}
        return [
            (
                int(r),
                PlanSpan(int(i), _date(v)),
                (_calendar(c) if isinstance(c, str) else _json(c))
                if c is not None
                else made[int(i)],
            )
            for r, i, v, c in rows
        ]

    def exercise_days(
        self, runner_id: int, most: int | None, since: dt.date | None = None
    ) -> list[ExerciseDays]:
        # One pass over the sets (from `since` on: the sessions by the runner's date index,
        # then their sets, CROSS JOIN keeping SQLite to that order): each exercise's
        # best of each day, then from those its count of days and its newest `most` days,
        # for loads and for holds alike.
        keep = "" if most is None else "WHERE n <= :most"
        params: dict[str, object] = {"runner": runner_id}
        if most is not None:
            params["most"] = most
        after = ""
        if since is not None:
            params["since"] = since
            after = "AND l.date >= :since"
        rows = self._rows(
            f"""
            WITH days AS MATERIALIZED (
                SELECT s.exercise, l.date,
                       MAX(CASE WHEN s.load_kg > 0 THEN s.load_kg END) AS load_kg,
                       MAX(CASE WHEN s.seconds > 0 THEN s.seconds END) AS seconds
                FROM session_logs l CROSS JOIN set_logs s
                WHERE l.runner_id = :runner {after}
                      AND s.runner_id = l.runner_id AND s.session_id = l.id
                      AND (s.load_kg > 0 OR s.seconds > 0)
                GROUP BY s.exercise, l.date
            )
            SELECT exercise, 'count', NULL, COUNT(load_kg), COUNT(seconds)
            FROM days GROUP BY exercise
            UNION ALL
            SELECT exercise, 'load_kg', date, load_kg, NULL FROM (
                SELECT exercise, date, load_kg,
                       ROW_NUMBER() OVER (PARTITION BY exercise ORDER BY date DESC) AS n
                FROM days WHERE load_kg IS NOT NULL
            ) AS loads {keep}
            UNION ALL
            SELECT exercise, 'seconds', date, NULL, seconds FROM (
                SELECT exercise, date, seconds,
                       ROW_NUMBER() OVER (PARTITION BY exercise ORDER BY date DESC) AS n
                FROM days WHERE seconds IS NOT NULL
            ) AS holds {keep}
            """,
            params,
        )
        counts: dict[str, tuple[int, int]] = {}
        loads: dict[str, list[tuple[dt.date, float]]] = {}
        holds: dict[str, list[tuple[dt.date, float]]] = {}
        for name, kind, day, load_kg, seconds in rows:
            if kind == "count":
                counts[name] = (int(load_kg), int(seconds))
            elif kind == "load_kg":
                loads.setdefault(name, []).append((_date(day), float(load_kg)))
            else:
                holds.setdefault(name, []).append((_date(day), float(seconds)))
        return [
            ExerciseDays(
                name,
                loaded,
                held,
                tuple(sorted(loads.get(name, ()))),
                tuple(sorted(holds.get(name, ()))),
            )
            for name, (loaded, held) in sorted(counts.items())
        ]


def _stored_logs(rows: Sequence[Sequence[Any]]) -> list[StoredLog]:
    """Sessions from rows of `_LOG_COLUMNS`, one row per set, in the rows' order."""
    from runstrong.domain.training_log import ItemLog, SessionLog, SetLog

    logs: list[StoredLog] = []
    index = 0
    while index < len(rows):
        head = rows[index]
        log_id = head[0]
        items: list[ItemLog] = []
        while index < len(rows) and rows[index][0] == log_id:
            item_index, exercise = rows[index][5], rows[index][6]
            sets: list[SetLog] = []
            while index < len(rows) and rows[index][0] == log_id and rows[index][5] == item_index:
                r = rows[index]
                sets.append(
                    SetLog(reps=r[7], seconds=r[8], load_kg=r[9], rpe=r[10], pain=r[11], side=r[12])
                )
                index += 1
            items.append(ItemLog(exercise=exercise, sets=tuple(sets)))
        log = SessionLog(
            id=log_id,
            date=_date(head[1]),
            items=tuple(items),
            note=head[2],
            pain_settled=bool(head[3]),
        )
        logs.append(StoredLog(log, _moment(head[4])))
    return logs
