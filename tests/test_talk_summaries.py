"""Talk summaries in listings are rendered once per distinct summary (talks/summaries.py):
what a reader sees still follows every edit at once."""

import datetime

from django.template import Context, Template
from django.utils import translation

from talks.models import TalkPage
from tests.factories import DayPageFactory, SpeakerFactory, TalkPageFactory


def summary_of(html: str, title: str) -> str:
    start = html.index(title)
    return html[html.rindex("<article", 0, start) : html.index("</article>", start)]


def test_an_edit_to_a_talk_shows_in_the_listings_at_once(client, conference, day):
    speaker = SpeakerFactory(name="Grace Hopper", slug="grace")
    talk = TalkPageFactory(parent=day, title="Compilers", slug="compilers", speakers=[speaker])
    assert "Grace Hopper" in summary_of(client.get(conference.url).content.decode(), "Compilers")

    talk.title = "Compilers, again"
    talk.summary = "Now with a new summary."
    talk.save_revision().publish()
    speaker.name = "Rear Admiral Grace Hopper"
    speaker.save()

    listing = summary_of(client.get(conference.url).content.decode(), "Compilers, again")
    assert "Now with a new summary." in listing
    assert "Rear Admiral Grace Hopper" in listing
    assert 'href="/speakers/grace/"' in listing


def test_one_talk_is_shown_with_each_listings_heading_level_and_context(client, conference, day):
    speaker = SpeakerFactory(name="Ada Lovelace", slug="ada")
    TalkPageFactory(parent=day, title="Engines", slug="engines", speakers=[speaker])

    on_conference = summary_of(client.get(conference.url).content.decode(), "Engines")
    on_day = summary_of(client.get(day.url).content.decode(), "Engines")
    on_speaker = summary_of(client.get("/speakers/ada/").content.decode(), "Engines")

    assert (
        '<h3 class="talk-summary__title"><a href="/harbour-test/day-1/engines/">' in on_conference
    )
    assert '<h2 class="talk-summary__title"><a href="/harbour-test/day-1/engines/">' in on_day
    assert "Harbour Test Conf" in on_speaker and "Harbour Test Conf" not in on_conference


def test_hostile_text_in_a_summary_is_shown_as_text(client, day):
    TalkPageFactory(
        parent=day,
        title="<script>alert(1)</script>",
        slug="hostile",
        summary="<img src=x onerror=alert(2)>",
    )
    html = client.get(day.url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<img src=x" not in html


def test_a_summary_kept_in_an_editors_language_is_not_shown_to_readers(home, conference):
    day = DayPageFactory(
        parent=conference, title="Day 1", slug="day-1", date=datetime.date(2026, 6, 4)
    )
    TalkPageFactory(parent=day, title="Engines", slug="engines")
    talk = TalkPage.objects.as_summaries().with_speakers().with_conference_and_day().get()
    listing = Template("{% load reader_tags %}{% talk_summary talk show_context=True %}")

    with translation.override("fr"):  # an editor's preview in French
        assert "4 juin 2026" in listing.render(Context({"talk": talk}))
    assert "4 June 2026" in listing.render(Context({"talk": talk}))
