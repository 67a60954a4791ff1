"""A printable plan: the shared HTML templates, printed to PDF by WeasyPrint.

A pure function from a plan to bytes (WeasyPrint writes in memory), so the web app can
serve the same file. The cover page has the runner, the phases, the notes, what the plan
changes for the runner and the legend of its terms; then one page a week with its race and
retest lines, a card per session and its rehab routines.

The plan is printed a few weeks at a time, each part a PDF of its own, and the parts are
joined with pypdf. WeasyPrint keeps every laid-out page in memory until it writes the
file (for a year's plan, over 400 MB); a part's pages are let go once it is written. Each
week starts a page, so the parts break where the whole would. The page numbers ("page 3 of
75") need the count of all pages, known only at the end: the parts are printed without
them, and a document of the numbers alone is printed over them.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from runstrong.domain import legend
from runstrong.domain.athlete import Profile, distance
from runstrong.domain.catalog import Catalog
from runstrong.domain.plan import Plan

if TYPE_CHECKING:
    from jinja2 import Template

# A part of 4 weeks is about 16 pages. Larger parts were measured no faster (a 52-week plan
# in parts of 4, 8 or 13 weeks printed in the same time) and hold more in memory (peaks of
# 126, 155 and 192 MB).
WEEKS_PER_PART = 4

# Told (weeks printed, weeks in all) after each part, for a progress bar.
Progress = Callable[[int, int], None]

# The parts are printed without the page-number footer of style.css, which is printed
# over them afterwards; !important because a user stylesheet yields to the author's.
_NO_PAGE_NUMBERS = "@page { @bottom-center { content: none !important } }"


def html(plan: Plan, catalog: Catalog, test_names: Mapping[str, str] | None = None) -> str:
    """The printable plan as HTML; `test_names` names the field tests of the retest lines."""
    from runstrong.templates import environment

    page = environment().get_template("plan.html")
    context = _context(plan, catalog, test_names)
    return page.render(**context, weeks=plan.weeks, cover=True, masthead=True, disclaimer=True)


def _context(plan: Plan, catalog: Catalog, test_names: Mapping[str, str] | None) -> dict[str, Any]:
    """What every part of the printed plan is rendered from."""
    profile = Profile.model_validate(plan.profile)
    goal = profile.goal
    race = "no race: a rolling plan" if goal.date is None else (
        f"{goal.event.value.replace('_', ' ')} on {goal.date} ({goal.priority.value} race)"
    )  # fmt: skip
    cues = {
        e.exercise: catalog.exercise(e.exercise).cues[0] for s in plan.sessions() for e in s.items()
    }
    return {
        "plan": plan,
        "profile": profile,
        "goal": race,
        "distance": distance(profile.running.km, profile.units),
        "cues": cues,
        "changes": legend.adaptation_texts(plan),
        "terms": legend.plan_legend(plan),
        "more": legend.MORE,
        "legend_title": legend.LEGEND_TITLE,
        "changes_title": legend.ADAPTATIONS_TITLE,
        "retests": {w.index: legend.retest_text(w.retest, test_names) for w in plan.weeks},
        "races": {
            w.index: [legend.race_text(day, plan.profile) for day in legend.race_days(w)]
            for w in plan.weeks
        },
    }


def _parts(plan: Plan, page: Template, context: Mapping[str, Any]) -> Iterator[tuple[str, int]]:
    """The plan's HTML in parts, each with the number of weeks it holds: the cover (with
    the masthead), then the weeks a few at a time (the last with the disclaimer)."""
    yield page.render(**context, weeks=[], cover=True, masthead=True, disclaimer=not plan.weeks), 0
    for start in range(0, len(plan.weeks), WEEKS_PER_PART):
        weeks = plan.weeks[start : start + WEEKS_PER_PART]
        last = start + WEEKS_PER_PART >= len(plan.weeks)
        part = page.render(**context, weeks=weeks, cover=False, masthead=False, disclaimer=last)
        yield part, len(weeks)


@contextmanager
def _collector_set_aside() -> Iterator[None]:
    """Python's cycle collector kept from walking, again and again, objects that live on.

    Printing a part builds some hundred thousand objects that all live until the part is
    written, and the collector would walk them, and everything alive before (the modules,
    the catalog, the plan), many times over for nothing. So what lives before printing is
    set aside (frozen) until the end, the collector is off while a part prints, and runs
    once after each part, over that part's leftovers only. Together a year's plan prints
    in two thirds of the time.
    """
    if gc.get_freeze_count():  # the program froze objects itself (a server may): leave them
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The collector off while a part prints (see `_collector_set_aside`), then run once."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
    gc.collect()


def render(
    plan: Plan,
    catalog: Catalog,
    test_names: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The printable plan as PDF bytes; `progress` is told how far it has got."""
    from pypdf import PdfReader, PdfWriter
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from runstrong.templates import environment

    templates = environment()
    context = _context(plan, catalog, test_names)
    # one set of fonts for all the parts: each part would load its own
    fonts = FontConfiguration()
    no_numbers = CSS(string=_NO_PAGE_NUMBERS, font_config=fonts)
    joined = PdfWriter()
    done = 0
    with _collector_set_aside():
        parts = _parts(plan, templates.get_template("plan.html"), context)
        for index, (part, weeks) in enumerate(parts):
            with _collector_paused():
                data = HTML(string=part).write_pdf(stylesheets=[no_numbers], font_config=fonts)
            printed = PdfReader(io.BytesIO(data))
            if index == 0 and printed.metadata:
                joined.add_metadata(printed.metadata)  # the title, from the cover
            for page in printed.pages:
                joined.add_page(page)
            done += weeks
            if progress is not None:
                progress(done, len(plan.weeks))
        numbers = templates.get_template("page-numbers.html").render(pages=len(joined.pages))
        with _collector_paused():
            printed = PdfReader(io.BytesIO(HTML(string=numbers).write_pdf(font_config=fonts)))
        for page, number in zip(joined.pages, printed.pages, strict=True):
            page.merge_page(number)
            page.compress_content_streams()  # merging leaves the page's drawing uncompressed
        out = io.BytesIO()
        joined.write(out)
    return out.getvalue()
