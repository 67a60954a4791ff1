"""Cold-start wall time of the command line against the interpreter's own start-up.

    python -m compileall -q src
    env -u PYTHONDONTWRITEBYTECODE .venv/bin/python benchmarks/startup.py [--runs N]

Prints the median and best wall time of each command over N runs (after two warm-up runs)
and its ratio to `python -c pass`, run in turn so that both see the same machine. Medians
resist the noise of a shared machine. The log commands (target: within 30x) run against a
temporary SQLite file seeded with 10 sessions through the services (see `log.py`); `log
--file` sends the same session each time, so after the first run it is the stored-once
answer (the database is read, nothing new written).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from timing import process_wall_times

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "runstrong --help": [sys.executable, "-m", "runstrong", "--help"],
    "runstrong exercises --format json": [
        sys.executable,
        "-m",
        "runstrong",
        "exercises",
        "--format",
        "json",
    ],
    "runstrong exercise goblet-squat": [
        sys.executable,
        "-m",
        "runstrong",
        "exercise",
        "goblet-squat",
    ],
}


LOG_COMMANDS = {
    "runstrong today": ["today"],
    "runstrong today --format json": ["today", "--format", "json"],
    "runstrong week": ["week"],
    "runstrong history": ["history"],
    "runstrong progress": ["progress"],
    "runstrong log --file F": ["log", "--file"],
}


def log_database() -> tuple[dict[str, str], Path]:
    """An environment naming a temporary SQLite file with 10 logged sessions, and a
    session file for `log --file`."""
    from log import TODAY, seed

    folder = Path(tempfile.mkdtemp(prefix="runstrong-startup-"))
    url = f"sqlite:///{folder / 'runstrong.db'}"
    seed(url, 10)
    session = folder / "done.json"
    items = [{"exercise": "plank", "sets": [{"seconds": 40}] * 2}]
    session.write_text(json.dumps({"id": "again", "date": TODAY.isoformat(), "items": items}))
    return {**os.environ, "RUNSTRONG_DATABASE_URL": url, "COLUMNS": "100"}, session


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    env, session = log_database()
    commands = [(label, command, None) for label, command in COMMANDS.items()]
    for label, words in LOG_COMMANDS.items():
        words = [*words, str(session)] if words[0] == "log" else words
        commands.append((label, [sys.executable, "-m", "runstrong", *words], env))
    print(f"{'command':40} {'median ms':>10} {'best ms':>8} {'ratio':>6}")
    for label, command, environment in commands:
        # the bare interpreter again beside each command: a shared machine's load drifts
        bare = statistics.median(process_wall_times(COMMANDS["python -c pass"], runs))
        times = process_wall_times(command, runs, env=environment)
        median = statistics.median(times)
        print(
            f"{label:40} {median * 1000:10.1f} {min(times) * 1000:8.1f} {median / bare:6.1f}x"
            f"  (python -c pass {bare * 1000:.1f} ms)"
        )


if __name__ == "__main__":
    main()
