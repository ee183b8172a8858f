"""/robots.txt: crawl the notes, not the admin or search results; here is the sitemap."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from core.public_urls import absolute_url


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
