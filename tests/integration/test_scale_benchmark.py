"""The scale benchmark's own steps at a tiny size against the test PostgreSQL, so that
`benchmarks/scale.py` keeps working without CI running the long benchmark; with wrk
installed, its HTTP figures too, from the real `serve --multi-user` for a second each."""

from __future__ import annotations

import shutil
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.integration

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture
def scale(postgres_server: str | None) -> Iterator[Any]:
    if not postgres_server:
        pytest.skip("no PostgreSQL server here (set RUNSTRONG_TEST_PG_URL)")
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import scale as module  # type: ignore[import-not-found]

        yield module
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_seeding_replanning_timing_and_sizing_at_thirty_runners(
    scale: Any, postgres_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import psycopg

    from runstrong.adapters.db import dispose

    bench = scale
    name = f"rs_scale_{uuid.uuid4().hex[:8]}"
    url = bench._database(postgres_server, name, create=True)
    try:
        pool = bench.make_pool(3)
        assert len(pool) == 3 and all(kind.sets for kind in pool)
        bench.seed(url, 20, pool)
        bench.seed(url, 10, pool)  # ids after those already there
        with psycopg.connect(bench.libpq(url)) as connection:
            counts = [
                connection.execute(
                    f"SELECT COUNT(*), COUNT(DISTINCT runner_id) FROM {t}"
                ).fetchone()
                for t in ("profiles", "plans", "session_logs", "set_logs")
            ]
            top = connection.execute("SELECT MAX(id), COUNT(*) FROM runners").fetchone()
        assert top == (30, 30)
        assert counts[0] == (30, 30) and counts[1] == (30, 30)
        sessions = sum(len(pool[rid % 3].sessions) for rid in range(1, 31))
        assert counts[2] == (sessions, 30)
        assert counts[3] == (sum(len(pool[rid % 3].sets) for rid in range(1, 31)), 30)

        replan = bench.replan_figures(url, 1)
        assert (replan["replanned"], replan["failed"]) == (30, 0)
        assert replan["parent_kib"] > 0 and replan["worker_kib"] > 0

        times = bench.today_latencies(url, 30, 0.5, most=50)
        assert 0 < len(times) <= 50
        total, tables = bench.disk(url)
        assert total > 0 and {"plans", "set_logs", "session_logs"} <= set(tables)
        again = bench.replan_figures(url, 1)
        assert (again["replanned"], again["skipped"]) == (0, 30)  # nothing left to do
        squad = bench.coach_squad(url, "Board", 12)  # a squad of 12 of the 30
        board = bench.board_latencies(url, squad, 12, 0.2)
        assert len(board) >= 20
        http = None
        if shutil.which("wrk"):  # the real server (`serve --multi-user`), briefly
            dispose()
            began = time.perf_counter()
            http = bench.http_figures(url, 30, squad, 1, 1, 1)
            assert time.perf_counter() - began < 30
            assert http["today"]["requests"] > 0 and http["board"]["requests"] > 0
            assert 0 < http["today"]["p50"] <= http["today"]["p99"]
            with psycopg.connect(bench.libpq(url)) as connection:
                everyone = connection.execute(
                    "SELECT COUNT(*) FROM squad_members WHERE squad_id = %s", (http["everyone"],)
                ).fetchone()
            assert everyone == (30,)  # the coach of the HTTP figures coaches every runner
        figures = {"seed": 1.0, "replan": replan, "again": again, "today": times,
                   "today_frozen": times, "http": http, "disk": (total, tables),
                   "board": board, "board_size": 12,
                   "load": {"replan": (bench.load(), bench.load())}}  # fmt: skip
        bench.report(30, figures)
        shown = capsys.readouterr().out
        assert "30 runners" in shown and "replan again" in shown and "p99" in shown
        assert "coach's board" in shown and "load average" in shown
        assert ("today (HTTP)" in shown) == (http is not None)
        assert "stand-in" not in shown
    finally:
        dispose()
        bench._database(postgres_server, name, create=False)
