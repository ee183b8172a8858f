"""A large import writes what saving each page in the editor would: the same tree,
revisions, history, publish signals and index entries, in a number of queries that
grows by a few per talk, not by dozens."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.signals import page_published

from talks.models import ConferencePage, DayPage, Speaker, TalkPage
from tests.factories import SpeakerFactory, make_image

from .conftest import import_file


def notes(
    days: dict[str, list[str]], title: str = "Scale Conf", image: str = "", own_speakers=True
) -> str:
    """Notes with these talks under these days; each talk has speakers, a tag and text."""
    parts = [f"---\ntitle: {title}\ntags: [scale]\n---\n"]
    for day, talks in days.items():
        parts.append(f"## {day}\n")
        for number, talk in enumerate(talks):
            speakers = ", ".join(
                [f"Speaker {talk}"] * own_speakers + ["Shared Speaker"] * (number % 2)
            )
            parts.append(
                f"### {talk}\n\nSpeakers: {speakers}\nTags: topic-{talk.lower()}\n\n"
                f"Words about {talk.lower()}wort and more.\n"
            )
    if image:
        parts.append(f"![The stage]({image})\n")
    return "\n".join(parts)


def write(tmp_path, text: str, name: str = "notes.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def history(page: Page) -> list[tuple[str, int | None]]:
    entries = PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk")
    return [(entry.action, entry.revision_id) for entry in entries]


def test_new_pages_are_published_with_one_revision_each_and_their_history(home, tmp_path):
    published = []

    def received(sender, instance, revision, **kwargs):
        published.append((instance.pk, revision.pk))

    page_published.connect(received, dispatch_uid="test-import-published")
    try:
        import_file(write(tmp_path, notes({"Day 1": ["Alpha", "Beta"]})), "--publish")
    finally:
        page_published.disconnect(dispatch_uid="test-import-published")

    pages = [ConferencePage.objects.get(), DayPage.objects.get(), *TalkPage.objects.all()]
    assert len(pages) == 4
    for page in pages:
        (revision,) = Revision.page_revisions.filter(object_id=str(page.pk))
        assert page.live and not page.has_unpublished_changes
        assert page.live_revision_id == page.latest_revision_id == revision.pk
        assert page.latest_revision_created_at == revision.created_at
        assert history(page) == [("wagtail.create", revision.pk), ("wagtail.publish", revision.pk)]
    assert sorted(published) == sorted((page.pk, page.live_revision_id) for page in pages)

    beta = TalkPage.objects.get(title="Beta")
    as_saved = beta.live_revision.as_object()
    assert [link.speaker.name for link in as_saved.talk_speakers.all()] == [
        "Speaker Beta",
        "Shared Speaker",
    ]
    assert sorted(tag.name for tag in as_saved.tags.all()) == ["scale", "topic-beta"]
    assert list(as_saved.body.raw_data) == list(beta.body.raw_data)


def test_drafts_are_saved_unpublished_and_send_no_publish_signal(home, tmp_path):
    published = []
    page_published.connect(lambda **kwargs: published.append(1), dispatch_uid="test-drafts")
    try:
        import_file(write(tmp_path, notes({"Day 1": ["Alpha", "Beta"]})))
    finally:
        page_published.disconnect(dispatch_uid="test-drafts")

    assert published == []
    for talk in TalkPage.objects.all():
        (revision,) = Revision.page_revisions.filter(object_id=str(talk.pk))
        assert not talk.live and talk.has_unpublished_changes
        assert talk.latest_revision_id == revision.pk and talk.live_revision_id is None
        assert history(talk) == [("wagtail.create", revision.pk)]


def test_talks_added_to_an_existing_day_follow_its_talks_and_the_tree_stays_whole(
    client, home, tmp_path
):
    import_file(write(tmp_path, notes({"Day 1": ["Alpha", "Beta"]})), "--publish")
    bigger = notes({"Day 1": ["Alpha", "Beta", "Gamma", "Delta"], "Day 2": ["Epsilon"]})
    import_file(write(tmp_path, bigger), "--publish")

    assert Page.find_problems() == ([], [], [], [], [])
    day_1 = DayPage.objects.get(slug="day-1")
    titles = [talk.title for talk in TalkPage.objects.child_of(day_1).order_by("path")]
    assert titles == ["Alpha", "Beta", "Gamma", "Delta"]
    assert day_1.numchild == 4
    gamma = TalkPage.objects.get(title="Gamma")
    assert gamma.url_path == f"{day_1.url_path}gamma/"
    response = client.get(gamma.url)
    assert response.status_code == 200 and "gammawort" in response.content.decode()


def test_imported_talks_are_found_by_their_words_speakers_and_tags(home, tmp_path):
    import_file(write(tmp_path, notes({"Day 1": ["Alpha", "Beta", "Gamma"]})), "--publish")
    beta = TalkPage.objects.get(title="Beta")
    live = TalkPage.objects.live()
    assert list(live.search("betawort")) == [beta]
    assert list(live.search("Speaker Beta", operator="and")) == [beta]
    assert list(live.search("topic-beta")) == [beta]
    assert {talk.title for talk in live.search("Shared Speaker", operator="and")} == {"Beta"}


def test_an_imported_image_lists_the_talk_among_its_uses(home, tmp_path):
    image = make_image()
    import_file(write(tmp_path, notes({"Day 1": ["Alpha"]}, image=image.file.url)), "--publish")
    alpha = TalkPage.objects.get(title="Alpha")
    uses = ReferenceIndex.get_references_to(image)
    assert {use.object_id for use in uses} == {str(alpha.pk)}


def import_queries(tmp_path, title: str, talks: int) -> int:
    """Queries to import a file of this many talks, with speakers and tags the site has."""
    names = [f"Talk{number}" for number in range(talks)]
    text = notes({"Day 1": names}, title=title, own_speakers=False)
    text = re.sub(r"Tags: topic-\w+", "Tags: shared", text)
    path = write(tmp_path, text, f"{title}.md")
    with CaptureQueriesContext(connection) as queries:
        import_file(path, "--publish")
    return len(queries)


def test_each_further_talk_costs_a_few_queries(home, tmp_path):
    import_queries(tmp_path, "Warm Conf", 2)  # the shared speaker and tag exist from now on
    few, many = import_queries(tmp_path, "Few Conf", 10), import_queries(tmp_path, "Many Conf", 30)
    per_talk = (many - few) / 20
    assert per_talk <= 8, f"{per_talk:.1f} queries per talk"


def test_speakers_are_matched_by_name_and_new_ones_get_free_slugs(home, tmp_path):
    known = SpeakerFactory(name="Grace Hopper")
    SpeakerFactory(name="Ada L.", slug="ada-lovelace")
    text = notes({"Day 1": ["Alpha"]}).replace(
        "Speakers: Speaker Alpha",
        "Speakers: Grace Hopper, Ada Lovelace, Ada-Lovelace, Bob Kahn, Bob-Kahn",
    )
    import_file(write(tmp_path, text), "--publish")
    talk = TalkPage.objects.get()
    speakers = [link.speaker for link in talk.talk_speakers.all()]
    assert speakers[0] == known
    assert [(s.name, s.slug) for s in speakers[1:]] == [
        ("Ada Lovelace", "ada-lovelace-2"),
        ("Ada-Lovelace", "ada-lovelace-3"),
        ("Bob Kahn", "bob-kahn"),
        ("Bob-Kahn", "bob-kahn-2"),
    ]
    assert Speaker.objects.count() == 6
