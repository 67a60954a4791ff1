"""The start form in a real browser (Debian's chromium): htmx checks a field as it is
left, the reason appears beside it and the field is marked invalid, then valid again
once the answer is fixed. Skipped where there is no chromium."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def base_url(tmp_path: Path) -> Iterator[str]:
    import uvicorn

    from runstrong.entrypoints.web.app import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(f"sqlite:///{tmp_path / 'runstrong.db'}")
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_a_field_is_checked_as_it_is_left_and_marked_to_match(base_url: str) -> None:
    if not CHROMIUM.exists():
        pytest.skip("no chromium at /usr/bin/chromium")
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM))
        try:
            page = browser.new_page()
            page.goto(f"{base_url}/start")
            minutes = page.get_by_label("Minutes a session")
            minutes.fill("5")
            minutes.press("Tab")
            expect(page.locator("#minutes-error")).to_contain_text("15 to 90")
            expect(minutes).to_have_attribute("aria-invalid", "true")
            minutes.fill("45 min")
            minutes.press("Tab")
            expect(page.locator("#minutes-error")).to_have_text("")
            expect(minutes).not_to_have_attribute("aria-invalid", "true")
        finally:
            browser.close()
