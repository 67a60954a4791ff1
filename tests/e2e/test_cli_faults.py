"""Never a traceback: every command, run as a real process, under every class of fault.

The commands are read from the Typer app itself, so a new command fails
`test_every_command_has_a_case_for_every_fault_class` until it is given its cases here.
Each command answers every fault class with cases to run, or with the reason the class
cannot reach it (a command that reads no file cannot meet a damaged file).

How the faults are made real, although the tests run as root (root ignores file modes):
- no permission and a read-only database: the process runs as `nobody` (setpriv, else
  runuser); skipped when neither can drop root.
- an unwritable home or data folder: HOME under /sys, where even root gets EPERM.
- a full disk: a private character device like /dev/full (ENOSPC on every write), made
  with mknod in the test's folder, so a bug that replaces the target never touches the
  machine's own /dev/full.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.e2e.process import CACHE, EXAMPLES, _pythonpath

pytestmark = pytest.mark.e2e

FAULTS = (
    "missing_folder",
    "folder_as_file",
    "no_permission",
    "full_disk",
    "unwritable_home",
    "read_only_db",
    "damaged_db",
    "year_9999",
    "huge_numbers",
    "infinity",
    "deep_nesting",
    "postgres_driver",
    "ascii",
)

# Words that are pydantic's, not ours: none of them may reach a runner.
JARGON = ("after validation", "Input should be", "type=", "For further information", "pydantic")


@dataclass(frozen=True)
class Case:
    """One run: `{w}` in the arguments, environment and database is the world folder, `{n}`
    the run's number (a folder one run creates must stay missing for the others)."""

    args: tuple[str, ...]
    names: str = ""  # what the message must name (a field, an option or a file)
    exits: tuple[int, ...] = (2,)
    env: tuple[tuple[str, str], ...] = ()
    stdin: str | None = None
    nobody: bool = False
    stdout_full: bool = False
    database: str = "seeded"  # seeded (a copy), ro (root-owned, for nobody), none, or a URL
    xfail: str = ""


def case(*args: str, **kw: object) -> Case:
    env = kw.pop("env", {})
    assert isinstance(env, dict)
    return Case(tuple(args), env=tuple(env.items()), **kw)  # type: ignore[arg-type]


OK = (0,)
DAMAGED_XFAIL = "db-safety branch"  # damaged or foreign database files get their messages there
ANSWERS = "10\n\n" * 30  # a number or Enter for every question of the field tests
ENTERS = "\n" * 40  # every default of the profile interview
BAD_DRIVER = "postgresql+nosuchdriver://runner@localhost/runstrong"
CLOSED_PORT = "postgresql://runner@127.0.0.1:1/runstrong"
NOT_APPLICABLE = object()


def na(reason: str) -> str:
    return reason


def database_faults(*args: str, creates: bool = False, brief: bool = True) -> dict[str, object]:
    """The faults of a command that reads or writes the stored runner. Only `init` and
    `import all` create a database; the others find no runner where there is no file."""
    missing = "runner" if not creates else ""
    cases: dict[str, object] = {
        # Only runstrong's own data folder is ever created: elsewhere the folder must exist.
        "missing_folder": case(*args, database="sqlite:///{w}/missing-{n}/folder/runstrong.db",
                               names=missing or "RUNSTRONG_DATABASE_URL"),
        "folder_as_file": case(*args, database="sqlite:///{w}/profile.json/runstrong.db",
                               names="profile.json" if creates else missing),
        "unwritable_home": case(*args, database="none", env={"HOME": "/sys/runstrong-home"},
                                names="/sys/runstrong-home" if creates else missing),
        "read_only_db": case(*args, database="ro", nobody=True, names="runstrong.db",
                             exits=(2,) if creates else (0, 2)),
        "damaged_db": [
            case(*args, database="sqlite:///{w}/damaged.db", names="damaged.db",
                 xfail=DAMAGED_XFAIL),
            case(*args, database="sqlite:///{w}/foreign.db", names="foreign.db",
                 xfail=DAMAGED_XFAIL),
        ],
        "postgres_driver": [
            case(*args, database=BAD_DRIVER, names="RUNSTRONG_DATABASE_URL"),
            case(*args, database=CLOSED_PORT, names="RUNSTRONG_DATABASE_URL"),
        ],
    }  # fmt: skip
    if brief:  # the same engine as `today` and `init`, which run every case
        for fault in ("damaged_db", "postgres_driver"):
            cases[fault] = cases[fault][:1]  # type: ignore[index]
        if not creates:
            for fault in ("folder_as_file", "unwritable_home"):
                cases[fault] = "no database file there either, as in missing_folder"
    return cases


def no_database(*args: str) -> dict[str, object]:
    """Commands that never open the database: its faults must not stop them."""
    return {
        "read_only_db": na("opens no database"),
        "damaged_db": na("opens no database"),
        # One run for both: neither may stop a command that does not store anything.
        "postgres_driver": case(*args, database=BAD_DRIVER, exits=OK,
                                env={"HOME": "/sys/runstrong-home"}),
        "unwritable_home": na("run together with postgres_driver"),
    }  # fmt: skip


def profile_faults(
    *before: str, after: tuple[str, ...] = (), flag: str = "--profile", full: bool = False
) -> dict[str, object]:
    """The faults of a command that reads a profile file (`before` comes first, then the
    file after `flag`, or as the argument when `flag` is empty)."""

    def given(path: str, **kw: object) -> Case:
        middle = (flag, path) if flag else (path,)
        return case(*before, *middle, *after, **kw)

    shown = flag or "{w}"
    cases: dict[str, object] = {
        "missing_folder": given("{w}/missing-{n}/profile.json", names=shown if flag else "missing"),
        "folder_as_file": [given("{w}/profile.json/x.json", names=shown if flag else "x.json"),
                           given("{w}", names=shown if flag else "folder")],
        "no_permission": given("{w}/secret.json", nobody=True, names=shown if flag else "secret.json"),
        "year_9999": [given("{w}/race-9999.json", names="goal.date"),
                      given("{w}/start-9999.json", names="start_date")],
        "huge_numbers": [given("{w}/huge-km.json", names="running.weekly_km"),
                         given("{w}/huge-minutes.json", names="availability.minutes_per_session")],
        "infinity": [given("{w}/infinity.json", names="running.weekly_km"),
                     given("{w}/infinity.yaml", names="running.weekly_km"),
                     given("{w}/infinity.toml", names="running.weekly_km")],
        "deep_nesting": [given("{w}/deep.json", names="deep.json"),
                         given("{w}/deep.yaml", names="deep.yaml"),
                         given("{w}/deep.toml", names="deep.toml")],
    }  # fmt: skip
    if full:
        return cases
    # The same reader as `profile check`, run in full there: a case for each way the
    # command could differ (where the file is, whether it may be read, a value that
    # reaches the plan) is enough here.
    same = "the profile reader of `profile check`, which runs every case"
    return {f: (c[0] if isinstance(c, list) else c) if f in ("no_permission", "infinity")
            else same for f, c in cases.items()}  # fmt: skip


def out_faults(
    *before: str, kind: str, flag: str = "--out", stdin: str | None = None, brief: bool = True
) -> dict[str, object]:
    """The faults of a file the command writes (`stdin`: the answers, when it asks)."""
    cases = {
        "missing_folder": case(*before, flag, f"{{w}}/missing-{{n}}/out.{kind}", names=flag),
        "folder_as_file": [case(*before, flag, f"{{w}}/profile.json/out.{kind}", names=flag),
                           case(*before, flag, "{w}", names=flag)],
        "no_permission": [case(*before, flag, f"{{w}}/out.{kind}", nobody=True, names=flag),
                          case(*before, flag, f"/proc/out.{kind}", names=flag)],
        "full_disk": [case(*before, flag, "{w}/full", names=flag),
                      case(*before, flag, "{w}/full", "--force", names=flag)],
    }  # fmt: skip
    if brief:  # the checks of `export ics`, which runs every case
        same = "the target checks of `export ics`, which runs every case"
        cases = {"missing_folder": same, "folder_as_file": same,
                 "no_permission": cases["no_permission"][1], "full_disk": cases["full_disk"][1]}  # fmt: skip
    if stdin is None:
        return cases  # type: ignore[return-value]
    return {
        fault: listed if isinstance(listed, str)
        else [dataclasses.replace(one, stdin=stdin) for one in (listed if isinstance(listed, list) else [listed])]  # type: ignore[attr-defined]
        for fault, listed in cases.items()
    }  # fmt: skip


def merged(*parts: dict[str, object], **rest: object) -> dict[str, object]:
    """Cases of several kinds of input, class by class."""
    result: dict[str, object] = {}
    for part in (*parts, rest):
        for fault, cases in part.items():
            if isinstance(cases, str):  # the reason the class does not apply
                result[fault] = cases
                continue
            listed = cases if isinstance(cases, list) else [cases]
            if isinstance(result.get(fault), list):
                result[fault] = [*result[fault], *listed]  # type: ignore[misc]
            else:
                result[fault] = listed
    return result


PROFILE = ("--profile", "{w}/profile.json")
LIBRARY_ONLY = na("reads only the bundled library")
STDOUT_ONLY = na("writes only to stdout, told by the same flush as the STDOUT_FULL commands")

# Command → fault class → cases, or a string: why the class cannot reach that command.
# Every command also runs with stdout on a full disk (full_disk) and, unless given below,
# with PYTHONIOENCODING=ascii (ascii).
MATRIX: dict[str, dict[str, object]] = {
    "exercises": merged(no_database("exercises"),
        missing_folder=case("exercises", exits=OK, env={"RUNSTRONG_CACHE_DIR": "{w}/missing-{n}/cache"}),
        folder_as_file=case("exercises", exits=OK, env={"RUNSTRONG_CACHE_DIR": "{w}/profile.json"}),
        no_permission=case("exercises", nobody=True, exits=OK, env={"RUNSTRONG_CACHE_DIR": "{w}/ro"}),
        year_9999=LIBRARY_ONLY,
        huge_numbers=case("exercises", "--search", "9" * 5000, exits=OK),
        infinity=LIBRARY_ONLY, deep_nesting=LIBRARY_ONLY),
    "exercise": merged(no_database("exercise", "nordic-curl"),
        full_disk=STDOUT_ONLY,
        missing_folder=LIBRARY_ONLY, folder_as_file=LIBRARY_ONLY,
        no_permission=case("exercise", "nordic-curl", nobody=True, exits=OK),
        year_9999=LIBRARY_ONLY,
        huge_numbers=case("exercise", "9" * 5000, names="exercise"),
        infinity=case("exercise", "inf", names="exercise"), deep_nesting=LIBRARY_ONLY),
    "guides": merged(no_database("guides"),
        full_disk=STDOUT_ONLY,
        missing_folder=LIBRARY_ONLY, folder_as_file=LIBRARY_ONLY,
        no_permission=case("guides", nobody=True, exits=OK),
        year_9999=LIBRARY_ONLY, huge_numbers=LIBRARY_ONLY, infinity=LIBRARY_ONLY,
        deep_nesting=LIBRARY_ONLY),
    "guide": merged(no_database("guide", "plyometrics"),
        missing_folder=LIBRARY_ONLY, folder_as_file=LIBRARY_ONLY,
        no_permission=case("guide", "plyometrics", nobody=True, exits=OK),
        year_9999=LIBRARY_ONLY, huge_numbers=case("guide", "9" * 5000, names="guide"),
        infinity=LIBRARY_ONLY, deep_nesting=LIBRARY_ONLY),
    "plan": merged(no_database(*("plan", *PROFILE)), profile_faults("plan", after=("--format", "json")),
        out_faults("plan", kind="json", flag="--save", stdin=ENTERS),
        huge_numbers=case("plan", *PROFILE, "--week", str(10**30), names="--week"),
        ascii=case("plan", "--profile", "{w}/unicode.json", "--format", "markdown", exits=OK,
                   env={"PYTHONIOENCODING": "ascii"})),
    "demo": merged(no_database("demo"),
        full_disk=STDOUT_ONLY,
        missing_folder=na("reads only bundled runners"), folder_as_file=na("reads only bundled runners"),
        no_permission=case("demo", nobody=True, exits=OK),
        year_9999=na("bundled runners have fixed dates"),
        huge_numbers=case("demo", "--week", str(10**30), names="--week"),
        infinity=case("demo", "--week", "inf", names="--week"),
        deep_nesting=na("reads only bundled runners")),
    "assess": merged(no_database("assess", "--profile", "{w}/profile.json", "--save", "{w}/assessed.json"),
        profile_faults("assess", after=("--save", "{w}/assessed.json")),
        out_faults("assess", "--profile", "{w}/profile.json", kind="json", flag="--save"),
        ascii=case("assess", "--profile", "{w}/unicode.json", "--save", "{w}/assessed.json",
                   exits=OK, env={"PYTHONIOENCODING": "ascii"}, stdin=ANSWERS)),
    "profile check": merged(no_database("profile", "check", "{w}/profile.json"),
        profile_faults("profile", "check", flag="", full=True)),
    "init": merged(database_faults("init", *PROFILE, creates=True, brief=False), profile_faults("init"),
        out_faults("init", kind="json", flag="--save", stdin=ENTERS),
        no_permission=[case("init", *PROFILE, database="ro", nobody=True, names="runstrong.db")],
        full_disk=[case("init", *PROFILE, database="none", env={"XDG_DATA_HOME": "{w}/full"}, names="full")]),
    "today": merged(database_faults("today", brief=False),
        no_permission=case("today", database="ro", nobody=True, exits=(0, 2), names="runstrong.db"),
        year_9999=case("today", "--date", "9999-12-31", exits=(0, 2), names="--date"),
        huge_numbers=case("today", "--date", "9" * 5000, names="--date"),
        infinity=case("today", "--date", "inf", names="--date"),
        deep_nesting=na("reads no file"),
        ascii=case("today", "--date", "{today}", exits=OK, database="unicode",
                   env={"PYTHONIOENCODING": "ascii"})),
    "week": merged(database_faults("week"),
        full_disk=STDOUT_ONLY,
        no_permission=case("week", database="ro", nobody=True, exits=(0, 2), names="runstrong.db"),
        year_9999=[case("week", "--date", "9999-12-31", names="--date"),
                   case("week", "--date", "0001-01-01", names="--date")],
        huge_numbers=case("week", "--date", "9" * 5000, names="--date"),
        infinity=case("week", "--date", "inf", names="--date"),
        deep_nesting=na("reads no file"),
        ascii=case("week", exits=OK, database="unicode", env={"PYTHONIOENCODING": "ascii"})),
    "log": merged(database_faults("log", "--file", "{w}/log.json"),
        full_disk=STDOUT_ONLY,
        missing_folder=case("log", "--file", "{w}/missing-{n}/log.json", names="--file"),
        folder_as_file=[case("log", "--file", "{w}/profile.json/log.json", names="--file"),
                        case("log", "--file", "{w}", names="--file")],
        no_permission=case("log", "--file", "{w}/secret.json", nobody=True, names="--file"),
        year_9999=[case("log", "--file", "{w}/log-9999.json", names="date"),
                   case("log", "--date", "9999-12-31", stdin="", names="--date")],
        huge_numbers=case("log", "--file", "{w}/log-huge-reps.json", names="reps"),
        infinity=case("log", "--file", "{w}/log-infinity.json", names="load_kg"),
        deep_nesting=case("log", "--file", "{w}/deep.json", names="--file"),
        ascii=case("log", "--file", "{w}/log-unicode.json", exits=OK,
                   env={"PYTHONIOENCODING": "ascii"})),
    "history": merged(database_faults("history"),
        full_disk=STDOUT_ONLY,
        no_permission=case("history", database="ro", nobody=True, exits=(0, 2), names="runstrong.db"),
        year_9999=na("takes no date"), huge_numbers=na("takes no number"),
        infinity=na("takes no number"), deep_nesting=na("reads no file"),
        ascii=case("history", exits=OK, database="unicode", env={"PYTHONIOENCODING": "ascii"})),
    "progress": merged(database_faults("progress"),
        full_disk=STDOUT_ONLY,
        no_permission=case("progress", database="ro", nobody=True, exits=(0, 2), names="runstrong.db"),
        year_9999=na("takes no date"), huge_numbers=na("takes no number"),
        infinity=na("takes no number"), deep_nesting=na("reads no file"),
        ascii=case("progress", exits=OK, database="unicode", env={"PYTHONIOENCODING": "ascii"})),
    "export all": merged(database_faults("export", "all", "--out", "{w}/backup-out.json"),
        out_faults("export", "all", kind="json"),
        year_9999=na("takes no date"), huge_numbers=na("takes no number"),
        infinity=na("takes no number"), deep_nesting=na("reads no file"),
        ascii=case("export", "all", "--out", "{w}/backup-ünï.json", exits=OK, database="unicode",
                   env={"PYTHONIOENCODING": "ascii"})),
    "import all": merged(database_faults("import", "all", "{w}/backup.json", creates=True),
        full_disk=STDOUT_ONLY,
        missing_folder=case("import", "all", "{w}/missing-{n}/backup.json", names="backup.json",
                            database="none-new"),
        folder_as_file=case("import", "all", "{w}/profile.json/b.json", names="b.json",
                            database="none-new"),
        no_permission=case("import", "all", "{w}/secret.json", nobody=True, names="secret.json",
                           database="none-new"),
        year_9999=case("import", "all", "{w}/backup-9999.json", database="none-new", exits=(0, 2),
                       names="runners"),
        huge_numbers=case("import", "all", "{w}/backup-huge.json", database="none-new", names="runners"),
        infinity=case("import", "all", "{w}/backup-infinity.json", database="none-new", names="runners"),
        deep_nesting=case("import", "all", "{w}/deep.json", database="none-new", names="deep.json"),
        ascii=case("import", "all", "{w}/backup.json", database="none-new", exits=OK,
                   env={"PYTHONIOENCODING": "ascii"})),
    "export ics": merged(no_database("export", "ics", *PROFILE, "--out", "{w}/out.ics"),
        profile_faults("export", "ics", after=("--out", "{w}/out.ics")),
        out_faults("export", "ics", *PROFILE, kind="ics", brief=False),
        huge_numbers=case("export", "ics", *PROFILE, "--out", "{w}/o.ics", "--time", "9" * 5000,
                          names="--time"),
        ascii=case("export", "ics", "--profile", "{w}/unicode.json", "--out", "{w}/ünï.ics",
                   exits=OK, env={"PYTHONIOENCODING": "ascii"})),
    "export fit": merged(no_database("export", "fit", *PROFILE, "--out", "{w}/fit"),
        profile_faults("export", "fit", after=("--out", "{w}/fit")),
        missing_folder=case("export", "fit", *PROFILE, "--out", "/proc/missing/fit", names="--out"),
        folder_as_file=case("export", "fit", *PROFILE, "--out", "{w}/profile.json", names="--out"),
        no_permission=[case("export", "fit", *PROFILE, "--out", "{w}/ro/fit", nobody=True, names="--out"),
                       case("export", "fit", *PROFILE, "--out", "/sys/fit", names="--out")],
        full_disk=case("export", "fit", *PROFILE, "--out", "{w}/full", names="--out")),
    "export pdf": merged(no_database("export", "pdf", *PROFILE, "--out", "{w}/out.pdf"),
        profile_faults("export", "pdf", after=("--out", "{w}/out.pdf")),
        out_faults("export", "pdf", *PROFILE, kind="pdf"),
        ascii=case("export", "pdf", "--profile", "{w}/unicode.json", "--out", "{w}/ünï.pdf",
                   exits=OK, env={"PYTHONIOENCODING": "ascii"})),
    "import runs": merged(no_database("import", "runs", "{w}/run.gpx"),
        missing_folder=case("import", "runs", "{w}/missing-{n}/run.gpx", names="run.gpx"),
        folder_as_file=[case("import", "runs", "{w}/profile.json/run.gpx", names="run.gpx"),
                        case("import", "runs", "{w}", names="folder")],
        no_permission=case("import", "runs", "{w}/secret.gpx", nobody=True, names="secret.gpx"),
        year_9999=[case("import", "runs", "{w}/run.gpx", "--date", "9999-12-31", exits=(0, 2),
                        names="--date"),
                   case("import", "runs", "{w}/run-9999.gpx", exits=(0, 2), names="run-9999.gpx")],
        huge_numbers=case("import", "runs", "{w}/run-huge.gpx", exits=(0, 2), names="run-huge.gpx"),
        infinity=case("import", "runs", "{w}/run-infinity.gpx", exits=(0, 2), names="run-infinity.gpx"),
        deep_nesting=case("import", "runs", "{w}/run-deep.gpx", exits=(0, 2), names="run-deep.gpx"),
        ascii=case("import", "runs", "{w}/run-ünï.gpx", exits=OK, env={"PYTHONIOENCODING": "ascii"})),
    "admin create-user": merged(
        database_faults("admin", "create-user", "casey", "--password-stdin", creates=True),
        no_permission=case("admin", "create-user", "casey", "--password-stdin", database="ro",
                           nobody=True, names="runstrong.db"),
        full_disk=case("admin", "create-user", "casey", "--password-stdin", database="none",
                       env={"XDG_DATA_HOME": "{w}/full"}, names="full"),
        year_9999=na("takes no date"), infinity=na("takes no number"),
        deep_nesting=na("reads no file"),
        huge_numbers=case("admin", "create-user", "9" * 5000, "--password-stdin", names="username"),
        ascii=case("admin", "create-user", "casey", "--password-stdin", exits=OK,
                   env={"PYTHONIOENCODING": "ascii"})),
    "admin list-users": {
        **merged(database_faults("admin", "list-users", creates=True),
                 full_disk=STDOUT_ONLY, year_9999=na("takes no date"),
                 huge_numbers=na("takes no number"), infinity=na("takes no number"),
                 deep_nesting=na("reads no file"),
                 no_permission=case("admin", "list-users", database="ro", nobody=True,
                                    exits=(0, 2), names="runstrong.db")),
        # it only reads: a database it may not write is still listed
        "read_only_db": case("admin", "list-users", database="ro", nobody=True, exits=(0, 2),
                             names="runstrong.db"),
    },
    "admin reset-link": merged(database_faults("admin", "reset-link", "casey", creates=True),
        full_disk=STDOUT_ONLY, year_9999=na("takes no date"), infinity=na("takes no number"),
        deep_nesting=na("reads no file"),
        no_permission=case("admin", "reset-link", "casey", database="ro", nobody=True,
                           names="runstrong.db"),
        huge_numbers=case("admin", "reset-link", "9" * 5000, names="username"),
        ascii=case("admin", "reset-link", "nobody", exits=(2,), names="username",
                   env={"PYTHONIOENCODING": "ascii"})),
    "replan": {**merged(database_faults("replan", "--all", "--workers", "0"),
        full_disk=STDOUT_ONLY,
        no_permission=case("replan", "--all", "--workers", "0", database="ro", nobody=True,
                           names="runstrong.db"),
        year_9999=na("takes no date"), deep_nesting=na("reads no file"),
        huge_numbers=case("replan", "--all", "--workers", "9" * 5000, names="--workers"),
        infinity=case("replan", "--all", "--batch-size", "inf", names="--batch-size"),
        ascii=case("replan", "--all", "--workers", "0", exits=(0,), database="unicode",
                   env={"PYTHONIOENCODING": "ascii"})),
        # it opens the configured database as a server's job would: a missing folder is said
        "missing_folder": case("replan", "--all", "--workers", "0",
                               database="sqlite:///{w}/missing-{n}/folder/runstrong.db",
                               names="RUNSTRONG_DATABASE_URL")},
    # A server runs until it is stopped: its bad options are tried here, what it answers
    # under faults in tests/web (every error in one shape, never a 500).
    "serve": {
        **{fault: na("a server runs until stopped; tests/web try it") for fault in FAULTS},
        "huge_numbers": case("serve", "--port", str(10**30), names="--port"),
        "infinity": case("serve", "--port", "inf", names="--port"),
    },
}  # fmt: skip

# What every command is run with when a case gives only its fault: the command's ordinary
# use, so that stdout on a full disk and the ascii terminal reach its real output.
ORDINARY: dict[str, Case] = {
    "exercises": case("exercises"),
    "exercise": case("exercise", "nordic-curl"),
    "guides": case("guides"),
    "guide": case("guide", "plyometrics"),
    "plan": case("plan", *PROFILE, "--format", "json"),
    "demo": case("demo"),
    "assess": case("assess", *PROFILE, "--save", "{w}/assessed.json", stdin=ANSWERS),
    "profile check": case("profile", "check", "{w}/profile.json"),
    "init": case("init", *PROFILE, database="seeded"),
    "today": case("today", "--date", "{today}", "--format", "json"),
    "week": case("week"),
    "log": case("log", "--file", "{w}/log-2.json"),
    "history": case("history"),
    "progress": case("progress"),
    "export all": case("export", "all", "--out", "{w}/b-out.json"),
    "import all": case("import", "all", "{w}/backup.json", database="none-new"),
    "export ics": case("export", "ics", *PROFILE, "--out", "{w}/o.ics"),
    "export fit": case("export", "fit", *PROFILE, "--out", "{w}/fit-out"),
    "export pdf": case("export", "pdf", *PROFILE, "--out", "{w}/o.pdf"),
    "import runs": case("import", "runs", "{w}/run.gpx"),
    "serve": case("serve", "--port", "70000", names="--port"),
    "admin create-user": case(
        "admin", "create-user", "casey", "--password-stdin", stdin="a long walk to the track\n"
    ),
    "admin list-users": case("admin", "list-users"),
    "replan": case("replan", "--all", "--workers", "0"),
    "admin reset-link": case("admin", "reset-link", "nobody", names="username"),
}


# stdout on a full disk, for one command of each way of writing it (Rich, JSON bytes, the
# plan's fast path, Markdown text, notes on stderr before the document): all of them end
# in the entry point's one flush, where the failure is told.
STDOUT_FULL = {"exercises", "guide", "plan", "today", "import runs", "profile check"}


def commands() -> list[str]:
    """Every command of the Typer app, groups walked ("export ics")."""
    import typer

    from runstrong.entrypoints.cli import app

    found: list[str] = []

    def walk(group: object, prefix: str) -> None:
        # Typer carries its own copy of Click: a group is what has sub-commands.
        for name, command in getattr(group, "commands", {}).items():
            if hasattr(command, "commands"):
                walk(command, f"{prefix}{name} ")
            else:
                found.append(prefix + name)

    walk(typer.main.get_command(app), "")
    return sorted(found)


def all_cases() -> list[tuple[str, str, Case]]:
    runs: list[tuple[str, str, Case]] = []
    for command, faults in MATRIX.items():
        for fault in FAULTS:
            given = faults.get(fault)
            if given is None or isinstance(given, str):
                if fault == "ascii" and given is None:
                    runs.append((command, fault, _with(ORDINARY[command], ascii=True)))
                continue
            for one in given if isinstance(given, list) else [given]:
                assert isinstance(one, Case), (command, fault, one)
                if one.stdin is None and ORDINARY[command].stdin is not None:
                    one = _replace(one, stdin=ORDINARY[command].stdin)
                runs.append((command, fault, one))
        if command in STDOUT_FULL:  # the output cannot be written, and the runner is told so
            runs.append((command, "full_disk", _replace(ORDINARY[command], stdout_full=True,
                                                        exits=(2,), names="output")))  # fmt: skip
    return runs


def _replace(one: Case, **changes: object) -> Case:
    import dataclasses

    return dataclasses.replace(one, **changes)  # type: ignore[arg-type]


def _with(one: Case, ascii: bool) -> Case:
    env = dict(one.env)
    if ascii:
        env["PYTHONIOENCODING"] = "ascii"
    return _replace(one, env=tuple(env.items()), exits=OK)


def test_every_command_has_a_case_for_every_fault_class() -> None:
    assert sorted(MATRIX) == commands(), "give each new command its fault cases in MATRIX"
    assert sorted(ORDINARY) == commands()
    for command, faults in MATRIX.items():
        missing = [f for f in FAULTS if f not in faults and f != "ascii"
                   and not (f == "full_disk" and command in STDOUT_FULL)]  # fmt: skip
        assert not missing, f"{command}: no case or reason for {missing}"
        assert set(faults) <= set(FAULTS), f"{command}: unknown fault classes"


# -- the world the cases run in -------------------------------------------------------------


def _today() -> dt.date:
    return dt.datetime.now().astimezone().date()  # the same local day the commands use


def _drop_root() -> list[str] | None:
    """The command prefix that runs a process as `nobody`, or None where it cannot."""
    if os.geteuid() != 0:
        return None
    setpriv = shutil.which("setpriv", path="/usr/bin:/bin:/usr/sbin:/sbin")
    if setpriv:
        return [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    runuser = shutil.which("runuser", path="/usr/bin:/bin:/usr/sbin:/sbin")
    if runuser:
        return [runuser, "-u", "nobody", "--"]
    return None


def _env(world: Path, one: Case, database: str) -> dict[str, str]:
    env = {
        "COLUMNS": "100",
        "PATH": "/usr/bin:/bin",
        "NO_COLOR": "1",
        "HOME": str(world / "home"),
        "RUNSTRONG_CACHE_DIR": CACHE if not one.nobody else str(world / "nobody-cache"),
        **_pythonpath(),
    }
    if database != "none":
        env["RUNSTRONG_DATABASE_URL"] = database
    for key, value in one.env:
        env[key] = value.replace("{w}", str(world))
    return env


def _run(world: Path, args: list[str], env: dict[str, str], stdin: str | None = None,
         prefix: list[str] | None = None, stdout: int | None = None,
         ) -> subprocess.CompletedProcess[str]:  # fmt: skip
    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "runstrong", *args],
        input=stdin if stdin is not None else "",
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        cwd=world,
        env=env,
    )


def _profile(**changes: object) -> dict[str, object]:
    document: dict[str, object] = json.loads((EXAMPLES / "novice-5k-home.json").read_text())
    for path, value in changes.items():
        *parents, last = path.split("__")
        node = document
        for part in parents:
            node = node[part]  # type: ignore[assignment]
        node[last] = value  # type: ignore[index]
    return document


def _log(day: dt.date, log_id: str, **set_changes: object) -> dict[str, object]:
    sets = {"reps": 8, "seconds": None, "load_kg": 12.0, "rpe": 7, "pain": 0, "side": None}
    sets.update(set_changes)
    return {"id": log_id, "date": day.isoformat(),
            "items": [{"exercise": "goblet-squat", "sets": [sets]}], "note": "ünïcödé: fine"}  # fmt: skip


def _gpx(start: str, extra: str = "", name: str = "Morning run") -> str:
    points = "".join(
        f'<trkpt lat="52.{i:04d}" lon="13.4000"><time>{start}:{i:02d}:00Z</time></trkpt>'
        for i in range(0, 40, 5)
    )
    return (
        '<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><name>{name}</name><type>running</type>{extra}<trkseg>{points}</trkseg></trk></gpx>"
    )


def _device(path: Path) -> bool:
    """A private full disk: a character device like /dev/full (major 1, minor 7)."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except OSError:
        return False
    return True


@pytest.fixture(scope="module")
def world() -> Iterator[Path]:
    """Files of every kind of fault, and a database with a runner and a logged session.

    In a folder that `nobody` can enter (pytest's own temporary folders are root's only).
    """
    base = Path(tempfile.mkdtemp(prefix="runstrong-faults-"))
    base.chmod(0o755)
    w = base
    today = _today()
    (w / "home").mkdir()
    (w / "nobody-cache").mkdir()
    (w / "nobody-cache").chmod(0o777)
    (w / "ro").mkdir()
    (w / "dbs").mkdir()
    (w / "dbs").chmod(0o1777)
    write = {
        "profile.json": _profile(),
        "unicode.json": _profile(name="Zoë Ærøskøbing 東京"),
        "race-9999.json": _profile(goal__date="9999-12-31"),
        "start-9999.json": _profile(start_date="9999-12-30"),
        "huge-km.json": _profile(running__weekly_km=1e308),
        "huge-minutes.json": _profile(availability__minutes_per_session=10**20),
        "log.json": _log(today, "fault-log-1"),
        "log-2.json": _log(today, "fault-log-2"),
        "log-unicode.json": _log(today, "fault-log-ünï"),
        "log-9999.json": _log(dt.date(9999, 12, 30), "fault-log-9999"),
        "log-huge-reps.json": _log(today, "fault-log-huge", reps=10**30),
        "log-huge-load.json": _log(today, "fault-log-load", load_kg=1e308),
    }
    for name, document in write.items():
        (w / name).write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    (w / "log-infinity.json").write_text(
        json.dumps(_log(today, "fault-log-inf")).replace("12.0", "Infinity")
    )
    (w / "infinity.json").write_text(
        json.dumps(_profile()).replace('"weekly_km": 20', '"weekly_km": Infinity')
    )
    head = "start_date: 2027-01-04\nexperience: novice\nrunning:\n  weekly_km: .inf\n  week: {tue: easy}\n"
    (w / "infinity.yaml").write_text(head)
    (w / "infinity.toml").write_text(
        'start_date = 2027-01-04\nexperience = "novice"\n[running]\nweekly_km = inf\n'
        'week = {tue = "easy"}\n'
    )
    depth = 50_000
    (w / "deep.json").write_text('{"name": ' + "[" * depth + "]" * depth + "}")
    (w / "deep.yaml").write_text("name: " + "[" * depth + "]" * depth + "\n")
    (w / "deep.toml").write_text("name = " + "[" * depth + "]" * depth + "\n")
    (w / "secret.json").write_text(json.dumps(_profile()))
    (w / "secret.gpx").write_text(_gpx("2026-11-20T07"))
    for secret in ("secret.json", "secret.gpx"):
        (w / secret).chmod(0o600)  # root's own: `nobody` may not read it
    (w / "run.gpx").write_text(_gpx(f"{today - dt.timedelta(days=3)}T07"))
    (w / "run-ünï.gpx").write_text(_gpx(f"{today - dt.timedelta(days=3)}T07", name="Läufchen"))
    (w / "run-9999.gpx").write_text(_gpx("9999-12-31T23"))
    (w / "run-huge.gpx").write_text(
        _gpx(f"{today - dt.timedelta(days=3)}T07").replace('lat="52.0000"', f'lat="{"9" * 400}"')
    )
    (w / "run-infinity.gpx").write_text(
        _gpx(f"{today - dt.timedelta(days=3)}T07").replace('lat="52.0005"', 'lat="inf"')
    )
    (w / "run-deep.gpx").write_text(
        _gpx(f"{today - dt.timedelta(days=3)}T07", extra="<e>" * 20_000 + "</e>" * 20_000)
    )
    (w / "damaged.db").write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    import sqlite3

    foreign = sqlite3.connect(w / "foreign.db")
    foreign.execute("create table songs (title text)")
    foreign.commit()
    foreign.close()
    if not _device(w / "full"):
        (w / "full").write_bytes(b"")  # its cases then fail loudly rather than pass
    # The seeded database: a runner, a plan and one logged session.
    seeded = f"sqlite:///{w / 'seeded.db'}"
    base_env = _env(w, Case(()), seeded)
    for args in (["init", "--profile", str(w / "profile.json")],
                 ["log", "--file", str(w / "log.json")],
                 ["export", "all", "--out", str(w / "backup.json")]):  # fmt: skip
        done = _run(w, args, base_env)
        assert done.returncode == 0, done.stderr
    unicode_env = _env(w, Case(()), f"sqlite:///{w / 'unicode.db'}")
    for args in (["init", "--profile", str(w / "unicode.json")],
                 ["log", "--file", str(w / "log-unicode.json")]):  # fmt: skip
        done = _run(w, args, unicode_env)
        assert done.returncode == 0, done.stderr
    shutil.copy(w / "seeded.db", w / "ro" / "runstrong.db")
    backup = (w / "backup.json").read_text()
    (w / "backup-9999.json").write_text(backup.replace(f'"{today.isoformat()}"', '"9999-12-30"'))
    (w / "backup-huge.json").write_text(backup.replace('"reps": 8', f'"reps": {10**30}'))
    (w / "backup-infinity.json").write_text(
        backup.replace('"load_kg": 12.0', '"load_kg": Infinity')
    )
    yield w
    shutil.rmtree(base, ignore_errors=True)


def _database(world: Path, one: Case, number: int) -> str:
    """A private database for the run, so that one case never sees another's writes."""
    if one.database in ("seeded", "unicode"):
        own = world / "dbs" / f"db-{number}.db"
        shutil.copy(world / f"{one.database}.db", own)
        own.chmod(0o666)  # `nobody` reaches the fault it is run for, not this database
        return f"sqlite:///{own}"
    for damaged in ("damaged.db", "foreign.db"):  # a command may write into it: a copy each
        if one.database.endswith("/" + damaged):
            own = world / "dbs" / f"{number}-{damaged}"
            shutil.copy(world / damaged, own)
            return f"sqlite:///{own}"
    if one.database == "none-new":
        return f"sqlite:///{world / 'dbs' / f'new-{number}.db'}"
    if one.database == "ro":
        return f"sqlite:///{world / 'ro' / 'runstrong.db'}"
    return one.database.replace("{w}", str(world))


@dataclass
class Outcome:
    command: str
    fault: str
    case: Case
    done: subprocess.CompletedProcess[str] | None
    problems: list[str] = field(default_factory=list)


def _check(world: Path, command: str, fault: str, one: Case, number: int) -> Outcome:
    prefix = None
    if one.nobody:
        prefix = _drop_root()
        if prefix is None:
            return Outcome(command, fault, one, None, [])

    def filled(text: str) -> str:
        return (text.replace("{w}", str(world)).replace("{n}", str(number))
                .replace("{today}", _today().isoformat()))  # fmt: skip

    args = [filled(a) for a in one.args]
    env = {
        key: filled(value) for key, value in _env(world, one, _database(world, one, number)).items()
    }
    stdout = None
    if one.stdout_full:
        stdout = os.open(world / "full", os.O_WRONLY)
    try:
        done = _run(world, args, env, one.stdin, prefix, stdout)
    finally:
        if stdout is not None:
            os.close(stdout)
    problems = []
    err = done.stderr
    if "Traceback" in err or "Exception ignored" in err:
        problems.append("a traceback")
    if done.returncode not in one.exits:
        problems.append(f"exit {done.returncode}, wanted {one.exits}")
    if done.returncode != 0:
        lines = [line for line in err.splitlines() if line.strip()]
        message = lines[-1] if lines else ""
        # Notes and questions may come first on stderr; the message is the last line, alone.
        if not message.startswith("error: ") or any(x.startswith("error: ") for x in lines[:-1]):
            problems.append(f"no one-line message: {len(lines)} lines")
        named = one.names.replace("{w}", str(world))
        if named and named not in message:
            problems.append(f"the message does not name {named!r}")
        if len(message) > 800:  # the choices of a closed list may take a few hundred
            problems.append("a message longer than 800 characters")
    for word in JARGON:
        if word in err:
            problems.append(f"jargon {word!r}")
    return Outcome(command, fault, one, done, problems)


def _report(outcome: Outcome) -> str:
    assert outcome.done is not None
    return (
        f"{outcome.command} [{outcome.fault}] {' '.join(outcome.case.args)}: "
        f"{', '.join(outcome.problems)}\n    stderr: {outcome.done.stderr.strip()[-600:]!r}"
    )


def _run_all(world: Path, runs: list[tuple[str, str, Case]]) -> list[Outcome]:
    # Two at a time: the machines that run the suite have few cores to share.
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda n: _check(world, *runs[n], n), range(len(runs))))


def test_no_command_shows_a_traceback_under_any_fault(world: Path) -> None:
    runs = [run for run in all_cases() if not run[2].xfail]
    outcomes = _run_all(world, runs)
    failed = [o for o in outcomes if o.problems]
    assert {o.command for o in outcomes} == set(MATRIX)
    assert not failed, f"{len(failed)} of {len(outcomes)} runs went wrong:\n" + "\n".join(
        _report(o) for o in failed
    )


def test_a_damaged_or_foreign_database_file_is_named(world: Path) -> None:
    runs = [(c, f, one) for c, f, one in all_cases() if one.xfail]
    outcomes = _run_all(world, [(c, f, dataclasses.replace(one, xfail="")) for c, f, one in runs])
    failed = [o for o in outcomes if o.problems]
    assert not failed, "\n".join(_report(o) for o in failed)


def test_a_device_given_as_the_target_stays_a_device(tmp_path: Path) -> None:
    """As root, renaming a finished file over /dev/full replaced the device itself."""
    from runstrong.adapters.atomic import CALENDAR, CannotWrite, check_target, write_atomic

    full = tmp_path / "full"
    if not _device(full):
        pytest.skip("cannot make a device node here")
    check_target(full, CALENDAR, force=False)  # a device is not "another kind of file"
    with pytest.raises(CannotWrite, match="the disk is full"):
        write_atomic(full, b"BEGIN:VCALENDAR\r\n")
    assert stat.S_ISCHR(full.stat().st_mode)
    assert list(tmp_path.iterdir()) == [full]  # no temporary file left beside it
