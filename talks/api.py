"""How talks read in the read API (/api/v2/, routed in core/api.py)."""

from __future__ import annotations

from rest_framework import serializers

from core.public_urls import absolute_url


class SpeakersField(serializers.ReadOnlyField):
    """A talk's published speakers, in order: name, slug and their page."""

    def to_representation(self, speakers) -> list[dict]:
        return [
            {
                "name": speaker.name,
                "slug": speaker.slug,
                "url": absolute_url(speaker.get_absolute_url()),
            }
            for speaker in speakers
        ]


class TagNamesField(serializers.ReadOnlyField):
    """A talk's tag names, sorted as the talk page lists them.

    Wagtail's own tags field asks the database for each talk's names in order; this one
    reads the tags the read API prefetched for its page of talks.
    """

    def to_representation(self, tags) -> list[str]:
        return sorted((tag.name for tag in tags.all()), key=str.lower)
