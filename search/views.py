"""The site search: talks ranked by their notes, filterable by conference."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from search.backend import planned_for_its_words
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
        with planned_for_its_words():
            results = results_page(talks, params.page)
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


def results_page(talks, number: int) -> Page:
    """Page `number` of the results, in one query where the search backend counts the
    matches in it (`search_matches`, on PostgreSQL) or where the first page is empty (no
    matches at all); elsewhere a second query counts them."""
    paginator = Paginator(talks, RESULTS_PER_PAGE)
    start = (number - 1) * RESULTS_PER_PAGE
    found = list(talks[start : start + RESULTS_PER_PAGE])
    if not found and number > 1:
        return paginator.get_page(number)  # past the last page: the last page
    if not found:
        paginator.count = 0
    elif hasattr(found[0], "search_matches"):
        paginator.count = found[0].search_matches
    return Page(found, number, paginator)
