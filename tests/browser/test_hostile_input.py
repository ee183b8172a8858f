"""Script injection never runs: every payload through the admin's forms and search, in Chromium.

Each payload (tests/hostile/payloads.py) is saved through Wagtail's own forms, as an
editor's browser posts them: a speaker's name, handle and bio; a talk's title and summary
and its heading, paragraph, quote and code blocks (rich text as Draftail sends typed
text). Every page that shows them is then opened in Chromium, and so is a search for
each payload. A payload that ran would call the marker function or open a dialog; markup
that reached the page (an event handler, a javascript: URL) is reported even if it
didn't run. The positive control opens the same payloads as raw HTML and must see them
caught.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils.html import escape
from playwright.sync_api import Browser, Page
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from talks.models import Speaker, TalkPage
from tests.factories import ConferencePageFactory, DayPageFactory, make_user
from tests.hostile.payloads import DETECTOR, INJECTED_MARKUP, Payload, payloads

PAYLOADS = payloads()
SEARCH_WORD = "quokkaxss"
# Pages open side by side in the main test.
TABS = 4


# How long a page is watched after its load event, for payloads that act later than it:
# an animation's onbegin, a media element's error.
SETTLE_MS = 50

# Run in the page once it has loaded: waits out the rest of SETTLE_MS (timed in the page,
# from its load event, so the time spent on other tabs meanwhile counts), then returns
# what ran and what markup arrived, for the page or (given `true`) for each of its frames.
REPORT = f"""
async (eachFrame) => {{
    const loaded = performance.getEntriesByType("navigation")[0].loadEventEnd;
    const wait = (loaded || performance.now()) + {SETTLE_MS} - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const markup = {INJECTED_MARKUP.strip()};
    const report = (win, doc) => [...win.__xssHits, ...markup(doc)];
    if (!eachFrame) return report(window, document);
    return Array.from(
        document.querySelectorAll("iframe"),
        (frame) => report(frame.contentWindow, frame.contentDocument),
    );
}}
"""


class Detector:
    """Tabs that record, page by page, what any payload did."""

    def __init__(self, browser: Browser, base_url: str, tabs: int = 1) -> None:
        self.context = browser.new_context(base_url=base_url)
        self.context.add_init_script(DETECTOR)
        self.tabs: list[Page] = [self.context.new_page() for _ in range(tabs)]
        for tab in self.tabs:
            tab.on("dialog", self.dismiss)
        self.dialogs: list[str] = []
        self.found: dict[str, list] = {}

    def dismiss(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def visit(self, urls: list[str]) -> None:
        """Opens the URLs a tab's worth at a time. Each tab is sent off as soon as the
        server has answered it, so Chromium loads (and settles) the pages side by side,
        and while the live server renders the next: a page's own cost in Chromium is
        about the same whichever way, but nothing waits for it in turn."""
        for start in range(0, len(urls), len(self.tabs)):
            batch = list(zip(self.tabs, urls[start : start + len(self.tabs)], strict=False))
            for tab, url in batch:
                tab.goto(url, wait_until="commit")
            for tab, url in batch:
                tab.wait_for_load_state("load")
                if found := tab.evaluate(REPORT, False):
                    self.found[url] = found

    def visit_frames(self, url: str) -> list[list]:
        """Opens a page of frames; what each frame's document reported, in order."""
        tab = self.tabs[0]
        tab.goto(url, wait_until="load")  # after every frame's own load
        return tab.evaluate(REPORT, True)

    def close(self) -> None:
        self.context.close()


def test_the_detector_catches_payloads_that_reach_a_page_as_markup(browser):
    """The positive control: each payload alone in a document, as raw HTML (served by the
    browser itself: no site, no database). The documents are frames of one page, which
    costs one page load instead of one each; a frame is a document of its own (its own
    marker, parser state, load event), so what one payload does stays in its frame."""
    origin = "http://raw-payloads.test"
    detector = Detector(browser, origin)
    by_path = {f"/raw-payload/{p.number}/": p.text for p in PAYLOADS}
    frames = "".join(f'<iframe src="{path}" title="raw"></iframe>' for path in by_path)

    def serve_raw(route) -> None:
        path = route.request.url.removeprefix(origin)
        body = by_path.get(path, frames)  # the page of frames, or one of them
        page = f"<!doctype html><title>raw</title><body><p>{body}</p></body>"
        route.fulfill(body=page, content_type="text/html")

    detector.context.route(f"{origin}/**", serve_raw)
    reports = detector.visit_frames("/raw-payloads/")
    detector.close()

    assert len(reports) == len(PAYLOADS)
    found = {p.number: report for p, report in zip(PAYLOADS, reports, strict=True) if report}
    ran = {hit for report in found.values() for hit in report if isinstance(hit, int)}
    # Every call came from the frame its payload was in: the frames kept them apart.
    assert all(
        hit == number for number, report in found.items() for hit in report if isinstance(hit, int)
    )
    assert len(ran) >= 25, ran  # script elements, error and load handlers, frames…
    # …those that act after the load event too (what SETTLE_MS waits for): an
    # animation's onbegin, a media element's error.
    assert {13, 14, 33, 34} <= ran, ran
    assert len(found) >= 40  # and markup that would run on a click or focus
    dialogs = {p.number for p in PAYLOADS if p.opens_dialog}
    assert {int(message) for message in detector.dialogs} == dialogs


@pytest.fixture
def hostile_site(transactional_db, client):
    """Every payload saved through the admin's forms and published."""
    home = Site.objects.get(is_default_site=True).root_page
    conference = ConferencePageFactory(parent=home, title="Hostile Conf", slug="hostile-conf")
    day = DayPageFactory(parent=conference, title="Day one", slug="day-one")
    client.force_login(make_user("mona", group="Moderators"))
    for payload in PAYLOADS:
        speaker = add_speaker(client, payload)
        add_talk(client, day, speaker, payload)
    return {"conference": conference, "day": day}


def assert_saved(response, what: str) -> None:
    assert response.status_code == 302, (
        what,
        response.context and response.context.get("form").errors,
    )


def add_speaker(client, payload: Payload) -> Speaker:
    slug = f"xss-{payload.number}"
    response = client.post(
        reverse("wagtailsnippets_talks_speaker:add"),
        {
            "name": payload.text,
            "slug": slug,
            "handle": payload.text,
            "profile_url": "",
            "bio": payload.text,
            "action-publish": "action-publish",
        },
    )
    assert_saved(response, f"speaker {payload.number}")
    return Speaker.objects.get(slug=slug)


def add_talk(client, day, speaker: Speaker, payload: Payload) -> None:
    typed = rich_text(f"<p>{escape(payload.text)}</p>")
    body = streamfield(
        [
            ("heading", {"level": "h2", "text": payload.text}),
            ("paragraph", typed),
            ("quote", {"text": typed, "attribution": payload.text, "attribution_url": ""}),
            ("code", {"language": "python", "code": payload.text, "caption": payload.text}),
        ]
    )
    data = nested_form_data(
        {
            "title": payload.text,
            "slug": f"xss-{payload.number}",
            "summary": f"{SEARCH_WORD} {payload.text}",
            "talk_speakers": inline_formset([{"speaker": speaker.pk}]),
            "body": body,
            "action-publish": "action-publish",
        }
    )
    url = reverse("wagtailadmin_pages:add", args=["talks", "talkpage", day.pk])
    assert_saved(client.post(url, data), f"talk {payload.number}")


def test_no_payload_runs_anywhere_it_is_shown(browser, live_server, hostile_site):
    talks = list(TalkPage.objects.live().descendant_of(hostile_site["conference"]))
    assert len(talks) == len(PAYLOADS)
    pages = [talk.url for talk in talks]
    pages += [f"/speakers/xss-{payload.number}/" for payload in PAYLOADS]
    pages += [hostile_site["conference"].url, hostile_site["day"].url, "/"]
    pages += [f"/search/?q={quote(payload.text)}" for payload in PAYLOADS]
    pages += [f"/search/?q={SEARCH_WORD}&page={number}" for number in range(1, 8)]

    detector = Detector(browser, live_server.url, tabs=TABS)
    detector.visit(pages)
    # The payloads arrived as text: a talk's title is its heading, character for character.
    tab = detector.tabs[0]
    tab.goto(talks[0].url)
    shown = tab.locator("h1").inner_text()
    detector.close()

    assert detector.found == {} and detector.dialogs == []
    assert " ".join(shown.split()) == " ".join(talks[0].title.split())
