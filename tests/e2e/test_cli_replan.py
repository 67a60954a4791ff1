"""`runstrong replan --all` as a real process with real workers on a SQLite file: Ctrl-C
stops it part-way and the next run does the rest, every runner re-planned exactly once;
a worker killed mid-run is said, and the next run finishes too."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from runstrong.adapters.db import connect, dispose
from runstrong.domain.athlete import Profile
from runstrong.domain.generator import generate_plan
from runstrong.library import load_catalog
from runstrong.services import training
from tests.e2e.process import CACHE, EXAMPLES, _pythonpath

pytestmark = pytest.mark.e2e

RUNNERS = 160
NOW = dt.datetime(2027, 2, 3, 18, 30, tzinfo=dt.UTC)


def _seed(url: str) -> None:
    """RUNNERS runners, each with a profile and a plan stamped by an older library."""
    catalog = load_catalog()
    kinds = sorted(EXAMPLES.glob("*.json"))
    made = []
    for path in kinds:
        profile = Profile.model_validate(json.loads(path.read_text()))
        made.append((profile, training._document(generate_plan(profile, catalog))))
    with connect(url) as uow:
        for number in range(RUNNERS):
            profile, document = made[number % len(made)]
            runner = uow.repo.add_runner(f"Runner {number}", NOW)
            uow.repo.add_profile(runner.id, profile.model_dump(mode="json"), NOW)
            stamped = training.stamped(document, "lib-old", 1)
            uow.repo.add_plan(runner.id, 1, profile.start_date, stamped, NOW)
        uow.commit()
    dispose(url)


def _start(url: str, folder: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "runstrong", "replan", "--all", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=folder,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(folder),
            "RUNSTRONG_CACHE_DIR": CACHE,
            "RUNSTRONG_DATABASE_URL": url,
            **_pythonpath(),
        },
    )


def _plans_by_library(url: str) -> dict[int, list[str]]:
    with connect(url) as uow:
        found: dict[int, list[str]] = {}
        for runner in uow.repo.runner_ids_after(0, RUNNERS + 1):
            plans = uow.repo.plans(runner)
            found[runner] = [p.document["made_with"]["library"] for p in plans]
    dispose(url)
    return found


def _first_line(process: subprocess.Popen[str]) -> str:
    assert process.stderr is not None
    return process.stderr.readline()


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _rerun_finishes(url: str, folder: Path, done_before: int) -> None:
    rerun = _start(url, folder, "--workers", "2")
    _out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert f"Re-planned {RUNNERS - done_before} runners, skipped {done_before}, failed 0" in err
    plans = _plans_by_library(url)
    assert len(plans) == RUNNERS
    for libraries in plans.values():  # the old plan, and exactly one new one
        assert len(libraries) == 2
        assert libraries[0] == "lib-old" and libraries[1] != "lib-old"


def test_ctrl_c_stops_cleanly_and_the_next_run_does_the_rest(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    _seed(url)
    process = _start(url, tmp_path, "--workers", "2", "--batch-size", "4")
    first = _first_line(process)  # the first page is done: the run is under way
    assert " of 160 runners " in first
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=60)

    assert process.returncode == 130, first + err
    assert "Stopped before the end: run `runstrong replan --all` again" in err
    assert "Traceback" not in err
    summary = next(line for line in err.splitlines() if line.startswith("Re-planned"))
    done = int(summary.split()[1].replace(",", ""))
    assert 0 < done < RUNNERS
    plans = _plans_by_library(url)
    assert sum(len(libraries) == 2 for libraries in plans.values()) == done
    assert all(len(libraries) in (1, 2) for libraries in plans.values())
    _rerun_finishes(url, tmp_path, done)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_a_killed_worker_is_said_and_the_next_run_does_the_rest(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    _seed(url)
    process = _start(url, tmp_path, "--workers", "2", "--batch-size", "4")
    _first_line(process)
    workers = []
    for _ in range(50):  # the pool's workers, beside its resource tracker
        workers = [
            pid
            for pid in _children(process.pid)
            if "spawn_main" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
        ]
        if workers:
            break
        time.sleep(0.05)
    assert workers
    os.kill(workers[0], signal.SIGKILL)
    _out, err = process.communicate(timeout=60)

    assert process.returncode == 1, err
    assert "a worker process ended unexpectedly" in err
    assert "Run `runstrong replan --all` again" in err
    plans = _plans_by_library(url)
    assert all(len(libraries) in (1, 2) for libraries in plans.values())
    done = sum(len(libraries) == 2 for libraries in plans.values())
    _rerun_finishes(url, tmp_path, done)
