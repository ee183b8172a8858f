"""A reader's journey in a real browser: skip link, table of contents (axe on every page
type, in both colour schemes, is in test_accessibility.py)."""

from playwright.sync_api import expect

TALK = "/harbour-python-2026/day-1/keeping-query-counts-flat/"


def test_skip_link_is_first_and_moves_focus_to_the_main_content(reader_page):
    reader_page.goto(TALK)
    reader_page.keyboard.press("Tab")
    skip = reader_page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    reader_page.keyboard.press("Enter")
    assert reader_page.evaluate("document.activeElement.id") == "main"


def test_table_of_contents_links_to_the_headings(reader_page):
    reader_page.goto(TALK)
    reader_page.get_by_role("navigation", name="On this page").get_by_role(
        "link", name="Spotting N+1 queries"
    ).click()
    assert reader_page.url.endswith("#spotting-n1-queries")
    expect(reader_page.locator("#spotting-n1-queries")).to_be_in_viewport()
