"""The content checker has nothing to report on the demo talks or on imported notes.

Editors see the checker's findings in the userbar on every page they open; a finding on
content the site itself produced (or the importer wrote) is one they cannot fix.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from talks.models import ConferencePage, DayPage, TalkPage
from tests.browser.admin_ui import log_in
from tests.factories import make_user
from tests.notes.conftest import ONE_DAY, THREE_DAYS, import_file, seed

DEMO_CONFERENCE = "harbour-python-2026"


def checker_findings(page: Page, url: str) -> list[str]:
    """What the userbar's content checker reports on a page, once it has run."""
    assert page.goto(url).status == 200
    count = page.locator("#checker-trigger [data-content-checker-count]")
    expect(count).to_have_text(re.compile(r"^\d+$"), timeout=15_000)  # empty until run
    if count.text_content() == "0":
        return []
    rows = page.locator("#checker-results [data-content-checker-row]")
    names = rows.locator("[data-content-checker-name]").all_text_contents()
    return [f"{url}: {name}" for name in names] or [f"{url}: {count.text_content()} issues"]


@pytest.fixture
def editor_page(page: Page, demo) -> Page:
    make_user("mona", group="Moderators")
    log_in(page, "mona", "password")
    return page


def test_demo_talks_give_the_checker_nothing_to_report(editor_page):
    talks = TalkPage.objects.live().descendant_of(ConferencePage.objects.get(slug=DEMO_CONFERENCE))
    findings = [f for talk in talks for f in checker_findings(editor_page, talk.url)]
    assert talks.count() >= 5
    assert findings == []


def test_imported_seed_pages_give_the_checker_nothing_to_report(editor_page):
    for name in (THREE_DAYS, ONE_DAY):
        import_file(seed(name), "--publish")
    demo = ConferencePage.objects.get(slug=DEMO_CONFERENCE)
    imported = [
        *ConferencePage.objects.live().exclude(pk=demo.pk),
        *DayPage.objects.live().not_descendant_of(demo),
        *TalkPage.objects.live().not_descendant_of(demo),
    ]
    assert len(imported) > 10
    findings = [f for page in imported for f in checker_findings(editor_page, page.url)]
    assert findings == []


def test_the_checker_does_report_what_an_editor_can_fix(editor_page):
    # The same helper finds a vague link, so an empty list above means nothing was found.
    talk = (
        TalkPage.objects.live()
        .descendant_of(ConferencePage.objects.get(slug=DEMO_CONFERENCE))
        .first()
    )
    talk.body.append(("paragraph", '<p>Slides: <a href="https://x.example/">click here</a></p>'))
    talk.save_revision().publish()
    findings = checker_findings(editor_page, talk.url)
    assert any("Link text doesn't say where it goes" in finding for finding in findings)
