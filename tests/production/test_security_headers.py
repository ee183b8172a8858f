"""Security headers: the public site loads only its own resources, on every response."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings

from tests.production.conftest import s3_media_settings

HEADERS_MIDDLEWARE = "core.security.SecurityHeadersMiddleware"


@pytest.fixture
def production_middleware():
    with override_settings(
        MIDDLEWARE=[HEADERS_MIDDLEWARE, *settings.MIDDLEWARE], X_FRAME_OPTIONS="DENY"
    ):
        yield


def directives(header: str) -> dict[str, list[str]]:
    return {
        name: sources
        for name, *sources in (part.split() for part in header.split(";") if part.strip())
    }


def test_public_pages_allow_only_the_sites_own_resources(client, talk, production_middleware):
    response = client.get(talk.url)
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert "script-src" not in policy and "style-src" not in policy  # so: 'self' only
    assert policy["img-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_admin_gets_what_wagtails_editor_needs(client, db, production_middleware):
    response = client.get("/admin/login/")
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert {"data:", "blob:"} <= set(policy["img-src"])
    assert policy["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_images_may_come_from_the_s3_bucket(client, talk, s3_server, s3_bucket):
    with override_settings(MIDDLEWARE=[HEADERS_MIDDLEWARE, *settings.MIDDLEWARE]):
        response = client.get(talk.url)
    policy = directives(response["Content-Security-Policy"])
    assert policy["img-src"] == ["'self'", s3_server.url]


def test_images_may_come_from_the_cdn_domain(client, talk, s3_server, s3_bucket):
    with override_settings(
        **s3_media_settings(s3_server.url, s3_bucket),
        AWS_S3_CUSTOM_DOMAIN="cdn.example.net",
        MIDDLEWARE=[HEADERS_MIDDLEWARE, *settings.MIDDLEWARE],
    ):
        response = client.get(talk.url)
    policy = directives(response["Content-Security-Policy"])
    assert policy["img-src"] == ["'self'", "https://cdn.example.net"]


def test_no_page_may_use_camera_microphone_or_location(client, talk, production_middleware):
    policy = client.get(talk.url)["Permissions-Policy"]
    features = dict(part.strip().split("=", 1) for part in policy.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"
    assert features["fullscreen"].startswith("(self ")  # recordings may go full screen


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"path": "/no-such-page/"},  # 404
        {"path": "/", "HTTP_HOST": "evil.example"},  # 400: a host the site doesn't serve
        {"path": "/admin"},  # redirect to /admin/
        {"path": "/search/", "data": {"q": "%00"}},
    ],
    ids=["not found", "bad host", "redirect", "search"],
)
def test_every_response_carries_the_headers(client, db, production_middleware, request_kwargs):
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        response = client.get(**request_kwargs)
    assert response.status_code in (200, 301, 302, 400, 404)
    assert directives(response["Content-Security-Policy"])["default-src"] == ["'self'"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
