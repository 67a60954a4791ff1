"""Rich rendering of library and guide views for the terminal.

Every command prints through `console`, so this module loads only that at first: tables,
panels and the library's types come in with the views that draw them, and `runstrong
today` does not wait for them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

if TYPE_CHECKING:
    import re
    from collections.abc import Sequence

    from runstrong.domain.catalog import Catalog
    from runstrong.domain.exercises import Exercise
    from runstrong.domain.guides import Guide
    from runstrong.services.library import ExerciseDetail

console = Console()
err_console = Console(stderr=True)

NARROW_TABLE = 100  # columns; narrower terminals get fewer columns, never cut ids

LEVEL_STYLE = {
    "basics": "green",
    "foundational": "cyan",
    "intermediate": "yellow",
    "advanced": "red",
}


@contextmanager
def paged(enabled: bool = True) -> Iterator[None]:
    """Long output through the pager ($PAGER, else less) when it goes to a terminal.

    `less -FRX` quits at once when the text fits on one screen and keeps the colours, so a
    short answer reads as if no pager were there. Pipes and files are never paged.
    """
    # A pager needs a person at a terminal on both ends (pydoc's own test, kept here so a
    # piped-in answer never waits on a pager nobody sees).
    interactive = console.is_terminal and sys.stdin.isatty()
    if not enabled or not interactive or os.environ.get("TERM") in ("dumb", "emacs"):
        yield
        return
    os.environ.setdefault("LESS", "-FRX")
    with console.pager(styles=True):
        yield


def error(message: str) -> None:
    # One line whatever the width of the terminal: programs read it, people copy it.
    err_console.print(Text("error: ", style="bold red") + Text(message), soft_wrap=True)


def _level(exercise: Exercise) -> Text:
    return Text(exercise.level.value, style=LEVEL_STYLE[exercise.level.value])


def _dose(exercise: Exercise) -> str:
    from runstrong.domain.legend import tempo_phrase

    dose = exercise.dose
    low, high = dose.reps or dose.seconds or (0, 0)
    unit = "reps" if dose.reps else "s"
    text = f"{low}-{high} {unit}" if low != high else f"{low} {unit}"
    if dose.per_side:
        text += " per side"
    tempo = tempo_phrase(dose.tempo, dose.hold_top)
    if tempo:
        text += f", {tempo}"
    if dose.contacts_per_rep:
        text += f", {dose.contacts_per_rep} contact(s) per rep"
    return text


def _video(exercise: Exercise) -> str:
    from runstrong.domain import media

    if exercise.video is None:
        return "none known yet"
    if exercise.video_start is None:
        return exercise.video
    link = media.at(exercise.video, exercise.video_start)
    return f"{link} (from {media.clock(exercise.video_start)})"


def _equipment(exercise: Exercise) -> str:
    return ", ".join(exercise.equipment) or "body weight"


def exercise_table(exercises: Sequence[Exercise]) -> None:
    from rich import box
    from rich.table import Table

    if not exercises:
        console.print("No exercise matches those filters.")
        return
    # Ids are what the other commands take, so they are never cut: on a narrow terminal the
    # table keeps the id, the name and the level, and says where the rest is.
    narrow = console.width < NARROW_TABLE
    table = Table(box=box.SIMPLE_HEAD, title=f"{len(exercises)} exercises", title_justify="left")
    if narrow:
        table.add_column("id and name", overflow="fold")
        table.add_column("level", no_wrap=True)
    else:
        table.add_column("id", style="bold", no_wrap=True)
        table.add_column("name")
        table.add_column("level")
        table.add_column("pattern")
        table.add_column("blocks")
        table.add_column("equipment")
    for e in exercises:
        if narrow:
            table.add_row(Text(e.id, style="bold") + Text(f"\n{e.name}", style="dim"), _level(e))
        else:
            table.add_row(
                e.id, e.name, _level(e), e.pattern.value, ", ".join(e.blocks), _equipment(e)
            )
    console.print(table)
    if narrow:
        console.print(
            Text(
                "Pattern, blocks and equipment: runstrong exercise ID, or a wider window.",
                style="dim",
            )
        )


def exercise_detail(detail: ExerciseDetail) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table

    e = detail.exercise
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    facts.add_row("level", _level(e))
    facts.add_row("pattern", e.pattern.value.replace("_", " "))
    facts.add_row("blocks", ", ".join(e.blocks))
    facts.add_row("equipment", _equipment(e))
    facts.add_row("muscles", ", ".join(m.value.replace("_", " ") for m in e.muscles))
    facts.add_row("usual dose", _dose(e))
    if e.targets:
        facts.add_row("helps with", ", ".join(t.replace("_", " ") for t in e.targets))
    if e.avoid_with:
        facts.add_row("skip while you have", ", ".join(a.replace("_", " ") for a in e.avoid_with))
    facts.add_row("video", _video(e))

    cues = Text()
    for number, cue in enumerate(e.cues, start=1):
        cues.append(f"{number}. ", style="bold")
        cues.append(cue + "\n")

    ladder = Text()
    for position, rung in enumerate(detail.ladder):
        if position:
            ladder.append("  →  ", style="dim")
        style = "bold reverse" if rung.id == e.id else LEVEL_STYLE[rung.level.value]
        ladder.append(rung.id, style=style)
    parts: list[Text | Table] = [Text(e.summary + "\n"), facts, Text("\nCues", style="bold"), cues]
    parts += [Text("Ladder (easier → harder)", style="bold"), ladder]
    for label, ids in (("\nEasier: ", e.regressions), ("\nHarder: ", e.progressions)):
        if ids:
            parts.append(Text(label, style="bold") + Text(", ".join(ids)))
    if detail.substitutes:
        parts.append(
            Text("\nAt home instead: ", style="bold")
            + Text(", ".join(s.id for s in detail.substitutes))
        )
    if detail.substitute_for:
        parts.append(
            Text("\nHome option for: ", style="bold")
            + Text(", ".join(s.id for s in detail.substitute_for))
        )
    if detail.guides:
        parts.append(
            Text("\nGuides: ", style="bold")
            + Text(", ".join(f"{g.id} ({g.title})" for g in detail.guides))
        )
    console.print(
        Panel(Group(*parts), title=f"[bold]{e.name}[/] [dim]({e.id})[/]", title_align="left")
    )


def guide_table(guides: Sequence[Guide]) -> None:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, title=f"{len(guides)} guides", title_justify="left")
    table.add_column("id", style="bold", no_wrap=True)
    table.add_column("title")
    table.add_column("summary")
    for g in guides:
        table.add_row(g.id, g.title, g.summary)
    console.print(table)
    console.print("Read one with: runstrong guide ID")


def _terminal_links(body: str) -> str:
    """Turn internal links into something a terminal reader can follow up."""

    def replace(match: re.Match[str]) -> str:
        text, kind, target = match.groups()
        return f"**{text}** (`runstrong {kind} {target}`)"

    from runstrong.domain.guides import LINK

    return LINK.sub(replace, body)


def guide(found: Guide, catalog: Catalog) -> None:
    # Imported here: markdown-it and rich.markdown take a fifth of the start-up of every
    # other command (`runstrong plan` among them), and only guides need them.
    from rich.markdown import Markdown
    from rich.panel import Panel

    console.print(Panel(Text(found.summary), title=f"[bold]{found.title}[/]", title_align="left"))
    console.print(Markdown(_terminal_links(found.body)))
    if found.exercises:
        names = ", ".join(f"{catalog.exercise(i).name} ({i})" for i in found.exercises)
        console.print(Text("\nExercises in this guide: ", style="bold") + Text(names))
    if found.related:
        console.print(Text("Related guides: ", style="bold") + Text(", ".join(found.related)))
    if found.sources:
        console.print(Text("Sources: ", style="bold") + Text("; ".join(found.sources), style="dim"))
