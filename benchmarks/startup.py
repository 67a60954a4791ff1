"""Cold-start wall time of the command line against the interpreter's own start-up.

    .venv/bin/python benchmarks/startup.py [--runs N]

Prints the median and best wall time of each command over N runs (after two warm-up runs)
and its ratio to `python -c pass`. Medians resist the noise of a shared machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    baseline = None
    print(f"{'command':40} {'median ms':>10} {'best ms':>8} {'ratio':>6}")
    for label, command in COMMANDS.items():
        times = process_wall_times(command, runs)
        median = statistics.median(times)
        baseline = baseline or median
        print(
            f"{label:40} {median * 1000:10.1f} {min(times) * 1000:8.1f} {median / baseline:6.1f}x"
        )


if __name__ == "__main__":
    main()
