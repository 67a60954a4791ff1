"""`runstrong serve`: the app over the runner's database, on 127.0.0.1 by default."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.process import CACHE

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _environment(tmp_path: Path, database: str) -> dict[str, str]:
    """A clean environment for the command, over a SQLite file of its own."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "RUNSTRONG_CACHE_DIR": CACHE,
        "RUNSTRONG_DATABASE_URL": f"sqlite:///{tmp_path / database}",
        "PYTHONPATH": os.pathsep.join(
            str(Path(p).resolve()) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p
        ),
    }


def test_serve_answers_on_localhost_and_stops_on_a_signal(tmp_path: Path) -> None:
    port = _free_port()
    env = _environment(tmp_path, "runstrong.db")
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


def test_serve_multi_user_asks_everyone_to_sign_in(tmp_path: Path) -> None:
    port = _free_port()
    env = _environment(tmp_path, "server.db")
    made = subprocess.run(
        [sys.executable, "-m", "runstrong", "admin", "create-user", "alex", "--role", "coach",
         "--password-stdin"],
        env=env, input="a long walk to the track\n", capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    server = subprocess.Popen(
        [sys.executable, "-m", "runstrong", "serve", "--multi-user", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"

    class Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None  # see the redirect itself

    opener = urllib.request.build_opener(Stay)
    try:
        for _attempt in range(100):
            try:
                urllib.request.urlopen(f"{base}/api/v1/openapi.json").read()
                break
            except OSError:
                time.sleep(0.1)
        with pytest.raises(urllib.error.HTTPError) as page:
            opener.open(f"{base}/today")
        page.value.close()
        assert page.value.code == 303 and page.value.headers["location"] == "/signin?next=/today"
        with pytest.raises(urllib.error.HTTPError) as api:
            urllib.request.urlopen(f"{base}/api/v1/today")
        assert api.value.code == 401
        assert json.load(api.value)["error"]["code"] == "not_signed_in"
        api.value.close()
    finally:
        server.terminate()
        _out, err = server.communicate(timeout=20)
    assert "admin create-user" in err and "Traceback" not in err
