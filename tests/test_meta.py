"""What each page tells browsers, search engines and link previews; the social cards."""

import io

import pytest
from PIL import Image

from tests.readers import PUBLIC_BASE, head_of, publish

pytestmark = pytest.mark.usefixtures("public_base_url")


def types_in(json_ld: dict) -> set[str]:
    """Every @type in a JSON-LD document, nested ones too."""
    found = set()
    if isinstance(json_ld, dict):
        if "@type" in json_ld:
            found.add(json_ld["@type"])
        for value in json_ld.values():
            found |= types_in(value)
    elif isinstance(json_ld, list):
        for value in json_ld:
            found |= types_in(value)
    return found


PAGES = [
    # url, title, description starts with, JSON-LD @types, og:type
    ("/", "Conference Notes", "Notes on conference talks", {"WebSite"}, "website"),
    (
        "/harbour/",
        "Harbour Python · Conference Notes",
        "Notes on the talks of Harbour Python",
        {"Event", "Place"},
        "website",
    ),
    (
        "/harbour/day-1/",
        "Day 1 · Harbour Python · Conference Notes",
        "Notes on the talks of Day 1",
        {"Event", "Place"},
        "website",
    ),
    (
        "/harbour/day-1/queries/",
        "Keeping queries flat · Harbour Python · Conference Notes",
        "How to keep query counts flat.",
        {"Article", "Event", "Person", "Place"},
        "article",
    ),
    (
        "/speakers/ada/",
        "Ada Lovelace · Conference Notes",
        "Notes on the talks Ada Lovelace gave",
        {"ProfilePage", "Person"},
        "profile",
    ),
    (
        "/speakers/",
        "Speakers · Conference Notes",
        "Everyone whose talks",
        {"CollectionPage"},
        "website",
    ),
    ("/tags/", "Tags · Conference Notes", "Every topic", {"CollectionPage"}, "website"),
    (
        "/tags/performance/",
        "Tagged “performance” · Conference Notes",
        "Notes on every talk tagged",
        {"CollectionPage"},
        "website",
    ),
]


@pytest.mark.parametrize(("url", "title", "description", "types", "og_type"), PAGES)
def test_every_page_type_describes_itself(client, world, url, title, description, types, og_type):
    head = head_of(client.get(url).content.decode())
    assert head.title == title
    assert head.meta["description"].startswith(description)
    assert head.canonical() == f"{PUBLIC_BASE}{url}"
    assert head.meta["og:url"] == head.canonical()
    assert head.meta["og:type"] == og_type
    assert head.meta["og:site_name"] == "Conference Notes"
    assert head.meta["og:description"] == head.meta["description"]
    assert head.meta["twitter:card"] in {"summary", "summary_large_image"}
    assert head.meta["twitter:title"] == head.meta["og:title"]
    [json_ld] = head.json_ld
    assert json_ld["@context"] == "https://schema.org"
    assert types_in(json_ld) == types


def test_a_talk_without_summary_is_described_by_the_first_words_of_its_notes(client, world):
    head = head_of(client.get("/river/day-2/caching/").content.decode())
    assert head.meta["description"].startswith("Builds on the queries talk with many more words")


def test_talk_json_ld_is_an_article_about_the_talk_at_its_conference(client, world):
    [article] = head_of(client.get("/harbour/day-1/queries/").content.decode()).json_ld
    assert article["@type"] == "Article"
    assert article["headline"] == "Keeping queries flat"
    about = article["about"]
    assert about["startDate"] == "2026-06-04"
    assert about["superEvent"]["name"] == "Harbour Python"
    assert [person["name"] for person in about["performer"]] == ["Ada Lovelace", "Bo Diddley"]
    assert about["performer"][0]["sameAs"] == "https://ada.example/"
    assert article["keywords"] == ["django", "performance"]


def test_hostile_titles_cannot_end_the_json_ld_script(client, world):
    talk = world.talks["queries"]
    talk.title = "</script><script>alert(1)</script>"
    publish(talk)
    html = client.get(talk.url).content.decode()
    assert "<script>alert(1)" not in html
    assert head_of(html).json_ld[0]["headline"] == "</script><script>alert(1)</script>"


def card_of(client, talk) -> bytes:
    head = head_of(client.get(talk.url).content.decode())
    card_url = head.meta["og:image"]
    assert head.meta["twitter:image"] == card_url
    assert head.meta["twitter:card"] == "summary_large_image"
    assert card_url.startswith(f"{PUBLIC_BASE}/cards/")
    response = client.get(card_url.removeprefix(PUBLIC_BASE))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_each_talk_has_a_1200_by_630_png_card_that_changes_with_its_title(client, world):
    talk = world.talks["queries"]
    first = card_of(client, talk)
    image = Image.open(io.BytesIO(first))
    assert image.format == "PNG" and image.size == (1200, 630)
    assert card_of(client, talk) == first  # drawn once, then served as stored
    old_card_path = head_of(client.get(talk.url).content.decode()).meta["og:image"]
    talk.title = "A wholly different title"
    publish(talk)
    second = card_of(client, talk)
    assert second != first
    assert Image.open(io.BytesIO(second)).size == (1200, 630)
    # Someone holding the old card's URL is sent to the current card.
    response = client.get(old_card_path.removeprefix(PUBLIC_BASE))
    assert response.status_code == 301


def test_no_card_for_a_draft_or_private_talk(client, world):
    for talk in (world.talks["draft"], world.talks["private"]):
        assert (
            client.get(f"/cards/talk-{talk.pk}-{talk.latest_revision_id or 1}.png").status_code
            == 404
        )
