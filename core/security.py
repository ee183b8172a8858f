"""Content-Security-Policy: the public site loads only its own resources.

Django 5.2 has no CSP support of its own. The admin gets a wider policy because
Wagtail's editor uses inline scripts and styles and image previews from data:/blob:
URLs; it also frames its own pages (previews), so admin responses allow same-origin
framing where the rest of the site allows none.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse

ADMIN_PREFIX = "/admin/"
# Recordings and slides shown by the embed block; everything else stays a link.
EMBED_FRAME_SOURCES = (
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://speakerdeck.com",
)


def media_origin() -> str:
    """Where media URLs point: empty when the site serves media itself."""
    parts = urlsplit(default_storage.url("csp-probe"))
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def serialise(directives: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def public_policy(media: str) -> str:
    own_and_media = ["'self'", media] if media else ["'self'"]
    return serialise(
        {
            "default-src": ["'self'"],
            "img-src": own_and_media,
            "media-src": own_and_media,
            "frame-src": ["'self'", *EMBED_FRAME_SOURCES],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
            "frame-ancestors": ["'none'"],
        }
    )


def admin_policy(media: str) -> str:
    own_and_media = ["'self'", media] if media else ["'self'"]
    return serialise(
        {
            "default-src": ["'self'"],
            "script-src": ["'self'", "'unsafe-inline'"],
            "style-src": ["'self'", "'unsafe-inline'"],
            "img-src": [*own_and_media, "data:", "blob:"],
            "font-src": ["'self'", "data:"],
            "connect-src": ["'self'"],
            "worker-src": ["'self'", "blob:"],
            "frame-src": ["'self'", *EMBED_FRAME_SOURCES],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
            "frame-ancestors": ["'self'"],
        }
    )


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        media = media_origin()
        self.public = public_policy(media)
        self.admin = admin_policy(media)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        admin = request.path.startswith(ADMIN_PREFIX)
        response.headers.setdefault("Content-Security-Policy", self.admin if admin else self.public)
        if admin:
            # Runs before XFrameOptionsMiddleware (DENY), which keeps a header already set.
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response
