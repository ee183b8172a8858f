"""Every reading page renders its content; drafts never show."""

import datetime

import pytest
from django.test import Client, override_settings

from tests.factories import (
    ConferencePageFactory,
    DayPageFactory,
    SpeakerFactory,
    TalkPageFactory,
)


def get_html(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_home_lists_conferences_newest_first(client, home):
    ConferencePageFactory(
        parent=home, title="Older Conf", start_date=datetime.date(2024, 5, 1), end_date=None
    )
    ConferencePageFactory(
        parent=home, title="Newer Conf", start_date=datetime.date(2025, 5, 1), end_date=None
    )
    html = get_html(client, "/")
    assert html.index("Newer Conf") < html.index("Older Conf")
    assert html.count("<h1>") == 1


def test_home_hides_draft_conferences(client, home):
    ConferencePageFactory(parent=home, title="Secret Conf", live=False)
    assert "Secret Conf" not in get_html(client, "/")


def test_conference_page_shows_days_in_date_order_with_their_talks(client, conference):
    later = DayPageFactory(parent=conference, title="Friday", date=datetime.date(2026, 6, 6))
    earlier = DayPageFactory(parent=conference, title="Thursday", date=datetime.date(2026, 6, 4))
    undated = DayPageFactory(parent=conference, title="Extra day", date=None)
    speaker = SpeakerFactory(name="Grace Hopper")
    TalkPageFactory(parent=later, title="Friday keynote", speakers=[speaker])
    TalkPageFactory(parent=earlier, title="Thursday opener")
    TalkPageFactory(parent=undated, title="Bonus talk")
    TalkPageFactory(parent=earlier, title="Draft talk", live=False)

    html = get_html(client, conference.url)
    assert html.index("Thursday") < html.index("Friday") < html.index("Extra day")
    assert html.index("Thursday opener") < html.index("Friday keynote")
    assert "Grace Hopper" in html
    assert "Draft talk" not in html
    assert "Harbour Test Conf" in html and "Porto" in html
    assert '<time datetime="2026-06-04">4 June 2026</time>' in html


def test_day_page_lists_its_talks_in_tree_order(client, day):
    TalkPageFactory(parent=day, title="First talk", summary="About first things.")
    TalkPageFactory(parent=day, title="Second talk")
    html = get_html(client, day.url)
    assert html.index("First talk") < html.index("Second talk")
    assert "About first things." in html


def test_talk_page_shows_speakers_links_summary_body_and_neighbours(client, conference, day):
    day_two = DayPageFactory(parent=conference, title="Day 2")
    ada = SpeakerFactory(name="Ada Lovelace", slug="ada")
    hidden = SpeakerFactory(name="Unpublished Person", live=False)
    before = TalkPageFactory(parent=day, title="Before")
    talk = TalkPageFactory(
        parent=day,
        title="The talk",
        summary="One-line summary.",
        talk_url="https://conf.example/t",
        video_url="https://video.example/v",
        slides_url="https://slides.example/s",
        speakers=[ada, hidden],
        body=[{"type": "paragraph", "value": "<p>Body text here.</p>"}],
    )
    after = TalkPageFactory(parent=day_two, title="After")
    html = get_html(client, talk.url)
    assert '<a href="/speakers/ada/">Ada Lovelace</a>' in html
    assert "Unpublished Person" not in html
    # Each link says what it is, and where it goes in words a reader sees.
    for label, url in (
        ("Talk page", "https://conf.example/t"),
        ("Video", "https://video.example/v"),
        ("Slides", "https://slides.example/s"),
    ):
        assert f'<a href="{url}">{label}</a> <span class="talk-links__address">{url}</span>' in html
    assert "One-line summary." in html and "Body text here." in html
    assert f'href="{before.url}" rel="prev"' in html
    assert f'href="{after.url}" rel="next"' in html


def test_previous_and_next_talks_skip_unpublished_ones(client, day):
    before = TalkPageFactory(parent=day, title="Before")
    TalkPageFactory(parent=day, title="Draft before", live=False)
    talk = TalkPageFactory(parent=day, title="The talk")
    TalkPageFactory(parent=day, title="Draft after", live=False)
    after = TalkPageFactory(parent=day, title="After")
    html = get_html(client, talk.url)
    assert f'href="{before.url}" rel="prev"' in html
    assert f'href="{after.url}" rel="next"' in html


def test_talk_page_has_landmarks_breadcrumbs_skip_link_and_one_h1(client, talk):
    html = get_html(client, talk.url)
    assert '<html lang="en">' in html
    assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html
    assert '<nav class="breadcrumbs" aria-label="Breadcrumb">' in html
    assert html.count("<h1") == 1
    assert 'aria-current="page"' in html
    assert 'media="print"' in html


def test_draft_talk_is_not_served(client, day):
    draft = TalkPageFactory(parent=day, title="Not yet", live=False)
    get_html(client, f"{day.url}{draft.slug}/", status=404)


def test_speaker_page_lists_their_published_talks_across_conferences(client, home, talk):
    speaker = SpeakerFactory(name="Linus", slug="linus")
    other_conf = ConferencePageFactory(parent=home, title="Other Conf")
    other_day = DayPageFactory(parent=other_conf)
    TalkPageFactory(parent=other_day, title="Second talk by Linus", speakers=[speaker])
    from talks.models import TalkSpeaker

    TalkSpeaker.objects.create(talk=talk, speaker=speaker)
    TalkPageFactory(parent=other_day, title="Draft by Linus", speakers=[speaker], live=False)
    html = get_html(client, "/speakers/linus/")
    assert "<h1>Linus</h1>" in html
    assert "A talk" in html and "Second talk by Linus" in html
    assert "Draft by Linus" not in html


def test_unpublished_speaker_has_no_public_page(client, db):
    SpeakerFactory(slug="hidden", live=False)
    get_html(client, "/speakers/hidden/", status=404)


def test_unknown_address_gets_the_friendly_404_page(client, db):
    html = get_html(client, "/no-such-notes/", status=404)
    assert "<h1>Page not found</h1>" in html and "Skip to main content" in html


@override_settings(DEBUG=False)
def test_server_error_page_renders_without_the_database():
    # No `db` fixture: pytest-django fails any query this view makes.
    from core.views import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_search_finds_a_talk_by_summary(client, day):
    TalkPageFactory(parent=day, title="Caching talk", summary="Memoisation everywhere")
    html = get_html(client, "/search/?q=memoisation")
    assert "1 talk found" in html and "Caching talk" in html


@pytest.mark.parametrize("url", ["/sitemap.xml"])
def test_sitemap_lists_live_pages(client, talk, url):
    body = get_html(client, url)
    assert f"http://testserver{talk.url}" in body  # WAGTAILADMIN_BASE_URL, not the Site's host


def test_hostile_text_in_conference_day_and_speaker_fields_is_escaped(client, home):
    hostile = "<script>alert(1)</script>{{ 7|add:7 }}"
    conference = ConferencePageFactory(parent=home, title=hostile, location=hostile)
    day = DayPageFactory(parent=conference, title=hostile)
    speaker = SpeakerFactory(name=hostile, slug="hostile", handle=hostile)
    talk = TalkPageFactory(parent=day, title=hostile, speakers=[speaker])
    for url in ("/", conference.url, day.url, talk.url, "/speakers/hostile/"):
        html = get_html(client, url)
        assert "<script>alert(1)" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;{{ 7|add:7 }}" in html, url


def test_a_talk_by_one_speaker_says_speaker_and_by_two_says_speakers(client, day):
    ada, bo = SpeakerFactory(name="Ada Lovelace"), SpeakerFactory(name="Bo Bennett")
    alone = TalkPageFactory(parent=day, title="Alone", speakers=[ada])
    paired = TalkPageFactory(parent=day, title="Paired", speakers=[ada, bo])
    assert "Speaker: </span>" in get_html(client, alone.url)
    assert "Speakers: </span>" in get_html(client, paired.url)
    day_html = get_html(client, day.url)
    assert day_html.count("Speaker: </span>") == 1
    assert day_html.count("Speakers: </span>") == 1
