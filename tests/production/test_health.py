"""/healthz tells a load balancer whether this app server can do its job."""

from __future__ import annotations

from django.test import override_settings

from tests.production.conftest import s3_media_settings


def test_healthz_is_ok_with_the_database_and_local_media(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "media_storage": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_ok_with_media_on_s3(client, db, s3_bucket):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "media_storage": "ok"}


def test_healthz_names_media_storage_when_s3_does_not_answer(client, db, unreachable_s3):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "media_storage": "failing"}


def test_healthz_names_media_storage_when_the_bucket_is_missing(client, db, s3_server):
    with override_settings(**s3_media_settings(s3_server.url, "no-such-bucket")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["media_storage"] == "failing"
