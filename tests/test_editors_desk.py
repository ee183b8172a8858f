"""The admin as an editor finds it: days in schedule order, proper labels, a clear message
after a refused publish, a code field that reads like code, demo speakers published cleanly,
and a dashboard that says how many talks need work."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from talks.blocks import CodeBlock
from talks.models import DayPage, Speaker
from tests.editing import submit_edit
from tests.factories import ConferencePageFactory, DayPageFactory, TalkPageFactory

# Created in this order, and edited most recently last: nothing but the dates and the
# numbers in the titles puts them in schedule order.
DAYS = [
    ("Day 10", None),
    ("Day 2", datetime.date(2026, 6, 5)),
    ("Day 3", None),
    ("Day 1", datetime.date(2026, 6, 4)),
]
SCHEDULE = ["Day 1", "Day 2", "Day 3", "Day 10"]


def in_order(html: str, titles: list[str], marker: str = ">{}<") -> list[str]:
    return sorted(titles, key=lambda title: html.index(marker.format(title)))


def in_explorer_order(html: str, titles: list[str]) -> list[str]:
    # Each explorer row has a "More options for 'title'" menu.
    return in_order(html, titles, "More options for &#x27;{}&#x27;")


def make_days(conference) -> None:
    for title, date in DAYS:
        DayPageFactory(parent=conference, title=title, date=date).save_revision()


def test_explorer_lists_days_by_date_then_number(client, superuser, conference):
    make_days(conference)
    client.force_login(superuser)
    html = client.get(reverse("wagtailadmin_explore", args=[conference.pk])).content.decode()
    assert in_explorer_order(html, SCHEDULE) == SCHEDULE
    # Sorting by a column is still the editor's choice.
    by_title = client.get(
        reverse("wagtailadmin_explore", args=[conference.pk]), {"ordering": "-title"}
    ).content.decode()
    assert in_explorer_order(by_title, SCHEDULE) == ["Day 3", "Day 2", "Day 10", "Day 1"]


def test_conference_page_and_queries_list_days_in_schedule_order(client, conference):
    make_days(conference)
    html = client.get(conference.url).content.decode()
    assert in_order(html, SCHEDULE) == SCHEDULE
    listed = DayPage.objects.for_conference(conference).in_schedule_order()
    assert [day.title for day in listed] == SCHEDULE


def test_days_without_dates_or_numbers_keep_the_order_they_were_written_in(client, conference):
    written = ["Tuesday", "Wednesday", "Thursday"]  # alphabetically: Th, Tu, We
    for title in written:
        DayPageFactory(parent=conference, title=title).save_revision().publish()
    html = client.get(conference.url).content.decode()
    assert in_order(html, written) == written
    listed = DayPage.objects.for_conference(conference).in_schedule_order()
    assert [day.title for day in listed] == written


def test_a_renamed_day_takes_its_new_number(conference):
    day = DayPageFactory(parent=conference, title="Day 1")
    day.title = "Day 12"
    day.save(update_fields=["title"])
    assert DayPage.objects.get(pk=day.pk).number == 12


def test_url_fields_are_labelled_url(client, superuser, talk):
    client.force_login(superuser)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[talk.pk])).content.decode()
    for label in ("Talk URL", "Video URL", "Slides URL"):
        assert f">{label}<" in html.replace("\n", "").replace("  ", "")
    assert " url<" not in html.lower().replace("\n", "")
    assert Speaker._meta.get_field("profile_url").verbose_name == "profile URL"
    assert "Attribution URL" in html  # the quote block's field, in the StreamField's JSON


def test_refused_publish_says_nothing_was_published_and_what_saved_means(
    client, moderator, conference
):
    day = DayPageFactory(parent=conference, title="Day 1")
    client.force_login(moderator)
    outside = {"date": "2030-01-01"}  # after the conference: refused
    html = submit_edit(client, day, action="publish", **outside).content.decode()
    assert "The page could not be saved due to validation errors" in html
    assert "Not published: readers still see the last published version." in html
    assert "“Saved” at the top refers to your draft" in html
    draft = submit_edit(client, day, **outside).content.decode()
    assert "Not published" not in draft


def test_code_field_is_monospace_keeps_indentation_and_indents_with_tab():
    field = CodeBlock().child_blocks["code"].field
    assert field.clean("    indented\n\n") == "    indented\n\n"
    html = field.widget.render("code", "x = 1")
    assert "data-notes-code" in html and 'spellcheck="false"' in html
    media = str(field.widget.media)
    assert "talks/code-field.js" in media and "talks/code-field.css" in media


def test_demo_speakers_are_published_without_draft_changes(client, superuser, db):
    call_command("load_demo", stdout=StringIO())
    assert Speaker.objects.count() == 4
    assert not Speaker.objects.filter(has_unpublished_changes=True).exists()
    assert not Speaker.objects.filter(live_revision__isnull=True).exists()
    client.force_login(superuser)
    listing = client.get("/admin/snippets/talks/speaker/").content.decode()
    assert "Mira Okafor" in listing
    assert "draft" not in listing.lower().split("<tbody", 1)[1].split("</tbody>")[0]


def test_dashboard_counts_incomplete_talks_and_links_to_all_of_them(client, editor, home):
    conference = ConferencePageFactory(parent=home)
    day = DayPageFactory(parent=conference, title="Day 1")  # no date: every talk is incomplete
    for number in range(11):
        TalkPageFactory(parent=day, title=f"Undated talk {number}").save_revision()
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "11 talks missing details, 8 shown." in html
    assert (
        '<a href="/admin/talks/talkpage/?missing=any">See all 11 in the Talks listing</a>' in html
    )
    listing = client.get("/admin/talks/talkpage/", {"missing": "any"}).content.decode()
    assert all(f"Undated talk {number}<" in listing for number in range(11))
