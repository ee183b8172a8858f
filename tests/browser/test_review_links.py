"""An editor shares a talk's draft with a speaker, who reads it without an account."""

import datetime
from contextlib import AbstractContextManager

import pytest
from freezegun import freeze_time
from playwright.sync_api import Browser, expect
from wagtail.models import Site

from talks.models import ReviewLink
from tests.browser.admin_ui import log_in
from tests.factories import ConferencePageFactory, DayPageFactory, TalkPageFactory, make_user


@pytest.fixture
def drafted_talk(transactional_db):
    home = Site.objects.get(is_default_site=True).root_page
    conference = ConferencePageFactory(parent=home, title="Review Conf", slug="review-conf")
    day = DayPageFactory(parent=conference, title="Day 1", slug="day-1")
    talk = TalkPageFactory(parent=day, title="Quotes to check", summary="The live summary.")
    talk.summary = "Draft: the speaker said it better."
    talk.save_revision()
    make_user("eddie", group="Editors")
    return talk


def clock_at(moment: datetime.datetime) -> AbstractContextManager:
    """The clock stopped at `moment` for this process, the live server's thread included.

    Playwright's timers and deadlines (asyncio's loop.time, its own monotonic_time) keep
    the real clock: freezegun's monotonic clock counts from 1970, so a timer set before
    the move would fire at once, and one set during it never after.
    """
    return freeze_time(moment, ignore=["asyncio", "playwright"])


def test_speaker_reads_the_shared_draft_until_it_expires_or_is_revoked(
    page, browser: Browser, live_server, drafted_talk
):
    log_in(page, "eddie", "password", then=f"/admin/pages/{drafted_talk.pk}/edit/")
    status = page.locator("[data-review-link-status]")
    expect(status).to_contain_text("No review link is active")
    status.get_by_role("link", name="Share the draft with a speaker").click()
    page.get_by_label("Expires after").select_option("7")
    page.get_by_label("For").fill("Ada")
    page.get_by_role("button", name="Create review link").click()
    expect(page.locator(".messages")).to_contain_text("Review link created")
    review_url = page.get_by_role("textbox", name="Review link").input_value()
    expires_at = ReviewLink.objects.get(talk=drafted_talk).expires_at
    one_minute = datetime.timedelta(minutes=1)

    speaker = browser.new_context()  # no cookies: not signed in
    reader = speaker.new_page()
    try:
        assert reader.goto(review_url).status == 200
        main = reader.locator("main")
        expect(main.get_by_role("heading", level=1)).to_have_text("Quotes to check")
        expect(main).to_contain_text("Draft: the speaker said it better.")
        expect(main).not_to_contain_text("The live summary.")
        expect(main).to_contain_text("A draft shared for review")

        with clock_at(expires_at - one_minute):
            assert reader.goto(review_url).status == 200
        with clock_at(expires_at + one_minute):
            assert reader.goto(review_url).status == 404
            expect(main).not_to_contain_text("the speaker said it better")
        # Back to today the link opens again: the 404 came from the server's moved clock.
        assert reader.goto(review_url).status == 200

        page.goto(f"/admin/pages/{drafted_talk.pk}/edit/")
        expect(status).to_contain_text("A review link is active until")
        status.get_by_role("link", name="Manage review links").click()
        page.get_by_role("button", name="Revoke this link").click()
        expect(page.locator(".messages")).to_contain_text("Review link revoked")

        assert reader.goto(review_url).status == 404
        expect(reader.locator("main")).not_to_contain_text("the speaker said it better")
    finally:
        speaker.close()
