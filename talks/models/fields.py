"""Field definitions several models share."""

from django.db import models


def optional_image(help_text: str) -> models.ForeignKey:
    """An image an editor may choose; deleting the image leaves the field empty."""
    return models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )
