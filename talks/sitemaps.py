"""Sitemap sections of the talks app: speaker pages (Wagtail's own section lists pages)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap

from talks.models import Speaker


class SpeakerSitemap(Sitemap):
    def items(self):
        return Speaker.objects.published().order_by("slug")

    def lastmod(self, speaker: Speaker):
        return speaker.last_published_at
