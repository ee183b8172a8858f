"""The read API at /api/v2/: public live pages only, talks with blocks, speakers and tags."""

import pytest

from tests.factories import make_image
from tests.readers import PUBLIC_BASE, build_world


@pytest.fixture
def world(home, settings):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC_BASE
    return build_world(home)


def test_talk_listing_has_only_public_live_talks(client, world):
    response = client.get("/api/v2/pages/?type=talks.TalkPage&fields=speakers,tags")
    assert response.status_code == 200, response.content
    items = response.json()["items"]
    assert {item["title"] for item in items} == {
        "Keeping queries flat",
        "Caching without tears",
        "Published title",  # its unpublished change is not served
    }
    queries = next(item for item in items if item["title"] == "Keeping queries flat")
    assert [speaker["name"] for speaker in queries["speakers"]] == ["Ada Lovelace", "Bo Diddley"]
    assert queries["speakers"][0]["url"] == f"{PUBLIC_BASE}/speakers/ada/"
    assert sorted(queries["tags"]) == ["django", "performance"]


def test_a_talk_reads_as_structured_blocks(client, world):
    talk = world.talks["queries"]
    data = client.get(f"/api/v2/pages/{talk.pk}/").json()
    assert data["meta"]["type"] == "talks.TalkPage"
    assert data["meta"]["html_url"] == f"{PUBLIC_BASE}/harbour/day-1/queries/"
    assert data["summary"] == "How to keep query counts flat."
    assert [block["type"] for block in data["body"]] == ["heading", "paragraph", "quote", "code"]
    assert data["body"][0]["value"] == {"level": "h2", "text": "Why it matters"}
    assert data["body"][3]["value"]["language"] == "python"
    assert data["body"][2]["value"]["attribution"] == "Ada Lovelace"


@pytest.mark.parametrize("which", ["draft", "private"])
def test_drafts_and_private_talks_are_not_found(client, world, which):
    assert client.get(f"/api/v2/pages/{world.talks[which].pk}/").status_code == 404


def test_conferences_carry_their_dates(client, world):
    data = client.get(f"/api/v2/pages/{world.river.pk}/").json()
    assert (data["start_date"], data["end_date"]) == ("2025-09-01", "2025-09-02")


def test_images_and_documents_are_listed(client, world):
    make_image(title="Stage")
    images = client.get("/api/v2/images/").json()
    assert [image["title"] for image in images["items"]] == ["Stage"]
    assert client.get("/api/v2/documents/").json()["meta"]["total_count"] == 0


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, world, method):
    response = getattr(client, method)(f"/api/v2/pages/{world.talks['queries'].pk}/")
    assert response.status_code == 405
