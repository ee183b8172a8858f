"""Anonymous readers only ever see published talks; scheduled talks appear on time."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from tests.editing import submit_edit
from tests.factories import SpeakerFactory, TalkPageFactory


@pytest.fixture
def speaker(db):
    return SpeakerFactory(name="Ada Lovelace", slug="ada")


@pytest.fixture
def draft_talk(day, speaker):
    talk = TalkPageFactory(
        parent=day, title="Secret draft talk", summary="Unreleased", speakers=[speaker]
    )
    talk.unpublish()
    return talk


def public_views(client, conference, day, speaker) -> dict[str, str]:
    return {
        "conference": client.get(conference.url).content.decode(),
        "day": client.get(day.url).content.decode(),
        "search": client.get("/search/", {"q": "Secret"}).content.decode(),
        "speaker": client.get(speaker.get_absolute_url()).content.decode(),
    }


def test_anonymous_never_sees_a_draft_talk(client, conference, day, speaker, draft_talk):
    assert client.get("/harbour-test/day-1/secret-draft-talk/").status_code == 404
    for view, html in public_views(client, conference, day, speaker).items():
        assert "Secret draft talk" not in html, view
    for url in (
        reverse("wagtailadmin_pages:preview_on_edit", args=[draft_talk.pk]),
        reverse("wagtailadmin_pages:view_draft", args=[draft_talk.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_unpublished_changes_stay_private_until_published(client, superuser, talk):
    client.force_login(superuser)
    submit_edit(client, talk, title="A talk", summary="Draft summary, not yet reviewed")
    client.logout()
    html = client.get(talk.url).content.decode()
    assert "What the talk was about." in html
    assert "Draft summary" not in html


def test_talk_with_a_future_go_live_date_appears_only_after_publish_scheduled(
    client, moderator, draft_talk
):
    start = timezone.now().replace(second=0, microsecond=0)
    go_live = start + datetime.timedelta(hours=1)
    with freeze_time(start):
        client.force_login(moderator)
        response = submit_edit(
            client,
            draft_talk,
            action="publish",
            go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M"),
        )
        assert response.status_code == 302
        client.logout()
        draft_talk.refresh_from_db()
        assert not draft_talk.live
        assert draft_talk.latest_revision.approved_go_live_at == go_live

    url = "/harbour-test/day-1/secret-draft-talk/"
    with freeze_time(start + datetime.timedelta(minutes=30)):
        call_command("publish_scheduled")
        assert client.get(url).status_code == 404
    with freeze_time(go_live + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled")
        assert "Secret draft talk" in client.get(url).content.decode()
