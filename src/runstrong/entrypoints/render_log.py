"""Rich rendering of the training log: today, the week, history and progress."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text

from runstrong.entrypoints.render import console

if TYPE_CHECKING:  # types only: `today` prints no table, `week` no dose
    from runstrong.domain.catalog import Catalog
    from runstrong.domain.ports import StoredLog
    from runstrong.services.insights import ProgressReport, Trend
    from runstrong.services.training import HistoryPage, Logged, Started

BAR = "█"


def running(inferred: dict[str, Any]) -> None:
    week = ", ".join(f"{day} {kind}" for day, kind in inferred["week"].items())
    km = inferred.get("weekly_km")
    distance = f"About {km:g} km a week" if km is not None else "No distances in these files"
    console.print(f"{distance}; {week}")


def started(done: Started) -> None:
    first = f"; first session {done.first_session:%a %d %b %Y}" if done.first_session else ""
    console.print(
        f"Stored {done.runner}'s profile (version {done.profile_version}) and a {done.weeks}-week plan "
        f"in force from {done.valid_from}{first}. Next: runstrong today"
    )


def _item_line(item: dict[str, Any]) -> str:
    load_kg = item.get("load_kg")
    weight = f" with {load_kg:g} kg" if load_kg else ""
    return _dose_line(item) + weight


def _dose_line(item: dict[str, Any]) -> str:
    from runstrong.domain.plan import load_text

    amount = f"{item['reps']} reps" if item["reps"] is not None else f"{item['seconds']} s"
    side = " each side" if item["per_side"] else ""
    return (
        f"{item['sets']} x {amount}{side}, {load_text(item['load'])}, rest {item['rest_seconds']} s"
    )


def today(due: dict[str, Any], catalog: Catalog, notes: Sequence[str] = ()) -> None:
    session = due["session"]
    for note in notes:
        console.print(Text(note, style="green"))
    if session is None:
        later = (
            f" The next one is on {due['next']}."
            if due["next"]
            else " The plan has no more sessions."
        )
        console.print(f"No strength session today.{later}")
        return
    console.print(
        Text(f"{session['date']}: {session['focus']}, about {session['minutes']} min", style="bold")
    )
    for block in session["blocks"]:
        for item in block["items"]:
            console.print(
                Text(f"\n{block['kind']}: ", style="dim")
                + Text(item["name"], style="bold")
                + Text(f"  {_item_line(item)}")
            )
            console.print(Text(f"  {item['why']}", style="italic"))
            if "progression" in item:
                style = "green" if item["progression"]["harder"] else "yellow"
                console.print(Text(f"  {item['progression']['reason']}", style=style))
            for cue in catalog.exercise(item["exercise"]).cues:
                console.print(f"  • {cue}")
    if due["next"]:
        console.print(f"\nAfter this: {due['next']}")


def week(this_week: dict[str, Any]) -> None:
    from rich import box
    from rich.table import Table

    table = Table(
        box=box.SIMPLE_HEAD, title=f"Week from {this_week['start']}", title_justify="left"
    )
    table.add_column("date")
    table.add_column("session")
    table.add_column("minutes", justify="right")
    table.add_column("logged")
    done = {log["date"] for log in this_week["logged"]}
    for session in this_week["sessions"]:
        table.add_row(
            session["date"],
            session["focus"],
            str(session["minutes"]),
            "yes" if session["date"] in done else "",
        )
    for log in this_week["logged"]:
        if log["date"] not in {s["date"] for s in this_week["sessions"]}:
            table.add_row(log["date"], "unplanned session", "", "yes")
    console.print(table)


def logged(done: Logged) -> None:
    if done.recorded:
        sets = sum(len(item.sets) for item in done.log.items)
        console.print(
            f"Recorded session {done.log.id} on {done.log.date}: {len(done.log.items)} exercises, {sets} sets."
        )
    for message in done.messages:
        console.print(Text(message, style="yellow"))


def history(found: HistoryPage) -> None:
    logs = found.logs
    if not logs:
        console.print("Nothing logged yet. After a session: runstrong log")
        return
    title = f"{found.total} sessions logged"
    if len(logs) < found.total:
        title += f"; the newest {len(logs)}" if found.page == 1 else f"; {len(logs)} older ones"
        title += f" (page {found.page} of {found.pages})"
    if console.width < NARROW_HISTORY:
        _history_list(title, logs)
    else:
        _history_table(title, logs)
    console.print(
        Text("Fix one: runstrong log --edit ID; remove one: runstrong log --delete ID", style="dim")
    )
    if found.page < found.pages:
        console.print(
            f"Older sessions: runstrong history --page {found.page + 1} (or --all for every one)"
        )


# Below this width a table would cut its headings and squeeze the ids: each session goes on
# two lines instead, its id whole on the first.
NARROW_HISTORY = 90


def _history_list(title: str, logs: Sequence[StoredLog]) -> None:
    console.print(Text(title, style="bold"))
    for stored in logs:
        log = stored.log
        pains = [s.pain for item in log.items for s in item.sets]
        console.print(Text(f"{log.date}  ") + Text(log.id, style="bold"))
        line = f"  {', '.join(item.exercise for item in log.items)}; {len(pains)} sets; "
        line += f"worst pain {max(pains)}/10" + (f"; {log.note}" if log.note else "")
        console.print(Text(line))


def _history_table(title: str, logs: Sequence[StoredLog]) -> None:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left")
    table.add_column("date", no_wrap=True)
    # The id is what `log --edit ID` and `log --delete ID` take: never cut.
    table.add_column("id", no_wrap=True)
    table.add_column("exercises")
    table.add_column("sets", justify="right")
    table.add_column("worst pain", justify="right")
    table.add_column("note")
    for stored in logs:
        log = stored.log
        pains = [s.pain for item in log.items for s in item.sets]
        table.add_row(
            str(log.date),
            Text(log.id),  # plain text: an id is never Rich markup
            ", ".join(item.exercise for item in log.items),
            str(len(pains)),
            f"{max(pains)}/10",
            log.note,
        )
    console.print(table)


def _bars(rows: Sequence[tuple[str, float]], unit: str, width: int = 40) -> None:
    top = max((value for _label, value in rows), default=0) or 1
    for label, value in rows:
        console.print(
            f"  {label:>10}  {BAR * max(1 if value else 0, round(width * value / top)):<{width}} {value:g} {unit}"
        )


def _trend(trend: Trend) -> None:
    console.print(Text(f" {trend.exercise}", style="bold"))
    _bars([(str(day), value) for day, value in trend.points[-12:]], trend.unit)


def progress(report: ProgressReport) -> None:
    if report.moving_on:
        console.print(Text("Moving on from an injury", style="bold"))
        for line in report.moving_on:
            console.print(f"  {line}")
        console.print()
    if not report.weeks and not report.tests:
        console.print("Nothing to chart yet: log a few sessions first (runstrong log).")
        return
    console.print(Text("Weekly work (sets x reps, holds counted at 3 s a rep)", style="bold"))
    _bars([(str(w.start), float(w.work)) for w in report.weeks[-16:]], "")
    console.print(Text("\nAdherence (sessions logged / planned)", style="bold"))
    for w in report.weeks[-16:]:
        share = f"{w.logged}/{w.planned}" if w.planned else f"{w.logged}/-"
        console.print(
            f"  {w.start!s:>10}  {'●' * w.logged}{'○' * max(0, w.planned - w.logged)}  {share}"
        )
    if report.lifts:
        console.print(Text("\nKey lifts (best load of the day)", style="bold"))
        for trend in report.lifts:
            _trend(trend)
    if report.holds:
        console.print(Text("\nHolds (longest of the day)", style="bold"))
        for trend in report.holds:
            _trend(trend)
    if report.tests:
        console.print(Text("\nField tests over time (left / right)", style="bold"))
        for day, test, left, right in report.tests:
            console.print(f"  {day}  {test.replace('_', ' '):32} {left:g} / {right:g}")
