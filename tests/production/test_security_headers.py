"""The Content-Security-Policy: the public site loads only its own resources."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings

from tests.production.conftest import s3_media_settings

CSP_MIDDLEWARE = "core.security.ContentSecurityPolicyMiddleware"


@pytest.fixture
def production_middleware():
    with override_settings(
        MIDDLEWARE=[*settings.MIDDLEWARE, CSP_MIDDLEWARE], X_FRAME_OPTIONS="DENY"
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
    with override_settings(MIDDLEWARE=[*settings.MIDDLEWARE, CSP_MIDDLEWARE]):
        response = client.get(talk.url)
    policy = directives(response["Content-Security-Policy"])
    assert policy["img-src"] == ["'self'", s3_server.endpoint]


def test_images_may_come_from_the_cdn_domain(client, talk, s3_server, s3_bucket):
    with override_settings(
        **s3_media_settings(s3_server.endpoint, s3_bucket),
        AWS_S3_CUSTOM_DOMAIN="cdn.example.net",
        MIDDLEWARE=[*settings.MIDDLEWARE, CSP_MIDDLEWARE],
    ):
        response = client.get(talk.url)
    policy = directives(response["Content-Security-Policy"])
    assert policy["img-src"] == ["'self'", "https://cdn.example.net"]
