"""Private sections (a password or login on a page) stay out of every public listing."""

import re

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import ConferencePageFactory, DayPageFactory, TalkPageFactory


def make_private(page) -> None:
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="sesame"
    )


@pytest.fixture
def talks(day):
    return [TalkPageFactory(parent=day, title=f"Searchable talk {n}") for n in range(3)]


def test_a_private_conference_is_left_out_of_the_home_page_and_search(client, home, talks):
    secret = ConferencePageFactory(parent=home, title="Secret Conf")
    TalkPageFactory(parent=DayPageFactory(parent=secret), title="Searchable secret")
    make_private(secret)
    assert "Secret Conf" not in client.get("/").content.decode()
    html = client.get("/search/?q=searchable").content.decode()
    results = re.sub(r"</?mark>", "", html)
    assert "Searchable talk 1" in results and "Searchable secret" not in results


def test_a_private_talk_is_left_out_of_its_day_and_its_neighbours_links(client, day, talks):
    make_private(talks[1])
    assert "Searchable talk 1" not in client.get(day.url).content.decode()
    first = client.get(talks[0].url).content.decode()
    assert talks[2].url in first and talks[1].url not in first
    password_form = client.get(talks[1].url).content.decode()
    assert "What the talk was about" not in password_form


def test_breadcrumbs_lead_from_the_home_page_to_the_talk(client, home, conference, day, talks):
    html = client.get(talks[0].url).content.decode()
    crumbs = html[html.index('aria-label="Breadcrumb"') : html.index("</nav>")]
    pages = (home, conference, day, talks[0])
    positions = [crumbs.index(f'<a href="{page.url}"') for page in pages]
    assert positions == sorted(positions)
    assert crumbs.count("<li>") == len(pages)
