"""A live server and a real browser for the browser tests.

The server is the app under uvicorn in a thread, on a free port, over a new SQLite file,
with a runner stored through the API (`live_server`), or with none and a day of the
test's choosing (`new_runner_server`). The browser is Debian's Chromium driven by
Playwright (`playwright install` cannot download one here). Without Playwright or
/usr/bin/chromium the browser tests are skipped with the reason, unless
RUNSTRONG_REQUIRE_BROWSER=1 (scripts/test sets it once Chromium is installed).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# Flags for a headless Chromium in a container: no sandbox (no user namespaces), and no
# background traffic that would slow a test or reach the network.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "runstrong" / "examples"
TODAY = dt.datetime.now().astimezone().date()
MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install playwright)"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


# One browser per test module, not per session: Playwright's sync API refuses to start
# while another instance runs in the same thread, and other modules drive their own.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = _missing()
    if reason is not None:
        if os.environ.get("RUNSTRONG_REQUIRE_BROWSER") == "1":
            pytest.fail(f"RUNSTRONG_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@dataclass
class LiveServer:
    url: str

    def api(self, method: str, path: str, body: object = None) -> tuple[int, Any]:
        """Calls the API from the test, beside the browser: what the server really stored."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def sessions(self) -> list[dict[str, Any]]:
        status, body = self.api("GET", "/api/v1/sessions")
        assert status == 200, body
        found: list[dict[str, Any]] = body["sessions"]
        return found

    def session_dates(self) -> list[str]:
        """The dates of the plan's sessions that are already past, oldest first."""
        status, plan = self.api("GET", "/api/v1/plan")
        assert status == 200, plan
        return [
            s["date"]
            for week in plan["weeks"]
            for s in week["sessions"]
            if s["date"] < TODAY.isoformat()
        ]


@contextmanager
def _serving(database: Path, **options: Any) -> Iterator[LiveServer]:
    """The app under uvicorn in a thread, on a free port, over a new SQLite file;
    `options` go to `create_app` (`multi_user=True, hasher=...` for a server with accounts)."""
    import uvicorn

    from runstrong.adapters.db import dispose
    from runstrong.entrypoints.web.app import create_app

    app = create_app(f"sqlite:///{database}", **options)
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listening.bind(("127.0.0.1", 0))  # a free port, held from here on: no race for it
    port = listening.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the live server did not start"
        time.sleep(0.02)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listening.close()
        dispose()


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    with _serving(tmp_path / "runstrong.db") as live:
        # The bundled marathon runner, started two weeks ago so that sessions fall on past dates.
        profile = json.loads((EXAMPLES / "intermediate-marathon-gym.json").read_text())
        profile["start_date"] = (MONDAY - dt.timedelta(weeks=2)).isoformat()
        profile["goal"]["date"] = (MONDAY + dt.timedelta(weeks=20, days=6)).isoformat()
        status, body = live.api("PUT", "/api/v1/profile", profile)
        assert status == 200, body
        yield live


@dataclass
class Clock:
    """The server's "today", to be moved on: the day a runner comes back to the app."""

    today: dt.date = TODAY

    def __call__(self) -> dt.date:
        return self.today


@dataclass
class NewRunnerServer(LiveServer):
    clock: Clock = field(default_factory=Clock)


@pytest.fixture
def new_runner_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[NewRunnerServer]:
    """The app over an empty database: no runner stored, as on a new runner's first visit.

    A new runner's plan starts on the Monday coming, and a session is logged once it is
    done, so the server's day is the test's to move (`clock.today`): the runner signs up
    today and comes back on the day of a session.
    """
    from runstrong.entrypoints.web import api, pages, runner_pages

    clock = Clock()
    for module in (api, pages, runner_pages):  # each holds its own name for the function
        monkeypatch.setattr(module, "_today", clock)
    with _serving(tmp_path / "runstrong.db") as live:
        yield NewRunnerServer(live.url, clock)


@dataclass
class MultiUserServer(NewRunnerServer):
    """A server with accounts; `database_url` and `hasher` make accounts beside it."""

    database_url: str = ""
    hasher: Any = None

    def create_user(self, name: str, password: str, role: str) -> Any:
        from runstrong.adapters.db import connect
        from runstrong.services import accounts

        now = dt.datetime.now(dt.UTC)
        return accounts.create_user(
            connect(self.database_url), self.hasher, name, password, role, now
        )


@pytest.fixture
def multi_user_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MultiUserServer]:
    """A server with accounts over an empty database (no account yet: the test makes
    them with `create_user`), its day the test's to move as in `new_runner_server`."""
    from runstrong.adapters.passwords import fast_hasher
    from runstrong.entrypoints.web import account_pages, api, coach_pages, pages, runner_pages

    clock = Clock()
    for module in (api, pages, runner_pages, coach_pages, account_pages):
        monkeypatch.setattr(module, "_today", clock)
    database = tmp_path / "runstrong.db"
    hasher = fast_hasher()
    with _serving(database, multi_user=True, hasher=hasher) as live:
        yield MultiUserServer(live.url, clock, f"sqlite:///{database}", hasher)


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A phone-sized browser context: 390 x 844, touch, with `navigator.vibrate` counted."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(5_000)  # a missing feature fails fast, not after 30 s
    # Counting buzzes shows the timers signal; headless Chromium has no motor to run.
    context.add_init_script(
        "window.buzzes = 0; navigator.vibrate = () => { window.buzzes += 1; return true; };"
    )
    yield context
    context.close()
