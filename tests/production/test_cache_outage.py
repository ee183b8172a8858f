"""Redis going away never takes the site with it: pages are served uncached meanwhile.

Against a Redis server this test starts and stops itself (never the machine's shared one).
"""

from __future__ import annotations

from django.test import override_settings

from scripts.load_and_faults import free_port


def redis_caches(url: str) -> dict:
    options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    return {
        alias: {"BACKEND": "core.cache.FailSoftRedisCache", "LOCATION": url, "OPTIONS": options}
        for alias in ("default", "renditions", "pages", "bodies")
    }


def test_pages_are_served_uncached_while_redis_is_down_and_cached_once_it_is_back(
    client, talk, redis_server
):
    with override_settings(CACHES=redis_caches(redis_server.url), PAGE_CACHE_SECONDS=300):
        client.get(talk.url)
        assert client.get(talk.url)["X-Page-Cache"] == "hit"

        redis_server.stop()
        for _ in range(3):
            response = client.get(talk.url)
            assert response.status_code == 200
            assert response["X-Page-Cache"] == "miss"  # rendered, not failed
        assert client.get("/search/", {"q": "talk"}).status_code == 200

        redis_server.start()  # an empty Redis: the first view fills it again
        client.get(talk.url)
        assert client.get(talk.url)["X-Page-Cache"] == "hit"


def test_signing_in_works_while_redis_is_down(client, superuser):
    unreachable = f"redis://127.0.0.1:{free_port()}/0"
    with override_settings(CACHES=redis_caches(unreachable)):
        response = client.post("/admin/login/", {"username": "admin", "password": "password"})
    assert response.status_code == 302
