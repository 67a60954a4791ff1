"""The web app in a real browser, on a phone-sized screen: a whole guided session, the
same session without signal, a reload in the middle, and an accessibility pass with axe.

Screenshots of the main screens go to tests/web/screenshots/ (ignored by git) to look at.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import LiveServer

pytestmark = pytest.mark.e2e

HERE = Path(__file__).parent
AXE = HERE / "vendor" / "axe-4.11.0.min.js"
SHOTS = HERE / "screenshots"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _watch(page: Any) -> list[str]:
    """Errors the page logs or throws (a blocked script, a broken handler) end up here."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def _title(page: Any) -> str:
    return str(page.locator("#guided h2").inner_text())


def _set_title(page: Any) -> str:
    return str(page.locator("#set-title").inner_text())


def _state(page: Any, date: str) -> dict[str, Any]:
    state: dict[str, Any] = page.evaluate(
        "(date) => JSON.parse(localStorage.getItem('runstrong.session.' + date))", date
    )
    return state


def _wait_until_kept_offline(page: Any) -> None:
    """The service worker keeps the page once it is in charge; wait for that copy."""
    deadline = time.monotonic() + 10
    while not page.evaluate("async () => Boolean(await caches.match(location.pathname))"):
        assert time.monotonic() < deadline, "the page was not kept for offline use"
        time.sleep(0.1)


def test_a_whole_guided_session_on_a_phone(live_server: LiveServer, phone: Any) -> None:
    day = live_server.session_dates()[0]
    page = phone.new_page()
    errors = _watch(page)
    page.clock.install()
    page.goto(f"{live_server.url}/today?date={day}")
    with page.expect_navigation(url=f"**/session/{day}") as opened:
        page.get_by_role("link", name="Start the guided session").click()
    # A strict policy: the page runs only our own files (no console errors, checked below).
    assert "default-src 'self'" in opened.value.headers["content-security-policy"]
    _shot(page, "session-start")

    page.get_by_role("button", name="Start with the warm-up").click()
    assert _title(page) == "Standing hip circles"
    assert _set_title(page) == "Set 1 of 1, left side"
    page.get_by_role("button", name="Skip the warm-up").click()
    assert _title(page) == "Ankle circles"  # the mobility block is not warm-up: it stays

    seen_rest = seen_stop = seen_hold = seen_extra = seen_lighter = False
    for _ in range(80):
        title = _title(page)
        if title == "All sets done":
            break
        step = _set_title(page)
        shown = page.locator("#guided").inner_text()
        assert "null" not in shown and "undefined" not in shown, shown
        done = page.get_by_role("button", name="Done", exact=True)
        if title == "Goblet squat":
            load = page.get_by_label("Load (kg)")
            reps = page.get_by_label("Reps")
            if step == "Set 1 of 3":
                assert reps.input_value() == "10" and load.input_value() == ""
                assert page.get_by_label("Effort (1-10)").input_value() == "7"
                load.fill("12")
                done.click()
                # The rest starts by itself, and counts down.
                timer = page.locator("#rest-timer")
                assert timer.inner_text() == "1:30"
                _shot(page, "session-rest")
                page.clock.fast_forward(5_000)
                assert timer.inner_text() in {"1:25", "1:24"}
                buzzes = page.evaluate("window.buzzes")
                page.clock.fast_forward(90_000)
                assert timer.inner_text() == "0:00"
                assert page.locator("#rest-label").inner_text().startswith("Rest over")
                assert page.evaluate("window.buzzes") == buzzes + 1
                seen_rest = True
                continue
            if step == "Set 2 of 3":
                assert load.input_value() == "12"  # the load of the set before
                reps.fill("8")
                load.fill("14")
                _shot(page, "session-set")
            if step == "Set 3 of 3":
                assert reps.input_value() == "10" and load.input_value() == "14"
        if title == "Kickstand Romanian deadlift":
            assert step == "Set 1 of 3, left side"
            page.get_by_label("Pain (0-10)").select_option("6")
            done.click()
            # Said at once, and the other sets of that exercise are gone.
            alert = page.get_by_role("alert").filter(has_text="stop this exercise")
            assert alert.inner_text().startswith("Kickstand Romanian deadlift: Pain of 6/10")
            assert _title(page) == "Single-leg calf raise"
            _shot(page, "session-pain-stop")
            seen_stop = True
            continue
        if title == "Band pull-apart" and step == "Set 1 of 3":
            page.get_by_label("Pain (0-10)").select_option("4")
            done.click()
            alert = page.get_by_role("alert").filter(has_text="go lighter")
            assert "Pain of 4/10" in alert.inner_text() and "Prone Y-T-W" in alert.inner_text()
            assert _set_title(page) == "Set 2 of 3"  # 4/10 is not a stop: the sets go on
            alert.get_by_role("button", name=re.compile("^Do the sets left as")).click()
            assert _title(page) != "Band pull-apart"
            seen_lighter = True
            continue
        if title == "Single-leg calf raise" and step.startswith("Extra set"):
            assert step.endswith("for your weaker left side")
            seen_extra = True
        if title == "Ab-wheel hold" and step == "Set 1 of 3":
            assert page.get_by_label("Seconds").input_value() == "15"
            page.get_by_role("button", name="Start the 15 s hold").click()
            hold = page.locator("#hold-timer")
            assert hold.inner_text().startswith("Get ready")
            page.clock.fast_forward(4_000)
            assert hold.inner_text().startswith("Hold: 0:1")
            page.clock.fast_forward(15_000)
            assert hold.inner_text() == "Hold done: tap Done."
            seen_hold = True
        done.click()
    assert seen_rest and seen_stop and seen_hold and seen_extra and seen_lighter

    page.get_by_label("A note for this session (optional)").fill("Heavy legs today")
    page.get_by_role("button", name="Save the session").click()
    outcome = page.locator("#outcome")
    outcome.filter(has_text="Saved.").wait_for()
    summary = page.locator("#guided")
    page.get_by_text("Next session:").wait_for()
    text = summary.inner_text()
    assert "Goblet squat: 10 reps at 12 kg, 8 reps at 14 kg, 10 reps at 14 kg" in text
    assert "Stopped for pain of 6/10" in text
    # What changes next time, from the next sessions as the log now shapes them.
    changes = page.locator("section", has_text="What changes next time").inner_text()
    assert re.search(r"Goblet squat, \w+ \d+ \w+: At least one set fell short", changes)
    assert "drop from 14 kg to 12 kg" in changes  # from the load worked up to
    assert re.search(r"Kickstand Romanian deadlift, \w+ \d+ \w+: Pain of 6/10", changes)
    assert "kickstand-romanian-deadlift" not in changes and changes.count("Pain of 6/10") == 1
    _shot(page, "session-summary")

    [stored] = live_server.sessions()
    assert UUID.match(stored["id"]) and stored["id"] == _state(page, day)["id"]
    assert stored["date"] == day and stored["note"] == "Heavy legs today"
    items = {item["exercise"]: item["sets"] for item in stored["items"]}
    assert "hip-circles" not in items and "a-march" not in items  # the warm-up was skipped
    assert [(s["reps"], s["load_kg"], s["rpe"]) for s in items["goblet-squat"]] == [
        (10, 12.0, 7.0),
        (8, 14.0, 7.0),
        (10, 14.0, 7.0),
    ]
    assert [(s["pain"], s["side"]) for s in items["kickstand-romanian-deadlift"]] == [(6, "left")]
    calf = [s["side"] for s in items["single-leg-calf-raise"]]
    assert calf == ["left", "right"] * 3 + ["left", "left"]
    assert [s["pain"] for s in items["band-pull-apart"]] == [4]
    assert len(items["prone-ytw"]) == 2  # the easier option, for the sets left
    assert [s["seconds"] for s in items["ab-wheel-hold"]] == [15, 15, 15]
    assert page.evaluate("localStorage.getItem('runstrong.queue')") == "[]"

    # The next goblet squat starts from the load the log now gives it, pre-filled.
    later, squat = _next_with(live_server, day, "goblet-squat")
    assert squat["load_kg"] == 12.0  # 14 kg worked up to, and a set short: one step down
    page.goto(f"{live_server.url}/session/{later}")
    page.get_by_role("button", name="Start without the warm-up").click()
    while _title(page) != "Goblet squat":
        page.get_by_role("button", name="Skip this exercise").click()
    assert page.get_by_label("Load (kg)").input_value() == "12"
    assert "12 kg this time" in page.locator("#guided .dose").inner_text()  # not "last time"
    assert "drop from 14 kg to 12 kg" in page.locator("#guided .change").inner_text()
    assert errors == []


def _next_with(live: LiveServer, after: str, exercise: str) -> tuple[str, dict[str, Any]]:
    """The first session after a day that holds the exercise, as the log now adjusts it."""
    date: str | None = after
    for _ in range(10):
        status, due = live.api("GET", f"/api/v1/today?date={date}")
        assert status == 200
        if date != after and due["session"]:
            for block in due["session"]["blocks"]:
                for item in block["items"]:
                    if item["exercise"] == exercise:
                        return str(date), item
        date = due["next"]
        assert date is not None
    raise AssertionError(f"no session with {exercise} after {after}")


def test_a_session_without_signal_is_kept_and_sent_once(
    live_server: LiveServer, phone: Any
) -> None:
    day = live_server.session_dates()[1]
    page = phone.new_page()
    errors = _watch(page)
    page.goto(f"{live_server.url}/session/{day}")
    _wait_until_kept_offline(page)
    page.get_by_role("button", name="Start without the warm-up").click()
    first = _title(page)
    page.get_by_role("button", name="Done", exact=True).click()

    today_api = f"/api/v1/today?date={day}"
    fetch = "async (url) => { const r = await fetch(url); return [r.status, await r.json()]; }"
    online = page.evaluate(fetch, today_api)

    phone.set_offline(True)
    # The page opens again without signal, from the copy the service worker kept.
    page.reload()
    assert _title(page) == first
    offline = page.evaluate(fetch, "/api/v1/today?date=2001-01-01")
    assert (
        offline[0] == 503 and offline[1]["error"]["code"] == "offline"
    )  # the worker is offline too
    assert page.evaluate(fetch, today_api) == online  # an API answer seen once is kept
    page.get_by_role("button", name="Done", exact=True).click()
    for _ in range(20):
        if _title(page) == "All sets done":
            break
        page.get_by_role("button", name="Skip this exercise").click()
    page.get_by_role("button", name="Save the session").click()
    page.locator("#outcome").filter(has_text="kept on this phone").wait_for()
    _shot(page, "session-kept-offline")
    assert live_server.sessions() == []
    assert len(page.evaluate("JSON.parse(localStorage.getItem('runstrong.queue'))")) == 1

    phone.set_offline(False)  # the `online` event sends it
    page.locator("#outcome").filter(has_text="Saved.").wait_for()
    [stored] = live_server.sessions()
    assert stored["id"] == _state(page, day)["id"] and stored["date"] == day
    assert len(stored["items"][0]["sets"]) == 2

    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.reload()
    page.locator("#outcome").filter(has_text="Saved.").wait_for()
    assert posts == []  # nothing left to send
    # A log sent while the answer was lost stays queued: sent again, it is recorded once.
    page.evaluate(
        """(date) => {
          const state = JSON.parse(localStorage.getItem('runstrong.session.' + date));
          const again = {id: state.id, date, items: [], note: ''};
          for (const d of state.done) {
            let item = again.items.find((i) => i.exercise === d.exercise);
            if (!item) again.items.push(item = {exercise: d.exercise, sets: []});
            item.sets.push({reps: d.reps, seconds: d.seconds, load_kg: d.load_kg,
                            rpe: d.rpe, pain: d.pain, side: d.side});
          }
          localStorage.setItem('runstrong.queue', JSON.stringify([again]));
        }""",
        day,
    )
    with page.expect_response("**/api/v1/sessions") as answer:
        page.reload()
    assert answer.value.status == 200
    assert len(live_server.sessions()) == 1
    # The browser logs the POST that found no network, and the test's own offline fetch.
    expected = ("net::ERR_INTERNET_DISCONNECTED", "status of 503")
    assert [e for e in errors if not any(part in e for part in expected)] == []


def test_a_reload_or_a_closed_tab_keeps_the_progress(live_server: LiveServer, phone: Any) -> None:
    day = live_server.session_dates()[2]
    page = phone.new_page()
    page.goto(f"{live_server.url}/session/{day}")
    page.get_by_role("button", name="Start with the warm-up").click()
    started = _state(page, day)
    assert UUID.match(started["id"])
    done = page.get_by_role("button", name="Done", exact=True)
    prescribed = int(page.get_by_label("Reps").input_value())
    done.click()
    page.get_by_label("Reps").fill("7")
    done.click()
    where = (_title(page), _set_title(page))

    page.reload()
    assert (_title(page), _set_title(page)) == where
    page.close()
    again = phone.new_page()
    again.goto(f"{live_server.url}/session/{day}")
    assert (_title(again), _set_title(again)) == where
    kept = _state(again, day)
    assert kept["id"] == started["id"] and [d["reps"] for d in kept["done"]] == [prescribed, 7]
    # Pain above 5 on the very last set: said at once on the last screen too.
    for _ in range(80):
        state = _state(again, day)
        if state["position"] == len(state["steps"]) - 1:
            break
        again.get_by_role("button", name="Done", exact=True).click()
    last = _title(again)
    again.get_by_label("Pain (0-10)").select_option("7")
    again.get_by_role("button", name="Done", exact=True).click()
    assert _title(again) == "All sets done"
    assert again.get_by_role("alert").inner_text().startswith(f"{last}: Pain of 7/10 is too much")
    again.get_by_role("button", name="Save the session").click()
    again.locator("#outcome").filter(has_text="Saved.").wait_for()
    [stored] = live_server.sessions()
    assert stored["id"] == started["id"]
    # Two weeks after it was sent, the phone lets the finished session go.
    again.evaluate(
        """(date) => {
          const key = 'runstrong.session.' + date;
          const state = JSON.parse(localStorage.getItem(key));
          state.finishedAt -= 15 * 86400000;
          localStorage.setItem(key, JSON.stringify(state));
        }""",
        day,
    )
    again.reload()
    assert again.evaluate("(d) => localStorage.getItem('runstrong.session.' + d)", day) is None
    assert stored["items"][0]["sets"][:2] == [
        {
            "reps": prescribed,
            "seconds": None,
            "load_kg": None,
            "rpe": None,
            "pain": 0,
            "side": "left",
        },
        {"reps": 7, "seconds": None, "load_kg": None, "rpe": None, "pain": 0, "side": "right"},
    ]


def _axe_problems(page: Any) -> list[str]:
    """axe's serious and critical findings on the page as it is now (the context must
    bypass the pages' script policy: axe is added as an inline script)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run()")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_no_serious_accessibility_problems_on_the_main_pages(
    live_server: LiveServer, browser: Any
) -> None:
    day = live_server.session_dates()[0]
    # axe is added as an inline script, which the session page's policy rightly refuses.
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    errors = _watch(page)  # guided.js runs on every page: it must not break the others
    found: dict[str, list[str]] = {}

    def check(name: str) -> None:
        bad = _axe_problems(page)
        if bad:
            found[name] = bad
        _shot(page, name)

    for name, path in [
        ("today", f"/today?date={day}"),
        ("plan", "/plan"),
        ("library", "/library"),
        ("exercise", "/library/goblet-squat"),
        ("learn", "/learn"),
        ("profile", "/profile"),
        ("history", "/history"),
        ("progress", "/progress"),
        ("session", f"/session/{day}"),
    ]:
        page.goto(live_server.url + path)
        check(name)
    # The guided session's other screens: a set, the pain notice, the end.
    page.get_by_role("button", name="Start without the warm-up").click()
    check("session-first-set")
    page.get_by_label("Pain (0-10)").select_option("6")
    page.get_by_role("button", name="Done", exact=True).click()
    check("session-notice")
    while _title(page) != "All sets done":
        page.get_by_role("button", name="Skip this exercise").click()
    check("session-end")
    context.close()
    assert found == {}
    assert errors == []


def test_a_superset_is_done_one_set_of_each_in_turn(live_server: LiveServer, phone: Any) -> None:
    """A1 and A2 share a letter: set 1 of A1, set 1 of A2, rest, set 2 of A1..."""
    paired = None
    for day in live_server.session_dates():
        status, due = live_server.api("GET", f"/api/v1/today?date={day}")
        assert status == 200, due
        session = due["session"]
        items = [i for b in session["blocks"] if b["kind"] != "warmup" for i in b["items"]]
        letters = {i["pair"] for i in items if i["pair"]}
        if letters:
            paired = (session["date"], items)
            break
    if paired is None:
        pytest.skip("no session of this runner's plan has a superset")
    day, items = paired
    letter = next(i["pair"] for i in items if i["pair"])
    members = [i["name"] for i in items if i["pair"] == letter]
    page = phone.new_page()
    page.clock.install()
    page.goto(f"{live_server.url}/session/{day}")
    page.get_by_role("button", name="Start without the warm-up").click()
    order = []
    for _ in range(120):
        title = _title(page)
        if title == "All sets done":
            break
        if title in members and (not order or order[-1] != title):
            order.append(title)  # each side of one set counts once
        page.get_by_role("button", name="Done", exact=True).click()
        page.clock.fast_forward(300_000)
    sets = min(i["sets"] for i in items if i["pair"] == letter)
    assert order[: 2 * len(members)] == members * 2 if sets >= 2 else members, order
