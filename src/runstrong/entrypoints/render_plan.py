"""Rich rendering of a runner's profile and plan."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from runstrong.domain import legend
from runstrong.domain.athlete import WEEKDAYS, Profile, Units, distance
from runstrong.domain.catalog import Catalog
from runstrong.domain.findings import Finding, describe
from runstrong.domain.plan import Item, Plan, Session, Week, amount_text, load_text
from runstrong.entrypoints.render import LEVEL_STYLE, console
from runstrong.services.planning import field_test_names, rehab_days

PHASE_STYLE = {
    "base": "green",
    "build": "yellow",
    "peak": "red",
    "taper": "cyan",
    "race": "bold magenta",
    "recovery": "blue",
    "maintenance": "green",
}


def _facts(rows: list[tuple[str, str]]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for label, value in rows:
        grid.add_row(label, value)
    return grid


def _profile_rows(profile: Profile) -> list[tuple[str, str]]:
    goal = profile.goal
    race = (
        "none (a rolling plan)"
        if goal.date is None
        else f"{goal.event.value.replace('_', ' ')} on {goal.date} ({goal.priority.value} race)"
    )
    if profile.races:
        race = "; ".join(r.label for r in profile.season())
    week = ", ".join(
        f"{day} {kind.value}"
        for day, kind in zip(WEEKDAYS, profile.running.week.as_list(), strict=True)
    )
    injuries = ", ".join(
        f"{i.area.value.replace('_', ' ')} ({i.side.value}, {i.status.value})"
        for i in profile.injuries
    )
    return [
        ("runner", profile.name),
        ("starts", str(profile.start_date)),
        ("experience", profile.experience.value),
        ("running", f"{distance(profile.running.km, profile.units)} a week"),
        ("week", week),
        ("races" if profile.races else "race", race),
        (
            "sessions",
            f"{profile.availability.sessions_per_week} a week, {profile.availability.minutes_per_session} minutes each",
        ),
        ("equipment", ", ".join(sorted(e.value for e in profile.available_equipment()))),
        ("injuries", injuries or "none"),
        ("units", profile.units.value),
        ("age", "not given" if profile.age is None else f"{profile.age} years"),
    ]


def findings(found: Sequence[Finding]) -> None:
    if not found:
        console.print(
            "Your results are within the norms and even on both sides: nothing to add. Retest in 6-8 weeks."
        )
        return
    console.print(Text("What your tests show, and what your plan does about it:", style="bold"))
    for finding in found:
        mark = Text("!! " if finding.strong else "!  ", style="red" if finding.strong else "yellow")
        console.print(mark + Text(describe(finding)))


def replan_hint(profile: object) -> None:
    console.print(f"To re-plan with these results from today: runstrong init --profile {profile}")


def profile_summary(profile: Profile) -> None:
    from runstrong.domain import runner_dose
    from runstrong.domain.season import explain

    parts: list[Table | Text] = [_facts(_profile_rows(profile))]
    treatment = explain(profile)  # the same sentences the plan's notes carry
    if treatment:
        parts += [Text(""), Text("How your plan treats each race", style="bold")]
        parts += [Text(f"• {line}") for line in treatment]
    shaped = runner_dose.explain(profile)
    if shaped:
        parts += [Text(""), Text("How your running and age shape the dose", style="bold")]
        parts += [Text(f"• {line}") for line in shaped]
    console.print(Panel(Group(*parts), title="[bold]Profile understood[/]", title_align="left"))


def plan(
    plan: Plan, catalog: Catalog, with_cues: bool = False, only_week: int | None = None
) -> None:
    profile = Profile.model_validate(plan.profile)
    if only_week is None:
        phases = Table(box=box.SIMPLE_HEAD, title="Phases", title_justify="left")
        phases.add_column("phase")
        phases.add_column("from")
        phases.add_column("to")
        phases.add_column("weeks", justify="right")
        for phase in plan.phases:
            weeks = sum(1 for w in plan.weeks if w.phase is phase.name)
            phases.add_row(
                Text(phase.name.value, style=PHASE_STYLE[phase.name.value]),
                str(phase.start),
                str(phase.end),
                str(weeks),
            )
        parts: list[Table | Text] = [_facts(_profile_rows(profile)[:8]), Text(""), phases]
        if plan.warnings:
            parts.append(Text("Notes", style="bold"))
            parts += [Text(f"• {w}") for w in plan.warnings]
        changes = legend.adaptation_texts(plan)
        if changes:
            parts.append(Text(legend.ADAPTATIONS_TITLE, style="bold"))
            parts += [Text(f"• {text}") for text in changes]
        console.print(
            Panel(
                Group(*parts),
                title=f"[bold]Strength plan for {profile.name}[/]",
                title_align="left",
            )
        )
    shown = [w for w in plan.weeks if only_week is None or w.index == only_week]
    if with_cues:
        _legend(plan, shown)
    names = field_test_names() if any(w.retest for w in shown) else {}
    for week in shown:
        title = Text(f"Week {week.index} · {week.phase.value}", style=PHASE_STYLE[week.phase.value])
        if week.deload:
            title.append(" · lighter week", style="dim")
        title.append(f" · from {week.start:%a %d %b %Y}", style="dim")
        console.print(title)
        for day in legend.race_days(week):
            console.print(Text(f"  {legend.race_text(day, plan.profile)}", style="bold magenta"))
        retest = legend.retest_text(week.retest, names)
        if retest:
            console.print(Text(f"  {retest}", style="yellow"))
        if not week.sessions:
            console.print("  No strength session this week.\n")
        for session in week.sessions:
            console.print(_session_table(session, catalog, with_cues, profile.units))
        for routine in week.rehab:
            times = "" if routine.per_day == 1 else f", {routine.per_day} times a day"
            console.print(
                Text(
                    f"Rehab routine, {rehab_days(routine.days)}{times}, about {routine.minutes} min",
                    style="bold",
                )
            )
            for item in routine.items:
                tempo = f", {t}" if (t := legend.tempo_text(item)) else ""
                console.print(
                    f"  • {item.name}: {legend.dose_text(item)}, {load_text(item.load)}{tempo}. [dim]{item.why}[/]"
                )
            console.print()
    console.print(
        Text(
            "runstrong is a training tool, not a medical device. Pain up to 3/10 that settles by "
            "the next morning is fine; above that, go easier; above 5/10, stop and see a professional.",
            style="dim",
        )
    )


def _legend(plan: Plan, weeks: Sequence[Week]) -> None:
    """The plan's words explained: only the terms the weeks shown use."""
    terms = legend.plan_legend(plan, weeks)
    if not terms:
        return
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for term in terms:
        grid.add_row(term.term, term.meaning)
    console.print(
        Panel(
            Group(grid, Text(legend.MORE, style="dim")),
            title=f"[bold]{legend.LEGEND_TITLE}[/]",
            title_align="left",
        )
    )


# Below this width the `why` column would be a few letters wide: each reason goes on its
# own line under its exercise instead, across the whole width.
NARROW = 100


def _session_table(
    session: Session, catalog: Catalog, with_cues: bool, units: Units
) -> Table | Group:
    title = Text(f"{session.date:%a %d %b}: {session.focus}, about {session.minutes} min")
    timing = legend.timing_text(session.timing)
    if timing:
        title.append(f"\n{timing}", style="not bold italic")
    if console.width < NARROW:
        return _session_list(session, catalog, with_cues, title)
    table = Table(
        box=box.SIMPLE,
        title=title,
        title_justify="left",
        title_style="bold",
        caption=legend.pair_note(session),
        caption_justify="left",
        caption_style="italic",
        show_edge=False,
        pad_edge=False,
    )
    table.add_column("block", style="dim")
    table.add_column("exercise")
    table.add_column("dose")
    table.add_column("load")
    table.add_column("rest", justify="right")
    table.add_column("why" if not with_cues else "why and how", ratio=1)
    for row in legend.rows(session):
        item = row.item
        table.add_row(
            row.block.value,
            _name(row),
            _dose_cell(item),
            load_text(item.load),
            f"{item.rest_seconds} s" if item.rest_seconds else "",
            _notes(item, catalog, with_cues),
        )
    return table


def _session_list(session: Session, catalog: Catalog, with_cues: bool, title: Text) -> Group:
    """A session for a narrow terminal: each exercise's numbers on its lines, then its
    reason folded under it across the whole width, ids never cut."""
    title.stylize("bold")
    parts: list[Text | Table | Padding] = [title]
    for row in legend.rows(session):
        item = row.item
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(overflow="fold")
        grid.add_column(overflow="fold")
        rest = f", rest {item.rest_seconds} s" if item.rest_seconds else ""
        grid.add_row(
            row.block.value, _name(row), f"{_dose_cell(item)}\n{load_text(item.load)}{rest}"
        )
        parts.append(grid)
        parts.append(Padding(_notes(item, catalog, with_cues), (0, 0, 0, 2)))
    caption = legend.pair_note(session)
    if caption:
        parts.append(Text(caption, style="italic"))
    parts.append(Text(""))
    return Group(*parts)


def _name(row: legend.Row) -> Text:
    item = row.item
    name = Text(f"{row.label} ", style="bold") if row.label else Text()
    name.append(item.name, style=LEVEL_STYLE[item.level.value])
    name.append(f"\n{item.exercise}", style="dim")
    return name


def _dose_cell(item: Item) -> str:
    dose = amount_text(item)
    tempo = legend.tempo_text(item)
    if tempo:
        dose += f"\n{tempo}"
    if item.contacts:
        dose += f"\n{item.contacts} foot contacts"
    ramp = legend.ramp_text(item)
    if ramp:
        dose += f"\n{ramp}"
    return dose


def _notes(item: Item, catalog: Catalog, with_cues: bool) -> Text:
    notes = Text(item.why)
    if with_cues:
        for cue in catalog.exercise(item.exercise).cues:
            notes.append(f"\n• {cue}", style="italic")
    return notes
