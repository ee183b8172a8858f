"""The sitemap names live pages, speakers and tags on the configured host; robots.txt names it."""

from xml.etree import ElementTree

import pytest

from tests.readers import PUBLIC_BASE

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


pytestmark = pytest.mark.usefixtures("public_base_url")


def sitemap_entries(client) -> dict[str, str | None]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in tree.findall("s:url", NS)
    }


def test_sitemap_lists_live_pages_speakers_and_tags_on_the_configured_host(client, world):
    entries = sitemap_entries(client)
    assert all(loc.startswith(f"{PUBLIC_BASE}/") for loc in entries)
    for path in (
        "/",
        "/harbour/",
        "/harbour/day-1/queries/",
        "/river/day-2/changed/",
        "/speakers/ada/",
        "/speakers/",
        "/tags/",
        "/tags/performance/",
        "/tags/django/",
    ):
        assert f"{PUBLIC_BASE}{path}" in entries, path
    for hidden in ("/harbour/day-1/draft/", "/harbour/day-1/private/"):
        assert f"{PUBLIC_BASE}{hidden}" not in entries
    for path in ("/harbour/day-1/queries/", "/speakers/ada/", "/tags/performance/"):
        assert entries[f"{PUBLIC_BASE}{path}"], f"{path} has no lastmod"


def test_a_tag_only_a_draft_has_is_not_listed(client, world):
    world.talks["draft"].tags.add("secret-topic")
    world.talks["draft"].save()
    assert f"{PUBLIC_BASE}/tags/secret-topic/" not in sitemap_entries(client)


def test_robots_txt_names_the_sitemap(client, world):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {PUBLIC_BASE}/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
