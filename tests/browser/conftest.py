"""Pages in real headless Chromium (the `browser` fixture in tests/conftest.py) via Django's live server."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from accessibility.audit import COLOUR_SCHEMES, in_each_colour_scheme
from accessibility.audit import axe_violations as axe_violations
from tests.database import restore_initial_data


@pytest.fixture
def page(browser: Browser, transactional_db, live_server) -> Iterator[Page]:
    # Set up after the database so it is torn down before the database is flushed, and
    # it waits for requests still in flight: the editor autosaves on its own (after a
    # refused publish, for one), and a flush racing that request fails with "database
    # table is locked".
    context = browser.new_context(base_url=live_server.url)
    in_flight: set = set()
    context.on("request", lambda request: in_flight.add(request))
    context.on("requestfinished", lambda request: in_flight.discard(request))
    context.on("requestfailed", lambda request: in_flight.discard(request))
    tab = context.new_page()
    yield tab
    for _ in range(100):
        if not in_flight:
            break
        tab.wait_for_timeout(100)
    context.close()


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


@contextmanager
def new_tab(browser: Browser, base_url: str) -> Iterator[Page]:
    """A tab in a fresh browser context (no cookies), closed afterwards."""
    context = browser.new_context(base_url=base_url)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def reader_page(browser: Browser, demo_server: str, db) -> Iterator[Page]:
    """A fresh tab on the demo site, as an anonymous reader. (`db` lets the test read the
    demo through the ORM too, and has pytest-django create the test database.)"""
    with new_tab(browser, demo_server) as tab:
        yield tab


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} → {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )


def violations_by_scheme(
    page: Page,
    urls: list[str],
    check: Callable[[Page], list[dict]] = axe_violations,
    visit: Callable[[Page, str], object] = Page.goto,
) -> dict[str, dict[str, str]]:
    """`check`'s violations on each of `urls` in each colour scheme, described, by scheme
    and URL (a scheme's dict is empty when all its pages are clean). `visit` opens a URL;
    each page is opened once for both schemes."""
    found: dict[str, dict[str, str]] = {scheme: {} for scheme in COLOUR_SCHEMES}
    for url in urls:
        visit(page, url)
        for scheme in in_each_colour_scheme(page):
            violations = check(page)
            if violations:
                found[scheme][url] = describe(violations)
    return found


def report(found: dict[str, str]) -> str:
    return "\n".join(f"{url}:\n{text}" for url, text in found.items())


def demo_violations(
    browser: Browser, demo_server: str, django_db_blocker, urls: Callable[[], list[str]]
) -> dict[str, dict[str, str]]:
    """axe's violations on the demo site's `urls()` (which may read the database), by
    colour scheme and URL: for a module-scoped fixture, so that both schemes' tests share
    one page load per URL."""
    with django_db_blocker.unblock():
        pages = urls()
    with new_tab(browser, demo_server) as tab:
        return violations_by_scheme(tab, pages)
