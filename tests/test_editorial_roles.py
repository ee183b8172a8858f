"""Who can do what in the admin: anonymous readers, Editors, Moderators and superusers."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import WorkflowState

from talks.models import TalkPage
from tests.editing import submit_edit
from tests.factories import SpeakerFactory, make_user

ROLES = ["anonymous", "editor", "moderator", "superuser"]


@pytest.fixture
def as_role(client, request, db):
    def login(role: str):
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return login


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_admin_home_and_talks_listing(as_role, role):
    client = as_role(role)
    for url in ("/admin/", "/admin/talks/talkpage/"):
        response = client.get(url)
        if role == "anonymous":
            assert is_login_redirect(response), url
        else:
            assert response.status_code == 200, url


def test_admin_user_without_a_role_cannot_open_the_talks_listing(client, db):
    user = make_user("visitor")
    user.user_permissions.add(
        *Group.objects.get(name="Editors").permissions.filter(codename="access_admin")
    )
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    response = client.get("/admin/talks/talkpage/")
    assert response.status_code == 302 and "/admin/talks/" not in response["Location"]
    assert "Latest edited talks" not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_page_add_and_edit_views(as_role, role, day, talk):
    client = as_role(role)
    for url in (
        reverse("wagtailadmin_pages:add", args=["talks", "talkpage", day.pk]),
        reverse("wagtailadmin_pages:edit", args=[talk.pk]),
    ):
        response = client.get(url)
        if role == "anonymous":
            assert is_login_redirect(response), url
        else:
            assert response.status_code == 200, url


@pytest.mark.parametrize(
    ("role", "can_publish"), [("editor", False), ("moderator", True), ("superuser", True)]
)
def test_only_moderators_and_superusers_are_offered_publish_and_can_publish(
    as_role, role, can_publish, talk
):
    client = as_role(role)
    editor_html = client.get(reverse("wagtailadmin_pages:edit", args=[talk.pk])).content.decode()
    assert ('name="action-publish"' in editor_html) is can_publish
    if not can_publish:
        assert 'name="action-submit"' in editor_html  # "Submit for moderation" instead

    submit_edit(client, talk, action="publish", title="Renamed by " + role)
    talk.refresh_from_db()
    assert (talk.title == "Renamed by " + role) is can_publish

    unpublish = client.post(reverse("wagtailadmin_pages:unpublish", args=[talk.pk]))
    talk.refresh_from_db()
    assert talk.live is not can_publish, unpublish.status_code


@pytest.mark.parametrize("role", ROLES)
def test_speaker_edit(as_role, role):
    speaker = SpeakerFactory(name="Ada")
    client = as_role(role)
    response = client.get(reverse("wagtailsnippets_talks_speaker:edit", args=[speaker.pk]))
    if role == "anonymous":
        assert is_login_redirect(response)
        return
    assert response.status_code == 200
    offers_publish = 'name="action-publish"' in response.content.decode()
    assert offers_publish is (role != "editor")


@pytest.mark.parametrize(
    ("role", "import_drafts", "import_published"),
    [("editor", True, False), ("moderator", True, True), ("superuser", True, True)],
)
def test_import_permissions_for_the_admin_import_view(
    db, request, role, import_drafts, import_published
):
    user = request.getfixturevalue(role)
    assert user.has_perm("talks.import_notes") is import_drafts
    assert user.has_perm("talks.publish_imported_notes") is import_published


def test_editor_submits_for_moderation_and_a_moderator_approves(client, editor, moderator, talk):
    talk.unpublish()
    client.force_login(editor)
    response = submit_edit(client, talk, action="submit", title="Reviewed talk")
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(talk.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Conference notes review"
    talk.refresh_from_db()
    assert not talk.live
    client.logout()
    assert client.get(talk.url).status_code == 404

    client.force_login(moderator)
    dashboard = client.get("/admin/").content.decode()
    assert "Reviewed talk" in dashboard  # in "Awaiting your review"
    task_state = state.current_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[talk.pk, "approve", task_state.pk]),
        {"comment": "Looks good"},
    )
    assert response.status_code in (200, 302)
    talk.refresh_from_db()
    assert talk.live and talk.title == "Reviewed talk"
    client.logout()
    assert "Reviewed talk" in client.get(talk.url).content.decode()


def test_workflow_covers_every_conference_page(home, conference, day, talk):
    for page in (conference, day, talk):
        workflow = page.get_workflow()
        assert workflow is not None and workflow.name == "Conference notes review", page
    assert (
        TalkPage.objects.get(pk=talk.pk).get_workflow().tasks.get().specific.groups.get().name
        == "Moderators"
    )
