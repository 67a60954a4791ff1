"""A server with accounts in a real browser: a coach and a runner, each in their own
browser (a phone for the runner, a desktop screen for the coach), from signing in to a
coach's note in the runner's log; the form secret as a browser sends it (forms and htmx);
signing out; and an accessibility pass (axe) on the pages of accounts and coaches.

The pages keep their strict script policy here (except for axe, added as an inline
script): a violation of it is logged, and no page may log one. Screenshots go to
tests/web/screenshots/ (ignored by git), as in test_browser.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from runstrong.adapters.db import connect
from runstrong.entrypoints.web.profile_form import next_monday
from tests.web.conftest import TODAY, MultiUserServer
from tests.web.test_browser import _axe_problems, _shot, _watch
from tests.web.test_multi_user import PASSWORD, _profile
from tests.web.test_new_runner_browser import SCREENS, _fill_start_form

pytestmark = pytest.mark.e2e

# Every breach of the script policy is said on the console, where `_watch` hears it.
REPORT_CSP = """
window.cspBreaches = 0;
document.addEventListener('securitypolicyviolation', (e) => {
  window.cspBreaches += 1;
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
});
"""
OUT_OF_DATE = "This form is out of date: reload the page and try again."
# What Chromium logs of an answer that refuses (the refusal is the point, not a fault).
REFUSED_403 = "Failed to load resource: the server responded with a status of 403 (Forbidden)"
NOT_FOUND = "Failed to load resource: the server responded with a status of 404 (Not Found)"
NO_PROFILE = "No profile yet: make one at /start, or send one to PUT /api/v1/profile."
WRONG = "Failed to load resource: the server responded with a status of 401 (Unauthorized)"


@pytest.fixture
def open_screen(browser: Any) -> Iterator[Callable[..., Any]]:
    """Browser contexts of a screen's size that report breaches of the script policy,
    closed after the test; each fails fast when something is missing."""
    opened: list[Any] = []

    def new(screen: str, **options: Any) -> Any:
        made = browser.new_context(**SCREENS[screen], **options)
        made.set_default_timeout(5_000)
        made.add_init_script(REPORT_CSP)
        opened.append(made)
        return made

    yield new
    for made in opened:
        made.close()


def _sign_in(page: Any, name: str, password: str = PASSWORD) -> None:
    """Through the form, as a person does it (the page is the sign-in page already)."""
    assert urlsplit(page.url).path == "/signin", page.url
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def _signed_in(context: Any, live: MultiUserServer, name: str) -> Any:
    page = context.new_page()
    page.goto(live.url + "/signin")
    _sign_in(page, name)
    return page


def _fetch(page: Any, method: str, path: str, body: object = None, secret: bool = True) -> Any:
    """A call to the API from the page, as the page's own script makes one: with the
    browser's cookie and, if `secret`, the form secret from the page's meta tag."""
    return page.evaluate(
        """async ([method, path, body, secret]) => {
            const headers = {'Content-Type': 'application/json'};
            if (secret) {
              headers['X-CSRF-Token'] =
                document.querySelector('meta[name="csrf-token"]').content;
            }
            const answer = await fetch(path, {method, headers,
              body: body === null ? undefined : JSON.stringify(body)});
            return {status: answer.status, body: await answer.json()};
        }""",
        [method, path, body, secret],
    )


def test_a_coach_and_a_runner_from_signing_in_to_a_note(
    multi_user_server: MultiUserServer, open_screen: Callable[..., Any]
) -> None:
    live = multi_user_server
    robin = live.create_user("robin", PASSWORD, "runner")
    live.create_user("alex", PASSWORD, "coach")
    runner = open_screen("phone").new_page()
    coach = open_screen("desktop").new_page()
    runner_errors, coach_errors = _watch(runner), _watch(coach)

    # The runner opens today, is asked to sign in first, and comes back to start.
    runner.goto(live.url + "/today")
    assert urlsplit(runner.url).path == "/signin"
    assert parse_qs(urlsplit(runner.url).query)["next"] == ["/today"]
    _shot(runner, "mu-flow-signin-phone")
    _sign_in(runner, "robin")
    assert urlsplit(runner.url).path == "/start"  # no profile yet: today asks for one
    start = next_monday(TODAY)
    _fill_start_form(runner, start + dt.timedelta(weeks=12))
    with runner.expect_navigation(url="**/plan"):
        runner.get_by_role("button", name="Make my plan").click()
    assert runner.get_by_role("heading", name="Your plan", level=1).is_visible()
    assert runner.get_by_role("heading", name=re.compile(r"^Week \d+"), level=2).count() >= 4
    _shot(runner, "mu-flow-runner-plan-phone")

    # The coach signs in, lands on their squads, makes one and an invite link.
    coach.goto(live.url + "/")
    _sign_in(coach, "alex")
    assert urlsplit(coach.url).path == "/coach"
    assert "No squad yet" in coach.inner_text("main")
    coach.get_by_label("A new squad's name").fill("Tuesday group")
    with coach.expect_navigation(url=re.compile(r"/coach/squads/\d+$")):
        coach.get_by_role("button", name="Make the squad").click()
    board = coach.url
    assert coach.get_by_role("heading", name="Tuesday group", level=1).is_visible()
    assert "No runner has joined yet." in coach.inner_text("main")
    coach.get_by_role("button", name="Make an invite link").click()
    link = coach.locator("#invite-link").inner_text()
    assert coach.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    assert re.fullmatch(re.escape(live.url) + r"/join/[\w-]+", link), link

    # The runner opens the link and joins.
    runner.goto(link)
    assert runner.get_by_role("heading", name="Join Tuesday group?").is_visible()
    with runner.expect_navigation(url="**/account"):
        runner.get_by_role("button", name="Join Tuesday group").click()
    squads = runner.locator("section", has=runner.get_by_role("heading", name="Your squads"))
    assert "Tuesday group" in squads.inner_text()

    # The coach's board lists the runner, whose plan and log the coach opens.
    coach.goto(board)
    row = coach.locator("tbody tr")
    assert row.count() == 1
    assert row.get_by_role("link", name="Ana").get_attribute("href") == (
        f"/runners/{robin.runner_id}/plan"
    )
    assert "0 of 0" in row.inner_text() and "none planned" in row.inner_text()
    _shot(coach, "mu-flow-board-desktop")
    with coach.expect_navigation(url=f"**/runners/{robin.runner_id}/plan"):
        row.get_by_role("link", name="Ana").click()
    assert coach.get_by_role("heading", name=re.compile(r"^Week \d+"), level=2).count() >= 4
    assert f"From {start:%A %d %B}" in coach.locator("section.card").first.inner_text()
    coach.goto(f"{live.url}/runners/{robin.runner_id}/history")
    assert "Nothing logged yet." in coach.inner_text("main")

    # The runner comes back on the day of the first session and logs it.
    plan = _fetch(runner, "GET", "/api/v1/plan")
    assert plan["status"] == 200, plan
    day = plan["body"]["weeks"][0]["sessions"][0]["date"]
    live.clock.today = dt.date.fromisoformat(day)
    runner.goto(live.url + "/today")
    done = {"id": "r1", "date": day, "items": [
        {"exercise": "goblet-squat", "sets": [{"reps": 10, "load_kg": 12}]}]}  # fmt: skip
    # Without the form secret the browser's cookie alone does not change anything.
    refused = _fetch(runner, "POST", "/api/v1/sessions", done, secret=False)
    assert refused["status"] == 403, refused
    assert refused["body"]["error"]["message"] == OUT_OF_DATE
    logged = _fetch(runner, "POST", "/api/v1/sessions", done)
    assert logged["status"] == 201, logged

    # The coach leaves a note from the runner's log; the runner reads it in theirs.
    coach.goto(f"{live.url}/runners/{robin.runner_id}/history")
    assert "Goblet squat (1 set)" in coach.inner_text("main")
    assert "1 set · worst pain 0/10" in coach.inner_text("main")
    # Nothing the coach cannot do is promised to them ("editing ... in a later version").
    assert "later version" not in coach.inner_text("main")
    coach.get_by_label("A note on this session").fill("Lovely depth on the squats.")
    with coach.expect_navigation(url=f"**/runners/{robin.runner_id}/history"):
        coach.get_by_role("button", name="Leave the note").click()
    assert "Lovely depth on the squats." in coach.inner_text("main")
    _shot(coach, "mu-flow-coach-history-desktop")
    runner.goto(live.url + "/history")
    note = runner.locator("article.session .change")
    assert re.fullmatch(r"Coach alex, \d\d \w+: Lovely depth on the squats\.", note.inner_text())
    assert runner.get_by_role("link", name="Edit").count() == 1  # the runner's own log
    _shot(runner, "mu-flow-runner-history-phone")
    coach.goto(board)
    assert "1 of 1" in coach.locator("tbody tr").inner_text()

    assert runner_errors == [REFUSED_403]  # the one call sent without the secret
    assert coach_errors == []


def test_the_form_secret_in_a_real_browser(
    multi_user_server: MultiUserServer, open_screen: Callable[..., Any]
) -> None:
    live = multi_user_server
    live.create_user("robin", PASSWORD, "runner")
    page = _signed_in(open_screen("desktop"), live, "robin")
    errors = _watch(page)
    page.goto(live.url + "/start")

    # htmx checks a field when it is left, sending the secret from the body's hx-headers.
    secret = page.locator('meta[name="csrf-token"]').get_attribute("content")
    assert secret and re.fullmatch(r"[0-9a-f]{32}", secret)
    weekly = page.get_by_label("How far you run in a usual week")
    weekly.fill("lots")
    with page.expect_response("**/profile/check/weekly") as checked:
        weekly.blur()
    assert checked.value.status == 200
    assert checked.value.request.headers.get("x-csrf-token") == secret
    said = page.locator("#weekly-error")
    said.filter(has_text=re.compile(r"\w")).wait_for()
    assert "km" in said.inner_text()
    weekly.fill("35 km")
    with page.expect_response("**/profile/check/weekly"):
        weekly.blur()
    page.wait_for_function("document.querySelector('#weekly-error').textContent === ''")

    # A form sent without its secret is refused, in plain words, and nothing is kept.
    _fill_start_form(page, next_monday(TODAY) + dt.timedelta(weeks=12))
    assert (
        page.evaluate(
            "() => { const s = document.querySelectorAll('form.profile-form input[name=csrf]');"
            " s.forEach((e) => e.remove()); return s.length; }"
        )
        == 1
    )
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Make my plan").click()
    assert sent.value.status == 403
    assert sent.value.headers["x-runstrong-access"] == "refused"
    assert page.get_by_role("heading", name="Not yours", level=1).is_visible()
    assert page.get_by_role("alert").inner_text() == OUT_OF_DATE
    _shot(page, "mu-form-out-of-date")
    nothing = _fetch(page, "GET", "/api/v1/profile")  # no profile was made
    assert nothing["status"] == 404 and nothing["body"]["error"]["message"] == NO_PROFILE

    # The same form with its secret goes through.
    page.goto(live.url + "/start")
    _fill_start_form(page, next_monday(TODAY) + dt.timedelta(weeks=12))
    with page.expect_navigation(url="**/plan"):
        page.get_by_role("button", name="Make my plan").click()
    assert _fetch(page, "GET", "/api/v1/profile")["body"]["profile"]["name"] == "Ana"
    assert errors == [REFUSED_403, NOT_FOUND]  # the form without its secret; no profile


def test_signing_out_ends_the_session(
    multi_user_server: MultiUserServer, open_screen: Callable[..., Any], browser: Any
) -> None:
    live = multi_user_server
    live.create_user("robin", PASSWORD, "runner")
    context = open_screen("phone")
    page = _signed_in(context, live, "robin")
    errors = _watch(page)
    page.goto(live.url + "/account")
    assert "Signed in as robin (runner)." in page.inner_text("main")
    # The policy holds, and a breach of it is heard (so that the other tests' silence
    # means something): an inline script is refused, and said on the console.
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = true'; document.head.append(s); }"
    )
    page.wait_for_function("() => window.cspBreaches > 0")
    assert page.evaluate("() => window.ran") is None
    assert any(e.startswith("CSP violation: script-src") for e in errors), errors
    errors.clear()
    [cookie] = [c for c in context.cookies() if c["name"] == "runstrong_session"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    with page.expect_navigation(url="**/signin"):
        page.get_by_role("button", name="Sign out").click()
    assert [c for c in context.cookies() if c["name"] == "runstrong_session"] == []
    page.goto(live.url + "/today")
    assert urlsplit(page.url).path == "/signin"

    # The old cookie, kept by someone, opens nothing any more.
    other = open_screen("phone")
    other.add_cookies([cookie])
    stale = other.new_page()
    stale.goto(live.url + "/today")
    assert urlsplit(stale.url).path == "/signin"
    assert stale.locator('meta[name="csrf-token"]').count() == 0
    assert _fetch(stale, "GET", "/api/v1/today", secret=False)["status"] == 401
    assert errors == []


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_no_serious_accessibility_problems_on_the_pages_of_accounts(
    multi_user_server: MultiUserServer, open_screen: Callable[..., Any], screen: str
) -> None:
    from runstrong.services import accounts

    live = multi_user_server
    robin = live.create_user("robin", PASSWORD, "runner")
    live.create_user("alex", PASSWORD, "coach")
    now = dt.datetime.now(dt.UTC)
    runner_actor = accounts.sign_in(
        connect(live.database_url), live.hasher, "robin", PASSWORD, "test", now
    ).actor
    coach_actor = accounts.sign_in(
        connect(live.database_url), live.hasher, "alex", PASSWORD, "test", now
    ).actor
    squad = accounts.create_squad(connect(live.database_url), coach_actor, "Tuesday group", now)
    joined, _until = accounts.invite(connect(live.database_url), coach_actor, squad, now)
    accounts.join(connect(live.database_url), runner_actor, joined, now)
    shown, _until = accounts.invite(
        connect(live.database_url), coach_actor, squad, now
    )  # an invite to look at
    reset, _until = accounts.reset_link(connect(live.database_url), "robin", now)

    # axe is added as an inline script, which the pages' policy rightly refuses.
    signed_out = open_screen(screen, bypass_csp=True).new_page()
    runner = _signed_in(open_screen(screen, bypass_csp=True), live, "robin")
    coach = _signed_in(open_screen(screen, bypass_csp=True), live, "alex")
    errors = {name: _watch(p) for name, p in (("out", signed_out), ("runner", runner),
                                              ("coach", coach))}  # fmt: skip
    # The runner's profile and a logged session, so the coach's view has a note form.
    assert _fetch(runner, "PUT", "/api/v1/profile", _profile())["status"] == 200
    week = _fetch(runner, "GET", f"/api/v1/week?date={(TODAY - dt.timedelta(weeks=1))}")
    day = week["body"]["sessions"][0]["date"]
    done = {"id": "r1", "date": day, "items": [
        {"exercise": "goblet-squat", "sets": [{"reps": 10, "load_kg": 8}]}]}  # fmt: skip
    assert _fetch(runner, "POST", "/api/v1/sessions", done)["status"] == 201

    found: dict[str, list[str]] = {}

    def check(page: Any, name: str) -> None:
        bad = _axe_problems(page)
        if bad:
            found[name] = bad
        _shot(page, f"mu-{name}-{screen}")

    signed_out.goto(live.url + "/signin")
    check(signed_out, "signin")
    signed_out.get_by_label("Username").fill("robin")
    signed_out.get_by_label("Password").fill("not the password at all")
    signed_out.get_by_role("button", name="Sign in").click()
    signed_out.get_by_role("alert").wait_for()
    assert "do not match an account" in signed_out.get_by_role("alert").inner_text()
    assert signed_out.get_by_label("Username").get_attribute("aria-invalid") == "true"
    check(signed_out, "signin-wrong")
    signed_out.goto(f"{live.url}/reset/{reset}")
    assert signed_out.get_by_role("heading", name="A new password").is_visible()
    check(signed_out, "reset")

    runner.goto(live.url + "/account")
    runner.get_by_label("Name").fill("watch")
    runner.get_by_role("button", name="Make a token").click()
    assert runner.locator("#new-token").inner_text().startswith("rs_")
    assert runner.get_by_role("button", name="Revoke watch").is_visible()
    # The token, one long word, wraps: the page is no wider than the screen.
    assert runner.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    check(runner, "account")
    runner.goto(live.url + "/account/delete")
    check(runner, "account-delete")
    runner.goto(f"{live.url}/join/{shown}")
    assert runner.get_by_role("heading", name="Join Tuesday group?").is_visible()
    check(runner, "join")

    coach.goto(live.url + "/coach")
    assert coach.get_by_role("link", name="Tuesday group").is_visible()
    check(coach, "coach")
    coach.goto(f"{live.url}/coach/squads/{squad}")
    assert coach.locator("tbody tr").count() == 1
    # What the board's columns say is read whole, on a phone too (not cut off by the
    # table's scrolling box).
    about = coach.locator("#board-about")
    assert about.inner_text().startswith("The week of")
    box, width = about.bounding_box(), coach.viewport_size["width"]
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert about.evaluate("(e) => e.scrollWidth <= e.clientWidth")
    assert coach.locator("table caption").inner_text() == "Runners in Tuesday group"
    check(coach, "squad")
    coach.goto(f"{live.url}/runners/{robin.runner_id}/history")
    assert coach.get_by_label("A note on this session").is_visible()
    # The banner that says whose training this is, read whole on a phone too.
    banner = coach.get_by_text("as their coach")
    assert banner.is_visible()
    box = banner.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert coach.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    check(coach, "coach-history")

    assert found == {}, found
    assert errors == {"out": [WRONG], "runner": [], "coach": []}
