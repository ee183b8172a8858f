"""Page links are remembered per page path and site layout (core/page_urls.py), and a
change to any of those is linked at once."""

from django.urls import set_script_prefix
from wagtail.models import Site

from tests.factories import DayPageFactory


def fresh(page):
    return type(page).objects.get(pk=page.pk)


def test_a_talk_moved_to_another_day_is_linked_at_its_new_address(client, talk, conference):
    listing = client.get(conference.url).content.decode()
    assert 'href="/harbour-test/day-1/a-talk/"' in listing
    other_day = DayPageFactory(parent=conference, title="Day 2", slug="day-2")
    talk.move(other_day, pos="last-child")

    listing = client.get(conference.url).content.decode()
    assert 'href="/harbour-test/day-2/a-talk/"' in listing
    assert "/day-1/a-talk/" not in listing


def test_a_renamed_slug_gives_the_new_address(talk):
    assert fresh(talk).url == "/harbour-test/day-1/a-talk/"
    talk.slug = "renamed"
    talk.save_revision().publish()
    assert fresh(talk).url == "/harbour-test/day-1/renamed/"


def test_links_follow_the_sites_address_and_the_script_prefix(talk):
    assert fresh(talk).full_url == "http://localhost/harbour-test/day-1/a-talk/"
    Site.objects.filter(is_default_site=True).update(hostname="notes.example", port=443)
    Site.clear_site_root_paths_cache()
    assert fresh(talk).full_url == "https://notes.example/harbour-test/day-1/a-talk/"

    set_script_prefix("/notes/")
    try:
        assert fresh(talk).url == "/notes/harbour-test/day-1/a-talk/"
    finally:
        set_script_prefix("/")
    assert fresh(talk).url == "/harbour-test/day-1/a-talk/"
