"""What a page tells browsers, search engines and link previews about itself.

One `PageMeta` per page view: the parts of its <title> before the site's name, a
description, the canonical URL on the site's public address, OpenGraph/Twitter card
fields, schema.org JSON-LD and the feeds that follow it. Templates render it through
`{% reader_meta %}` (talks/templatetags/reader_tags.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from wagtail.models import Page

from core.public_urls import absolute_url, base_url, page_path
from talks.text import first_words, rich_text_plain

DESCRIPTION_CHARS = 160
JSON_LD_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@dataclass
class Feed:
    title: str
    rss: str
    atom: str


@dataclass
class PageMeta:
    title_parts: list[str]
    description: str
    path: str
    og_type: str = "website"
    image: str = ""
    json_ld: dict = field(default_factory=dict)
    feeds: list[Feed] = field(default_factory=list)

    @property
    def canonical(self) -> str:
        return absolute_url(self.path)

    @property
    def title(self) -> str:
        return with_site_name(" · ".join(self.title_parts))

    @property
    def json_ld_script(self) -> str:
        # Escaped like Django's json_script: no "</script>" can end the element early.
        return json.dumps({"@context": "https://schema.org", **self.json_ld}).translate(
            JSON_LD_ESCAPES
        )


def with_site_name(title: str) -> str:
    """ "Talk · Conference · Site", never the site's name twice."""
    site = settings.WAGTAIL_SITE_NAME
    parts = [part for part in title.split(" · ") if part.strip() and part.strip() != site]
    return " · ".join([*parts, site])


def feed(kind: str, slug: str, title: str) -> Feed:
    """The RSS and Atom URLs of a feed; `kind` "site" takes no slug."""
    args = [slug] if slug else []
    return Feed(
        title=title,
        rss=absolute_url(reverse(f"{kind}-feed-rss", args=args)),
        atom=absolute_url(reverse(f"{kind}-feed-atom", args=args)),
    )


def site_feed() -> Feed:
    return feed("site", "", f"{settings.WAGTAIL_SITE_NAME}: every talk")


def conference_feed(conference: Page) -> Feed:
    return feed("conference", conference.slug, f"{conference.title}: talks")


def person(speaker) -> dict:
    data = {
        "@type": "Person",
        "name": speaker.name,
        "url": absolute_url(speaker.get_absolute_url()),
    }
    if speaker.profile_url:
        data["sameAs"] = speaker.profile_url
    return data


def conference_event(conference) -> dict:
    data = {
        "@type": "Event",
        "name": conference.title,
        "url": absolute_url(page_path(conference)),
    }
    if conference.start_date:
        data["startDate"] = conference.start_date.isoformat()
        data["endDate"] = (conference.end_date or conference.start_date).isoformat()
    if conference.location:
        data["location"] = {"@type": "Place", "name": conference.location}
    return data


def talk_meta(
    talk, conference, day, speakers: list, tags: list, card: str, opening: str
) -> PageMeta:
    """`opening`: the first words of the notes (talks.body.RenderedBody)."""
    description = talk.search_description or talk.summary or opening
    about = {"@type": "Event", "name": talk.title, "performer": [person(s) for s in speakers]}
    if conference is not None:
        about["superEvent"] = conference_event(conference)
        if day is not None and day.date:
            about["startDate"] = day.date.isoformat()
    article = {
        "@type": "Article",
        "headline": talk.title,
        "description": description,
        "url": absolute_url(page_path(talk)),
        "about": about,
        "keywords": [tag.name for tag in tags],
    }
    if talk.first_published_at:
        article["datePublished"] = talk.first_published_at.isoformat()
    if talk.last_published_at:
        article["dateModified"] = talk.last_published_at.isoformat()
    if card:
        article["image"] = card
    return PageMeta(
        title_parts=[talk.title, conference.title if conference else ""],
        description=description,
        path=page_path(talk),
        og_type="article",
        image=card,
        json_ld=article,
        feeds=[conference_feed(conference)] if conference else [],
    )


def conference_meta(conference) -> PageMeta:
    event = conference_event(conference)
    description = conference.search_description or first_words(
        [rich_text_plain(conference.intro)], DESCRIPTION_CHARS
    )
    if not description:
        where = f" in {conference.location}" if conference.location else ""
        description = f"Notes on the talks of {conference.title}{where}."
    event["description"] = description
    return PageMeta(
        title_parts=[conference.title],
        description=description,
        path=page_path(conference),
        json_ld=event,
        feeds=[conference_feed(conference)],
    )


def day_meta(day, conference) -> PageMeta:
    conference_title = conference.title if conference else ""
    description = day.search_description or first_words(
        [rich_text_plain(day.intro)], DESCRIPTION_CHARS
    )
    if not description:
        description = f"Notes on the talks of {day.title} of {conference_title}."
    event = {
        "@type": "Event",
        "name": f"{day.title}, {conference_title}",
        "url": absolute_url(page_path(day)),
    }
    if day.date:
        event["startDate"] = day.date.isoformat()
    if conference is not None:
        event["superEvent"] = conference_event(conference)
    return PageMeta(
        title_parts=[day.title, conference_title],
        description=description,
        path=page_path(day),
        json_ld=event,
        feeds=[conference_feed(conference)] if conference else [],
    )


def generic_page_meta(page: Page) -> PageMeta:
    """The home page (and any other page type): the site itself."""
    intro = getattr(page, "intro", "") or ""
    description = (
        page.search_description
        or first_words([rich_text_plain(intro)], DESCRIPTION_CHARS)
        or f"Notes on conference talks, written by attendees: {settings.WAGTAIL_SITE_NAME}."
    )
    return PageMeta(
        title_parts=[page.seo_title or page.title],
        description=description,
        path=page_path(page),
        json_ld={"@type": "WebSite", "name": settings.WAGTAIL_SITE_NAME, "url": base_url() + "/"},
        feeds=[site_feed()],
    )


def speaker_meta(speaker) -> PageMeta:
    data = person(speaker)
    description = speaker.bio or f"Notes on the talks {speaker.name} gave, at every conference."
    data["description"] = description
    return PageMeta(
        title_parts=[speaker.name],
        description=description,
        path=speaker.get_absolute_url(),
        og_type="profile",
        json_ld={"@type": "ProfilePage", "mainEntity": data},
        feeds=[feed("speaker", speaker.slug, f"Talks by {speaker.name}")],
    )


def listing_meta(
    title: str, description: str, path: str, feeds: list[Feed] | None = None
) -> PageMeta:
    return PageMeta(
        title_parts=[title],
        description=description,
        path=path,
        json_ld={"@type": "CollectionPage", "name": title, "url": absolute_url(path)},
        feeds=feeds or [],
    )
