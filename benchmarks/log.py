"""How the log commands grow with history: 10 logged sessions against 3,000.

    python -m compileall -q src
    env -u PYTHONDONTWRITEBYTECODE .venv/bin/python benchmarks/log.py [--runs N] [--many N]

Seeds two temporary SQLite files through the real services (`init_runner`, `parse_log`,
`log_session`): a runner on three sessions a week with a new 26-week plan each season, as
someone who has used runstrong for years would have, and the planned sessions before
today logged as done. The small one holds 10 sessions and one plan; the large one 3,000
sessions and a plan for every season they span. Then runs `today`, `week`, `progress` and
`history` (the first page) as fresh processes against each and prints the medians and
their ratio (target: within 1.2x of the same command at 10 sessions).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from timing import process_wall_times

from runstrong.adapters.db import connect, dispose
from runstrong.domain.athlete import Profile
from runstrong.library import load_catalog
from runstrong.services import training

SEASON_WEEKS = 26
TODAY = dt.datetime.now().astimezone().date()  # the day the commands take as today
# Today falls in the fifth week of the current season, in both databases.
SEASON_START = TODAY - dt.timedelta(days=TODAY.weekday(), weeks=4)


def runner(start: dt.date) -> Profile:
    return Profile.model_validate(
        {
            "name": "Robin",
            "start_date": start.isoformat(),
            "experience": "intermediate",
            "running": {
                "weekly_km": 50,
                "week": {"tue": "quality", "thu": "easy", "sat": "easy", "sun": "long"},
            },
            "goal": {"event": "none"},
            "weeks": SEASON_WEEKS,
            "availability": {"sessions_per_week": 3, "minutes_per_session": 40},
            "equipment": ["gym"],
            "injuries": [{"area": "achilles", "side": "left", "status": "current"}],
        }
    )


def done(session: dict[str, Any], number: int) -> dict[str, Any]:
    """The planned session logged as done, with loads on the loaded work."""
    items = []
    for block in session["blocks"]:
        if block["kind"] in ("warmup", "mobility"):
            continue
        for item in block["items"]:
            loaded = "rpe" in item["load"] and "dumbbell" in item["equipment"]
            one = {
                "reps": item["reps"],
                "seconds": item["seconds"],
                "load_kg": 12.0 + number % 5 if loaded else None,
                "rpe": 7,
                "pain": number % 3,
            }
            items.append({"exercise": item["exercise"], "sets": [one] * item["sets"]})
    return {"id": f"s{number:05d}", "date": session["date"], "items": items, "note": "fine"}


def seed(url: str, sessions: int) -> None:
    """A runner with `sessions` logged sessions, the last ones before today."""
    catalog = load_catalog()
    now = dt.datetime.now(dt.UTC)
    per_season = 3 * SEASON_WEEKS
    seasons = 1 + max(0, sessions - 3 * 4 + per_season - 1) // per_season
    starts = [SEASON_START - dt.timedelta(weeks=SEASON_WEEKS * k) for k in range(seasons)]
    for start in reversed(starts):
        training.init_runner(connect(url), runner(start), catalog, start, now)
    with connect(url) as uow:
        plans = uow.repo.plans(uow.repo.runner().id)  # type: ignore[union-attr]
    from runstrong.services.training import _sessions_in_force

    past = [s for s in _sessions_in_force(plans) if s["date"] < TODAY.isoformat()]
    for number, session in enumerate(past[-sessions:]):
        log = training.parse_log(done(session, number), catalog, TODAY)
        training.log_session(connect(url), log, now)
    dispose(url)


COMMANDS = {
    "today": ["today"],
    "today --format json": ["today", "--format", "json"],
    "week": ["week"],
    "progress": ["progress"],
    "history": ["history"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help="processes per measurement")
    parser.add_argument("--few", type=int, default=10, help="sessions in the small database")
    parser.add_argument("--many", type=int, default=3000, help="sessions in the large database")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="runstrong-log-bench-"))
    urls = {}
    for count in (args.few, args.many):
        urls[count] = f"sqlite:///{folder / f'{count}.db'}"
        seed(urls[count], count)
    print(
        f"{'command':22} {'ms at ' + str(args.few):>10} {'ms at ' + str(args.many):>11} {'ratio':>6}"
    )
    for label, words in COMMANDS.items():
        command = [sys.executable, "-m", "runstrong", *words]
        envs = [
            {**os.environ, "RUNSTRONG_DATABASE_URL": urls[count], "COLUMNS": "120"}
            for count in (args.few, args.many)
        ]
        # the two databases in turn, run by run, so that both see the same machine
        times: list[list[float]] = [[], []]
        for _ in range(args.runs):
            for side, env in enumerate(envs):
                times[side] += process_wall_times(command, 1, env=env, warm_up=not times[side])
        few, many = (statistics.median(t) for t in times)
        print(f"{label:22} {few * 1000:10.1f} {many * 1000:11.1f} {many / few:5.2f}x")
    print("\n(target: within 1.2x)")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
