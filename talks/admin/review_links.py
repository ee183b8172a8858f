"""The review link page: share a talk's latest draft with a speaker, see and revoke links."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin import messages

from talks.admin.access import TalkFormView, editable_talk
from talks.models import ReviewLink
from talks.models.review_links import DEFAULT_REVIEW_DAYS

EXPIRY_CHOICES = [(1, "1 day"), (3, "3 days"), (7, "7 days"), (14, "14 days"), (30, "30 days")]


class ReviewLinkForm(forms.Form):
    days = forms.TypedChoiceField(
        label="Expires after",
        choices=EXPIRY_CHOICES,
        coerce=int,
        initial=DEFAULT_REVIEW_DAYS,
        help_text="The link stops working then; you can revoke it sooner.",
    )
    note = forms.CharField(
        label="For",
        max_length=255,
        required=False,
        help_text="Who the link is for, e.g. the speaker's name; only editors see it.",
    )


class ReviewLinksView(TalkFormView):
    form_class = ReviewLinkForm
    template_name = "talks/admin/review_links.html"
    header_icon = "link"
    page_title = "Share a draft for review"
    breadcrumb_label = "Review links"

    def get_context_data(self, **kwargs):
        active_links = list(ReviewLink.objects.for_talk(self.talk).active().newest_first())
        for link in active_links:
            link.share_url = self.request.build_absolute_uri(link.get_absolute_url())
            link.field_id = f"review-link-{link.pk}"
        return super().get_context_data(**kwargs, active_links=active_links)

    def form_valid(self, form):
        link = ReviewLink.create_for(
            self.talk, self.request.user, form.cleaned_data["days"], form.cleaned_data["note"]
        )
        messages.success(
            self.request,
            f"Review link created; it shows the latest draft until "
            f"{link.expires_at:%-d %B %Y, %H:%M}. Copy it below and send it to the speaker.",
        )
        return redirect("talks_review_links", self.talk.pk)


@require_POST
def revoke_review_link(request: HttpRequest, link_id: int) -> HttpResponse:
    link = get_object_or_404(ReviewLink, pk=link_id)
    editable_talk(request, link.talk_id)
    link.revoke()
    messages.success(request, "Review link revoked; it no longer opens the draft.")
    return redirect("talks_review_links", link.talk_id)


@hooks.register("register_admin_urls")
def review_link_urls():
    return [
        path(
            "talks/<int:page_id>/review-links/",
            ReviewLinksView.as_view(),
            name="talks_review_links",
        ),
        path(
            "talks/review-links/<int:link_id>/revoke/",
            revoke_review_link,
            name="talks_revoke_review_link",
        ),
    ]
