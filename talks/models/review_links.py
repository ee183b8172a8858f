"""Review links: a signed, expiring, revocable address that shows a talk's latest draft."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone

REVIEW_LINK_SALT = "talks.review-link"
DEFAULT_REVIEW_DAYS = 7


class ReviewLinkQuerySet(models.QuerySet):
    def active(self) -> ReviewLinkQuerySet:
        """Links a speaker can still open: not revoked and not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def for_talk(self, talk) -> ReviewLinkQuerySet:
        return self.filter(talk=talk)

    def lasting_longest(self) -> ReviewLinkQuerySet:
        return self.order_by("-expires_at", "-pk")

    def newest_first(self) -> ReviewLinkQuerySet:
        return self.order_by("-created_at", "-pk")

    def by_token(self, token: str) -> ReviewLink | None:
        """The active link a token names, or None for a forged, revoked or expired one."""
        try:
            key = signing.Signer(salt=REVIEW_LINK_SALT).unsign(token)
            key = uuid.UUID(key)
        except (signing.BadSignature, ValueError):
            return None
        return self.active().select_related("talk").filter(key=key).first()


class ReviewLink(models.Model):
    """Lets someone without an account read one talk's latest draft until it expires."""

    talk = models.ForeignKey(
        "talks.TalkPage", related_name="review_links", on_delete=models.CASCADE
    )
    # Random, and signed in the URL: a link can't be guessed or made up from another.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    note = models.CharField(
        max_length=255,
        blank=True,
        help_text="Who the link is for, e.g. the speaker's name; only editors see it.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ReviewLinkQuerySet.as_manager()

    class Meta:
        verbose_name = "review link"
        indexes = [models.Index(fields=["talk", "expires_at"], name="review_links_of_talk")]

    def __str__(self) -> str:
        return f"Review link for {self.talk_id} until {self.expires_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("review_draft", kwargs={"token": self.token})

    @classmethod
    def create_for(cls, talk, user, days: int = DEFAULT_REVIEW_DAYS, note: str = "") -> ReviewLink:
        created = timezone.now()
        return cls.objects.create(
            talk=talk,
            created_by=user,
            note=note,
            created_at=created,
            expires_at=created + datetime.timedelta(days=days),
        )

    @property
    def token(self) -> str:
        return signing.Signer(salt=REVIEW_LINK_SALT).sign(str(self.key))

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
