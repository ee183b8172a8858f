"""A reader's journey in a real browser: skip link, table of contents, colour schemes."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, describe

TALK = "/harbour-python-2026/day-1/keeping-query-counts-flat/"


def test_skip_link_is_first_and_moves_focus_to_the_main_content(page, demo):
    page.goto(TALK)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_table_of_contents_links_to_the_headings(page, demo):
    page.goto(TALK)
    page.get_by_role("navigation", name="On this page").get_by_role(
        "link", name="Spotting N+1 queries"
    ).click()
    assert page.url.endswith("#spotting-n1-queries")
    expect(page.locator("#spotting-n1-queries")).to_be_in_viewport()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_demo_talk_has_no_axe_violations(page, demo, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(TALK)
    violations = axe_violations(page)
    assert violations == [], describe(violations)
