"""Routing (core/routing.py) finds each page as its own type, with its ancestors and
their privacy, from one query written in SQL (core/page_types.py)."""

import datetime

from wagtail.models import Page, PageViewRestriction

from core.routing import page_at_url_path
from talks.models import TalkPage
from tests.factories import ConferencePageFactory, DayPageFactory, TalkPageFactory


def test_each_page_is_found_as_its_own_type_with_its_ancestors_and_fields(home):
    conference = ConferencePageFactory(parent=home, slug="conf")
    day = DayPageFactory(parent=conference, slug="day-1")
    published = datetime.datetime(2026, 6, 4, 9, 30, tzinfo=datetime.UTC)
    talk = TalkPageFactory(
        parent=day, slug="talk", summary="What it was about.", first_published_at=published
    )
    root_path = home.path[: Page.steplen]
    for _ in range(2):  # the select and the converters are kept after the first
        for page in (home, conference, day, talk):
            found = page_at_url_path(page.url_path, root_path)
            assert (found.pk, type(found)) == (page.pk, type(page.specific))
            assert [a.pk for a in found.breadcrumb_ancestors()] == [
                a.pk for a in page.get_ancestors().filter(depth__gt=1)
            ]
    found = page_at_url_path(talk.url_path, root_path)
    assert found.summary == "What it was about." and found.live is True
    assert found.first_published_at == published  # SQLite's text, converted
    assert found.nearest_ancestor(type(conference)).title == conference.title
    assert page_at_url_path(home.url_path + "conf/no-such-day/", root_path) is None


def test_a_page_made_private_is_read_as_private_below_it(home):
    conference = ConferencePageFactory(parent=home, slug="conf")
    talk = TalkPageFactory(parent=DayPageFactory(parent=conference, slug="day-1"))
    root_path = home.path[: Page.steplen]
    assert not page_at_url_path(talk.url_path, root_path).get_view_restrictions()
    PageViewRestriction.objects.create(page=conference, restriction_type="login")
    assert page_at_url_path(talk.url_path, root_path).get_view_restrictions()


def test_a_page_not_yet_in_the_tree_has_no_ancestors(db):
    # No paths to look up: PostgreSQL refuses an empty `IN ()`, so none is written.
    assert TalkPage(title="Unsaved").breadcrumb_ancestors() == []
