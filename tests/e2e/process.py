"""runstrong as a real process, started the way a runner's shell or another program does."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

# The catalog cache of these runs, away from the runner's own and out of the checkout.
CACHE = str(Path(tempfile.gettempdir()) / "runstrong-test-cache")

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "runstrong" / "examples"


def _pythonpath() -> dict[str, str]:
    """The caller's PYTHONPATH, made absolute (some runs change folder): a checkout tested
    with PYTHONPATH=src runs its own code, not the installed copy."""
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if not paths:
        return {}
    return {"PYTHONPATH": os.pathsep.join(str(Path(p).resolve()) for p in paths)}


def run_runstrong(
    *args: str,
    stdin: str | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """One command in a clean environment: no colour, a wide terminal, HOME in cwd (or the
    temporary folder) so nothing lands in the real user's data directory."""
    return subprocess.run(
        [sys.executable, "-m", "runstrong", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        input=stdin,
        cwd=cwd,
        env={
            "COLUMNS": "160",
            "PATH": "/usr/bin:/bin",
            "NO_COLOR": "1",
            "HOME": str(cwd) if cwd is not None else tempfile.gettempdir(),
            "RUNSTRONG_CACHE_DIR": CACHE,
            **_pythonpath(),
            **(env or {}),
        },
    )
