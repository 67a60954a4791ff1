"""`export pdf` shows a bar while a long plan prints, on a terminal only."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.process import CACHE, EXAMPLES, _pythonpath, run_runstrong

pytestmark = pytest.mark.e2e

LONG_PLAN = EXAMPLES / "intermediate-marathon-gym.json"  # 18 weeks


def on_a_terminal(*args: str, cwd: Path) -> tuple[int, str]:
    """The exit code and what the command wrote on stderr, stderr being a terminal."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "runstrong", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        cwd=cwd,
        env={
            "PATH": "/usr/bin:/bin",
            "TERM": "xterm",
            "HOME": str(cwd),
            "RUNSTRONG_CACHE_DIR": CACHE,
            **_pythonpath(),
        },
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closes with the process (EIO on Linux)
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    return process.wait(timeout=120), seen.decode("utf-8", "replace")


def test_a_long_plan_shows_a_bar_on_a_terminal_and_nothing_in_a_pipe(tmp_path: Path) -> None:
    code, shown = on_a_terminal(
        "export", "pdf", "--profile", str(LONG_PLAN), "--out", "plan.pdf", cwd=tmp_path
    )
    assert code == 0, shown
    assert "Printing the plan" in shown and "of 18 weeks" in shown
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")
    done = run_runstrong(
        "export", "pdf", "--profile", str(LONG_PLAN), "--out", "again.pdf", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # a log or a pipe gets no bar
    assert done.stdout.strip() == "Wrote the plan (18 weeks) to again.pdf"
