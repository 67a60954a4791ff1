"""`runstrong serve`: the app over the runner's database, on 127.0.0.1 by default."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.process import CACHE

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_answers_on_localhost_and_stops_on_a_signal(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "RUNSTRONG_CACHE_DIR": CACHE,
        "RUNSTRONG_DATABASE_URL": f"sqlite:///{tmp_path / 'runstrong.db'}",
        "PYTHONPATH": os.pathsep.join(
            str(Path(p).resolve()) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p
        ),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "runstrong", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        document = None
        for _attempt in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/openapi.json") as r:
                    document = json.load(r)
                break
            except OSError:
                time.sleep(0.1)
        assert document is not None, "the server did not answer within 10 s"
        assert "/api/v1/today" in document["paths"]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/library") as page:
            assert b"Exercise library" in page.read()
    finally:
        server.terminate()
        _out, err = server.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/" in err
    assert "Traceback" not in err
