"""Pages in real headless Chromium (the `browser` fixture in tests/conftest.py) via Django's live server."""

import threading
import time
from collections.abc import Iterator
from typing import Literal

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, Response
from pytest_django.live_server_helper import LiveServer

from accessibility.audit import axe_violations as axe_violations
from accessibility.audit import violations_in_each_scheme
from tests.database import restore_initial_data


@pytest.fixture
def page(browser: Browser, transactional_db, live_server) -> Iterator[Page]:
    # Set up after the database so it is torn down before the database is flushed, and
    # the flush waits until the live server has answered every request: the editor
    # autosaves on its own (after a refused publish, for one) and releases its editing
    # session with a beacon Playwright does not report as it unloads; a flush racing
    # either fails with "database table is locked" (or, on PostgreSQL, a deadlock).
    # Reduced motion: otherwise Wagtail's "What's new" badge pings for 25 s after every
    # admin page load, and an idle admin tab keeps the renderer at 13% of a core (the
    # admin accessibility test's renderer CPU fell from 21.0 to 13.2 s with it).
    context = browser.new_context(base_url=live_server.url, reduced_motion="reduce")
    yield context.new_page()
    context.close()
    wait_until_the_live_server_is_idle()


def wait_until_the_live_server_is_idle(seconds: float = 5) -> None:
    """Until the live server's threads have answered every connection they took in (each
    runs in a thread of its own, named after socketserver's process_request_thread)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(
        thread.name.endswith("(process_request_thread)") for thread in threading.enumerate()
    ):
        time.sleep(0.05)


@pytest.fixture
def demo(transactional_db):
    """The demo conference, visible to the live server's thread."""
    call_command("load_demo", verbosity=0)


@pytest.fixture(scope="module")
def demo_server(django_db_setup, django_db_blocker) -> Iterator[str]:
    """A live server with the demo conference, loaded once for a module whose tests only
    read it (pytest-django's `live_server` would flush the database after every test).
    Afterwards the database is as migrations left it."""
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)
        server = LiveServer("localhost")
        try:
            yield server.url
        finally:
            server.stop()
            restore_initial_data()


@pytest.fixture
def reader_page(browser: Browser, demo_server: str, db) -> Iterator[Page]:
    """A fresh tab on the demo site, as an anonymous reader. (`db` lets the test read the
    demo through the ORM too, and has pytest-django create the test database.)"""
    context = browser.new_context(base_url=demo_server)
    tab = context.new_page()
    yield tab
    context.close()


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} → {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )


# True once the document has fetched nothing for half a second, by its own resource timing.
# Playwright's "networkidle" counts the tab's requests instead; in 2 full runs of 4 (never
# with the file alone) it did not come in the second tab, which had shown a page editor
# before, and the wait ran out after 30 s.
QUIET_FOR_HALF_A_SECOND = """
() => {
    const fetched = performance.getEntriesByType("resource").length;
    const quiet = window.__quietSince;
    if (!quiet || quiet.fetched !== fetched) {
        window.__quietSince = {fetched, at: performance.now()};
        return false;
    }
    return performance.now() - quiet.at >= 500;
}
"""


def loaded_in_turn(
    page: Page, urls: list[str], until: Literal["load", "quiet"] = "load"
) -> Iterator[tuple[str, Page, Response | None]]:
    """Each of `urls` in turn: its tab (`page`, or a second one of the same context, so
    logged in alike) once loaded (and, for "quiet", once it has fetched nothing more for
    half a second), and the response to it.

    While the caller checks one page, the next is already loading in the other tab: the
    wait for its scripts overlaps the checks instead of following them. Each page is
    still checked fully loaded, in a tab that has loaded nothing else since it."""
    tabs = [page, page.context.new_page()]
    try:
        response = page.goto(urls[0], wait_until="commit") if urls else None
        for index, url in enumerate(urls):
            tab = tabs[index % 2]
            following = None
            if index + 1 < len(urls):
                # The other tab: the caller is done with the page it showed.
                following = tabs[(index + 1) % 2].goto(urls[index + 1], wait_until="commit")
            tab.wait_for_load_state("load")
            if until == "quiet":
                tab.wait_for_function(QUIET_FOR_HALF_A_SECOND, polling=100)
            yield url, tab, response
            response = following
    finally:
        tabs[1].close()


def violations_by_url(page: Page, urls: list[str]) -> dict[str, str]:
    """axe's violations on each of `urls` in each colour scheme, described; empty when
    all are clean."""
    found = {}
    for url, tab, _ in loaded_in_turn(page, urls):
        for scheme, violations in violations_in_each_scheme(tab).items():
            if violations:
                found[f"{url} ({scheme})"] = describe(violations)
    return found
