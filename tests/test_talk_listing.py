"""The admin's Talks listing: every talk across conferences, filterable, with flat queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Site

from tests.database import rolled_back_on_exit
from tests.factories import (
    ConferencePageFactory,
    DayPageFactory,
    SpeakerFactory,
    TalkPageFactory,
)

LISTING = "/admin/talks/talkpage/"


@pytest.fixture(scope="module")
def two_conferences(django_db_setup, django_db_blocker):
    """Built once for the module; its tests only read it."""
    with rolled_back_on_exit(django_db_blocker):
        yield build_two_conferences(Site.objects.get(is_default_site=True).root_page.specific)


def build_two_conferences(home) -> dict:
    first = ConferencePageFactory(parent=home, title="Harbour Conf", slug="harbour")
    second = ConferencePageFactory(parent=home, title="Mountain Conf", slug="mountain")
    harbour_day = DayPageFactory(
        parent=first, title="Harbour day 1", date=datetime.date(2026, 6, 4)
    )
    mountain_day = DayPageFactory(parent=second, title="Mountain day 1")
    ada, grace = SpeakerFactory(name="Ada Lovelace"), SpeakerFactory(name="Grace Hopper")
    keynote = TalkPageFactory(parent=harbour_day, title="Harbour keynote", speakers=[ada])
    keynote.tags.add("python")
    keynote.save()
    draft = TalkPageFactory(
        parent=mountain_day, title="Mountain draft", summary="Ropes", speakers=[grace]
    )
    draft.unpublish()
    return {"keynote": keynote, "draft": draft, "ada": ada, "harbour": first, "day": harbour_day}


def listed_titles(client, **params) -> str:
    response = client.get(LISTING, params)
    assert response.status_code == 200
    return response.content.decode()


def test_listing_shows_talks_of_every_conference_with_their_columns(
    client, superuser, two_conferences
):
    client.force_login(superuser)
    html = listed_titles(client)
    assert "Harbour keynote" in html and "Mountain draft" in html
    assert "Harbour Conf" in html and "Mountain Conf" in html
    assert "Harbour day 1 (4 Jun 2026)" in html
    assert "Ada Lovelace" in html and "Grace Hopper" in html
    edit_url = reverse("wagtailadmin_pages:edit", args=[two_conferences["keynote"].pk])
    # The title is the one link to the editor (and back); no row of buttons crowds it.
    assert f'<a href="{edit_url}?next={LISTING}" title="Edit this talk">Harbour keynote</a>' in html
    assert 'class="actions"' not in html


def test_missing_details_filter_lists_talks_still_missing_something(client, superuser, conference):
    day = DayPageFactory(parent=conference, date=datetime.date(2026, 6, 4))
    TalkPageFactory(parent=day, title="Complete", speakers=[SpeakerFactory()])
    TalkPageFactory(parent=day, title="No speaker yet")
    TalkPageFactory(parent=day, title="No summary yet", summary="", speakers=[SpeakerFactory()])
    client.force_login(superuser)
    every = listed_titles(client, missing="any")
    assert "No speaker yet" in every and "No summary yet" in every
    assert "Complete<" not in every
    summary_only = listed_titles(client, missing="summary")
    assert "No summary yet" in summary_only and "No speaker yet" not in summary_only


@pytest.mark.parametrize(
    ("param", "key", "shown", "hidden"),
    [
        ("conference", "harbour", "Harbour keynote", "Mountain draft"),
        ("day", "day", "Harbour keynote", "Mountain draft"),
        ("speaker", "ada", "Harbour keynote", "Mountain draft"),
        ("tag", None, "Harbour keynote", "Mountain draft"),
        ("status", None, "Mountain draft", "Harbour keynote"),
    ],
)
def test_filters_narrow_the_listing(client, superuser, two_conferences, param, key, shown, hidden):
    client.force_login(superuser)
    value = {"tag": "python", "status": "draft"}.get(param) or two_conferences[key].pk
    html = listed_titles(client, **{param: value})
    assert shown in html
    assert hidden not in html


@pytest.mark.parametrize("param", ["conference", "day", "speaker"])
@pytest.mark.parametrize("value", ["abc", "1e5", "99999999999999999999", "-1"])
def test_a_filter_value_that_names_no_page_lists_every_talk(
    client, superuser, two_conferences, param, value
):
    client.force_login(superuser)
    html = listed_titles(client, **{param: value})
    assert "Harbour keynote" in html and "Mountain draft" in html


def test_search_matches_title_and_summary(client, superuser, two_conferences):
    client.force_login(superuser)
    assert "Mountain draft" in listed_titles(client, q="ropes")
    assert "Harbour keynote" not in listed_titles(client, q="ropes")
    assert "Harbour keynote" in listed_titles(client, q="keynote")


def test_sorting_by_conference_orders_rows(client, superuser, two_conferences):
    client.force_login(superuser)
    ascending = listed_titles(client, o="1")
    descending = listed_titles(client, o="-1")
    assert ascending.index("Harbour keynote") < ascending.index("Mountain draft")
    assert descending.index("Mountain draft") < descending.index("Harbour keynote")


def count_listing_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LISTING)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["superuser", "editor"])
def test_listing_queries_do_not_grow_with_rows(client, request, role, conference):
    client.force_login(request.getfixturevalue(role))
    day = DayPageFactory(parent=conference)
    speakers = [SpeakerFactory() for _ in range(3)]
    for number in range(10):
        TalkPageFactory(parent=day, speakers=speakers[: 1 + number % 3])
    client.get(LISTING)  # warm the session and the user's permission caches
    ten = count_listing_queries(client)
    for number in range(10):
        TalkPageFactory(parent=day, speakers=speakers[: 1 + number % 3])
    twenty = count_listing_queries(client)
    print(f"talks listing as {role}: {ten} queries with 10 talks, {twenty} with 20")
    assert ten == twenty
