"""Never lose or corrupt data: what the command line writes, over what, and into which database."""

from __future__ import annotations

import resource
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.process import CACHE, EXAMPLES, _pythonpath, run_runstrong

pytestmark = pytest.mark.e2e

PROFILE = EXAMPLES / "novice-5k-home.json"


def runstrong(database: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return run_runstrong(*args, env={"RUNSTRONG_DATABASE_URL": database}, timeout=timeout)


def with_file_size_limit(limit: int, database: str, *args: str) -> subprocess.CompletedProcess[str]:
    """runstrong where no file may grow past `limit` bytes: a full disk, to the writer."""

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "runstrong", *args],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limited,
        env={"COLUMNS": "160", "PATH": "/usr/bin:/bin", "NO_COLOR": "1", "HOME": "/tmp",
             "RUNSTRONG_CACHE_DIR": CACHE, "RUNSTRONG_DATABASE_URL": database,
             **_pythonpath()},
    )  # fmt: skip


@pytest.fixture
def database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'runstrong.db'}"


def temporary_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.tmp"))


def test_a_full_disk_leaves_the_previous_calendar_and_backup_whole(
    database: str, tmp_path: Path
) -> None:
    calendar = tmp_path / "plan.ics"
    assert (
        runstrong(database, "export", "ics", "-p", str(PROFILE), "--out", str(calendar)).returncode
        == 0
    )
    assert runstrong(database, "init", "--profile", str(PROFILE)).returncode == 0
    backup = tmp_path / "backup.json"
    assert runstrong(database, "export", "all", "--out", str(backup)).returncode == 0
    before = {calendar: calendar.read_bytes(), backup: backup.read_bytes()}
    assert len(before[calendar]) > 20_000 and len(before[backup]) > 120_000

    cases = [(calendar, 16_000, ("export", "ics", "-p", str(PROFILE), "--out", str(calendar))),
             (backup, 100_000, ("export", "all", "--out", str(backup)))]  # fmt: skip
    for path, limit, args in cases:
        done = with_file_size_limit(limit, database, *args)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr and path.name in done.stderr
        assert path.read_bytes() == before[path]
    assert temporary_files(tmp_path) == []


def test_exports_refuse_the_database_and_files_of_another_kind_unless_forced(
    database: str, tmp_path: Path
) -> None:
    assert runstrong(database, "init", "--profile", str(PROFILE)).returncode == 0
    db_file = tmp_path / "runstrong.db"
    stored = db_file.read_bytes()
    profile = tmp_path / "sam.json"
    profile.write_bytes(PROFILE.read_bytes())
    calendar = tmp_path / "plan.ics"
    runstrong(database, "export", "ics", "-p", str(profile), "--out", str(calendar))
    for kind, args in [("ics", ("export", "ics", "-p", str(profile))),
                       ("pdf", ("export", "pdf", "-p", str(profile))),
                       ("all", ("export", "all"))]:  # fmt: skip
        over_db = runstrong(database, *args, "--out", str(db_file), "--force")
        assert over_db.returncode == 2, (kind, over_db.stderr)
        assert "runstrong.db is runstrong's database" in over_db.stderr
        over_profile = runstrong(database, *args, "--out", str(profile))
        assert over_profile.returncode == 2, (kind, over_profile.stderr)
        assert "sam.json is a profile" in over_profile.stderr and "--force" in over_profile.stderr
    over_calendar = runstrong(database, "export", "all", "--out", str(calendar))
    assert over_calendar.returncode == 2 and "plan.ics is a calendar" in over_calendar.stderr
    assert db_file.read_bytes() == stored
    assert profile.read_bytes() == PROFILE.read_bytes()
    fit_over_db = runstrong(database, "export", "fit", "-p", str(PROFILE), "--out", str(db_file))
    assert fit_over_db.returncode == 2 and "is a file" in fit_over_db.stderr

    forced = runstrong(
        database, "export", "ics", "-p", str(PROFILE), "--out", str(profile), "--force"
    )
    assert forced.returncode == 0, forced.stderr
    assert profile.read_bytes().startswith(b"BEGIN:VCALENDAR")
    again = runstrong(database, "export", "ics", "-p", str(PROFILE), "--out", str(calendar))
    assert again.returncode == 0, again.stderr  # a calendar over a calendar needs no --force


def test_the_interview_refuses_a_save_over_the_database_before_asking(
    database: str, tmp_path: Path
) -> None:
    runstrong(database, "init", "--profile", str(PROFILE))
    db_file = tmp_path / "runstrong.db"
    stored = db_file.read_bytes()
    done = run_runstrong("plan", "--save", str(db_file), stdin="",
                         env={"RUNSTRONG_DATABASE_URL": database})  # fmt: skip
    assert done.returncode == 2 and "runstrong's database" in done.stderr
    assert db_file.read_bytes() == stored


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///", "sqlite:///:memory:", ""])
def test_a_database_url_that_would_not_persist_is_refused_by_name(url: str) -> None:
    for args in (("init", "--profile", str(PROFILE)), ("today",)):
        done = runstrong(url, *args)
        assert done.returncode == 2, (url, done.stdout, done.stderr)
        assert "RUNSTRONG_DATABASE_URL" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "args",
    [("today",), ("today", "--format", "json"), ("week",), ("history",), ("progress",),
     ("export", "all", "--out", "backup.json")],
)  # fmt: skip
def test_read_only_commands_never_create_a_database(args: tuple[str, ...], tmp_path: Path) -> None:
    db_file = tmp_path / "data" / "runstrong.db"
    done = run_runstrong(
        *args, cwd=tmp_path, env={"RUNSTRONG_DATABASE_URL": f"sqlite:///{db_file}"}
    )
    assert done.returncode == 2, done.stderr
    assert "no runner yet" in done.stderr and "runstrong init" in done.stderr
    assert not db_file.exists() and not db_file.parent.exists()
    assert not (tmp_path / "backup.json").exists()


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never says a word, like a firewalled server."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield listener.getsockname()[1]
    listener.close()


def test_an_unreachable_or_silent_postgresql_server_is_a_one_line_message_within_seconds(
    silent_server: int,
) -> None:
    for url in ("postgresql+psycopg://x@127.0.0.1:1/x",
                f"postgresql+psycopg://x:secret@127.0.0.1:{silent_server}/x"):  # fmt: skip
        started = time.monotonic()
        done = runstrong(url, "today", timeout=30)
        assert time.monotonic() - started < 20, (
            url
        )  # the connect timeout is 5 s; the rest is a loaded machine
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr and "secret" not in done.stderr
        assert "127.0.0.1" in done.stderr and len(done.stderr.strip().splitlines()) <= 2


def test_a_file_far_bigger_than_its_kind_is_refused_before_it_is_read(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'runstrong.db'}"
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:  # sparse: 300 MB on paper, nothing on the disk
        handle.truncate(300 * 1024 * 1024)
    for args, field in (
        (("plan", "--profile", str(huge)), "--profile"),
        (("import", "all", str(huge)), "FILE"),
    ):
        done = runstrong(database, *args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        message = done.stdout + done.stderr
        assert "Traceback" not in message
        assert field in message and "huge.json is 300 MB" in message, message
