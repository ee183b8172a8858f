"""Security headers on every response, and addresses no page can have.

Content-Security-Policy: Django 5.2 has no CSP support of its own. The admin gets a
wider policy because Wagtail's editor uses inline scripts and styles and image previews
from data:/blob: URLs; it also frames its own pages (previews), so admin responses allow
same-origin framing where the rest of the site allows none.

The headers middleware is the outermost one, so static files (whitenoise), the HTTPS
redirect, cached pages and the 400 for a bad Host header carry the headers too.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse

ADMIN_PREFIX = "/admin/"
# Recordings and slides shown by the embed block; everything else stays a link.
EMBED_FRAME_SOURCES = (
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://speakerdeck.com",
)
# Nothing on the site uses a camera, a microphone, the reader's location and the like;
# recordings in embeds may go full screen.
DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "bluetooth",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "serial",
    "usb",
)
FULLSCREEN_ORIGINS = " ".join(f'"{origin}"' for origin in EMBED_FRAME_SOURCES)
PERMISSIONS_POLICY = ", ".join(
    [*(f"{feature}=()" for feature in DENIED_FEATURES), f"fullscreen=(self {FULLSCREEN_ORIGINS})"]
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


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        media = media_origin()
        self.public = public_policy(media)
        self.admin = admin_policy(media)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        headers = response.headers
        admin = request.path.startswith(ADMIN_PREFIX)
        headers.setdefault("Content-Security-Policy", self.admin if admin else self.public)
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # XFrameOptionsMiddleware (inside this one) says DENY everywhere; the admin frames
        # its own previews. Responses that never reached it get DENY here.
        if admin:
            headers["X-Frame-Options"] = "SAMEORIGIN"
        else:
            headers.setdefault("X-Frame-Options", "DENY")
        # SecurityMiddleware sets these too, but not on responses to requests it failed
        # on itself (a bad Host header while redirecting to HTTPS).
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY or "same-origin")
        return response


class NulBytesNotFoundMiddleware:
    """No page, speaker or file has a NUL byte in its address, and PostgreSQL can't even
    look one up: answer 404 before anything tries."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            raise Http404("No page has a NUL byte in its address.")
        return self.get_response(request)
