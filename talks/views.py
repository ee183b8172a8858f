from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from talks.models import Speaker


def speaker_detail(request: HttpRequest, slug: str) -> HttpResponse:
    speaker = get_object_or_404(Speaker.objects.published().select_related("photo"), slug=slug)
    return render(request, "talks/speaker_page.html", speaker.get_preview_context(request, ""))
