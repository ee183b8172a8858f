"""A small published world for the reader-facing tests, and a parser for page heads."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser

from wagtail.models import PageViewRestriction

from talks.block_values import code, heading, paragraph, quote
from talks.models import TalkPage
from tests.factories import ConferencePageFactory, DayPageFactory, SpeakerFactory, TalkPageFactory

PUBLIC_BASE = "https://notes.example.com"


def publish(talk: TalkPage, tags: tuple[str, ...] = ()) -> TalkPage:
    """Publish the talk's current state (with `tags`) as a revision, as an editor would."""
    if tags:
        talk.tags.add(*tags)
    talk.save_revision().publish()
    talk.refresh_from_db()
    return talk


@dataclass
class World:
    harbour: object
    river: object
    ada: object
    bo: object
    talks: dict = field(default_factory=dict)


def build_world(home) -> World:
    """Two conferences; Ada speaks at both. Plus a draft, a private talk and a live talk
    whose unpublished changes must not show."""
    ada = SpeakerFactory(name="Ada Lovelace", slug="ada", profile_url="https://ada.example/")
    bo = SpeakerFactory(name="Bo Diddley", slug="bo")
    for speaker in (ada, bo):
        speaker.save_revision().publish()
    harbour = ConferencePageFactory(
        parent=home, title="Harbour Python", slug="harbour", start_date=datetime.date(2026, 6, 4)
    )
    river = ConferencePageFactory(
        parent=home,
        title="River Django",
        slug="river",
        start_date=datetime.date(2025, 9, 1),
        end_date=datetime.date(2025, 9, 2),
    )
    harbour_day = DayPageFactory(
        parent=harbour, title="Day 1", slug="day-1", date=harbour.start_date
    )
    river_day = DayPageFactory(parent=river, title="Day 2", slug="day-2", date=river.end_date)
    world = World(harbour=harbour, river=river, ada=ada, bo=bo)
    queries = TalkPageFactory(
        parent=harbour_day,
        title="Keeping queries flat",
        slug="queries",
        summary="How to keep query counts flat.",
        speakers=[ada, bo],
        body=[
            heading("Why it matters"),
            paragraph("<p>Environments:</p><ul><li>Environments</li><li>Dev code</li></ul>"),
            quote("<p>Measure first.</p>", "Ada Lovelace"),
            code("print('hello')", "python"),
        ],
    )
    world.talks["queries"] = publish(queries, ("performance", "django"))
    caching = TalkPageFactory(
        parent=river_day,
        title="Caching without tears",
        slug="caching",
        summary="",
        speakers=[ada],
        body=[
            paragraph(
                f'<p>Builds on <a linktype="page" id="{queries.pk}">the queries talk</a> '
                "with many more words about caches and their invalidation.</p>"
            )
        ],
    )
    world.talks["caching"] = publish(caching, ("performance",))
    world.talks["draft"] = TalkPageFactory(
        parent=harbour_day, title="Secret draft talk", slug="draft", live=False, speakers=[ada]
    )
    private = publish(
        TalkPageFactory(parent=harbour_day, title="Private talk", slug="private", speakers=[ada]),
        ("performance",),
    )
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    world.talks["private"] = private
    changed = publish(
        TalkPageFactory(parent=river_day, title="Published title", slug="changed", speakers=[bo]),
        ("performance",),
    )
    changed.title = "Unpublished new title"
    changed.save_revision()
    world.talks["changed"] = changed
    return world


class HeadParser(HTMLParser):
    """The <title>, meta tags, link tags and JSON-LD of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.meta: dict[str, str] = {}
        self.links: list[dict] = []
        self.json_ld: list[dict] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in = "title"
        elif tag == "meta" and attrs.get("content") is not None:
            self.meta[attrs.get("name") or attrs.get("property")] = attrs["content"]
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in = "json"

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "json":
            self.json_ld.append(json.loads(data))

    def alternates(self) -> dict[str, str]:
        return {link["type"]: link["href"] for link in self.links if link.get("rel") == "alternate"}

    def canonical(self) -> str:
        return next(link["href"] for link in self.links if link.get("rel") == "canonical")


def head_of(html: str) -> HeadParser:
    parser = HeadParser()
    parser.feed(html)
    return parser
