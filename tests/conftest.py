import copy
import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser
from pytest_django.plugin import blocking_manager_key
from wagtail.models import Site

from accessibility.audit import BrowserUnavailable, chromium
from tests import database
from tests.factories import ConferencePageFactory, DayPageFactory, TalkPageFactory, make_user
from tests.prerequisites import missing
from tests.readers import PUBLIC_BASE, World, build_world

# Markers by folder, so `make test-fast` can leave out the slow real-server tests.
FOLDER_MARKERS = {"browser": pytest.mark.browser, "production": pytest.mark.stack}
SLOW_FOLDERS = ["production", "browser"]
# The slowest file, and it needs no test database (its servers are its own): it goes
# first, so one process starts it while the other migrates the template database.
FIRST_FILE = "tests/production/test_stack.py"


def pytest_configure(config):
    if not hasattr(config, "workerinput"):  # the controller, or a run in one process
        database.start_run()


def pytest_unconfigure(config):
    if not hasattr(config, "workerinput"):
        database.end_run()


def pytest_collection_modifyitems(items):
    for item in items:
        folder = item.path.parent.name
        if folder in FOLDER_MARKERS:
            item.add_marker(FOLDER_MARKERS[folder])
    # The slowest files (real servers, then the browser) start first, so that the many
    # quick ones even out the processes' load at the end (with --no-loadscope-reorder).
    items.sort(
        key=lambda item: (
            item.nodeid.split("::")[0] != FIRST_FILE,
            SLOW_FOLDERS.index(item.path.parent.name)
            if item.path.parent.name in SLOW_FOLDERS
            else len(SLOW_FOLDERS),
        )
    )


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker):
    with django_db_blocker.unblock():
        name = database.create_test_database()
    yield
    with django_db_blocker.unblock():
        database.destroy_test_database(name)


def flushes_the_database(item) -> bool:
    """Tests that commit and flush (live server, transactional_db)."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return (
        "transactional_db" in fixtures
        or "live_server" in fixtures
        or bool(marker and marker.kwargs.get("transaction"))
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # After the test's own fixtures are gone (its flush included), so that whatever runs
    # next in this process finds the site, its root page and the roles. (After the last
    # test the session's fixtures are gone too, the database with them.)
    outcome = yield
    if flushes_the_database(item) and nextitem is not None:
        with item.config.stash[blocking_manager_key].unblock():
            database.restore_initial_data()
    return outcome


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


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """tests/readers.py's world, built once for a module: each test's own transaction
    rolls back what it writes, and this one takes the world away after the last."""
    with database.rolled_back_on_exit(django_db_blocker):
        yield build_world(Site.objects.get(is_default_site=True).root_page.specific)


@pytest.fixture
def world(module_world, db) -> World:
    # The world's rows are shared; its page objects are each test's own, as Django's
    # setUpTestData gives them, so that what a test changes on them stays in that test.
    return copy.deepcopy(module_world)


@pytest.fixture
def public_base_url(settings) -> str:
    """Absolute links (feeds, the read API) on the public site's address."""
    settings.WAGTAILADMIN_BASE_URL = PUBLIC_BASE
    return PUBLIC_BASE


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
