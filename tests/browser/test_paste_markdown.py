"""An editor pastes Markdown into a talk, publishes, and readers see it as blocks."""

import pytest
from playwright.sync_api import Page, expect
from wagtail.models import Site

from tests.browser.admin_ui import log_in
from tests.factories import ConferencePageFactory, DayPageFactory, TalkPageFactory, make_user

SNIPPET = """## What we learned

- Ship small changes
  - reviewed the same day
- Use feature flags

> If deploying is scary, deploy more often. -- Mira Okafor

```python
def deploy():
    return "often"
```

| Team | Deploys |
| --- | --- |
| Core | Daily |

Table: Release cadence
"""


@pytest.fixture
def talk(transactional_db):
    home = Site.objects.get(is_default_site=True).root_page
    conference = ConferencePageFactory(parent=home, title="Paste Conf", slug="paste-conf")
    day = DayPageFactory(parent=conference, title="Day 1", slug="day-1")
    make_user("mona", group="Moderators")
    return TalkPageFactory(parent=day, title="Notes typed live", slug="notes-typed-live", body=[])


def open_markdown_page(page: Page, talk) -> None:
    log_in(page, "mona", "password", then=f"/admin/pages/{talk.pk}/edit/")
    page.get_by_role("link", name="Paste Markdown into the notes, or copy them as Markdown").click()


def markdown_field(page: Page):
    return page.get_by_role("textbox", name="Markdown*", exact=True)  # * for required


def test_pasted_markdown_is_published_as_blocks(page: Page, talk):
    open_markdown_page(page, talk)
    markdown_field(page).fill(SNIPPET)
    page.get_by_label("Add after the notes").check()
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator(".messages")).to_contain_text(
        "Added 1 code, 1 heading, 1 paragraph, 1 quote, 1 table from your Markdown"
    )

    page.locator("footer").get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("has been published")

    page.context.clear_cookies()
    assert page.goto("/paste-conf/day-1/notes-typed-live/").status == 200
    body = page.locator(".talk-body")
    expect(body.get_by_role("heading", level=2, name="What we learned")).to_be_visible()
    expect(body.locator("ul > li > ul > li")).to_have_text("reviewed the same day")
    quote = body.locator(".block-quote")
    expect(quote.locator("blockquote")).to_contain_text("If deploying is scary")
    expect(quote.locator("figcaption")).to_have_text("Mira Okafor")
    expect(body.locator(".block-code pre")).to_contain_text('return "often"')
    table = body.locator("table")
    expect(table.locator("caption")).to_have_text("Release cadence")
    expect(table.get_by_role("columnheader", name="Deploys")).to_be_visible()
    expect(table.get_by_role("cell", name="Daily")).to_be_visible()


def test_tab_indents_in_the_markdown_field_and_escape_then_tab_moves_on(page: Page, talk):
    open_markdown_page(page, talk)
    field = markdown_field(page)
    expect(field).to_have_css(
        "font-family",
        'ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace',
    )
    field.fill("- item\n- nested")
    field.press("End")  # the end of the last line
    field.press("Home")
    field.press("Tab")
    expect(field).to_have_value("- item\n    - nested")
    field.press("Shift+Tab")
    expect(field).to_have_value("- item\n- nested")
    field.press("Escape")
    field.press("Tab")  # hands focus on: no keyboard trap
    expect(field).not_to_be_focused()
    expect(field).to_have_value("- item\n- nested")
