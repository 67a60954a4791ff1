"""A printable plan: the shared HTML templates, printed to PDF by WeasyPrint.

A pure function from a plan to bytes (WeasyPrint writes in memory), so the web app can
serve the same file. The cover page has the runner, the phases, the notes, what the plan
changes for the runner and the legend of its terms; then one page a week with its race and
retest lines, a card per session and its rehab routines.
"""

from __future__ import annotations

from collections.abc import Mapping

from runstrong.domain import legend
from runstrong.domain.athlete import Profile, distance
from runstrong.domain.catalog import Catalog
from runstrong.domain.plan import Plan


def html(plan: Plan, catalog: Catalog, test_names: Mapping[str, str] | None = None) -> str:
    """The printable plan as HTML; `test_names` names the field tests of the retest lines."""
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
        changes=legend.adaptation_texts(plan),
        terms=legend.plan_legend(plan),
        more=legend.MORE,
        legend_title=legend.LEGEND_TITLE,
        changes_title=legend.ADAPTATIONS_TITLE,
        retests={w.index: legend.retest_text(w.retest, test_names) for w in plan.weeks},
        races={
            w.index: [legend.race_text(day, plan.profile) for day in legend.race_days(w)]
            for w in plan.weeks
        },
    )


def render(plan: Plan, catalog: Catalog, test_names: Mapping[str, str] | None = None) -> bytes:
    from weasyprint import HTML

    data: bytes = HTML(string=html(plan, catalog, test_names)).write_pdf()
    return data
