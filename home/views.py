"""Site-wide views: search and error pages."""

from __future__ import annotations

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from talks.models import ConferencePage, TalkPage

RESULTS_PER_PAGE = 10


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    conferences = ConferencePage.objects.visible().newest_first()
    conference = conferences.filter(pk=request.GET.get("conference") or None).first()
    results = None
    if query:
        talks = TalkPage.objects.visible().with_speakers()
        if conference:
            talks = talks.for_conference(conference)
        paginator = Paginator(talks.search(query), RESULTS_PER_PAGE)
        try:
            results = paginator.page(request.GET.get("page", 1))
        except (PageNotAnInteger, EmptyPage):
            results = paginator.page(1)
    return render(
        request,
        "home/search.html",
        {
            "query": query,
            "results": results,
            "conferences": conferences,
            "selected_conference": conference,
        },
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors or database: the error may be the database itself.
    return HttpResponseServerError(loader.get_template("500.html").render())
