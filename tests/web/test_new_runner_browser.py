"""A new runner's whole path in a real browser, on a phone and on a desktop screen: the
start form, the plan, a guided session with the rest timer, the log, progress and the
next prescription. Also the library's filters, a start form sent with a wrong answer,
and an accessibility pass (axe) on the pages test_browser.py leaves out.

Screenshots go to tests/web/screenshots/ (ignored by git), as in test_browser.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from runstrong.entrypoints.web.profile_form import next_monday
from tests.web.conftest import TODAY, LiveServer, NewRunnerServer
from tests.web.test_browser import _axe_problems, _next_with, _set_title, _shot, _title, _watch

pytestmark = pytest.mark.e2e

SCREENS: dict[str, dict[str, Any]] = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
LOAD_KG = 16  # what the runner lifts in the session
# What Chromium logs of a form sent back with its errors (422): the answer, not a fault.
REFUSED = (
    "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"
)
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


@pytest.fixture
def open_screen(browser: Any) -> Iterator[Callable[..., Any]]:
    """Opens browser contexts of a screen's size, closed after the test; each fails fast
    when something is missing, as the phone fixture does."""
    opened: list[Any] = []

    def new(screen: str, **options: Any) -> Any:
        made = browser.new_context(**SCREENS[screen], **options)
        made.set_default_timeout(5_000)
        opened.append(made)
        return made

    yield new
    for made in opened:
        made.close()


def _fill_start_form(page: Any, race_date: dt.date) -> None:
    """The five steps, answered as a person would: by their labels."""
    page.get_by_label("Your name").fill("Ana")
    page.get_by_label("Strength training so far").select_option("intermediate")
    running = page.get_by_role("group", name="The days you run")
    for day in ("Tue", "Thu", "Sat", "Sun"):
        running.get_by_label(day).check()
    page.get_by_label("Which of them is your long run?").select_option("sun")
    page.get_by_role("group", name=re.compile("^Which are hard sessions")).get_by_label(
        "Thu"
    ).check()
    page.get_by_label("How far you run in a usual week").fill("35 km")
    page.get_by_label("What are you training for?").fill("10k")
    page.get_by_label("Race date").fill(race_date.isoformat())
    page.get_by_label("Strength sessions a week you can do").fill("2")
    page.get_by_label("Minutes a session").fill("45 min")
    page.get_by_label("Equipment").fill("gym")
    page.get_by_label("Injury 1: where").fill("achilles")
    page.get_by_label("Side").first.select_option("left")
    page.get_by_label("How it is now").first.select_option("past")


def _adherence(page: Any) -> tuple[str, dict[str, tuple[str, str]]]:
    """The progress page's sessions chart: its caption, and its table by week."""
    chart = page.locator(
        "section", has=page.get_by_role("heading", name=re.compile("^Sessions planned"))
    )
    chart.get_by_text("The numbers").click()  # the table of the chart's numbers opens
    rows = {}
    for row in chart.locator("tbody tr").all():
        week, planned, logged = (cell.inner_text() for cell in row.locator("th, td").all())
        rows[week] = (planned, logged)
    return chart.locator("figcaption").inner_text(), rows


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_a_new_runner_from_the_start_form_to_the_next_prescription(
    new_runner_server: NewRunnerServer, open_screen: Callable[..., Any], screen: str
) -> None:
    live = new_runner_server
    page = open_screen(screen).new_page()
    errors = _watch(page)
    page.clock.install()

    # The first visit: no runner yet, so the app asks for one.
    page.goto(live.url + "/")
    assert urlsplit(page.url).path == "/start"
    steps = page.locator("form.profile-form > fieldset.step > legend").all_inner_texts()
    assert steps[:5] == [
        "Step 1 of 5: you",
        "Step 2 of 5: your running week",
        "Step 3 of 5: your race",
        "Step 4 of 5: your time and kit",
        "Step 5 of 5: injuries, now or in the past",
    ]
    start = next_monday(TODAY)  # a new runner's plan starts on the Monday coming
    _fill_start_form(page, start + dt.timedelta(weeks=12))
    _shot(page, f"new-start-filled-{screen}")
    with page.expect_navigation(url="**/plan"):
        page.get_by_role("button", name="Make my plan").click()

    # The plan: its weeks, from the Monday coming, as the server stored them.
    status, plan = live.api("GET", "/api/v1/plan")
    assert status == 200, plan
    assert plan["weeks"][0]["start"] == start.isoformat()
    status, stored = live.api("GET", "/api/v1/profile")
    assert status == 200, stored
    assert stored["profile"]["name"] == "Ana" and stored["profile"]["equipment"] == ["gym"]
    week = {d: kind for d, kind in stored["profile"]["running"]["week"].items() if kind != "rest"}
    assert week == {"tue": "easy", "thu": "quality", "sat": "easy", "sun": "long"}
    injuries = [(i["area"], i["side"], i["status"]) for i in stored["profile"]["injuries"]]
    assert injuries == [("achilles", "left", "past")]
    assert page.get_by_role("heading", name="Your plan", level=1).is_visible()
    weeks = page.get_by_role("heading", name=re.compile(r"^Week \d+"), level=2)
    assert weeks.count() == len(plan["weeks"]) >= 4
    first_week = page.locator("section.card").first
    assert f"From {start:%A %d %B}" in first_week.inner_text()
    links = first_week.locator('a[href^="/today?date="]')
    assert links.count() == len(plan["weeks"][0]["sessions"]) >= 1
    day = parse_qs(urlsplit(links.first.get_attribute("href")).query)["date"][0]
    assert day == plan["weeks"][0]["sessions"][0]["date"]
    _shot(page, f"new-plan-{screen}")

    # Before the plan starts, today says when the first session is.
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Today").click()
    first = f"{dt.date.fromisoformat(day):%A %d %B}"
    assert f"No strength session today. The next one is on {first}." in page.inner_text("main")

    # The runner comes back on the day of the first session.
    live.clock.today = dt.date.fromisoformat(day)
    page.clock.set_system_time(dt.datetime.fromisoformat(f"{day}T18:00:00"))
    nav.get_by_role("link", name="Progress").click()
    caption_before, rows_before = _adherence(page)
    week_row = f"week of {start:%d %b}"
    planned, logged = rows_before[week_row]
    # Planned so far: the sessions due up to today, the first one.
    assert (planned, logged) == ("1", "0")

    nav.get_by_role("link", name="Today").click()
    assert page.get_by_role("heading", level=1).inner_text() == f"{live.clock.today:%A %d %B}"
    status, due = live.api("GET", f"/api/v1/today?date={day}")
    assert status == 200 and due["session"]["date"] == day, due
    # The first coached exercise with a load to choose: the one the runner logs.
    item = next(
        i
        for b in due["session"]["blocks"]
        if b["kind"] in {"strength", "accessory"}
        for i in b["items"]
        if i["reps"] is not None and not i["load"].get("bodyweight")
    )
    _later, next_before = _next_with(live, day, item["exercise"])
    with page.expect_navigation(url=f"**/session/{day}"):
        page.get_by_role("link", name="Start the guided session").click()
    page.get_by_role("button", name="Start without the warm-up").click()
    for _ in range(20):
        if _title(page) == item["name"]:
            break
        page.get_by_role("button", name="Skip this exercise").click()
    assert _title(page) == item["name"]
    done = page.get_by_role("button", name="Done", exact=True)
    timer = page.locator("#rest-timer")
    rest = item["rest_seconds"]
    for number in range(1, item["sets"] + 1):
        assert _set_title(page).startswith(f"Set {number} of {item['sets']}")
        assert page.get_by_label("Reps").input_value() == str(item["reps"])
        page.get_by_label("Load (kg)").fill(str(LOAD_KG))
        assert page.get_by_label("Effort (1-10)").input_value() == f"{item['load']['rpe']:g}"
        done.click()
        if number == item["sets"]:
            break
        # The rest starts by itself and counts down, from the session's rest.
        assert timer.is_visible()
        assert timer.inner_text() == f"{rest // 60}:{rest % 60:02d}"
        if number == 1:
            _shot(page, f"new-session-rest-{screen}")
        page.clock.fast_forward(10_000)
        left = rest - 10
        assert timer.inner_text() in {
            f"{left // 60}:{left % 60:02d}",
            f"{(left - 1) // 60}:{(left - 1) % 60:02d}",
        }
        page.clock.fast_forward(rest * 1000)
        assert timer.inner_text() == "0:00"
        assert page.locator("#rest-label").inner_text().startswith("Rest over")
    for _ in range(20):
        if _title(page) == "All sets done":
            break
        page.get_by_role("button", name="Skip this exercise").click()
    page.get_by_role("button", name="Save the session").click()
    page.locator("#outcome").filter(has_text="Saved.").wait_for()
    page.get_by_text("Next session:").wait_for()
    summary = page.locator("#guided").inner_text()
    assert f"{item['name']}: {item['sets']} × {item['reps']} reps at {LOAD_KG} kg" in summary
    changes = page.locator("section", has_text="What changes next time").inner_text()
    later, then = _next_with(live, day, item["exercise"])
    when = f"{dt.date.fromisoformat(later):%A %-d %B}"
    assert f"{item['name']}, {when}: start from {LOAD_KG} kg, as today." in changes
    _shot(page, f"new-session-saved-{screen}")
    [log] = live.sessions()
    assert log["date"] == day
    assert [(s["reps"], s["load_kg"]) for s in log["items"][0]["sets"]] == [
        (item["reps"], LOAD_KG)
    ] * item["sets"]

    # Progress counts the session.
    page.goto(live.url + "/progress")
    caption, rows = _adherence(page)
    assert rows[week_row] == (planned, "1")
    assert caption_before == "You logged 0 of 1 planned session in the last 3 weeks."
    assert caption == "You logged 1 of 1 planned session in the last 3 weeks."
    pain = page.locator("section", has=page.get_by_role("heading", name=re.compile("^Worst pain")))
    assert pain.locator("figcaption").inner_text() == "No pain reported in your one logged session."
    _shot(page, f"new-progress-{screen}")

    # The next session with that exercise starts from the load logged, and says so.
    assert next_before.get("load_kg") is None  # nothing logged yet, nothing to start from
    assert then["load_kg"] == LOAD_KG and then.get("progression") is None
    page.goto(f"{live.url}/today?date={later}")
    card = page.locator(
        "article.item", has=page.get_by_role("heading", name=item["name"], exact=True)
    )
    assert f"last time {LOAD_KG} kg" in card.locator(".dose").inner_text()
    _shot(page, f"new-next-session-{screen}")
    assert errors == []


def _shown(page: Any) -> list[str]:
    return [str(name) for name in page.locator("#results ul.results li > a").all_inner_texts()]


def _found(live: LiveServer, chosen: dict[str, str]) -> list[str]:
    """The exercises the API finds for the same filters: what the list should show."""
    status, body = live.api("GET", "/api/v1/exercises?" + urlencode(chosen))
    assert status == 200, body
    return [e["name"] for e in body["exercises"]]


def test_the_library_filters_narrow_the_list_to_match(
    live_server: LiveServer, open_screen: Callable[..., Any]
) -> None:
    from playwright.sync_api import expect

    page = open_screen("phone").new_page()
    errors = _watch(page)
    page.goto(live_server.url + "/library")
    everything = _shown(page)
    assert everything == _found(live_server, {}) and len(everything) > 100
    chosen: dict[str, str] = {}
    before = everything
    for name, label, value in [
        ("block", "Block", "strength"),
        ("region", "Body region", "lower"),
        ("level", "Level", "foundational"),
        ("equipment", "What you have", "home"),
        ("target", "For", "knee"),
    ]:
        page.get_by_label(label, exact=True).select_option(value)
        chosen[name] = value
        expected = _found(live_server, chosen)
        # htmx swaps the list in place: the count said above it, then the names.
        expect(page.locator("#results > p")).to_have_text(f"{len(expected)} exercises")
        assert _shown(page) == expected and 0 < len(expected) < len(before), name
        assert {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()} == chosen
        before = expected
    assert all(n in everything for n in before)
    _shot(page, "library-filtered")
    filtered = page.url

    # The search box, over the whole library: it finds an exercise by its name.
    page.goto(live_server.url + "/library")
    page.get_by_label("Search").fill("goblet")
    expected = _found(live_server, {"search": "goblet"})
    expect(page.locator("#results > p")).to_have_text(f"{len(expected)} exercises")
    assert "Goblet squat" in _shown(page) and _shown(page) == expected
    assert len(expected) < len(everything)
    # One found is said as one; none found is said in a sentence, with no empty list.
    page.get_by_label("Search").fill("renegade")
    expect(page.locator("#results > p")).to_have_text("1 exercise")
    assert _shown(page) == ["Renegade row"] == _found(live_server, {"search": "renegade"})
    page.get_by_label("Search").fill("zzzz")
    expect(page.locator("#results > p")).to_have_text(re.compile("^No exercise matches"))
    assert page.locator("#results ul").count() == 0
    assert errors == []

    # Without JavaScript: the filtered address shows the same list, its choices selected,
    # and the form's own button filters.
    plain = open_screen("phone", java_script_enabled=False).new_page()
    plain.goto(filtered)
    assert _shown(plain) == before
    for name, value in chosen.items():
        assert plain.locator(f"select#{name}").input_value() == value
    plain.goto(live_server.url + "/library")
    plain.get_by_label("Block", exact=True).select_option("core")
    plain.get_by_role("button", name="Show").click()
    plain.wait_for_url("**/library?*block=core*")
    assert _shown(plain) == _found(live_server, {"block": "core"})


def test_a_wrong_answer_sent_with_the_form_is_said_beside_it_and_nothing_is_lost(
    new_runner_server: NewRunnerServer, open_screen: Callable[..., Any]
) -> None:
    live = new_runner_server
    page = open_screen("phone").new_page()
    errors = _watch(page)
    page.goto(live.url + "/start")
    race = next_monday(TODAY) + dt.timedelta(weeks=12)
    _fill_start_form(page, race)
    page.get_by_label("Minutes a session").fill("5")
    page.get_by_label("Race date").fill((TODAY - dt.timedelta(days=1)).isoformat())
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Make my plan").click()
    assert sent.value.status == 422 and urlsplit(page.url).path == "/start"
    assert live.api("GET", "/api/v1/profile")[0] == 404  # nothing stored
    _shot(page, "start-errors")

    # Each reason is beside its field: in the field's own box, named by aria-describedby.
    for field, words in [("minutes", "15 to 90"), ("race_date", "")]:
        box = page.locator(f"input#{field}")
        assert box.get_attribute("aria-invalid") == "true"
        assert f"{field}-error" in (box.get_attribute("aria-describedby") or "").split()
        reason = page.locator(".field", has=box).locator(f"#{field}-error")
        assert reason.inner_text().strip() != "" and words in reason.inner_text()
    assert page.locator("[aria-invalid=true]").count() == 2  # no other answer blamed
    assert page.get_by_role("alert").first.inner_text().startswith("Some answers need another")

    # Every answer is still there, the wrong ones as typed.
    assert page.get_by_label("Minutes a session").input_value() == "5"
    assert page.get_by_label("Your name").input_value() == "Ana"
    assert page.get_by_label("Strength training so far").input_value() == "intermediate"
    running = page.get_by_role("group", name="The days you run")
    ticked = [d for d in WEEKDAYS if running.get_by_label(d).is_checked()]
    assert ticked == ["Tue", "Thu", "Sat", "Sun"]
    assert page.get_by_label("Which of them is your long run?").input_value() == "sun"
    hard = page.get_by_role("group", name=re.compile("^Which are hard sessions"))
    assert [d for d in WEEKDAYS if hard.get_by_label(d).is_checked()] == ["Thu"]
    assert page.get_by_label("How far you run in a usual week").input_value() == "35 km"
    assert page.get_by_label("What are you training for?").input_value() == "10k"
    assert page.get_by_label("Strength sessions a week you can do").input_value() == "2"
    assert page.get_by_label("Equipment").input_value() == "gym"
    assert page.get_by_label("Injury 1: where").input_value() == "achilles"
    assert page.get_by_label("Side").first.input_value() == "left"
    assert page.get_by_label("How it is now").first.input_value() == "past"

    # Put right, the same form makes the plan.
    page.get_by_label("Minutes a session").fill("45")
    page.get_by_label("Race date").fill(race.isoformat())
    with page.expect_navigation(url="**/plan"):
        page.get_by_role("button", name="Make my plan").click()
    status, stored = live.api("GET", "/api/v1/profile")
    assert status == 200 and stored["profile"]["availability"]["minutes_per_session"] == 45
    assert [e for e in errors if e != REFUSED] == []


def _axe_pass(page: Any, base: str, pages: list[tuple[str, str, str]]) -> dict[str, list[str]]:
    """axe on each page (name, path, its first heading), a screenshot of each; an empty
    path checks the page as it is now. The heading shows the page is the one meant."""
    found: dict[str, list[str]] = {}
    for name, path, heading in pages:
        if path:
            page.goto(base + path)
        assert page.get_by_role("heading", level=1).inner_text().startswith(heading), name
        bad = _axe_problems(page)
        if bad:
            found[name] = bad
        _shot(page, name)
    return found


def test_no_serious_accessibility_problems_on_the_start_form(
    new_runner_server: NewRunnerServer, open_screen: Callable[..., Any]
) -> None:
    found: dict[str, list[str]] = {}
    url = new_runner_server.url
    for screen in SCREENS:
        # axe is added as an inline script: the contexts bypass the pages' script policy.
        page = open_screen(screen, bypass_csp=True).new_page()
        errors = _watch(page)
        found |= _axe_pass(page, url, [(f"start-{screen}", "/start", "Let's build your plan")])
        # Wrong answers: a field, and a group of boxes (no run day ticked).
        page.get_by_label("Minutes a session").fill("5")
        running = page.get_by_role("group", name="The days you run")
        for box in running.get_by_role("checkbox").all():
            box.uncheck()
        with page.expect_navigation():
            page.get_by_role("button", name="Make my plan").click()
        assert page.locator("#minutes-error").inner_text() != ""  # the page with its errors
        assert running.get_attribute("aria-invalid") == "true"
        assert (
            page.locator("#run_days-error").inner_text() == "Tick the days you run: at least one."
        )
        found |= _axe_pass(page, url, [(f"start-errors-{screen}", "", "Let's build your plan")])
        assert [e for e in errors if e != REFUSED] == []
    assert found == {}


def test_no_serious_accessibility_problems_on_the_other_pages(
    live_server: LiveServer, open_screen: Callable[..., Any]
) -> None:
    day = live_server.session_dates()[0]
    log = {
        "id": "a11y-1",
        "date": day,
        "items": [{"exercise": "goblet-squat", "sets": [{"reps": 10, "load_kg": 12, "rpe": 7}]}],
        "note": "Felt fine",
    }
    assert live_server.api("POST", "/api/v1/sessions", log)[0] == 201
    status, profile = live_server.api("GET", "/api/v1/profile")
    assert status == 200, profile
    more = {"sessions_per_week": 3, "minutes_per_session": 40}
    changed = {**profile["profile"], "availability": more}
    assert live_server.api("PUT", "/api/v1/profile", changed)[0] == 200  # a change to show
    status, guides = live_server.api("GET", "/api/v1/guides")
    assert status == 200, guides
    guide = guides["guides"][0]
    page = open_screen("phone", bypass_csp=True).new_page()
    errors = _watch(page)
    found = _axe_pass(
        page,
        live_server.url,
        [
            ("assessment", "/assessment", "Field tests"),
            ("profile-changes", "/profile/changes", "What changed in your plan"),
            ("guide", f"/learn/{guide['id']}", guide["title"]),
            ("history-edit", "/history/a11y-1/edit", "Edit the session of"),
            ("history-delete", "/history/a11y-1/delete", "Delete this session?"),
            ("library-address", "/library?block=strength&level=foundational", "Exercise library"),
        ],
    )
    # The page's words name each number (the labels a screen reader reads).
    page.goto(live_server.url + "/history/a11y-1/edit")
    for label, value in [("Reps", "10"), ("Load (kg)", "12"), ("RPE (1 to 10)", "7")]:
        assert page.get_by_label(label, exact=True).input_value() == value
    # The library with a filter chosen in the page, the list swapped by htmx.
    page.goto(live_server.url + "/library")
    page.get_by_label("Block", exact=True).select_option("core")
    page.wait_for_url("**/library?*block=core*")
    found |= _axe_pass(page, live_server.url, [("library-htmx", "", "Exercise library")])
    assert found == {}
    assert errors == []


def test_no_serious_accessibility_problems_on_the_main_pages_on_a_desktop(
    live_server: LiveServer, open_screen: Callable[..., Any]
) -> None:
    day = live_server.session_dates()[0]
    page = open_screen("desktop", bypass_csp=True).new_page()
    errors = _watch(page)
    when = f"{dt.date.fromisoformat(day):%A %d %B}"
    found = _axe_pass(
        page,
        live_server.url,
        [
            ("desktop-today", f"/today?date={day}", when),
            ("desktop-plan", "/plan", "Your plan"),
            ("desktop-library", "/library", "Exercise library"),
            ("desktop-progress", "/progress", "Your progress"),
            ("desktop-session", f"/session/{day}", f"Session of {when}"),
        ],
    )
    page.get_by_role("button", name="Start without the warm-up").click()
    found |= _axe_pass(page, live_server.url, [("desktop-session-set", "", f"Session of {when}")])
    assert found == {}
    assert errors == []
