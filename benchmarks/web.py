"""Throughput and latency of the web app against a bare endpoint, and the today page's weight.

    apt-get install -y wrk      # the load generator (Debian's package)
    env -u PYTHONDONTWRITEBYTECODE .venv/bin/python benchmarks/web.py [--seconds 10] [--connections 64]

Seeds three SQLite files through the real services (benchmarks/log.py: 10 and 3,000 logged
sessions, and 300 between), serves each with one uvicorn worker on 127.0.0.1, and loads `GET /api/v1/today`,
the today page and `GET /api/v1/progress` with wrk. The yardstick is a bare Starlette
endpoint in the same kind of process, answering the same bytes from memory: the app should
reach at least half its throughput, with p99 under 50 ms at 64 connections, and the
endpoints at 3,000 sessions within 1.2x of the same at 10. The answers are kept between
writes (`entrypoints/web/answers.py`); the rows marked "computed" turn that off
(RUNSTRONG_KEEP_ANSWERS=0) to show what each answer costs to make: the first request after
a write, and every request on PostgreSQL. Last, the today page's weight: its HTML and every
asset it loads, gzip-compressed as a server would send them (target under 150 KB).
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from log import seed  # type: ignore[import-not-found]

from runstrong.adapters.db import dispose

BARE = """
import sys, uvicorn
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route
body = open(sys.argv[2], "rb").read()
async def answer(request):
    return Response(body, media_type="application/json")
uvicorn.run(Starlette(routes=[Route("/", answer)]), host="127.0.0.1", port=int(sys.argv[1]),
            log_level="warning")
"""
APP = """
import sys, uvicorn
from runstrong.entrypoints.web.app import create_app
uvicorn.run(create_app(sys.argv[2]), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


ROUTES = (
    ("GET /api/v1/today", "/api/v1/today"),
    ("today page", "/today"),
    ("GET /api/v1/progress", "/api/v1/progress"),
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(
    code: str, argument: str, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(port), argument], env={**os.environ, **(env or {})}
    )
    base = f"http://127.0.0.1:{port}"
    for _attempt in range(200):
        try:
            urllib.request.urlopen(base + "/", timeout=1).read()
            break
        except OSError as error:
            if getattr(error, "code", None):  # an HTTP answer (a redirect, a 404): it is up
                break
            time.sleep(0.05)
    return process, base


def _wrk(url: str, seconds: int, connections: int) -> tuple[float, float]:
    """Requests a second and the 99th percentile latency in ms."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return rate, float(value) * scale


def _weight(base: str) -> tuple[int, list[tuple[str, int]]]:
    html = urllib.request.urlopen(base + "/today").read()
    parts = [("/today", len(gzip.compress(html)))]
    for asset in re.findall(rb'(?:src|href)="(/static/[^"]+)"', html):
        data = urllib.request.urlopen(base + asset.decode()).read()
        parts.append((asset.decode(), len(gzip.compress(data))))
    return sum(size for _name, size in parts), parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--middle", type=int, default=300)
    parser.add_argument("--many", type=int, default=3000)
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("benchmarks/web.py needs wrk: apt-get install -y wrk")
    folder = Path(tempfile.mkdtemp(prefix="runstrong-web-bench-"))
    results: dict[str, tuple[float, float]] = {}
    try:
        urls = {}
        counts = (10, options.middle, options.many)
        for count in counts:
            url = f"sqlite:///{folder / f'log-{count}.db'}"
            seed(url, count)
            dispose()
            urls[count] = url
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # the servers keep their bytecode
        servers = {count: _serve(APP, url) for count, url in urls.items()}
        try:
            body = urllib.request.urlopen(servers[10][1] + "/api/v1/today").read()
            (folder / "today.json").write_bytes(body)
            bare, bare_base = _serve(BARE, str(folder / "today.json"))
            try:
                results["bare endpoint"] = _wrk(
                    bare_base + "/", options.seconds, options.connections
                )
            finally:
                bare.terminate()
                bare.wait(timeout=20)
            for count, (_process, base) in servers.items():
                for name, path in ROUTES:
                    results[f"{name} @ {count}"] = _wrk(
                        base + path, options.seconds, options.connections
                    )
            total, parts = _weight(servers[10][1])
            # The same, with every answer computed: what the first request after a write
            # costs, and what PostgreSQL (no kept answers yet) costs every time.
            for count, url in urls.items():
                process, base = _serve(APP, url, {"RUNSTRONG_KEEP_ANSWERS": "0"})
                try:
                    for name, path in ROUTES:
                        results[f"{name} @ {count}, computed"] = _wrk(
                            base + path, options.seconds, options.connections
                        )
                finally:
                    process.terminate()
                    process.wait(timeout=20)
        finally:
            for process, _base in servers.values():
                process.terminate()
                process.wait(timeout=20)  # before their files are removed
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    bare_rate = results["bare endpoint"][0]
    print(f"{'what':34} {'req/s':>9} {'p99 ms':>8} {'of bare':>8}")
    for name, (rate, p99) in results.items():
        print(f"{name:34} {rate:9.0f} {p99:8.1f} {rate / bare_rate:8.2f}")
    # Against 10 sessions, and against a middle history: with only 10 sessions the rules
    # have little to read (most exercises of the day were never logged), so the computed
    # answer is lighter there than at any history long enough to coach from.
    for name, _path in ROUTES:
        for kind in ("", ", computed"):
            large = results[f"{name} @ {options.many}{kind}"][0]
            ratios = ", ".join(
                f"against {count}: {results[f'{name} @ {count}{kind}'][0] / large:.2f}x"
                for count in counts[:-1]
            )
            print(f"{name}{kind}, time per request at {options.many} sessions {ratios}")
    print(
        f"today page weight, gzip: {total / 1024:.1f} KB ("
        + ", ".join(f"{n} {s / 1024:.1f}" for n, s in parts)
        + ")"
    )


if __name__ == "__main__":
    main()
