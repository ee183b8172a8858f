"""Real headless Chromium (Debian's) driven by Playwright, against Django's live server."""

import json
import os
from collections.abc import Iterator
from pathlib import Path

import axe_playwright_python
import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, sync_playwright

from talks.accessibility import WCAG_AXE_TAGS

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE_SCRIPT = Path(axe_playwright_python.__file__).parent / "axe.min.js"
AXE_TAGS = WCAG_AXE_TAGS


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        message = (
            f"Chromium not found at {CHROMIUM}. Install it with `apt-get install -y chromium` "
            "(`make test` does so when run as root) or set CHROMIUM_PATH."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make between browser steps are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def demo(transactional_db, django_db_serialized_rollback):
    """The demo conference, visible to the live server's thread."""
    call_command("load_demo", verbosity=0)


def axe_violations(page: Page, tags: list[str] | None = None) -> list[dict]:
    """Run the real axe-core in the page; returns its violations (empty when clean)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    options = json.dumps({"runOnly": {"type": "tag", "values": tags or AXE_TAGS}})
    result = page.evaluate(f"async () => await axe.run(document, {options})")
    return result["violations"]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} → {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )
