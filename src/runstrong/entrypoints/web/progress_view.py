"""The progress page's charts: each a drawing, a caption said from the numbers, and a table
of the same numbers (for screen readers, and for anyone who wants them exact)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from runstrong.domain.athlete import Units, distance
from runstrong.domain.catalog import Catalog
from runstrong.domain.training_log import SessionLog
from runstrong.entrypoints.web.charts import Mark, Series, bars, line
from runstrong.services.insights import ProgressReport, Trend

RECENT_WEEKS = 3  # "the last 3 weeks": this week and the two before
SHOWN_WEEKS = 12  # bars for at most this many weeks: beyond that they get too thin to read
PAIN_FINE = 3  # up to 3/10 that settles by the next morning is fine (the footer's rule)
PAIN_STOP = 5


@dataclass(frozen=True, slots=True)
class Chart:
    id: str
    title: str
    caption: str
    svg: Markup | None  # None when there is nothing to draw yet
    head: tuple[str, ...] = ()
    rows: Sequence[tuple[str, ...]] = ()


def _day(day: dt.date) -> str:
    return f"{day:%d %b}"


def charts(
    report: ProgressReport,
    logs: Sequence[SessionLog],
    profile: dict[str, Any],
    catalog: Catalog,
    today: dt.date,
) -> list[Chart]:
    from runstrong.library.load import load_field_tests

    names: dict[str, str] = {t.id: t.name for t in load_field_tests()}
    units: dict[str, str] = {t.id: t.unit for t in load_field_tests()}
    found = [_adherence(report, today), _work(report, profile)]
    found += [_trend(t, catalog, "lift") for t in report.lifts]
    found += [_trend(t, catalog, "hold") for t in report.holds]
    found += _tests(report, names, units)
    found.append(_pain(logs, catalog))
    return found


def _weeks(report: ProgressReport) -> list[Any]:
    return report.weeks[-SHOWN_WEEKS:]


def _adherence(report: ProgressReport, today: dt.date) -> Chart:
    monday = today - dt.timedelta(days=today.weekday())
    since = monday - dt.timedelta(weeks=RECENT_WEEKS - 1)
    recent = [w for w in report.weeks if w.start >= since]
    planned = sum(w.planned for w in recent)
    logged = sum(w.logged for w in recent)
    if planned:
        caption = (
            f"You logged {logged} of {planned} planned {'session' if planned == 1 else 'sessions'}"
            f" in the last {RECENT_WEEKS} weeks."
        )
    else:
        caption = f"No sessions were planned in the last {RECENT_WEEKS} weeks; you logged {logged}."
    weeks = _weeks(report)
    title = "Sessions planned and logged, week by week"
    svg = (
        bars(
            title,
            [_day(w.start) for w in weeks],
            [
                Series("planned", [w.planned for w in weeks], "planned"),
                Series("logged", [w.logged for w in weeks], "logged"),
            ],
            "sessions",
        )
        if weeks
        else None
    )
    rows = [(f"week of {_day(w.start)}", str(w.planned), str(w.logged)) for w in weeks]
    return Chart("adherence", title, caption, svg, ("Week", "Planned", "Logged"), rows)


def _work(report: ProgressReport, profile: dict[str, Any]) -> Chart:
    weeks = _weeks(report)
    km = float(profile["running"].get("weekly_km") or 0)
    running = distance(km, Units(profile.get("units", "metric")))
    title = "Strength work each week, beside your running"
    done = [w for w in weeks if w.logged]
    if done:
        last = done[-1]
        most = max(done, key=lambda w: (w.work, w.start))
        caption = (
            f"Strength work (sets × reps, with holds as seconds ÷ 3) was {last.work} in the "
            f"week of {_day(last.start)}; your biggest week was {most.work}, the week of "
            f"{_day(most.start)}. Your running stays at {running} a week, from your profile."
        )
    else:
        caption = (
            f"No strength work logged yet. Your running is {running} a week, from your profile."
        )
    svg = (
        bars(
            title,
            [_day(w.start) for w in weeks],
            [Series("work", [w.work for w in weeks], "work")],
            "work",
            level=Mark(km, f"running: {running} a week"),
        )
        if done
        else None
    )
    rows = [(f"week of {_day(w.start)}", str(w.work), running) for w in weeks]
    return Chart("work", title, caption, svg, ("Week", "Strength work", "Running"), rows)


def _trend(trend: Trend, catalog: Catalog, kind: str) -> Chart:
    name = catalog.exercise(trend.exercise).name if trend.exercise in catalog else trend.exercise
    unit = trend.unit
    points = trend.points
    what = "heaviest set" if kind == "lift" else "longest hold"
    (first_day, first), (last_day, last) = points[0], points[-1]
    if len(points) == 1:
        caption = f"{name}: {what} {first:g} {unit} on {_day(first_day)} (one session so far)."
    else:
        caption = (
            f"{name}: {what} from {first:g} {unit} on {_day(first_day)} to {last:g} {unit} on "
            f"{_day(last_day)}, over {len(points)} sessions."
        )
    title = f"{name}: {what} over time ({unit})"
    svg = line(title, [_day(d) for d, _v in points], [v for _d, v in points], unit)
    rows = [(_day(d), f"{v:g} {unit}") for d, v in points]
    return Chart(f"{kind}-{trend.exercise}", title, caption, svg, ("Date", what.capitalize()), rows)


def _tests(report: ProgressReport, names: dict[str, str], units: dict[str, str]) -> list[Chart]:
    by_test: dict[str, list[tuple[dt.date, float, float]]] = {}
    for day, test, left, right in report.tests:
        by_test.setdefault(test, []).append((day, left, right))
    found = []
    for test, results in by_test.items():
        name = names.get(test, test.replace("_", " "))
        unit = units.get(test, "")
        day, left, right = results[-1]
        if left == right:
            even = "both sides even"
        else:
            weaker = "left" if left < right else "right"
            share = round(100 * min(left, right) / max(left, right))
            even = f"your {weaker} side is {share}% of the other"
        caption = f"{name} on {_day(day)}: left {left:g}, right {right:g} {unit}; {even}."
        title = f"{name}: left and right ({unit})"
        svg = bars(
            title,
            [_day(d) for d, _l, _r in results],
            [
                Series("left", [lv for _d, lv, _r in results], "left"),
                Series("right", [rv for _d, _l, rv in results], "right"),
            ],
            unit,
        )
        rows = [
            (_day(d), f"{lv:g}", f"{rv:g}", f"{round(100 * min(lv, rv) / max(lv, rv, 1))}%")
            for d, lv, rv in results
        ]
        found.append(
            Chart(f"test-{test}", title, caption, svg, ("Date", "Left", "Right", "Symmetry"), rows)
        )
    return found


def _pain(logs: Sequence[SessionLog], catalog: Catalog) -> Chart:
    title = "Worst pain in each session (0 to 10)"
    ordered = sorted(logs, key=lambda log: log.date)
    worst = []
    for log in ordered:
        pain, exercise = max(
            ((s.pain, item.exercise) for item in log.items for s in item.sets),
            key=lambda pair: pair[0],
        )
        name = catalog.exercise(exercise).name if exercise in catalog else exercise
        worst.append((log.date, pain, name))
    if not worst:
        return Chart("pain", title, "No sessions logged yet.", None)
    highest = max(worst, key=lambda w: (w[1], w[0]))
    above = sum(1 for w in worst if w[1] > PAIN_FINE)
    sessions = (
        "your one logged session" if len(worst) == 1 else f"your last {len(worst)} logged sessions"
    )
    if highest[1] == 0:
        caption = f"No pain reported in {sessions}."
    else:
        caption = (
            f"Across {sessions}, the worst pain was {highest[1]}/10 "
            f"on {_day(highest[0])}; {above} went above {PAIN_FINE}/10."
        )
    svg = line(
        title,
        [_day(d) for d, _p, _n in worst],
        [p for _d, p, _n in worst],
        "/10",
        marks=[Mark(PAIN_FINE, "3: fine if settled"), Mark(PAIN_STOP, "5: stop")],
    )
    rows = [(_day(d), f"{p}/10", n if p else "") for d, p, n in worst]
    return Chart("pain", title, caption, svg, ("Date", "Worst pain", "During"), rows)
