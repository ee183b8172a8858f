"""Reader features in Chromium: copying code, permalinks, and axe on the new page types.

The tests only read, so they share one demo site (`demo_server`), loaded once."""

from playwright.sync_api import Page, expect
from taggit.models import Tag

from talks.models import Speaker
from tests.browser.conftest import violations_by_url

TALK = "/harbour-python-2026/day-1/keeping-query-counts-flat/"


def test_copy_button_copies_the_code_and_announces_it(reader_page: Page):
    page = reader_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(TALK)
    figure = page.locator(".block-code").first
    button = figure.get_by_role("button", name="Copy")
    expect(button).to_be_visible()
    button.focus()
    page.keyboard.press("Enter")  # by keyboard, like a screen reader user
    expect(page.get_by_role("status")).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == figure.locator("pre").text_content()
    assert "CaptureQueriesContext" in copied


def test_without_javascript_code_is_whole_and_there_is_no_dead_button(browser, demo_server):
    context = browser.new_context(base_url=demo_server, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(TALK)
        figure = page.locator(".block-code").first
        expect(figure.locator(".block-code__language")).to_have_text("Python")
        expect(figure.locator("pre")).to_contain_text("CaptureQueriesContext")
        assert page.get_by_role("button", name="Copy").count() == 0
    finally:
        context.close()


def test_heading_permalink_appears_on_focus_and_links_to_its_section(reader_page: Page):
    page = reader_page
    page.goto(TALK)
    link = page.get_by_role("link", name="Link to the section “Spotting N+1 queries”")
    assert link.evaluate("el => getComputedStyle(el).opacity") == "0"
    link.focus()
    expect(link).to_be_focused()
    assert link.evaluate("el => getComputedStyle(el).opacity") == "1"
    page.keyboard.press("Enter")
    assert page.url.endswith("#spotting-n1-queries")
    expect(page.locator("#spotting-n1-queries")).to_be_in_viewport()


def test_quote_permalink_links_to_the_quote(reader_page: Page):
    page = reader_page
    page.goto(TALK)
    link = page.locator(".block-quote .permalink").first
    target = link.get_attribute("href")
    assert target.startswith("#quote-")
    link.click()
    assert page.url.endswith(target)
    quote = page.locator(target)
    expect(quote).to_be_in_viewport()
    assert quote.evaluate("el => el.matches(':target')")


def new_page_types() -> list[str]:
    speaker = Speaker.objects.published().first()
    tag = Tag.objects.order_by("name").first()
    return ["/tags/", f"/tags/{tag.slug}/", "/speakers/", speaker.get_absolute_url(), TALK]


def test_new_page_types_have_no_axe_violations_in_either_colour_scheme(reader_page: Page):
    found = violations_by_url(reader_page, new_page_types())
    assert found == {}, "\n".join(f"{url}:\n{text}" for url, text in found.items())
