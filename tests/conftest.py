import pytest
from wagtail.models import Site

from tests.factories import ConferencePageFactory, DayPageFactory, TalkPageFactory, make_user


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


@pytest.fixture
def editor(db):
    return make_user("eddie", group="Editors")


@pytest.fixture
def moderator(db):
    return make_user("mona", group="Moderators")


@pytest.fixture
def superuser(db):
    return make_user("admin", superuser=True)
