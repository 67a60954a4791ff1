"""`runstrong replan --all` on SQLite and PostgreSQL: every runner re-planned from their own
latest profile, once; a second run skips them; a stopped run is finished by the next one;
a runner that cannot be re-planned is named and the others are done; the runner ids are
read a page at a time."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import typer
from sqlalchemy import event

from runstrong.adapters.db import _engine, connect
from runstrong.adapters.db.repository import SqlTrainingRepository
from runstrong.domain.athlete import Profile
from runstrong.domain.generator import generate_plan
from runstrong.entrypoints import replan_command
from runstrong.library import load_catalog
from runstrong.services import fleet, training
from tests.e2e.process import run_runstrong

pytestmark = pytest.mark.integration

CATALOG = load_catalog()
EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "runstrong" / "examples"
TODAY = dt.date(2027, 2, 3)
NOW = dt.datetime(2027, 2, 3, 18, 30, tzinfo=dt.UTC)
START = TODAY - dt.timedelta(days=TODAY.weekday(), weeks=3)
OLD, NEW = "lib-old", "lib-new"
KINDS = sorted(p.name for p in EXAMPLES.glob("*.json"))


def _profile(name: str, number: int, **changes: Any) -> Profile:
    data = json.loads((EXAMPLES / KINDS[number % len(KINDS)]).read_text())
    data.update(name=name, start_date=START.isoformat(), **changes)
    data["goal"] = {"event": "none"}
    return Profile.model_validate(data)


def _runners(url: str, count: int) -> dict[int, str]:
    """`count` runners, each with a plan made by the old library; the first has changed
    their profile once (two versions, two plans)."""
    made = {}
    for number in range(count):
        name = f"Runner {number}"
        runner = training.add_runner(connect(url), name, NOW)
        training.init_runner(connect(url, runner), _profile(name, number), CATALOG, START, NOW, OLD)
        made[runner] = name
    first = next(iter(made))
    changed = _profile(made[first], 0, weeks=8)
    training.init_runner(connect(url, first), changed, CATALOG, START, NOW, OLD)
    return made


def _plans(url: str, runner: int) -> list[Any]:
    with connect(url, runner) as uow:
        return uow.repo.plans(runner)


def _replan(url: str, library: str = NEW, **options: Any) -> fleet.Tally:
    options.setdefault("workers", 0)
    return fleet.replan_all(url, library, TODAY, NOW, catalog=CATALOG, **options)


def test_every_runner_gets_a_new_plan_from_their_own_latest_profile(database_url: str) -> None:
    url = database_url
    runners = _runners(url, 4)
    before = {runner: _plans(url, runner) for runner in runners}

    tally = _replan(url, page_size=3)

    assert (tally.runners, tally.replanned, tally.skipped, tally.failed) == (4, 4, 0, 0)
    assert not tally.interrupted
    for runner, name in runners.items():
        plans = _plans(url, runner)
        assert plans[:-1] == before[runner]  # what was planned before stays
        with connect(url, runner) as uow:
            latest = uow.repo.latest_profile(runner)
        assert latest is not None
        newest = plans[-1]
        assert newest.valid_from == TODAY  # takes over from today
        assert newest.profile_version == latest.version
        assert newest.document["made_with"] == {"library": NEW, "profile_version": latest.version}
        assert newest.document["profile"]["name"] == name
        made = training._document(generate_plan(Profile.model_validate(latest.document), CATALOG))
        assert {k: v for k, v in newest.document.items() if k != "made_with"} == made
    first = next(iter(runners))
    assert len(_plans(url, first)[-1].document["weeks"]) == 8  # from the changed profile


def test_a_second_run_skips_them_all_and_force_replans_anyway(database_url: str) -> None:
    url = database_url
    runners = _runners(url, 3)
    _replan(url)
    counts = {runner: len(_plans(url, runner)) for runner in runners}

    again = _replan(url)

    assert (again.replanned, again.skipped, again.failed) == (0, 3, 0)
    assert {runner: len(_plans(url, runner)) for runner in runners} == counts
    forced = _replan(url, force=True)
    assert (forced.replanned, forced.skipped) == (3, 0)
    assert {runner: len(_plans(url, runner)) for runner in runners} == {
        runner: count + 1 for runner, count in counts.items()
    }


def test_a_runner_without_a_profile_is_skipped(database_url: str) -> None:
    url = database_url
    training.add_runner(connect(url), "New account", NOW)
    runners = _runners(url, 2)

    tally = _replan(url)

    assert (tally.runners, tally.replanned, tally.skipped) == (3, 2, 1)
    assert all(
        _plans(url, runner)[-1].document["made_with"]["library"] == NEW for runner in runners
    )


def test_an_interrupted_run_and_a_rerun_replan_every_runner_exactly_once(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = database_url
    runners = _runners(url, 5)
    plans_before = {runner: len(_plans(url, runner)) for runner in runners}
    real = fleet.replan_runner
    calls = []

    def stopped_at_the_third(*args: Any, **kwargs: Any) -> bool:
        calls.append(args[1])
        if len(calls) == 3:
            raise KeyboardInterrupt  # Ctrl-C while the third runner is in hand
        return real(*args, **kwargs)

    monkeypatch.setattr(fleet, "replan_runner", stopped_at_the_third)
    stopped = _replan(url, page_size=2)
    assert stopped.interrupted
    assert stopped.replanned == 2
    done = [r for r in runners if len(_plans(url, r)) > plans_before[r]]
    assert done == calls[:2]  # the third was not half-written

    monkeypatch.setattr(fleet, "replan_runner", real)
    rest = _replan(url, page_size=2)

    assert not rest.interrupted
    assert (rest.replanned, rest.skipped) == (3, 2)
    for runner in runners:
        plans = _plans(url, runner)
        assert len(plans) == plans_before[runner] + 1
        assert [p.document["made_with"]["library"] for p in plans].count(NEW) == 1


def test_a_broken_profile_is_reported_and_the_others_are_done(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = database_url
    runners = _runners(url, 4)
    broken, failing, *fine = runners
    with connect(url, broken) as uow:  # a profile an older runstrong accepted, say
        latest = uow.repo.latest_profile(broken)
        assert latest is not None
        uow.repo.add_profile(broken, {**latest.document, "experience": "wizard"}, NOW)
        uow.commit()
    from runstrong.domain import generator  # imported where it is used, so patched there

    original = generator.generate_plan

    def fails_for_one(profile: Profile, catalog: Any) -> Any:
        if profile.name == runners[failing]:
            raise ValueError("a defect met by this profile")
        return original(profile, catalog)

    monkeypatch.setattr(generator, "generate_plan", fails_for_one)
    heard: list[fleet.Failure] = []

    tally = _replan(url, progress=lambda _tally, page: heard.extend(page.failures))

    assert (tally.replanned, tally.failed) == (2, 2)
    assert heard == tally.first_failures
    reasons = {f.runner: f.reason for f in heard}
    assert set(reasons) == {broken, failing}
    assert "profile (version 3) is no longer valid" in reasons[broken]
    assert "experience" in reasons[broken] and "wizard" in reasons[broken]
    assert reasons[failing] == "ValueError: a defect met by this profile"
    for runner in fine:
        assert _plans(url, runner)[-1].document["made_with"]["library"] == NEW
    for runner in (broken, failing):
        assert _plans(url, runner)[-1].document["made_with"]["library"] == OLD


def test_runner_ids_are_read_a_page_at_a_time(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = database_url
    runners = _runners(url, 7)
    pages: list[tuple[int, int, int]] = []  # after, limit, rows fetched
    stamped: list[int] = []
    real_ids = SqlTrainingRepository.runner_ids_after
    real_stamps = SqlTrainingRepository.plan_stamps

    def ids_after(self: SqlTrainingRepository, after: int, limit: int) -> list[int]:
        found = real_ids(self, after, limit)
        pages.append((after, limit, len(found)))
        return found

    def stamps(self: SqlTrainingRepository, runner_ids: Any) -> Any:
        stamped.append(len(runner_ids))
        return real_stamps(self, runner_ids)

    monkeypatch.setattr(SqlTrainingRepository, "runner_ids_after", ids_after)
    monkeypatch.setattr(SqlTrainingRepository, "plan_stamps", stamps)
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(" ".join(statement.split()).lower())

    engine = _engine(url)
    event.listen(engine, "before_cursor_execute", seen)
    try:
        tally = _replan(url, page_size=3)
    finally:
        event.remove(engine, "before_cursor_execute", seen)

    assert tally.replanned == 7
    ids = sorted(runners)
    assert pages == [(0, 3, 3), (ids[2], 3, 3), (ids[5], 3, 1), (ids[6], 3, 0)]
    assert max(stamped) <= 3
    from_runners = [s for s in statements if "from runners" in s and "count(" not in s]
    assert from_runners and all("limit" in s for s in from_runners)
    # No statement reads plans (documents of a few hundred KB) or profiles of every runner.
    for statement in statements:
        if statement.startswith("select") and (
            " from plans" in statement or "from profiles" in statement
        ):
            assert " where " in statement, statement


def test_the_command_writes_plain_progress_and_a_summary_off_a_terminal(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = database_url
    runners = _runners(url, 3)
    broken = next(iter(runners))
    with connect(url, broken) as uow:
        uow.repo.add_profile(broken, {"name": "no longer a profile"}, NOW)
        uow.commit()
    monkeypatch.setenv("RUNSTRONG_DATABASE_URL", url)
    monkeypatch.setattr(replan_command, "PLAIN_LINE_SECONDS", 0)

    with pytest.raises(typer.Exit) as exit_:
        replan_command.replan(every=True, workers=0, force=False, batch_size=2)

    assert exit_.value.exit_code == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert lines[0].startswith(f"runner {broken} not re-planned: its stored profile (version 3)")
    assert "2 of 3 runners (67%): 1 re-planned, 0 skipped, 1 failed," in lines[1]
    assert "3 of 3 runners (100%): 2 re-planned, 0 skipped, 1 failed," in lines[2]
    assert lines[3].startswith("Re-planned 2 runners, skipped 0, failed 1, in ")
    assert lines[4] == "1 runner could not be re-planned (named above)."
    assert "\x1b[" not in err  # no bar, no colours


def test_worker_processes_replan_on_both_databases(database_url: str, tmp_path: Path) -> None:
    url = database_url
    runners = _runners(url, 5)

    done = run_runstrong(
        "replan", "--all", "--workers", "2", "--batch-size", "2",
        env={"RUNSTRONG_DATABASE_URL": url}, cwd=tmp_path,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert done.stderr.splitlines()[-1].startswith("Re-planned 5 runners, skipped 0, failed 0, in ")
    for runner in runners:
        assert _plans(url, runner)[-1].document["made_with"]["library"].startswith("lib-")
        assert _plans(url, runner)[-1].document["made_with"]["library"] != OLD
    again = run_runstrong(
        "replan", "--all", "--workers", "2", env={"RUNSTRONG_DATABASE_URL": url}, cwd=tmp_path
    )
    assert again.returncode == 0, again.stderr
    assert "Re-planned 0 runners, skipped 5, failed 0" in again.stderr


def test_replan_without_all_says_what_to_type(tmp_path: Path) -> None:
    done = run_runstrong(
        "replan", env={"RUNSTRONG_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}, cwd=tmp_path
    )
    assert done.returncode == 2
    assert "--all" in done.stderr and "runstrong init --profile FILE" in done.stderr
