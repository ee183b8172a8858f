"""Importing the two real notes files creates the tree and blocks they describe."""

import datetime

from talks.models import ConferencePage, DayPage, TalkPage

from .conftest import import_file


def blocks_of(talk: TalkPage) -> list[tuple[str, object]]:
    return [(child.block_type, child.value) for child in talk.body]


def test_three_day_file_creates_the_conference_days_and_talks(home, three_days):
    import_file(three_days, "--publish")
    conference = ConferencePage.objects.get(title="DjangoCon US 2023")
    assert conference.live and conference.show_table_of_contents
    assert conference.first_published_at.date() == datetime.date(2023, 10, 26)
    assert conference.start_date is None  # the notes' date is not the conference's
    days = DayPage.objects.child_of(conference).order_by("path")
    assert [day.title for day in days] == ["Day 1", "Day 2", "Day 3"]
    assert all(day.date is None for day in days)
    assert TalkPage.objects.descendant_of(conference).count() == 29


def test_quotes_have_their_attributions_split_off(home, three_days):
    import_file(three_days)
    welcome = TalkPage.objects.get(title="Orientation and Welcome")
    [(kind, value)] = blocks_of(welcome)
    assert kind == "quote"
    assert value["attribution"] == "@lacey"
    assert value["attribution_url"] == "https://hachyderm.io/@lacey"
    assert "--" not in value["text"].source

    panel = TalkPage.objects.get(title__startswith="Panel Discussion")
    quotes = [value for kind, value in blocks_of(panel) if kind == "quote"]
    assert [quote["attribution"] for quote in quotes] == [
        "Julia", "Elizabeth", "Charles", "Charles", "Andrew", "Andrew", "Jay", "Charles", "Elizabeth",
    ]  # fmt: skip
    jay, charles = quotes[6], quotes[7]
    assert "ready to take that step" in jay["text"].source
    assert "ready to have children" in charles["text"].source
    assert "ready to have children" not in jay["text"].source

    hype = TalkPage.objects.get(title__contains="A.I.")
    assert [(kind, value["attribution"]) for kind, value in blocks_of(hype)] == [
        ("quote", ""),
        ("quote", ""),
    ]
    pghistory = TalkPage.objects.get(title__startswith="Using database triggers")
    quote_text = blocks_of(pghistory)[0][1]["text"].source
    assert '<a href="https://github.com/Opus10/django-pghistory">' in quote_text
    assert quote_text.count("<li>") == 3


def item_blocks(item) -> list[tuple[str, object]]:
    return [(child.block_type, child.value) for child in item]


def test_fenced_code_becomes_code_blocks_in_document_order(home, three_days):
    import_file(three_days)
    pghistory = TalkPage.objects.get(title__startswith="Using database triggers")
    assert [kind for kind, _ in blocks_of(pghistory)] == ["quote", "code"]
    assert "@pghistory.track()" in blocks_of(pghistory)[1][1]["code"]


def test_code_inside_a_list_item_stays_in_that_item_and_the_list_goes_on(home, three_days):
    import_file(three_days)
    managers = TalkPage.objects.get(title__startswith="Custom Model Managers")
    [(kind, the_list)] = blocks_of(managers)  # one list, not a list split around the code
    assert kind == "list" and not the_list["ordered"]
    items = list(the_list["items"])
    assert len(items) == 4  # What, How, Why, Common patterns
    define = item_blocks(items[1])
    assert [kind for kind, _ in define] == ["paragraph", "code", "paragraph"]
    assert define[0][1].source == "<p>How do you define Managers?</p>"
    code = define[1][1]
    assert code["code"].splitlines()[0] == "objects = CustomManager() # basic usage"
    assert code["language"] == ""  # the fence names none
    # The nested list after the code is still the item's: "Manager or QuerySet?" in it.
    assert define[2][1].source.startswith("<ul><li>Manager or QuerySet?<ul><li>QuerySets")
    assert item_blocks(items[2])[0][1].source.startswith("<p>Why use custom Managers?</p>")


def test_table_inside_a_list_item_becomes_a_table_block_in_that_item(home, three_days):
    import_file(three_days)
    keynote = TalkPage.objects.get(title__startswith="Keynote: Testing Modern Web Apps")
    [(kind, the_list)] = blocks_of(keynote)
    assert kind == "list"
    items = [item_blocks(item) for item in the_list["items"]]
    assert len(items) == 7
    comparison = items[5]
    assert [kind for kind, _ in comparison] == ["paragraph", "table"]
    assert comparison[0][1].source == "<p>Web test automation tool comparison</p>"
    value = comparison[1][1]
    assert value["first_row_is_table_header"] is True
    assert value["data"][0] == ["Selenium", "Cypress", "Playwright"]
    assert len(value["data"]) == 1 + 7
    assert value["data"][-1] == [
        "Open source, standards, & gov", "Open source from Cypress", "Open source from Microsoft",
    ]  # fmt: skip
    assert value["table_caption"] == keynote.title
    assert items[6][0][1].source.startswith("<p>TLDR</p><ol>")  # the item after the table


def test_one_day_file_joins_its_conference_with_talk_urls(home, one_day):
    _out, err = import_file(one_day)
    conference = ConferencePage.objects.get()
    assert conference.title == "DjangoCon US 2022"
    [day] = DayPage.objects.child_of(conference)
    assert day.title == "Day 3"
    assert "🦀" in day.intro and "ð" not in day.intro  # the description, repaired
    assert "line 4: repaired mis-decoded text" in err
    talks = list(TalkPage.objects.child_of(day).order_by("path"))
    assert len(talks) == 4
    assert all(talk.talk_url.startswith("https://2022.djangocon.us/talks/") for talk in talks)
    assert talks[0].title == "Async Django: The practical guide you've been awaiting for."

    # Code sits in the list item it was written under; the list is one list.
    [(kind, the_list)] = blocks_of(talks[0])
    assert kind == "list"
    items = [item_blocks(item) for item in the_list["items"]]
    assert [[kind for kind, _ in item] for item in items] == [
        ["paragraph"], ["paragraph", "code"], ["paragraph"], ["paragraph", "code"], ["paragraph"],
    ]  # fmt: skip
    assert "import asyncio" in items[1][0][1].source
    assert items[1][1][1]["code"].startswith("import asyncio\nasync def foo():\n  ...")
    assert "Can you use this" in items[2][0][1].source
    assert "Aggregate Views" in items[3][0][1].source
    assert items[3][1][1]["code"].startswith("import httpx")
    assert "Chat App" in items[4][0][1].source


def test_a_second_day_file_joins_the_existing_conference(home, one_day, tmp_path):
    import_file(one_day)
    other_day = tmp_path / "day4.md"
    other_day.write_text("---\ntitle: 'DjangoCon US 2022: Day 4'\n---\n\n## Sprints\n\n- fun\n")
    import_file(other_day)
    conference = ConferencePage.objects.get()
    assert [d.title for d in DayPage.objects.child_of(conference)] == ["Day 3", "Day 4"]


def test_emoji_titles_keep_their_text_and_get_clean_slugs(home, three_days):
    import_file(three_days)
    talk = TalkPage.objects.get(title__contains="Modern editing experience")
    assert talk.title == "✨ Modern editing experience for your Django models with Wagtail 🐦"
    assert talk.slug == "modern-editing-experience-for-your-django-models-with-wagtail"
