"""Sitemap sections: pages, speakers, tags and the indexes, on the site's public address.

Django builds each <loc> from a protocol and domain; these sections take both from
WAGTAILADMIN_BASE_URL (core/public_urls.py) instead of the request or the Wagtail
Site's hostname, which is `localhost` unless someone changed it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as WagtailPageSitemap

from core.public_urls import absolute_url, base_url
from talks.models import Speaker, TalkPage


class PublicAddress:
    def get_domain(self, site=None) -> str:
        return urlsplit(base_url()).netloc

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(base_url()).scheme


class PageSitemap(PublicAddress, WagtailPageSitemap):
    """Wagtail's live, public pages, located on the public address."""

    def items(self):
        # Plain pages, not .specific(): no page type here changes its sitemap entry, and
        # specific pages cost a query per page type.
        return (
            self.get_wagtail_site()
            .root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .order_by("path")
        )

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            url["location"] = absolute_url(urlsplit(url["location"]).path)
        return urls


class SpeakerSitemap(PublicAddress, Sitemap):
    def items(self):
        return Speaker.objects.published().order_by("slug")

    def lastmod(self, speaker: Speaker):
        return speaker.last_published_at


class TagSitemap(PublicAddress, Sitemap):
    def items(self):
        return TalkPage.objects.visible().tags_in_use()

    def location(self, tag) -> str:
        return reverse("tag", args=[tag.slug])

    def lastmod(self, tag):
        return tag.last_published_at


class IndexSitemap(PublicAddress, Sitemap):
    """The speakers and tags indexes."""

    def items(self) -> list[str]:
        return ["speakers", "tags"]

    def location(self, name: str) -> str:
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "speakers": SpeakerSitemap,
    "tags": TagSitemap,
    "indexes": IndexSitemap,
}
