"""A printable plan: the shared HTML templates, printed to PDF by WeasyPrint.

A pure function from a plan to bytes (WeasyPrint writes in memory), so the web app can
serve the same file. The cover page has the runner, the phases and the notes; then one
page a week with a card per session and its rehab routines.
"""

from __future__ import annotations

from runstrong.domain.athlete import Profile, distance
from runstrong.domain.catalog import Catalog
from runstrong.domain.plan import Plan


def html(plan: Plan, catalog: Catalog) -> str:
    from runstrong.templates import environment

    profile = Profile.model_validate(plan.profile)
    goal = profile.goal
    race = "no race: a rolling plan" if goal.date is None else (
        f"{goal.event.value.replace('_', ' ')} on {goal.date} ({goal.priority.value} race)"
    )  # fmt: skip
    cues = {
        e.exercise: catalog.exercise(e.exercise).cues[0] for s in plan.sessions() for e in s.items()
    }
    template = environment().get_template("plan.html")
    return template.render(
        plan=plan,
        profile=profile,
        goal=race,
        distance=distance(profile.running.km, profile.units),
        cues=cues,
    )


def render(plan: Plan, catalog: Catalog) -> bytes:
    from weasyprint import HTML

    data: bytes = HTML(string=html(plan, catalog)).write_pdf()
    return data
