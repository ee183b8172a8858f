"""The admin import (upload → preview → confirm) and export, behind role and page permissions."""

from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
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


def test_upload_shows_the_tree_counts_and_warnings_then_confirm_imports(client, editor, one_day):
    client.force_login(editor)
    count = Page.objects.count()
    preview = upload(client, one_day)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Conference “DjangoCon US 2022” (new)" in html
    assert "Day “Day 3” (new" in html
    assert "3 code" in html and "7 paragraph" in html
    assert "repaired mis-decoded text" in html
    assert Page.objects.count() == count  # the preview writes nothing

    form = preview.context["form"]
    confirmed = client.post(
        reverse("talks_import_notes"),
        {"content": form.initial["content"], "filename": form.initial["filename"], "confirm": "on"},
    )
    conference = ConferencePage.objects.get()
    assert confirmed.status_code == 302
    assert TalkPage.objects.descendant_of(conference).count() == 4
    assert not TalkPage.objects.live().exists()


def test_errors_are_shown_on_the_form(client, editor, tmp_path):
    client.force_login(editor)
    broken = tmp_path / "broken.md"
    broken.write_text("---\ntitle: Conf\n---\n\n## Day 1\n\n### Talk\n\n```\ncode\n")
    response = upload(client, broken)
    assert "broken.md, line 9: this code block is never closed" in response.content.decode()
    assert not ConferencePage.objects.exists()


def test_editors_import_drafts_but_may_not_publish(client, editor, one_day):
    client.force_login(editor)
    response = upload(client, one_day, publish="on")
    assert "permission to publish" in response.content.decode()
    assert not ConferencePage.objects.exists()


def test_moderators_may_import_and_publish(client, moderator, one_day):
    client.force_login(moderator)
    preview = upload(client, one_day, publish="on")
    form = preview.context["form"]
    client.post(
        reverse("talks_import_notes"),
        {
            "content": form.initial["content"],
            "filename": form.initial["filename"],
            "publish": "on",
            "confirm": "on",
        },
    )
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
