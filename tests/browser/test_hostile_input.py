"""Script injection never runs: every payload through the admin's forms and search, in Chromium.

Each payload (tests/hostile/payloads.py) is saved through Wagtail's own forms, as an
editor's browser posts them: a speaker's name, handle and bio; a talk's title and summary
and its heading, paragraph, quote and code blocks (rich text as Draftail sends typed
text). Every page that shows them is then opened in Chromium, and so is a search for
each payload, each page in a frame of its own (many frames to a tab: a frame is a
document of its own, and much cheaper to load than a tab's page). A payload that ran
would call the marker function or open a dialog; markup
that reached the page (an event handler, a javascript: URL) is reported even if it
didn't run. The positive control opens the same payloads as raw HTML and must see them
caught.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils.html import escape
from playwright.sync_api import Browser
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from talks.models import Speaker, TalkPage
from tests.factories import ConferencePageFactory, DayPageFactory, make_user
from tests.hostile.payloads import DETECTOR, INJECTED_MARKUP, Payload, payloads

PAYLOADS = payloads()
SEARCH_WORD = "quokkaxss"
# The site's pages are opened as frames of one page, this many at a time: a frame is a
# document of its own (its own marker, parser state, load event and dialogs), and loads
# at a fraction of the cost of a page of its own in a tab.
FRAMES_PER_PAGE = 30
FRAMES_PATH = "/__hostile-frames__/"

# How long a page is watched after its load event, for payloads that act later than it:
# an animation's onbegin, a media element's error.
SETTLE_MS = 50

# Run in the page once it has loaded (after every frame's own load): waits out the rest
# of SETTLE_MS (timed in the page, from its load event), then returns, for each frame,
# its address and what ran and what markup arrived in it (null if it showed no document
# of its origin: a page the browser refused to frame).
REPORT = f"""
async () => {{
    const loaded = performance.getEntriesByType("navigation")[0].loadEventEnd;
    const wait = (loaded || performance.now()) + {SETTLE_MS} - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const markup = {INJECTED_MARKUP.strip()};
    return Array.from(document.querySelectorAll("iframe"), (frame) => [
        frame.getAttribute("src"),
        frame.contentDocument && frame.contentWindow.__xssHits
            ? [...frame.contentWindow.__xssHits, ...markup(frame.contentDocument)]
            : null,
    ]);
}}
"""


def page_of_frames(urls: list[str]) -> str:
    frames = "".join(f'<iframe src="{escape(url)}" title="page"></iframe>' for url in urls)
    return f"<!doctype html><title>frames</title><body>{frames}</body>"


class Detector:
    """A browser context that opens pages as frames and records what any payload did in
    each."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.context = browser.new_context(base_url=base_url)
        self.context.add_init_script(DETECTOR)
        self.tab = self.context.new_page()
        self.tab.on("dialog", self.dismiss)
        self.dialogs: list[str] = []
        self.found: dict[str, list] = {}
        self.not_shown: list[str] = []
        self.batches: dict[str, list[str]] = {}
        self.static: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.context.route(f"**{FRAMES_PATH}*", self.serve_page_of_frames)

    def dismiss(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def serve_page_of_frames(self, route) -> None:
        batch = self.batches[route.request.url.rsplit("/", 1)[1]]
        route.fulfill(body=page_of_frames(batch), content_type="text/html")

    def visit(self, urls: list[str]) -> None:
        """Opens the URLs, FRAMES_PER_PAGE at a time, each in a frame of its own."""
        for start in range(0, len(urls), FRAMES_PER_PAGE):
            self.batches[str(start)] = urls[start : start + FRAMES_PER_PAGE]
            self.tab.goto(f"{FRAMES_PATH}{start}", wait_until="load")
            for url, found in self.tab.evaluate(REPORT):
                if found is None:
                    self.not_shown.append(url)
                elif found:
                    self.found[url] = found

    def let_the_site_be_framed(self) -> None:
        """The site's pages say no page may frame them (X-Frame-Options, CSP
        frame-ancestors): for the frames of this test's own pages, the browser is told
        they may be framed by their own origin. Their policy is otherwise as sent."""

        def framable(route) -> None:
            if route.request.resource_type != "document":
                route.continue_()
                return
            response = route.fetch()
            headers = {k: v for k, v in response.headers.items() if k != "x-frame-options"}
            policy = headers.get("content-security-policy", "")
            headers["content-security-policy"] = policy.replace(
                "frame-ancestors 'none'", "frame-ancestors 'self'"
            )
            route.fulfill(response=response, headers=headers)

        self.context.route(re.compile(rf"^(?!.*(/static/|{FRAMES_PATH}))"), framable)
        self.context.route("**/static/**", self.serve_static_from_memory)

    def serve_static_from_memory(self, route) -> None:
        """Routing turns the browser's cache off: the site's style sheets and scripts are
        fetched once and then answered from here, as the cache would have."""
        url = route.request.url
        if url not in self.static:
            # Kept as bytes: a later fulfill from the fetched response itself can find it
            # disposed ("Fetch response has been disposed", seen once in a full run).
            response = route.fetch()
            self.static[url] = (response.status, response.headers, response.body())
        status, headers, body = self.static[url]
        route.fulfill(status=status, headers=headers, body=body)

    def close(self) -> None:
        # A request still being routed when the context closes is dropped, not failed.
        self.context.unroute_all(behavior="ignoreErrors")
        self.context.close()


def test_the_detector_catches_payloads_that_reach_a_page_as_markup(browser):
    """The positive control: each payload alone in a document, as raw HTML (served by the
    browser itself: no site, no database), opened as the site's pages are."""
    origin = "http://raw-payloads.test"
    detector = Detector(browser, origin)
    by_path = {f"/raw-payload/{p.number}/": p for p in PAYLOADS}

    def serve_raw(route) -> None:
        path = route.request.url.removeprefix(origin)
        if path.startswith(FRAMES_PATH):
            route.fallback()
        elif payload := by_path.get(path):
            page = f"<!doctype html><title>raw</title><body><p>{payload.text}</p></body>"
            route.fulfill(body=page, content_type="text/html")
        else:  # what the payloads load (<img src=x>): answered here, not looked up in DNS
            route.fulfill(status=404)

    detector.context.route(f"{origin}/**", serve_raw)
    detector.visit(list(by_path))
    detector.close()

    assert detector.not_shown == []
    found = {by_path[path].number: report for path, report in detector.found.items()}
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

    detector = Detector(browser, live_server.url)
    detector.let_the_site_be_framed()
    detector.visit(pages)
    # The payloads arrived as text: a talk's title is its heading, character for character.
    detector.tab.goto(talks[0].url)
    shown = detector.tab.locator("h1").inner_text()
    detector.close()

    assert detector.not_shown == []
    assert detector.found == {} and detector.dialogs == []
    assert " ".join(shown.split()) == " ".join(talks[0].title.split())
