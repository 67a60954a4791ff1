"""A small run of benchmarks/load.py: runners logging sessions at once through two workers
over a throwaway PostgreSQL, a worker killed and the database restarted on the way. Every
acknowledged session is in the database, whole and once, and the app serves again within
seconds of each fault. The long run is by hand (the benchmark's docstring)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def _load_module() -> object:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import load  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return load


def test_nothing_acknowledged_is_lost_through_a_killed_worker_and_a_restarted_database() -> None:
    if not Path("/usr/lib/postgresql").exists() or os.geteuid() != 0 or not shutil.which("su"):
        if os.environ.get("RUNSTRONG_REQUIRE_PG") == "1":
            pytest.fail("RUNSTRONG_REQUIRE_PG=1 but no PostgreSQL server can be started here")
        pytest.skip("starting a throwaway PostgreSQL needs Debian's server and root")
    load = _load_module()
    options = argparse.Namespace(
        runners=6, clients=4, seconds=14, workers=2, kill_worker_at=4.0,
        restart_postgres_at=9.0, url=None,
    )  # fmt: skip
    outcome, found, _elapsed = load.run(options)  # type: ignore[attr-defined]
    assert found.acknowledged > 50
    assert (found.lost, found.partial, found.doubled) == (0, 0, 0)
    assert found.stored >= found.acknowledged
    faults = load.recoveries(outcome)  # type: ignore[attr-defined]
    assert [what.split()[0] for what, _failed, _seconds in faults] == ["SIGKILL", "PostgreSQL"]
    for what, _failed, seconds in faults:
        assert seconds < 10, f"{what}: the app served again only after {seconds:.1f} s"
    # every failure was a refusal or a broken connection, never the server's own error
    own = [kind for _t, kind in outcome.failures if kind.startswith("5") and kind != "503"]
    why = "\n".join(outcome.errors[:2] + load.server_tracebacks(outcome)[:2])  # type: ignore[attr-defined]
    assert not own, f"the server's own errors {own}:\n{why}"
