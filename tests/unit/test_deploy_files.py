"""The deployment files say what docs/deploy.md says: compose.yaml runs PostgreSQL 15 with
a volume and a healthcheck, and the app pointed at it once it is healthy; the Dockerfile
installs the package as a user of its own and starts a real command of runstrong with
options that command accepts. Building the image needs a Docker daemon; without one that
test is skipped."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import typer.main
import yaml
from sqlalchemy.engine import make_url

from runstrong.entrypoints.cli import app

ROOT = Path(__file__).resolve().parents[2]
# Every instruction a Dockerfile may hold (Docker's reference).
INSTRUCTIONS = {
    "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK",
    "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
}  # fmt: skip


def _compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return data


def _dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) for each instruction, continuation lines joined."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in (ROOT / "Dockerfile").read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        pending += " " + line.removesuffix("\\").strip()
        if line.endswith("\\"):
            continue
        word, _, rest = pending.strip().partition(" ")
        instructions.append((word, rest.strip()))
        pending = ""
    assert not pending, "the Dockerfile ends inside a continued line"
    return instructions


def _exec_form(arguments: str) -> list[str]:
    value = json.loads(arguments)
    assert isinstance(value, list) and all(isinstance(v, str) for v in value), arguments
    return value


def test_compose_runs_postgres_15_with_a_volume_and_a_healthcheck() -> None:
    services = _compose()["services"]
    assert set(services) == {"db", "app"}
    db = services["db"]
    assert db["image"].split(":")[0] == "postgres" and db["image"].split(":")[1].startswith("15")
    (volume,) = db["volumes"]
    name, mount = volume.split(":")[:2]
    assert mount == "/var/lib/postgresql/data"
    assert name in _compose()["volumes"]  # a named volume: the data outlive the container
    check = db["healthcheck"]["test"]
    assert check[0] == "CMD-SHELL" and "pg_isready" in check[1]
    assert f"-U {db['environment']['POSTGRES_USER']}" in check[1]


def test_the_app_reaches_that_database_once_it_is_healthy() -> None:
    services = _compose()["services"]
    db, web = services["db"], services["app"]
    assert web["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert web["build"] == "."
    url = make_url(
        web["environment"]["RUNSTRONG_DATABASE_URL"].replace("${POSTGRES_PASSWORD}", "x")
    )
    assert url.get_backend_name() == "postgresql"
    assert (url.host, url.port) == ("db", 5432)  # the service's name on compose's network
    assert url.username == db["environment"]["POSTGRES_USER"]
    assert url.database == db["environment"]["POSTGRES_DB"]
    assert "${POSTGRES_PASSWORD" in db["environment"]["POSTGRES_PASSWORD"]  # no password kept here
    assert all(port.startswith("127.0.0.1:") for port in web["ports"])  # the proxy faces out


def test_the_dockerfile_holds_only_known_instructions_on_python_3_11_slim() -> None:
    instructions = _dockerfile()
    assert {word for word, _ in instructions} <= INSTRUCTIONS
    assert instructions[0] == ("FROM", "python:3.11-slim")
    runs = [rest for word, rest in instructions if word == "RUN"]
    assert any("pip install" in run and " . " in f"{run} " for run in runs)  # from the repo
    copied = " ".join(rest for word, rest in instructions if word == "COPY")
    assert "pyproject.toml" in copied and "src" in copied


def test_the_dockerfile_runs_the_app_as_a_user_of_its_own() -> None:
    instructions = _dockerfile()
    users = [(index, rest) for index, (word, rest) in enumerate(instructions) if word == "USER"]
    assert users, "no USER: the app would run as root"
    last_index, user = users[-1]
    assert user.split(":")[0] not in ("root", "0")
    last_run = max(index for index, (word, _) in enumerate(instructions) if word == "RUN")
    assert last_index > last_run  # nothing after it runs as root


def test_the_entrypoint_is_a_real_command_with_options_it_accepts() -> None:
    instructions = dict(_dockerfile())
    command = _exec_form(instructions["ENTRYPOINT"]) + _exec_form(instructions["CMD"])
    assert command[:2] == ["runstrong", "serve"]
    scripts = (ROOT / "pyproject.toml").read_text()
    assert 'runstrong = "runstrong.entrypoints.main:main"' in scripts
    group = typer.main.get_command(app)
    name, *options = command[1:]
    assert name in group.commands  # type: ignore[attr-defined]
    serve = group.commands[name]  # type: ignore[attr-defined]
    context = serve.make_context(name, list(options))  # refuses unknown options and values
    assert (context.params["host"], context.params["port"]) == ("0.0.0.0", 8000)
    # a server for a club: accounts, and more than one worker over PostgreSQL
    assert context.params["multi_user"] and context.params["workers"] >= 2
    assert str(instructions["EXPOSE"]) == str(context.params["port"])


def _docker_daemon() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        found = subprocess.run(["docker", "info"], capture_output=True, timeout=15)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return found.returncode == 0


@pytest.mark.e2e
@pytest.mark.skipif(not _docker_daemon(), reason="no Docker daemon here to build the image")
def test_the_image_builds_and_knows_its_command() -> None:
    tag = "runstrong-deploy-test"
    subprocess.run(["docker", "build", "-q", "-t", tag, str(ROOT)], check=True, timeout=900)
    try:
        shown = subprocess.run(
            ["docker", "run", "--rm", tag, "serve", "--help"],
            capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip
        assert "--host" in shown.stdout
        user = subprocess.run(
            ["docker", "run", "--rm", "--entrypoint", "id", tag, "-u"],
            capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip
        assert shlex.split(user.stdout) != ["0"]
    finally:
        subprocess.run(["docker", "image", "rm", "-f", tag], capture_output=True, check=False)
