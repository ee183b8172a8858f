"""A speaker reads a talk's draft through a review link: signed, expiring, revocable."""

import datetime
import uuid

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from freezegun import freeze_time

from talks.models import ReviewLink
from tests.factories import TalkPageFactory, make_user


@pytest.fixture
def drafted_talk(talk):
    """A live talk whose latest revision (a draft) says something the live page doesn't."""
    talk.summary = "The live summary."
    talk.save_revision().publish()
    talk.summary = "A draft quote the speaker should check."
    talk.save_revision()
    return talk


def share(client, talk, days: int = 7):
    return client.post(
        reverse("talks_review_links", args=[talk.pk]), {"days": days, "note": "Ada"}, follow=True
    )


def test_editor_shares_a_draft_and_anyone_with_the_link_reads_it(client, editor, drafted_talk):
    client.force_login(editor)
    response = share(client, drafted_talk)
    link = ReviewLink.objects.get(talk=drafted_talk)
    assert link.created_by == editor and link.note == "Ada"
    assert link.expires_at - link.created_at == datetime.timedelta(days=7)
    assert f"http://testserver{link.get_absolute_url()}" in response.content.decode()

    client.logout()
    response = client.get(link.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "A draft quote the speaker should check." in html
    assert "The live summary." not in html
    assert "A draft shared for review" in html
    # Only the holder: never cached, indexed or leaked through the Referer.
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    # The live page is untouched.
    assert "The live summary." in client.get(drafted_talk.url).content.decode()


def test_a_never_published_talk_can_be_shared(client, editor, day):
    draft = TalkPageFactory(parent=day, title="Not out yet", live=False, summary="Unpublished.")
    link = ReviewLink.create_for(draft, editor)
    assert client.get(draft.url or "/harbour-test/day-1/not-out-yet/").status_code == 404
    assert "Unpublished." in client.get(link.get_absolute_url()).content.decode()


def test_revoked_link_is_a_404(client, editor, drafted_talk):
    link = ReviewLink.create_for(drafted_talk, editor)
    client.force_login(editor)
    response = client.post(reverse("talks_revoke_review_link", args=[link.pk]), follow=True)
    assert "Review link revoked" in response.content.decode()
    client.logout()
    assert client.get(link.get_absolute_url()).status_code == 404


def test_expired_link_is_a_404(client, editor, drafted_talk):
    with freeze_time("2026-06-01 12:00"):
        link = ReviewLink.create_for(drafted_talk, editor, days=7)
    with freeze_time("2026-06-08 11:59"):
        assert client.get(link.get_absolute_url()).status_code == 200
    with freeze_time("2026-06-08 12:00"):
        assert client.get(link.get_absolute_url()).status_code == 404


def test_forged_or_altered_tokens_are_a_404(client, editor, drafted_talk):
    link = ReviewLink.create_for(drafted_talk, editor)
    key, signature = link.token.split(":")
    tampered_signature = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    for token in (str(link.key), f"{key}:{tampered_signature}", f"{uuid.uuid4()}:{signature}", "x"):
        assert client.get(reverse("review_draft", args=[token])).status_code == 404


def test_a_link_shows_its_own_talk_only(client, editor, drafted_talk, day):
    other = TalkPageFactory(parent=day, title="Another draft", live=False)
    link = ReviewLink.create_for(drafted_talk, editor)
    html = client.get(link.get_absolute_url()).content.decode()
    assert "Another draft" not in html
    assert client.get(f"{link.get_absolute_url()}{other.slug}/").status_code == 404


def test_the_talk_editor_says_whether_a_link_is_active(client, editor, drafted_talk):
    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[drafted_talk.pk])
    assert "No review link is active" in client.get(edit_url).content.decode()
    link = ReviewLink.create_for(drafted_talk, editor, days=3)
    html = client.get(edit_url).content.decode()
    assert "A review link is active until" in html
    assert reverse("talks_review_links", args=[drafted_talk.pk]) in html
    link.revoke()
    assert "No review link is active" in client.get(edit_url).content.decode()


def test_only_people_who_can_edit_the_talk_share_or_revoke(client, drafted_talk, editor):
    link = ReviewLink.create_for(drafted_talk, editor)
    reader = make_user("reader")
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(reader)  # signs in to the admin, may edit no page
    url = reverse("talks_review_links", args=[drafted_talk.pk])
    # Wagtail's admin answers a refused permission with a redirect to the dashboard.
    for response in (
        client.get(url),
        client.post(url, {"days": 7}),
        client.post(reverse("talks_revoke_review_link", args=[link.pk])),
    ):
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    link.refresh_from_db()
    assert link.is_active
    assert ReviewLink.objects.count() == 1
