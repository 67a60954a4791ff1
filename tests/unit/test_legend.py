"""The legend and the texts for the plan's newer fields, and how the Markdown plan and the
terminal show them."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from rich.console import Console

from runstrong.domain import legend
from runstrong.domain.plan import ExtraSets, Plan
from runstrong.entrypoints import render_plan
from runstrong.library import load_catalog
from runstrong.library.load import load_field_tests
from runstrong.services.planning import field_test_names, plan_markdown
from tests.unit.featured import (
    ADAPTATION_TEXT,
    NOTE,
    RACE_DAY,
    TIMING,
    featured_plan,
    item,
    plain_plan,
    race_week,
)

CATALOG = load_catalog()
FEATURED = featured_plan(CATALOG)


def keys(plan: Plan) -> list[str]:
    return [t.key for t in legend.plan_legend(plan)]


# -- the legend -----------------------------------------------------------------------------


def test_a_plain_plan_explains_only_body_weight() -> None:
    assert keys(plain_plan()) == ["bodyweight"]


@pytest.mark.parametrize(
    ("key", "fields"),
    [
        ("rpe", {"load": {"rpe": 7}}),
        ("rm", {"load": {"rm": 10}}),
        ("percent_1rm", {"load": {"percent_1rm": 80}}),
        ("tempo", {"tempo": "3-1-1"}),
        ("per_side", {"per_side": True}),
        ("extra_sets", {"extra_sets": ExtraSets(left=2)}),
        ("contacts", {"contacts": 40}),
        ("pair", {"pair": "A"}),
        ("warmup_sets", {"warmup_sets": 3}),
    ],
)
def test_a_term_is_explained_exactly_when_an_item_uses_it(
    key: str, fields: dict[str, object]
) -> None:
    without = plain_plan(item(), item("split-squat", "Split squat"))
    assert key not in keys(without)
    using = plain_plan(item(), item("split-squat", "Split squat", **fields))
    assert key in keys(using)
    text = plan_markdown(using, CATALOG)
    term = next(t for t in legend.TERMS if t.key == key)
    assert f"- **{term.term}**: {term.meaning}" in text
    assert f"**{term.term}**" not in plan_markdown(without, CATALOG)


def uses_percent(plan: Plan) -> bool:
    return any("percent_1rm" in i.load for i in legend.week_items(plan.weeks))


def test_no_percent_entry_without_percent_loads_and_pairs_only_with_pairs() -> None:
    used = keys(FEATURED)
    assert ("percent_1rm" in used) == uses_percent(FEATURED)
    assert {"rpe", "rm", "pair", "warmup_sets"} <= set(used)
    assert "pair" not in keys(replace(FEATURED, weeks=FEATURED.weeks[1:]))


def test_the_legend_keeps_its_own_order_and_every_term_has_a_use() -> None:
    assert len({t.key for t in legend.TERMS}) == len(legend.TERMS)
    assert set(legend._USES) == {t.key for t in legend.TERMS}
    assert keys(FEATURED) == [t.key for t in legend.TERMS if t.key in keys(FEATURED)]


def test_the_guide_explains_every_term_of_the_legend() -> None:
    guide = CATALOG.guide(legend.GUIDE)
    body = guide.body
    said = {
        "rpe": "reps in reserve", "rm": "10RM", "percent_1rm": "1 + reps / 30",
        "bodyweight": "Body weight", "tempo": "3-1-1", "per_side": "Each side",
        "extra_sets": "+2 on the left", "contacts": "foot contacts", "pair": "A1",
        "warmup_sets": "ramp-up sets",
    }  # fmt: skip
    assert set(said) == {t.key for t in legend.TERMS}
    for key, words in said.items():
        assert words in body, key
    assert "novice" in body.lower() or "new to lifting" in body
    assert "50%" in body and "70%" in body and "85%" in body


# -- item, session and week texts ----------------------------------------------------------


def test_pairs_are_labelled_in_order_by_letter() -> None:
    items = [item(pair="A"), item(), item(pair="B"), item(pair="A"), item(pair="B")]
    assert legend.pair_labels(items) == ("A1", None, "B1", "A2", "B2")
    session = plain_plan(*items).weeks[0].sessions[0]
    assert legend.pair_groups(session) == [["A1", "A2"], ["B1", "B2"]]
    note = legend.pair_note(session)
    assert note is not None and note.startswith("Pairs (A1 + A2; B1 + B2): do one set of each")
    rows = legend.rows(session)
    assert legend.alternate_with(session, rows[0]) == "A1: alternate with A2"
    assert legend.alternate_with(session, rows[1]) is None
    assert legend.pair_note(plain_plan().weeks[0].sessions[0]) is None


def test_ramp_up_sets_go_in_the_dose() -> None:
    assert legend.dose_text(item(warmup_sets=3)) == "2 x 10 reps, after 3 ramp-up sets"
    assert legend.dose_text(item(warmup_sets=1), "×") == "2 × 10 reps, after 1 ramp-up set"
    assert legend.dose_text(item(contacts=40)) == "2 x 10 reps, 40 foot contacts"
    assert legend.dose_text(item()) == "2 x 10 reps"


def test_a_hold_at_the_top_is_said_after_the_three_digit_tempo() -> None:
    held = item(tempo="2-0-1", hold_top=1)
    assert legend.tempo_text(held) == "tempo 2-0-1, hold 1 s at the top"
    assert legend.tempo_text(item(tempo="3-1-1")) == "tempo 3-1-1"
    assert legend.tempo_text(item(hold_top=2)) == "hold 2 s at the top"
    assert legend.tempo_text(item()) is None
    assert "tempo" in keys(plain_plan(item(hold_top=2)))
    text = plan_markdown(plain_plan(held), CATALOG)
    assert "tempo 2-0-1, hold 1 s at the top" in text


def test_timing_reads_as_a_sentence() -> None:
    assert legend.timing_text(TIMING) == f"When: {TIMING}."
    assert legend.timing_text("before noon.") == "When: before noon."
    assert legend.timing_text(None) is None and legend.timing_text(" ") is None


def test_retests_use_the_field_tests_names() -> None:
    names = field_test_names()
    assert set(names) == {t.id for t in load_field_tests()}
    assert legend.retest_text(("single_leg_calf_raise_reps",), names) == (
        "Retest this week: single-leg calf raise to failure (runstrong assess walks you through them)."
    )
    two = legend.retest_text(("single_leg_calf_raise_reps", "side_plank_seconds"), names)
    assert two is not None and "single-leg calf raise to failure and side plank hold" in two
    assert legend.retest_text((), names) is None
    # without the names, the ids still read as words
    assert "single-leg bridge" in (legend.retest_text(("single_leg_bridge_reps",)) or "")


def test_race_days_come_from_the_running_week() -> None:
    race_weeks = [w for w in FEATURED.weeks if legend.race_days(w)]
    assert [legend.race_days(w) for w in race_weeks] == [(RACE_DAY,)]
    assert legend.race_text(RACE_DAY, FEATURED.profile) == "Race day: Sunday 11 April (10k, B race)"
    assert legend.race_title(RACE_DAY, FEATURED.profile) == "Race day: 10k, B race"
    assert legend.race_text(RACE_DAY, {}) == "Race day: Sunday 11 April"
    season = {"races": [{"event": "half_marathon", "date": "2027-04-11", "priority": "A"}]}
    assert legend.race_event(RACE_DAY, season) == "half marathon, A race"


# -- the Markdown plan ----------------------------------------------------------------------


def section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start : end if end >= 0 else len(text)]


def test_markdown_shows_every_new_field() -> None:
    text = plan_markdown(FEATURED, CATALOG)
    assert "## Notes" in text and NOTE in text  # both lists are shown
    changes = section(text, "## What your plan changes for you")
    assert f"- {ADAPTATION_TEXT}" in changes
    assert (
        text.index("## Notes") < text.index("## What your plan changes") < text.index("## Week 1")
    )
    key = section(text, "## How to read this plan")
    assert "**A1, A2**" in key and "**Ramp-up sets**" in key and "**RM**" in key
    assert ("**% 1RM**" in key) == uses_percent(FEATURED)
    assert "runstrong guide reading-your-plan" in key

    week1 = section(text, "## Week 1:")
    assert "Retest this week: single-leg calf raise to failure and side plank hold" in week1
    heading = next(line for line in week1.splitlines() if line.startswith("### "))
    assert week1.split(heading, 1)[1].lstrip("\n").startswith(f"*When: {TIMING}.*")
    squat = next(line for line in week1.splitlines() if "**Goblet squat**" in line)
    assert squat.startswith("- *strength*: A1 **Goblet squat**")
    assert "after 3 ramp-up sets" in squat
    assert "- *core*: A2 **Dead bug**: 3 x 8 reps each side" in week1
    assert "*Pairs (A1 + A2): do one set of each in turn, then rest" in week1
    assert week1.count("When:") == 1  # the second session has no timing

    race = section(text, f"## Week {race_week(FEATURED)}:")
    assert "**Race day: Sunday 11 April (10k, B race)**" in race
    assert text.count("Race day:") == 1


def test_markdown_leaves_out_what_a_plan_does_not_have() -> None:
    text = plan_markdown(plain_plan(), CATALOG)
    for absent in (
        "What your plan changes", "Retest this week", "Race day", "When:", "Pairs (",
        "ramp-up", "A1", "% 1RM", "RPE", "## Notes",
    ):  # fmt: skip
        assert absent not in text, absent
    assert "## How to read this plan" in text and "**Body weight**" in text


# -- the terminal ---------------------------------------------------------------------------


def terminal(monkeypatch: pytest.MonkeyPatch, plan: Plan, **options: object) -> str:
    out = io.StringIO()
    monkeypatch.setattr(render_plan, "console", Console(file=out, width=220, color_system=None))
    render_plan.plan(plan, CATALOG, **options)  # type: ignore[arg-type]
    return re.sub(r"[ \t]+", " ", out.getvalue())


def test_the_terminal_plan_shows_every_new_field(monkeypatch: pytest.MonkeyPatch) -> None:
    out = terminal(monkeypatch, FEATURED)
    assert "How to read this plan" not in out  # the legend comes with --cues
    assert "What your plan changes for you" in out and ADAPTATION_TEXT in out
    assert NOTE in out
    assert f"When: {TIMING}." in out
    assert "A1 Goblet squat" in out and "A2 Dead bug" in out
    assert "after 3 ramp-up sets" in out
    assert "Pairs (A1 + A2): do one set of each in turn" in out
    assert "Retest this week: single-leg calf raise to failure and side plank hold" in out
    assert "Race day: Sunday 11 April (10k, B race)" in out


def test_cues_bring_the_legend_of_the_weeks_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    out = terminal(monkeypatch, FEATURED, with_cues=True)
    assert "How to read this plan" in out
    assert "A1, A2 a pair, or superset" in out and "Ramp-up sets lighter sets" in out
    assert ("% 1RM a share" in out) == uses_percent(FEATURED)
    later = terminal(monkeypatch, FEATURED, with_cues=True, only_week=2)
    assert "How to read this plan" in later and "A1, A2" not in later  # week 2 has no pairs
    plain = terminal(monkeypatch, plain_plan(), with_cues=True)
    assert "Body weight no added load" in plain and "RPE" not in plain and "Tempo" not in plain
