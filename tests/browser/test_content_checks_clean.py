"""The content checker has nothing to report on the demo talks or on imported notes.

Editors see the checker's findings in the userbar on every page they open; a finding on
content the site itself produced (or the importer wrote) is one they cannot fix.

The tests share one site (`demo_server`, with the seed notes imported into it once) and
one moderator's login; the one test that adds a page removes it again.
"""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from talks.models import ConferencePage, DayPage, TalkPage
from tests.browser.admin_ui import log_in
from tests.browser.conftest import loaded_in_turn
from tests.factories import TalkPageFactory, make_user
from tests.notes.conftest import ONE_DAY, THREE_DAYS, import_file, seed

DEMO_CONFERENCE = "harbour-python-2026"


def checker_findings(page: Page, urls: list[str]) -> list[str]:
    """What the userbar's content checker reports on each page, once it has run there."""
    findings = []
    for url, tab, response in loaded_in_turn(page, urls):
        assert response is not None and response.status == 200, url
        count = tab.locator("#checker-trigger [data-content-checker-count]")
        expect(count).to_have_text(re.compile(r"^\d+$"), timeout=15_000)  # empty until run
        if count.text_content() == "0":
            continue
        rows = tab.locator("#checker-results [data-content-checker-row]")
        names = rows.locator("[data-content-checker-name]").all_text_contents()
        findings += [f"{url}: {name}" for name in names] or [
            f"{url}: {count.text_content()} issues"
        ]
    return findings


@pytest.fixture(scope="module")
def seed_notes(demo_server: str, django_db_blocker) -> None:
    """The seed notes imported and published into the module's demo site."""
    with django_db_blocker.unblock():
        for name in (THREE_DAYS, ONE_DAY):
            import_file(seed(name), "--publish")


@pytest.fixture(scope="module")
def moderator_login(browser: Browser, demo_server: str, django_db_blocker) -> dict:
    """A moderator on the module's demo site, signed in once: their browser state
    (cookies) for each test's own context."""
    with django_db_blocker.unblock():
        make_user("mona", group="Moderators")
    context = browser.new_context(base_url=demo_server)
    try:
        log_in(context.new_page(), "mona", "password", then="/")  # the cookies are what count
        return context.storage_state()
    finally:
        context.close()


@pytest.fixture
def editor_page(
    browser: Browser, demo_server: str, seed_notes, moderator_login: dict
) -> Iterator[Page]:
    context = browser.new_context(base_url=demo_server, storage_state=moderator_login)
    yield context.new_page()
    context.close()


def test_demo_talks_give_the_checker_nothing_to_report(editor_page, db):
    talks = TalkPage.objects.live().descendant_of(ConferencePage.objects.get(slug=DEMO_CONFERENCE))
    assert talks.count() >= 5
    assert checker_findings(editor_page, [talk.url for talk in talks]) == []


def test_imported_seed_pages_give_the_checker_nothing_to_report(editor_page, db):
    demo = ConferencePage.objects.get(slug=DEMO_CONFERENCE)
    imported = [
        *ConferencePage.objects.live().exclude(pk=demo.pk),
        *DayPage.objects.live().not_descendant_of(demo),
        *TalkPage.objects.live().not_descendant_of(demo),
    ]
    assert len(imported) > 10
    assert checker_findings(editor_page, [page.url for page in imported]) == []


@pytest.fixture
def talk_with_a_vague_link(demo_server, django_db_blocker) -> Iterator[str]:
    """A published talk on the demo's first day whose link says "click here"; its URL.
    Committed, for the live server to show, and deleted afterwards for the other tests."""
    with django_db_blocker.unblock():
        talk = TalkPageFactory(
            parent=DayPage.objects.descendant_of(
                ConferencePage.objects.get(slug=DEMO_CONFERENCE)
            ).first(),
            title="Notes with a vague link",
            body=[
                {
                    "type": "paragraph",
                    "value": '<p>Slides: <a href="https://x.example/">click here</a></p>',
                }
            ],
        )
        url = talk.url
    yield url
    with django_db_blocker.unblock():
        talk.delete()


def test_the_checker_does_report_what_an_editor_can_fix(editor_page, talk_with_a_vague_link):
    # The same helper finds a vague link, so an empty list above means nothing was found.
    findings = checker_findings(editor_page, [talk_with_a_vague_link])
    assert any("Link text doesn't say where it goes" in finding for finding in findings)
