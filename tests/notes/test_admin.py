"""The admin import (upload → preview → confirm) and export, behind role and page permissions."""

import os
import time

from django.contrib.auth.models import Group, Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page

from talks.models import ConferencePage, TalkPage

from .conftest import import_file


def assert_refused(response):
    # Wagtail's admin turns PermissionDenied into a redirect home with a message.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


def upload(client, path, **extra):
    with path.open("rb") as handle:
        data = {"file": SimpleUploadedFile(path.name, handle.read()), **extra}
    return client.post(reverse("talks_import_notes"), data)


def confirm(client, preview, **extra):
    """Press "Import these pages" on a preview: only the stored upload's token goes back."""
    form = preview.context["form"]
    data = {"upload": form.initial["upload"], "action": "import", **extra}
    return client.post(reverse("talks_import_notes"), data)


def test_upload_shows_the_tree_counts_and_warnings_then_confirm_imports(client, editor, one_day):
    client.force_login(editor)
    count = Page.objects.count()
    preview = upload(client, one_day)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Conference “DjangoCon US 2022” (new)" in html
    assert "Day “Day 3” (new" in html
    # Blocks inside the lists' items count too: the three code blocks are in two lists.
    assert "blocks: 3 code, 2 list, 13 paragraph" in html
    assert "repaired mis-decoded text" in html
    assert "Code blocks without a language: 3" in html
    assert Page.objects.count() == count  # the preview writes nothing
    assert "base64" not in html and len(html) < 100_000  # the file stays on the server

    confirmed = confirm(client, preview)
    conference = ConferencePage.objects.get()
    assert confirmed.status_code == 302
    assert TalkPage.objects.descendant_of(conference).count() == 4
    assert not TalkPage.objects.live().exists()


def test_a_nine_megabyte_file_goes_through_upload_preview_and_confirm(client, editor, tmp_path):
    talk = (
        "### Talk {n}\n\n" + ("Notes about caching and queues, measured twice. " * 400 + "\n\n") * 3
    )
    text = "---\ntitle: Big Conf\n---\n\n## Day 1\n\n"
    text += "".join(talk.format(n=n) for n in range(1, 171))
    path = tmp_path / "big.md"
    path.write_text(text, encoding="utf-8")
    assert 9 * 2**20 <= path.stat().st_size < 10 * 2**20
    client.force_login(editor)
    preview = upload(client, path)
    assert preview.status_code == 200, preview.content.decode()[:2000]
    assert "talks: 170 new" in preview.content.decode()
    assert confirm(client, preview).status_code == 302
    assert TalkPage.objects.count() == 170


def pending_name(user, preview) -> str:
    return f"private/notes-uploads/{user.pk}/{preview.context['form'].initial['upload']}"


def test_the_upload_waits_in_media_storage_until_confirmed_and_is_never_served(
    client, editor, one_day
):
    client.force_login(editor)
    preview = upload(client, one_day)
    name = pending_name(editor, preview)
    with default_storage.open(name, "rb") as stored:
        assert stored.read() == one_day.read_bytes()
    # Not even by a path that only leads there once normalized.
    for url in (f"/media/{name}", f"/media/original_images/../{name}"):
        assert Client().get(url).status_code == 404, url

    confirm(client, preview)
    assert TalkPage.objects.count() == 4
    assert not default_storage.exists(name)


def test_another_user_cannot_confirm_someone_elses_upload(client, editor, moderator, one_day):
    client.force_login(editor)
    preview = upload(client, one_day)
    token = preview.context["form"].initial["upload"]
    other = Client()
    other.force_login(moderator)
    assert "Choose a notes file" in confirm(other, preview).content.decode()
    # Even with the token in their own session: the file is in the uploader's folder.
    session = other.session
    session["notes_uploads"] = {token: one_day.name}
    session.save()
    assert "Choose a notes file" in confirm(other, preview).content.decode()
    assert not ConferencePage.objects.exists()
    assert default_storage.exists(pending_name(editor, preview))


def test_uploads_never_confirmed_are_deleted_after_a_day(client, editor, one_day):
    client.force_login(editor)
    stale = pending_name(editor, upload(client, one_day))
    a_day_ago = time.time() - 25 * 3600
    os.utime(default_storage.path(stale), (a_day_ago, a_day_ago))
    fresh = pending_name(editor, upload(client, one_day))
    assert not default_storage.exists(stale)
    assert default_storage.exists(fresh)


def test_a_file_over_the_limit_is_refused_before_reading(client, editor, tmp_path):
    path = tmp_path / "huge.md"
    path.write_bytes(b"# Notes\n\n" + b"x" * (10 * 2**20))
    client.force_login(editor)
    response = upload(client, path)
    assert "The file is larger than 10 MB" in response.content.decode()
    assert not ConferencePage.objects.exists()


def test_the_editor_steers_title_talk_level_and_days_then_previews_again(client, editor, tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# Sprints\n\n## Alpha\n\ntext\n\n## Beta\n\ntext\n")
    client.force_login(editor)
    preview = upload(client, path)
    assert "Talk “Alpha”" in preview.content.decode()
    again = client.post(
        reverse("talks_import_notes"),
        {"upload": preview.context["form"].initial["upload"], "title": "PyCon Sprints",
         "talk_level": "1", "days": "no", "action": "preview"},
    )  # fmt: skip
    html = again.content.decode()
    assert "Conference “PyCon Sprints” (new)" in html
    assert "Talk “Sprints”" in html and "Talk “Alpha”" not in html
    confirm(client, again, title="PyCon Sprints", talk_level="1", days="no")
    assert [talk.title for talk in TalkPage.objects.all()] == ["Sprints"]


def test_errors_are_shown_on_the_form(client, editor, tmp_path):
    client.force_login(editor)
    broken = tmp_path / "broken.md"
    broken.write_text("---\ntitle: Conf\n---\n\n## Day 1\n\n### Talk\n\n```\ncode\n")
    response = upload(client, broken)
    assert "broken.md, line 9: this code block is never closed" in response.content.decode()
    assert not ConferencePage.objects.exists()


def test_editors_see_no_publish_option_and_can_submit_for_moderation(client, editor, one_day):
    client.force_login(editor)
    form_page = client.get(reverse("talks_import_notes")).content.decode()
    assert 'name="publish"' not in form_page
    assert 'name="submit_for_moderation"' in form_page
    preview = upload(client, one_day, publish="on")
    assert 'name="publish"' not in preview.content.decode()
    confirm(client, preview, publish="on", submit_for_moderation="on")
    assert not TalkPage.objects.live().exists()  # a publish field they can't see does nothing
    talk = TalkPage.objects.first()
    assert talk.current_workflow_state is not None
    assert talk.current_workflow_state.status == "in_progress"


def test_moderators_may_import_and_publish(client, moderator, one_day):
    client.force_login(moderator)
    preview = upload(client, one_day, publish="on")
    assert 'name="publish"' in preview.content.decode()
    confirm(client, preview, publish="on")
    assert TalkPage.objects.live().count() == 4


def test_page_permission_alone_does_not_allow_importing(client, django_user_model, home):
    """A group that may add pages but lacks the import role sees no import view."""
    user = django_user_model.objects.create_user("adder", password="pw")
    group = Group.objects.create(name="Page adders")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=home, permission=Permission.objects.get(codename="add_page")
    )
    user.groups.add(group)
    client.force_login(user)
    assert_refused(client.get(reverse("talks_import_notes")))


def test_import_needs_add_permission_under_home(client, django_user_model, home, one_day):
    """The import role alone is not enough: the user must also be able to add pages there."""
    user = django_user_model.objects.create_user("importer", password="pw")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="import_notes"),
    )
    client.force_login(user)
    assert_refused(client.get(reverse("talks_import_notes")))
    assert_refused(upload(client, one_day))
    assert not ConferencePage.objects.exists()
    admin_home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Import notes" not in admin_home


def test_export_action_downloads_markdown(admin_client, home, one_day):
    import_file(one_day, "--publish")
    conference = ConferencePage.objects.get()
    explorer = admin_client.get(reverse("wagtailadmin_explore", args=[conference.pk]))
    url = reverse("talks_export_notes", args=[conference.pk])
    assert url in explorer.content.decode()
    response = admin_client.get(url)
    assert response["Content-Type"].startswith("text/markdown")
    assert response.content.decode().startswith("---\ntitle: DjangoCon US 2022\n")


def test_export_needs_edit_permission(client, django_user_model, home, one_day):
    import_file(one_day)
    user = django_user_model.objects.create_user("outsider", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    conference = ConferencePage.objects.get()
    assert_refused(client.get(reverse("talks_export_notes", args=[conference.pk])))
