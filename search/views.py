"""The site search: talks ranked by their notes, filterable by conference."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from search.query import MAX_QUERY_CHARS, MAX_QUERY_WORDS, search_parameters
from talks.models import ConferencePage, TalkPage

RESULTS_PER_PAGE = 10


def search(request: HttpRequest) -> HttpResponse:
    params = search_parameters(request.GET)
    conferences = ConferencePage.objects.visible().newest_first()
    conference = (
        conferences.filter(pk=params.conference_id).first() if params.conference_id else None
    )
    results = None
    if params.asked:
        talks = TalkPage.objects.none()
        if params.query.text:
            talks = TalkPage.objects.visible().with_speakers().with_conference_and_day()
            if conference:
                talks = talks.for_conference(conference)
            talks = talks.search(params.query.text)
        results = Paginator(talks, RESULTS_PER_PAGE).get_page(params.page)
    return render(
        request,
        "search/search.html",
        {
            "query": params.query.text,
            "query_shortened": params.query.shortened,
            "query_limits": {"words": MAX_QUERY_WORDS, "characters": MAX_QUERY_CHARS},
            "results": results,
            "conferences": conferences,
            "selected_conference": conference,
        },
    )
