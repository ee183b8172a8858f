"""Every page type in real Chromium: zero axe violations, keyboard use, reduced motion."""

import pytest
from playwright.sync_api import Page, expect

from talks.models import Speaker, TalkPage
from tests.browser.conftest import violations_by_url

INTERACTIVE = "a[href], button, input, select, textarea, iframe, [tabindex]:not([tabindex='-1'])"


def every_page_type() -> list[str]:
    """Home, conference, day, every demo talk (together every block type), a speaker,
    search results and a page that doesn't exist."""
    talks = [talk.url for talk in TalkPage.objects.live()]
    speaker = Speaker.objects.published().first()
    return [
        "/",
        "/harbour-python-2026/",
        "/harbour-python-2026/day-1/",
        *talks,
        speaker.get_absolute_url(),
        "/search/?q=queries",
        "/search/?q=no+such+words+anywhere",
        "/no-such-page/",
    ]


def test_every_page_type_has_no_axe_violations_in_either_colour_scheme(reader_page: Page):
    found = violations_by_url(reader_page, every_page_type())
    assert found == {}, "\n".join(f"{url}:\n{text}" for url, text in found.items())


def tab_through(page: Page) -> list[dict]:
    """Presses Tab until focus leaves the document; what was focused, in order."""
    stops = []
    for _ in range(200):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                const style = getComputedStyle(el);
                const all = Array.from(document.querySelectorAll('*'));
                return {
                    index: all.indexOf(el),
                    text: (el.textContent || el.getAttribute('aria-label') || el.name || '').trim().slice(0, 40),
                    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
                };
            }"""
        )
        if stop is None or (stops and stop["index"] == stops[0]["index"]):
            break
        stops.append(stop)
    return stops


@pytest.mark.parametrize(
    "url", ["/harbour-python-2026/", "/harbour-python-2026/day-1/shipping-every-day-without-fear/"]
)
def test_tab_reaches_every_interactive_element_in_order_with_visible_focus(reader_page: Page, url):
    reader_page.goto(url)
    reachable = reader_page.evaluate(
        f"""() => Array.from(document.querySelectorAll("{INTERACTIVE}"))
            .filter(el => el.getClientRects().length && !el.disabled)
            .map(el => Array.from(document.querySelectorAll('*')).indexOf(el))"""
    )
    stops = tab_through(reader_page)
    assert [stop["index"] for stop in stops] == reachable  # all of them, in reading order
    assert [stop["text"] for stop in stops if not stop["outline"]] == []


def test_skip_link_is_hidden_until_focused(reader_page: Page):
    reader_page.goto("/harbour-python-2026/")
    skip = reader_page.get_by_role("link", name="Skip to main content")
    expect(skip).not_to_be_in_viewport()
    reader_page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()


@pytest.mark.parametrize(("motion", "behaviour"), [("reduce", "auto"), ("no-preference", "smooth")])
def test_smooth_scrolling_only_without_a_reduced_motion_preference(
    reader_page: Page, motion, behaviour
):
    reader_page.emulate_media(reduced_motion=motion)
    reader_page.goto("/harbour-python-2026/day-1/keeping-query-counts-flat/")
    assert (
        reader_page.evaluate("getComputedStyle(document.documentElement).scrollBehavior")
        == behaviour
    )
