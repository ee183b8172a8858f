"""The site search: talks ranked by their notes, filterable by conference."""

from __future__ import annotations

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from talks.models import ConferencePage, TalkPage

RESULTS_PER_PAGE = 10


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    conferences = ConferencePage.objects.visible().newest_first()
    conference = conferences.filter(pk=request.GET.get("conference") or None).first()
    results = None
    if query:
        talks = TalkPage.objects.visible().with_speakers().with_conference_and_day()
        if conference:
            talks = talks.for_conference(conference)
        paginator = Paginator(talks.search(query), RESULTS_PER_PAGE)
        try:
            results = paginator.page(request.GET.get("page", 1))
        except (PageNotAnInteger, EmptyPage):
            results = paginator.page(1)
    return render(
        request,
        "search/search.html",
        {
            "query": query,
            "results": results,
            "conferences": conferences,
            "selected_conference": conference,
        },
    )
