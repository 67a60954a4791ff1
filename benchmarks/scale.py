"""PostgreSQL at scale: many runners with a season of logs each, `replan --all` over all of
them, the today answer with all of them present, and the size on disk.

    env -u PYTHONDONTWRITEBYTECODE PYTHONPATH=src .venv/bin/python benchmarks/scale.py \
        [--runners 10000,100000] [--workers N] [--seconds 20] [--pool 24] [--url URL]

Without --url it starts a throwaway cluster with scripts/postgres (fsync off, as in the
tests) and stops it at the end; with --url (a server's URL, e.g. its `postgres` database)
it makes and drops a database of its own on that server for each count.

For each count: a small pool of distinct runners (--pool, made by the real generator from
the bundled examples, varied) is the source of every runner's profile, plan and logs; the
runners, their profiles, plans and a season of logged sessions (every planned session of
the 14 weeks before today, 2 or 3 a week, with their sets as `benchmarks/log.py` logs them) are
loaded with COPY, under the indexes the migrations make. Each runner's plan is stamped as
made by an older library, so `replan --all` re-plans every one of them.

Printed, by count, with a line of progress (time and load average) as each step starts:
the seeding time; the `replan --all` time (one fresh process, as a server runs it, with
--workers processes), its runners a second, and the time of a second run that finds
nothing to do; the peak resident memory of that parent process and of its largest worker;
the today answer's p50 and p99 for randomly chosen runners, measured in this process on
`training.today(lite.reader(url, runner=id), day, catalog)` for --seconds, then again
after gc.freeze(); a coach's board of a squad of 200 runners picked at random, in this
process on `squads.board` for --seconds.

Then the same through the real deployment server, when wrk is installed: `runstrong serve
--multi-user --workers W` (W = --workers) on a free 127.0.0.1 port over the benchmark's
database, asked with a read-only API token (`Authorization: Bearer rs_...`) of that coach,
who also coaches a squad of every runner: random runners' `GET
/api/v1/runners/{id}/today` under wrk with 8 connections for max(5, seconds // 2) s
(req/s, p50, p99), again with one connection a worker (a busy server that is not
queueing), and the board page `GET /coach/squads/{id}` of the 200 with one
connection for max(3, seconds // 4) s (p50, p99); any answer but a 2xx fails the run.

Then the load averages (1, 5 and 15 minutes) at the start and end of the re-plan and of
each latency phase, so that a reader sees how busy the machine was; and the database's
size, by table, and per runner, after the re-plan (two plans a runner; one with
--no-replan, which seeds and measures the answers only). Last, the ratios
of the last count to the first (targets: re-plan time linear, within 11x for 10x the
runners; peak memory flat, within 1.2x) and of the p99s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from log import done  # type: ignore[import-not-found]  # noqa: E402

TODAY = dt.datetime.now().astimezone().date()
SEASON_WEEKS = 14  # logged before today
START = TODAY - dt.timedelta(days=TODAY.weekday(), weeks=SEASON_WEEKS)
SEEDED_LIBRARY = "lib-seeded"  # not the library installed: every runner is due a re-plan
SEEDED_AT = dt.datetime.combine(START, dt.time(12), tzinfo=dt.UTC)
RUNNERS_A_COPY = 500  # runners loaded per COPY transaction: bounded memory while seeding
EXAMPLES = ROOT / "src" / "runstrong" / "examples"


# -- the pool of distinct runners ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Kind:
    """One distinct runner: COPY text for its profile, plan, sessions and sets, each line
    without the runner id that starts it."""

    profile: str
    plan: str
    sessions: list[str]
    sets: list[str]


def _copy_text(value: object) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _line(*values: object) -> str:
    return "\t".join(_copy_text(v) for v in values) + "\n"


def _variants() -> Iterator[dict[str, Any]]:
    """Profiles varied from the bundled examples: experience, days and minutes, equipment."""
    kinds = sorted(EXAMPLES.glob("*.json"))
    number = 0
    while True:
        for path in kinds:
            data = json.loads(path.read_text())
            data.update(name=f"Pool runner {number}", start_date=START.isoformat(), weeks=26)
            data["goal"] = {"event": "none"}
            data.pop("races", None)
            availability = data.setdefault("availability", {})
            availability["sessions_per_week"] = 2 + number % 2
            availability["minutes_per_session"] = (30, 40, 45, 60)[number // 2 % 4]
            if number // 8 % 2:
                data["equipment"] = ["home"] if data.get("equipment") == ["gym"] else ["gym"]
            yield data
            number += 1


def make_pool(size: int) -> list[Kind]:
    from runstrong.domain.athlete import Profile
    from runstrong.domain.generator import generate_plan
    from runstrong.domain.plan_calendar import calendar_of
    from runstrong.library import load_catalog
    from runstrong.services import training

    catalog = load_catalog()
    pool: list[Kind] = []
    for data in _variants():
        if len(pool) == size:
            break
        try:
            profile = Profile.model_validate(data)
            plan = generate_plan(profile, catalog)
        except Exception:
            continue  # a variation the examples do not allow: take the next one
        document = training.stamped(training._document(plan), SEEDED_LIBRARY, 1)
        sessions, sets = [], []
        planned = [s for w in document["weeks"] for s in w["sessions"]]
        for number, session in enumerate(s for s in planned if s["date"] < TODAY.isoformat()):
            log = done(session, number)
            at = dt.datetime.fromisoformat(log["date"]).replace(hour=19, tzinfo=dt.UTC)
            sessions.append(_line(log["id"], log["date"], log["note"], True, at.isoformat()))
            for item_index, item in enumerate(log["items"]):
                for set_index, one in enumerate(item["sets"]):
                    sets.append(
                        _line(log["id"], item_index, item["exercise"], set_index, one["reps"],
                              one["seconds"], one["load_kg"], one["rpe"], one["pain"], None)
                    )  # fmt: skip
        pool.append(
            Kind(
                _line(1, orjson.dumps(profile.model_dump(mode="json")).decode(), SEEDED_AT),
                _line(
                    1,
                    START,
                    orjson.dumps(document).decode(),
                    SEEDED_AT,
                    orjson.dumps(calendar_of(document)).decode(),
                ),  # as add_plan keeps it
                sessions,
                sets,
            )
        )
    return pool


# -- seeding -----------------------------------------------------------------------------


def libpq(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def seed(url: str, runners: int, pool: list[Kind]) -> None:
    """`runners` runners after those already there, each a copy of a pool runner with
    rows of its own, loaded with COPY in transactions of RUNNERS_A_COPY runners."""
    import psycopg

    from runstrong.adapters.db import connect, dispose

    with connect(url) as uow:  # the schema, as the migrations make it
        uow.repo.is_empty()
    dispose(url)
    with psycopg.connect(libpq(url)) as connection:
        first = connection.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM runners").fetchone()
        start = int(first[0]) if first else 1
        for chunk in range(start, start + runners, RUNNERS_A_COPY):
            ids = range(chunk, min(chunk + RUNNERS_A_COPY, start + runners))
            kinds = [pool[rid % len(pool)] for rid in ids]
            tables = {
                "runners (id, name, created_at)": [
                    _line(rid, f"Runner {rid}", SEEDED_AT) for rid in ids
                ],
                "profiles (runner_id, version, document, created_at)": [
                    f"{rid}\t{kind.profile}" for rid, kind in zip(ids, kinds, strict=True)
                ],
                "plans (runner_id, profile_version, valid_from, document, created_at, calendar)": [
                    f"{rid}\t{kind.plan}" for rid, kind in zip(ids, kinds, strict=True)
                ],
                "session_logs (runner_id, id, date, note, pain_settled, logged_at)": [
                    f"{rid}\t{row}" for rid, kind in zip(ids, kinds, strict=True) for row in kind.sessions
                ],
                "set_logs (runner_id, session_id, item_index, exercise, set_index, reps, "
                "seconds, load_kg, rpe, pain, side)": [
                    f"{rid}\t{row}" for rid, kind in zip(ids, kinds, strict=True) for row in kind.sets
                ],
            }  # fmt: skip
            with connection.transaction(), connection.cursor() as cursor:
                for table, lines in tables.items():
                    with cursor.copy(f"COPY {table} FROM STDIN") as copy:
                        buffer = io.StringIO()
                        for line in lines:
                            buffer.write(line)
                            if buffer.tell() > 8_000_000:
                                copy.write(buffer.getvalue())
                                buffer = io.StringIO()
                        copy.write(buffer.getvalue())
        connection.execute(
            "SELECT setval(pg_get_serial_sequence('runners', 'id'), (SELECT MAX(id) FROM runners))"
        )
        connection.commit()
        connection.autocommit = True
        connection.execute("VACUUM ANALYZE")  # fresh statistics, as autovacuum would give


# -- the measurements ------------------------------------------------------------------------

REPLAN = """
import json, sys, datetime as dt
from runstrong.library.fingerprint import library_fingerprint
from runstrong.services import fleet
if __name__ == "__main__":
    url, workers = sys.argv[1], int(sys.argv[2])
    today = dt.date.fromisoformat(sys.argv[3])
    tally = fleet.replan_all(url, library_fingerprint(), today, dt.datetime.now(dt.UTC),
                             workers=workers)
    print(json.dumps({"replanned": tally.replanned, "skipped": tally.skipped,
                      "failed": tally.failed, "seconds": tally.seconds,
                      "worker_kib": tally.worker_peak_kib,
                      "parent_kib": fleet.peak_kib()}))
"""


def replan_figures(url: str, workers: int) -> dict[str, Any]:
    """`replan --all` in a fresh process, as a server runs it: its tally, the wall time
    and the peak memory of the parent and of the largest worker."""
    script = Path(tempfile.mkdtemp(prefix="runstrong-scale-")) / "replan.py"
    script.write_text(REPLAN)
    began = time.perf_counter()
    out = subprocess.run(
        [sys.executable, str(script), url, str(workers), TODAY.isoformat()],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    if out.returncode != 0:
        sys.stderr.write(out.stdout[-4000:] + out.stderr[-4000:])
        out.check_returncode()
    figures: dict[str, Any] = json.loads(out.stdout.splitlines()[-1])
    figures["wall"] = time.perf_counter() - began
    shutil.rmtree(script.parent, ignore_errors=True)
    return figures


def today_latencies(url: str, runners: int, seconds: float, most: int = 20_000) -> list[float]:
    """Seconds of each `training.today` call for random runners, for `seconds` (at most
    `most` calls)."""
    from runstrong.adapters.db import lite
    from runstrong.library import load_catalog
    from runstrong.services import training

    catalog = load_catalog()
    chosen = random.Random(7)
    times: list[float] = []
    until = time.perf_counter() + seconds
    while time.perf_counter() < until and len(times) < most:
        runner = chosen.randint(1, runners)
        began = time.perf_counter()
        answer = training.today(lite.reader(url, runner=runner), TODAY, catalog)
        times.append(time.perf_counter() - began)
        assert "session" in answer
    return times


SQUAD = 200  # runners on the coach's board measured
COACH = "scale-coach"
PASSWORD = "a long walk to the track"


def _coach(url: str) -> Any:
    """The benchmark's coach (made the first time), signed in afresh: its actor knows
    the squads made since."""
    from runstrong.adapters.db import connect
    from runstrong.adapters.passwords import fast_hasher
    from runstrong.services import accounts

    now = dt.datetime.now(dt.UTC)
    if not any(user.username == COACH for user in accounts.users(connect(url))):
        accounts.create_user(connect(url), fast_hasher(), COACH, PASSWORD, "coach", now)
    return accounts.sign_in(connect(url), fast_hasher(), COACH, PASSWORD, "x", now).actor


def coach_squad(url: str, name: str, size: int | None) -> int:
    """A squad of the coach's holding `size` runners picked at random, or every runner
    (size None), added with one INSERT ... SELECT."""
    from sqlalchemy import text

    from runstrong.adapters.db import _engine, connect
    from runstrong.services import accounts

    now = dt.datetime.now(dt.UTC)
    squad = accounts.create_squad(connect(url), _coach(url), name, now)
    picked = "ORDER BY random() LIMIT :size" if size is not None else ""
    with _engine(url).begin() as connection:
        connection.execute(
            text(
                "INSERT INTO squad_members (squad_id, runner_id, joined_at) "
                f"SELECT :squad, id, :now FROM runners {picked}"
            ),
            {"squad": squad, "now": now, "size": size},
        )
    return squad


def read_token(url: str) -> str:
    """A read-scoped API token of the coach's, for `Authorization: Bearer`."""
    from runstrong.adapters.db import connect
    from runstrong.services import accounts

    now = dt.datetime.now(dt.UTC)
    token, _stored = accounts.new_api_token(connect(url), _coach(url), "scale", "read", now)
    return token


def board_latencies(url: str, squad: int, size: int, seconds: float) -> list[float]:
    """The coach's board of squad `squad` (`size` runners) asked for again and again for
    `seconds`, and at least 20 times (in-process, as its page asks the service)."""
    from runstrong.adapters.db import connect
    from runstrong.services import squads

    coach = _coach(url)
    found: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(found) < 20:
        began = time.perf_counter()
        board = squads.board(connect(url), coach, squad, TODAY)
        found.append(time.perf_counter() - began)
        assert len(board.rows) == size
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def load() -> tuple[float, float, float]:
    """The machine's load averages over 1, 5 and 15 minutes."""
    return os.getloadavg()


WRK_RANDOM = """
math.randomseed(7)
request = function()
  return wrk.format("GET", "/api/v1/runners/" .. math.random(1, %d) .. "/today", {
    ["Authorization"] = "Bearer %s",
  })
end
"""
WRK_ONE = """
wrk.method = "GET"
wrk.path = "%s"
wrk.headers["Authorization"] = "Bearer %s"
"""


def _wrk(base: str, script: Path, connections: int, seconds: int) -> dict[str, Any]:
    """wrk's requests a second and latency percentiles (ms), refusing any answer that is
    not a 2xx and any socket error (a request over 60 s included)."""
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s", "--latency",
         "-s", str(script), base],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    if "Non-2xx" in out or "Socket errors" in out:
        raise RuntimeError(f"wrk met errors:\n{out}")
    figures: dict[str, Any] = {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore[union-attr]
    }
    units = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
    for share in (50, 99):
        value, unit = re.search(rf"\s{share}%\s+([\d.]+)(us|ms|s|m)", out).groups()  # type: ignore[union-attr]
        figures[f"p{share}"] = float(value) * units[unit]
    return figures


def _get(url: str, token: str) -> bytes:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=120) as answer:
        body: bytes = answer.read()
        return body


def http_figures(
    url: str, runners: int, board: int, workers: int, seconds: int, board_seconds: int
) -> dict[str, Any] | None:
    """The real deployment server, `runstrong serve --multi-user --workers W` over `url`,
    loaded by wrk with a read-only token of the coach's, who coaches every runner (a
    squad of them all): a random runner's today (`GET /api/v1/runners/{id}/today`, 8
    connections, `seconds`), then the board of squad `board` (`GET /coach/squads/{id}`,
    one connection, `board_seconds`). None without wrk."""
    if shutil.which("wrk") is None:
        return None
    everyone = coach_squad(url, "Everyone", None)
    token = read_token(url)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    folder = Path(tempfile.mkdtemp(prefix="runstrong-scale-"))
    (folder / "today.lua").write_text(WRK_RANDOM % (runners, token))
    (folder / "board.lua").write_text(WRK_ONE % (f"/coach/squads/{board}", token))
    log = (folder / "serve.log").open("w")
    command = [sys.executable, "-m", "runstrong", "serve", "--multi-user", "--port", str(port),
               "--workers", str(workers)]  # fmt: skip
    server = subprocess.Popen(
        command,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "RUNSTRONG_DATABASE_URL": url},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its workers are stopped with it
    )
    figures: dict[str, Any] = {"everyone": everyone, "workers": workers}
    try:
        base = f"http://127.0.0.1:{port}"
        for _attempt in range(600):
            if server.poll() is not None:
                break
            try:
                urllib.request.urlopen(f"{base}/api/v1/openapi.json", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        began = time.perf_counter()
        answer = orjson.loads(_get(f"{base}/api/v1/runners/{runners}/today", token))
        figures["first_today"] = time.perf_counter() - began
        assert "session" in answer, answer
        began = time.perf_counter()
        page = _get(f"{base}/coach/squads/{board}", token)
        figures["first_board"] = time.perf_counter() - began
        assert b"<html" in page.lower(), page[:200]
        figures["load_today"] = [load()]
        figures["today"] = _wrk(base, folder / "today.lua", 8, seconds)
        # and with one request in flight per worker: the time a request takes when the
        # server is busy but not queueing (at 8 connections most of p99 is the queue)
        figures["today_paced"] = _wrk(base, folder / "today.lua", workers, seconds)
        figures["load_today"].append(load())
        figures["load_board"] = [load()]
        figures["board"] = _wrk(base, folder / "board.lua", 1, board_seconds)
        figures["load_board"].append(load())
    except Exception:
        log.flush()
        sys.stderr.write(f"the server's log:\n{(folder / 'serve.log').read_text()[-4000:]}\n")
        raise
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)
            server.wait(timeout=10)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)
    return figures


def disk(url: str) -> tuple[int, dict[str, int]]:
    """The database's bytes on disk, and each table's (with its indexes and TOAST)."""
    import psycopg

    with psycopg.connect(libpq(url)) as connection:
        total = connection.execute("SELECT pg_database_size(current_database())").fetchone()
        rows = connection.execute(
            "SELECT relname, pg_total_relation_size(oid) FROM pg_class "
            "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY 2 DESC"
        ).fetchall()
    return int(total[0]) if total else 0, {name: int(size) for name, size in rows}


# -- the run ---------------------------------------------------------------------------------


def _server(url: str | None) -> tuple[str, str | None]:
    """A server's URL, and the cluster folder when this script started it."""
    if url:
        return url, None
    out = subprocess.run(
        [str(ROOT / "scripts" / "postgres"), "start"], capture_output=True, text=True, check=True
    ).stdout
    values = dict(line.removeprefix("export ").split("=", 1) for line in out.splitlines())
    return values["RUNSTRONG_TEST_PG_URL"], values["RUNSTRONG_TEST_PG_DIR"]


def _database(server: str, name: str, create: bool) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if create:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def _say(text: str) -> None:
    """A line of progress as the run goes, with the time and the machine's load."""
    one, five, fifteen = load()
    print(f"  [{dt.datetime.now(dt.UTC):%H:%M:%S}Z load {one:.2f} {five:.2f} {fifteen:.2f}] {text}",
          flush=True)  # fmt: skip


def _timed_load(figures: dict[str, Any], phase: str, run: Any) -> Any:
    """`run()`, with the load averages at its start and end kept under figures["load"]."""
    before = load()
    value = run()
    figures.setdefault("load", {})[phase] = (before, load())
    return value


def measure(
    server: str,
    runners: int,
    pool: list[Kind],
    workers: int,
    seconds: int,
    replan: bool = True,
) -> dict[str, Any]:
    from runstrong.adapters.db import dispose

    url = _database(server, f"runstrong_scale_{runners}", create=True)
    try:
        _say(f"seeding {runners:,} runners")
        began = time.perf_counter()
        seed(url, runners, pool)
        figures: dict[str, Any] = {"seed": time.perf_counter() - began}
        _say(f"seeded in {figures['seed']:.1f} s")
        figures["replan"] = figures["again"] = None
        if replan:
            figures["replan"] = _timed_load(figures, "replan", lambda: replan_figures(url, workers))
            _say(f"replan --all: {json.dumps(figures['replan'])}")
            figures["again"] = replan_figures(url, workers)  # nothing left to do
            _say(f"replan again: {json.dumps(figures['again'])}")
        figures["today"] = _timed_load(
            figures, "today", lambda: today_latencies(url, runners, seconds)
        )
        # The same with the start-up heap out of the collector's way (gc.freeze): most of
        # the slowest calls above are full collections walking it, set off by the many
        # objects a parsed plan document makes. Frozen for the rest of this process.
        gc.freeze()
        figures["today_frozen"] = _timed_load(
            figures, "today_frozen", lambda: today_latencies(url, runners, seconds)
        )
        size = figures["board_size"] = min(SQUAD, runners)
        squad = coach_squad(url, "Board", size)
        figures["board"] = _timed_load(
            figures, "board", lambda: board_latencies(url, squad, size, seconds)
        )
        _say("in-process latencies done; the real server")
        dispose(url)
        figures["http"] = http_figures(
            url, runners, squad, workers, max(5, seconds // 2), max(3, seconds // 4)
        )
        if figures["http"] is not None:
            figures["load"]["http_today"] = tuple(figures["http"]["load_today"])
            figures["load"]["http_board"] = tuple(figures["http"]["load_board"])
        figures["disk"] = disk(url)
    finally:
        dispose(url)
        _database(server, f"runstrong_scale_{runners}", create=False)
    return figures


def _mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


def report(runners: int, figures: dict[str, Any]) -> None:
    replan = figures["replan"]
    print(f"\n{runners:,} runners (seeded in {figures['seed']:.1f} s)")
    if replan is None:
        print("  replan --all    not run (--no-replan: one plan a runner, as seeded)")
    else:
        _report_replan(replan, figures["again"])
    _report_latencies(figures, runners)


def _report_replan(replan: dict[str, Any], again: dict[str, Any]) -> None:
    print(
        f"  replan --all    {replan['seconds']:8.1f} s   {replan['replanned'] / replan['seconds']:6.1f} "
        f"runners/s   re-planned {replan['replanned']:,}, skipped {replan['skipped']:,}, "
        f"failed {replan['failed']:,}"
    )
    print(
        f"  replan again    {again['seconds']:8.1f} s   (nothing to do: skipped {again['skipped']:,})"
    )
    print(
        f"  peak memory     parent {_mib(replan['parent_kib'])}, largest worker {_mib(replan['worker_kib'])}"
    )


def _report_latencies(figures: dict[str, Any], runners: int) -> None:
    times = figures["today"]
    total, tables = figures["disk"]
    print(
        f"  today (service) p50 {1000 * statistics.median(times):6.1f} ms   "
        f"p99 {1000 * percentile(times, 0.99):6.1f} ms   over {len(times):,} calls"
    )
    frozen = figures["today_frozen"]
    print(
        f"  ... gc.freeze() p50 {1000 * statistics.median(frozen):6.1f} ms   "
        f"p99 {1000 * percentile(frozen, 0.99):6.1f} ms   over {len(frozen):,} calls"
    )
    board = figures["board"]
    print(
        f"  coach's board   p50 {1000 * statistics.median(board):6.1f} ms   "
        f"p99 {1000 * percentile(board, 0.99):6.1f} ms   ({figures.get('board_size', SQUAD)} "
        f"runners, {len(board)} calls)"
    )
    http = figures["http"]
    if http is None:
        print("  HTTP            wrk is not installed; not measured")
    else:
        today, page = http["today"], http["board"]
        print(
            f"  today (HTTP)    {today['rate']:6.0f} req/s   p50 {today['p50']:6.1f} ms   "
            f"p99 {today['p99']:6.1f} ms   ({today['requests']:,} requests, wrk -c8; "
            f"first {1000 * http['first_today']:.0f} ms)"
        )
        paced = http.get("today_paced")
        if paced is not None:
            print(
                f"  ... one a worker{paced['rate']:6.0f} req/s   p50 {paced['p50']:6.1f} ms   "
                f"p99 {paced['p99']:6.1f} ms   ({paced['requests']:,} requests, wrk -c{http['workers']})"
            )
        print(
            f"  board (HTTP)    {page['rate']:6.1f} req/s   p50 {page['p50']:6.1f} ms   "
            f"p99 {page['p99']:6.1f} ms   ({page['requests']:,} requests, wrk -c1; "
            f"first {1000 * http['first_board']:.0f} ms)"
        )
        print(
            "                  (`serve --multi-user`, a read-only token of a coach of every runner)"
        )
    loads = figures.get("load", {})
    if loads:
        print("  load average    (1, 5, 15 min) at the start -> end of each phase:")
        for phase, (before, after) in loads.items():
            print(
                f"    {phase:14} {' '.join(f'{v:.2f}' for v in before)} -> "
                f"{' '.join(f'{v:.2f}' for v in after)}"
            )
    print(f"  on disk         {total / 2**30:.2f} GiB, {total / runners / 1024:.0f} KiB a runner:")
    for name, size in list(tables.items())[:5]:
        print(
            f"    {name:14} {size / 2**20:9.0f} MiB  {size / runners / 1024:6.0f} KiB a runner  {100 * size / total:3.0f} %"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runners", default="10000,100000", help="the counts to compare")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--seconds", type=int, default=20, help="how long the today answer is timed"
    )
    parser.add_argument(
        "--pool", type=int, default=24, help="distinct runners made by the generator"
    )
    parser.add_argument("--url", help="a PostgreSQL server to use instead of a throwaway one")
    parser.add_argument(
        "--no-replan",
        action="store_true",
        help="seed and measure the answers only (the re-plan takes most of a large run)",
    )
    args = parser.parse_args()
    counts = [int(c) for c in args.runners.split(",")]
    server, started = _server(args.url)
    try:
        began = time.perf_counter()
        pool = make_pool(args.pool)
        sets = statistics.mean(len(k.sets) for k in pool)
        sessions = statistics.mean(len(k.sessions) for k in pool)
        print(
            f"pool of {len(pool)} runners made in {time.perf_counter() - began:.1f} s: "
            f"{sessions:.0f} sessions and {sets:.0f} sets a runner; {args.workers} workers"
        )
        results = {}
        for count in counts:
            results[count] = measure(
                server, count, pool, args.workers, args.seconds, replan=not args.no_replan
            )
            report(count, results[count])
        if len(counts) > 1:
            small, large = results[counts[0]], results[counts[-1]]
            scale = counts[-1] / counts[0]
            print(f"\n{counts[-1]:,} against {counts[0]:,} ({scale:g}x the runners):")
            if large["replan"] is not None and small["replan"] is not None:
                print(
                    f"  replan time     {large['replan']['seconds'] / small['replan']['seconds']:5.2f}x  (target within {1.1 * scale:g}x)"
                )
                for who in ("parent", "worker"):
                    ratio = large["replan"][f"{who}_kib"] / small["replan"][f"{who}_kib"]
                    print(f"  {who} memory   {ratio:5.2f}x  (target within 1.2x)")
            p99 = percentile(large["today"], 0.99) / percentile(small["today"], 0.99)
            print(f"  today p99       {p99:5.2f}x  (in-process)")
            p99 = percentile(large["board"], 0.99) / percentile(small["board"], 0.99)
            print(f"  board p99       {p99:5.2f}x  (in-process)")
            if large["http"] is not None and small["http"] is not None:
                for what in ("today", "board"):
                    p99 = large["http"][what]["p99"] / small["http"][what]["p99"]
                    print(f"  {what} p99       {p99:5.2f}x  (HTTP)")
    finally:
        if started:
            subprocess.run([str(ROOT / "scripts" / "postgres"), "stop", started], check=False)


if __name__ == "__main__":
    main()
