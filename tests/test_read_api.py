"""The read API at /api/v2/: public live pages only, talks with blocks, speakers and tags."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from talks.block_values import embed, figure, paragraph
from tests.factories import TalkPageFactory, make_image
from tests.readers import PUBLIC_BASE, publish

# How each rich text format writes the caching talk's link to the queries talk.
LINK_TO_QUERIES = {
    "db_html": '<a linktype="page" id="{pk}">the queries talk</a>',
    "html": '<a href="/harbour/day-1/queries/">the queries talk</a>',
    "markdown": "[the queries talk](/harbour/day-1/queries/)",
    "db_markdown": "[the queries talk](wagtail://page?id={pk})",
}

pytestmark = pytest.mark.usefixtures("public_base_url")


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


def count_queries(client, url: str) -> int:
    client.get(url)  # warm: the site's root paths are cached on first use
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize("rich_text_format", LINK_TO_QUERIES)
def test_page_links_read_in_each_rich_text_format(client, world, rich_text_format):
    caching, queries = world.talks["caching"], world.talks["queries"]
    url = f"/api/v2/pages/{caching.pk}/?rich_text_format={rich_text_format}"
    notes = client.get(url).json()["body"][0]["value"]
    assert LINK_TO_QUERIES[rich_text_format].format(pk=queries.pk) in notes


def notes_with(name: str, sections: int, linked_page_id: int) -> list[dict]:
    """`sections` times an image, a recording (fetched before) and a page link."""
    blocks = []
    for n in range(sections):
        image = make_image(f"Slide {n}", f"{name}-{n}.png", size=(16, 12))
        recording = f"https://www.youtube.com/watch?v={name}-{n}"
        Embed.objects.create(
            url=recording, hash=get_embed_hash(recording), type="video", html="<iframe></iframe>"
        )
        blocks += [
            figure(image.pk, f"Slide {n} of the talk"),
            embed(recording),
            paragraph(
                f'<p>Part {n} follows <a linktype="page" id="{linked_page_id}">this</a>.</p>'
            ),
        ]
    return blocks


@pytest.mark.parametrize("rich_text_format", LINK_TO_QUERIES)
def test_a_talk_costs_the_same_queries_with_ten_images_recordings_and_links_as_with_one(
    client, world, rich_text_format
):
    day, linked = world.talks["queries"].get_parent(), world.talks["queries"].pk
    short, long = (
        publish(TalkPageFactory(parent=day, slug=size, body=notes_with(size, n, linked)))
        for size, n in (("short", 1), ("long", 10))
    )
    counts = [
        count_queries(client, f"/api/v2/pages/{talk.pk}/?rich_text_format={rich_text_format}")
        for talk in (short, long)
    ]
    assert counts[0] == counts[1]


@pytest.mark.parametrize("rich_text_format", LINK_TO_QUERIES)
def test_conference_intros_linking_pages_cost_the_same_queries_for_one_as_for_two(
    client, world, rich_text_format
):
    for conference in (world.harbour, world.river):
        conference.intro = (
            f'<p>Start with <a linktype="page" id="{world.talks["queries"].pk}">queries</a>.</p>'
        )
        publish(conference)
    listing = "/api/v2/pages/?type=talks.ConferencePage&fields=intro&rich_text_format="
    one, two = (count_queries(client, f"{listing}{rich_text_format}&limit={n}") for n in (1, 2))
    assert one == two
