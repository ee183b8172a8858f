"""Every reader page runs at most ten SQL queries, the same number for 5 or 10 of anything.

Two worlds are built once for the module: a small one (5 talks, and a talk with 5 blocks,
links, speakers, tags and images) and a large one (10 of each). Each page type is
counted in both: a query per row would show as 5 more.
"""

from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from home.site_root import ensure_site_root
from talks.block_values import code, embed, figure, heading, list_block, paragraph, quote, table
from talks.indexing import indexing_deferred
from talks.models import Speaker, TalkPage, TalkPageTag, TalkSpeaker
from tests.database import rolled_back_on_exit
from tests.factories import (
    ConferencePageFactory,
    DayPageFactory,
    SpeakerFactory,
    TalkPageFactory,
    make_image,
)

MAX_QUERIES = 10
# Five: every kind of block at least once in the small talk's notes.
SMALL, LARGE = 5, 10
PAGE_TYPES = ("conference", "day", "talk", "speaker", "search")


def count_queries(client: Client, url: str) -> int:
    client.get(url)  # the site's root paths are cached on the first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def rich_body(size: int, images: list, linked: list[TalkPage]) -> list[dict]:
    """`size` of every block type, each image once and a link to each of `linked`."""
    kinds = [
        lambda n: heading(f"Section {n}"),
        lambda n: paragraph(f'<p>Point {n} with <a href="https://x.example/{n}">a link</a></p>'),
        lambda n: quote(f"<p>Quote {n}</p>", f"Person {n}", "https://person.example/"),
        lambda n: code(f"print({n})", "python", f"file{n}.py"),
        lambda n: table(f"Table {n}", [["a", "b"], [str(n), "x"]]),
    ]
    body = [kinds[n % len(kinds)](n) for n in range(size)]
    body += [figure(image.pk, f"Stage photo number {n}") for n, image in enumerate(images)]
    body += [
        paragraph(f'<p>See <a linktype="page" id="{talk.pk}">{talk.title}</a>.</p>')
        for talk in linked[::2]
    ]
    # The other half inside a list's items, beside code: resolved with the rest.
    body.append(
        list_block(
            [
                [paragraph(f'<p>See <a linktype="page" id="{talk.pk}">{talk.title}</a>.</p>'),
                 code(f"open({talk.pk})", "python")]
                for talk in linked[1::2]
            ],
            ordered=True,
        )
    )  # fmt: skip
    # The same two recordings in both worlds: embeds are looked up once per body.
    return [*body, embed("https://www.youtube.com/watch?v=a"), embed("https://vimeo.com/1")]


def build_world(name: str, size: int) -> dict[str, str]:
    # Each page indexed once at the end, as a bulk import does: several times faster to build.
    with indexing_deferred():
        return build_pages(name, size)


def build_pages(name: str, size: int) -> dict[str, str]:
    home = ensure_site_root()
    conference = ConferencePageFactory(
        parent=home, slug=f"{name}-conf", logo=make_image(), logo_alt_text="Logo"
    )
    day = DayPageFactory(parent=conference)
    DayPageFactory(parent=conference)  # an empty day as well
    speaker = SpeakerFactory()
    talks = [
        TalkPageFactory(parent=day, title=f"A {name} talk {n}", speakers=[speaker])
        for n in range(size)
    ]
    images = [make_image(f"Photo {n}", f"{name}{n}.png", size=(16, 12)) for n in range(size)]
    talk = TalkPageFactory(
        parent=day, title=f"Talk about {name} things", body=rich_body(size, images, talks)
    )
    speakers = Speaker.objects.bulk_create(
        Speaker(name=f"{name} speaker {n}", slug=f"{name}-speaker-{n}", live=True)
        for n in range(size)
    )
    TalkSpeaker.objects.bulk_create(
        TalkSpeaker(talk=talk, speaker=speaker, sort_order=n) for n, speaker in enumerate(speakers)
    )
    TalkPageTag.objects.bulk_create(
        TalkPageTag(content_object=talk, tag_id=tag.pk)
        for tag in TalkPageTag.tag_model().objects.bulk_create(
            TalkPageTag.tag_model()(name=f"{name} tag {n}", slug=f"{name}-tag-{n}")
            for n in range(size)
        )
    )
    return {
        "conference": conference.url,
        "day": day.url,
        "talk": talk.url,
        "speaker": speaker.get_absolute_url(),
        "search": f"/search/?q={name}",
        "home": "/",
    }


@pytest.fixture(scope="module")
def worlds(django_db_setup, django_db_blocker) -> Iterator[dict[str, dict[str, str]]]:
    with rolled_back_on_exit(django_db_blocker):
        small = build_world("small", SMALL)
        large = build_world("large", LARGE)
        client = Client()
        for urls in (small, large):
            for url in urls.values():
                client.get(url)  # renditions are generated on the first view
        yield {"small": small, "large": large}


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_reader_pages_run_few_queries_whatever_their_size(client, db, worlds, page_type):
    small = count_queries(client, worlds["small"][page_type])
    large = count_queries(client, worlds["large"][page_type])
    print(f"{page_type}: {small} queries at {SMALL}, {large} at {LARGE}")
    assert small == large
    assert large <= MAX_QUERIES


def test_home_page_runs_few_queries_whatever_the_number_of_conferences(client, db, worlds):
    home = ensure_site_root()
    for _ in range(3):
        ConferencePageFactory(parent=home)
    five = count_queries(client, "/")
    for _ in range(5):
        ConferencePageFactory(parent=home)
    assert count_queries(client, "/") == five <= MAX_QUERIES


def test_internal_links_point_at_their_pages(client, db, worlds):
    html = client.get(worlds["large"]["talk"]).content.decode()
    linked = TalkPage.objects.filter(title__startswith="A large talk")
    assert len(linked) == LARGE
    for talk in linked:
        assert f'<a href="{talk.url}">{talk.title}</a>' in html


def test_a_link_to_a_deleted_page_renders_as_a_plain_anchor(client, day):
    talk = TalkPageFactory(
        parent=day, body=[paragraph('<p><a linktype="page" id="99999">gone</a></p>')]
    )
    assert "<a>gone</a>" in client.get(talk.url).content.decode()
