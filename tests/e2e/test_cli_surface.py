"""The command line's own surface: version, help, completion, one meaning per short option,
the pager, and narrow terminals."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import typer.main

from runstrong.entrypoints.cli import app
from tests.e2e.process import CACHE, run_runstrong

ROOT = Path(__file__).resolve().parents[2]


def test_version_is_the_package_version() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    done = run_runstrong("--version")
    assert done.returncode == 0
    assert done.stdout == f"runstrong {version}\n"


def test_h_is_help_everywhere() -> None:
    for args in (("-h",), ("plan", "-h"), ("export", "pdf", "-h"), ("profile", "check", "-h")):
        done = run_runstrong(*args)
        assert done.returncode == 0, (args, done.stderr)
        assert done.stdout.startswith(f"Usage: runstrong {' '.join(args[:-1])}".rstrip()), args


def test_shell_completion_completes_commands_and_options() -> None:
    commands = run_runstrong(
        env={
            "_RUNSTRONG_COMPLETE": "complete_bash",
            "COMP_WORDS": "runstrong pl",
            "COMP_CWORD": "1",
        }
    )
    assert commands.stdout.split() == ["plan"]
    options = run_runstrong(
        env={
            "_RUNSTRONG_COMPLETE": "complete_bash",
            "COMP_WORDS": "runstrong plan --no",
            "COMP_CWORD": "2",
        }
    )
    assert "--no-pager" in options.stdout.split()
    assert "--install-completion" in run_runstrong("--help").stdout


def _commands(group: Any, prefix: str = "") -> list[tuple[str, Any]]:
    found = []
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            found += _commands(command, f"{prefix}{name} ")
        else:
            found.append((f"{prefix}{name}", command))
    return found


def test_each_short_option_means_one_thing_on_every_command() -> None:
    meanings: dict[str, set[str]] = {}
    group = typer.main.get_command(app)
    for _name, command in _commands(group):
        for param in command.params:
            for opt in param.opts + param.secondary_opts:
                if re.fullmatch(r"-[a-zA-Z]", opt):
                    long = next(o for o in param.opts if o.startswith("--"))
                    meanings.setdefault(opt, set()).add(long)
    assert meanings["-f"] == {"--format"}
    assert {opt: longs for opt, longs in meanings.items() if len(longs) > 1} == {}


def _through_a_terminal(args: list[str], tmp_path: Path) -> tuple[str, bool]:
    """Run with stdout on a pseudo-terminal and a PAGER that leaves a mark when it runs."""
    mark = tmp_path / "paged"
    mark.unlink(missing_ok=True)
    pager = tmp_path / "pager.sh"
    pager.write_text(f"#!/bin/sh\ntouch {mark}\ncat\n")
    pager.chmod(0o755)
    leader, follower = pty.openpty()
    errors = tmp_path / "stderr"
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "TERM": "xterm",
        "COLUMNS": "120",
        "LINES": "40",
        "PAGER": str(pager),
        "RUNSTRONG_CACHE_DIR": CACHE,
        "PYTHONPATH": os.pathsep.join(
            str(Path(p).resolve()) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p
        ),
    }
    with errors.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "runstrong", *args],
            stdin=follower,
            stdout=follower,
            stderr=stderr,
            env=env,
        )
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            process.kill()
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    assert process.returncode == 0, errors.read_text()
    return b"".join(chunks).decode("utf-8", "replace"), mark.exists()


def test_long_output_goes_through_the_pager_on_a_terminal_only(tmp_path: Path) -> None:
    shown, paged = _through_a_terminal(["demo", "--runner", "novice-5k-home"], tmp_path)
    assert paged and "Week 1" in shown
    shown, paged = _through_a_terminal(
        ["demo", "--runner", "novice-5k-home", "--no-pager"], tmp_path
    )
    assert not paged and "Week 1" in shown
    piped = run_runstrong("demo", "--runner", "novice-5k-home", env={"PAGER": "false"})
    assert piped.returncode == 0 and "Week 1" in piped.stdout  # a pipe is never paged


def test_a_narrow_terminal_keeps_every_id_whole_and_every_reason(tmp_path: Path) -> None:
    import json

    plan = json.loads(run_runstrong("demo", "--format", "json").stdout)
    week = plan["weeks"][2]
    shown = run_runstrong("demo", "--week", "3", env={"COLUMNS": "60"}).stdout
    assert "…" not in shown
    flat = " ".join(shown.split())
    for session in week["sessions"]:
        for block in session["blocks"]:
            for item in block["items"]:
                assert re.search(rf"(^|\s){re.escape(item['exercise'])}(\s|$)", shown, re.M), item[
                    "exercise"
                ]
                assert " ".join(item["why"].split()) in flat, item["why"]
    listed = run_runstrong("exercises", "--search", "nordic", env={"COLUMNS": "50"}).stdout
    assert "…" not in listed
    assert "short-range-reverse-nordic" in listed.split()
