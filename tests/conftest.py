import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser
from wagtail.models import Site

from accessibility.audit import BrowserUnavailable, chromium
from tests.factories import ConferencePageFactory, DayPageFactory, TalkPageFactory, make_user
from tests.prerequisites import missing

# Markers by folder, so `make test-fast` can leave out the slow real-server tests.
FOLDER_MARKERS = {"browser": pytest.mark.browser, "production": pytest.mark.stack}


def pytest_collection_modifyitems(items):
    for item in items:
        folder = item.path.parent.name
        if folder in FOLDER_MARKERS:
            item.add_marker(FOLDER_MARKERS[folder])
        if flushes_the_database(item):
            item.add_marker(pytest.mark.transactional)


def flushes_the_database(item) -> bool:
    """Tests that commit and flush (live server, transactional_db) empty the tables the
    migrations filled; `make test` runs them after the others, as pytest-django's own
    ordering does in a single process."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return (
        "transactional_db" in fixtures
        or "live_server" in fixtures
        or bool(marker and marker.kwargs.get("transaction"))
    )


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
    # Embed failures, renditions, pages and bodies are cached; each test starts cold.
    from django.core.cache import caches

    for alias in ("default", "renditions", "pages", "bodies"):
        caches[alias].clear()


@pytest.fixture
def editor(db):
    return make_user("eddie", group="Editors")


@pytest.fixture
def moderator(db):
    return make_user("mona", group="Moderators")


@pytest.fixture
def superuser(db):
    return make_user("admin", superuser=True)


# One Chromium for the whole session (Playwright's sync API allows one per thread),
# shared by tests/browser/ and the production stack test.
@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make between browser steps are still plain synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with chromium() as browser:
            yield browser
    except BrowserUnavailable as unavailable:
        missing(str(unavailable))
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
