"""Error pages, and local media."""

from __future__ import annotations

import posixpath

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.static import serve

from core.media_storage import PRIVATE_MEDIA_PREFIX


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors or database: the error may be the database itself.
    return HttpResponseServerError(loader.get_template("500.html").render())


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """Local media, as Django's `serve` finds it, except the app's private files."""
    # `serve` normalizes the path itself (`images/../private/…`): check what it will open.
    if f"{posixpath.normpath(path).lstrip('/')}/".startswith(PRIVATE_MEDIA_PREFIX):
        raise Http404("Not a public file.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)
