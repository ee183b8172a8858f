"""Speakers in the admin: drafts, revisions, preview, revert, locking and chooser search."""

from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data

from talks.models import Speaker
from tests.factories import SpeakerFactory


def speaker_form(speaker: Speaker, **changes) -> dict:
    fields = {
        "name": speaker.name,
        "slug": speaker.slug,
        "handle": speaker.handle,
        "profile_url": speaker.profile_url,
        "photo": "",
        "bio": speaker.bio,
    }
    return nested_form_data({**fields, **changes})


def url(name: str, *args) -> str:
    return reverse(f"wagtailsnippets_talks_speaker:{name}", args=args)


def test_speaker_edited_twice_has_two_revisions_can_be_previewed_and_reverted(client, superuser):
    client.force_login(superuser)
    speaker = SpeakerFactory(name="Ada Lovelace", slug="ada", bio="First bio.")

    for bio in ("Second bio.", "Third bio."):
        response = client.post(url("edit", speaker.pk), speaker_form(speaker, bio=bio))
        assert response.status_code == 302, response.content.decode()[:2000]

    revisions = list(speaker.revisions.order_by("created_at"))
    assert [r.content["bio"] for r in revisions] == ["Second bio.", "Third bio."]
    speaker.refresh_from_db()
    # Saved as drafts: the public page still shows the published bio.
    assert speaker.bio == "First bio."
    assert speaker.has_unpublished_changes
    assert "First bio." in client.get(speaker.get_absolute_url()).content.decode()

    # Preview renders the public speaker template with the form's unsaved content.
    preview_url = url("preview_on_edit", speaker.pk)
    response = client.post(preview_url, speaker_form(speaker, bio="Previewed bio."))
    assert response.json()["is_valid"]
    preview = client.get(preview_url).content.decode()
    assert "Previewed bio." in preview and "<h1>Ada Lovelace</h1>" in preview

    # A past revision renders too, and reverting to it brings its content into the editor.
    first = revisions[0]
    assert "Second bio." in client.get(url("revisions_view", speaker.pk, first.pk)).content.decode()
    revert_form = client.get(url("revisions_revert", speaker.pk, first.pk)).content.decode()
    assert "Second bio." in revert_form
    response = client.post(
        url("revisions_revert", speaker.pk, first.pk),
        {**speaker_form(speaker, bio="Second bio."), "action-publish": "publish"},
    )
    assert response.status_code == 302
    speaker.refresh_from_db()
    assert speaker.bio == "Second bio." and speaker.live
    assert speaker.revisions.count() == 3
    assert "Second bio." in client.get(speaker.get_absolute_url()).content.decode()


def test_draft_speaker_page_is_not_public_until_published(client, superuser):
    client.force_login(superuser)
    response = client.post(
        url("add"), nested_form_data({"name": "Grace Hopper", "slug": "grace", "bio": "Draft."})
    )
    assert response.status_code == 302
    speaker = Speaker.objects.get(slug="grace")
    assert not speaker.live
    client.logout()
    assert client.get("/speakers/grace/").status_code == 404


def test_locked_speaker_cannot_be_edited_by_someone_else(client, editor, moderator):
    speaker = SpeakerFactory(name="Ada", slug="ada")
    client.force_login(moderator)
    assert client.post(url("lock", speaker.pk)).status_code == 302
    speaker.refresh_from_db()
    assert speaker.locked and speaker.locked_by == moderator

    client.force_login(editor)
    client.post(url("edit", speaker.pk), speaker_form(speaker, bio="Sneaky edit"))
    speaker.refresh_from_db()
    assert speaker.revisions.count() == 0


def test_speaker_chooser_searches_by_name_and_handle(client, editor):
    SpeakerFactory(name="Mira Okafor", handle="@mira")
    SpeakerFactory(name="Tomás Lindqvist", handle="@tlindqvist")
    client.force_login(editor)
    chooser = reverse("wagtailsnippetchoosers_talks_speaker:choose_results")
    by_name = client.get(chooser, {"q": "Mira"}).content.decode()
    assert "Mira Okafor" in by_name and "Tomás" not in by_name
    by_handle = client.get(chooser, {"q": "tlindqvist"}).content.decode()
    assert "Tomás Lindqvist" in by_handle and "Mira" not in by_handle
