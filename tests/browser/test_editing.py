"""An editor writes a talk with every block type, a moderator approves it, a reader reads it.

Wagtail's StreamField editor is JavaScript; these helpers drive it the way a person does:
the "+" inserter, the block menu, Draftail's rich text, Handsontable's grid and the image
chooser modal.
"""

import datetime
import re
from io import StringIO

import pytest
import responses
from django.core.management import call_command
from playwright.sync_api import Page, expect
from wagtail.models import Site

from talks.models import TalkPage
from tests.browser.admin_ui import add_block, log_in
from tests.factories import (
    ConferencePageFactory,
    DayPageFactory,
    SpeakerFactory,
    make_image,
    make_user,
)

VIDEO_URL = "https://www.youtube.com/watch?v=notes-e2e"
OEMBED = {
    "type": "video",
    "version": "1.0",
    "title": "Recording of the talk",
    "provider_name": "YouTube",
    "html": '<iframe title="Recording of the talk" src="https://www.youtube.com/embed/e2e"></iframe>',
    "width": 480,
    "height": 270,
}


@pytest.fixture
def newsroom(transactional_db):
    home = Site.objects.get(is_default_site=True).root_page
    conference = ConferencePageFactory(parent=home, title="Browser Conf", slug="browser-conf")
    day = DayPageFactory(
        parent=conference, title="Day one", slug="day-one", date=datetime.date(2026, 6, 4)
    )
    return {
        "day": day,
        "speaker": SpeakerFactory(name="Ada Lovelace", slug="ada"),
        "image": make_image(title="Stage photo", filename="stage.png"),
        "editor": make_user("eddie", group="Editors"),
        "moderator": make_user("mona", group="Moderators"),
    }


@pytest.fixture
def oembed_provider():
    # The only outside edge: YouTube's oEmbed endpoint, which the saved embed block asks.
    with responses.RequestsMock(assert_all_requests_are_fired=False) as provider:
        provider.add(responses.GET, re.compile(r"https://www\.youtube\.com/oembed.*"), json=OEMBED)
        yield provider


def log_out(page: Page) -> None:
    page.context.clear_cookies()


def type_rich_text(page: Page, text: str) -> None:
    """Type into the last Draftail editor, the one of the block just inserted."""
    page.locator(".public-DraftEditor-content").last.click()
    page.keyboard.type(text)


def fill_table(page: Page, rows: list[list[str]]) -> None:
    """Type into the cells of the last Handsontable grid, cell by cell."""
    grid = page.locator(".ht_master .htCore").last
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            grid.locator("tbody tr").nth(r).locator("td").nth(c).dblclick()
            page.keyboard.type(value)
            page.keyboard.press("Enter")


def choose_in_modal(page: Page, link_name: str) -> None:
    modal = page.locator(".modal-dialog")
    expect(modal).to_be_visible()
    modal.get_by_role("link", name=link_name).first.click()
    expect(modal).to_be_hidden()


def write_talk(page: Page) -> None:
    """On the new talk form: every field and one block of each type."""
    page.get_by_placeholder("Page title*").fill("Typed in the browser")
    page.locator("#id_summary").fill("Written end to end in Chromium.")
    # The tag box is found by the name a screen reader announces.
    tags = page.get_by_role("textbox", name="Add tags")
    tags.fill("deployment")
    tags.press("Enter")

    page.get_by_role("button", name="Add Speakers").click()
    page.get_by_role("button", name="Choose speaker").click()
    choose_in_modal(page, "Ada Lovelace")

    block = add_block(page, "Heading")
    page.locator(f"#{block}-value-text").fill("What we learned")

    add_block(page, "Paragraph")
    type_rich_text(page, "Ship small changes every day.")

    block = add_block(page, "Quote")
    type_rich_text(page, "Make it work, then make it fast.")
    page.locator(f"#{block}-value-attribution").fill("Ada Lovelace")

    block = add_block(page, "Code")
    page.locator(f"#{block}-value-language").fill("python")
    page.locator(f"#{block}-value-code").fill("print('hello, notes')")
    page.locator(f"#{block}-value-caption").fill("hello.py")

    block = add_block(page, "Table")
    page.locator(f"#{block}-value-table-header-choice").select_option("row")
    page.locator(f"#{block}-value-handsontable-col-caption").fill("Release cadence")
    fill_table(page, [["Team", "Deploys"], ["Core", "Daily"]])

    block = add_block(page, "Image")
    page.get_by_role("button", name="Choose an image").last.click()
    choose_in_modal(page, "Stage photo")
    page.locator(f"#{block}-value-image-alt_text").fill("Ada at the lectern beside her slides")
    page.locator(f"#{block}-value-caption").fill("The opening slide")

    block = add_block(page, "Embed")
    page.locator(f"#{block}-value").fill(VIDEO_URL)


def open_more_actions(page: Page) -> None:
    """Open the editor footer's menu of actions beside "Save draft"."""
    page.locator("footer").get_by_role("button", name="More actions").click()


def wait_for_body_editor(page: Page, blocks: int) -> None:
    """Wait until the StreamField's script has built every block's inputs and the table's
    grid: a form sent before then reaches Wagtail without them and fails validation."""
    body = page.locator("#body-root")
    expect(body.locator("input[name='body-count']")).to_have_value(str(blocks))
    expect(body.locator(".ht_master .htCore").last).to_contain_text("Daily")
    expect(body.locator(f"input[name='body-{blocks - 1}-value']")).to_have_value(VIDEO_URL)


def submit_for_moderation(page: Page) -> None:
    open_more_actions(page)
    page.get_by_role("button", name="Submit to Conference notes review").click()
    expect(page.locator(".messages")).to_contain_text("submitted", timeout=15000)


def test_editor_writes_moderator_approves_reader_reads(page, newsroom, oembed_provider, settings):
    # Autosave off: a save still in flight when the editor submits can land after the
    # submission (the live server answers in threads), and the moderator would then open
    # that older revision; the workflow, not autosave's timing, is what this test is for.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    log_in(page, "eddie", "password", then=f"/admin/pages/add/talks/talkpage/{newsroom['day'].pk}/")
    write_talk(page)
    submit_for_moderation(page)
    talk_url = "/browser-conf/day-one/typed-in-the-browser/"
    log_out(page)
    assert page.goto(talk_url).status == 404

    log_in(page, "mona", "password")
    page.get_by_role("link", name="Typed in the browser").first.click()
    wait_for_body_editor(page, blocks=7)
    open_more_actions(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("has been updated")
    log_out(page)

    assert page.goto(talk_url).status == 200
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Typed in the browser")
    expect(main.get_by_role("heading", level=2, name="What we learned")).to_be_visible()
    expect(main).to_contain_text("Ship small changes every day.")
    expect(main.locator("blockquote")).to_contain_text("Make it work, then make it fast.")
    expect(main.locator(".speakers").get_by_role("link", name="Ada Lovelace")).to_be_visible()
    expect(main.get_by_role("link", name="deployment")).to_be_visible()
    expect(main.locator("pre")).to_contain_text("print('hello, notes')")
    table = main.locator("table")
    expect(table.locator("caption")).to_have_text("Release cadence")
    expect(table.get_by_role("columnheader", name="Deploys")).to_be_visible()
    expect(table.get_by_role("cell", name="Daily")).to_be_visible()
    expect(main.get_by_role("img", name="Ada at the lectern beside her slides")).to_be_visible()
    expect(main.locator("figcaption", has_text="The opening slide")).to_be_visible()
    expect(main.locator("iframe[title='Recording of the talk']")).to_have_count(1)


IMPORTED_NOTES = """---
title: Imported Conf
---

## Day 1

### Imported notes

Ship ~~weekly~~ daily.

1. Install it:

   ```console
   $ pip install notes
   ```
2. Render ~~nothing~~ it:

   ```jsx
   const el = <App />;
   ```
"""


def test_an_imported_talk_saved_in_the_editor_keeps_its_lists_languages_and_strikethrough(
    page, transactional_db, django_db_serialized_rollback, tmp_path
):
    notes = tmp_path / "imported.md"
    notes.write_text(IMPORTED_NOTES, encoding="utf-8")
    call_command("import_notes", str(notes), "--publish", stdout=StringIO())
    make_user("mona", group="Moderators")
    talk = TalkPage.objects.get()

    log_in(page, "mona", "password", then=f"/admin/pages/{talk.pk}/edit/")
    languages = page.locator("input[name$='-value-language']")
    expect(languages).to_have_count(2)
    assert languages.evaluate_all("inputs => inputs.map(input => input.value)") == [
        "console",
        "jsx",
    ]
    page.get_by_placeholder("Page title*").fill("Imported notes, edited")
    page.locator("footer").get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("has been updated")

    draft = TalkPage.objects.get().get_latest_revision_as_object()
    assert draft.title == "Imported notes, edited"
    paragraph, the_list = draft.body
    assert "Ship <s>weekly</s> daily." in paragraph.value.source
    assert the_list.block_type == "list" and the_list.value["ordered"]
    items = [
        [(child.block_type, child.value) for child in item] for item in the_list.value["items"]
    ]
    assert [[kind for kind, _ in item] for item in items] == [["paragraph", "code"]] * 2
    assert [item[1][1]["language"] for item in items] == ["console", "jsx"]
    assert "Render <s>nothing</s> it:" in items[1][0][1].source
