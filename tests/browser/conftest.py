"""Browser tests: Playwright driving Debian's Chromium against the app under gunicorn."""

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from app.directory import load_directory
from tests.live_server import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items):
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError("CI must run the browser tests: /usr/bin/chromium is missing")
    skip = pytest.mark.skip(
        reason="Chromium is not installed at /usr/bin/chromium "
        "(apt-get install -y chromium); .ci/run installs it"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def live_server(database_url, tmp_path):
    engine = create_engine(database_url)
    with Session(engine) as session:
        load_directory(session)
        session.commit()
    engine.dispose()
    server = LiveServer(database_url, tmp_path / "instance").start()
    yield server
    server.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


class AccessibilityChecker:
    """Runs axe-core on every page it is given and remembers what it checked."""

    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.checked: list[str] = []

    def check(self, page) -> None:
        """Run axe at desktop width and at 320 px (reflow), then restore the viewport."""
        original = page.viewport_size
        for width in (original["width"], 320):
            page.set_viewport_size({"width": width, "height": original["height"]})
            options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
            results = self.axe.run(page, options=options)
            violations = results.response["violations"]
            assert violations == [], f"{page.url} at {width}px:\n{results.generate_report()}"
            # Reflow: nothing may scroll sideways at 320 px (WCAG 1.4.10).
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {width}px"
        page.set_viewport_size(original)
        self.checked.append(page.url)


@pytest.fixture
def axe():
    return AccessibilityChecker()
