"""How talks read in the read API (/api/v2/, routed in core/api.py)."""

from __future__ import annotations

from rest_framework import serializers

from core.public_urls import absolute_url


class SpeakersField(serializers.Field):
    """A talk's published speakers, in order: name, slug and their page."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, speakers) -> list[dict]:
        return [
            {
                "name": speaker.name,
                "slug": speaker.slug,
                "url": absolute_url(speaker.get_absolute_url()),
            }
            for speaker in speakers
        ]
