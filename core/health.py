"""`/healthz` for load balancers: 200 when the database and media storage answer."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from core.media_storage import MediaStorageUnavailable, ping_media_storage

logger = logging.getLogger(__name__)


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return False


def media_storage_answers() -> bool:
    try:
        ping_media_storage()
        return True
    except MediaStorageUnavailable:
        logger.exception("Health check: media storage did not answer")
        return False


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {
        "database": "ok" if database_answers() else "failing",
        "media_storage": "ok" if media_storage_answers() else "failing",
    }
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)
