"""Atom and RSS feeds of talks: the whole site, a conference, a tag, a speaker.

Each entry carries the talk's full notes (rendered blocks, every URL absolute on the
site's public address), when and where it was given, its speakers as authors and its
tags as categories. Only live, public talks appear: never drafts, private pages or
unpublished changes (a live page's row holds its published content).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from taggit.models import Tag

from core.public_urls import absolute_url, base_url, page_path
from talks.meta import with_site_name
from talks.models import ConferencePage, Speaker, TalkPage
from talks.models.pages import bodies_read_together
from talks.models.querysets import TalkPageQuerySet

FEED_ITEMS = 20
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"
LOCAL_URL = re.compile(r'(\s(?:href|src)=")(/[^/"][^"]*|/)"')
SRCSET = re.compile(r'(\ssrcset=")([^"]*)"')
FRAGMENT = re.compile(r'(\shref=")(#[^"]*)"')


class SpeakersRssFeed(Rss201rev2Feed):
    """RSS 2.0 with one dc:creator per speaker (RSS's own <author> wants an e-mail)."""

    content_type = "application/rss+xml; charset=utf-8"

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for speaker in item["speakers"]:
            handler.addQuickElement("dc:creator", speaker.name, {"xmlns:dc": DUBLIN_CORE})


class SpeakersAtomFeed(Atom1Feed):
    """Atom with an <author> per speaker and the notes as <content>."""

    content_type = "application/atom+xml; charset=utf-8"

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for speaker in item["speakers"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", speaker.name)
            handler.addQuickElement("uri", absolute_url(speaker.get_absolute_url()))
            handler.endElement("author")
        handler.addQuickElement("content", item["content"], {"type": "html"})


class Followed(NamedTuple):
    title: str
    description: str
    page_path: str
    talks: TalkPageQuerySet


@dataclass
class FeedSource:
    """What one feed follows: its title, the page it mirrors and its talks."""

    title: str
    description: str
    page_path: str
    feed_path: str
    talks: list[TalkPage]


def absolute_links(html: str, page_url: str) -> str:
    """Rendered notes with every link and image on the site's public address."""
    base = base_url()
    html = LOCAL_URL.sub(lambda m: f'{m[1]}{base}{m[2]}"', html)
    html = FRAGMENT.sub(lambda m: f'{m[1]}{page_url}{m[2]}"', html)
    return SRCSET.sub(
        lambda m: (
            m[1]
            + ", ".join(
                absolute_url(c.strip()) if c.strip().startswith("/") else c.strip()
                for c in m[2].split(",")
            )
            + '"'
        ),
        html,
    )


class TalksFeed(Feed):
    feed_type = SpeakersRssFeed

    def __init__(self, atom: bool = False) -> None:
        super().__init__()
        if atom:
            self.feed_type = SpeakersAtomFeed

    def follows(self, **kwargs) -> Followed:
        """What this feed follows, from the URL's arguments."""
        raise NotImplementedError

    def get_object(self, request: HttpRequest, *args, **kwargs) -> FeedSource:
        followed = self.follows(**kwargs)
        return FeedSource(
            title=with_site_name(followed.title),
            description=followed.description,
            page_path=followed.page_path,
            feed_path=request.path,
            talks=self.latest(followed.talks),
        )

    def get_feed(self, obj: FeedSource, request: HttpRequest):
        with bodies_read_together(obj.talks):
            return super().get_feed(obj, request)

    @staticmethod
    def latest(talks) -> list[TalkPage]:
        return list(
            talks.visible()
            .newest_first()
            .with_speakers()
            .with_tags()
            .with_conference_and_day()[:FEED_ITEMS]
        )

    def title(self, obj: FeedSource) -> str:
        return obj.title

    def description(self, obj: FeedSource) -> str:
        return obj.description

    subtitle = description

    def link(self, obj: FeedSource) -> str:
        return absolute_url(obj.page_path)

    def feed_url(self, obj: FeedSource) -> str:
        return absolute_url(obj.feed_path)

    def items(self, obj: FeedSource) -> list[TalkPage]:
        return obj.talks

    def item_title(self, talk: TalkPage) -> str:
        return talk.title

    def item_link(self, talk: TalkPage) -> str:
        return absolute_url(page_path(talk))

    def item_description(self, talk: TalkPage) -> str:
        return self.content(talk)

    def item_pubdate(self, talk: TalkPage):
        return talk.first_published_at

    def item_updateddate(self, talk: TalkPage):
        return talk.last_published_at

    def item_categories(self, talk: TalkPage) -> list[str]:
        return [tag.name for tag in talk.tags.all()]

    def item_extra_kwargs(self, talk: TalkPage) -> dict:
        return {"speakers": talk.speakers, "content": self.content(talk)}

    def content(self, talk: TalkPage) -> str:
        # Rendered once per entry even though RSS and Atom both ask for it.
        if not hasattr(talk, "_feed_content"):
            html = render_to_string("talks/feed_entry.html", {"talk": talk, "page": talk})
            talk._feed_content = absolute_links(html, self.item_link(talk))
        return talk._feed_content


class SiteFeed(TalksFeed):
    def follows(self, **kwargs) -> Followed:
        return Followed(
            settings.WAGTAIL_SITE_NAME, "Notes on every talk, newest first.", "/", TalkPage.objects
        )


class ConferenceFeed(TalksFeed):
    def follows(self, slug: str = "", **kwargs) -> Followed:
        conference = get_object_or_404(ConferencePage.objects.visible(), slug=slug)
        talks = TalkPage.objects.for_conference(conference)
        about = f"Notes on the talks of {conference.title}."
        return Followed(conference.title, about, page_path(conference), talks)


class TagFeed(TalksFeed):
    def follows(self, slug: str = "", **kwargs) -> Followed:
        tag = get_object_or_404(Tag, slug=slug)
        about = f"Notes on talks tagged “{tag.name}”, at every conference."
        path = reverse("tag", args=[tag.slug])
        return Followed(f"Talks tagged “{tag.name}”", about, path, TalkPage.objects.tagged(tag))


class SpeakerFeed(TalksFeed):
    def follows(self, slug: str = "", **kwargs) -> Followed:
        speaker = get_object_or_404(Speaker.objects.published(), slug=slug)
        about = f"Notes on the talks {speaker.name} gave, at every conference."
        talks = TalkPage.objects.by_speaker(speaker)
        return Followed(f"Talks by {speaker.name}", about, speaker.get_absolute_url(), talks)
