"""The reader and writer are pure: Markdown strings in, documents out, and back. No database.

pytest-django refuses database access in these tests, so a reader that touched a model
would fail here.
"""

import datetime
import re
import subprocess
import sys

import pytest

from talks.block_values import code, embed, list_block, paragraph, quote, table
from talks.notes import dialect, reader
from talks.notes.document import Day, Document, ImageRef, Talk
from talks.notes.errors import NotesError
from talks.notes.reader import ReadOptions, read_notes
from talks.notes.writer import write_notes

from .conftest import CORPUS_NAMES, EXTRA_CORPUS_NAMES, ROOT, SEED_NAMES, notes_file


def read(text: str, **options) -> Document:
    return read_notes(text, "notes.md", ReadOptions(**options))


def titles(document: Document) -> list[str]:
    return [talk.title for talk in document.talks]


def body(document: Document, index: int = 0) -> list[dict]:
    return document.talks[index].blocks


def test_the_reader_and_writer_import_no_models():
    code = (
        "import sys, talks.notes.reader, talks.notes.writer\n"
        "loaded = [m for m in sys.modules if m.startswith(('talks.models', 'home', "
        "'wagtail.models', 'talks.blocks', 'django.contrib.auth.models'))]\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# -- structure ---------------------------------------------------------------------


def test_days_dated_in_their_headings_date_the_conference_where_the_file_doesnt():
    notes = (
        "## Wednesday, 20 March 2024\n\n### A\n\na\n\n## Day 2 – 2024-03-21\n\n### B\n\nb\n\n"
        "## 2024年3月22日（周五）\n\n### C\n\nc\n\n## Day 4 (01/05/2024)\n\n### D\n\nd\n"
    )
    document = read(notes)
    assert [day.date for day in document.days] == [
        datetime.date(2024, 3, 20),
        datetime.date(2024, 3, 21),
        datetime.date(2024, 3, 22),
        None,  # day and month could be either way round
    ]
    assert (document.start_date, document.end_date) == (
        datetime.date(2024, 3, 20),
        datetime.date(2024, 3, 22),
    )
    fronted = read(f"---\ntitle: C\nstart_date: 2024-03-21\nend_date: 2024-03-22\n---\n\n{notes}")
    assert [day.date for day in fronted.days][:3] == [
        None,
        *[day.date for day in document.days][1:3],
    ]
    assert "outside the conference's dates" in str(fronted.warnings)


@pytest.mark.parametrize(
    "heading",
    [
        "20. März 2024",
        "Dienstag, 20. März 2024",
        "Mercredi 20 mars 2024",
        "Miércoles 20 de marzo de 2024",
        "Dia 1 – 20 de março de 2024",
        "Mercoledì 20 marzo 2024",
        "Woensdag 20 maart 2024",
        "День 1 — 20 марта 2024",
        "20 marca 2024",
        "Day 1 · 20 March 2024",
    ],
)
def test_a_day_heading_dates_its_day_in_the_language_it_is_written_in(heading):
    document = read(f"## {heading}\n\n### A\n\na\n\n## Day 2\n\n### B\n\nb\n")
    assert document.days[0].title == heading
    assert document.days[0].date == datetime.date(2024, 3, 20)


def test_a_location_written_as_a_mapping_keeps_its_parts():
    document = read(
        "---\ntitle: Conf\nlocation:\n  venue: Kosmos\n  city: Berlin\n  country: Germany\n"
        "---\n\n## Talk\n\nx\n"
    )
    assert document.location == "Kosmos, Berlin, Germany"


def test_yaml_toml_and_pelican_front_matter_name_the_conference():
    yaml_notes = read("---\ntitle: PyCon\ndate: 2024-05-01\n---\n\n## Talk A\n\ntext\n")
    toml_notes = read('+++\ntitle = "PyCon"\n[taxonomies]\ntags = ["py"]\n+++\n\n## Talk A\n\nx\n')
    pelican = read("Title: PyCon\nDate: 2024-05-01\nTags: py, web\n\n## Talk A\n\ntext\n")
    assert yaml_notes.title == toml_notes.title == pelican.title == "PyCon"
    assert yaml_notes.published.date() == datetime.date(2024, 5, 1)
    assert toml_notes.tags == ["py"] and pelican.tags == ["py", "web"]
    assert titles(pelican) == ["Talk A"]
    logseq = read("title:: PyCon\ntags:: py, web\ndate:: [[May 1st, 2024]]\n\n## Talk A\n\nx\n")
    assert logseq.title == "PyCon" and logseq.tags == ["py", "web"] and titles(logseq) == ["Talk A"]
    assert logseq.published.date() == datetime.date(2024, 5, 1)
    pandoc = read("% PyCon\n% Ada Lovelace; Bo Chen\n% May 2024\n\n## Talk A\n\ntext\n")
    assert pandoc.title == "PyCon" and titles(pandoc) == ["Talk A"] and pandoc.intro == ""


def test_notions_page_id_is_no_part_of_a_title_from_the_file_name():
    notes = "## Talk A\n\ntext\n"
    notion = read_notes(notes, "Web Summit 2023 0123456789abcdef0123456789abcdef.md")
    assert notion.title == "Web Summit 2023"
    assert read_notes(notes, "deadbeefcafe.md").title == "deadbeefcafe"


def test_pelican_metadata_opened_by_a_dashed_line_ends_at_the_first_blank_line():
    # Pelican's Markdown reader: `---`, `Key: Value` lines, a blank line, no closing `---`.
    document = read(
        "---\ntitle: PyConES 2015: Crónica\ntags: pycones\n\nTexto.\n\n## Charla A\n\nx\n"
    )
    assert document.title == "PyConES 2015: Crónica" and document.tags == ["pycones"]
    assert titles(document) == ["Charla A"] and document.days[0].intro == "<p>Texto.</p>"


def test_without_front_matter_a_lone_top_heading_else_the_file_name_is_the_title():
    assert read("# DjangoCon\n\n## One\n\nx\n\n## Two\n\ny\n").title == "DjangoCon"
    untitled = read_notes("Talk\n====\n\ntext\n\nOther\n=====\n\nmore\n", "03-code4lib_2014.md")
    assert untitled.title == "code4lib 2014"
    assert titles(untitled) == ["Talk", "Other"]  # setext headings are talks too
    # A first heading above day headings at its own level: "# Notes", "# Day 1", "# Day 2".
    daily = read_notes(
        "# PyCon US 2024 notes\n\nFrom Pittsburgh.\n\n# Day 1\n\n## Keynote\n\nx\n\n"
        "# Day 2\n\n## Lightning talks\n\ny\n",
        "pycon.md",
    )
    assert daily.title == "PyCon US 2024 notes" and daily.intro == "<p>From Pittsburgh.</p>"
    assert [day.title for day in daily.days] == ["Day 1", "Day 2"] and not daily.warnings
    # A section before the days is no title: "Getting there" stays in the introduction.
    travel = read_notes("# Getting there\n\nBy train.\n\n# Day 1\n\n## K\n\nx\n", "ep.md")
    assert travel.title == "ep" and "By train." in travel.intro
    # A closing section after the days doesn't undo the title above them.
    wrapped = read(
        "# PyCon 2024\n\n# Day 1\n\n## A\n\na\n\n# Day 2\n\n## B\n\nb\n\n# Wrap-up\n\nbye\n"
    )
    assert wrapped.title == "PyCon 2024" and titles(wrapped) == ["A", "B"]
    # No `#` heading: a lone `##` one above the talks is the title where it reads as one.
    second_level = read_notes(
        "## PyCon AU 2015 Presentations\n\n### A\n\na\n\n### B\n\nb\n", "r4.md"
    )
    assert second_level.title == "PyCon AU 2015 Presentations" and titles(second_level) == [
        "A",
        "B",
    ]
    keynote = read_notes("## Keynote\n\n### Faster\n\na\n\n### Smaller\n\nb\n", "vue.md")
    assert keynote.title == "vue"
    # A first heading naming a day of a conference names the conference, and is the day.
    scipy = read_notes("# Scipy Notes: Day 1\n\n## Tutorial\n\na\n\n## dabl\n\nb\n", "notes.md")
    assert scipy.title == "Scipy Notes" and [d.title for d in scipy.days] == ["Scipy Notes: Day 1"]


def test_days_are_headings_that_name_a_day_and_talks_the_level_below():
    document = read(
        "# Conf\n\nWelcome.\n\n### Monday - Workshops\n\n#### Alpha\n\na\n\n"
        "#### Beta\n\n##### Detail\n\nb\n\n### Tuesday\n\n#### Gamma\n\nc\n\n### Thanks\n\nbye\n"
    )
    assert [day.title for day in document.days] == ["Monday - Workshops", "Tuesday"]
    assert titles(document) == ["Alpha", "Beta", "Gamma"]
    assert body(document, 1)[0] == {"type": "heading", "value": {"level": "h2", "text": "Detail"}}
    # Text before the first day and a section after the last are the conference's.
    assert "Welcome." in document.intro and "<b>Thanks</b>" in document.intro
    assert document.structure.day_level == 3 and document.structure.talk_level == 4


@pytest.mark.parametrize(
    ("first_day", "second_day"),
    [
        ("Jour 1 — jeudi", "2e jour"),
        ("Día 1", "Segundo día: sábado"),
        ("1. Tag", "Dienstag, 13. Juni"),
        ("Giorno 1", "Venerdì"),
        ("Dag 1", "Dag 2"),
        ("Dzień 1", "Piątek"),
        ("День 1", "Второй день"),
        ("اليوم الأول", "اليوم الثاني"),
        ("יום 1", "יום 2"),
        ("12 June 2024", "Thu 13 June"),
        ("June 12th", "Workshop day"),
        ("첫째 날", "2일째"),
        ("一日目", "二日目"),
        ("2024年4月11日（周四）", "4月12日"),
        ("2024년 4월 11일 (목)", "4월 12일"),
        ("11.04.2024", "12/04/2024 – Workshops"),
        ("20. März 2024", "21 mars 2024"),
        ("12 de junio", "13 de junio de 2024 - talleres"),
        ("Wed 6/12", "Thu, 6/13 - workshops"),
        ("6/12 (Wed)", "5/25（六）"),
        ("2024. 5. 25.", "Sun"),
        ("15. Mai 2024", "3 mei 2024"),
    ],
)
def test_days_named_in_other_languages_or_by_a_date_hold_the_talks_below_them(
    first_day, second_day
):
    document = read(
        f"# Konferenz\n\n## {first_day}\n\n### Alpha\n\nSpeaker: Ana\n\na\n\n"
        f"### Beta\n\nb\n\n## {second_day}\n\n### Gamma\n\nc\n"
    )
    assert [day.title for day in document.days] == [first_day, second_day]
    assert titles(document) == ["Alpha", "Beta", "Gamma"]
    assert document.talks[0].speakers == ["Ana"]


def test_talks_at_the_level_of_the_days_are_the_talks_of_the_day_above_them():
    document = read(
        "# SREcon notes\n\n## Overview\n\nWhy I went.\n\n## Day 1 (Tuesday)\n\n"
        "## The Origin of Toil\n\nSpeaker: Niall Murphy\n\na\n\n### Detail\n\nb\n\n"
        "## Another talk\n\nc\n\n## Day 2 (Wednesday)\n\n## Incident command\n\nd\n"
    )
    assert [day.title for day in document.days] == ["Day 1 (Tuesday)", "Day 2 (Wednesday)"]
    assert [[talk.title for talk in day.talks] for day in document.days] == [
        ["The Origin of Toil", "Another talk"],
        ["Incident command"],
    ]
    assert document.talks[0].speakers == ["Niall Murphy"]
    assert body(document, 0)[1] == {"type": "heading", "value": {"level": "h2", "text": "Detail"}}
    assert "Why I went." in document.intro
    # Days with notes of their own keep them; a section after them is the conference's.
    prose = read("## Day 1\n\na\n\n## Day 2\n\nb\n\n## Takeaways\n\n- one\n")
    assert [day.title for day in prose.days] == ["Day 1", "Day 2"] and not prose.talks
    assert "Takeaways" in prose.intro


def test_notes_under_a_title_naming_one_talk_are_that_talk_with_its_sections():
    document = read(
        "# Keynote: The Magic of Rails\n\nThe framework.\n\n## Attendees\n\n* All\n\n"
        "## Notes\n\nModular.\n"
    )
    [talk] = document.talks
    assert talk.title == "Keynote: The Magic of Rails"
    assert [b["value"]["text"] for b in talk.blocks if b["type"] == "heading"] == [
        "Attendees",
        "Notes",
    ]
    # A conference title over talks is no talk: "# RailsConf 2023" keeps its talks.
    assert titles(read("# RailsConf 2023\n\n## Attendees\n\na\n\n## Notes\n\nb\n")) == [
        "Attendees",
        "Notes",
    ]


def test_notes_on_one_talk_with_its_speaker_under_the_title_are_that_talk():
    document = read(
        "# Building X at scale\n\n**Speaker:** Jane Doe\n\n## Summary\n\na\n\n## Q&A\n\nb\n"
    )
    [talk] = document.talks
    assert (talk.title, talk.speakers) == ("Building X at scale", ["Jane Doe"])
    assert [block["type"] for block in talk.blocks] == ["heading", "paragraph"] * 2
    fronted = read(
        '---\ntitle: "Designing Data Systems"\nconference: QCon London 2024\n---\n\n'
        "Speaker: Martin Kleppmann\n\n## Notes\n\nx\n"
    )
    assert fronted.title == "QCon London 2024"
    assert [(talk.title, talk.speakers) for talk in fronted.talks] == [
        ("Designing Data Systems", ["Martin Kleppmann"])
    ]
    # Not notes whose sections name their own speakers, nor under the author's byline.
    for first in ("By Jane Doe", "Speakers: 40 people from 12 countries"):
        conference = read(
            f"# PyCon US 2024 notes\n\n{first}\n\n## Keynote\n\nSpeaker: Guido van Rossum\n\n"
            "x\n\n## Async in practice\n\nSpeaker: Łukasz Langa\n\ny\n"
        )
        assert [talk.speakers for talk in conference.talks] == [
            ["Guido van Rossum"],
            ["Łukasz Langa"],
        ]
    authored = read("# Building X\n\nBy Jane Doe\n\n## Summary\n\na\n\n## Q&A\n\nb\n")
    assert titles(authored) == ["Summary", "Q&A"]


def test_a_title_loses_a_trailing_colon_but_not_an_emoji_shortcode_s():
    document = read("## Takeaways:\n\nx\n\n## Badge :beginner::iphone:\n\ny\n\n## At 10:30:\n\nz\n")
    assert titles(document) == ["Takeaways", "Badge :beginner::iphone:", "At 10:30"]


def test_headings_written_without_a_space_after_their_marks_are_headings_but_hashtags_text():
    document = read(
        'Intro.\n\n##Dave Thomas: "Opening Keynote"\n\n#NEVERFORGET\n\n'
        "```\n##not a heading\n```\n\n##James Smith: CLI Apps\n\nNotes.\n"
    )
    assert titles(document) == ['Dave Thomas: "Opening Keynote"', "James Smith: CLI Apps"]
    assert "<p>#NEVERFORGET</p>" in body(document)[0]["value"]
    assert body(document)[1]["value"]["code"] == "##not a heading"
    assert any("without a space" in str(warning) for warning in document.warnings)


def test_without_headings_lines_in_bold_of_their_own_head_the_talks():
    notes = (
        "---\ntitle: Deview 2014\n---\n\nWhat I saw.\n\n**1. Talk one : Speaker A**\n\n- a\n\n"
        "**Speaker: Not a title**\n\n**2. Talk two : Speaker B**\n\nSome **bold** text.\n\n"
        "**3. Talk three**\n\nc\n"
    )
    document = read(notes)
    assert titles(document) == [
        "1. Talk one : Speaker A",
        "2. Talk two : Speaker B",
        "3. Talk three",
    ]
    assert document.days[0].intro == "<p>What I saw.</p>"
    assert any("lines in bold" in str(warning) for warning in document.warnings)
    written = write_notes(document)
    assert write_notes(read_notes(written, "n.md")) == written
    # Notes on one talk label a section or two in bold; with headings, bold lines stay text.
    labelled = read(
        "# Notes on the DDIA talk\n\nAt QCon.\n\n**Key takeaways**\n\n- one\n\n**Questions**\n\n- q\n"
    )
    assert titles(labelled) == ["Notes on the DDIA talk"]
    headed = read("## A\n\n**Takeaways**\n\nx\n\n**More**\n\ny\n")
    assert titles(headed) == ["A"] and "<b>Takeaways</b>" in body(headed)[0]["value"]


def test_headings_that_group_talks_by_kind_or_track_hold_the_talks_below_them():
    document = read(
        "## Keynotes\n\n### The last keynote\n\na\n\n### Closing\n\nb\n\n"
        "## Lightning talks (round 1)\n\n### Hard things\n\nc\n\n#### A detail\n\nd\n\n"
        "### Another\n\ne\n\n## Wrap-up\n\nbye\n"
    )
    assert [day.title for day in document.days] == ["Keynotes", "Lightning talks (round 1)"]
    assert titles(document) == ["The last keynote", "Closing", "Hard things", "Another"]
    assert "bye" in document.intro
    devopsdays = read(
        "## Talks\n\n### Dinosaurs\n\na\n\n### Vital signs\n\nb\n\n"
        "## Ignites\n\n### NoSQL and CD\n\nc\n\n## Open Space\n\n### Dashboards\n\nd\n"
    )
    assert titles(devopsdays) == ["Dinosaurs", "Vital signs", "NoSQL and CD", "Dashboards"]
    for morning, afternoon in (("오전", "오후"), ("午前", "午後"), ("Vormittag", "Nachmittag")):
        parts = read(
            f"# Notes\n\n## Sign-up\n\nx\n\n## {morning}\n\n### A\n\na\n\n### B\n\nb\n\n"
            f"## {afternoon}\n\n### C\n\nc\n"
        )
        assert titles(parts) == ["A", "B", "C"], morning
    # One section alone holds headings, among others: it holds the talks if it starts
    # with a kind of talk; else (a talk with sections of its own) the sections are talks.
    deview = read(
        "---\ntitle: DEVIEW 2023\n---\n\n# Sessions I went to\n\n## Rust in production\n\na\n\n"
        "## Async Python\n\nb\n\n# Summary\n\nc\n"
    )
    assert titles(deview) == ["Rust in production", "Async Python"]
    assert "c" in deview.intro
    sections = read("# Talk A\n\n## Summary\n\nx\n\n## Q&A\n\ny\n\n# Talk B\n\nz\n")
    assert titles(sections) == ["Talk A", "Talk B"]
    django = read(
        "# DjangoCon 2024\n\n## Sessions and cookies in Django\n\n### How sessions work\n\na\n\n"
        "### Security\n\nb\n\n## Async ORM\n\nc\n\n## Testing at scale\n\nd\n"
    )
    assert titles(django) == ["Sessions and cookies in Django", "Async ORM", "Testing at scale"]
    # Talks with sections of their own stay talks, whatever their headings say.
    sectioned = read(
        "## Keynote: The future\n\n### Summary\n\na\n\n### Q&A\n\nb\n\n"
        "## Talk: Rust at work\n\n### Summary\n\nc\n"
    )
    assert titles(sectioned) == ["Keynote: The future", "Talk: Rust at work"]
    tracked = read(
        "## Track changes: versioned data\n\n### Notes\n\na\n\n### Q&A\n\nb\n\n"
        "## Stage fright for engineers\n\n### Notes\n\nc\n"
    )
    assert titles(tracked) == ["Track changes: versioned data", "Stage fright for engineers"]


def test_a_talk_title_that_merely_contains_a_day_word_or_month_is_not_a_day():
    talks = [
        "Tagging at scale",
        "Domingo's keynote",
        "Domingo Garcia: Django at scale",
        "Mardi Gras party recap",
        "5 Tag Management Tips",
        "Dagger 2",
        "The June 2024 roadmap",
        "Python 3.12 in June",
        "Top 10 May releases",
        "May 4th be with you",
        "Training day: onboarding",
        "3.5 things about Python",
        "10/10 talks were great",
        "4月11日 下午茶",
        "12.5.2024 Keynotes",
        "Sat-based solvers",
        "Fri Night Lights",
    ]
    document = read("".join(f"## {title}\n\ntext\n\n" for title in talks))
    assert titles(document) == talks and len(document.days) == 1


def test_a_weekday_or_day_2_inside_talk_titles_makes_no_days():
    talks = [
        "Keynote: Cloud native at scale",
        "Surviving Day 2 Operations with Operators",
        "GitOps at Cyber Monday scale",
        "Friday deploys are fine",
        "Black Friday traffic, Day 2 ops",
    ]
    document = read("# KubeCon EU 2023\n\n" + "".join(f"## {t}\n\ntext\n\n" for t in talks))
    assert titles(document) == talks and len(document.days) == 1
    for heading in ("Tuesday", "Tuesday, 21 May", "Day 2 - Tuesday", "Notes from Tuesday"):
        assert dialect.names_a_day(heading), heading


def test_weekday_led_headings_that_hold_talks_are_days():
    for monday, tuesday in (
        ("Monday Sessions", "Tuesday Sessions"),
        ("Monday morning", "Tuesday's talks"),
    ):
        document = read(
            f"# PyCon 2024\n\n## {monday}\n\n### Talk A\n\na\n\n## {tuesday}\n\n### Talk C\n\nc\n"
        )
        assert [day.title for day in document.days] == [monday, tuesday]
        assert titles(document) == ["Talk A", "Talk C"]


def test_one_heading_naming_a_day_among_other_sections_is_a_talk_not_the_days():
    # CSUN-style notes: "Day 0" is one section among others, holding no talks.
    csun = read(
        "---\ntitle: CSUN 2019\n---\n\n### At CSUN\n\nx\n\n### Day 0 - the day before\n\n"
        "ASL keynote.\n\n### Fun with ARIA\n\ny\n\n### Summary\n\nz\n"
    )
    assert titles(csun) == ["At CSUN", "Day 0 - the day before", "Fun with ARIA", "Summary"]
    # A talk called "Day 2 Keynote" among the talks of a group.
    rails = read(
        "# RailsConf 2024\n\n## Talks\n\n### Opening Keynote\n\na\n\n"
        "### Day 2 Keynote by John Hawthorn\n\nb\n\n### TDD for Beginners\n\nc\n"
    )
    assert titles(rails) == [
        "Opening Keynote",
        "Day 2 Keynote by John Hawthorn",
        "TDD for Beginners",
    ]
    # A lone day heading still holds what is below it, or marks where its talks start.
    for one_day in (
        "# Getting there\n\nx\n\n# Day 1\n\n## K\n\ny\n",
        "## Day 1\n\n## K\n\ny\n\n## L\n\nz\n",
    ):
        document = read(one_day)
        assert [day.title for day in document.days] == ["Day 1"]
        assert document.days[0].talks[0].title == "K"


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2024-05-01", 1),
        ("2024-05-01T09:30:00", 1),
        ("2024/05/01", 1),
        ("1.5.2024", 1),
        ('"May 1, 2024"', 1),
        ("May 1st 2024", 1),
        ("1 May 2024", 1),
        ('"Wed, 01 May 2024 10:00:00 +0000"', 1),
        # A day over 12 tells day from month.
        ("13/05/2024", 13),
        ("05/13/2024", 13),
        ("1 mai 2024", 1),
        ("1er mai 2024", 1),
        ("2024年5月1日", 1),
    ],
)
def test_front_matter_dates_as_notes_write_them(written, day):
    document = read(f"---\ntitle: Conf\nstart_date: {written}\n---\n\nx\n")
    assert document.start_date == datetime.date(2024, 5, day)


def test_an_ambiguous_or_impossible_date_is_refused_only_where_the_site_uses_it():
    with pytest.raises(NotesError) as ambiguous:
        read("---\ntitle: Conf\nstart_date: 01/05/2024\n---\n\nx\n")
    assert str(ambiguous.value) == (
        "notes.md, line 3: start_date “01/05/2024” could be day/month or month/day; "
        "write it YYYY-MM-DD."
    )
    with pytest.raises(NotesError, match="line 2: date “2024-02-30” is not a date"):
        read("---\ndate: 2024-02-30\n---\n\nx\n")
    ignored = read("---\ntitle: Conf\nlastmod: 2024-13-01\nedited: 01/05/2024\n---\n\nx\n")
    assert ignored.title == "Conf"


@pytest.mark.parametrize(
    ("title", "conference", "day"),
    [
        ("DjangoCon US 2022: Day 3", "DjangoCon US 2022", "Day 3"),
        ("PyCon 2024 - day two", "PyCon 2024", "day two"),
        ("FrOSCon 2023: Tag 2", "FrOSCon 2023", "Tag 2"),
        ("Python Brasil 2023 · Dia 2", "Python Brasil 2023", "Dia 2"),
        ("My notes from PyCon US 2024, day 2", "PyCon US 2024", "day 2"),
        ("RailsConf 2019: Day 1 notes", "RailsConf 2019", "Day 1"),
        ("Railsconf 2012 Take Away (Day 2)", "Railsconf 2012 Take Away", "Day 2"),
        ("Django Day 2024", "Django Day 2024", "Day 1"),  # a conference's name
    ],
)
def test_a_front_matter_title_that_names_a_day_is_that_day_of_the_conference(
    title, conference, day
):
    document = read(f'---\ntitle: "{title}"\n---\n\n## A talk\n\nx\n')
    assert (document.title, document.days[0].title) == (conference, day)


def test_html_entities_in_front_matter_are_the_characters_they_stand_for():
    document = read('---\ntitle: "Velocity 2014 &#8211; Q&amp;A notes"\n---\n\n## T\n\nx\n')
    assert document.title == "Velocity 2014 – Q&A notes"
    assert document.slug == "velocity-2014-qa-notes"
    assert read("---\ntitle: R&D; AT&T &c\n---\n\nx\n").title == "R&D; AT&T &c"


def test_a_year_as_the_title_is_the_title():
    assert read("---\ntitle: 2024\n---\n\n## Talk\n\nx\n").title == "2024"


def test_editors_steer_the_title_the_talk_level_and_days():
    text = "# Sprints\n\n## Alpha\n\na\n\n## Beta\n\nb\n"
    assert titles(read(text)) == ["Alpha", "Beta"]
    steered = read(text, title="PyCon Sprints", talk_level=1, days=False)
    assert steered.title == "PyCon Sprints" and titles(steered) == ["Sprints"]
    assert [block["type"] for block in body(steered)] == ["heading", "paragraph"] * 2
    as_days = read("## Sprints\n\n### Alpha\n\na\n\n## Party\n\n### Beta\n\nb\n", days=True)
    assert [day.title for day in as_days.days] == ["Sprints", "Party"]


def test_a_file_without_headings_is_one_talk_and_duplicate_titles_get_their_own_slugs():
    single = read("Just some notes.\n\n- a point\n")
    assert titles(single) == ["notes"] and single.warnings
    twice = read("## Same\n\na\n\n## Same\n\nb\n")
    assert [talk.slug for talk in twice.talks] == ["same", "same-2"]


def test_joiners_between_letters_stay_in_titles_and_names():
    persian, pride, coder = "می\u200cخواهم", "🏳️\u200d🌈 Pride panel", "👩🏽\u200d💻 Dana"
    document = read(
        f"## {persian}\n\nx\n\n## {pride}\n\nSpeaker: {coder}\n\ny\n\n## \u200d\u200c\n\nz\n"
    )
    assert titles(document) == [persian, pride, "Untitled talk (line 11)"]
    assert document.talks[1].speakers == [coder]


def test_odd_titles_are_named_in_warnings_not_refused():
    long_title = "Long " * 60
    document = read(
        f"## {long_title}\n\nx\n\n###\n\ny\n\n## \u200b\n\nz\n\n## [Linked](../talks/a.html)\n\nw\n",
        talk_level=2,
    )
    talk_titles = titles(document)
    assert len(talk_titles[0]) <= 255
    assert talk_titles[1] == "Untitled talk (line 9)"
    assert document.talks[2].talk_url == ""
    messages = " ".join(str(warning) for warning in document.warnings)
    assert "shortened to 255 characters" in messages and "has no text" in messages
    assert "not a full URL" in messages


# -- Markdown coverage -------------------------------------------------------------


def test_gfm_and_commonmark_keep_words_and_meaning():
    document = read(
        "## Talk\n\n~~old~~ new[^1] and <https://example.com> and [ref][r].\n\n"
        "    indented code\n\n- [x] done\n- [ ] to do\n\n> outer\n>\n> > inner\n\n"
        "[^1]: The footnote.\n\n[r]: https://example.org\n"
    )
    html = " ".join(
        block["value"] if block["type"] == "paragraph" else str(block["value"])
        for block in body(document)
    )
    assert "<s>old</s>" in html and "[1]" in html
    assert (
        '<a href="https://example.com">' in html and '<a href="https://example.org">ref</a>' in html
    )
    assert "<li>☑ done</li>" in html and "<li>☐ to do</li>" in html
    assert "indented code" in html and "inner" in html
    assert "<b>Notes</b>" in html and "The footnote." in html  # at the end of the talk


@pytest.mark.parametrize(
    "callout",
    [
        '!!! tip "Mind the gap"\n    Keep it short.\n',
        "::: tip Mind the gap\nKeep it short.\n:::\n",
        "> [!TIP] Mind the gap\n> Keep it short.\n",
        "```{tip} Mind the gap\nKeep it short.\n```\n",
        ":::tip[Mind the gap]\nKeep it short.\n:::\n",  # Docusaurus
        '::: {.callout-tip title="Mind the gap"}\nKeep it short.\n:::\n',  # Quarto
    ],
)
def test_admonitions_of_every_kind_are_labelled_callouts(callout):
    [block] = body(read(f"## Talk\n\n{callout}"))
    assert block["type"] == "quote"
    assert "<b>Tip: Mind the gap</b>" in block["value"]["text"]
    assert "Keep it short." in block["value"]["text"]


def test_a_line_break_in_a_table_cell_keeps_the_words_apart():
    document = read("## T\n\n| a | b |\n|---|---|\n| line1<br>line2 | x<br/>y |\n")
    assert body(document)[0]["value"]["data"] == [["a", "b"], ["line1 line2", "x y"]]


def test_a_link_in_a_table_cell_keeps_its_address_and_dropped_formatting_is_said_once():
    rows = "".join(
        f"| **{n}** | [docs](https://x.test/{n}) | <https://x.test/> |\n" for n in range(50)
    )
    document = read(f"## T\n\n| a | b | c |\n|---|---|---|\n{rows}")
    assert body(document)[0]["value"]["data"][1] == [
        "0",
        "docs (https://x.test/0)",
        "https://x.test/",
    ]
    assert [str(warning) for warning in document.warnings] == [
        "line 3: formatting inside 150 table cell(s) was dropped (cells are plain text; a link "
        "keeps its address after its words)."
    ]


def test_a_dash_inside_a_quote_attributes_it_only_to_what_reads_as_someone():
    quotes = [
        (
            "> Callout text — with a dash in the middle\n",
            "Callout text — with a dash in the middle",
            "",
        ),
        ("> [!NOTE]\n> Use X -- not Y.\n", "<b>Note</b> Use X -- not Y.", ""),
        (
            '> "Culture eats strategy" -- Peter Drucker\n',
            "&quot;Culture eats strategy&quot;",
            "Peter Drucker",
        ),
        ("> words\n> -- bell hooks\n", "words", "bell hooks"),
        ("> 引用 —— 孔子\n", "引用", "孔子"),
        ("> 「好的代码是写给人看的。」——张伟\n", "「好的代码是写给人看的。」", "张伟"),  # no space
        ("> Simple is better – Tim Peters\n", "Simple is better", "Tim Peters"),  # en dash
        ("> Read pages 3–5 first\n", "Read pages 3–5 first", ""),
        ("> **Note** — This API is deprecated.\n", "<b>Note</b> — This API is deprecated.", ""),
        (
            "> We picked it -- It was the obvious choice\n",
            "We picked it -- It was the obvious choice",
            "",
        ),
    ]
    for markdown, text, who in quotes:
        [block] = body(read(f"## T\n\n{markdown}"))
        assert (block["value"]["text"], block["value"]["attribution"]) == (f"<p>{text}</p>", who)
    talk = Talk("T", "t")
    talk.blocks = [
        quote("<p>Words.</p>", "bell hooks"),
        quote("<p>More.</p>", "Ada"),
        quote("<p>Most.</p>", "It was said."),
    ]
    plain = Document("n", "C", "c", days=[Day("D", "d", talks=[talk])])
    assert read_notes(write_notes(plain), "n.md").talks[0].blocks == talk.blocks


def test_images_on_consecutive_lines_are_an_image_block_each():
    document = read(
        '## T\n\n![a](a.png)\nCredit: Ann\n![b](b.png "Cap")\n![c](c.png)\nCredit: Cy\n\n'
        "![d](d.png) and text\n"
    )
    images = [block["value"] for block in body(document)[:3]]
    assert [(i.src, i.alt, i.caption, i.credit, i.line) for i in images] == [
        ("a.png", "a", "", "Ann", 3),
        ("b.png", "b", "Cap", "", 5),
        ("c.png", "c", "", "Cy", 6),
    ]
    assert body(document)[3] == paragraph('<p><a href="d.png">d</a> and text</p>')


def test_gitbook_hints_are_labelled_callouts():
    hint = '{% hint style="warning" %}\nKeep it short.\n{% endhint %}\n\nAfter.\n'
    assert body(read(f"## Talk\n\n{hint}")) == [
        quote("<p><b>Warning</b> Keep it short.</p>"),
        paragraph("<p>After.</p>"),
    ]


def test_many_callouts_keep_each_their_own_headings_and_lists():
    # Each callout's Markdown is parsed as a tree of its own; hundreds of them in a talk
    # (and the garbage collector in between) must not mix up what was read from which.
    callouts = "".join(
        f"```{{note}}\n### Heading number {n}\n\n- item {n}\n{'- more' * (n % 2)}\n```\n\n"
        for n in range(300)
    )
    blocks = body(read(f"## Talk\n\n{callouts}"))
    headings = [block["value"]["text"] for block in blocks if block["type"] == "heading"]
    assert headings == [f"Heading number {n}" for n in range(300)]
    lists = re.findall(
        r"<ul><li>item (\d+)</li>", " ".join(str(block["value"]) for block in blocks)
    )
    assert lists == [str(n) for n in range(300)]


def test_highlight_tags_of_jekyll_and_hugo_are_code_of_their_language():
    document = read(
        "## Talk\n\n{% highlight ruby linenos %}\ndef greet\n  puts '```'\nend\n"
        "{% endhighlight %}\n\n"
        '{{< highlight go "linenos=table" >}}\nfunc main() {\n\tx := 1\n}\n{{< /highlight >}}\n\n'
        "{% highlight sh %}\nnever closed\n"
    )
    assert body(document) == [
        code("def greet\n  puts '```'\nend", "ruby"),
        code("func main() {\n\tx := 1\n}", "go"),
        paragraph("<p>{% highlight sh %} never closed</p>"),
    ]


def test_obsidian_comments_are_left_out_with_a_warning_but_not_from_code():
    document = read(
        "## Talk\n\nShown %%not shown%% and `a %%b%% c`.\n\n%%\nhidden\n\nhidden too\n%%\n\n"
        "```python\n%%time\nx = 7 %% 2 %%\n```\n\nA lone %% stays.\n"
    )
    assert body(document) == [
        paragraph("<p>Shown and <code>a %%b%% c</code>.</p>"),
        code("%%time\nx = 7 %% 2 %%", "python"),
        paragraph("<p>A lone %% stays.</p>"),
    ]
    assert [(w.line, w.message) for w in document.warnings] == [
        (3, "6 line(s) held Obsidian comments (%%…%%), left out (readers never see them).")
    ]


def test_text_and_code_that_look_like_comments_or_highlight_tags_come_back_as_they_were():
    plain = Document(
        "n", "Conf", "conf", days=[Day("Day 1", "day-1", talks=[Talk("Talk", "talk")])]
    )
    plain.talks[0].blocks = [
        paragraph(
            "<p>%%</p><p>{% highlight ruby %}</p><p>50%% off %%x%% {% include a %}</p>"
            "<p>{% endhighlight %}</p><p>%%</p>"
        ),
        code("```liquid\n{% highlight ruby %}\nx\n{% endhighlight %}\n```\n%%time"),
        list_block(
            [
                [
                    paragraph("<p>SQL:</p>"),
                    code("a LIKE '%%ada%%'\n{% highlight sql %}\n{% endhighlight %}", "sql"),
                ]
            ]
        ),
        paragraph("<p><code>a`b</code> and <code>%%x%%</code></p>"),
    ]
    again = read_notes(write_notes(plain), "n.md")
    assert again.talks[0].blocks == plain.talks[0].blocks and again.warnings == []


def test_liquid_tags_and_kramdown_attributes_are_text_named_in_warnings():
    players = read(
        "## Talk\n\n{% youtube dQw4w9WgXcQ %}\n\n{% vimeo 76979871 %}\n\n"
        "{% youtube https://youtu.be/dQw4w9WgXcQ %}\n"
    )
    assert body(players) == [
        embed("https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        embed("https://vimeo.com/76979871"),
        embed("https://youtu.be/dQw4w9WgXcQ"),
    ]
    document = read("## Talk\n\n{% include note.html %}\n\n{: .note}\n")
    assert [w.message for w in document.warnings] == [
        "shortcode “{% include note.html %}” kept as text.",
        "shortcode “{: .note}” kept as text.",
    ]


def test_players_become_embeds_and_other_html_stays_text():
    blocks = body(
        read(
            '## Talk\n\n<iframe src="https://www.youtube.com/embed/abc123XYZ"></iframe>\n\n'
            "<script>alert(1)</script>\n\n{{< youtube dQw4w9WgXcQ >}}\n"
        )
    )
    assert blocks[0] == {"type": "embed", "value": "https://www.youtube.com/watch?v=abc123XYZ"}
    assert blocks[1] == {
        "type": "paragraph",
        "value": "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
    }
    assert blocks[2]["value"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


RAW_HTML_NOTES = """## Talk

<p align="center">
  <img src="slides/cover.png" width="600" alt="Title slide">
</p>

<details>
<summary>Q&amp;A</summary>

- Why?

</details>

Press <kbd>Ctrl</kbd>+<kbd>C</kbd> to <u>copy</u>, see <a href="https://x.org/">docs</a>,<br>
<a href="javascript:alert(1)">not a link</a> <!-- hidden --> and <b>bold <i>both</b> end</i>.

<blockquote class="twitter-tweet"><p lang="en">Great talk by <a href="https://t.example/ada">@ada</a></p>&mdash; Bo (@bo) <a href="https://t.example/bo/status/1">May 1, 2024</a></blockquote>
<script async src="https://platform.example/widgets.js" charset="utf-8"></script>

<pre><code class="language-python">def f():
    return 1 &lt; 2
</code></pre>

<figure><img src="a.png" alt="A slide"><figcaption>The <i>first</i> slide</figcaption></figure>

<table><tr><th>Room</th><th>Time</th></tr><tr><td>A</td><td>9:00</td></tr></table>

<marquee>Shown</marquee> <img src="javascript:alert(1)">
"""


@pytest.mark.parametrize(
    ("notes", "stored"),
    [
        # HTML-converted posts: `**Summary **` would not be bold once written back.
        ("<div>\n<h2> <a>Summary </a> </h2>\n<p>text</p>\n</div>\n", "<p><b>Summary</b></p>"),
        (
            "<strong>Speaker: </strong>Ada, <em> twice</em>\n",
            "<p><b>Speaker:</b> Ada, <i>twice</i></p>",
        ),
        # A line break on a line of its own: the spaces around it aren't shown.
        ("one\n<br/>\ntwo\n", "<p>one<br/>two</p>"),
        # A line break that ends a paragraph breaks nothing (export can't write one).
        ("first line <br>\n\n- item<br />\n\nlast\n", "<p>first line</p><ul><li>item</li></ul>"),
        # A tag a browser doesn't know, left out between two spaces: they show as one.
        ("<p>\nbetween the <furthest?> hotels\n</p>\n", "<p>between the hotels</p>"),
        ("<b> </b>gone `a  b `\n", "<p>gone <code>a  b </code></p>"),
        # Side by side, two code spans or bolds can't be written apart: they are one.
        (
            "Quit: <kbd>ctrl</kbd><kbd>Q</kbd>, **a**<b>b</b>\n",
            "<p>Quit: <code>ctrlQ</code>, <b>ab</b></p>",
        ),
    ],
)
def test_spaces_a_browser_does_not_show_inside_formatting_go_and_the_notes_write_back_alike(
    notes, stored
):
    document = read(f"# Conf\n\n## Talk\n\n{notes}")
    assert body(document)[0]["value"].startswith(stored)
    written = write_notes(document)
    assert body(read_notes(written, "n.md")) == body(document)
    assert write_notes(read_notes(written, "n.md")) == written


def test_addresses_in_raw_html_are_kept_as_markdown_keeps_its_own_so_export_reads_back_alike():
    # A Jekyll post's Liquid in an <img src>, and a raw link with a space in its address.
    notes = (
        "<div>\n    <img src=\"{{ '/a.png' | relative_url }}\">\n</div>\n\n"
        '<a href="https://x.org/a b">x</a>\n'
    )
    document = read(f"# Conf\n\n## Talk\n\n{notes}")
    assert body(document)[0]["value"].src == "%7B%7B%20'/a.png'%20%7C%20relative_url%20%7D%7D"
    assert 'href="https://x.org/a%20b"' in body(document)[1]["value"]
    written = write_notes(document)
    assert body(read_notes(written, "n.md")) == body(document)
    assert write_notes(read_notes(written, "n.md")) == written


def test_an_image_alt_text_with_a_no_break_space_reads_back_alike_from_exported_notes():
    # A Medium export's alt text, on an image of its own and on one inside text.
    document = read(
        "# Conf\n\n## Talk\n\n![paths to\u00a0goals](/x.jpeg)\n\nsee ![a\u00a0b](/z.png)\n"
    )
    assert body(document)[0]["value"].alt == "paths to goals"
    assert '<a href="/z.png">a b</a>' in body(document)[1]["value"]
    assert body(read_notes(write_notes(document), "n.md")) == body(document)


def test_raw_html_shows_as_a_browser_shows_it_and_never_as_markup():
    document = read(RAW_HTML_NOTES)
    blocks = body(document)
    assert blocks[0] == {"type": "image", "value": ImageRef("slides/cover.png", "Title slide")}
    assert blocks[1] == paragraph(
        "<p><b>Q&amp;A</b></p><ul><li>Why?</li></ul>"
        '<p>Press <code>Ctrl</code>+<code>C</code> to copy, see <a href="https://x.org/">docs</a>,'
        "<br/>not a link and <b>bold <i>both</i></b> <i>end</i>.</p>"
    )
    assert blocks[2] == quote(
        '<p>Great talk by <a href="https://t.example/ada">@ada</a></p>',
        "Bo (@bo) May 1, 2024",
        "https://t.example/bo/status/1",
    )
    assert blocks[3] == code("def f():\n    return 1 < 2", "python")
    assert blocks[4] == {
        "type": "image",
        "value": ImageRef("a.png", "A slide", caption="The first slide"),
    }
    assert blocks[5] == table("Talk", [["Room", "Time"], ["A", "9:00"]])
    assert blocks[6] == paragraph("<p>Shown</p>")
    assert len(blocks) == 7
    messages = [warning.message for warning in document.warnings]
    assert "an HTML comment was left out (readers never see it)." in messages
    assert "raw HTML “<marquee>” left out; its text is kept." in messages
    assert "raw HTML “<img>” left out; its text is kept." in messages
    cells = body(
        read("## T\n\n<table><caption>Sched</caption><td><img src=x.png alt=Logo> x</table>\n")
    )
    assert cells == [table("T", [["Sched", "Logo x"]])]  # no text outside a cell lost
    # A table as WordPress writes it: head and body, a tag a line.
    sectioned = body(
        read(
            "## T\n\n<table>\n  <thead>\n    <tr>\n      <th>Team</th>\n      <th>Count</th>\n"
            "    </tr>\n  </thead>\n  <tbody>\n    <tr><td>Core</td> <td>142</td></tr>\n"
            '    <tr><td><a href="https://x.test/r">Ruff</a></td><td><a href="javascript:x">'
            "9</a></td></tr>\n  </tbody>\n</table>\n"
        )
    )
    assert sectioned == [
        table("T", [["Team", "Count"], ["Core", "142"], ["Ruff (https://x.test/r)", "9"]])
    ]
    # A table as pandas writes it in a notebook's output, after its style sheet.
    frame = read(
        "## T\n\n<div>\n<style scoped>\n    .dataframe th { vertical-align: top; }\n</style>\n"
        '<table class="dataframe"><thead><tr><th></th><th>name</th></tr></thead>\n'
        "<tbody><tr><th>0</th><td>ada</td></tr></tbody></table>\n</div>\n"
    )
    assert body(frame) == [table("T", [["", "name"], ["0", "ada"]])]
    assert "line 3: a <style> sheet was left out (readers never see it)." in [
        str(warning) for warning in frame.warnings
    ]
    # Pages framed from elsewhere, and gists, are links to them (never frames or scripts).
    framed = read(
        '## T\n\n<iframe src="https://docs.google.com/presentation/d/e/2PAC/embed"></iframe>\n\n'
        '<script src="https://gist.github.com/ada/0a1b2c.js"></script>\n\n'
        '<iframe src="//www.loom.com/embed/01" title="Demo recording"></iframe>\n\n'
        '<iframe src="javascript:alert(1)"></iframe>\n'
    )
    assert body(framed) == [
        paragraph(
            '<p><a href="https://docs.google.com/presentation/d/e/2PAC/embed">Embedded content'
            ' on docs.google.com</a></p><p><a href="https://gist.github.com/ada/0a1b2c">The code'
            ' on GitHub Gist</a></p><p><a href="https://www.loom.com/embed/01">Demo recording'
            "</a></p>"
        )
    ]
    warnings = [str(warning) for warning in framed.warnings]
    assert "line 3: a page framed from docs.google.com is kept as a link to it." in warnings
    assert "line 9: raw HTML “<iframe>” left out; its text is kept." in warnings  # script
    linked = body(
        read('## T\n\n<a href="https://e.com/">see <img src="p.png" alt="P"> ![Q](q.png)</a>\n')
    )
    assert linked == [paragraph('<p><a href="https://e.com/">see P Q</a></p>')]  # links don't nest
    unclosed = body(read("## T\n\n<table><tr><td><p>one</p><p>two</p>\n\n<pre>\nkept\n"))
    assert unclosed == [table("T", [["one two"]]), code("kept")]  # left open: kept, words apart
    nested = body(read("## T\n\n<b>a<strong>b</strong>c</b>\n"))
    assert nested == [paragraph("<p><b>abc</b></p>")]  # not bold in bold: ** inside **


def test_mdx_video_components_are_embeds_and_knitr_figures_images():
    blocks = body(
        read(
            '## T\n\n<YouTube id="dQw4w9WgXcQ" />\n\n<Vimeo url="https://vimeo.com/123456" />\n\n'
            "![](fig/plot-1.png)<!-- -->\n"
        )
    )
    assert blocks == [
        embed("https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        embed("https://vimeo.com/123456"),
        {"type": "image", "value": ImageRef("fig/plot-1.png", "")},
    ]


def test_decomposed_text_is_read_composed():
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "## Ngày 1 — Thứ Năm\n\n### Khiếm thị\n\nx\n")
    document = read(decomposed)
    assert [day.title for day in document.days] == ["Ngày 1 — Thứ Năm"]
    assert titles(document) == ["Khiếm thị"]


def test_raw_html_with_a_script_in_it_stays_text():
    blocks = body(read('## Talk\n\n<div class="demo">\n<script>track("x")</script>\n</div>\n'))
    assert blocks == [
        paragraph(
            "<p>&lt;div class=&quot;demo&quot;&gt; &lt;script&gt;track(&quot;x&quot;)&lt;/script&gt; "
            "&lt;/div&gt;</p>"
        )
    ]


def test_images_in_headings_are_not_part_of_titles_unless_they_are_all_there_is():
    document = read(
        "# PyData Talks [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n\n"
        "## Day 1\n\n### ![logo](x.png) Opening\n\nx\n\n### ![The closing panel](y.png)\n\nz\n"
    )
    assert document.title == "PyData Talks"
    assert titles(document) == ["Opening", "The closing panel"]


def test_a_link_in_a_talk_heading_is_the_talk_s_url():
    document = read(
        "## Day 1\n\n### Keynote: [Rust at Scale](https://ex.com/rust) by Bob\n\nx\n\n"
        "### [A](https://a.example) and [B](https://b.example)\n\ny\n"
    )
    assert [(talk.title, talk.talk_url) for talk in document.talks] == [
        ("Keynote: Rust at Scale by Bob", "https://ex.com/rust"),
        ("A and B", "https://a.example"),
    ]
    assert "the talk heading has 2 links" in str(document.warnings[-1])


def test_footnotes_of_headings_are_listed_with_the_talk_s_notes():
    document = read(
        "## Day 1\n\n### Keynote: The Future[^kn]\n\nText.\n\n#### Part two[^p]\n\nMore.\n\n"
        "[^kn]: Footnote in a heading.\n[^p]: In a sub heading.\n"
    )
    assert titles(document) == ["Keynote: The Future"]
    assert body(document)[-1] == paragraph(
        "<p>More.</p><p><b>Notes</b></p>"
        "<ul><li>[1] Footnote in a heading.</li><li>[2] In a sub heading.</li></ul>"
    )


def test_heading_attribute_lists_are_not_part_of_titles():
    document = read(
        "# Conf {#top}\n\n## Day 1 {#day-1}\n\n### Doctrine ORM 3 {.talk}\n\nText.\n\n"
        "### Sets {1, 2}\n\nx\n\n## Day 2 {: #second .day}\n\n### Talk {-}\n\ny\n"
    )
    assert document.title == "Conf"
    assert [(day.title, day.slug) for day in document.days] == [
        ("Day 1", "day-1"),
        ("Day 2", "day-2"),
    ]
    assert titles(document) == ["Doctrine ORM 3", "Sets {1, 2}", "Talk"]
    assert titles(read("## Helm {{ .Values }}\n\nx\n")) == ["Helm {{ .Values }}"]


def test_hackmd_and_qiita_fence_options_keep_the_language():
    blocks = body(
        read(
            "## T\n\n```rust=\nfn main() {}\n```\n\n```javascript=12\nlet a;\n```\n\n"
            "```py=+\nx = 1\n```\n\n```sh!\nls\n```\n\n```js:app.js\nrun()\n```\n"
        )
    )
    assert blocks == [
        code("fn main() {}", "rust"),
        code("let a;", "javascript"),
        code("x = 1", "py"),
        code("ls", "sh"),
        code("run()", "js", "app.js"),
    ]


def test_gitlab_quotes_zenn_embeds_and_fence_options_read_as_they_show():
    document = read(
        "## T\n\n>>>\nA long quote\n\nsecond\n>>>\n\n@[youtube](dQw4w9WgXcQ)\n\n"
        "@[card](https://zenn.dev/x)\n\n"
        "```ts{2,4}\nlet a\n```\n\n```rust,ignore\nfn x() {}\n```\n\n[[toc]]\n\n>>>\n"
    )
    assert body(document) == [
        quote("<p>A long quote</p><p>second</p>"),
        embed("https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        embed("https://zenn.dev/x"),
        code("let a", "ts"),
        code("fn x() {}", "rust"),
    ]
    assert document.show_table_of_contents
    # Code of any kind keeps its brackets: a shell test is no link.
    coded = read(
        '## T\n\n    if [[ -f $file ]]; then\n\n<pre><code>[[ -n "$x" ]]</code></pre>\n\n'
        "See `wraps\n[[z]]`.\n"
    )
    assert body(coded) == [
        code("if [[ -f $file ]]; then"),
        code('[[ -n "$x" ]]'),
        paragraph("<p>See <code>wraps [[z]]</code>.</p>"),
    ]


def test_obsidian_embedded_images_are_images_outside_code():
    blocks = body(
        read(
            "## T\n\n![[Pasted image 2024.png]]\n\n![[stage.jpg|The stage]]\n\n"
            "![[wide.png|300]]\n\nSee `![[code.png]]` and ![[a note]].\n\n"
            "```\n![[in code.png]]\n```\n"
        )
    )
    assert blocks == [
        {"type": "image", "value": ImageRef("Pasted%20image%202024.png", "")},
        {"type": "image", "value": ImageRef("stage.jpg", "The stage")},
        {"type": "image", "value": ImageRef("wide.png", "")},
        paragraph("<p>See <code>![[code.png]]</code> and a note.</p>"),  # a note's embed
        code("![[in code.png]]"),
    ]


def test_a_panel_transcript_after_the_speakers_is_the_talks_text():
    document = read(
        "## Panel\n\nPanelists: Ada Lovelace, Bo Diddley\n\n"
        "Moderator: Welcome everyone, and thanks for coming. Right?\n"
    )
    assert document.talks[0].speakers == ["Ada Lovelace", "Bo Diddley"]
    assert body(document) == [
        paragraph("<p>Moderator: Welcome everyone, and thanks for coming. Right?</p>")
    ]


def test_mkdocs_admonitions_one_after_another_are_quotes_of_their_own():
    blocks = body(
        read(
            '## T\n\n!!! tip "One"\n    First.\n\n    More.\n\n!!! warning "Two"\n    Second.\n\n'
            "After.\n"
        )
    )
    assert blocks == [
        quote("<p><b>Tip: One</b> First.</p><p>More.</p>"),
        quote("<p><b>Warning: Two</b> Second.</p>"),
        paragraph("<p>After.</p>"),
    ]


def test_hackmds_tags_line_gives_the_notes_tags():
    document = read(
        "# COSCUP 2023 共筆\n\n###### tags: `COSCUP` `2023` `COSCUP`\n\n## 開場\n\ntext\n"
    )
    assert (document.title, document.tags) == ("COSCUP 2023 共筆", ["COSCUP", "2023"])
    assert titles(document) == ["開場"] and body(document) == [paragraph("<p>text</p>")]


def test_kramdown_attribute_lists_under_a_block_are_left_out_and_its_toc_is_a_marker():
    document = read(
        "---\ntitle: X\n---\n\n* TOC\n{:toc}\n\n## Talk\n\nLead.\n{:.lead}\n\n"
        "| a | 1 |\n|---|---|\n| b | 2 |\n{: .table-striped}\n\n```\n{:.x}\n```\n"
    )
    assert document.show_table_of_contents
    assert body(document) == [
        paragraph("<p>Lead.</p>"),
        table("Talk", [["a", "1"], ["b", "2"]]),
        code("{:.x}"),  # code keeps it
    ]
    assert "line 11: 2 kramdown attribute list(s) under a block ({:.lead}) left out: they say " in (
        str(document.warnings[0])
    )


def test_an_image_before_the_first_talk_keeps_its_caption_in_the_introduction():
    document = read(
        '---\ntitle: X\n---\n\n![The main stage](stage.jpg "Main stage, day one")\n'
        "Credit: Bo\n\n## Talk A\n\ntext\n"
    )
    assert document.days[0].intro == (
        '<p><a href="stage.jpg">The main stage</a></p><p>Main stage, day one</p><p>Credit: Bo</p>'
    )
    assert [str(warning) for warning in document.warnings] == [
        "line 5: an image in the introduction of the first talk was kept as text."
    ]


def test_links_between_notes_show_the_text_obsidian_shows():
    document = read(
        '---\ntitle: Conf\nlocation: "[[Pittsburgh]], PA"\n---\n\n## Talk\n\n'
        "- **Speaker**: [[David Hewitt]]\n\nSee [[Conferences MOC|my index]], [[Plain]], "
        "[[Page#Section]] and `[[code]]`.\n\n[[toc]]\n"
    )
    assert document.location == "Pittsburgh, PA"
    assert document.talks[0].speakers == ["David Hewitt"]
    assert body(document) == [
        paragraph("<p>See my index, Plain, Page and <code>[[code]]</code>.</p>")
    ]
    assert document.show_table_of_contents


def test_only_web_addresses_become_embeds_and_url_fields():
    document = read(
        "## [Talk](https://example.com/talk)\n\n"
        f"Video: https://example.com/{'v' * 200}\n\n<mailto:ada@example.com>\n"
    )
    [talk] = document.talks
    assert talk.talk_url == "https://example.com/talk"
    assert talk.video_url == ""  # longer than the field holds: the line stays text
    assert [block["type"] for block in talk.blocks] == ["paragraph"]
    assert "Video: https://example.com/vvv" in talk.blocks[0]["value"]
    assert '<a href="mailto:ada@example.com">' in talk.blocks[0]["value"]


@pytest.mark.parametrize("marker", ["{{< toc >}}", "[TOC]", "[[_TOC_]]"])
def test_table_of_contents_markers(marker):
    assert read(f"## Talk\n\n{marker}\n\ntext\n").show_table_of_contents


def test_line_endings_bom_tabs_and_other_encodings():
    text = "## Talk\n\n- item\n\t- nested\n"
    crlf = read_notes(("\ufeff" + text).replace("\n", "\r\n").encode(), "a.md")
    cr_only = read_notes(text.replace("\n", "\r").encode(), "a.md")
    assert body(crlf) == body(cr_only) == body(read(text))
    assert "<ul><li>nested</li></ul>" in body(crlf)[0]["value"]
    latin = read_notes("## Café talk\n\nÜber straße, déjà vu.\n".encode("cp1252"), "l.md")
    assert titles(latin) == ["Café talk"]
    assert any("not UTF-8" in str(warning) for warning in latin.warnings)


LEGACY_NOTES = {
    "french": (
        "## Jour 1\n\n### Notes\n\nIntervenante : Hélène Dupré\n\nLes libellés doivent être associés "
        "aux champs ; très instructif. Où est le café ? Ça coûte ½ euro.\n",
        "latin-1",
    ),
    "italian": (
        "## Giorno 1\n\n### Notes\n\nRelatore: Niccolò Rossi\n\nÈ stata una giornata perché la città "
        "è bella: più caffè, meno tè.\n",
        "latin-1",
    ),
    "portuguese": (
        "## Dia 1\n\n### Notes\n\nPalestrante: João Conceição\n\nÀ tarde falámos de programação e "
        "ações; não há razão para pânico, três vezes.\n",
        "cp1252",
    ),
    "polish": (
        "## Dzień 1\n\n### Notes\n\nPrelegent: Paweł Łukasiewicz\n\nBardzo ciekawa prezentacja o "
        "żółwiach, źródłach i ścieżkach. Łódź, Gdańsk, Wrocław — świetne miejsca.\n",
        "cp1250",
    ),
    "czech": (
        "## Den 1\n\n### Notes\n\nŘečník: Jiří Novák\n\nPřednáška o šíření dat v Čechách, žluťoučký "
        "kůň úpěl ďábelské ódy.\n",
        "cp1250",
    ),
    "croatian": (
        "## Dan 1\n\n### Bilješke\n\nPredavač: Ivana Kovačević\n\nOdlično predavanje o "
        "ćevapima, čokoladi i đacima; hvala svima što ste došli.\n",
        "cp1250",
    ),
    "hungarian": (
        "## 1. nap\n\n### Notes\n\nElőadó: Kovács Ödön\n\nŐszintén szólva a szőlő és a tűz nagyon "
        "érdekes volt, köszönöm.\n",
        "cp1250",
    ),
}


@pytest.mark.parametrize("language", LEGACY_NOTES)
def test_notes_saved_in_a_legacy_encoding_read_with_their_accents(language):
    text, encoding = LEGACY_NOTES[language]
    document = read_notes(text.encode(encoding), "legacy.md")
    assert document.talks[0].blocks == read(text).talks[0].blocks
    assert [str(warning) for warning in document.warnings] == [
        f"the file is not UTF-8; read it as {'cp1250' if encoding == 'cp1250' else 'cp1252'}."
    ]


def test_myst_code_directives_and_pandoc_attributes_keep_the_language():
    document = read(
        "## T\n\n```{.idris .numberLines startFrom=3}\nmain : IO ()\n```\n\n"
        "```{code-block} python\n:linenos:\n:caption: Say hi\n\nprint(1)\n```\n\n"
        "```{#setup .rust}\nfn x() {}\n```\n\n```{code}\nplain\n```\n\n"
        "```{r setup, include=FALSE}\nlibrary(x)\n```\n\n```python\n```\n"
    )
    assert body(document) == [
        code("main : IO ()", "idris"),
        code("print(1)", "python", "Say hi"),
        code("fn x() {}", "rust"),
        code("plain"),
        code("library(x)", "r"),
    ]
    assert document.structure.code_without_language == 1
    # A page can't hold an empty code block: it is left out rather than refuse the file.
    assert [(w.line, w.message) for w in document.warnings] == [
        (26, "an empty code block was left out.")
    ]


def test_fence_languages_are_kept_as_written_and_code_without_one_is_counted():
    document = read(
        '## Talk\n\n```py title="say \\"hi\\".py"\nprint(1)\n```\n\n```JSX\n<App/>\n```\n\n'
        '```console\n$ ls\n```\n\n```title="notes.txt"\nplain\n```\n\n```\nplain\n```\n\n'
        "    indented\n"
    )
    blocks = body(document)
    languages = [block["value"]["language"] for block in blocks]
    assert languages == ["py", "JSX", "console", "", "", ""]
    assert blocks[0]["value"]["caption"] == 'say "hi".py'
    assert blocks[3]["value"] == {"language": "", "code": "plain", "caption": "notes.txt"}
    assert document.structure.code_without_language == 3
    assert not document.warnings
    markdown = write_notes(document)
    assert '```py title="say \\"hi\\".py"\nprint(1)\n```' in markdown
    assert "```JSX\n<App/>\n```" in markdown
    assert '```title="notes.txt"\nplain\n```\n\n```\nplain\n```' in markdown
    assert body(read_notes(markdown, "n.md")) == blocks


def test_a_language_a_fence_cannot_carry_back_is_left_out_with_a_warning():
    document = read("## Talk\n\n~~~ja`va\nx\n~~~\n")
    assert body(document)[0]["value"]["language"] == ""
    assert document.structure.code_without_language == 1
    assert any("ja`va" in str(warning) for warning in document.warnings)


def test_code_tables_and_quotes_inside_list_items_stay_in_their_items():
    blocks = body(read(
        "## T\n\n1. one\n2. two\n\n   ```\n   code\n   ```\n3. three\n\n"
        "- [ ] a\n\n  | x | y |\n  | - | - |\n  | 1 | 2 |\n\n  Table: Sizes\n\n"
        "  > said -- Ada\n\n  more a\n- b\n"
    ))  # fmt: skip
    assert blocks == [
        list_block(
            [
                [paragraph("<p>one</p>")],
                [paragraph("<p>two</p>"), code("code")],
                [paragraph("<p>three</p>")],
            ],
            ordered=True,
        ),
        list_block(
            [
                [
                    paragraph("<p>☐ a</p>"),
                    table("Sizes", [["x", "y"], ["1", "2"]]),
                    quote("<p>said</p>", "Ada"),
                    paragraph("<p>more a</p>"),
                ],
                [paragraph("<p>b</p>")],
            ]
        ),
    ]


def test_a_numbered_list_keeps_its_first_number_and_plain_lists_stay_rich_text():
    blocks = body(read("## T\n\n7. seven\n\n   ```sh\n   ls\n   ```\n8. eight\n\n* plain\n"))
    assert blocks == [
        list_block(
            [[paragraph("<p>seven</p>"), code("ls", "sh")], [paragraph("<p>eight</p>")]],
            ordered=True,
            start=7,
        ),
        paragraph("<ul><li>plain</li></ul>"),
    ]


def test_nested_lists_holding_code_nest_three_deep_then_stay_rich_text():
    blocks = body(read(
        "## T\n\n- one\n  - two\n    - three\n      - four\n\n"
        "        ```\n        deep\n        ```\n      - four b\n"
    ))  # fmt: skip
    third = [[paragraph("<p>three</p><ul><li>four</li></ul>"), code("deep"),
              paragraph("<ul><li>four b</li></ul>")]]  # fmt: skip
    second = [[paragraph("<p>two</p>"), list_block(third)]]
    assert blocks == [list_block([[paragraph("<p>one</p>"), list_block(second)]])]


def test_a_list_holding_code_in_an_introduction_stays_a_list_with_its_code_as_text():
    document = read("# Conf\n\n- a\n\n  ```\n  x = 1\n  ```\n- b\n\n## Talk\n\ntext\n")
    intro = document.days[0].intro
    assert intro == "<ul><li>a<br/><code>x = 1</code></li><li>b</li></ul>"
    assert any("introduction" in str(warning) for warning in document.warnings)
    again = read_notes(write_notes(document), "n.md")
    assert again.days[0].intro == intro


def test_a_table_with_empty_cells_in_an_introduction_reads_back_alike_from_exported_notes():
    document = read(
        "# Conf\n\n| | | Remark |\n|---|---|---|\n| Location | Prague | |\n\n## Talk\n\nt\n"
    )
    intro = document.days[0].intro
    assert intro == "<p>| | Remark</p><p>Location | Prague |</p>"
    assert read_notes(write_notes(document), "n.md").days[0].intro == intro


def test_raw_html_starting_a_list_item_is_the_item_s_text_and_reads_back_alike():
    document = read(
        '## Talk\n\n- a\n- <link rel="preload"> for fonts\n- <p>para</p>\n'
        '- <img src="https://example.com/x.png" alt="pic">\n- b\n'
    )
    assert body(document)[0]["value"] == (
        '<ul><li>a</li><li>for fonts</li><li>para</li><li><a href="https://example.com/x.png">pic</a></li>'
        "<li>b</li></ul>"
    )
    scripted = read("## Talk\n\n- a\n- <script>alert(1)</script>\n- b\n")
    assert (
        body(scripted)[0]["value"]
        == "<ul><li>a</li><li>&lt;script&gt;alert(1)&lt;/script&gt;</li><li>b</li></ul>"
    )
    assert body(read_notes(write_notes(scripted), "n.md")) == body(scripted)
    assert body(read_notes(write_notes(document), "n.md")) == body(document)


def test_an_empty_day_before_a_day_named_otherwise_writes_back_as_it_was():
    # Scala Days notes: days with no talks, then a day called "Talk B"; the export
    # says `days: true`, so the day after the empty one is no talk of it on re-import.
    document = Document("n", "Conf", "conf", days=[
        Day("Day 1", "day-1"),
        Day("Day 2", "day-2"),
        Day("Talk B", "talk-b", talks=[Talk("Remarks", "remarks", blocks=[paragraph("<p>b</p>")])]),
    ])  # fmt: skip
    written = write_notes(document)
    again = read_notes(written, "n.md")
    assert [day.title for day in again.days] == ["Day 1", "Day 2", "Talk B"]
    assert write_notes(again) == written


def test_a_list_of_notes_led_by_its_speaker_keeps_its_other_items_and_writes_back_alike():
    document = read("## Talk\n\n* Speaker: Tim Neutkens\n* Next.js is a framework.\n* Fast.\n")
    assert document.talks[0].speakers == ["Tim Neutkens"]
    assert body(document) == [paragraph("<ul><li>Next.js is a framework.</li><li>Fast.</li></ul>")]
    written = write_notes(document)
    assert body(read_notes(written, "n.md")) == body(document)
    assert write_notes(read_notes(written, "n.md")) == written
    # A list that merely mentions a speaker later on is notes.
    assert read("## Talk\n\n* Great talk.\n* Speaker: Ada\n").talks[0].speakers == []


def test_links_for_the_video_or_slides_in_a_talk_heading_set_those_and_leave_the_title():
    document = read(
        "## Dueling keyboards - [Video](https://v.test/1), [Slides](https://s.test/1)\n\na\n\n"
        "## Second [Video](https://v.test/2) [Slides](https://s.test/2)\n\nb\n\n"
        "## [Video](https://v.test/3)\n\nc\n\n"
        "## [Own](https://t.test/4) [video](https://v.test/4)\n\nVideo: https://v.test/line\n\nd\n"
    )
    found = [(t.title, t.talk_url, t.video_url, t.slides_url) for t in document.talks]
    assert found == [
        ("Dueling keyboards", "", "https://v.test/1", "https://s.test/1"),
        ("Second", "", "https://v.test/2", "https://s.test/2"),
        ("Video", "https://v.test/3", "", ""),  # the link is all there is: the title
        ("Own", "https://t.test/4", "https://v.test/line", ""),
    ]
    assert any("https://v.test/4" in str(warning) for warning in document.warnings)
    written = write_notes(document)
    assert write_notes(read_notes(written, "n.md")) == written


def test_talks_followed_only_by_a_closing_section_are_day_1_and_an_emphasised_by_stays_so():
    document = read(
        "---\ntitle: code.talks 2018\n---\nIntro.\n\n### Talk A\n*by Alice*\n\nNotes A.\n\n"
        "### Talk B\n\nNotes B.\n\n## Summary\n\nClosing words.\n"
    )
    assert [day.title for day in document.days] == ["Day 1"]
    assert titles(document) == ["Talk A", "Talk B"] and "Closing words." in document.intro
    # "*by Alice*" names no full name, so it is the talk's text, emphasised, both ways.
    assert body(document)[0]["value"] == "<p><i>by Alice</i></p><p>Notes A.</p>"
    written = write_notes(document)
    assert body(read_notes(written, "n.md")) == body(document)
    assert write_notes(read_notes(written, "n.md")) == written


@pytest.mark.parametrize(
    "blocks",
    [
        # A body (edited in the admin, or imported before) that starts as fields would.
        [paragraph("<ul><li>Speaker: Ada</li><li>x</li></ul>")],
        [paragraph("<ul><li>By: Ada Lovelace</li><li>x</li></ul>")],
        [paragraph("<p>By: the end of the talk we had a compiler.</p>")],
        [paragraph("<p>Press <code>  </code> twice, then <b>a<br/></b></p>")],
    ],
)
def test_talk_text_that_reads_like_fields_or_spaces_writes_back_as_the_same_text(blocks):
    document = Document(
        "n", "Conf", "conf", days=[Day("Day 1", "day-1", talks=[Talk("T", "t", blocks=blocks)])]
    )
    again = read_notes(write_notes(document), "n.md")
    assert again.talks[0].speakers == []
    written = write_notes(again)
    assert write_notes(read_notes(written, "n.md")) == written
    assert "Ada" in written or "compiler" in written or "twice" in written


def test_a_quote_below_a_nested_list_in_an_introduction_is_an_item_of_that_list():
    # Rich text has no words after an item's nested list; they used to move onto the
    # item's own line on export ("itemTIP: a quote"), so re-import changed the intro.
    document = read("# Conf\n\n- item\n\t- sub1\n\t> TIP: a quote\n\t- sub2\n\n## Talk\n\nt\n")
    intro = document.days[0].intro
    assert intro == (
        "<ul><li>item<ul><li>sub1</li><li>TIP: a quote</li></ul><ul><li>sub2</li></ul></li></ul>"
    )
    written = write_notes(document)
    assert read_notes(written, "n.md").days[0].intro == intro
    assert write_notes(read_notes(written, "n.md")) == written


def test_list_blocks_write_back_inside_their_list_and_apart_from_their_neighbours():
    tricky = "if x:\n\tgo()\n\n  \n```\nfence inside\n```"
    talk = Talk("Talk", "talk", blocks=[
        paragraph("<ul><li>plain before</li></ul>"),
        list_block([[paragraph("<p>with code</p><p>second line</p>"), code(tricky, "go", "a.go")],
                    [code("first in its item", "jsx")], []]),
        list_block([[paragraph("<p>next list</p>"), quote("<p>q</p>", "Bo", "https://bo.example/")]],
                   ordered=True, start=10),
        list_block([[paragraph("<p>numbered again</p>"), table("T", [["h"], ["c"]])]], ordered=True),
        paragraph("<ul><li>plain after</li></ul>"),
    ])  # fmt: skip
    document = Document("n", "Conf", "conf", days=[Day("Day 1", "day-1", talks=[talk])])
    markdown = write_notes(document)
    # Each item's blocks indented under its bullet; a list right after a list of its kind
    # takes the other marker, or the two would read as one.
    assert "- plain before\n\n* with code\n\n  second line\n\n  ````go title=" in markdown
    assert "  \tgo()\n\n    \n  ```\n  fence inside\n  ```\n  ````\n" in markdown
    assert "* ```jsx\n  first in its item\n  ```\n*\n\n10. next" in markdown  # an empty item
    assert "10. next list\n\n    > q -- [Bo](https://bo.example/)\n\n1) numbered" in markdown
    assert "   Table: T\n\n- plain after" in markdown
    again = read_notes(markdown, "n.md")
    assert again.talks[0].blocks == talk.blocks
    assert write_notes(again) == markdown


def test_every_block_knows_the_line_it_starts_on():
    document = read(
        "---\ntitle: C\n---\n\n## Talk\n\nPara one.\n\n- item\n\n  ```\n  code\n  ```\n"
        "- after\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> said -- Ada\n\n"
        "<https://example.com/v>\n\nSee[^1].\n\n[^1]: A note.\n"
    )
    [talk] = document.talks
    kinds = [block["type"] for block in talk.blocks]
    assert list(zip(kinds, talk.block_lines, strict=True)) == [
        ("paragraph", 7),
        ("list", 9),  # its items hold the code
        ("table", 16),
        ("quote", 20),
        ("embed", 22),
        ("paragraph", 24),  # with the footnotes listed after it
    ]


def test_nesting_deeper_than_the_parser_reads_is_moved_up_not_lost():
    document = read("## T\n\n" + "> " * 100 + "deep words\n\n" + "".join(
        "  " * depth + f"- item{depth}\n" for depth in range(60)
    ))  # fmt: skip
    text = str(body(document))
    assert "deep words" in text and all(f"item{depth}<" in text for depth in range(60))
    assert any("nested deeper than 20 quotes" in str(warning) for warning in document.warnings)


# -- refusals ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("---\ntitle: [Conf\n---\n\nx\n", "line 2: malformed front matter"),
        ("---\ntitle: Conf\ntags:\n  - a\n\nx\n", "line 1: the front matter is never closed"),
        (
            "---\n" + "a:\n" + "".join(" " * n + "- \n" for n in range(1, 3000)) + "---\n",
            "front matter",
        ),
        ("## T\n\n```python\nx\n", "line 3: this code block is never closed"),
    ],
)
def test_broken_files_are_refused_naming_the_line(text, message):
    with pytest.raises(NotesError, match=message.replace("[", r"\[")):
        read(text)


def test_a_fence_in_a_nested_quote_closes_however_its_quote_marks_are_spaced():
    for marks in (">>", "> >", ">  >"):
        document = read(f"## Talk\n\n{marks} ```yaml\n{marks} a: 1\n{marks} ```\n\nafter\n")
        assert [b["type"] for b in body(document)] == ["code", "paragraph"], marks
        assert document.warnings == []


def test_a_fence_left_open_in_a_list_item_or_quote_ends_with_it_and_is_named():
    in_item = read("## T\n\n- item\n  ```python\n  x = 1\n- next item\n\nafter\n")
    assert body(in_item) == [
        list_block(
            [
                [paragraph("<p>item</p>"), code("x = 1", "python")],
                [paragraph("<p>next item</p>")],
            ]
        ),
        paragraph("<p>after</p>"),
    ]
    in_quote = read("## T\n\n> ```\n> code\n\nafter text\n")
    assert [b["type"] for b in body(in_quote)] == ["code", "paragraph"]
    assert [(w.line, w.message) for w in in_item.warnings + in_quote.warnings] == [
        (4, "this code block is never closed; it ends with its list item on line 5."),
        (3, "this code block is never closed; it ends with its quote on line 4."),
    ]


def test_binary_and_oversized_files_are_refused_before_parsing():
    with pytest.raises(NotesError, match="binary file"):
        read_notes(b"\x89PNG\r\n\x1a\n\x00\x00", "photo.md")
    with pytest.raises(NotesError, match="larger than 10 MB"):
        read_notes(b"x" * (10 * 2**20 + 1), "big.md")


def test_days_whose_notes_have_no_talk_headings_count_against_the_talk_limit(monkeypatch):
    # Each day's notes become a talk of their own. (A limit of 3 for the test: the real
    # one is met by tests/hostile/test_notes_files.py's 5001 talks.)
    monkeypatch.setattr(reader, "MAX_TALKS", 3)
    day = "## Day {n}\n\nNotes without a talk heading.\n\n- one\n- two\n\nMore notes.\n\n"
    assert len(read("".join(day.format(n=n) for n in range(3))).talks) == 3
    with pytest.raises(NotesError, match="more than 3 talks"):
        read("".join(day.format(n=n) for n in range(4)))
    with pytest.raises(NotesError, match="more than 3 talks"):
        read("## Day 1\n\n" + "".join(f"### Talk {n}\n\nNotes.\n\n" for n in range(4)))
    with pytest.raises(NotesError, match="more than 3 talks"):  # no days: one of its own
        read("".join(f"## Talk {n}\n\nNotes.\n\n" for n in range(4)))


def test_deeply_nested_front_matter_is_refused():
    deep = "---\ntitle: " + "[" * 20_000 + "]" * 20_000 + "\n---\n\nx\n"
    with pytest.raises(NotesError, match="line 2: the front matter is nested too deeply"):
        read(deep)


def test_front_matter_nested_up_to_the_limit_is_read():
    def nested(depth: int) -> str:  # the mapping at the top counts as the first level
        lists = depth - 1
        return "---\ntitle: Conf\nextra: " + "[" * lists + "1" + "]" * lists + "\n---\n\nx\n"

    assert read(nested(dialect.MAX_FRONT_MATTER_DEPTH)).title == "Conf"
    with pytest.raises(NotesError, match="nested too deeply"):
        read(nested(dialect.MAX_FRONT_MATTER_DEPTH + 1))


# -- the writer --------------------------------------------------------------------


def every_field_document() -> Document:
    talk = Talk(
        title="Caching, “quoted” & #hashed",
        slug="caching-quoted-hashed",
        talk_url="https://example.com/talks/caching",
        video_url="https://www.youtube.com/watch?v=abc",
        slides_url="https://speakerdeck.com/x/caching",
        speakers=["Ada Lovelace", "Grace Hopper"],
        tags=["cache", "web"],
        summary="Two lines\nof summary.",
        blocks=[
            {"type": "paragraph", "value": "<p>Speakers: not metadata, <s>just</s> text.</p>"},
            {"type": "heading", "value": {"level": "h2", "text": "Setup"}},
            {
                "type": "quote",
                "value": {
                    "text": "<p>First paragraph.</p><p>Second paragraph.</p>",
                    "attribution": "Ada",
                    "attribution_url": "https://ada.example",
                },
            },
            {"type": "code", "value": {"language": "python", "code": "x = 1", "caption": 'a "b".py'}},
            code("<App />", "jsx"),
            list_block([
                [paragraph("<p>Install</p>"), code("$ pip install x", "console", "shell")],
                [paragraph("<p>Use</p>"), list_block([[paragraph("<p>deeper</p>"), code("y")]])],
            ], ordered=True, start=3),
            {
                "type": "table",
                "value": {
                    "data": [["Tool", "Speed"], ["a", "fast"]],
                    "table_caption": "Tools compared",
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_header_choice": "row",
                },
            },
            {"type": "image", "value": ImageRef("/media/original_images/x.png", "A chart", "Cap", "Photo: Bo")},
            {"type": "embed", "value": "https://vimeo.com/1"},
        ],
    )  # fmt: skip
    return Document(
        source="conf",
        title="Every Field Conf",
        slug="every-field-conf",
        intro="<p>Intro with <b>bold</b>.</p><ul><li>and a list</li></ul>",
        published=datetime.datetime(2024, 5, 1, 12, tzinfo=datetime.UTC),
        start_date=datetime.date(2024, 5, 1),
        end_date=datetime.date(2024, 5, 3),
        location="Harbour Hall, Oslo",
        website="https://conf.example",
        show_table_of_contents=True,
        days=[
            Day("Sprints", "sprints", date=datetime.date(2024, 5, 3), intro="<p>Date: fun</p>", talks=[talk])
        ],
    )  # fmt: skip


def comparable(document: Document) -> tuple:
    return (
        document.title, document.intro, document.published, document.start_date,
        document.end_date, document.location, document.website, document.show_table_of_contents,
        [(day.title, day.date, day.intro) for day in document.days],
        [
            (t.title, t.talk_url, t.video_url, t.slides_url, t.speakers,
             sorted({*document.tags, *t.tags}), t.summary, t.blocks)
            for t in document.talks
        ],
    )  # fmt: skip


def test_text_that_looks_like_metadata_stays_text():
    document = read("## Talk\n\nSpeakers: not a speaker line, the notes' first words.\n")
    assert document.talks[0].speakers == ["not a speaker line", "the notes' first words."]
    plain = Document(
        "n", "Conf", "conf", days=[Day("Day 1", "day-1", talks=[Talk("Talk", "talk")])]
    )
    plain.talks[0].blocks = [{"type": "paragraph", "value": "<p>Speakers: just text.</p>"}]
    markdown = write_notes(plain)
    assert "Speakers\\: just text." in markdown
    again = read_notes(markdown, "n.md")
    assert again.talks[0].speakers == [] and again.talks[0].blocks == plain.talks[0].blocks


def test_speaker_lines_as_notes_write_them_set_the_fields():
    document = read(
        "## Talk\n\n**Speakers:** [Carlton Gibson](https://noumenal.es), Ada (@ada@example.social),"
        " **Grace Hopper**\n*Video*: <https://youtu.be/abc>\n\nNotes.\n"
    )
    talk = document.talks[0]
    assert talk.speakers == ["Carlton Gibson", "Ada", "Grace Hopper"]
    assert talk.speaker_profiles == {
        "Carlton Gibson": dialect.SpeakerProfile(profile_url="https://noumenal.es"),
        "Ada": dialect.SpeakerProfile(handle="@ada@example.social"),
    }
    assert talk.video_url == "https://youtu.be/abc"
    assert body(document) == [paragraph("<p>Notes.</p>")]
    # A link that is no web address keeps the whole text as the name.
    relative = read("## Talk\n\nPresented by: [Bo](/people/bo)\n")
    assert relative.talks[0].speakers == ["[Bo](/people/bo)"]
    for line, speakers in [
        ("**Speaker: **Ann Lee", ["Ann Lee"]),  # as Google Docs exports it
        ("Presenter(s): Ann & Bo", ["Ann", "Bo"]),
        ("Speakers: Ann, Bo and Cy", ["Ann", "Bo", "Cy"]),
        ("Speakers: Simon and Garfunkel;", ["Simon and Garfunkel"]),
        ("Speakers: Ann, Bo, and Cy", ["Ann", "Bo", "Cy"]),
        ("Speaker: Ada Lovelace (Ernst & Young)", ["Ada Lovelace (Ernst & Young)"]),
        ("Ponente: José Peña", ["José Peña"]),
        ("Intervenante : Hélène Dupré", ["Hélène Dupré"]),
        ("讲者：张三", ["张三"]),
        ("登壇者: 山田太郎", ["山田太郎"]),
        ("Докладчик: Иван Петров", ["Иван Петров"]),
        (
            "Speakers: Jane Doe (Acme) and Bob Roe (Initech)",
            ["Jane Doe (Acme)", "Bob Roe (Initech)"],
        ),
        ("Orateurs : Anne et Paul", ["Anne", "Paul"]),
        ("Referenten: Jan und Eva", ["Jan", "Eva"]),
        ("Спикеры: Иван и Мария", ["Иван", "Мария"]),
        ("Ponentes: José Ortega y Gasset", ["José Ortega y Gasset"]),
        ("Ponentes: Marc García y Laura Fernández", ["Marc García", "Laura Fernández"]),
        ("Palestrantes: Ana Souza e Carlos Lima", ["Ana Souza", "Carlos Lima"]),
        ("Ponente: Ana Torres y Diego", ["Ana Torres y Diego"]),
        ("演讲嘉宾：王强、陈静", ["王强", "陈静"]),
        ("Panelists: Ada, Bo, and Cy\nModerator: Dee", ["Ada", "Bo", "Cy", "Dee"]),
        ("By Eileen Uchitelle", ["Eileen Uchitelle"]),
        ("*by Marco Roth and Ana Lee*", ["Marco Roth", "Ana Lee"]),
        ("By the end of it, we knew.", []),
        ("By Design", []),
        ("Speakers: Ada Lovelace et al.", ["Ada Lovelace et al."]),
        (
            "- **Speaker:** Jonathan Amsterdam\n- Slides: <https://speakerdeck.com/jba/slog>",
            ["Jonathan Amsterdam"],
        ),
        ("- Speaker: Ada\n- Why it matters: a lot", ["Ada"]),
        ("Konuşmacı: Ayşe Yılmaz", ["Ayşe Yılmaz"]),
        ("Diễn giả: Nguyễn Văn A", ["Nguyễn Văn A"]),
        ("登壇者：金子 雄一郎（@yui-knk）", ["金子 雄一郎"]),
        ("*Speaker: John Smith*", ["John Smith"]),
        ("Presented by Alice Jones", ["Alice Jones"]),
        ("By: Róman Joost", ["Róman Joost"]),
        # A list of notes whose first items name the speaker (and no other item does).
        (
            "* Speaker: [John Adetutu](https://x.test/john)\n* react-spring animates.",
            ["John Adetutu"],
        ),
        ("- By: Róman Joost\n- Slicing.\n- Speaker: none", ["Róman Joost"]),
        ("* By: Róman Joost\n* ", ["Róman Joost"]),  # an empty item to fill in later
        # After a label for one speaker, a comma gives where they work, not a second one.
        ("*Speaker: Lili Cosic, Red Hat*", ["Lili Cosic, Red Hat"]),
        ("Speaker: Ada, Bo and Cy", ["Ada", "Bo", "Cy"]),
        ("Speaker: Ada Lovelace (@ada@example.social), Google", ["Ada Lovelace", "Google"]),
        ("Speaker: Ada,", ["Ada"]),
        ("By: the end of the talk we had a compiler.", []),
        (
            "Speakers: Nils Langner (Leankoala) + Marcel Semmler",
            ["Nils Langner (Leankoala)", "Marcel Semmler"],
        ),
        ("Speaker: Ada (Ernst + Young)", ["Ada (Ernst + Young)"]),
        ("Speakers: Ada Lovelace, Grace Hopper", ["Ada Lovelace", "Grace Hopper"]),
    ]:
        assert read(f"## Talk\n\n{line}\n").talks[0].speakers == speakers, line
    # Metadata paragraphs one after another, URLs written as links; a field given twice
    # is the talk's text from there on.
    spaced = read(
        "## T\n\n**Speaker:** Jo\n\n**Slides:** [on Speaker Deck](https://speakerdeck.com/jo/x)"
        '\n\nVideo: [recording](<https://youtu.be/abc> "YouTube")\n\nVideo: https://x.test/v\n\nNotes.\n'
    )
    assert spaced.talks[0].speakers == ["Jo"]
    assert spaced.talks[0].slides_url == "https://speakerdeck.com/jo/x"
    assert spaced.talks[0].video_url == "https://youtu.be/abc"
    assert body(spaced) == [paragraph("<p>Video: https://x.test/v</p><p>Notes.</p>")]
    # Lines naming no field (or one they can't set) stay, as they were written.
    partly = read(
        "## T\n\n- **Speaker:** Jo\n- **Room:** Hall A\n\n## U\n\nSpeaker: Bo\\\nTrack: Cloud\n"
        "Video: coming soon\nTime: 10:00\n"
    )
    assert [talk.speakers for talk in partly.talks] == [["Jo"], ["Bo"]]
    assert body(partly, 0) == [paragraph("<ul><li><b>Room:</b> Hall A</li></ul>")]
    assert body(partly, 1) == [paragraph("<p>Track: Cloud Video: coming soon Time: 10:00</p>")]
    one_line = read(
        "## T\n\n**Speaker:** Mo Kay | **Slides:** [PDF](https://x.test/s.pdf) · "
        "Video: <https://youtu.be/abc>\n\n## U\n\nSpeaker: Ada · Room: 4\n"
    )
    mo, ada = one_line.talks
    assert (mo.speakers, mo.slides_url, mo.video_url, body(one_line, 0)) == (
        ["Mo Kay"],
        "https://x.test/s.pdf",
        "https://youtu.be/abc",
        [],
    )
    # A second Video: is text, never a second address in the field.
    twice = read("## T\n\nSpeaker: Ada\nVideo: https://a.test/1\nVideo: https://b.test/2\n")
    assert twice.talks[0].video_url == "https://a.test/1"
    assert body(twice) == [paragraph("<p>Video: https://b.test/2</p>")]
    # A byline written back is escaped, so that it stays the talk's text.
    bylined = read("## T\n\nPresented by Ada Lovelace\nRoom: Hall A\n\nSlides: https://a.test/s\n")
    exported = write_notes(bylined)
    assert "&#80;resented by Ada Lovelace Room: Hall A" in exported
    assert write_notes(read_notes(exported, "n.md")) == exported
    # A line that sets fields and names others stays text whole, never half read.
    assert ada.speakers == [] and body(one_line, 1) == [paragraph("<p>Speaker: Ada · Room: 4</p>")]
    listed = read("## T\n\n* Speaker: Jo\n* Slides: <https://speakerdeck.com/jo/x>\n\nNotes.\n")
    assert listed.talks[0].slides_url == "https://speakerdeck.com/jo/x"
    assert body(listed) == [paragraph("<p>Notes.</p>")]
    handled = read(
        "## T\n\n**Speakers:** Dario N ([@dirbaio](https://github.com/dirbaio)), "
        "Ada [@ada](https://x.com/ada), Bo ([GitHub](https://github.com/bo))\n"
    )
    assert handled.talks[0].speaker_profiles == {
        "Dario N": dialect.SpeakerProfile("@dirbaio", "https://github.com/dirbaio"),
        "Ada": dialect.SpeakerProfile("@ada", "https://x.com/ada"),
        "Bo": dialect.SpeakerProfile(profile_url="https://github.com/bo"),
    }


def test_speaker_names_that_look_like_links_or_handles_come_back_from_export_whole():
    names = [
        "Jane Doe (@jane)",
        "_why_",
        "Ada <https://ada.dev>",
        "[Bo](https://bo.dev)",
        "A\\B",
        "Simon and Garfunkel",
    ]
    for alone in (["Smith, John"], ["Simon and Garfunkel"], ["Dupont et Fils"], ["王、陈"]):
        one = Talk("Talk", "talk", speakers=alone)
        written = write_notes(Document("n", "C", "c", days=[Day("D", "d", talks=[one])]))
        assert read_notes(written, "n.md").talks[0].speakers == alone
    talk = Talk("Talk", "talk", speakers=names)
    plain = Document("n", "Conf", "conf", days=[Day("Day 1", "day-1", talks=[talk])])
    again = read_notes(write_notes(plain), "n.md")
    assert again.talks[0].speakers == names and again.talks[0].speaker_profiles == {}


def test_bold_text_that_looks_like_a_speaker_line_is_written_so_it_stays_text():
    plain = Document(
        "n", "Conf", "conf", days=[Day("Day 1", "day-1", talks=[Talk("Talk", "talk")])]
    )
    for text in (
        "<p><b>Speaker:</b> the one who asks.</p>",
        "<p>讲者：提问的人 at 10:00</p>",
        "<p>Orateur : celui qui demande.</p>",
    ):
        plain.talks[0].blocks = [paragraph(text)]
        again = read_notes(write_notes(plain), "n.md")
        assert again.talks[0].speakers == [] and again.talks[0].blocks == plain.talks[0].blocks


def test_every_field_survives_writing_and_reading():
    original = every_field_document()
    markdown = write_notes(original)
    again = read_notes(markdown, "every-field-conf.md")
    assert comparable(again) == comparable(original)
    assert write_notes(again) == markdown
    assert (
        "Speakers: Ada Lovelace, Grace Hopper\nVideo: https://www.youtube.com/watch?v=abc"
        in markdown
    )
    assert "days: true" in markdown  # "Sprints" doesn't name a day, so the file says so


@pytest.mark.parametrize("name", SEED_NAMES + CORPUS_NAMES + EXTRA_CORPUS_NAMES)
def test_writing_what_was_read_is_stable(name):
    path = notes_file(name)
    first = write_notes(read_notes(path.read_bytes(), path.name))
    assert write_notes(read_notes(first, path.name)) == first


# -- the corpus: talk titles in order ------------------------------------------------

# For each corpus file whose SOURCES.md entry lists talk titles: a distinctive part of
# each title, in order. Headings "Title - Speaker" keep the speaker in the title.
TALK_TITLES = {
    "01-jsconf-eu-2013-toml.md": [
        "Parsing, Compiling and Static Metaprogramming", "two-way binding in AngularJS",
        "Security talks", "UXing without a UXer", "The web experience in the autistic spectrum",
        "/be", "Plight of the butterfly", "Promises and Generators",
        "Acceptable in the 80s - Revisiting Microworlds", "Make world less shit. NOW.",
        "Building Live HTML and Omniscient Debuggers", "I have a dreamcode",
        "Stop breaking the web", "Rethinking best practices", "1024+ seconds of JS wizardry",
        "People First",
    ],
    "02-kodio-2014-setext.md": [
        "The Chroma Zone - Engineering Color on the Web", "AngularJS and i18n",
        "How to Get More Women in Tech in 5 Steps", "Fly, You Tools!",
        "Make Your and Other People’s Life Easier: Do Support!",
        "Vagrant, Packer, Serf: Maximum Potency DevOps",
    ],
    "03-code4lib-2014-day-two-reflinks.md": [
        "Visualizing Solr Search Results", "Visualizing Library Resources as Networks",
        "We Are All Disabled!", "Dead-simple Video Content Management",
        "Bulding for others (and ourselves)", "Sustaining your Open Source project",
        "Behold Fedora 4", "A reusable application to enable self deposit",
        "Organic Free-Range API Development", "Towards Pasta Code Nirvana",
        "PhantomJS+Selenium", "Queue Programming -- how using job queues",
    ],
    "04-djangocon-eu-2016-lightning-day2.md": [
        "In a small corner of DjangoLand", "nand2tetris", "Django REST framework - what's next?",
        "Django Girls", "Fun with loops", "Doing it the hard way", "In-san-i-ty", "What's the time?",
    ],
    "05-rubykaigi-2018-day2.md": [
        "My way with Ruby (Keynote)", "It's Rubies All The Way Down",
        "Improve Ruby coding style rules and Lint",
        "Scaling Teams using Tests for Productivity and Education",
    ],
    "06-scipy-2023.md": [
        "Keynote - Open Source Maintainers", "SciPy Tools Plenary", "Out-Performing NumPy is Hard",
        "Can there be too much parallelism?", "Disciplined Saddle Programming",
        "F.",  # the untitled talk keeps its letter as its title
        "DuckDB", "GraphBLAS", "PyVista", "Dask", "PyData Sphinx theme",
        "Automating the Calibration", "Oscilloscopes", "What Do SCientists Draw", "xarray",
        "A. Keynote", "Tools Plenary", "Subpoenas Less Scary", "jupyter-scatter",
        "sustainable aviation fuel", "Zarr", "MetPy", "it doesn't work on my machine",
        "pyscript", "numFOCUS academic consortium", "Obfuscatinng Python Code",
        "Government Policy", "Coiled", "scikit-learn pandas out",
        "tools - numpy", "tools - Ibis", "new CUDA toolkits on conda", "Array API stuff",
        "main maintainer steps down", "DataJoint", "from espaloma to SAKE",
    ],
    # The keynote's five talks are numbered "Talk N:", so they are the talks, and the
    # "Keynote" and workshop headings group them like days; the workshop's only
    # sub-heading, "Introduction", is its talk.
    "07-kubecon-eu-2019-day2.md": [
        "Stitching things together", "2.66 Million", "CNCF Project Update", "Vijay Pandey",
        "Getting Started in the Kubernetes Community", "Introduction",
    ],
    "08-kubecon-na-2024-recap-iframes-footnotes.md": [
        "Bring the Joy Back to Deployments!",
        "Reimagining OSS Licensing and Commercialization with Fair Source",
    ],
    "09-defcon29-nested-quotes-tabs.md": [
        "Medical Device Panel", "OSQuery (BTV)", "Detection Challenges in Cloud Connected",
        "AI Village Keynote", "What we thought would happen in 2021",
        "Attacking Modern Environments", "KubeGOAT", "Trailblazing AI for Cyber", "Kubestriker",
        "Kubernetes Security 101", "Scaling appsec through education",
        "z/OS Container Breakout", "What ML can do for security", "How do you do ALL THE CLOUDS",
        "Modern Auth for security admins", "DevSecOps", "Identifying toxic combinations",
        "I know who has access to my cloud", "GCP GOAT", "Cloud Security Orienteering",
    ],
    "10-powershell-summit-2017-h4-talks.md": [
        "Introducing the Powershell Github Repository", "Unit Testing and Pester A to Z",
        "State of the Community", "AMA with Jeff Snover", "State of the Shell",
        "Powershell Team Lightning Demos", "TDD, Chef, and Pester", "DSC Security",
        "Powershell Saturday", "Manage Azure Web Apps", "PKI - Not the snoozefest",
        "How Azure Automation Solves", "Debugging Powershell and Defensive Scripting",
        "What makes a good shared Powershell Module", "Community Lightning Demos",
        "Powershell in the Real World (Panel)",
    ],
    # Talks are named in prose, not headings: each day's notes are one talk page named
    # after the day, so every word is kept and the days stay in order.
    "11-europython-2017-part2-prose.md": [
        "Day three, Wednesday", "Day four, Thursday", "Day five, Friday",
    ],
    # The sections "Eric Matthes氏との再会" and "APACメンバーでの夕食とPyParty" sit at the
    # talk level, so they are talk pages too.
    "12-pycon-us-2023-day1-ja-myst.md": [
        "オープニング", "Keynote: Ned Batchelder", "Making CPython 3.11 Fast", "オープンスペース",
        "Eric Matthes氏との再会", "ライトニングトーク", "APACメンバーでの夕食とPyParty",
    ],
    "13-pycon-kr-2023-ko.md": [
        "우리 파이썬의 꼬꼬마 시절", "러스트 파이썬", "짠내나는 데이터 다루기", "래블업 언어 모델 프롬프팅",
        "리스트와 딕셔너리 학습을 위한 패키지 개발 여정", "MLOps: Model Serving Architecture with BentoML",
        "Python으로 전자음악 작곡하기", "열린점심", "Pynecone 프레임워크로 웹 기반 운영도구 개발하기",
        "Python DDD", "FastAPI Deep-dive", "Python2 개발자의 Python3 개발 도전기",
        "MLOps, LLM 개발에 필요한 실전 파이썬 디자인 패턴", "라이트닝톡",
        "END",  # the closing photo sits at the talk level, so it is a page too
    ],
    # The duplicate heading stays a talk of its own, with its own slug.
    "14-testbash-sf-2018-es.md": [
        "Influence Authority", "Going Undercover in the Mob", "How to defuse a bomb",
        "Tester at the table", "Climbing to the top of the mobile testing pyramid",
        "Extra! Extra! Automation Declared Software!", "Create a culture of quality assurance",
        "How to test serverless cloud apps", "Power of models", "Stories from testing voice first",
        "Going undercover in the Mob", "AI means centralized testing is inevitable",
        "Techniques for generating and managing test data", "How I learned to stop worrying",
        "Quality Assurance in an AB/Test driven company", "Testing the front-end, back-end",
        "Getting under the skin of a react application", "Manual regression Testing Manifesto",
    ],
    # Day 1 is prose with one talk heading (its prose is the day's intro); Day 2 has no
    # talk heading, so its notes are one talk named after the day.
    "15-pycon-jp-2019-zh-tw.md": ["Peer Reviewed Lightning Talk", "PyCon JP - Day 2"],
    # The programme is one list, not headings: the file's `##` sections are its talks.
    "16-pycon-china-2019-nanning-crlf-zh.md": ["成功举行", "感叹", "倡议"],
    # One talk; the closing to-do list, a second `#` section, is kept as a page after it.
    "17-other-c-in-css-single-talk.md": ["The Other C in CSS by Sara Soueidan", "Look into further"],
    # Talks are links in prose: the `##` sections are the pages.
    "18-djangocon-eu-2025-iframes.md": ["The talks", "The pictures", "The birthday"],
}  # fmt: skip


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_corpus_talk_titles_come_in_order(name):
    path = notes_file(name)
    imported = titles(read_notes(path.read_bytes(), path.name))
    expected = TALK_TITLES[name]
    assert len(imported) == len(expected)
    for title, part in zip(imported, expected, strict=True):
        assert part in title
