"""Page views run the same number of SQL queries whatever their content."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from talks.block_values import code, embed, figure, heading, paragraph, quote, table
from tests.factories import DayPageFactory, SpeakerFactory, TalkPageFactory, make_image


def count_queries(client, url: str) -> int:
    client.get(url)  # warm: renditions are generated on first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def build_conference(conference, talks: int) -> None:
    speakers = [SpeakerFactory() for _ in range(3)]
    days = [DayPageFactory(parent=conference) for _ in range(2)]
    for number in range(talks):
        TalkPageFactory(parent=days[number % 2], speakers=speakers[: 1 + number % 3])


def body_of(blocks: int, images: list) -> list[dict]:
    # Blocks that touch the database come first, so even 5 blocks use them all.
    kinds = [
        lambda n: heading(f"Section {n}"),
        lambda n: figure(images[n % len(images)].pk, f"Stage photo number {n}", f"Caption {n}"),
        lambda n: embed(f"https://www.youtube.com/watch?v=v{n}"),
        lambda n: paragraph(f'<p>Point {n} with <a href="https://x.example/{n}">a link</a></p>'),
        lambda n: quote(f"<p>Quote {n}</p>", f"Person {n}", "https://person.example/"),
        lambda n: code(f"print({n})", "python", f"file{n}.py"),
        lambda n: table(f"Table {n}", [["a", "b"], [str(n), "x"]]),
    ]
    return [kinds[n % len(kinds)](n) for n in range(blocks)]


def test_conference_page_queries_do_not_grow_with_talks(client, home):
    from tests.factories import ConferencePageFactory

    small = ConferencePageFactory(parent=home, slug="small")
    large = ConferencePageFactory(parent=home, slug="large")
    build_conference(small, 5)
    build_conference(large, 200)
    small_count = count_queries(client, small.url)
    large_count = count_queries(client, large.url)
    print(f"conference page: {small_count} queries with 5 talks, {large_count} with 200")
    assert small_count == large_count


def test_day_page_queries_do_not_grow_with_talks(client, conference):
    small, large = DayPageFactory(parent=conference), DayPageFactory(parent=conference)
    speaker = SpeakerFactory()
    for _ in range(3):
        TalkPageFactory(parent=small, speakers=[speaker])
    for _ in range(60):
        TalkPageFactory(parent=large, speakers=[speaker])
    assert count_queries(client, small.url) == count_queries(client, large.url)


def test_talk_page_queries_do_not_grow_with_blocks(client, day):
    images = [
        make_image(title=f"Photo {n}", filename=f"photo{n}.png", size=(800, 600)) for n in range(4)
    ]
    short = TalkPageFactory(parent=day, body=body_of(5, images[:2]), speakers=[SpeakerFactory()])
    long = TalkPageFactory(parent=day, body=body_of(100, images), speakers=[SpeakerFactory()])
    short_count = count_queries(client, short.url)
    long_count = count_queries(client, long.url)
    print(f"talk page: {short_count} queries with 5 blocks, {long_count} with 100")
    assert short_count == long_count
    assert long_count <= 20


def test_talk_page_queries_do_not_grow_with_internal_links(client, day):
    others = [TalkPageFactory(parent=day, title=f"Other {n}") for n in range(30)]

    def linking_body(count: int) -> list[dict]:
        return [
            paragraph(f'<p>See <a linktype="page" id="{page.pk}">{page.title}</a>.</p>')
            for page in others[:count]
        ]

    few = TalkPageFactory(parent=day, body=linking_body(3))
    many = TalkPageFactory(parent=day, body=linking_body(30))
    assert count_queries(client, few.url) == count_queries(client, many.url)
    html = client.get(many.url).content.decode()
    for page in others:
        assert f'<a href="{page.url}">{page.title}</a>' in html


def test_a_link_to_a_deleted_page_renders_as_a_plain_anchor(client, day):
    talk = TalkPageFactory(
        parent=day, body=[paragraph('<p><a linktype="page" id="99999">gone</a></p>')]
    )
    assert "<a>gone</a>" in client.get(talk.url).content.decode()
