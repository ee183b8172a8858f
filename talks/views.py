from __future__ import annotations

from typing import NamedTuple

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from taggit.models import Tag
from wagtail.models import Page, Site

from talks import cards
from talks.meta import feed, listing_meta
from talks.models import ConferencePage, ReviewLink, Speaker, TalkPage


def speaker_detail(request: HttpRequest, slug: str) -> HttpResponse:
    speaker = get_object_or_404(Speaker.objects.published().select_related("photo"), slug=slug)
    return render(request, "talks/speaker_page.html", speaker.get_preview_context(request, ""))


class IndexEntry(NamedTuple):
    name: str
    url: str
    talk_count: int


def speaker_index(request: HttpRequest) -> HttpResponse:
    speakers = Speaker.objects.published().with_talk_counts(TalkPage.objects.visible())
    return render(
        request,
        "talks/index_page.html",
        {
            "kind": "speakers",
            "heading": "Speakers",
            "intro": "Everyone whose talks have notes here; each page lists their talks at every conference.",
            "entries": [IndexEntry(s.name, s.get_absolute_url(), s.talk_count) for s in speakers],
            "empty_text": "No speakers with published notes yet.",
            "meta": listing_meta(
                "Speakers",
                f"Everyone whose talks have notes on {settings.WAGTAIL_SITE_NAME}, with their talks.",
                reverse("speakers"),
            ),
        },
    )


def tag_index(request: HttpRequest) -> HttpResponse:
    tags = TalkPage.objects.visible().tags_in_use()
    return render(
        request,
        "talks/index_page.html",
        {
            "kind": "tags",
            "heading": "Tags",
            "intro": "Every topic of the talks; each tag lists its talks across conferences.",
            "entries": [
                IndexEntry(t.name, reverse("tag", args=[t.slug]), t.talk_count) for t in tags
            ],
            "empty_text": "No talk has been tagged yet.",
            "meta": listing_meta(
                "Tags", "Every topic of the talks, with the notes on each.", reverse("tags")
            ),
        },
    )


def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    talks = (
        TalkPage.objects.visible()
        .tagged(tag)
        .as_summaries()
        .with_speakers()
        .with_conference_and_day()
        .in_reading_order()
    )
    meta = listing_meta(
        f"Tagged “{tag.name}”",
        f"Notes on every talk tagged “{tag.name}”, at every conference.",
        reverse("tag", args=[tag.slug]),
        feeds=[feed("tag", tag.slug, f"Talks tagged “{tag.name}”")],
    )
    return render(request, "talks/tag_page.html", {"tag": tag, "talks": talks, "meta": meta})


def talk_card(request: HttpRequest, pk: int, revision: int) -> HttpResponse:
    """The talk's social card; an old revision's URL moves to the current one."""
    talk = get_object_or_404(TalkPage.objects.visible(), pk=pk)
    if talk.live_revision_id != revision:
        return HttpResponsePermanentRedirect(reverse("talk-card", args=[pk, talk.live_revision_id]))
    response = HttpResponse(cards.talk_card_png(talk), content_type="image/png")
    # The URL names the revision, so the image behind it never changes.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def page_markdown(page: ConferencePage | TalkPage) -> str:
    """The Markdown notes of a conference or a talk as readers see them (no drafts)."""
    from talks.notes.pages import export_conference, export_talk

    if isinstance(page, TalkPage):
        return export_talk(page)
    return export_conference(page, readers_only=True)


def notes_markdown(request: HttpRequest, page_path: str) -> HttpResponse:
    """`…/notes.md` next to a conference or talk page: its notes as Markdown."""
    site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
    url_path = f"{site.root_page.url_path}{page_path}"
    page = Page.objects.filter(url_path=url_path).live().public().specific().first()
    if not isinstance(page, ConferencePage | TalkPage):
        raise Http404("No conference or talk here.")
    return HttpResponse(page_markdown(page), content_type="text/markdown; charset=utf-8")


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
