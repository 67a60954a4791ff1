"""Wall-time helpers shared by the benchmarks: medians over repeated runs resist noise."""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Callable


def process_wall_times(
    command: list[str], runs: int, env: dict[str, str] | None = None, warm_up: bool = True
) -> list[float]:
    """Seconds for each of `runs` fresh processes, after two warm-up runs (unless told)."""
    for _ in range(2 if warm_up else 0):
        subprocess.run(command, capture_output=True, check=True, env=env)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, env=env)
        times.append(time.perf_counter() - start)
    return times


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
