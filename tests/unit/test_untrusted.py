"""Text from outside is stored and printed without escapes, controls or injected lines."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from runstrong.domain.athlete import Profile
from runstrong.domain.training_log import SessionLog
from runstrong.domain.untrusted import plain
from runstrong.library import load_catalog
from runstrong.services.planning import make_plan, plan_markdown

EXAMPLE = Path(__file__).resolve().parents[2] / "src/runstrong/examples/novice-5k-home.json"


def test_escapes_controls_and_direction_overrides_go() -> None:
    assert plain("Sam\x1b[31m red\x1b[0m\x07") == "Sam red"
    assert plain("\x1b]0;owned\x07Sam") == "Sam"
    assert plain("Sam\u202eevil") == "Samevil"
    assert plain("Sam\n# Week 1\r\nX") == "Sam # Week 1 X"
    assert plain("line one\r\nline two\x00", one_line=False) == "line one\nline two"


def test_a_name_cannot_start_a_heading_in_the_plan() -> None:
    data = json.loads(EXAMPLE.read_text())
    data["name"] = "Sam\n\n## Week 1: nothing to do\x1b[2J"
    profile = Profile.model_validate(data)
    assert profile.name == "Sam ## Week 1: nothing to do"
    text = plan_markdown(make_plan(profile, load_catalog()), load_catalog())
    headings = [line for line in text.splitlines() if line.startswith("## Week 1:")]
    assert len(headings) == 1 and "nothing to do" not in headings[0]
    assert "\x1b" not in text


def test_a_log_keeps_its_note_lines_but_no_escapes() -> None:
    log = SessionLog.model_validate(
        {
            "id": "s1\n\x1b[1m",
            "date": dt.date(2027, 1, 5).isoformat(),
            "items": [{"exercise": "plank", "sets": [{"seconds": 30}]}],
            "note": "felt good\nknee fine\x1b[31m",
        }
    )
    assert log.id == "s1" and log.note == "felt good\nknee fine"
