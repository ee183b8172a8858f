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


class Detector:
    """One tab that records, page by page, what any payload did."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.context = browser.new_context(base_url=base_url)
        self.context.add_init_script(DETECTOR)
        self.tab: Page = self.context.new_page()
        self.dialogs: list[str] = []
        self.tab.on("dialog", self.dismiss)
        self.found: dict[str, list] = {}

    def dismiss(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def visit(self, url: str) -> None:
        self.tab.goto(url, wait_until="load")
        self.tab.wait_for_timeout(50)  # animations' onbegin, media errors
        hits = self.tab.evaluate("window.__xssHits")
        markup = self.tab.evaluate(INJECTED_MARKUP)
        if hits or markup:
            self.found[url] = [*hits, *markup]

    def close(self) -> None:
        self.context.close()


def test_the_detector_catches_payloads_that_reach_a_page_as_markup(browser):
    """The positive control: each payload alone on a page, as raw HTML (served by the
    browser itself: no site, no database)."""
    origin = "http://raw-payloads.test"
    detector = Detector(browser, origin)
    by_path = {f"/raw-payload/{p.number}/": p.text for p in PAYLOADS}

    def serve_raw(route) -> None:
        path = route.request.url.removeprefix(origin)
        page = f"<!doctype html><title>raw</title><body><p>{by_path[path]}</p></body>"
        route.fulfill(body=page, content_type="text/html")

    detector.tab.route("**/raw-payload/*/", serve_raw)
    for path in by_path:
        detector.visit(path)
    detector.close()

    ran = {hit for found in detector.found.values() for hit in found if isinstance(hit, int)}
    assert len(ran) >= 25, ran  # script elements, error and load handlers, frames…
    assert len(detector.found) >= 40  # and markup that would run on a click or focus
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

    detector = Detector(browser, live_server.url)
    for url in pages:
        detector.visit(url)
    # The payloads arrived as text: a talk's title is its heading, character for character.
    detector.visit(talks[0].url)
    shown = detector.tab.locator("h1").inner_text()
    detector.close()

    assert detector.found == {} and detector.dialogs == []
    assert " ".join(shown.split()) == " ".join(talks[0].title.split())
