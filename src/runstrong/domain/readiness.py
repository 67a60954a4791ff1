"""Whether the log shows a current injury ready for its recovering profile.

    ready_to_move_on(criteria, work, logs, today, tests) -> Readiness

The criteria are data in each injury profile (``StatusPlan.moves_on``, a ``MoveOn``) and
the runner reads them with the plan; this applies them to what was logged. Over the last
``criteria.weeks`` weeks up to `today`:

1. at least ``criteria.sessions`` logged sessions hold the area's work (any exercise of
   `work`), and every one of those weeks holds one: two weeks of logging, not four
   sessions in three days;
2. no set logged in that time hurt more than ``criteria.pain_at_most`` out of 10, and
   every session's pain had settled by the next morning (the pain rule of
   ``runstrong.domain.pain``, whose 3/10 these limits never exceed);
3. where the criteria name a left/right test (``criteria.symmetry``), its latest result
   from that time, a field test stored with the profile or sets of the test's exercise
   logged with a side, has the weaker side at ``symmetry.percent`` % of the stronger or
   more.

Pure: the caller hands over the records; nothing here reads a clock or a database. The
answer says what is still missing, in plain words, so a runner can see how far off it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from runstrong.domain.athlete import Side
from runstrong.domain.injuries import MoveOn, Symmetry
from runstrong.domain.training_log import SessionLog


@dataclass(frozen=True, slots=True)
class SidedResult:
    """One left/right result of a field test, on the day it was done."""

    day: dt.date
    left: float
    right: float


@dataclass(frozen=True, slots=True)
class Readiness:
    met: bool
    missing: tuple[str, ...]  # what the log does not show yet; empty when met


def ready_to_move_on(
    criteria: MoveOn,
    work: frozenset[str],
    logs: Sequence[SessionLog],
    today: dt.date,
    tests: Sequence[SidedResult] = (),
) -> Readiness:
    """Whether the logs (any order) meet the criteria on `today`, and what is missing."""
    since = today - dt.timedelta(days=7 * criteria.weeks - 1)
    window = [log for log in logs if since <= log.date <= today]
    holding = [log for log in window if any(item.exercise in work for item in log.items)]
    span = "the last week" if criteria.weeks == 1 else f"the last {criteria.weeks} weeks"
    missing: list[str] = []
    if len(holding) < criteria.sessions:
        missing.append(
            f"{len(holding)} of {criteria.sessions} sessions with its work logged in {span}"
        )
    weeks_logged = {(log.date - since).days // 7 for log in holding}
    if len(holding) >= criteria.sessions and len(weeks_logged) < criteria.weeks:
        missing.append(f"a session with its work logged in each of {span}")
    worst = max((s.pain for log in window for item in log.items for s in item.sets), default=0)
    if worst > criteria.pain_at_most:
        missing.append(f"pain of {worst}/10 logged in {span}, above {criteria.pain_at_most}/10")
    if any(not log.pain_settled for log in window):
        missing.append(f"pain that had not settled by the next morning in {span}")
    if criteria.symmetry is not None:
        missing += _symmetry_missing(criteria.symmetry, window, since, today, tests, span)
    if criteria.clearance:
        # never met from the log alone: a clinician's word is not in it
        missing.append("your clinician's clearance, which only you can add to your profile")
    return Readiness(not missing, tuple(missing))


def _symmetry_missing(
    symmetry: Symmetry,
    window: Sequence[SessionLog],
    since: dt.date,
    today: dt.date,
    tests: Sequence[SidedResult],
    span: str,
) -> list[str]:
    results = [t for t in tests if since <= t.day <= today]
    if symmetry.exercise is not None:
        results += _logged_results(symmetry.exercise, window)
    if not results:
        return [f"a result on each side of the {symmetry.test.replace('_', ' ')} test in {span}"]
    latest = max(results, key=lambda t: t.day)
    weaker, stronger = sorted((latest.left, latest.right))
    share = 100.0 if stronger == 0 else 100.0 * weaker / stronger
    if share >= symmetry.percent:
        return []
    return [
        f"the weaker side at {share:.0f}% of the other on {latest.day}, under {symmetry.percent}%"
    ]


def _logged_results(exercise: str, logs: Sequence[SessionLog]) -> list[SidedResult]:
    """A day's best set on each side of the test's exercise, where both sides were logged."""
    found = []
    for log in logs:
        best: dict[Side, float] = {}
        for item in log.items:
            if item.exercise != exercise:
                continue
            for done in item.sets:
                amount = done.reps if done.reps is not None else done.seconds
                if done.side in (Side.LEFT, Side.RIGHT) and amount is not None:
                    best[done.side] = max(best.get(done.side, 0.0), float(amount))
        if Side.LEFT in best and Side.RIGHT in best:
            found.append(SidedResult(log.date, best[Side.LEFT], best[Side.RIGHT]))
    return found
