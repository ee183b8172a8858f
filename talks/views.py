from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers

from talks.models import ReviewLink, Speaker


def speaker_detail(request: HttpRequest, slug: str) -> HttpResponse:
    speaker = get_object_or_404(Speaker.objects.published().select_related("photo"), slug=slug)
    return render(request, "talks/speaker_page.html", speaker.get_preview_context(request, ""))


def review_draft(request: HttpRequest, token: str) -> HttpResponse:
    """A talk's latest draft, read-only, for whoever holds an active review link."""
    link = ReviewLink.objects.by_token(token)
    if link is None:
        raise Http404("This review link is not valid, has expired or was revoked.")
    draft = link.talk.get_latest_revision_as_object()
    response = draft.serve(request, review_link=link)
    # The draft is for this link's holder only: no shared caches, no search engines, and
    # no token in the Referer of links the speaker follows from the page.
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
