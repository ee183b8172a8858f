"""Export → import (into an empty site) → export gives the same Markdown and the same
pages, field by field, for a conference that uses every field and block."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model

from talks.block_values import code, embed, figure, heading, list_block, paragraph, quote, table
from talks.models import ConferencePage, DayPage, Speaker, TalkPage
from tests.factories import (
    ConferencePageFactory,
    DayPageFactory,
    SpeakerFactory,
    TalkPageFactory,
    make_image,
)

from .conftest import import_file

CONFERENCE_FIELDS = ("start_date", "end_date", "location", "website", "show_table_of_contents")
TALK_FIELDS = ("talk_url", "video_url", "slides_url", "summary")


def export(slug: str) -> str:
    out = StringIO()
    call_command("export_notes", slug, stdout=out)
    return out.getvalue()


def stored_body(talk: TalkPage) -> list[dict]:
    """The body as stored, with images named by their file (ids differ between sites)."""
    images = {image.pk: image.file.name for image in get_image_model().objects.all()}
    blocks = []
    for block in talk.body.raw_data:
        value = block["value"]
        if block["type"] == "image":
            value = {**value, "image": {**value["image"], "image": images[value["image"]["image"]]}}
        blocks.append({"type": block["type"], "value": value})
    return blocks


def snapshot(conference: ConferencePage) -> list[dict]:
    """Every field an editor can set on the conference, its days and its talks."""
    conference.refresh_from_db()
    rows = [
        {
            "title": conference.title,
            "slug": conference.slug,
            "intro": conference.intro,
            "published": conference.first_published_at.date(),
            **{name: getattr(conference, name) for name in CONFERENCE_FIELDS},
        }
    ]
    for day in DayPage.objects.child_of(conference).order_by("path"):
        rows.append({"day": day.title, "slug": day.slug, "date": day.date, "intro": day.intro})
        for talk in TalkPage.objects.child_of(day).order_by("path"):
            rows.append(
                {
                    "talk": talk.title,
                    "slug": talk.slug,
                    **{name: getattr(talk, name) for name in TALK_FIELDS},
                    "speakers": [link.speaker.name for link in talk.talk_speakers.all()],
                    "tags": sorted(tag.name for tag in talk.tags.all()),
                    "body": stored_body(talk),
                    "live": talk.live,
                }
            )
    return rows


# The factory adds the dates and the location.
CONFERENCE = {
    "title": "Harbour Conf 2026",
    "slug": "harbour-conf-2026",
    "website": "https://harbour.example/",
    "intro": "<p>Three days by the sea.</p><ul><li>Talks</li><li>Sprints</li></ul>",
    "show_table_of_contents": True,
    "first_published_at": datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC),
}


@pytest.fixture
def every_field_conference(home):
    conference = ConferencePageFactory(parent=home, **CONFERENCE)
    sprints = DayPageFactory(
        parent=conference,
        title="Sprints",  # not named like a day: the export must still make it one
        slug="sprints",
        date=datetime.date(2026, 6, 6),
        intro="<p>Bring a laptop.</p>",
    )
    image = make_image("Stage", "stage.png")
    talk = TalkPageFactory(
        parent=sprints,
        title="Caching, “quoted” & #hashed",
        slug="caching",
        summary="Measure first.\nThen cache.",
        **{
            f"{name}_url": url
            for name, url in [
                ("talk", "https://harbour.example/talks/caching"),
                ("video", "https://www.youtube.com/watch?v=abc123XYZ"),
                ("slides", "https://speakerdeck.com/ada/caching"),
            ]
        },
        speakers=[SpeakerFactory(name="Ada Lovelace"), SpeakerFactory(name="Grace Hopper")],
        body=[
            paragraph(
                "<p>Speakers: this line is <s>not</s> text.</p><ol><li>one</li><li>two</li></ol>"
            ),
            heading("Setup", "h2"),
            heading("Details", "h3"),
            quote("<p>First.</p><p>Second.</p>", "Ada", "https://ada.example/"),
            quote("<p>Unattributed.</p>"),
            code('print("hi")', "python", 'say "hi".py'),
            code("plain text"),
            code("<App />", "jsx"),  # a language the editor's menu doesn't list
            list_block(
                [
                    [paragraph("<p>Install</p>"), code("$ pip install x", "console", "shell")],
                    [paragraph("<p>Compare</p>"), table("Sizes", [["Size", "Fits"], ["S", "yes"]])],
                    [paragraph("<p>Then</p>"), list_block([[quote("<p>Nested.</p>", "Bo")]])],
                ],
                ordered=True,
                start=3,
            ),
            table("Tools compared", [["Tool", "Speed"], ["a|b", "fast"]]),
            figure(image.pk, "The stage at night", "Opening keynote", "Photo: Bo"),
            embed("https://vimeo.com/1"),
        ],
    )
    talk.tags.add("cache", "web")
    talk.save_revision().publish()
    TalkPageFactory(parent=sprints, title="Second", slug="second", summary="", body=[])
    return ConferencePage.objects.get(pk=conference.pk)


def test_every_field_and_block_survive_export_and_import_into_an_empty_site(
    every_field_conference, tmp_path
):
    conference = every_field_conference
    first = export(conference.slug)
    before = snapshot(conference)
    conference.delete()
    Speaker.objects.all().delete()
    get_image_model().objects.all().delete()  # the file stays in storage, as after a move
    exported = tmp_path / "export.md"
    exported.write_text(first, encoding="utf-8")

    import_file(exported, "--publish")
    conference = ConferencePage.objects.get()
    assert snapshot(conference) == before
    assert export(conference.slug) == first
    assert [s.name for s in Speaker.objects.order_by("name")] == ["Ada Lovelace", "Grace Hopper"]


def test_a_new_speaker_gets_the_profile_their_speaker_line_links(db, tmp_path):
    SpeakerFactory(name="Grace Hopper", profile_url="https://grace.example")
    notes = tmp_path / "linked.md"
    notes.write_text(
        "# Linked Conf\n\n## Day 1\n\n### Caching\n\n"
        "**Speakers:** [Ada Lovelace](https://ada.example), Bo Chen (@bo@example.social), "
        "[Grace Hopper](https://elsewhere.example)\n\nNotes.\n",
        encoding="utf-8",
    )
    import_file(notes, "--publish")
    speakers = {s.name: (s.handle, s.profile_url) for s in Speaker.objects.all()}
    assert speakers == {
        "Ada Lovelace": ("", "https://ada.example"),
        "Bo Chen": ("@bo@example.social", ""),
        # A speaker the site knows keeps what the editors gave them.
        "Grace Hopper": ("", "https://grace.example"),
    }
    talk = TalkPage.objects.get(slug="caching")
    assert [link.speaker.name for link in talk.talk_speakers.all()] == [
        "Ada Lovelace",
        "Bo Chen",
        "Grace Hopper",
    ]


def test_export_writes_the_import_dialect(every_field_conference):
    text = export(every_field_conference.slug)
    assert text.startswith("---\ntitle: Harbour Conf 2026\ndate: ")
    assert "start_date: '2026-06-04'\nend_date: '2026-06-06'\nlocation: Porto\n" in text
    assert "days: true\n---\n\n{{< toc >}}" in text
    assert "## Sprints\n\nDate: 2026-06-06\n\nBring a laptop." in text
    assert (
        "### [Caching, “quoted” & \\#hashed](https://harbour.example/talks/caching)\n\n"
        "Speakers: Ada Lovelace, Grace Hopper\n"
        "Video: https://www.youtube.com/watch?v=abc123XYZ\n"
        "Slides: https://speakerdeck.com/ada/caching\n"
        "Tags: cache, web\n"
        "Summary: Measure first.\nSummary: Then cache.\nSlug: caching\n\n"
        # Escaped: metadata paragraphs may follow one another.
        "Speakers\\: this line is ~~not~~ text."
    ) in text
    assert '```python title="say \\"hi\\".py"\nprint("hi")\n```' in text
    assert "```\nplain text\n```\n\n```jsx\n<App />\n```" in text
    # The list's code, table and nested quote are written inside their items.
    assert (
        '3. Install\n\n   ```console title="shell"\n   $ pip install x\n   ```\n'
        "4. Compare\n\n   | Size | Fits |\n   | --- | --- |\n   | S | yes |\n\n   Table: Sizes\n"
        "5. Then\n\n   - > Nested. -- Bo\n"
    ) in text
    assert "| a\\|b | fast |\n\nTable: Tools compared" in text
    assert "![The stage at night](/media/original_images/stage" in text
    assert '"Opening keynote")\nCredit: Photo: Bo' in text


def test_the_seeds_export_as_before(home, tmp_path):
    from .conftest import THREE_DAYS, seed

    import_file(seed(THREE_DAYS), "--publish")
    text = export("djangocon-us-2023")
    assert text.startswith("---\ntitle: DjangoCon US 2023\ndate: '2023-10-26'\n")
    assert "## Day 2\n\n### Postgres Performance: From Slow to Pro" in text
    assert (
        '> "I am going to say some words here I don\'t fully understand" -- [@lacey](https://hachyderm.io/@lacey)'
        in text
    )
    assert "| Selenium | Cypress | Playwright |" in text


def test_export_of_an_unknown_conference_fails(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No conference"):
        call_command("export_notes", "nope", stdout=StringIO())
