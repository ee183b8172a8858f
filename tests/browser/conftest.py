"""Pages in real headless Chromium (the `browser` fixture in tests/conftest.py) via Django's live server."""

import json
from collections.abc import Iterator
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Browser, Page

AXE_SCRIPT = Path(axe_playwright_python.__file__).parent / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url)
    tab = context.new_page()
    yield tab
    context.close()


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
