"""The editor's preview uses the real templates; the dashboard lists talks needing work."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.editing import edit_form
from tests.factories import DayPageFactory, SpeakerFactory, TalkPageFactory


def preview(client, page, **changes) -> str:
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    response = client.post(url, edit_form(client, page, **changes))
    assert response.json()["is_valid"], response.json()
    return client.get(url).content.decode()


def test_talk_preview_renders_unsaved_changes_with_the_talk_template(client, editor, talk):
    client.force_login(editor)
    html = preview(client, talk, title="Previewed title", summary="Previewed summary")
    assert "<h1>Previewed title</h1>" in html
    assert '<p class="lede">Previewed summary</p>' in html
    assert '<article class="talk">' in html
    talk.refresh_from_db()
    assert talk.title == "A talk"  # previewing saves nothing


def test_conference_preview_renders_its_days_and_talks(client, editor, conference, talk):
    client.force_login(editor)
    html = preview(client, conference, title="Previewed Conf")
    assert "<h1>Previewed Conf</h1>" in html
    assert "Day 1" in html and talk.title in html


def test_dashboard_lists_latest_and_incomplete_talks_linking_to_the_editor(
    client, editor, conference
):
    dated = DayPageFactory(parent=conference, title="Thursday", date=datetime.date(2026, 6, 4))
    undated = DayPageFactory(parent=conference, title="Someday")
    complete = TalkPageFactory(parent=dated, title="Complete talk", speakers=[SpeakerFactory()])
    no_speaker = TalkPageFactory(parent=dated, title="Talk without speaker")
    no_date = TalkPageFactory(
        parent=undated, title="Talk on an undated day", speakers=[SpeakerFactory()]
    )
    no_summary = TalkPageFactory(
        parent=dated, title="Talk without summary", summary="", speakers=[SpeakerFactory()]
    )
    for talk in (complete, no_speaker, no_date, no_summary):
        talk.save_revision()

    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    latest = html[html.index("Latest edited talks") : html.index("Talks missing a speaker")]
    incomplete = html[html.index("Talks missing a speaker") :]
    assert latest.index("Talk without summary") < latest.index("Complete talk")
    for talk in (complete, no_speaker):
        assert f'href="{reverse("wagtailadmin_pages:edit", args=[talk.pk])}"' in latest
    assert "Complete talk" not in incomplete
    assert "Talk without speaker</a>" in incomplete
    row = lambda title: incomplete[incomplete.index(title) :].split("</tr>")[0]  # noqa: E731
    assert row("Talk without speaker").rstrip().endswith("<td>speaker</td>")
    assert row("Talk on an undated day").rstrip().endswith("<td>date</td>")
    assert row("Talk without summary").rstrip().endswith("<td>summary</td>")


def test_dashboard_queries_do_not_grow_with_talks(client, editor, conference):
    day = DayPageFactory(parent=conference)
    client.force_login(editor)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/").status_code == 200
        return len(queries)

    TalkPageFactory(parent=day, summary="")
    client.get("/admin/")
    one = count()
    for _ in range(20):
        TalkPageFactory(parent=day, summary="").save_revision()
    assert count() == one


def test_the_admin_shows_avatars_without_asking_gravatar(client, editor, talk):
    """Editors' e-mail hashes stay on the site, and the admin works offline."""
    client.force_login(editor)
    for url in (reverse("wagtailadmin_home"), reverse("wagtailadmin_pages:edit", args=[talk.pk])):
        html = client.get(url).content.decode()
        assert "avatar" in html and "gravatar" not in html.lower(), url
