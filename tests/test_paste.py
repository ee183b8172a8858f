"""Markdown in the talk editor: pasted notes become the importer's blocks; notes copy out."""

import pytest
from django.urls import reverse

from talks.block_values import list_content
from talks.models import TalkPage
from talks.notes.pages import import_document
from talks.notes.reader import read_notes
from talks.paste import as_talk_body
from tests.factories import TalkPageFactory

# In the notes-file dialect: a talk's h2 is `####`.
NOTES = """Opening paragraph with **bold**, `code` and [a link](https://example.com/).

#### What we learned

- Small changes
  - reviewed the same day
- Feature ~~branches~~ flags

  ```sh
  flags enable checkout
  ```

> If deploying is scary, deploy more often. -- [Mira Okafor](https://mira.example/)

```python title="check.py"
assert len(queries) <= 5
```

| Relation | Use |
| --- | --- |
| ForeignKey | select_related |

Table: When to use each

##### A detail

<https://www.youtube.com/watch?v=paste>
"""


def blocks_of(talk: TalkPage) -> list[tuple[str, object]]:
    body = TalkPage.objects.get(pk=talk.pk).get_latest_revision_as_object().body
    return [(block["type"], block["value"]) for block in body.raw_data]


def paste(client, talk, markdown: str, mode: str = "append"):
    return client.post(
        reverse("talks_markdown", args=[talk.pk]), {"markdown": markdown, "mode": mode}
    )


@pytest.fixture
def empty_talk(day):
    return TalkPageFactory(parent=day, title="Shipping every day", body=[])


def test_paste_gives_the_same_blocks_as_importing_the_same_text(client, moderator, empty_talk):
    notes_file = f"---\ntitle: Import Conf\n---\n\n## Day 1\n\n### Shipping every day\n\n{NOTES}"
    plan = import_document(read_notes(notes_file.encode(), "notes.md"), publish=False)
    imported = TalkPage.objects.descendant_of(plan.page).get()

    client.force_login(moderator)
    assert paste(client, empty_talk, NOTES).status_code == 302
    pasted = blocks_of(empty_talk)
    assert [kind for kind, _ in pasted] == [
        "paragraph", "heading", "list", "quote", "code", "table", "heading", "embed",
    ]  # fmt: skip
    flags_item = list_content(pasted[2][1])["items"][1]
    assert flags_item[0]["value"] == "<p>Feature <s>branches</s> flags</p>"
    assert flags_item[1]["value"]["language"] == "sh"  # the code stays in its item
    assert pasted == blocks_of(imported)


def test_section_headings_written_as_h2_are_the_talks_h2(client, moderator, empty_talk):
    assert as_talk_body("## Section\n\n```\n## not a heading\n```\n\n### Sub") == (
        "#### Section\n\n```\n## not a heading\n```\n\n##### Sub"
    )
    assert as_talk_body("Section\n-------\n\ntext") == "#### Section\n\n\ntext"
    client.force_login(moderator)
    paste(client, empty_talk, "## Section\n\ntext\n\n### Sub")
    headings = [value for kind, value in blocks_of(empty_talk) if kind == "heading"]
    assert headings == [{"level": "h2", "text": "Section"}, {"level": "h3", "text": "Sub"}]


def test_paste_appends_or_replaces_as_a_new_draft_and_reports_warnings(
    client, moderator, empty_talk
):
    empty_talk.body = [{"type": "paragraph", "value": "<p>Live notes.</p>"}]
    empty_talk.save_revision().publish()
    client.force_login(moderator)

    response = paste(client, empty_talk, "Added.\n\n![Stage](https://x.example/stage.png)")
    assert response.url == reverse("wagtailadmin_pages:edit", args=[empty_talk.pk])
    live, added = blocks_of(empty_talk)
    assert live == ("paragraph", "<p>Live notes.</p>")
    assert added == (
        "paragraph",
        '<p>Added.</p><p><a href="https://x.example/stage.png">Stage</a></p>',
    )
    empty_talk.refresh_from_db()
    assert empty_talk.has_unpublished_changes  # a draft: the live page is unchanged
    assert "Live notes." in client.get(empty_talk.url).content.decode()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Added 1 paragraph from your Markdown" in m for m in messages)
    assert any("line 3: image" in m and "kept as a link" in m for m in messages)

    paste(client, empty_talk, "Only this.", mode="replace")
    assert blocks_of(empty_talk) == [("paragraph", "<p>Only this.</p>")]


@pytest.mark.parametrize(
    ("markdown", "error"),
    [
        ("   \n", "Paste or type some Markdown first."),
        ("Intro\n\n```python\nprint(1)\n", "line 3:"),
        ("Intro\n\n<http://bad_host/recording>\n", "line 3: talk"),  # the block's own line
    ],
)
def test_unreadable_markdown_is_refused_with_where_and_why(
    client, moderator, empty_talk, markdown, error
):
    client.force_login(moderator)
    response = paste(client, empty_talk, markdown)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert blocks_of(empty_talk) == []
    assert markdown.strip()[:5] in response.content.decode()  # the editor's text is kept


def test_copy_as_markdown_shows_the_drafts_notes_and_pastes_back_the_same(
    client, moderator, empty_talk, day
):
    client.force_login(moderator)
    paste(client, empty_talk, NOTES)
    html = client.get(reverse("talks_markdown", args=[empty_talk.pk])).content.decode()
    assert "Copy as Markdown" in html
    copied = html.split('id="talk-markdown"', 1)[1].split(">", 1)[1].split("</textarea>")[0]
    assert "#### What we learned" in copied and "```python title=&quot;check.py&quot;" in copied
    assert "- Feature ~~branches~~ flags\n\n  ```sh\n  flags enable checkout\n  ```" in copied

    import html as html_module

    other = TalkPageFactory(parent=day, title="Shipping every day", slug="again", body=[])
    paste(client, other, html_module.unescape(copied))
    assert blocks_of(other) == blocks_of(empty_talk)


def test_only_people_who_can_edit_the_talk_paste(client, editor, empty_talk):
    from django.contrib.auth.models import Permission

    from tests.factories import make_user

    reader = make_user("reader")
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(reader)
    response = paste(client, empty_talk, "Sneaky.")
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert blocks_of(empty_talk) == []
