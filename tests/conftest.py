import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright
from wagtail.models import Site

from tests.factories import ConferencePageFactory, DayPageFactory, TalkPageFactory

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture
def home(db):
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def conference(home):
    return ConferencePageFactory(parent=home, title="Harbour Test Conf", slug="harbour-test")


@pytest.fixture
def day(conference):
    return DayPageFactory(parent=conference, title="Day 1", slug="day-1")


@pytest.fixture
def talk(day):
    return TalkPageFactory(parent=day, title="A talk", slug="a-talk")


@pytest.fixture(autouse=True)
def _clear_caches():
    # Embed failures and renditions are cached; each test starts cold.
    from django.core.cache import caches

    for alias in ("default", "renditions"):
        caches[alias].clear()


# One Chromium for the whole session (Playwright's sync API allows one per thread),
# shared by tests/browser/ and the production stack test.
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
