"""Many runners logging sessions at once through the API, on PostgreSQL, with faults.

    env -u PYTHONDONTWRITEBYTECODE .venv/bin/python benchmarks/load.py \\
        [--runners 40] [--clients 16] [--seconds 60] [--workers 2] \\
        [--kill-worker-at 20] [--restart-postgres-at 40] [--url postgresql://...]

Starts a throwaway PostgreSQL cluster (scripts/postgres; or uses --url, then no restart),
makes the runners' accounts with write tokens and a plan each, serves the app with
`runstrong serve --multi-user --workers N` on 127.0.0.1, and has the clients log sessions
as fast as the server takes them, each as a phone would: the session's id is its
idempotency key, and a request that fails (a killed worker, a database restarting) is
sent again with the same id until it is acknowledged. Bounded in time and count.

Then every acknowledged session is looked for in the database, whole (every set). It
prints: requests and acknowledgements a second, p50 and p99 latency, sessions
acknowledged against stored, any lost, partial or doubled (all must be 0), the requests
that failed during each fault, and how long after each fault the first acknowledgement came.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "a long walk to the track"
SETS = 3  # each logged session: one exercise, three sets


@dataclasses.dataclass
class Runner:
    name: str
    runner_id: int
    token: str


@dataclasses.dataclass
class Outcome:
    sent: int = 0
    acknowledged: dict[tuple[int, str], float] = dataclasses.field(default_factory=dict)
    latencies: list[float] = dataclasses.field(default_factory=list)
    failures: list[tuple[float, str]] = dataclasses.field(default_factory=list)  # (time, kind)
    faults: list[tuple[float, str]] = dataclasses.field(default_factory=list)  # (time, what)
    # the body of each answer that was the server's own error (5xx but 503), to say why
    errors: list[str] = dataclasses.field(default_factory=list)
    server_log: str = ""  # what the server wrote to stderr: its tracebacks, if any


# -- PostgreSQL and the server ---------------------------------------------------------------


def start_postgres() -> tuple[str, str]:
    """A throwaway cluster: its URL and its folder (for a restart and the stop)."""
    out = subprocess.run(
        [str(ROOT / "scripts" / "postgres"), "start"], capture_output=True, text=True, check=True
    ).stdout
    values = dict(line.removeprefix("export ").split("=", 1) for line in out.splitlines())
    return values["RUNSTRONG_TEST_PG_URL"], values["RUNSTRONG_TEST_PG_DIR"]


def stop_postgres(folder: str) -> None:
    subprocess.run([str(ROOT / "scripts" / "postgres"), "stop", folder], check=False)


def restart_postgres(folder: str) -> None:
    """A fast restart: every connection is cut, as when a server fails over."""
    pg_bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    subprocess.run(
        [
            "su",
            "postgres",
            "-c",
            f"{pg_bin}/pg_ctl -D {folder}/data -m fast -w restart -l {folder}/log",
        ],
        check=True,
        capture_output=True,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(
    url: str, workers: int, port: int, log: IO[bytes] | None = None
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "RUNSTRONG_DATABASE_URL": url, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(
        [sys.executable, "-m", "runstrong", "serve", "--multi-user", "--workers", str(workers),
         "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=log or subprocess.DEVNULL,
    )  # fmt: skip
    wait_until_serving(port, 60)
    return process


def wait_until_serving(port: int, seconds: float) -> float:
    """Seconds until the server answered; raises after `seconds`."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", "/api/v1/exercises/goblet-squat")
            if connection.getresponse().status == 200:
                return time.monotonic() - started
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.05)
    raise RuntimeError(f"the server did not answer within {seconds} s")


def workers_of(process: subprocess.Popen[bytes]) -> list[int]:
    """The worker processes of uvicorn's supervisor (its children)."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    found = [int(pid) for pid in children.read_text().split()] if children.exists() else []
    # multiprocessing's resource tracker is a child too; a worker is spawned by spawn_main
    return [pid for pid in found if b"spawn_main" in _command_line(pid)]


def _sockets(pid: int) -> int:
    try:
        return sum(1 for fd in Path(f"/proc/{pid}/fd").iterdir() if "socket:" in os.readlink(fd))
    except OSError:
        return 0


def _command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


# -- the runners -----------------------------------------------------------------------------


def prepare(url: str, count: int) -> list[Runner]:
    """`count` runner accounts, each with a plan and a write token."""
    sys.path.insert(0, str(ROOT / "src"))
    from runstrong.adapters.db import connect, dispose
    from runstrong.adapters.passwords import fast_hasher
    from runstrong.domain.athlete import Profile
    from runstrong.library import load_catalog
    from runstrong.services import accounts, training

    catalog = load_catalog()
    now = dt.datetime.now(dt.UTC)
    today = dt.datetime.now().astimezone().date()
    document = json.loads(
        (ROOT / "src" / "runstrong" / "examples" / "novice-5k-home.json").read_text()
    )
    document["start_date"] = (today - dt.timedelta(days=today.weekday(), weeks=1)).isoformat()
    document["goal"] = {"event": "none"}
    runners = []
    for number in range(count):
        name = f"runner{number:05d}"
        user = accounts.create_user(connect(url), fast_hasher(), name, PASSWORD, "runner", now)
        assert user.runner_id is not None
        profile = Profile.model_validate({**document, "name": name})
        training.init_runner(connect(url, user.runner_id), profile, catalog, today, now)
        actor = accounts.sign_in(connect(url), fast_hasher(), name, PASSWORD, "load", now).actor
        token, _stored = accounts.new_api_token(connect(url), actor, "load", "write", now)
        runners.append(Runner(name, user.runner_id, token))
    dispose()
    return runners


def _session(log_id: str, day: str) -> bytes:
    sets = [{"reps": 10, "load_kg": 12.5, "rpe": 7}] * SETS
    return json.dumps(
        {"id": log_id, "date": day, "items": [{"exercise": "goblet-squat", "sets": sets}]}
    ).encode()


# -- the load --------------------------------------------------------------------------------


def load(
    port: int, runners: list[Runner], clients: int, seconds: float, most: int | None = None
) -> Outcome:
    """Clients logging sessions for `seconds` (or `most` sessions in all); a failed request
    is sent again with the same id until it is acknowledged or the time is up."""
    outcome = Outcome()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    day = dt.datetime.now().astimezone().date().isoformat()
    started = time.monotonic()

    def client(number: int) -> None:
        mine = runners[number::clients] or runners[:1]
        connection: http.client.HTTPConnection | None = None
        done = 0
        while time.monotonic() < deadline:
            runner = mine[done % len(mine)]
            log_id = f"c{number}-s{done}"
            body = _session(log_id, day)
            while time.monotonic() < deadline:  # this session, until it is acknowledged
                sent = time.monotonic()
                try:
                    if connection is None:
                        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                    connection.request(
                        "POST", "/api/v1/sessions", body=body,
                        headers={"Authorization": f"Bearer {runner.token}",
                                 "Content-Type": "application/json"},
                    )  # fmt: skip
                    response = connection.getresponse()
                    said = response.read()
                    status = response.status
                except (OSError, http.client.HTTPException) as error:
                    status, kind = 0, type(error).__name__
                    if connection is not None:
                        connection.close()
                    connection = None
                with lock:
                    outcome.sent += 1
                    if status in (200, 201):
                        answered = time.monotonic()
                        outcome.acknowledged[(runner.runner_id, log_id)] = answered - started
                        outcome.latencies.append(answered - sent)
                    else:
                        outcome.failures.append(
                            (sent - started, kind if status == 0 else str(status))
                        )
                        if status >= 500 and status != 503:
                            outcome.errors.append(said[:500].decode(errors="replace"))
                if status in (200, 201):
                    break
                time.sleep(0.05)  # a phone's queue waits a little before sending again
            done += 1
            with lock:
                if most is not None and len(outcome.acknowledged) >= most:
                    break
        if connection is not None:
            connection.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 30)
    return outcome


def with_faults(
    outcome_holder: list[Outcome],
    server: subprocess.Popen[bytes],
    postgres_folder: str | None,
    kill_at: float | None,
    restart_at: float | None,
    started: float,
) -> threading.Thread:
    """A thread that kills a worker and restarts PostgreSQL at the times given."""

    def run() -> None:
        plan = sorted(
            [(t, "kill") for t in [kill_at] if t is not None]
            + [(t, "restart") for t in [restart_at] if t is not None and postgres_folder]
        )
        for at, what in plan:
            time.sleep(max(0.0, started + at - time.monotonic()))
            moment = time.monotonic() - started
            if what == "kill":
                # the busiest worker (the most sockets open): its clients' requests break
                pids = sorted(workers_of(server), key=_sockets, reverse=True)
                if pids:
                    os.kill(pids[0], signal.SIGKILL)
                    outcome_holder[0].faults.append((moment, f"SIGKILL worker {pids[0]}"))
            else:
                assert postgres_folder is not None
                restart_postgres(postgres_folder)
                outcome_holder[0].faults.append((moment, "PostgreSQL restarted"))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


# -- what the database holds afterwards ------------------------------------------------------


@dataclasses.dataclass
class Check:
    acknowledged: int
    stored: int  # sessions in the database (some stored but never acknowledged: in flight)
    lost: int  # acknowledged, not in the database
    partial: int  # stored without every set
    doubled: int  # the same id more than once for a runner


def check(url: str, outcome: Outcome) -> Check:
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        sessions = connection.execute(
            text(
                "SELECT l.runner_id, l.id, COUNT(s.id) FROM session_logs l "
                "LEFT JOIN set_logs s ON s.runner_id = l.runner_id AND s.session_id = l.id "
                "GROUP BY l.runner_id, l.id"
            )
        ).all()
        doubled = connection.execute(
            text(
                "SELECT COUNT(*) FROM (SELECT runner_id, id FROM session_logs "
                "GROUP BY runner_id, id HAVING COUNT(*) > 1) AS twice"
            )
        ).scalar()
    engine.dispose()
    stored = {(int(r), str(i)): int(n) for r, i, n in sessions}
    lost = sum(1 for key in outcome.acknowledged if key not in stored)
    partial = sum(1 for n in stored.values() if n != SETS)
    return Check(len(outcome.acknowledged), len(stored), lost, partial, int(doubled or 0))


def recoveries(outcome: Outcome) -> list[tuple[str, int, float]]:
    """For each fault: what it was, the requests that failed from it until the next fault,
    and the seconds from the fault until the first acknowledgement after the last of them
    (the app serving again)."""
    acks = sorted(outcome.acknowledged.values())
    faults = sorted(outcome.faults)
    found = []
    for index, (moment, what) in enumerate(faults):
        # up to half a second before the next fault: a request sent just before it and
        # refused by it is the next fault's (the windows would overlap otherwise)
        until = faults[index + 1][0] - 0.5 if index + 1 < len(faults) else float("inf")
        failed = [t for t, _kind in outcome.failures if moment - 0.5 <= t < until]
        last = max(failed, default=moment)
        back = next((t for t in acks if t > last), None)
        found.append((what, len(failed), (back - moment) if back is not None else float("inf")))
    return found


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def run(options: argparse.Namespace) -> tuple[Outcome, Check, float]:
    folder = None
    url = options.url
    if url is None:
        url, folder = start_postgres()
    server = None
    log = tempfile.TemporaryFile()
    try:
        runners = prepare(url, options.runners)
        port = free_port()
        server = serve(url, options.workers, port, log)
        holder = [Outcome()]
        started = time.monotonic()
        faults = with_faults(
            holder, server, folder, options.kill_worker_at, options.restart_postgres_at, started
        )
        outcome = load(port, runners, options.clients, options.seconds)
        outcome.faults = holder[0].faults
        faults.join(5)
        elapsed = time.monotonic() - started
        wait_until_serving(port, 30)
        found = check(url, outcome)
        _stop(server)
        log.seek(0)
        outcome.server_log = log.read().decode(errors="replace")
        return outcome, found, elapsed
    finally:
        if server is not None:
            _stop(server)
        log.close()
        if folder is not None:
            stop_postgres(folder)


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def server_tracebacks(outcome: Outcome) -> list[str]:
    """Each traceback the server logged, whole (uvicorn's 'Exception in ASGI application')."""
    found: list[str] = []
    lines = outcome.server_log.splitlines()
    for number, line in enumerate(lines):
        if line.startswith("Traceback (most recent call last)"):
            end = number + 1  # the frames are indented; the exception's own line is not
            while end < len(lines) and lines[end].startswith((" ", "\t")):
                end += 1
            found.append("\n".join(lines[number : end + 1]))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runners", type=int, default=40)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kill-worker-at", type=float, default=None)
    parser.add_argument("--restart-postgres-at", type=float, default=None)
    parser.add_argument("--url", default=None, help="a PostgreSQL database to use (no restart)")
    options = parser.parse_args()
    if options.seconds > 600:
        sys.exit("--seconds: at most 600; this is a bounded benchmark")
    outcome, found, elapsed = run(options)
    print(f"{options.runners} runners, {options.clients} clients, {options.workers} workers, "
          f"{elapsed:.0f} s on 127.0.0.1")  # fmt: skip
    print(f"requests sent            {outcome.sent:8d}   {outcome.sent / elapsed:8.1f} a second")
    print(
        f"sessions acknowledged    {found.acknowledged:8d}   {found.acknowledged / elapsed:8.1f} a second"
    )
    print(f"latency of an acknowledgement: p50 {_percentile(outcome.latencies, 0.5) * 1000:.1f} ms, "
          f"p99 {_percentile(outcome.latencies, 0.99) * 1000:.1f} ms")  # fmt: skip
    print(f"stored {found.stored}, lost {found.lost}, partial {found.partial}, doubled {found.doubled} "
          "(stored beyond acknowledged: in flight when the time was up or a fault struck)")  # fmt: skip
    for what, failed, seconds in recoveries(outcome):
        print(
            f"{what}: {failed} requests failed (each sent again), serving again after {seconds:.2f} s"
        )
    kinds: dict[str, int] = {}
    for _moment, kind in outcome.failures:
        kinds[kind] = kinds.get(kind, 0) + 1
    print(
        "failed requests by kind: "
        + (", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) or "none")
    )
    for body in outcome.errors[:3]:
        print(f"the server's own error said: {body}")
    for traceback in server_tracebacks(outcome)[:3]:
        print(traceback)
    if found.lost or found.partial or found.doubled:
        sys.exit(1)


if __name__ == "__main__":
    main()
